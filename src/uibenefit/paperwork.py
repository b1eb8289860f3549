"""Paperwork: what the claimant brings, what nobody may ask, what the employer owes, where to go.

A lower layer may list a document that a higher layer forbids anyone to ask for (G1: XC3 vs
N2c). The higher layer wins: the document is left out of the claimant's list, with a warning.
Two deadlines for one act (G3: X1b vs XA2) are both listed and marked as a conflict.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from . import engine
from ._model import Due
from ._model import Obligation as ObligationItem
from ._model import Office as OfficeItem
from ._model import Requirement as Item
from .calendar import WorkCalendar
from .claimant import Claimant
from .results import Obligation, Office, Paperwork, Requirement

if TYPE_CHECKING:
    from .policy import Policy


def due_date(due: Due, facts: dict[str, Any], calendar: WorkCalendar) -> dt.date:
    """The deadline: N working days after, within N days of (民法典 201, 203), or the same day."""
    start: dt.date = facts[due.after]
    if due.unit == "working_days":
        return calendar.add_working_days(start, due.count)
    if due.unit == "days":
        return calendar.days_deadline(start, due.count)
    return start


def describe_due(due: Due) -> str:
    """'7 working days after separation_date' and the like."""
    unit = {"working_days": "working days", "days": "days", "same_day": "same day"}[due.unit]
    if due.unit == "same_day":
        return f"on the {due.after.replace('_', ' ')}"
    return f"within {due.count} {unit} of the {due.after.replace('_', ' ')}"


def _applies(
    policy: Policy, section: str, item_id: str, facts: dict[str, Any], on: dt.date
) -> bool:
    condition = policy.conditions.get((section, item_id))
    return condition is None or condition.holds(facts, policy.lookup(on))


def _layer_rank(policy: Policy, layer: str) -> int:
    return policy.layers.index(layer)


def paperwork(policy: Policy, person: Claimant, calendar: WorkCalendar | None = None) -> Paperwork:
    """The paperwork for one claimant under a policy."""
    cal = calendar or WorkCalendar.bundled()
    facts = engine.facts(policy, person)
    on = person.application_date
    sections = policy.resolved.sections
    warnings: list[str] = []

    def requirements(section: str) -> list[tuple[Requirement, str, Item]]:
        out = []
        for item_id, entry in sections[section].items():
            item = entry.item
            assert isinstance(item, Item)
            if _applies(policy, section, item_id, facts, on):
                req = Requirement(
                    item.id, item.name, item.description, policy.cite(item.clause), item.step
                )
                out.append((req, entry.where.layer, item))
        return out

    forbidden = requirements("forbidden_requests")
    banned = {item.document: (req, layer) for req, layer, item in forbidden if item.document}
    documents: list[Requirement] = []
    for req, layer, item in requirements("claimant_documents"):
        hit = banned.get(item.document) if item.document else None
        if hit is not None and _layer_rank(policy, hit[1]) < _layer_rank(policy, layer):
            warnings.append(
                f"{req.citation.clause} ({layer}) asks for {item.name}, which "
                f"{hit[0].citation.clause} ({hit[1]}) forbids anyone to ask for: not listed (G1)"
            )
            continue
        documents.append(req)

    obligations: list[Obligation] = []
    for item_id, entry in sections["employer_obligations"].items():
        ob = entry.item
        assert isinstance(ob, ObligationItem)
        if not _applies(policy, "employer_obligations", item_id, facts, on):
            continue
        due = due_date(ob.due, facts, cal) if ob.due is not None else None
        rule = describe_due(ob.due) if ob.due is not None else None
        obligations.append(
            Obligation(ob.id, ob.name, ob.description, policy.cite(ob.clause), ob.act, due, rule)
        )
    obligations = _mark_conflicts(obligations, warnings)

    office = None
    if person.insured_area is not None:
        for entry in sections["offices"].values():
            o = entry.item
            assert isinstance(o, OfficeItem)
            if person.insured_area in o.areas:
                office = Office(o.name, o.phone, o.address, policy.cite(o.clause))
                break
    return Paperwork(
        tuple(documents),
        tuple(r for r, _, _ in forbidden),
        tuple(obligations),
        tuple(r for r, _, _ in requirements("notices")),
        office,
        tuple(warnings),
    )


def _mark_conflicts(obligations: list[Obligation], warnings: list[str]) -> list[Obligation]:
    """Two deadlines for one act (G3): mark both; an employer is safe only with the earlier."""
    by_act: dict[str, list[Obligation]] = {}
    for ob in obligations:
        if ob.due is not None:
            by_act.setdefault(ob.act, []).append(ob)
    out = []
    for ob in obligations:
        rivals = [o for o in by_act.get(ob.act, []) if o is not ob and o.due != ob.due]
        if ob.due is not None and rivals:
            earliest = min([ob, *rivals], key=lambda o: o.due or dt.date.max)
            others = ", ".join(f"{o.citation.clause}: {o.due} ({o.due_rule})" for o in rivals)
            text = (
                f"conflicting deadlines for '{ob.act}': {ob.citation.clause}: {ob.due} "
                f"({ob.due_rule}) vs {others}; only {earliest.due} is safe (G3)"
            )
            out.append(
                Obligation(
                    ob.id, ob.name, ob.description, ob.citation, ob.act, ob.due, ob.due_rule, text
                )
            )
            if ob is earliest:
                warnings.append(text)
        else:
            out.append(ob)
    return out
