"""The payout schedule: one payment per entitlement month, its amount and its pay-by date.

Amounts are a rate of a minimum wage (the standards, and a rule for months beyond the
regular ones), rounded as the policy's `money_rounding` says; pay-by dates follow `pay_by`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import InputError, PolicyError
from ..law._compiled import Compiled, CompiledMessage, Period
from ..law._law_tables import MODE_CODES, area_code, date, day
from ..values.claimant import Claimant
from ..values.results import Citation, Entitlement, Payment, make_payment
from . import _integer as P
from .facts import ONE_DAY, Facts, month_end


def zero(rules: Compiled, on: dt.date) -> Decimal:
    """No money, written with the policy's decimal places ("0.00"), as every amount is."""
    places: int = rules.required("money_rounding", on).places
    found = _ZEROS.get(places)
    if found is None:
        found = _ZEROS[places] = Decimal(0).quantize(Decimal(1).scaleb(-places))
    return found


_ZEROS: dict[int, Decimal] = {}
"""Zero with each number of decimal places (a Decimal never changes: one for every claim)."""


def percent(rate: Decimal) -> str:
    """0.80 → '80%'."""
    return f"{(rate * 100).normalize():f}%"


@dataclass(frozen=True, slots=True)
class _Price:
    """`rate` × a minimum wage, rounded; the tail of the basis in both languages."""

    amount: Decimal | None
    en: str
    zh: str
    citation: Citation
    rate: Decimal | None = None
    base: Decimal | None = None
    base_citation: Citation | None = None


Found = tuple[int, int, int, int, int, int, int, int]
"""What `_procedure.month_price` returns: the whole month's amount, found, rule, rule day,
band, wage day, tier, the last month of the run the same price holds for."""


class _Amounts:
    """The amount of each month, by `_procedure.month_price`; its basis and citations from
    the indices it returns (what one rule and wage date fix is worded once per schedule)."""

    def __init__(self, rules: Compiled, person: Claimant, f: Facts) -> None:
        self.rules = rules
        self.person = person
        self.f = f
        self.t = rules.law
        app = person.application_date
        rounding = rules.required("money_rounding", app)
        self.places = rounding.places
        self.mode = MODE_CODES[rounding.mode]
        self.area = area_code(person.insured_area)
        self.application = day(app)
        claim = P.period_of(self.t.money_starts, self.application)
        # the readings in force on the claim, from the table the batch reads them from
        self.early = P.field(self.t.money, claim, P.M_EARLY) == 1
        self.month_start = P.field(self.t.money, claim, P.M_STANDARD_DATE) == 1
        self.any_special = rules.any_special_group
        self._memo: dict[tuple[Any, ...], Any] = {}

    def special(self, on: int) -> bool:
        """Whether the person is in the special group of the standard in force on day `on`."""
        if not self.any_special:
            return False
        key = ("special", on)
        if key not in self._memo:
            t = self.t
            held = False
            if P.field(t.money, P.period_of(t.money_starts, on), P.M_SPECIAL) == 1:
                period = self.rules.at(date(on))
                cond = period.special_group
                held = cond is not None and cond.holds(self.f, period.values.get)
            self._memo[key] = held
        found: bool = self._memo[key]
        return found

    def runs(self, count: int, ymd: tuple[int, int, int], end: int) -> tuple[Run, ...]:
        """The months 1 … `count` from the day `ymd` to `end` as runs one price holds for
        (`_integer.month_price` finds a price and the last month it holds for): each priced
        on the claim or on its first day (N2b, G11), or past the regular months' rates by
        the rule for them (IM6). A price the engine refuses is refused here; its words are
        written when a month's record is (`worded`). A last month cut short by `end` is a
        run of its own (`cut_short`); no earlier month can be (each ends before `end`)."""
        t = self.t
        y, m, d = ymd
        out: list[Run] = []
        lo = 1
        while lo <= count:
            first = P.add_months_to(y, m, d, lo - 1)
            found = self._find(lo, first)
            self._check(lo, found)
            hi = min(found[7], count)
            priced = found[1] == P.PRICED
            units = found[0] if priced else P.NOT_KNOWN
            if hi == count and priced:
                last = P.add_months_to(y, m, d, hi - 1)
                cut, days, whole = P.cut_short(
                    t.money_starts,
                    t.money,
                    found[0],
                    last,
                    P.add_months_to(y, m, d, hi),
                    end,
                    self.mode,
                )
                if days:
                    if hi > lo:
                        out.append(Run(lo, hi - 1, units, found, 0, 0, self))
                    out.append(Run(hi, hi, cut, found, days, whole, self))
                    break
            out.append(Run(lo, hi, units, found, 0, 0, self))
            lo = hi + 1
        return tuple(out)

    def worded(self, run: Run) -> tuple[_Price, Callable[[int], tuple[str, str]]]:
        """The price of a run, worded once per price (a month cut short: with its days),
        and the heads of its months' bases."""
        key = run.found[:7]
        worded = self._memo.get(key)
        if worded is None:
            worded = self._memo[key] = self._worded(run.lo, run.found)
        if not run.days:
            return worded
        price, heads = worded
        amount = self.decimal(run.units)
        days, whole = run.days, run.whole
        cut = _Price(
            amount,
            f"{price.en}; {days}/{whole} days: {amount}",
            f"{price.zh}；{days}/{whole} 日：{amount}",
            price.citation,
            price.rate,
            price.base,
            price.base_citation,
        )
        return cut, heads

    def _check(self, index: int, found: Found) -> None:
        """Refuse what `_worded` could not word: no price (`_refused`), or a price without
        the policy's words it needs (no_standard, amount_needs_area)."""
        what, wage_day, tier = found[1], found[5], found[6]
        if what == P.NO_STANDARD:
            self._no_standard_said(date(wage_day))
        elif what == P.UNPRICED_AREA:
            self._needs_said(date(wage_day))
        elif what != P.PRICED:
            raise self._refused(what, index, date(wage_day), tier)

    def _find(self, index: int, first: int) -> Found:
        """`_integer.month_price` of month `index` (first day `first`) and the months after
        it one price holds for."""
        t = self.t
        on = first if self.month_start else self.application
        special_on = special_first = self.special(on)
        if first != on and self.early and t.beyond_first > on:
            special_first = self.special(first)  # a standard may be read on the first day
        return P.month_price(
            t.money_starts,
            t.money,
            t.bands,
            t.wages,
            t.tiers,
            t.beyond_first,
            index,
            first,
            self.application,
            self.month_start,
            self.area,
            self.places,
            self.mode,
            self.early,
            special_on,
            special_first,
        )

    def decimal(self, units: int) -> Decimal:
        """Units of the claim's rounding as money ("1234.56")."""
        return Decimal(units).scaleb(-self.places)

    def _worded(self, index: int, found: Found) -> tuple[_Price, Callable[[int], tuple[str, str]]]:
        """The price `month_price` found, worded, and the heads of a month's basis."""
        amount, what, rule, rule_day, band, wage_day, tier = found[:7]
        if what == P.NO_STANDARD:
            return self._no_standard(date(wage_day)), _no_heads
        if what not in (P.PRICED, P.UNPRICED_AREA):
            raise self._refused(what, index, date(wage_day), tier)
        if rule == P.RULE_BEYOND:
            beyond = self.rules.at(date(rule_day)).beyond_regular_months
            assert beyond is not None
            clause = None
            if rule_day != wage_day:  # the rule's first value, read before it was in force
                clause = self.rules.at(date(rule_day)).cites["beyond_regular_months"].clause
            key = ("beyond_regular_months", beyond.base, beyond.rate, wage_day, clause)
            after = beyond.after_month
            return self._price(key, amount, what, tier), lambda i: _beyond_heads(i, after)
        standard = self.rules.at(date(rule_day)).benefit_standard
        assert standard is not None
        bands, group, clause = standard.rates, "", None
        p = P.period_of(self.t.money_starts, rule_day)
        lo = P.field(self.t.money, p, P.M_LO)
        special = standard.special_group
        in_group = P.field(self.t.money, p, P.M_SPECIAL) == 1 and band >= P.field(
            self.t.money, p, P.M_LO + 2
        )
        if special is not None and in_group:
            lo = P.field(self.t.money, p, P.M_LO + 2)
            bands, group, clause = special.rates, ", special group", special.clause
        chosen = bands[band - lo]
        low = 1 if band == lo else (bands[band - lo - 1].through_month or 0) + 1
        key = ("benefit_standard", standard.base, chosen.rate, wage_day, clause)
        upto = chosen.through_month
        return (
            self._price(key, amount, what, tier),
            lambda i: _band_heads(i, low, upto, group),
        )

    def _price(self, key: tuple[Any, ...], amount: int, what: int, tier: int) -> _Price:
        """`rate` × the minimum wage of `tier` on the wage day, worded once per key."""
        full = (*key, what, amount, tier)
        if full in self._memo:
            found: _Price = self._memo[full]
            return found
        pid, base_kind, rate, wage_day, clause = key
        on = date(wage_day)
        period = self.rules.at(on)
        cite = self.rules.cite(clause) if clause else period.cites[pid]
        if what == P.UNPRICED_AREA:
            en, zh = self._needs_area(on)
            price = _Price(None, en, zh, cite, rate)
        else:
            wage = Decimal((period.minimum_wage or {})[tier])
            money = self.decimal(amount)
            whose_en, whose_zh = self._whose(period, base_kind, tier)
            shown = percent(rate)
            price = _Price(
                amount=money,
                en=f"minimum wage {wage} ({whose_en}, {on}) × {shown} = {money}",
                zh=f"最低工资 {wage}（{whose_zh}，{on}）× {shown} = {money}",
                citation=cite,
                rate=rate,
                base=wage,
                base_citation=period.cites["minimum_wage"],
            )
        self._memo[full] = price
        return price

    def _whose(self, period: Period, base_kind: str, tier: int) -> tuple[str, str]:
        """Whose tier, for the basis: "tier 3 of the league seat 152201, G10" (the reading
        `pooling_base` names in the policy), with a flag where the area's tier is assumed."""
        reading = (
            "region_tier1" if base_kind == "region_tier1_minimum_wage" else period.pooling_base
        )
        if reading == "region_tier1":
            return f"tier {tier}, region-wide", f"第{tier}档，全区统一"
        area = period.pooling_area_seat if reading == "league_seat" else self.person.insured_area
        assumed = area in (period.minimum_wage_area_tiers_assumed or ())
        flag_en = ", tier assumed" if assumed else ""
        flag_zh = "，档次为假设" if assumed else ""
        if reading == "league_seat":
            named = self.rules.reading_of("pooling_base")
            named = "" if named is None else f", {named}"
            return (
                f"tier {tier} of the league seat {area}{named}{flag_en}",
                f"盟市所在地 {area} 第{tier}档{named.replace(', ', '，')}{flag_zh}",
            )
        return (
            f"tier {tier} of the insured area {area}{flag_en}",
            f"参保地 {area} 第{tier}档{flag_zh}",
        )

    def _needs_area(self, on: dt.date) -> tuple[str, str]:
        """The policy's words for an amount that needs the insured area (en, zh)."""
        zh, en = self._needs_said(on).render()
        return en, zh

    def _needs_said(self, on: dt.date) -> CompiledMessage:
        """The policy's amount_needs_area message; a policy without it is refused."""
        needs = self.rules.message("amount_needs_area")
        if needs is None:
            raise PolicyError(
                f"policy '{self.rules.name}' reads the insured area's minimum wage tier on {on} "
                "and has no 'amount_needs_area' message for a claimant without insured_area"
            )
        return needs

    def _refused(self, what: int, index: int, on: dt.date, tier: int) -> Exception:
        """The error the engine gives where `month_price` found no price (what it found)."""
        rules = self.rules
        period = rules.at(on)
        known = ", ".join(sorted(period.minimum_wage_area_tiers or {}))
        if what == P.E_NO_WAGE:
            pid = "minimum_wage" if "minimum_wage" in rules.first else "benefit_standard"
            return rules.param_error(pid, on, f"no minimum wage table is in force on {on}")
        if what == P.E_NO_POOLING:
            if "pooling_base" not in rules.first:
                return rules.param_error(
                    "benefit_standard",
                    on,
                    f"a pooling-area base needs parameter 'pooling_base' (G10) on {on}",
                )
            return _required_error(rules, "pooling_base", on)
        if what == P.E_AREA:
            return InputError(
                f"area {self.person.insured_area} has no minimum wage tier in policy "
                f"'{rules.name}' on {on} (known: {known})",
                field="insured_area",
            )
        if what == P.E_NO_SEAT:
            return _required_error(rules, "pooling_area_seat", on)
        if what == P.E_SEAT:
            seat = period.pooling_area_seat
            return rules.param_error(
                "pooling_area_seat", on, f"{seat} has no minimum wage tier on {on} (known: {known})"
            )
        if what == P.E_TIER:
            return rules.param_error(
                "minimum_wage", on, f"the table in force on {on} has no tier {tier}"
            )
        return rules.param_error(
            "benefit_standard",
            on,
            f"the standard in force on {on} has no rate for month {index} "
            "and no rule for months beyond it (beyond_regular_months)",
        )

    def _no_standard(self, on: dt.date) -> _Price:
        key = ("none", on)
        if key not in self._memo:
            said = self._no_standard_said(on)
            assert said.citation is not None
            zh, en = said.render(policy=self.rules.name, on=on)
            self._memo[key] = _Price(None, en, zh, said.citation)
        found: _Price = self._memo[key]
        return found

    def _no_standard_said(self, on: dt.date) -> CompiledMessage:
        """The policy's no_standard message, which says who sets the standard and cites it;
        a policy without it is refused."""
        said = self.rules.message("no_standard")
        if said is None or said.citation is None:
            raise PolicyError(
                f"policy '{self.rules.name}' has no benefit standard on {on} and no "
                "'no_standard' message that says who sets it"
            )
        return said


def _required_error(rules: Compiled, pid: str, on: dt.date) -> Exception:
    """The error `Compiled.required` gives for a value not in force on `on`."""
    try:
        rules.required(pid, on)
    except (InputError, PolicyError) as exc:
        return exc
    return rules.param_error(pid, on, f"no value is in force on {on}")


def _no_heads(index: int) -> tuple[str, str]:
    """No head: the policy's no_standard words say it all."""
    return "", ""


@functools.lru_cache(maxsize=4096)
def _band_heads(index: int, low: int, upto: int | None, group: str) -> tuple[str, str]:
    """The head of a month's basis (en, zh): which band's rate it is paid at."""
    group_zh = "，特定群体" if group else ""
    if upto is None:
        return (
            f"month {index} (rate of month {low} on{group}): ",
            f"第 {index} 个月（第 {low} 个月起费率{group_zh}）：",
        )
    return (
        f"month {index} (rate of months {low}–{upto}{group}): ",
        f"第 {index} 个月（第 {low}–{upto} 个月费率{group_zh}）：",
    )


@functools.lru_cache(maxsize=4096)
def _beyond_heads(index: int, after: int) -> tuple[str, str]:
    """The head of a month's basis (en, zh) past the regular months' rates."""
    return f"month {index} > {after}: ", f"第 {index} 个月（超过 {after} 个月）："


def first_due(rules: Compiled, person: Claimant) -> int:
    """XC7 (G6): the month number whose last day month 1 is paid by (claims up to the cutoff
    day by the month's end, later ones a month later), -1 where no pay-by rule is in force."""
    t = rules.law
    on = person.application_date
    app = day(on)
    v = P.value_at(t.pay_by_starts, P.month_end((on.year - 1970) * 12 + on.month - 1))
    if v < 0 or t.pay_by_cutoff[v] < 0:
        return -1
    return P.first_pay_month(app, t.pay_by_cutoff[v], t.pay_by_before[v])


def pay_by_dates(rules: Compiled, person: Claimant, count: int) -> list[dt.date | None]:
    """XC7 (G6): claims up to the cutoff day are paid by the month's end, later ones a month
    later; each later month by the end of the calendar month after the one before."""
    first = first_due(rules, person)
    if first < 0:
        return [None] * count
    return [_month_end(first + k) for k in range(count)]


def _month_end(month: int) -> dt.date:
    """The last day of a month number, as a date (no day-number round trip)."""
    y, m = divmod(month + 1970 * 12, 12)
    return dt.date(y, m + 1, P.month_length(y, m + 1))


@dataclass(frozen=True, slots=True, eq=False)
class Run:
    """Months `lo` … `hi` of a schedule, one price holds for: their amount in units of the
    claim's rounding (NOT_KNOWN: none), what `month_price` found, and for a last month cut
    short the days paid of its whole (else 0, 0). Its words are written on first need."""

    lo: int
    hi: int
    units: int
    found: Found
    days: int
    whole: int
    amounts: _Amounts

    def worded(self) -> tuple[_Price, Callable[[int], tuple[str, str]]]:
        """The run's price and the heads of its months' bases (`_Amounts.worded`)."""
        return self.amounts.worded(self)


@dataclass(frozen=True, slots=True)
class Months:
    """A schedule as what decides it: runs of months one price holds for, the first month's
    day (year, month, day), the last day paid and the first pay-by month as ints, and the
    records every month shares. `payments()` writes one Payment per month from them."""

    count: int
    regular: int
    ymd: tuple[int, int, int]
    end: int
    runs: tuple[Run, ...]
    due: int
    """The month number month 1 is paid by (XC7), -1: no pay-by dates."""
    medical: bool
    due_cite: Citation | None
    medical_cite: Citation
    standard_cite: Citation
    places: int

    def bound(self, k: int) -> int:
        """The day month k + 1 begins (k = 0: the start; k = count: the day after the last
        whole month)."""
        y, m, d = self.ymd
        return P.add_months_to(y, m, d, k)

    def period_end(self, i: int) -> dt.date:
        """The last day of month i (the last day paid for the last month)."""
        return date(min(self.bound(i) - 1, self.end))

    def sums(self, paid: int, owed: int) -> list[int]:
        """The claim's sums (`_integer.S_*`) of the months paid, all and owed by the audit."""
        sums = [0] * P.S_FIELDS
        for run in self.runs:
            P.add_run(sums, run.lo, run.hi, run.units, paid, owed)
        return sums

    def payments(
        self, keep: int | None = None, status: str = "due", medical: bool = False
    ) -> list[Payment]:
        """One Payment per month; those after month `keep` with `status` and `medical` (a
        stop's), the others due with the claim's medical insurance."""
        starts = _month_days(self.ymd, self.count + 1)
        last = date(self.end)
        if last < starts[-1] - ONE_DAY:
            starts[-1] = last + ONE_DAY
        dues = [None] * self.count if self.due < 0 else _month_ends(self.due, self.count)
        cut = self.count if keep is None else keep
        out: list[Payment] = []
        append = out.append
        shared = self.medical, self.due_cite, self.medical_cite, self.standard_cite
        regular = self.regular
        for run in self.runs:
            price, heads = run.worded()  # what the run's months share, worded once
            amount, en, zh, cite = price.amount, price.en, price.zh, price.citation
            rate, base, base_cite = price.rate, price.base, price.base_citation
            for i in range(run.lo, run.hi + 1):
                head, head_zh = heads(i)
                after = i > cut
                append(
                    make_payment(
                        i,
                        starts[i - 1],
                        starts[i] - ONE_DAY,
                        amount,
                        head + en,
                        dues[i - 1],
                        medical if after else shared[0],
                        "regular" if i <= regular else "continuation",
                        cite,
                        rate,
                        base,
                        status if after else "due",
                        head_zh + zh,
                        shared[1],
                        shared[2],
                        shared[3],
                        base_cite,
                    )
                )
        return out


def _month_days(ymd: tuple[int, int, int], count: int) -> list[dt.date]:
    """Day d of month y-m and of the `count` - 1 months after it (a month without that day:
    its last), stepping month by month (`P.add_months_to` as dates, from the start)."""
    y, m, d = ymd
    out = []
    for _ in range(count):
        last = P.month_length(y, m) if d > 28 else 28
        out.append(dt.date(y, m, d if d <= last else last))
        if m == 12:
            y, m = y + 1, 1
        else:
            m += 1
    return out


def _month_ends(month: int, count: int) -> list[dt.date | None]:
    """The last days of `count` month numbers from `month` on."""
    y, m = divmod(month + 1970 * 12, 12)
    m += 1
    out: list[dt.date | None] = []
    for _ in range(count):
        out.append(dt.date(y, m, P.month_length(y, m)))
        if m == 12:
            y, m = y + 1, 1
        else:
            m += 1
    return out


def months(rules: Compiled, person: Claimant, ent: Entitlement, f: Facts) -> Months | None:
    """The schedule of an entitlement as runs of months (None where no month is paid)."""
    count = ent.total_months
    if count == 0:
        return None
    app = person.application_date
    claim = rules.at(app)
    reading = rules.required("standard_date", app)
    if reading not in ("application_date", "month_start"):
        raise PolicyError(f"policy '{rules.name}' sets no standard_date (G11) on {app}")
    medical = bool(rules.required("medical_insurance_while_receiving", app))
    amounts = _Amounts(rules, person, f)
    due = first_due(rules, person)
    due_cite = rules.at(month_end(app.year, app.month)).cites["pay_by"] if due >= 0 else None
    start = ent.start
    ymd = (start.year, start.month, start.day)
    return Months(
        count,
        ent.regular_months,
        ymd,
        day(ent.end),
        amounts.runs(count, ymd, day(ent.end)),
        due,
        medical,
        due_cite,
        claim.cites["medical_insurance_while_receiving"],
        claim.cites["standard_date"],
        amounts.places,
    )


def payout_schedule(rules: Compiled, person: Claimant, ent: Entitlement, f: Facts) -> list[Payment]:
    """One Payment per entitlement month: period, amount, pay-by date, medical insurance."""
    found = months(rules, person, ent, f)
    return [] if found is None else found.payments()
