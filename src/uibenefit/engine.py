"""The engine: eligibility, entitlement, payout schedule and stops, from a resolved policy.

Everything here is a pure function of (policy, claimant, events, as_of). Numbers, dates and
readings come from the policy's parameters; this module only knows how to combine them.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta

from . import retirement
from ._params import Band, BeyondMonths, Rounding, Standard
from .claimant import EVENT_KINDS, Claimant, Event
from .errors import InputError, PolicyError
from .results import (
    Citation,
    Eligibility,
    Entitlement,
    Finding,
    Payment,
    StopDecision,
)

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
}
"""The variables a condition in a policy file may read, with their kinds."""


def month_end(year: int, month: int) -> dt.date:
    """The last day of a calendar month."""
    return dt.date(year, month, _cal.monthrange(year, month)[1])


def age_in_years(birth: dt.date, on: dt.date) -> int:
    """Whole years of age on a date (a birthday on 29 February counts on 28 February)."""
    return relativedelta(on, birth).years


def start_date(policy: Policy, person: Claimant) -> dt.date:
    """Benefit runs from the registration date (SIL-50, IM1); with none, from the claim (N5, IM7)."""
    rule = policy.value("benefit_start", person.application_date)
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


def facts(policy: Policy, person: Claimant) -> dict[str, Any]:
    """The values conditions read, computed once per claimant."""
    start = start_date(policy, person)
    retire = retirement_date(policy, person)
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
    }


def _fill(template: str, values: dict[str, Any]) -> str:
    shown = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}
    return template.format_map(shown)


def eligibility(policy: Policy, person: Claimant) -> Eligibility:
    """Every eligibility rule of the policy, in file order, then the notes that apply."""
    f = facts(policy, person)
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
                _fill(text.zh, f),
                _fill(text.en, f),
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
                    _fill(note.text.zh, f),
                    _fill(note.text.en, f),
                    policy.cite(note.clause),
                    tuple(str(leaf) for leaf in leaves),
                )
            )
    return Eligibility(eligible, tuple(findings))


def _tier_months(policy: Policy, person: Claimant) -> int:
    tiers = policy.value("regular_months_tiers", person.application_date) or []
    months = 0
    for tier in tiers:
        if person.contribution_months >= tier.min_contribution_months:
            months = max(months, tier.months)
    return int(months)


def period(start: dt.date, index: int) -> tuple[dt.date, dt.date]:
    """Benefit month `index` (1-based): computed from the start, never chained."""
    first = start + relativedelta(months=index - 1)
    last = start + relativedelta(months=index) - ONE_DAY
    return first, last


def entitlement(policy: Policy, person: Claimant, eligible: bool | None = None) -> Entitlement:
    """Regular months (SIL-46), merged with unused months, and continuation (N1, IM1)."""
    if eligible is None:
        eligible = eligibility(policy, person).eligible
    start = start_date(policy, person)
    retire = retirement_date(policy, person)
    on = person.application_date
    tier = _tier_months(policy, person)
    cap = int(policy.value("regular_months_cap", on))
    cites = [policy.param_citation("regular_months_tiers", on)]
    reasons: list[str] = []
    if not eligible:
        return Entitlement(
            0,
            0,
            0,
            start,
            start - ONE_DAY,
            start - ONE_DAY,
            retire,
            tier,
            tuple(cites),
            ("not eligible",),
        )
    regular = min(tier + person.prior_unused_months, cap)
    if person.prior_unused_months:
        reasons.append(
            f"{tier} + {person.prior_unused_months} unused = {tier + person.prior_unused_months}, cap {cap}"
        )
        cites.append(policy.param_citation("regular_months_cap", on))
    regular_end = period(start, regular)[1] if regular else start - ONE_DAY
    end = regular_end
    threshold = policy.value("continuation_threshold_months", regular_end) if regular else None
    near = threshold is not None and regular_end + relativedelta(months=threshold) > retire
    if near and regular_end + ONE_DAY < retire:
        end = retire - ONE_DAY
        cites.append(policy.param_citation("continuation_threshold_months", regular_end))
        reasons.append(f"retirement {retire} is less than {threshold} months after {regular_end}")
    total = regular
    while period(start, total + 1)[0] <= end:
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
    )


def _round(amount: Decimal, rule: Rounding) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-rule.places), rounding=rule.mode)


def _base(policy: Policy, person: Claimant, base: str, on: dt.date) -> tuple[Decimal, str]:
    wages = policy.value("minimum_wage", on)
    if not wages:
        raise PolicyError(f"no minimum wage table in force on {on}")
    if base == "region_tier1_minimum_wage":
        tier = 1
    else:
        chosen = policy.value("pooling_area_tier", on)
        if chosen == "insured_area":
            tiers = policy.value("minimum_wage_area_tiers", on) or {}
            if person.insured_area is None:
                raise InputError(
                    "needed to find the minimum wage tier of the pooling area (G10)",
                    field="insured_area",
                )
            if person.insured_area not in tiers:
                raise InputError(
                    f"area {person.insured_area} has no minimum wage tier in this policy on {on} "
                    f"(known: {', '.join(sorted(tiers))})",
                    field="insured_area",
                )
            tier = tiers[person.insured_area]
        else:
            tier = int(chosen)
    if tier not in wages:
        raise PolicyError(f"minimum wage table in force on {on} has no tier {tier}")
    return Decimal(wages[tier]), f"tier {tier}"


def percent(rate: Decimal) -> str:
    """0.80 → '80%'."""
    return f"{(rate * 100).normalize():f}%"


def _band(bands: Sequence[Band], index: int) -> Band | None:
    for band in bands:
        if index <= band.through_month:
            return band
    return None


def payout_schedule(
    policy: Policy, person: Claimant, ent: Entitlement | None = None
) -> list[Payment]:
    """One Payment per entitlement month: period, amount, pay-by date, medical insurance."""
    if ent is None:
        ent = entitlement(policy, person)
    f = facts(policy, person)
    rounding: Rounding = policy.value("money_rounding", person.application_date)
    reading = policy.value("standard_date", person.application_date)
    medical = bool(policy.value("medical_insurance_while_receiving", person.application_date))
    payments: list[Payment] = []
    for i in range(1, ent.total_months + 1):
        first, last = period(ent.start, i)
        last = min(last, ent.end)
        on = person.application_date if reading == "application_date" else first
        amount, basis, cite, rate, base = _amount(policy, person, f, i, on, rounding)
        payments.append(
            Payment(
                i,
                first,
                last,
                amount,
                basis,
                pay_by(policy, person, i),
                medical,
                "regular" if i <= ent.regular_months else "continuation",
                cite,
                rate,
                base,
            )
        )
    return payments


def _amount(
    policy: Policy, person: Claimant, f: dict[str, Any], index: int, on: dt.date, rounding: Rounding
) -> tuple[Decimal | None, str, Citation, Decimal | None, Decimal | None]:
    standard: Standard | None = (
        policy.value("benefit_standard", on) if policy.has("benefit_standard") else None
    )
    if standard is None:
        cite = policy.cite("SIL-47")
        return (
            None,
            f"no benefit standard in this policy on {on} (set by the province)",
            cite,
            None,
            None,
        )
    beyond: BeyondMonths | None = (
        policy.value("beyond_regular_months", on) if policy.has("beyond_regular_months") else None
    )
    if beyond is not None and index > beyond.after_month:
        base, tier = _base(policy, person, beyond.base, on)
        cite = policy.param_citation("beyond_regular_months", on)
        amount = _round(base * beyond.rate, rounding)
        return (
            amount,
            (
                f"month {index} > {beyond.after_month}: {base} ({tier}, {on}) × "
                f"{percent(beyond.rate)} = {amount}"
            ),
            cite,
            beyond.rate,
            base,
        )
    bands = standard.rates
    group = ""
    cite = policy.param_citation("benefit_standard", on)
    if standard.special_group is not None:
        condition = policy.special_group_condition(on)
        if condition is not None and condition.holds(f, policy.lookup(on)):
            bands = standard.special_group.rates
            group = ", special group"
    band = _band(bands, index)
    if band is None:
        raise PolicyError(f"benefit standard in force on {on} has no rate for month {index}")
    base, tier = _base(policy, person, standard.base, on)
    amount = _round(base * band.rate, rounding)
    basis = (
        f"month {index} (≤ {band.through_month}{group}): {base} ({tier}, {on}) × "
        f"{percent(band.rate)} = {amount}"
    )
    return amount, basis, cite, band.rate, base


def pay_by(policy: Policy, person: Claimant, index: int) -> dt.date | None:
    """XC7: claims by the cutoff day are paid by the month's end, later ones a month later."""
    if not policy.has("pay_by"):
        return None
    first_due = month_end(person.application_date.year, person.application_date.month)
    rule = policy.value("pay_by", first_due)
    if rule is None:
        return None
    day = person.application_date.day
    early = day < rule.cutoff_day or (
        day == rule.cutoff_day and rule.cutoff_day_counts_as == "before"
    )
    shift = (0 if early else 1) + index - 1
    target = person.application_date.replace(day=1) + relativedelta(months=shift)
    return month_end(target.year, target.month)


def _order(event: Event) -> tuple[dt.date, int]:
    return event.on, EVENT_KINDS.index(event.kind)


def stop(
    policy: Policy,
    person: Claimant,
    events: Sequence[Event],
    as_of: dt.date | None = None,
    schedule: Sequence[Payment] | None = None,
    ent: Entitlement | None = None,
) -> StopDecision:
    """The earliest effective stop ground decides; later months are forfeited or paid at once."""
    for i, event in enumerate(events):
        if not isinstance(event, Event):
            raise InputError(f"expected an Event, got {type(event).__name__}", field=f"events[{i}]")
        if event.kind not in policy.stop_grounds:
            raise InputError(
                f"'{event.kind}' is not a stop ground in policy {policy.name}",
                field=f"events[{i}].kind",
            )
    if ent is None:
        ent = entitlement(policy, person)
    if schedule is None:
        schedule = payout_schedule(policy, person, ent)
    total = len(schedule)
    effective = sorted((e for e in events if e.on <= ent.end), key=_order)
    ignored = tuple(
        f"{e.kind} on {e.on}: after the last day paid ({ent.end})" for e in events if e.on > ent.end
    )
    if not effective or total == 0:
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
    lump: Decimal | None = None
    if ground.effect == "lump_sum" and event.on >= ent.start and forfeited:
        amounts = [p.amount for p in rest]
        lump = (
            sum((a for a in amounts if a is not None), Decimal(0)) if None not in amounts else None
        )
    overpaid = Decimal(0)
    if as_of is not None:
        overpaid = sum(
            (p.amount for p in rest if p.pay_by is not None and p.pay_by <= as_of and p.amount),
            Decimal(0),
        )
    fine = (overpaid, overpaid * 3) if overpaid else None
    notes: list[Finding] = []
    if paid > ent.regular_months and ent.continuation_months:
        notes.append(
            Finding(
                "stop_during_continuation",
                None,
                "续发期间发生停止发放情形的，停止续发失业保险金。",
                "A stop ground during continuation stops the continuation too.",
                policy.cite("N1"),
            )
        )
    if overpaid:
        notes.append(
            Finding(
                "overpayment",
                None,
                f"停发后已发放 {overpaid} 元，应予追回；骗取的，并处 {overpaid}–{overpaid * 3} 元罚款。",
                f"{overpaid} paid after the stop is recovered (N8); where obtained by "
                f"fraud, a fine of {overpaid} to {overpaid * 3} may be added (条例 28).",
                policy.cite("UIR-28") if policy.has_clause("UIR-28") else policy.cite("N8"),
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
        ignored,
    )
