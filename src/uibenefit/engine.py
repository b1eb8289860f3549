"""The engine: one Decision from a resolved policy, a claimant, events and an audit date.

Everything is a pure function of (policy, claimant, events, as_of). `evaluate` computes the
facts (the retirement date among them) once and hands them to eligibility, entitlement,
schedule, stop and paperwork. The concepts live in their own modules (`entitlement`,
`schedule`, `stops`); this module joins them and re-exports their public functions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from .claimant import Claimant
from .entitlement import (
    FACT_CHOICES,
    FACT_KINDS,
    ONE_DAY,
    age_in_years,
    eligibility,
    entitlement,
    facts,
    is_eligible,
    month_end,
    period,
    retirement_date,
    start_date,
)
from .errors import CalendarCoverageError
from .paperwork import paperwork
from .results import Decision, Paperwork
from .schedule import pay_by, payout_schedule, percent, zero
from .stops import _check_as_of, _marked, check_events, stop

if TYPE_CHECKING:
    from .policy import Policy


__all__ = [
    "FACT_CHOICES",
    "FACT_KINDS",
    "ONE_DAY",
    "age_in_years",
    "check_events",
    "eligibility",
    "entitlement",
    "evaluate",
    "facts",
    "is_eligible",
    "month_end",
    "pay_by",
    "payout_schedule",
    "percent",
    "period",
    "retirement_date",
    "start_date",
    "stop",
]


def evaluate(
    policy: Policy,
    person: Claimant,
    events: object,
    as_of: dt.date | None,
) -> Decision:
    """Eligibility, entitlement, schedule, stop and paperwork in one Decision; facts computed once."""
    evs = check_events(policy, events, person)
    _check_as_of(as_of)
    f = facts(policy, person)
    elig = eligibility(policy, person, f)
    ent = entitlement(policy, person, elig.eligible, f)
    schedule = payout_schedule(policy, person, ent, f)
    stopped = stop(policy, person, evs, as_of, schedule, ent, f)
    if stopped.stopped and stopped.months_forfeited:
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
        totals["paid_monthly"] = sum((a for a in due if a is not None), zero(policy, person))
    if stopped.lump_sum is not None:
        totals["lump_sum"] = stopped.lump_sum
    if stopped.overpaid:
        totals["overpaid"] = stopped.overpaid
    # the notices after the last benefit month (XC9, XC10) follow the months actually paid
    paid_ent = ent
    if stopped.stopped:
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
        policy.origin,
    )
