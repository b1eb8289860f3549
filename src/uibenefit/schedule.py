"""The payout schedule: one payment per entitlement month, its amount and its pay-by date.

Amounts are a rate of a minimum wage (IM standards, IM6 beyond month 24), rounded as the
policy's `money_rounding` says; pay-by dates follow XC7 (G6).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ._layers import DatedEntry
from ._params import Band, BeyondMonths, Rounding, Standard
from .claimant import Claimant
from .entitlement import ONE_DAY, entitlement, facts, month_end
from .errors import InputError, PolicyError
from .results import (
    Citation,
    Entitlement,
    Payment,
)
from .retirement import add_months

if TYPE_CHECKING:
    from .policy import Policy


def zero(policy: Policy, person: Claimant) -> Decimal:
    """No money, written with the policy's decimal places ("0.00"), as every amount is."""
    rounding: Rounding = policy.required("money_rounding", person.application_date)
    return Decimal(0).quantize(Decimal(1).scaleb(-rounding.places))


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

    def label(self) -> tuple[str, str]:
        """Whose tier, for the basis: "tier 3 of the league seat 152201 (G10)"."""
        flag_en = ", tier assumed" if self.assumed else ""
        flag_zh = "，档次为假设" if self.assumed else ""
        if self.area is None:
            return f"tier {self.tier}, region-wide", f"第{self.tier}档，全区统一"
        if self.reading == "league_seat":
            return (
                f"tier {self.tier} of the league seat {self.area}, G10{flag_en}",
                f"盟市所在地 {self.area} 第{self.tier}档，G10{flag_zh}",
            )
        return (
            f"tier {self.tier} of the insured area {self.area}{flag_en}",
            f"参保地 {self.area} 第{self.tier}档{flag_zh}",
        )


def _base(policy: Policy, person: Claimant, base: str, on: dt.date) -> _Base:
    """The minimum wage a standard is a share of, its tier (G10: `pooling_base`), and whether
    the tier of the area is an assumption (listed in `minimum_wage_area_tiers_assumed`)."""
    wages = policy.value("minimum_wage", on) if policy.has("minimum_wage") else None
    if not wages:
        raise PolicyError(f"policy '{policy.name}' has no minimum wage table in force on {on}")
    reading = "region_tier1" if base == "region_tier1_minimum_wage" else _pooling_base(policy, on)
    assumed = False
    area: str | None = None
    if reading == "region_tier1":
        tier = 1
    else:
        area = _pooling_area(policy, person, reading, on)
        dated = policy.table("minimum_wage_area_tiers").dated(on)
        tiers = dated.value if dated is not None else {}
        if area not in tiers:
            known = ", ".join(sorted(tiers))
            if reading == "insured_area":
                raise InputError(
                    f"area {area} has no minimum wage tier in policy '{policy.name}' on {on} "
                    f"(known: {known})",
                    field="insured_area",
                )
            raise PolicyError(
                f"pooling_area_seat {area} has no minimum wage tier in policy "
                f"'{policy.name}' on {on} (known: {known})"
            )
        tier = tiers[area]
        if policy.has("minimum_wage_area_tiers_assumed"):
            assumed = area in (policy.value("minimum_wage_area_tiers_assumed", on) or ())
    if tier not in wages:
        raise PolicyError(f"minimum wage table in force on {on} has no tier {tier}")
    return _Base(Decimal(wages[tier]), tier, area, reading, assumed)


def _pooling_base(policy: Policy, on: dt.date) -> str:
    """Whose minimum wage is the pooling area's on `on` (G10)."""
    if not policy.has("pooling_base"):
        raise PolicyError(f"policy '{policy.name}' sets no pooling_base (G10) on {on}")
    chosen: str = policy.required("pooling_base", on)
    return chosen


def _known_area(policy: Policy, person: Claimant, on: dt.date) -> None:
    """An insured area the policy lists no tier for is a wrong code, whatever the reading."""
    dated = policy.table("minimum_wage_area_tiers").dated(on)
    tiers = dated.value if dated is not None else {}
    if person.insured_area is not None and person.insured_area not in tiers:
        raise InputError(
            f"area {person.insured_area} has no minimum wage tier in policy '{policy.name}' "
            f"on {on} (known: {', '.join(sorted(tiers))})",
            field="insured_area",
        )


def _pooling_area(policy: Policy, person: Claimant, reading: str, on: dt.date) -> str:
    """The area whose tier is the pooling area's: the league seat, or the insured area."""
    if reading == "league_seat":
        seat: str = policy.required("pooling_area_seat", on)
        _known_area(policy, person, on)
        return seat
    if person.insured_area is None:
        raise _Unpriced(
            "amount unknown: the minimum wage tier of the pooling area (G10, pooling_base "
            "insured_area) needs insured_area, the GB/T 2260 code of the insured place, "
            "e.g. '152201'",
            "金额未定：统筹地区最低工资档次（G10，按参保地）需提供参保地区划代码 insured_area，如 152201",
        )
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

    def __init__(self, policy: Policy, person: Claimant, f: dict[str, Any]) -> None:
        self.policy = policy
        self.person = person
        self.f = f
        rounding: Rounding = policy.required("money_rounding", person.application_date)
        self.quantum = Decimal(1).scaleb(-rounding.places)
        self.mode = rounding.mode
        self.has_standard = policy.has("benefit_standard")
        self.has_beyond = policy.has("beyond_regular_months")
        self._memo: dict[tuple[Any, ...], Any] = {}

    def round(self, amount: Decimal) -> Decimal:
        return amount.quantize(self.quantum, rounding=self.mode)

    def _standard(self, on: dt.date) -> tuple[Standard | None, Sequence[Band], str, str | None]:
        """The standard in force on `on` and the bands that apply to this person (special group)."""
        key = ("standard", on)
        if key not in self._memo:
            standard: Standard | None = (
                self.policy.value("benefit_standard", on) if self.has_standard else None
            )
            bands: Sequence[Band] = ()
            group = ""
            clause: str | None = None
            if standard is not None:
                bands = standard.rates
                if standard.special_group is not None:
                    cond = self.policy.special_group_condition(on)
                    if cond is not None and cond.holds(self.f, self.policy.lookup(on)):
                        bands = standard.special_group.rates
                        group = ", special group"
                        clause = standard.special_group.clause
            self._memo[key] = (standard, bands, group, clause)
        found: tuple[Standard | None, Sequence[Band], str, str | None] = self._memo[key]
        return found

    def _beyond_dated(self, on: dt.date) -> DatedEntry | None:
        """The dated entry of beyond_regular_months in force on `on`, None before its first."""
        return self.policy.table("beyond_regular_months").dated(on)

    def _beyond(self, on: dt.date) -> BeyondMonths | None:
        key = ("beyond", on)
        if key not in self._memo:
            self._memo[key] = (
                self.policy.value("beyond_regular_months", on) if self.has_beyond else None
            )
        found: BeyondMonths | None = self._memo[key]
        return found

    def _price(
        self, pid: str, base_kind: str, rate: Decimal, on: dt.date, clause: str | None = None
    ) -> _Price:
        key = (pid, base_kind, rate, on, clause)
        if key not in self._memo:
            cite = self.policy.cite(clause) if clause else self.policy.param_citation(pid, on)
            try:
                found_base = _base(self.policy, self.person, base_kind, on)
            except _Unpriced as why:
                self._memo[key] = _Price(None, why.en, why.zh, cite, rate)
            else:
                base = found_base.wage
                amount = self.round(base * rate)
                shown = percent(rate)
                whose_en, whose_zh = found_base.label()
                self._memo[key] = _Price(
                    amount,
                    f"minimum wage {base} ({whose_en}, {on}) × {shown} = {amount}",
                    f"最低工资 {base}（{whose_zh}，{on}）× {shown} = {amount}",
                    cite,
                    rate,
                    base,
                    self.policy.param_citation("minimum_wage", on),
                )
        found: _Price = self._memo[key]
        return found

    def month(self, index: int, on: dt.date, month_start: dt.date) -> tuple[_Price, str, str]:
        """Month `index` at the standard in force on `on` (N2b, G11); beyond the 24th, IM6
        where it is in force, else the standard's last band (IM-beyond-24).

        Returns the price and the heads of the basis (en, zh) that name the month.
        """
        # No continuation existed on `on` (before 2019-12-01): IM6 as in force that month.
        no_rule_yet = self.has_beyond and self._beyond_dated(on) is None
        on_beyond = month_start if no_rule_yet else on
        beyond = self._beyond(on_beyond)
        if beyond is not None and index > beyond.after_month:
            price = self._price("beyond_regular_months", beyond.base, beyond.rate, on_beyond)
            after = beyond.after_month
            return price, f"month {index} > {after}: ", f"第 {index} 个月（超过 {after} 个月）："
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
            raise PolicyError(
                f"benefit standard in force on {on} has no rate for month {index} "
                "and no rule for months beyond it (beyond_regular_months)"
            )
        price = self._price("benefit_standard", standard.base, band.rate, on, group_clause)
        group_zh = "，特定群体" if group else ""
        if band.through_month is None:
            return (
                price,
                f"month {index} (rate of month {low} on{group}): ",
                f"第 {index} 个月（第 {low} 个月起费率{group_zh}）：",
            )
        upto = band.through_month
        return (
            price,
            f"month {index} (rate of months {low}–{upto}{group}): ",
            f"第 {index} 个月（第 {low}–{upto} 个月费率{group_zh}）：",
        )

    def _no_standard(self, on: dt.date) -> _Price:
        name = self.policy.name
        return _Price(
            None,
            f"no benefit standard in policy '{name}' on {on}: the province sets it (SIL-47)",
            f"本政策（{name}）无 {on} 的失业保险金标准：由省级人民政府确定（社会保险法第四十七条）",
            self.policy.cite("SIL-47"),
        )


def _covers(bands: Sequence[Band], index: int) -> bool:
    """True if one of the bands prices month `index`."""
    return any(b.through_month is None or index <= b.through_month for b in bands)


def _pay_by_dates(policy: Policy, person: Claimant, count: int) -> list[dt.date | None]:
    """XC7 (G6): claims up to the cutoff day are paid by the month's end, later ones a month
    later; each later month by the end of the calendar month after the one before."""
    app = person.application_date
    rule = policy.value("pay_by", month_end(app.year, app.month)) if policy.has("pay_by") else None
    if rule is None:
        return [None] * count
    early = app.day < rule.cutoff_day or (
        app.day == rule.cutoff_day and rule.cutoff_day_counts_as == "before"
    )
    first = app.year * 12 + app.month - 1 + (0 if early else 1)
    return [month_end(*_year_month(first + k)) for k in range(count)]


def _year_month(index: int) -> tuple[int, int]:
    year, month = divmod(index, 12)
    return year, month + 1


def pay_by(policy: Policy, person: Claimant, index: int) -> dt.date | None:
    """The date month `index` is paid by (XC7), or None where the policy has no such rule."""
    return _pay_by_dates(policy, person, index)[index - 1]


def payout_schedule(
    policy: Policy,
    person: Claimant,
    ent: Entitlement | None = None,
    f: dict[str, Any] | None = None,
) -> list[Payment]:
    """One Payment per entitlement month: period, amount, pay-by date, medical insurance."""
    if f is None:
        f = facts(policy, person)
    if ent is None:
        ent = entitlement(policy, person, None, f)
    count = ent.total_months
    if count == 0:
        return []
    app = person.application_date
    reading = policy.required("standard_date", app)
    if reading not in ("application_date", "month_start"):
        raise PolicyError(f"policy '{policy.name}' sets no standard_date (G11) on {app}")
    medical = bool(policy.required("medical_insurance_while_receiving", app))
    partial = (
        policy.value("partial_last_month", ent.end) if policy.has("partial_last_month") else None
    )
    if partial not in (None, "full", "pro_rata"):
        raise PolicyError(f"partial_last_month must be full or pro_rata, got {partial!r}")
    amounts = _Amounts(policy, person, f)
    dues = _pay_by_dates(policy, person, count)
    due_cite = policy.param_citation("pay_by", month_end(app.year, app.month)) if dues[0] else None
    medical_cite = policy.param_citation("medical_insurance_while_receiving", app)
    standard_cite = policy.param_citation("standard_date", app)
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
                i,
                first,
                last,
                amount,
                basis,
                dues[i - 1],
                medical,
                "regular" if i <= ent.regular_months else "continuation",
                price.citation,
                price.rate,
                price.base,
                "due",
                basis_zh,
                due_cite,
                medical_cite,
                standard_cite,
                price.base_citation,
            )
        )
    return payments
