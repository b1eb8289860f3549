"""Stops: when payment ends (the policy's stop grounds), what is paid, forfeited, paid at once
(a `lump_sum` ground) or was paid though not due; the notes each case calls for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import InputError, did_you_mean
from ..law._compiled import Compiled, Ground
from ..law._law_tables import day, ground_codes
from ..values.claimant import EARLIEST, LATEST, Claimant, Event
from ..values.results import Citation, Entitlement, Finding, StopDecision, record_maker
from . import _integer as P
from .schedule import Months


def check_events(rules: Compiled, events: object, person: Claimant) -> tuple[Event, ...]:
    """Events as a tuple; anything that is not an Event of a stop ground is refused (N6), and
    so is an event before the separation (nothing can stop a benefit that had not begun)."""
    if isinstance(events, Event) or not isinstance(events, Iterable):
        raise InputError(f"expected a list of Events, got {type(events).__name__}", field="events")
    checked = tuple(events)
    for i, event in enumerate(checked):
        if not isinstance(event, Event):
            raise InputError(f"expected an Event, got {type(event).__name__}", field=f"events[{i}]")
        if event.kind not in rules.grounds:
            grounds = ", ".join(rules.grounds)
            raise InputError(
                f"'{event.kind}' is not a stop ground in policy '{rules.name}' (only its stop "
                f"grounds stop payment: {grounds}).{did_you_mean(event.kind, rules.grounds)}",
                field=f"events[{i}].kind",
            )
        if event.on < person.separation_date:
            raise InputError(
                f"{event.kind} on {event.on} is before the separation ({person.separation_date})",
                field=f"events[{i}].on",
            )
    return checked


def check_as_of(as_of: object) -> dt.date | None:
    """The audit date, a date within the years the engine knows, or None."""
    if as_of is None:
        return None
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise InputError(f"expected a date (YYYY-MM-DD) or None, got {as_of!r}", field="as_of")
    if not EARLIEST <= as_of <= LATEST:
        raise InputError(f"{as_of} is outside {EARLIEST.year}–{LATEST.year}", field="as_of")
    return as_of


def _ignored(rules: Compiled, event: Event, message_id: str, **values: object) -> Finding:
    """An event that stops nothing, in the policy's words (`message_id`), cited from its ground;
    where the policy says nothing of the kind, the ground's own text."""
    ground = rules.grounds[event.kind]
    text = ground.item.text
    said = rules.message(message_id)
    zh, en = text.zh, text.en
    if said is not None:
        zh, en = said.render(
            on=event.on, kind=event.kind, ground=text.zh, ground_en=text.en, **values
        )
    return Finding(id=event.kind, passed=None, text=zh, text_en=en, citation=ground.citation)


def _told(ground: Ground, note_id: str, zh: str, en: str) -> Finding:
    return Finding(id=note_id, passed=None, text=zh, text_en=en, citation=ground.citation)


@dataclass(frozen=True, slots=True)
class _Settled:
    """What `_integer.settle` found for the deciding event, as money (None: not known)."""

    lump: Decimal | None
    overpaid: Decimal | None
    outstanding: Decimal | None
    already: Decimal


def _settle(
    months: Months,
    paid: int,
    at_once: bool,
    as_of: dt.date | None,
    nothing: Decimal,
) -> _Settled:
    """The schedule's runs of amounts summed by `_integer.add_run` and settled by `settle`."""
    places = months.places
    audit = day(as_of) if as_of is not None else 0
    dated = months.due >= 0
    owed = P.owed_through(paid, months.due if dated else 0, dated, audit)
    sums = months.sums(paid, owed)
    lump, overpaid, _, left = P.settle(
        sums, True, at_once, months.count - paid, dated, as_of is not None
    )

    def money(units: int) -> Decimal | None:
        return None if units == P.NOT_KNOWN else Decimal(units).scaleb(-places)

    found_lump, outstanding = money(lump), money(left)
    already = nothing
    if found_lump is not None and outstanding is not None:
        already = found_lump - outstanding
    return _Settled(found_lump, money(overpaid), outstanding, already)


class _Stop:
    """The consequences of the deciding event: lump sum, overpayment, fine, notes."""

    def __init__(
        self,
        rules: Compiled,
        event: Event,
        undated: bool,
        as_of: dt.date | None,
        nothing: Decimal,
        settled: _Settled,
    ) -> None:
        self.rules = rules
        self.event = event
        self.ground = rules.grounds[event.kind]
        self.undated = undated
        self.settled = settled
        self.as_of = as_of
        self.nothing = nothing
        self.notes: list[Finding] = []
        self.lump: Decimal | None = None
        self.medical: bool | None = None
        self.outstanding: Decimal | None = None
        self.overpaid: Decimal | None = nothing
        self.fine: tuple[Decimal, Decimal] | None = None

    def _say(
        self, name: str, note: str | None = None, fallback: Citation | None = None, **values: Any
    ) -> None:
        """A note from the policy's message `name` (as the finding `note`, else `name`), cited
        by the message or else by `fallback`; a message the policy lacks or cannot cite is
        not said."""
        said = self.rules.message(name)
        citation = None if said is None else said.citation or fallback
        if said is None or citation is None:
            return
        zh, en = said.render(**values)
        self.notes.append(
            Finding(id=note or name, passed=None, text=zh, text_en=en, citation=citation)
        )

    def lump_sum(self) -> None:
        """A `lump_sum` ground (IM5): the months not paid monthly are paid at once."""
        self.lump = self.settled.lump
        period = self.rules.at(self.event.on)
        self.medical = period.medical_insurance_on_lump_sum
        if self.medical is not None:
            which = "lump_sum_medical_paid" if self.medical else "lump_sum_medical_not_paid"
            fallback = period.cites["medical_insurance_on_lump_sum"]
            self._say(which, "lump_sum_medical_insurance", fallback)
        already = self.settled.already
        if self.lump is not None:
            self.outstanding = self.settled.outstanding
            said = self.rules.message("lump_sum_outstanding")
            if already and said is not None:
                zh, en = said.render(
                    as_of=self.as_of, already=already, lump=self.lump, left=self.outstanding
                )
                self.notes.append(_told(self.ground, "lump_sum_outstanding", zh, en))

    def overpayment(self) -> None:
        """Months not due that fell due by `as_of` were overpaid (N8): recovered, perhaps fined."""
        self.overpaid = self.settled.overpaid
        if self.as_of is not None and self.undated:
            self._say("overpayment_unknown")
        if not self.overpaid:
            return
        self._say("overpayment", as_of=self.as_of, overpaid=self.overpaid)
        period = self.rules.at(self.event.on)
        multiples = period.fraud_fine_multiples
        if multiples:
            low, high = (self.overpaid * Decimal(m) for m in multiples)
            self.fine = (low, high)
            fallback = period.cites["fraud_fine_multiples"]
            self._say(
                "fraud_fine",
                "fraud_fine",
                fallback,
                low_multiple=multiples[0],
                high_multiple=multiples[1],
                low=low,
                high=high,
            )

    def during_continuation(self, ent: Entitlement) -> None:
        """A stop ground in the continuation months stops the continuation too (N1)."""
        if self.event.on > ent.regular_end and ent.continuation_months:
            self._say("stop_during_continuation")

    def ground_note(self) -> None:
        """What the ground itself says (e.g. SIL-49 on death)."""
        note = self.ground.item.note
        if note is not None:
            self.notes.append(_told(self.ground, f"{self.event.kind}_note", note.zh, note.en))


def paid_at_once(rules: Compiled, stopped: StopDecision, ent: Entitlement, total: int) -> bool:
    """Whether the months a stop leaves are paid at once (IM5), as `stop_months` decides: the
    schedule's statuses follow the same rule as the sums."""
    if not stopped.stopped or stopped.on is None or stopped.reason is None:
        return False
    effect, containing = ground_codes(rules.grounds[stopped.reason].item)
    return P.stop_months(day(ent.start), total, day(stopped.on), containing, effect)[2]


_stop_decision = record_maker(StopDecision)


def _not_stopped(paid: int, nothing: Decimal, ignored: tuple[Finding, ...]) -> StopDecision:
    """No event stops payment: every month `paid`, nothing overpaid, the events ignored."""
    return _stop_decision(
        False, None, None, paid, 0, None, nothing, None, "", "", (), None, ignored, None, None, None
    )


def stop(
    rules: Compiled,
    events: Sequence[Event],
    as_of: dt.date | None,
    months: Months | None,
    ent: Entitlement,
    nothing: Decimal,
) -> StopDecision:
    """The earliest stop ground on or before the last day paid decides.

    A month whose period starts before the event date is paid, later months are not
    (`last_month_paid: containing` pays the month the event falls in too, SIL-49). On a
    `lump_sum` ground (IM5) the months not paid monthly are paid at once. `overpaid` is the sum
    of the months not due whose pay-by date is on or before `as_of` (N8). `events` and
    `as_of` are checked already (`check_events`, `check_as_of`).
    """
    grounds = rules.grounds
    total = 0 if months is None else months.count
    if months is None or total == 0:
        ignored = tuple(_ignored(rules, e, "event_not_entitled") for e in events)
        return _not_stopped(0, nothing, ignored)
    ignored = tuple(
        _ignored(rules, e, "event_after_end", end=ent.end) for e in events if e.on > ent.end
    )
    chosen = P.deciding_event(
        [day(e.on) for e in events],
        [grounds[e.kind].order for e in events],
        0,
        len(events),
        day(ent.end),
        total,
    )
    if chosen < 0:
        return _not_stopped(total, nothing, ignored)
    event = events[chosen]
    ground = grounds[event.kind]
    effect, containing = ground_codes(ground.item)
    paid, forfeited, at_once = P.stop_months(
        day(ent.start), total, day(event.on), containing, effect
    )
    settled = _settle(months, paid, at_once, as_of, nothing)
    undated = months.due < 0 and paid < total  # a month not paid monthly has no pay-by date
    consequences = _Stop(rules, event, undated, as_of, nothing, settled)
    if at_once:
        consequences.lump_sum()
    else:
        consequences.overpayment()
    consequences.during_continuation(ent)
    consequences.ground_note()
    effective = sorted(
        (i for i, e in enumerate(events) if e.on <= ent.end and i != chosen),
        key=lambda i: (events[i].on, grounds[events[i].kind].order),
    )
    later = tuple(
        _ignored(rules, events[i], "event_after_stop", stopped_on=event.on) for i in effective
    )
    return StopDecision(
        stopped=True,
        on=event.on,
        reason=event.kind,
        months_paid=paid,
        months_forfeited=forfeited,
        lump_sum=consequences.lump,
        overpaid=consequences.overpaid,
        citation=ground.citation,
        text=ground.item.text.zh,
        text_en=ground.item.text.en,
        notes=tuple(consequences.notes),
        fraud_fine_range=consequences.fine,
        ignored_events=later + ignored,
        effect=ground.item.effect,
        lump_sum_medical_insurance=consequences.medical,
        lump_sum_outstanding=consequences.outstanding,
    )
