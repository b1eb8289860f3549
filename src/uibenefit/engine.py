"""The engine: eligibility, entitlement, payout schedule and stops, from a resolved policy.

Everything here is a pure function of (policy, claimant, events, as_of). Numbers, dates and
readings come from the policy's parameters; this module only knows how to combine them.
`evaluate` computes the facts (the retirement date among them) once and hands them down to
eligibility, entitlement, schedule and stop.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import retirement
from ._params import Band, BeyondMonths, Rounding, Standard
from .claimant import EARLIEST, EVENT_KINDS, LATEST, Claimant, Event
from .errors import CalendarCoverageError, InputError, PolicyError
from .results import (
    Citation,
    Decision,
    Eligibility,
    Entitlement,
    Finding,
    Paperwork,
    Payment,
    StopDecision,
)
from .retirement import add_months

if TYPE_CHECKING:
    from .policy import Policy

ONE_DAY = dt.timedelta(days=1)

FACT_KINDS: dict[str, str] = {
    "contribution_months": "int",
    "separation_reason": "str",
    "registered_reason": "str",
    "reason_differs": "bool",
    "sex": "str",
    "position": "str",
    "insured_as": "str",
    "seeking_work": "bool",
    "receiving_pension": "bool",
    "spouse_receiving_benefit": "bool",
    "prior_unused_months": "int",
    "insured_area": "str",
    "separation_date": "date",
    "application_date": "date",
    "registration_date": "date",
    "registered_at_claim": "bool",
    "start_date": "date",
    "days_to_claim": "int",
    "age_years_on_application": "int",
    "retirement_date": "date",
    "past_retirement_age_on_start": "bool",
    "separation_reason_name": "str",
    "registered_reason_name": "str",
}
"""The variables a condition in a policy file may read, with their kinds."""


# -- dates ---------------------------------------------------------------------------------


def month_end(year: int, month: int) -> dt.date:
    """The last day of a calendar month."""
    return add_months(dt.date(year, 1, 31), month - 1)  # 31 January, clamped to the month


def age_in_years(birth: dt.date, on: dt.date) -> int:
    """Whole years of age on a date (a birthday on 29 February counts on 28 February)."""
    years = on.year - birth.year
    return years - 1 if add_months(birth, 12 * years) > on else years


def period(start: dt.date, index: int) -> tuple[dt.date, dt.date]:
    """Benefit month `index` (1-based): computed from the start, never chained."""
    return add_months(start, index - 1), add_months(start, index) - ONE_DAY


def start_date(policy: Policy, person: Claimant) -> dt.date:
    """Benefit runs from the registration date (SIL-50, IM1); with none, from the claim (N5, IM7)."""
    rule = policy.required("benefit_start", person.application_date)
    if rule == "registration_date" and person.registration_date is not None:
        return person.registration_date
    return person.application_date


def retirement_date(policy: Policy, person: Claimant) -> dt.date:
    """Statutory retirement date under the law in force when the old age is reached."""
    key = retirement.age_key(person.sex, person.position)
    table = policy.table("retirement_age")
    first = table.values[0].value
    reached = retirement.old_age_date(person.birth_date, first, key)
    ages = table.at(reached) or first
    return retirement.retirement_date(person.birth_date, ages, key)


# -- facts and eligibility -----------------------------------------------------------------


def facts(policy: Policy, person: Claimant) -> dict[str, Any]:
    """The values conditions read, computed once per claimant."""
    start = start_date(policy, person)
    retire = retirement_date(policy, person)
    names: dict[str, str] = {}
    if policy.has("separation_reason_names"):
        names = policy.value("separation_reason_names", person.application_date) or {}
    registered = person.registered_reason
    return {
        "contribution_months": person.contribution_months,
        "separation_reason": person.separation_reason,
        "registered_reason": person.registered_reason,
        "reason_differs": person.registered_reason is not None
        and person.registered_reason != person.separation_reason,
        "sex": person.sex,
        "position": person.position,
        "insured_as": person.insured_as,
        "seeking_work": person.seeking_work,
        "receiving_pension": person.receiving_pension,
        "spouse_receiving_benefit": person.spouse_receiving_benefit,
        "prior_unused_months": person.prior_unused_months,
        "insured_area": person.insured_area,
        "separation_date": person.separation_date,
        "application_date": person.application_date,
        "registration_date": person.registration_date or person.application_date,
        "registered_at_claim": person.registration_date is None,
        "start_date": start,
        "days_to_claim": (person.application_date - person.separation_date).days,
        "age_years_on_application": age_in_years(person.birth_date, person.application_date),
        "retirement_date": retire,
        "past_retirement_age_on_start": start >= retire,
        "separation_reason_name": names.get(person.separation_reason, person.separation_reason),
        "registered_reason_name": None if registered is None else names.get(registered, registered),
    }


def eligibility(policy: Policy, person: Claimant, f: dict[str, Any] | None = None) -> Eligibility:
    """Every eligibility rule of the policy, in file order, then the notes that apply."""
    if f is None:
        f = facts(policy, person)
    shown = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in f.items()}
    param = policy.lookup(person.application_date)
    findings: list[Finding] = []
    eligible = True
    for rule in policy.rules:
        if rule.when is not None and not rule.when.holds(f, param):
            continue
        ok, leaves = rule.requires.trace(f, param)
        eligible = eligible and ok
        text = rule.passed if ok else rule.failed
        findings.append(
            Finding(
                rule.id,
                ok,
                text.zh.format_map(shown),
                text.en.format_map(shown),
                policy.cite(rule.clause),
                tuple(str(leaf) for leaf in leaves),
            )
        )
    for note in policy.notes:
        ok, leaves = note.when.trace(f, param) if note.when is not None else (True, [])
        if ok:
            findings.append(
                Finding(
                    note.id,
                    None,
                    note.text.zh.format_map(shown),
                    note.text.en.format_map(shown),
                    policy.cite(note.clause),
                    tuple(str(leaf) for leaf in leaves),
                )
            )
    return Eligibility(eligible, tuple(findings))


def is_eligible(policy: Policy, person: Claimant, f: dict[str, Any] | None = None) -> bool:
    """`eligibility(...).eligible` without building the findings."""
    if f is None:
        f = facts(policy, person)
    param = policy.lookup(person.application_date)
    return all(
        rule.requires.holds(f, param)
        for rule in policy.rules
        if rule.when is None or rule.when.holds(f, param)
    )


# -- entitlement ---------------------------------------------------------------------------


def _tier_months(policy: Policy, person: Claimant) -> int:
    tiers = policy.value("regular_months_tiers", person.application_date) or []
    months = 0
    for tier in tiers:
        if person.contribution_months >= tier.min_contribution_months:
            months = max(months, tier.months)
    return int(months)


def entitlement(
    policy: Policy,
    person: Claimant,
    eligible: bool | None = None,
    f: dict[str, Any] | None = None,
) -> Entitlement:
    """Regular months (SIL-46, merged with unused months), and continuation (N1, IM1, RR-7).

    The regular period is paid in full even past the retirement date (N5). It continues to the
    day before the retirement date when, on its last day, that date is less than
    `continuation_threshold_months` away (the parameter has no value before 2019-12-01).
    """
    if f is None:
        f = facts(policy, person)
    if eligible is None:
        eligible = is_eligible(policy, person, f)
    start: dt.date = f["start_date"]
    retire: dt.date = f["retirement_date"]
    on = person.application_date
    tier = _tier_months(policy, person)
    cites = [policy.param_citation("regular_months_tiers", on)]
    if not eligible:
        none = start - ONE_DAY
        return Entitlement(
            0, 0, 0, start, none, none, retire, tier, tuple(cites), ("not eligible",)
        )
    cap = int(policy.required("regular_months_cap", on))
    reasons: list[str] = []
    merged = tier + person.prior_unused_months
    regular = min(merged, cap)
    if person.prior_unused_months:
        reasons.append(
            f"{tier} + {person.prior_unused_months} unused = {merged}, at most {cap}: {regular}"
        )
        cites.append(policy.param_citation("regular_months_cap", on))
    regular_end = add_months(start, regular) - ONE_DAY
    end = regular_end
    total = regular
    if regular:
        threshold = policy.value("continuation_threshold_months", regular_end)
        if (
            threshold is not None
            and add_months(regular_end, threshold) > retire
            and regular_end + ONE_DAY < retire
        ):
            end = retire - ONE_DAY
            cites.append(policy.param_citation("continuation_threshold_months", regular_end))
            reasons.append(
                f"on {regular_end} retirement ({retire}) is less than {threshold} months away: "
                f"continued to {end}"
            )
            while add_months(start, total) <= end:
                total += 1
    return Entitlement(
        regular,
        total - regular,
        total,
        start,
        end,
        regular_end,
        retire,
        tier,
        tuple(cites),
        tuple(reasons),
        person.prior_unused_months,
    )


# -- amounts -------------------------------------------------------------------------------


def percent(rate: Decimal) -> str:
    """0.80 → '80%'."""
    return f"{(rate * 100).normalize():f}%"


class _Unpriced(Exception):
    """The amount cannot be known from this claimant's data (e.g. no insured area)."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh


def _base(policy: Policy, person: Claimant, base: str, on: dt.date) -> tuple[Decimal, int, bool]:
    """The minimum wage a standard is a share of, its tier (G10), and whether the tier of the
    area is an assumption (listed in `minimum_wage_area_tiers_assumed` on that date)."""
    wages = policy.value("minimum_wage", on) if policy.has("minimum_wage") else None
    if not wages:
        raise PolicyError(f"policy '{policy.name}' has no minimum wage table in force on {on}")
    assumed = False
    if base == "region_tier1_minimum_wage":
        tier = 1
    else:
        chosen = policy.value("pooling_area_tier", on)
        if chosen == "insured_area":
            dated = policy.table("minimum_wage_area_tiers").dated(on)
            tiers = dated.value if dated is not None else {}
            if person.insured_area is None:
                raise _Unpriced(
                    "amount unknown: the minimum wage tier of the pooling area (G10) needs "
                    "insured_area, the GB/T 2260 code of the insured place, e.g. '152201'",
                    "金额未定：统筹地区最低工资档次（G10）需提供参保地区划代码 insured_area，如 152201",
                )
            if person.insured_area not in tiers:
                raise InputError(
                    f"area {person.insured_area} has no minimum wage tier in policy "
                    f"'{policy.name}' on {on} (known: {', '.join(sorted(tiers))})",
                    field="insured_area",
                )
            tier = tiers[person.insured_area]
            if policy.has("minimum_wage_area_tiers_assumed"):
                guessed = policy.value("minimum_wage_area_tiers_assumed", on) or ()
                assumed = person.insured_area in guessed
        else:
            tier = int(chosen)
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
                base, tier, assumed = _base(self.policy, self.person, base_kind, on)
            except _Unpriced as why:
                self._memo[key] = _Price(None, why.en, why.zh, cite, rate)
            else:
                amount = self.round(base * rate)
                shown = percent(rate)
                flag_en = ", tier assumed" if assumed else ""
                flag_zh = "，档次为假设" if assumed else ""
                self._memo[key] = _Price(
                    amount,
                    f"minimum wage {base} (tier {tier}{flag_en}, {on}) × {shown} = {amount}",
                    f"最低工资 {base}（第{tier}档{flag_zh}，{on}）× {shown} = {amount}",
                    cite,
                    rate,
                    base,
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
        name = self.policy.name
        return _Price(
            None,
            f"no benefit standard in policy '{name}' on {on}: the province sets it (SIL-47)",
            f"本政策（{name}）无 {on} 的失业保险金标准：由省级人民政府确定（社会保险法第四十七条）",
            self.policy.cite("SIL-47"),
        )


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
            )
        )
    return payments


# -- stops ---------------------------------------------------------------------------------


def check_events(
    policy: Policy, events: object, person: Claimant | None = None
) -> tuple[Event, ...]:
    """Events as a tuple; anything that is not an Event of a stop ground is refused (N6), and
    so is an event before the separation (nothing can stop a benefit that had not begun)."""
    if isinstance(events, Event) or not isinstance(events, Iterable):
        raise InputError(f"expected a list of Events, got {type(events).__name__}", field="events")
    checked = tuple(events)
    for i, event in enumerate(checked):
        if not isinstance(event, Event):
            raise InputError(f"expected an Event, got {type(event).__name__}", field=f"events[{i}]")
        if event.kind not in policy.stop_grounds:
            grounds = ", ".join(policy.stop_grounds)
            raise InputError(
                f"'{event.kind}' is not a stop ground in policy '{policy.name}' "
                f"(N6: only the statutory grounds stop payment: {grounds})",
                field=f"events[{i}].kind",
            )
        if person is not None and event.on < person.separation_date:
            raise InputError(
                f"{event.kind} on {event.on} is before the separation ({person.separation_date})",
                field=f"events[{i}].on",
            )
    return checked


def _check_as_of(as_of: object) -> None:
    if as_of is not None and (not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime)):
        raise InputError(f"expected a date (YYYY-MM-DD) or None, got {as_of!r}", field="as_of")
    if as_of is not None and not EARLIEST <= as_of <= LATEST:
        raise InputError(f"{as_of} is outside {EARLIEST.year}–{LATEST.year}", field="as_of")


def _order(event: Event) -> tuple[dt.date, int]:
    return event.on, EVENT_KINDS.index(event.kind)


def _ignored(policy: Policy, event: Event, zh: str, en: str) -> Finding:
    ground = policy.stop_grounds[event.kind]
    return Finding(event.kind, None, zh, en, policy.cite(ground.clause))


def stop(
    policy: Policy,
    person: Claimant,
    events: object,
    as_of: dt.date | None = None,
    schedule: Sequence[Payment] | None = None,
    ent: Entitlement | None = None,
    f: dict[str, Any] | None = None,
) -> StopDecision:
    """The earliest stop ground on or before the last day paid decides.

    A month whose period starts before the event date is paid, later months are not
    (`last_month_paid: containing` pays the month the event falls in too, SIL-49). On a
    `lump_sum` ground (IM5) the months not paid monthly are paid at once. `overpaid` is the sum
    of the months not due whose pay-by date is on or before `as_of` (N8).
    """
    evs = check_events(policy, events, person)
    _check_as_of(as_of)
    if f is None:
        f = facts(policy, person)
    if ent is None:
        ent = entitlement(policy, person, None, f)
    if schedule is None:
        schedule = payout_schedule(policy, person, ent, f)
    total = len(schedule)
    if total == 0:
        ignored = tuple(
            _ignored(
                policy,
                e,
                f"{e.on} {policy.stop_grounds[e.kind].text.zh}：不符合领取条件，无可停发的月份。",
                f"{e.kind} on {e.on}: not entitled, so there is nothing to stop.",
            )
            for e in evs
        )
        return StopDecision(False, None, None, 0, 0, None, Decimal(0), None, ignored_events=ignored)
    ignored = tuple(
        _ignored(
            policy,
            e,
            f"{e.on} {policy.stop_grounds[e.kind].text.zh}：在领取期满（{ent.end}）之后，不影响发放。",
            f"{e.kind} on {e.on}: after the last day paid ({ent.end}), so it stops nothing.",
        )
        for e in evs
        if e.on > ent.end
    )
    effective = sorted((e for e in evs if e.on <= ent.end), key=_order)
    if not effective:
        return StopDecision(
            False, None, None, total, 0, None, Decimal(0), None, ignored_events=ignored
        )
    event = effective[0]
    ground = policy.stop_grounds[event.kind]
    if ground.last_month_paid == "containing":
        paid = sum(1 for p in schedule if p.period_start <= event.on)
    else:
        paid = sum(1 for p in schedule if p.period_start < event.on)
    forfeited = total - paid
    rest = schedule[paid:]
    notes: list[Finding] = []

    def owed_by_as_of(months: Sequence[Payment]) -> Decimal:
        if as_of is None:
            return Decimal(0)
        return sum(
            (p.amount for p in months if p.amount and p.pay_by is not None and p.pay_by <= as_of),
            Decimal(0),
        )

    lump: Decimal | None = None
    medical: bool | None = None
    outstanding: Decimal | None = None
    overpaid = Decimal(0)
    if ground.effect == "lump_sum" and event.on >= ent.start and forfeited:
        amounts = [p.amount for p in rest]
        if None not in amounts:
            lump = sum((a for a in amounts if a is not None), Decimal(0))
        if policy.has("medical_insurance_on_lump_sum"):
            medical = policy.value("medical_insurance_on_lump_sum", event.on)
            if medical is not None:
                cite = policy.param_citation("medical_insurance_on_lump_sum", event.on)
                notes.append(
                    Finding(
                        "lump_sum_medical_insurance",
                        None,
                        "一次性领取的，经办机构"
                        + ("代缴" if medical else "不代缴")
                        + "基本医疗保险费。",
                        "Taken at once: medical insurance is "
                        + ("" if medical else "not ")
                        + "paid on the person's behalf.",
                        cite,
                    )
                )
        already = owed_by_as_of(rest)
        if lump is not None:
            outstanding = lump - already
            if already:
                notes.append(
                    Finding(
                        "lump_sum_outstanding",
                        None,
                        f"截至 {as_of} 已按月发放 {already} 元，一次性领取余额 {lump} − {already} = "
                        f"{outstanding} 元。",
                        f"By {as_of}, {already} of it was already paid monthly: "
                        f"{lump} − {already} = {outstanding} remains to be paid at once.",
                        policy.cite(ground.clause),
                    )
                )
    else:
        overpaid = owed_by_as_of(rest)
        if as_of is not None and any(p.pay_by is None for p in rest):
            notes.append(
                Finding(
                    "overpayment_unknown",
                    None,
                    "本政策未规定到账截止日期，无法计算停发后多发的金额。",
                    "This policy sets no pay-by dates, so what was paid after the stop cannot "
                    "be computed; overpaid counts only months with a pay-by date.",
                    policy.cite("N8"),
                )
            )
    fine: tuple[Decimal, Decimal] | None = None
    if overpaid:
        multiples = (
            policy.value("fraud_fine_multiples", event.on)
            if policy.has("fraud_fine_multiples")
            else None
        )
        recovered = (
            f"停发后的月份中到账截止日在 {as_of} 或之前的共 {overpaid} 元，如已发放，应予追回。",
            f"{overpaid} fell due by {as_of} for months after the stop: if it was paid, it is "
            "recovered (N8).",
        )
        notes.append(Finding("overpayment", None, *recovered, policy.cite("N8")))
        if multiples:
            low, high = (overpaid * Decimal(m) for m in multiples)
            fine = (low, high)
            cite = policy.param_citation("fraud_fine_multiples", event.on)
            notes.append(
                Finding(
                    "fraud_fine",
                    None,
                    f"以欺诈手段骗取的，责令退还；情节严重的，处骗取金额 {multiples[0]}–{multiples[1]} "
                    f"倍即 {low}–{high} 元的罚款（仅作提示，不在此计收）。",
                    f"If obtained by fraud it is repaid, and a serious case may be fined "
                    f"{multiples[0]} to {multiples[1]} times: {low} to {high} (reported, not "
                    "charged here).",
                    cite,
                )
            )
    if event.on > ent.regular_end and ent.continuation_months:
        notes.append(
            Finding(
                "stop_during_continuation",
                None,
                "续发期间发生停止发放情形的，停止续发失业保险金。",
                "A stop ground during continuation stops the continuation too.",
                policy.cite("N1"),
            )
        )
    if ground.note is not None:
        notes.append(
            Finding(
                f"{event.kind}_note",
                None,
                ground.note.zh,
                ground.note.en,
                policy.cite(ground.clause),
            )
        )
    later = tuple(
        _ignored(
            policy,
            e,
            f"{e.on} {policy.stop_grounds[e.kind].text.zh}：已于 {event.on} 停发。",
            f"{e.kind} on {e.on}: payment had already stopped on {event.on}.",
        )
        for e in effective[1:]
    )
    return StopDecision(
        True,
        event.on,
        event.kind,
        paid,
        forfeited,
        lump,
        overpaid,
        policy.cite(ground.clause),
        ground.text.zh,
        ground.text.en,
        tuple(notes),
        fine,
        later + ignored,
        ground.effect,
        medical,
        outstanding,
    )


def _marked(p: Payment, status: str, medical: bool) -> Payment:
    """The payment as a stop leaves it: forfeited or in the lump sum, medical insurance as set."""
    return dataclasses.replace(p, medical_insurance_paid=medical, status=status)


# -- the whole decision --------------------------------------------------------------------


def evaluate(
    policy: Policy,
    person: Claimant,
    events: object,
    as_of: dt.date | None,
) -> Decision:
    """Eligibility, entitlement, schedule, stop and paperwork in one Decision; facts computed once."""
    from .paperwork import paperwork

    evs = check_events(policy, events, person)
    _check_as_of(as_of)
    f = facts(policy, person)
    elig = eligibility(policy, person, f)
    ent = entitlement(policy, person, elig.eligible, f)
    schedule = payout_schedule(policy, person, ent, f)
    stopped = stop(policy, person, evs, as_of, schedule, ent, f) if evs else None
    if stopped is not None and stopped.stopped and stopped.months_forfeited:
        at_once = (
            stopped.effect == "lump_sum" and stopped.on is not None and stopped.on >= ent.start
        )
        status = "lump_sum" if at_once else "forfeited"
        medical = bool(stopped.lump_sum_medical_insurance) and status == "lump_sum"
        keep = stopped.months_paid
        schedule = schedule[:keep] + [_marked(p, status, medical) for p in schedule[keep:]]
    totals: dict[str, Decimal] = {}
    due = [p.amount for p in schedule if p.status == "due"]
    if None not in due:
        totals["paid_monthly"] = sum((a for a in due if a is not None), Decimal(0))
    if stopped is not None and stopped.lump_sum is not None:
        totals["lump_sum"] = stopped.lump_sum
    if stopped is not None and stopped.overpaid:
        totals["overpaid"] = stopped.overpaid
    # the notices after the last benefit month (XC9, XC10) follow the months actually paid
    paid_ent = ent
    if stopped is not None and stopped.stopped:
        kept = stopped.months_paid
        last = schedule[kept - 1].period_end if kept else ent.start - ONE_DAY
        paid_ent = dataclasses.replace(ent, end=last, total_months=kept)
    warnings: list[str] = []
    try:
        papers: Paperwork | None = paperwork(policy, person, None, f, paid_ent)
    except CalendarCoverageError as gap:
        papers = None
        warnings.append(f"paperwork not given: {gap}")
    return Decision(
        policy.layers,
        as_of,
        person.to_dict(),
        tuple(e.to_dict() for e in evs),
        elig,
        ent,
        tuple(schedule),
        stopped,
        papers,
        totals,
        tuple(layer.document.number for layer in policy.resolved.layers),
        tuple(warnings),
    )
