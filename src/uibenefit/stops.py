"""Stops: when payment ends (社会保险法 第五十一条 …), what is paid, forfeited, paid at once
(IM5) or was paid though not due (N8).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .claimant import EARLIEST, EVENT_KINDS, LATEST, Claimant, Event
from .entitlement import entitlement, facts
from .errors import InputError
from .results import (
    Entitlement,
    Finding,
    Payment,
    StopDecision,
)
from .schedule import payout_schedule, zero

if TYPE_CHECKING:
    from .policy import Policy


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
    nothing = zero(policy, person)
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
        return StopDecision(False, None, None, 0, 0, None, nothing, None, ignored_events=ignored)
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
            False, None, None, total, 0, None, nothing, None, ignored_events=ignored
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
            return nothing
        return sum(
            (p.amount for p in months if p.amount and p.pay_by is not None and p.pay_by <= as_of),
            nothing,
        )

    lump: Decimal | None = None
    medical: bool | None = None
    outstanding: Decimal | None = None
    overpaid = nothing
    if ground.effect == "lump_sum" and event.on >= ent.start and forfeited:
        amounts = [p.amount for p in rest]
        if None not in amounts:
            lump = sum((a for a in amounts if a is not None), nothing)
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
                    f"以欺诈等手段骗取的，责令退回，按所引条款处骗取金额 {multiples[0]}–{multiples[1]} "
                    f"倍即 {low}–{high} 元的罚款（仅作提示，不在此计收）。",
                    f"If obtained by fraud it is repaid, and the clause cited fines "
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
