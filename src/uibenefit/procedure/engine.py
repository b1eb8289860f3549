"""The engine: one Decision from compiled rules, a claimant, events and an audit date.

Everything is a pure function of (rules, claimant, events, as_of). The concepts live in
their own modules: `facts` (what conditions read), `eligibility`, `entitlement` (start,
retirement, duration), `schedule` (amounts and pay-by dates), `stops` and `paperwork`. This
module joins them, each step computed once and called one way: it applies the stop to the
schedule and sums the totals.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal

from ..errors import CalendarCoverageError, InputError
from ..law._compiled import Compiled
from ..law.calendar import WorkCalendar
from ..values.claimant import Claimant, Event
from ..values.results import (
    Decision,
    Eligibility,
    Entitlement,
    Legend,
    Origin,
    Paperwork,
    Payment,
    StopDecision,
    later_decision,
)
from . import _integer as P
from . import eligibility as _eligibility
from . import entitlement as _entitlement
from . import paperwork as _paperwork
from . import schedule as _schedule
from . import stops as _stops
from .facts import ONE_DAY, Facts, claim_period_end, facts, month_end


def claimant_facts(rules: Compiled, person: Claimant, calendar: WorkCalendar) -> Facts:
    """The facts of a claimant: start and retirement dates from the law in force, then the rest.

    Unused months of an earlier spell are at most what one spell holds (`regular_months_cap`
    in force on the claim): more is an InputError on `prior_unused_months`.
    """
    claim = rules.at(person.application_date)
    cap = claim.regular_months_cap  # at most one spell's months
    if cap is not None and person.prior_unused_months > cap:
        raise InputError(
            f"{person.prior_unused_months} unused months are more than one spell holds: "
            f"regular_months_cap is {cap} on {person.application_date}",
            field="prior_unused_months",
        )
    start = _entitlement.start_date(rules, person)
    retire = _entitlement.retirement_date(rules, person)
    claim_end = claim_period_end(person.separation_date, claim.claim_period_days, calendar)
    return facts(person, start, retire, claim.separation_reason_names, claim_end)


def eligibility(rules: Compiled, person: Claimant, calendar: WorkCalendar) -> Eligibility:
    """Every eligibility rule and note, with its clause."""
    return _eligibility.eligibility(rules, claimant_facts(rules, person, calendar))


def entitlement(rules: Compiled, person: Claimant, calendar: WorkCalendar) -> Entitlement:
    """Regular and continuation months, start and last day paid."""
    f = claimant_facts(rules, person, calendar)
    return _entitled(rules, person, f, _eligibility.is_eligible(rules, f))


def _entitled(rules: Compiled, person: Claimant, f: Facts, eligible: bool) -> Entitlement:
    return _entitlement.entitlement(rules, person, eligible, f["start_date"], f["retirement_date"])


def payout_schedule(rules: Compiled, person: Claimant, calendar: WorkCalendar) -> list[Payment]:
    """One payment per entitlement month."""
    f = claimant_facts(rules, person, calendar)
    ent = _entitled(rules, person, f, _eligibility.is_eligible(rules, f))
    return _schedule.payout_schedule(rules, person, ent, f)


def stop(
    rules: Compiled, person: Claimant, events: object, as_of: object, calendar: WorkCalendar
) -> StopDecision:
    """When payment stops and what is paid, forfeited, paid at once or overpaid."""
    evs = _stops.check_events(rules, events, person)
    audit = _stops.check_as_of(as_of)
    f = claimant_facts(rules, person, calendar)
    ent = _entitled(rules, person, f, _eligibility.is_eligible(rules, f))
    months = _schedule.months(rules, person, ent, f)
    nothing = _schedule.zero(rules, person.application_date)
    return _stops.stop(rules, evs, audit, months, ent, nothing)


def paperwork(rules: Compiled, person: Claimant, calendar: WorkCalendar) -> Paperwork:
    """What to bring, what nobody may ask, what the employer owes and by when, where to go."""
    f = claimant_facts(rules, person, calendar)
    ent = _entitled(rules, person, f, _eligibility.is_eligible(rules, f))
    return _paperwork.paperwork(rules, person, f, ent, calendar)


def _payments(
    rules: Compiled, months: _schedule.Months | None, stopped: StopDecision, ent: Entitlement
) -> Callable[[], tuple[Payment, ...]]:
    """What writes one Payment per month, the months after a stop forfeited or paid in the
    lump sum (medical insurance as set): each month's status is decided here, its record
    written when the schedule is first read."""
    if months is None:
        return tuple
    if not (stopped.stopped and stopped.months_forfeited):
        return lambda: tuple(months.payments())
    at_once = _stops.paid_at_once(rules, stopped, ent, months.count)
    status = "lump_sum" if at_once else "forfeited"
    medical = bool(stopped.lump_sum_medical_insurance) and status == "lump_sum"
    keep = stopped.months_paid
    return lambda: tuple(months.payments(keep, status, medical))


def _totals(
    months: _schedule.Months | None, stopped: StopDecision, nothing: Decimal
) -> dict[str, Decimal]:
    """paid_monthly: the sum of the months due (left out where one has no amount); the stop's
    lump sum and overpayment where there are any."""
    totals: dict[str, Decimal] = {}
    due = 0 if months is None else months.count
    if stopped.stopped and stopped.months_forfeited:
        due = stopped.months_paid
    units = 0
    runs = () if months is None else months.runs
    for run in runs:
        n = min(run.hi, due) - run.lo + 1
        if n <= 0:
            break
        if run.units == P.NOT_KNOWN:
            units = P.NOT_KNOWN
            break
        units += run.units * n
    if units != P.NOT_KNOWN:
        totals["paid_monthly"] = nothing
        if units and months is not None:
            totals["paid_monthly"] = nothing + Decimal(units).scaleb(-months.places)
    if stopped.lump_sum is not None:
        totals["lump_sum"] = stopped.lump_sum
    if stopped.overpaid:
        totals["overpaid"] = stopped.overpaid
    return totals


def _paid(ent: Entitlement, months: _schedule.Months | None, stopped: StopDecision) -> Entitlement:
    """The entitlement as the months actually paid leave it (notices after the last month)."""
    if months is None or not stopped.stopped:
        return ent
    kept = stopped.months_paid
    last = months.period_end(kept) if kept else ent.start - ONE_DAY
    return dataclasses.replace(ent, end=last, total_months=kept)


def _legend(rules: Compiled, person: Claimant) -> Legend:
    """The values the explanation's legends name: the pay-by cutoff and the standard date."""
    app = person.application_date
    pay_by = rules.at(month_end(app.year, app.month)).pay_by
    return Legend(
        pay_by_cutoff_day=None if pay_by is None else pay_by.cutoff_day,
        pay_by_cutoff_day_counts_as=None if pay_by is None else pay_by.cutoff_day_counts_as,
        standard_date=rules.at(app).standard_date,
        texts=rules.said(LEGEND_MESSAGES),
        names=_names(rules, person),
        english=rules.english,
    )


LEGEND_MESSAGES = (
    "retirement_no_continuation",
    "retirement_before_claim",
    "medical_insurance_while_receiving",
    "pay_by_rule",
    "pay_by_rule_exclusive",
)
"""The policy's messages the explanation says (read by these names from `messages:`)."""


def _names(rules: Compiled, person: Claimant) -> tuple[tuple[str, str, str], ...]:
    """The policy's names of the person's separation reason and insured area."""
    period = rules.at(person.separation_date)
    out: list[tuple[str, str, str]] = []
    reasons = period.separation_reason_names or {}
    if person.separation_reason in reasons:
        out.append(
            ("separation_reason", person.separation_reason, reasons[person.separation_reason])
        )
    areas = period.values.get("area_names") or {}
    if person.insured_area is not None and person.insured_area in areas:
        listed = areas[person.insured_area]
        name = listed if isinstance(listed, str) else next(iter(listed), None)
        if name:
            out.append(("insured_area", person.insured_area, str(name)))
    return tuple(out)


def evaluate(
    rules: Compiled,
    person: Claimant,
    events: object,
    as_of: object,
    calendar: WorkCalendar,
    origin: Origin,
) -> Decision:
    """Eligibility, entitlement, schedule, stop and paperwork in one Decision; facts computed once
    (`origin`, the policy's files and the engine's version, is the caller's to give)."""
    evs: tuple[Event, ...] = _stops.check_events(rules, events, person)
    audit = _stops.check_as_of(as_of)
    f = claimant_facts(rules, person, calendar)
    elig = _eligibility.eligibility(rules, f)
    ent = _entitled(rules, person, f, elig.eligible)
    months = _schedule.months(rules, person, ent, f)
    nothing = _schedule.zero(rules, person.application_date)
    stopped = _stops.stop(rules, evs, audit, months, ent, nothing)
    warnings: list[str] = []
    try:
        papers: Paperwork | None = _paperwork.paperwork(
            rules, person, f, _paid(ent, months, stopped), calendar
        )
    except CalendarCoverageError as gap:
        papers = None
        warnings.append(f"paperwork not given: {gap}")
    return later_decision(
        {
            "claimant": person.to_dict,
            "schedule": _payments(rules, months, stopped, ent),
            "legend": lambda: _legend(rules, person),
        },
        policy=rules.layers,
        as_of=audit,
        events=tuple(e.to_dict() for e in evs),
        eligibility=elig,
        entitlement=ent,
        stop=stopped,
        paperwork=papers,
        totals=_totals(months, stopped, nothing),
        documents=rules.documents,
        warnings=tuple(warnings),
        origin=origin,
    )


__all__ = [
    "claimant_facts",
    "eligibility",
    "entitlement",
    "evaluate",
    "paperwork",
    "payout_schedule",
    "stop",
]
