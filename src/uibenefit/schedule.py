"""The payout schedule: one payment per entitlement month, its amount and its pay-by date.

Amounts are a rate of a minimum wage (the standards, and a rule for months beyond the
regular ones), rounded as the policy's `money_rounding` says; pay-by dates follow `pay_by`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ._compiled import Compiled, Period
from ._params import Band, BeyondMonths, Standard
from .claimant import Claimant
from .errors import InputError, PolicyError
from .facts import ONE_DAY, Facts, month_end
from .results import Citation, Entitlement, Payment
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


def _base(
    rules: Compiled, person: Claimant, base: str, on: dt.date, period: Period
) -> tuple[Decimal, int, bool]:
    """The minimum wage a standard is a share of, its tier (G10), and whether the tier of the
    area is an assumption (listed in `minimum_wage_area_tiers_assumed` on that date)."""
    wages = period.minimum_wage
    if not wages:
        raise PolicyError(f"policy '{rules.name}' has no minimum wage table in force on {on}")
    assumed = False
    if base == "region_tier1_minimum_wage":
        tier = 1
    else:
        chosen = period.pooling_area_tier
        if chosen == "insured_area":
            tiers = period.minimum_wage_area_tiers or {}
            if person.insured_area is None:
                needs = rules.message("amount_needs_area")
                if needs is None:
                    raise _Unpriced(
                        "amount unknown: the pooling area's minimum wage tier needs insured_area",
                        "金额未定：需提供参保地区划代码 insured_area",
                    )
                zh, en = needs.render()
                raise _Unpriced(en, zh)
            if person.insured_area not in tiers:
                raise InputError(
                    f"area {person.insured_area} has no minimum wage tier in policy "
                    f"'{rules.name}' on {on} (known: {', '.join(sorted(tiers))})",
                    field="insured_area",
                )
            tier = tiers[person.insured_area]
            assumed = person.insured_area in (period.minimum_wage_area_tiers_assumed or ())
        else:
            tier = int(chosen) if chosen is not None else 0
    if tier not in wages:
        raise PolicyError(f"minimum wage table in force on {on} has no tier {tier}")
    return Decimal(wages[tier]), tier, assumed


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

    def _price(
        self, pid: str, base_kind: str, rate: Decimal, on: dt.date, clause: str | None = None
    ) -> _Price:
        key = (pid, base_kind, rate, on, clause)
        if key not in self._memo:
            period = self.rules.at(on)
            cite = self.rules.cite(clause) if clause else period.cites[pid]
            try:
                base, tier, assumed = _base(self.rules, self.person, base_kind, on, period)
            except _Unpriced as why:
                self._memo[key] = _Price(None, why.en, why.zh, cite, rate)
            else:
                amount = self.round(base * rate)
                shown = percent(rate)
                flag_en = ", tier assumed" if assumed else ""
                flag_zh = "，档次为假设" if assumed else ""
                self._memo[key] = _Price(
                    amount=amount,
                    en=f"minimum wage {base} (tier {tier}{flag_en}, {on}) × {shown} = {amount}",
                    zh=f"最低工资 {base}（第{tier}档{flag_zh}，{on}）× {shown} = {amount}",
                    citation=cite,
                    rate=rate,
                    base=base,
                    base_citation=period.cites["minimum_wage"],
                )
        found: _Price = self._memo[key]
        return found

    def month(self, index: int, on: dt.date, month_start: dt.date) -> tuple[_Price, str, str]:
        """Month `index` at the standard in force on `on` (N2b, G11); beyond the 24th, IM6.

        Returns the price and the heads of the basis (en, zh) that name the month.
        """
        standard, bands, group, group_clause = self._standard(on)
        if standard is None:
            return self._no_standard(on), "", ""
        beyond_on = on
        beyond = self._beyond(on)
        if beyond is None and self.has_beyond:
            # No continuation existed on `on` (before 2019-12-01): IM6 as in force that month.
            beyond_on = month_start
            beyond = self._beyond(month_start)
        if beyond is not None and index > beyond.after_month:
            price = self._price("beyond_regular_months", beyond.base, beyond.rate, beyond_on)
            after = beyond.after_month
            return price, f"month {index} > {after}: ", f"第 {index} 个月（超过 {after} 个月）："
        low = 1
        for band in bands:
            if index <= band.through_month:
                break
            low = band.through_month + 1
        else:
            raise PolicyError(
                f"benefit standard in force on {on} has no rate for month {index} "
                "and no rule for months beyond it (beyond_regular_months)"
            )
        price = self._price("benefit_standard", standard.base, band.rate, on, group_clause)
        upto = band.through_month
        group_zh = "，特定群体" if group else ""
        return (
            price,
            f"month {index} (rate of months {low}–{upto}{group}): ",
            f"第 {index} 个月（第 {low}–{upto} 个月费率{group_zh}）：",
        )

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


def pay_by_dates(rules: Compiled, person: Claimant, count: int) -> list[dt.date | None]:
    """XC7 (G6): claims up to the cutoff day are paid by the month's end, later ones a month
    later; each later month by the end of the calendar month after the one before."""
    app = person.application_date
    rule = rules.at(month_end(app.year, app.month)).pay_by
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
