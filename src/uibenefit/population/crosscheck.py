"""Cross-check a batch run against the one-claim engine, row by row and field by field.

    from uibenefit.population.crosscheck import differences
    assert differences(policy, claimants, events, as_of) == []

Each claimant row is built as a `Claimant` (its events as `Event`s), evaluated with
`policy.evaluate`, and turned into the batch row by `decision_row`; the batch tables must
hold exactly those values. Used by the tests and by `bench/population.py`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import pyarrow as pa

from ..errors import InputError, UIBenefitError
from ..policy import Policy
from . import _input as I
from ._batch import evaluate
from ._reference import DECISION_COLUMNS, decision_row, error_row, schedule_rows


def expected(
    policy: Policy, claimants: Any, events: Any = None, as_of: dt.date | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The decision rows and schedule rows `policy.evaluate` gives, claimant by claimant."""
    table = I.read_table(claimants)
    I.check_columns(table)
    by_id: dict[Any, list[dict[str, Any]]] = {}
    if events is not None:
        ev = I.read_table(events, "events")
        for key, kind, on in zip(
            I.values(ev, "id"), I.values(ev, "kind"), I.values(ev, "on"), strict=True
        ):
            by_id.setdefault(key, []).append({"kind": kind, "on": on})
    rows: list[dict[str, Any]] = []
    months: list[dict[str, Any]] = []
    refused = I.id_problems(table) if events is not None else {}
    for i in range(table.num_rows):
        identity = I.identity(table, i)
        if i in refused:
            rows.append(error_row(identity, str(InputError(refused[i], field="id"))))
            continue
        try:
            person = I.claimant_at(table, i)
            evs = I.events_of(_dated(by_id.get(identity, [])))
            decision = policy.evaluate(person, evs, as_of)
        except UIBenefitError as exc:
            rows.append(error_row(identity, str(exc)))
            continue
        rows.append(decision_row(identity, decision))
        months.extend(schedule_rows(identity, decision))
    return rows, months


def _dated(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for r in records:
        on = r["on"]
        if isinstance(on, str):
            with contextlib.suppress(ValueError):
                on = dt.date.fromisoformat(on)
        out.append({"kind": r["kind"], "on": on})
    return out


def differences(
    policy: Policy,
    claimants: Any,
    events: Any = None,
    as_of: dt.date | None = None,
    *,
    schedule: bool = True,
    limit: int = 20,
) -> list[str]:
    """Every field where the batch tables differ from `policy.evaluate` (at most `limit`)."""
    dec, sch, _ = evaluate(policy, claimants, events, as_of, decisions=True, schedule=schedule)
    assert dec is not None
    want_rows, want_months = expected(policy, claimants, events, as_of)
    found: list[str] = []
    got_rows = dec.to_pylist()
    if len(got_rows) != len(want_rows):
        return [f"{len(got_rows)} decision rows, expected {len(want_rows)}"]
    for got, want in zip(got_rows, want_rows, strict=True):
        for name in DECISION_COLUMNS:
            if got[name] != want[name] or type(got[name]) is not type(want[name]):
                found.append(f"id {want['id']}: {name} = {got[name]!r}, engine {want[name]!r}")
                if len(found) >= limit:
                    return found
    if schedule:
        assert sch is not None
        got_months = sch.to_pylist()
        if len(got_months) != len(want_months):
            found.append(f"{len(got_months)} schedule rows, engine {len(want_months)}")
            return found
        for got, want in zip(got_months, want_months, strict=True):
            if got != want:
                found.append(f"schedule of id {want['id']} month {want['index']}: {got} != {want}")
                if len(found) >= limit:
                    break
    return found


def table_of(cases: list[Any], ids: list[Any] | None = None) -> tuple[pa.Table, pa.Table]:
    """Claimant and event tables from `uibenefit.testing` Cases (ids 0, 1, … by default)."""
    rows = []
    evs = []
    for i, case in enumerate(cases):
        identity = i if ids is None else ids[i]
        row: dict[str, Any] = {"id": identity}
        for name in I.FIELDS:
            row[name] = getattr(case.person, name)
        rows.append(row)
        for e in case.events:
            evs.append({"id": identity, "kind": e.kind, "on": e.on})
    people = pa.Table.from_pylist(rows, schema=claimant_schema(pa.int64()))
    events = pa.Table.from_pylist(evs, schema=event_schema(pa.int64()))
    return people, events


def claimant_schema(id_type: pa.DataType) -> pa.Schema:
    """The Arrow schema of a claimants table: `id` and every Claimant field, typed."""
    fields = [pa.field("id", id_type)]
    for name in I.FIELDS:
        if name in I.DATE_FIELDS:
            t: pa.DataType = pa.date32()
        elif name in I.INT_FIELDS:
            t = pa.int32()
        elif name in I.BOOL_FIELDS:
            t = pa.bool_()
        else:
            t = pa.string()
        fields.append(pa.field(name, t))
    return pa.schema(fields)


def event_schema(id_type: pa.DataType) -> pa.Schema:
    """The Arrow schema of an events table."""
    return pa.schema([("id", id_type), ("kind", pa.string()), ("on", pa.date32())])
