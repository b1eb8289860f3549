"""One person of the population, evaluated under both policies to show why the figure moved.

The person is rebuilt from the population row with the public `Claimant.from_mapping` and
decided by `policy.evaluate`, so the explanation is the one a caseworker would print.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ..errors import UIBenefitError
from ..policy import Policy
from ..values.claimant import Claimant, Event
from .inputs import FIELDS

_INTS = ("contribution_months", "prior_unused_months")
_BOOLS = ("receiving_pension", "seeking_work", "spouse_receiving_benefit")


def person(population: pa.Table, row: int) -> Claimant:
    """The claimant of one population row (text from a CSV read as a file would be)."""
    record = population.slice(row, 1).to_pylist()[0]
    data: dict[str, Any] = {}
    for name in FIELDS:
        value = record.get(name)
        if value is None or value == "":
            continue
        if isinstance(value, str):
            value = value.strip()
            if name in _INTS and value.lstrip("-").isdigit():
                value = int(value)
            elif name in _BOOLS and value.lower() in ("true", "false"):
                value = value.lower() == "true"
        data[name] = value
    return Claimant.from_mapping(data)


def events_of(events: pa.Table | None, identity: Any) -> list[Event]:
    """The events of one id, in the table's order."""
    if events is None or events.num_rows == 0:
        return []
    ids = events.column("id")
    if pa.types.is_dictionary(ids.type):
        ids = ids.cast(ids.type.value_type)
    try:
        mask = pc.equal(pc.cast(ids, pa.string()), str(identity))
    except pa.ArrowInvalid:
        return []
    out = []
    for record in events.filter(mask).to_pylist():
        on = record["on"].strip() if isinstance(record["on"], str) else record["on"]
        out.append(Event.from_mapping({"kind": str(record["kind"]).strip(), "on": on}))
    return out


def explain(
    policies: tuple[Policy, Policy],
    population: pa.Table,
    events: pa.Table | None,
    row: int,
    as_of: dt.date | None,
    lang: str,
) -> dict[str, Any]:
    """Both decisions' explanations for one row (or why the row cannot be explained)."""
    identity = population.column("id")[row].as_py()
    try:
        claimant = person(population, row)
        stops = events_of(events, identity)
        texts = [p.evaluate(claimant, stops, as_of).explain(lang=lang) for p in policies]  # type: ignore[arg-type]
    except (UIBenefitError, ValueError) as exc:
        return {"id": identity, "row": row, "error": str(exc)}
    return {
        "id": identity,
        "row": row,
        "baseline_explanation": texts[0],
        "reform_explanation": texts[1],
    }
