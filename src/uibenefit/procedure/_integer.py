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
    """Year, month, day of a day number (H. Hinnant's days-to-civil)."""
    z = day + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    y = yoe + era * 400
    if m <= 2:
        y += 1
    return y, m, d


def day_number(year: int, month: int, day: int) -> int:
    """The day number of a calendar date (days-from-civil)."""
    y = year - 1 if month <= 2 else year
    era = y // 400
    yoe = y - era * 400
    mp = month - 3 if month > 2 else month + 9
    doy = (153 * mp + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


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
    k = y * 12 + m - 1 + months
    y2 = k // 12
    m2 = k % 12 + 1
    last = month_length(y2, m2)
    return day_number(y2, m2, d if d <= last else last)


def months_after(start: int, day: int) -> int:
    """The fewest months m for which `add_months(start, m)` is after `day` (0 if `day` is
    before `start`): month m begins after `day`, so months 1 … m begin on or before it."""
    y1, m1, _ = civil(start)
    y2, m2, _ = civil(day)
    m = (y2 * 12 + m2) - (y1 * 12 + m1)
    if add_months(start, m) <= day:
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
    years = civil(on)[0] - civil(birth)[0]
    return years - 1 if add_months(birth, 12 * years) > on else years


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
    reached = add_months(birth, 12 * years[key])
    v = value_at(starts, reached)
    if v < 0:
        v = 0
    i = 3 * v + key
    delay = 0
    if delayed[i]:
        n = month_of(birth) - first_month[i] + 1
        if n >= 1:
            delay = min(-(-n // step[i]), most[i])
    return add_months(birth, 12 * years[i] + delay), v


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
