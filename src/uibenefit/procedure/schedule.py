"""The payout schedule: one payment per entitlement month, its amount and its pay-by date.

Amounts are a rate of a minimum wage (the standards, and a rule for months beyond the
regular ones), rounded as the policy's `money_rounding` says; pay-by dates follow `pay_by`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import InputError, PolicyError
from ..law._compiled import Compiled, Period
from ..law._law_tables import date, day
from ..law._params import Band, BeyondMonths, Standard
from ..values.claimant import Claimant
from ..values.results import Citation, Entitlement, Payment
from . import _integer as P
from .facts import ONE_DAY, Facts, month_end
from .retirement import add_months


def zero(rules: Compiled, on: dt.date) -> Decimal:
    """No money, written with the policy's decimal places ("0.00"), as every amount is."""
    places = rules.required("money_rounding", on).places
    return Decimal(0).quantize(Decimal(1).scaleb(-places))


def percent(rate: Decimal) -> str:
    """0.80 → '80%'."""
    return f"{(rate * 100).normalize():f}%"


class _Unpriced(Exception):
    """The amount cannot be known from this claimant's data (e.g. no insured area)."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh


@dataclass(frozen=True, slots=True)
class _Base:
    """A minimum wage, its tier, the area whose tier it is (None: the region's tier 1), the
    reading that chose that area (G10), and whether the area's tier is an assumption."""

    wage: Decimal
    tier: int
    area: str | None
    reading: str
    assumed: bool
    reading_id: str | None = None

    def label(self) -> tuple[str, str]:
        """Whose tier, for the basis: "tier 3 of the league seat 152201, G10" (the reading
        `pooling_base` names in the policy)."""
        flag_en = ", tier assumed" if self.assumed else ""
        flag_zh = "，档次为假设" if self.assumed else ""
        if self.area is None:
            return f"tier {self.tier}, region-wide", f"第{self.tier}档，全区统一"
        if self.reading == "league_seat":
            named = "" if self.reading_id is None else f", {self.reading_id}"
            return (
                f"tier {self.tier} of the league seat {self.area}{named}{flag_en}",
                f"盟市所在地 {self.area} 第{self.tier}档{named.replace(', ', '，')}{flag_zh}",
            )
        return (
            f"tier {self.tier} of the insured area {self.area}{flag_en}",
            f"参保地 {self.area} 第{self.tier}档{flag_zh}",
        )


def _base(rules: Compiled, person: Claimant, base: str, on: dt.date, period: Period) -> _Base:
    """The minimum wage a standard is a share of, its tier (G10: `pooling_base`), and whether
    the tier of the area is an assumption (listed in `minimum_wage_area_tiers_assumed`)."""
    wages = period.minimum_wage
    if not wages:
        pid = "minimum_wage" if "minimum_wage" in rules.first else "benefit_standard"
        raise rules.param_error(pid, on, f"no minimum wage table is in force on {on}")
    reading = "region_tier1" if base == "region_tier1_minimum_wage" else _pooling_base(rules, on)
    assumed = False
    area: str | None = None
    if reading == "region_tier1":
        if period.minimum_wage_area_tiers is not None:
            _known_area(rules, person, on, period)  # a region-wide base still needs a real area
        tier = 1
    else:
        area = _pooling_area(rules, person, reading, on, period)
        tiers = period.minimum_wage_area_tiers or {}
        if area not in tiers:
            known = ", ".join(sorted(tiers))
            if reading == "insured_area":
                raise InputError(
                    f"area {area} has no minimum wage tier in policy '{rules.name}' on {on} "
                    f"(known: {known})",
                    field="insured_area",
                )
            raise rules.param_error(
                "pooling_area_seat", on, f"{area} has no minimum wage tier on {on} (known: {known})"
            )
        tier = tiers[area]
        assumed = area in (period.minimum_wage_area_tiers_assumed or ())
    if tier not in wages:
        raise rules.param_error(
            "minimum_wage", on, f"the table in force on {on} has no tier {tier}"
        )
    return _Base(
        Decimal(wages[tier]), tier, area, reading, assumed, rules.reading_of("pooling_base")
    )


def _pooling_base(rules: Compiled, on: dt.date) -> str:
    """Whose minimum wage is the pooling area's on `on` (G10)."""
    if "pooling_base" not in rules.first:
        raise rules.param_error(
            "benefit_standard",
            on,
            f"a pooling-area base needs parameter 'pooling_base' (G10) on {on}",
        )
    chosen: str = rules.required("pooling_base", on)
    return chosen


def _known_area(rules: Compiled, person: Claimant, on: dt.date, period: Period) -> None:
    """An insured area the policy lists no tier for is a wrong code, whatever the reading
    (the league's own code is listed with its seat's tier: inner_mongolia.yaml)."""
    tiers = period.minimum_wage_area_tiers or {}
    if person.insured_area is not None and person.insured_area not in tiers:
        raise InputError(
            f"area {person.insured_area} has no minimum wage tier in policy '{rules.name}' "
            f"on {on} (known: {', '.join(sorted(tiers))})",
            field="insured_area",
        )


def _pooling_area(
    rules: Compiled, person: Claimant, reading: str, on: dt.date, period: Period
) -> str:
    """The area whose tier is the pooling area's: the league seat, or the insured area."""
    if reading == "league_seat":
        seat: str = rules.required("pooling_area_seat", on)
        _known_area(rules, person, on, period)
        return seat
    if person.insured_area is None:
        needs = rules.message("amount_needs_area")
        if needs is None:
            raise PolicyError(
                f"policy '{rules.name}' reads the insured area's minimum wage tier on {on} and "
                "has no 'amount_needs_area' message for a claimant without insured_area"
            )
        zh, en = needs.render()
        raise _Unpriced(en, zh)
    return person.insured_area


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


class _Amounts:
    """The amount of each month; what one standard date fixes is priced once per schedule."""

    def __init__(self, rules: Compiled, person: Claimant, f: Facts) -> None:
        self.rules = rules
        self.person = person
        self.f = f
        rounding = rules.required("money_rounding", person.application_date)
        self.quantum = Decimal(1).scaleb(-rounding.places)
        self.mode = rounding.mode
        self.has_beyond = "beyond_regular_months" in rules.first
        self._memo: dict[tuple[Any, ...], Any] = {}

    def round(self, amount: Decimal) -> Decimal:
        return amount.quantize(self.quantum, rounding=self.mode)

    def _standard(self, on: dt.date) -> tuple[Standard | None, Sequence[Band], str, str | None]:
        """The standard in force on `on` and the bands that apply to this person (special group)."""
        key = ("standard", on)
        if key not in self._memo:
            period = self.rules.at(on)
            standard = period.benefit_standard
            bands: Sequence[Band] = ()
            group = ""
            clause: str | None = None
            if standard is not None:
                bands = standard.rates
                cond = period.special_group
                special = standard.special_group
                if (
                    special is not None
                    and cond is not None
                    and cond.holds(self.f, period.values.get)
                ):
                    bands = special.rates
                    group = ", special group"
                    clause = special.clause
            self._memo[key] = (standard, bands, group, clause)
        found: tuple[Standard | None, Sequence[Band], str, str | None] = self._memo[key]
        return found

    def _beyond(self, on: dt.date) -> BeyondMonths | None:
        return self.rules.at(on).beyond_regular_months

    def _early_beyond(
        self, on: dt.date, month_start: dt.date
    ) -> tuple[dt.date, BeyondMonths | None, str | None]:
        """The date the months past the regular ones are priced on, their rule, and its clause
        when it is not the one in force on that date. On a claim made before
        beyond_regular_months has any value, `early_claim_beyond` (read on the claim's date)
        says: application_date, the rule's first value at the wage of the standard date `on`
        (N2b: the standard in force on the application date); month_start, the rule and the
        wage in force on the first day of each month. Unset: application_date (the contract)."""
        first = self.rules.first.get("beyond_regular_months") if self.has_beyond else None
        if first is None or on >= first:
            return on, self._beyond(on), None
        reading = self.rules.at(self.person.application_date).early_claim_beyond
        if reading == "month_start":
            return month_start, self._beyond(month_start), None
        earliest = self.rules.at(first)
        return on, earliest.beyond_regular_months, earliest.cites["beyond_regular_months"].clause

    def _price(
        self, pid: str, base_kind: str, rate: Decimal, on: dt.date, clause: str | None = None
    ) -> _Price:
        key = (pid, base_kind, rate, on, clause)
        if key not in self._memo:
            period = self.rules.at(on)
            cite = self.rules.cite(clause) if clause else period.cites[pid]
            try:
                found_base = _base(self.rules, self.person, base_kind, on, period)
            except _Unpriced as why:
                self._memo[key] = _Price(None, why.en, why.zh, cite, rate)
            else:
                base = found_base.wage
                amount = self.round(base * rate)
                shown = percent(rate)
                whose_en, whose_zh = found_base.label()
                self._memo[key] = _Price(
                    amount=amount,
                    en=f"minimum wage {base} ({whose_en}, {on}) × {shown} = {amount}",
                    zh=f"最低工资 {base}（{whose_zh}，{on}）× {shown} = {amount}",
                    citation=cite,
                    rate=rate,
                    base=base,
                    base_citation=period.cites["minimum_wage"],
                )
        found: _Price = self._memo[key]
        return found

    def month(self, index: int, on: dt.date, month_start: dt.date) -> tuple[_Price, str, str]:
        """Month `index` at the standard in force on `on` (N2b, G11); beyond the 24th, IM6
        where it is in force, else the standard's last band (IM-beyond-24).

        Returns the price and the heads of the basis (en, zh) that name the month.
        """
        # No continuation existed on `on` (before 2019-12-01): the reading early_claim_beyond
        # says which rule and wage price the months past the 24th (IM-beyond-24-early).
        on_beyond, beyond, clause = self._early_beyond(on, month_start)
        if beyond is not None and index > beyond.after_month:
            price = self._price(
                "beyond_regular_months", beyond.base, beyond.rate, on_beyond, clause
            )
            return (price, *_beyond_heads(index, beyond.after_month))
        standard, bands, group, group_clause = self._standard(on)
        if standard is not None and on_beyond != on and not _covers(bands, index):
            standard, bands, group, group_clause = self._standard(on_beyond)
        if standard is None:
            return self._no_standard(on), "", ""
        low = 1
        for band in bands:
            if band.through_month is None or index <= band.through_month:
                break
            low = band.through_month + 1
        else:
            raise self.rules.param_error(
                "benefit_standard",
                on,
                f"the standard in force on {on} has no rate for month {index} "
                "and no rule for months beyond it (beyond_regular_months)",
            )
        price = self._price("benefit_standard", standard.base, band.rate, on, group_clause)
        return (price, *_band_heads(index, low, band.through_month, group))

    def _no_standard(self, on: dt.date) -> _Price:
        key = ("none", on)
        if key not in self._memo:
            said = self.rules.message("no_standard")
            if said is None or said.citation is None:
                raise PolicyError(
                    f"policy '{self.rules.name}' has no benefit standard on {on} and no "
                    "'no_standard' message that says who sets it"
                )
            zh, en = said.render(policy=self.rules.name, on=on)
            self._memo[key] = _Price(None, en, zh, said.citation)
        found: _Price = self._memo[key]
        return found


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


def _covers(bands: Sequence[Band], index: int) -> bool:
    """True if one of the bands prices month `index`."""
    return any(b.through_month is None or index <= b.through_month for b in bands)


def pay_by_dates(rules: Compiled, person: Claimant, count: int) -> list[dt.date | None]:
    """XC7 (G6): claims up to the cutoff day are paid by the month's end, later ones a month
    later; each later month by the end of the calendar month after the one before."""
    t = rules.law
    app = day(person.application_date)
    v = P.value_at(t.pay_by_starts, P.month_end(P.month_of(app)))
    if v < 0 or t.pay_by_cutoff[v] < 0:
        return [None] * count
    first = P.first_pay_month(app, t.pay_by_cutoff[v], t.pay_by_before[v])
    return [date(P.month_end(first + k)) for k in range(count)]


def payout_schedule(rules: Compiled, person: Claimant, ent: Entitlement, f: Facts) -> list[Payment]:
    """One Payment per entitlement month: period, amount, pay-by date, medical insurance."""
    count = ent.total_months
    if count == 0:
        return []
    app = person.application_date
    claim = rules.at(app)
    reading = rules.required("standard_date", app)
    if reading not in ("application_date", "month_start"):
        raise PolicyError(f"policy '{rules.name}' sets no standard_date (G11) on {app}")
    medical = bool(rules.required("medical_insurance_while_receiving", app))
    partial = rules.at(ent.end).partial_last_month
    amounts = _Amounts(rules, person, f)
    dues = pay_by_dates(rules, person, count)
    due_cite = rules.at(month_end(app.year, app.month)).cites["pay_by"] if dues[0] else None
    medical_cite = claim.cites["medical_insurance_while_receiving"]
    standard_cite = claim.cites["standard_date"]
    bounds = [add_months(ent.start, k) for k in range(count + 1)]
    payments: list[Payment] = []
    for i in range(1, count + 1):
        first = bounds[i - 1]
        whole_end = bounds[i] - ONE_DAY
        last = min(whole_end, ent.end)
        on = app if reading == "application_date" else first
        price, head, head_zh = amounts.month(i, on, first)
        amount, basis, basis_zh = price.amount, head + price.en, head_zh + price.zh
        if amount is not None and last < whole_end and partial == "pro_rata":
            days, whole = (last - first).days + 1, (whole_end - first).days + 1
            amount = amounts.round(amount * days / whole)
            basis += f"; {days}/{whole} days: {amount}"
            basis_zh += f"；{days}/{whole} 日：{amount}"
        payments.append(
            Payment(
                index=i,
                period_start=first,
                period_end=last,
                amount=amount,
                basis=basis,
                pay_by=dues[i - 1],
                medical_insurance_paid=medical,
                phase="regular" if i <= ent.regular_months else "continuation",
                citation=price.citation,
                rate=price.rate,
                base=price.base,
                status="due",
                basis_zh=basis_zh,
                pay_by_citation=due_cite,
                medical_citation=medical_cite,
                standard_date_citation=standard_cite,
                base_citation=price.base_citation,
            )
        )
    return payments
