"""The procedure of the law over one claim's integers, written once for both paths.

Dates are day numbers (days since 1970-01-01, Arrow's date32), months are month numbers
(months since 1970-01), and a parameter is a table of its dated values: `starts` (the day
each value begins) and, per field, one entry per value (`_law_tables` builds them from the
policy). Every function takes and returns ints and tuples of ints, so the one-claim path
calls them as they are and the population path runs the very same functions compiled by
numba over columns (`population/_run.py`). Nothing here knows a number of the law: the
tables hold them. Keep it that way: no objects, no strings, no imports.
"""

from __future__ import annotations

from typing import Any

Table = Any
"""A sequence of ints indexed by value number (a tuple here, a numpy array when compiled)."""


def civil(day: int) -> tuple[int, int, int]:
    """Year, month, day of a day number from year -32800 on (C. Neri and L. Schneider's
    Euclidean affine days-to-civil, 2021: multiplications and shifts where the usual
    algorithm divides, as every loop over claims converts dates)."""
    n = int(day) + 12699422  # days since 0000-03-01 shifted by 82 eras of 146097 days
    n1 = 4 * n + 3
    century = n1 // 146097
    n2 = ((n1 - century * 146097) >> 2 << 2) + 3  # the day of the century, times 4, + 3
    p2 = 2939745 * n2
    doy = (p2 & 0xFFFFFFFF) // 11758980  # the day of the year that begins in March
    n3 = 2141 * doy + 197913
    m = n3 >> 16
    d = (n3 & 0xFFFF) // 2141 + 1
    y = 100 * century + (p2 >> 32) - 32800  # 32800: the 82 eras, in years
    if doy >= 306:  # January and February belong to the next calendar year
        return y + 1, m - 12, d
    return y, m, d


def day_number(year: int, month: int, day: int) -> int:
    """The day number of a calendar date from year -32800 on (Neri and Schneider's
    civil-to-days: every term is >= 0, so each division is a shift or a multiplication)."""
    y = int(year) + 32800  # 82 eras of 400 years
    m = int(month)
    if m <= 2:  # the year begins in March: January and February count as months 13 and 14
        y -= 1
        m += 12
    c = y // 100
    return (1461 * y >> 2) - c + (c >> 2) + ((979 * m - 2919) >> 5) + int(day) - 12699423


def month_length(year: int, month: int) -> int:
    """Days in a calendar month."""
    if month == 2:
        leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0
        return 29 if leap else 28
    if month == 4 or month == 6 or month == 9 or month == 11:
        return 30
    return 31


def month_of(day: int) -> int:
    """The month number (months since 1970-01) a day falls in."""
    y, m, _ = civil(day)
    return y * 12 + m - 1 - 1970 * 12


def month_end(month: int) -> int:
    """The last day of a month number."""
    y = (month + 1970 * 12) // 12
    m = (month + 1970 * 12) % 12 + 1
    return day_number(y, m, month_length(y, m))


def add_months(day: int, months: int) -> int:
    """The same day of the month `months` later, or that month's last day where it has none
    (31 Jan + 1 month = 28/29 Feb): always counted from `day`, never chained."""
    y, m, d = civil(day)
    return add_months_to(y, m, d, months)


def add_months_to(y: int, m: int, d: int, months: int) -> int:
    """`add_months` of the date y-m-d (a loop over one start converts it once)."""
    k = y * 12 + m - 1 + months
    y2 = k // 12
    m2 = k % 12 + 1
    last = month_length(y2, m2)
    return day_number(y2, m2, d if d <= last else last)


def next_month(y: int, m: int, first: int) -> tuple[int, int, int]:
    """The calendar month after y-m and its first day, from the first day of y-m: a loop
    over a claim's months steps with this instead of converting a date each month."""
    first += month_length(y, m)
    if m == 12:
        return y + 1, 1, first
    return y, m + 1, first


def day_of(first: int, y: int, m: int, d: int) -> int:
    """Day d of month y-m whose first day is `first`, or its last day where it has none
    (as `add_months_to`)."""
    last = month_length(y, m)
    return first + (d if d <= last else last) - 1


def months_after(start: int, day: int) -> int:
    """The fewest months m for which `add_months(start, m)` is after `day` (0 if `day` is
    before `start`): month m begins after `day`, so months 1 … m begin on or before it."""
    y1, m1, d1 = civil(start)
    y2, m2, _ = civil(day)
    m = (y2 * 12 + m2) - (y1 * 12 + m1)
    if add_months_to(y1, m1, d1, m) <= day:
        m += 1
    return m if m > 0 else 0


def value_at(starts: Table, day: int) -> int:
    """The number of the value in force on `day`: the last whose start is on or before it,
    -1 before the first."""
    lo = 0
    hi = len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= day:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


# -- the claim ------------------------------------------------------------------------------


def start_day(
    starts: Table, from_registration: Table, application: int, registration: int, recorded: bool
) -> int:
    """Benefit runs from the registration date where the law in force on the claim says so
    and one is recorded (SIL-50, IM1), else from the claim (N5, IM7)."""
    v = value_at(starts, application)
    if v >= 0 and from_registration[v] and recorded:
        return registration
    return application


def age_in_years(birth: int, on: int) -> int:
    """Whole years of age on a day (a birthday on 29 February counts on 28 February)."""
    y, m, d = civil(birth)
    years = civil(on)[0] - y
    return years - 1 if add_months_to(y, m, d, 12 * years) > on else years


def age_key(male: bool, cadre: bool) -> int:
    """Which retirement age applies: 0 male, 1 female worker, 2 female cadre."""
    if male:
        return 0
    return 2 if cadre else 1


def retirement_day(
    starts: Table,
    years: Table,
    delayed: Table,
    first_month: Table,
    step: Table,
    most: Table,
    birth: int,
    key: int,
) -> tuple[int, int]:
    """The statutory retirement day and the number of the retirement rule applied.

    The rule is the one in force on the day the person reaches the first rule's old age (so
    those who reached it before a reform keep it); under a reform the age is delayed one month
    per `step` months of birth from its first birth month, at most `most` months. Tables
    hold three entries per value (by `age_key`).
    """
    y, m, d = civil(birth)
    reached = add_months_to(y, m, d, 12 * years[key])
    v = value_at(starts, reached)
    if v < 0:
        v = 0
    i = 3 * v + key
    delay = 0
    if delayed[i]:
        n = y * 12 + m - 1 - 1970 * 12 - first_month[i] + 1
        if n >= 1:
            delay = min(-(-n // step[i]), most[i])
    return add_months_to(y, m, d, 12 * years[i] + delay), v


def tier_months(lo: int, hi: int, minimum: Table, months: Table, contribution: int) -> int:
    """Months of benefit for the contribution time: the most any tier reached gives (SIL-46,
    or the region's schedule); the tiers of the value in force are entries lo … hi - 1."""
    best = 0
    for t in range(lo, hi):
        if contribution >= minimum[t] and months[t] > best:
            best = months[t]
    return best


def entitlement(
    regular: int,
    start: int,
    retire: int,
    threshold_starts: Table,
    threshold: Table,
) -> tuple[int, int, int, int]:
    """Regular end, last day paid, total months and the threshold value applied (-1: none).

    The regular period is paid in full even past the retirement day (N5). It continues to
    the day before the retirement day when, on its last day, that day is less than the
    threshold in force then away (N1; -1: no continuation in force).
    """
    regular_end = add_months(start, regular) - 1
    if regular == 0:
        return regular_end, regular_end, 0, -1
    v = value_at(threshold_starts, regular_end)
    months = threshold[v] if v >= 0 else -1
    if months < 0 or add_months(regular_end, months) <= retire or regular_end + 1 >= retire:
        return regular_end, regular_end, regular, -1
    end = retire - 1
    total = months_after(start, end)
    return regular_end, end, total if total > regular else regular, v


def first_pay_month(application: int, cutoff_day: int, cutoff_counts_before: bool) -> int:
    """The month number whose last day month 1 is paid by (XC7, G6): claims before the cutoff
    day (or on it, where it counts as before) in the month of the claim, later ones a month
    later; month k by the end of the (k - 1)th month after."""
    y, m, d = civil(application)
    early = d < cutoff_day or (d == cutoff_day and cutoff_counts_before)
    return y * 12 + m - 1 - 1970 * 12 + (0 if early else 1)


def months_paid(start: int, total: int, on: int, containing: bool) -> int:
    """Months paid before a stop on `on`: those starting before it, or containing it where the
    ground pays the month the event falls in (SIL-49)."""
    paid = months_after(start, on if containing else on - 1)
    return paid if paid < total else total


# -- money: the price of each month ---------------------------------------------------------
#
# `money[p * M_FIELDS + F]` is field F of legal period p (0: before every value; period
# p + 1 begins on `money_starts[p]`, the days on which any parameter changes, as
# `_compiled.Compiled`'s periods); `bands[2 * j + F]` field F of band j of the standards;
# `wages[2 * w + F]` of tier w of the minimum wage tables; `tiers[2 * a + F]` of area a of
# the area tier tables (flat, so that a compiled loop reads an int, never a row view). Rates are ten-thousandths, wages fen,
# amounts units of the claim's rounding (10^-places).

FOREVER = 1 << 30
"""A month past any claim: the end of a band without `through_month`."""

M_STD = 0  # the standard's base (0 pooling area, 1 region tier 1), -1: no standard
M_LO = 1  # its bands: entries lo … hi - 1, and the special group's M_LO + 2 … M_HI + 2
M_HI = 2
M_SPECIAL = 5  # 1: the standard has a special group (with its condition)
M_BEYOND = 6  # beyond_regular_months' base, -1: none
M_AFTER = 7
M_RATE = 8
M_WAGE_LO = 9
M_WAGE_HI = 10
M_TIERS = 11  # 1: a table of area tiers is in force
M_TIERS_LO = 12
M_TIERS_HI = 13
M_POOLING = 14  # -1 none, 0 region tier 1, 1 league seat, 2 insured area
M_SEAT = 15  # the league seat's code, -1: none
M_STANDARD_DATE = 16  # -1 none, 0 application date, 1 month start, 2 another reading
M_EARLY = 17  # 1: early_claim_beyond is month_start
M_PRO_RATA = 18
M_PLACES = 19  # money_rounding, -1: none
M_MODE = 20  # 0 half up, 1 half even, 2 down, 3 up
M_FIELDS = 21

B_THROUGH = 0
B_RATE = 1
W_TIER = 0
W_FEN = 1
A_CODE = 0
A_TIER = 1

AREA_NONE = -1
"""No insured area recorded (any other code no table lists is unknown)."""

# what pricing a month found: a price, an amount not known, or what the engine refuses
PRICED = 0
UNPRICED_AREA = 1  # the insured area's tier is read and none is recorded: amount_needs_area
NO_STANDARD = 2  # no standard in force: no_standard
E_NO_WAGE = 3
E_NO_POOLING = 4  # a pooling-area base with no pooling_base in force
E_AREA = 5  # an insured area no tier table lists
E_NO_SEAT = 6
E_SEAT = 7  # the league seat has no tier
E_TIER = 8  # the wage table has no such tier
E_NO_RATE = 9  # no band and no rule for months beyond prices the month

RULE_BAND = 0
RULE_BEYOND = 1


def field(money: Table, p: int, f: int) -> int:
    """Field f of legal period p."""
    value: int = money[p * M_FIELDS + f]
    return value


def period_of(starts: Table, day: int) -> int:
    """The legal period in force on `day` (0 before every value)."""
    return value_at(starts, day) + 1


def round_div(num: int, den: int, mode: int) -> int:
    """num / den (both >= 0) rounded to a whole number as `mode` says, exactly."""
    q = num // den
    r = num - q * den
    if mode == 0:
        return q + 1 if 2 * r >= den else q
    if mode == 1:
        return q + 1 if 2 * r > den or (2 * r == den and q % 2 == 1) else q
    if mode == 3:
        return q + 1 if r > 0 else q
    return q


def base_tier(
    money: Table, wages: Table, tiers: Table, p: int, base: int, area: int
) -> tuple[int, int, int]:
    """The minimum wage (fen) a standard of `base` is a share of in period p, its tier, and
    what was found (PRICED or why not): the region's tier 1, or the tier of the pooling area
    `pooling_base` names (G10): the league seat's, or the insured area's."""
    if money[p * M_FIELDS + M_WAGE_LO] == money[p * M_FIELDS + M_WAGE_HI]:
        return 0, 0, E_NO_WAGE
    reading = 0 if base == 1 else money[p * M_FIELDS + M_POOLING]
    if reading < 0:
        return 0, 0, E_NO_POOLING
    tier = 1
    if reading == 0:
        # a region-wide base still needs a real area where a tier table is in force
        if (
            money[p * M_FIELDS + M_TIERS] == 1
            and area != AREA_NONE
            and area_tier(money, tiers, p, area) < 0
        ):
            return 0, 0, E_AREA
    elif reading == 1:
        seat = money[p * M_FIELDS + M_SEAT]
        if seat < 0:
            return 0, 0, E_NO_SEAT
        if area != AREA_NONE and area_tier(money, tiers, p, area) < 0:
            return 0, 0, E_AREA  # an insured area no table lists is a wrong code
        tier = area_tier(money, tiers, p, seat)
        if tier < 0:
            return 0, 0, E_SEAT
    else:
        if area == AREA_NONE:
            return 0, 0, UNPRICED_AREA
        tier = area_tier(money, tiers, p, area)
        if tier < 0:
            return 0, 0, E_AREA
    for w in range(money[p * M_FIELDS + M_WAGE_LO], money[p * M_FIELDS + M_WAGE_HI]):
        if wages[2 * w + W_TIER] == tier:
            return wages[2 * w + W_FEN], tier, PRICED
    return 0, tier, E_TIER


def area_tier(money: Table, tiers: Table, p: int, area: int) -> int:
    """The tier of `area` in the table in force in period p, -1 where it lists none (the
    entries of a period are sorted by code)."""
    lo = money[p * M_FIELDS + M_TIERS_LO]
    hi = money[p * M_FIELDS + M_TIERS_HI]
    while lo < hi:
        mid = (lo + hi) // 2
        if tiers[2 * mid + A_CODE] < area:
            lo = mid + 1
        else:
            hi = mid
    if lo < money[p * M_FIELDS + M_TIERS_HI] and tiers[2 * lo + A_CODE] == area:
        tier: int = tiers[2 * lo + A_TIER]
        return tier
    return -1


def band_of(money: Table, bands: Table, p: int, special: bool, index: int) -> int:
    """The band of the standard of period p (its special group's where `special`) that
    prices month `index`, -1 where none does."""
    g = 2 if special and money[p * M_FIELDS + M_SPECIAL] == 1 else 0
    for j in range(money[p * M_FIELDS + M_LO + g], money[p * M_FIELDS + M_HI + g]):
        if index <= bands[2 * j + B_THROUGH]:
            return j
    return -1


def month_rule(
    starts: Table,
    money: Table,
    bands: Table,
    beyond_first: int,
    index: int,
    first: int,
    application: int,
    month_start: bool,
    early: bool,
    special_on: bool,
    special_first: bool,
) -> tuple[int, int, int, int, int, int, int]:
    """What prices month `index`: (rule, the day its rule is read on, the legal period of
    that day, the band, the day its wage is read on, what was found, the last month the
    same holds for).

    The standard in force on the claim, or on the month's first day `first` where
    standard_date is month_start (N2b, G11); beyond its `after_month`, the rule for the
    months beyond (IM6). On a claim priced before that rule has any value, `early` (the
    reading early_claim_beyond in force on the claim) reads it on the month's first day,
    else its first value is read at the wage of the claim (IM-beyond-24-early); a standard
    that lacks the month is then read on the month's first day too. A day read that moves
    with the month ends the run at this month; otherwise the run lasts while the band does
    and the months stay on one side of `after_month`.
    """
    on = first if month_start else application
    through = index if month_start else FOREVER
    p = period_of(starts, on)
    on_beyond = on
    rule_day = on
    r = p
    if beyond_first > on:
        if early:
            on_beyond = first
            rule_day = first
            through = index
        else:
            rule_day = beyond_first
        r = period_of(starts, rule_day)
    if money[r * M_FIELDS + M_BEYOND] >= 0:
        if index > money[r * M_FIELDS + M_AFTER]:
            return RULE_BEYOND, rule_day, r, -1, on_beyond, PRICED, through
        through = min(through, money[r * M_FIELDS + M_AFTER])
    std_day = on
    j = band_of(money, bands, p, special_on, index)
    if money[p * M_FIELDS + M_STD] >= 0 and on_beyond != on and j < 0:
        std_day = on_beyond
        p = period_of(starts, on_beyond)
        j = band_of(money, bands, p, special_first, index)
    if money[p * M_FIELDS + M_STD] < 0:
        return RULE_BAND, std_day, p, -1, on, NO_STANDARD, through
    if j < 0:
        return RULE_BAND, std_day, p, -1, on, E_NO_RATE, index
    return RULE_BAND, std_day, p, j, on, PRICED, min(through, bands[2 * j + B_THROUGH])


def month_price(
    starts: Table,
    money: Table,
    bands: Table,
    wages: Table,
    tiers: Table,
    beyond_first: int,
    index: int,
    first: int,
    application: int,
    month_start: bool,
    area: int,
    places: int,
    mode: int,
    early: bool,
    special_on: bool,
    special_first: bool,
) -> tuple[int, int, int, int, int, int, int, int]:
    """The price of month `index` of a claim, whose first day is `first`, and of the months
    after it up to the last the same price holds for: (the whole month's amount in units of
    10^-places, what was found, rule, rule day, band, wage day, tier, that last month).

    The amount is rate × the minimum wage rounded as the claim's `money_rounding` says.
    Months `index` … last share every field, so both paths price a run of months once
    (`cut_short` then pays a last month cut short by its days).
    """
    rule, rule_day, r, j, wage_day, found, through = month_rule(
        starts,
        money,
        bands,
        beyond_first,
        index,
        first,
        application,
        month_start,
        early,
        special_on,
        special_first,
    )
    if found != PRICED:
        return 0, found, rule, rule_day, j, wage_day, 0, through
    if rule == RULE_BEYOND:
        base = money[r * M_FIELDS + M_BEYOND]
        rate = money[r * M_FIELDS + M_RATE]
    else:
        base = money[r * M_FIELDS + M_STD]
        rate = bands[2 * j + B_RATE]
    w = r if wage_day == rule_day else period_of(starts, wage_day)
    fen, tier, found = base_tier(money, wages, tiers, w, base, area)
    if found != PRICED:
        return 0, found, rule, rule_day, j, wage_day, tier, through
    full = round_div(fen * rate, 10 ** (6 - places), mode)
    return full, PRICED, rule, rule_day, j, wage_day, tier, through


def cut_short(
    starts: Table, money: Table, full: int, first: int, next_first: int, end: int, mode: int
) -> tuple[int, int, int]:
    """A month from day `first` to the day before `next_first` paid to `end`: (its amount,
    the days paid where cut short and paid by its days, else 0, the month's days). A last
    month cut short by `end` is paid pro rata where `partial_last_month` in force on `end`
    says so."""
    if end < next_first - 1 and money[period_of(starts, end) * M_FIELDS + M_PRO_RATA] == 1:
        days = end - first + 1
        whole = next_first - first
        return round_div(full * days, whole, mode), days, whole
    return full, 0, 0


# -- stops: the deciding event, months paid, lump sum, overpayment ---------------------------

NOT_KNOWN = -1
"""An amount (or a sum) that cannot be known: a month with no amount, no pay-by date."""

S_FIRST = 0  # month 1's amount
S_PAID = 1  # the sum of the months paid before the stop (all where nothing stops)
S_ALL = 2
S_OWED = 3  # the months paid, and later ones whose pay-by date is on or before the audit
S_PAID_UNKNOWN = 4  # how many of each have no amount
S_ALL_UNKNOWN = 5
S_OWED_UNKNOWN = 6
S_FIELDS = 7


def deciding_event(ons: Table, orders: Table, lo: int, hi: int, end: int, total: int) -> int:
    """The event (of entries lo … hi - 1) that stops payment: the earliest on or before the
    last day paid, the ground first in the policy's order on one day, the first listed of
    equals; -1 where none does or nothing is paid."""
    best = -1
    if total == 0:
        return best
    for e in range(lo, hi):
        if ons[e] > end:
            continue
        if best < 0 or ons[e] < ons[best] or (ons[e] == ons[best] and orders[e] < orders[best]):
            best = e
    return best


EFFECT_STOP = 0
"""A stop ground's effect codes (`_law_tables.EFFECTS`): the months after it are not paid."""
EFFECT_LUMP_SUM = 1
"""The months after it are paid at once (IM5)."""


def stop_months(
    start: int, total: int, on: int, containing: bool, effect: int
) -> tuple[int, int, bool]:
    """Months paid before a stop on `on`, months forfeited, and whether they are paid at once:
    a ground whose effect is EFFECT_LUMP_SUM (IM5) on or after the start with months left."""
    paid = months_paid(start, total, on, containing)
    forfeited = total - paid
    return paid, forfeited, effect == EFFECT_LUMP_SUM and on >= start and forfeited > 0


def owed_through(paid: int, first_due: int, dated: bool, as_of: int) -> int:
    """The last month owed by the audit on `as_of`: the months paid, and the later ones
    whose pay-by date (month k's, the end of month number first_due + k - 1, XC7) is on or
    before it; the months paid alone where the claim has no pay-by dates."""
    if not dated:
        return paid
    m = month_of(as_of)
    if month_end(m) > as_of:
        m -= 1
    k = m - first_due + 1
    return k if k > paid else paid


DUE = 0
FORFEITED = 1
AT_ONCE = 2
"""A month's status: paid monthly, forfeited by a stop, or paid in the lump sum (IM5)."""


def month_status(k: int, paid: int, at_once: bool) -> int:
    """Month k's status: due up to the months paid, the later ones forfeited or paid at
    once as `stop_months` decided."""
    if k <= paid:
        return DUE
    return AT_ONCE if at_once else FORFEITED


def add_run(sums: Table, lo: int, hi: int, amount: int, paid: int, owed: int) -> None:
    """Months lo … hi of one amount (NOT_KNOWN: none) into the claim's sums (S_*): month
    1's, the months paid (1 … paid), all, and those owed by the audit (1 … owed)."""
    if lo == 1:
        sums[S_FIRST] = amount
    n_all = hi - lo + 1
    n_paid = min(hi, paid) - lo + 1
    n_owed = min(hi, owed) - lo + 1
    n_paid = n_paid if n_paid > 0 else 0
    n_owed = n_owed if n_owed > 0 else 0
    if amount >= 0:
        sums[S_PAID] += amount * n_paid
        sums[S_ALL] += amount * n_all
        sums[S_OWED] += amount * n_owed
    else:
        sums[S_PAID_UNKNOWN] += n_paid
        sums[S_ALL_UNKNOWN] += n_all
        sums[S_OWED_UNKNOWN] += n_owed


def settle(
    sums: Table, stopped: bool, at_once: bool, forfeited: int, dated: bool, audited: bool
) -> tuple[int, int, int, int]:
    """(lump sum, overpaid, why overpaid is not known, lump sum left to pay by the audit).

    At once (IM5): the months forfeited, where each has an amount; what of it fell due by
    the audit was paid already. Otherwise, with an audit date, what fell due by it among the
    months not due was overpaid (N8): not known (1) where those months have no pay-by date,
    (2) where one that fell due has no amount. NOT_KNOWN where there is none.
    """
    if at_once:
        if sums[S_ALL_UNKNOWN] != sums[S_PAID_UNKNOWN]:
            return NOT_KNOWN, 0, 0, NOT_KNOWN
        lump = sums[S_ALL] - sums[S_PAID]
        already = sums[S_OWED] - sums[S_PAID] if audited else 0
        return lump, 0, 0, lump - already
    if not stopped or not audited:
        return NOT_KNOWN, 0, 0, NOT_KNOWN
    if forfeited > 0 and not dated:
        return NOT_KNOWN, NOT_KNOWN, 1, NOT_KNOWN
    if dated and sums[S_OWED_UNKNOWN] > sums[S_PAID_UNKNOWN]:
        return NOT_KNOWN, NOT_KNOWN, 2, NOT_KNOWN
    return NOT_KNOWN, sums[S_OWED] - sums[S_PAID], 0, NOT_KNOWN
