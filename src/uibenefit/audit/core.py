"""`ub.audit`: the periodic cross-check of N8, from the ledger of what was actually paid.

    audit = ub.audit("xingan", "recipients.parquet", "ledger.parquet", "events.parquet",
                     as_of=date(2026, 6, 30))
    audit.findings     # one row a finding: id, kind, clause, months, amount, reason, reason_zh
    audit.write("out/")

The due months, amounts, pay-by dates, stops and continuation come from the public engine
(`policy.evaluate_batch`, `policy.schedule_batch`); the audit only compares them with the ledger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InputError
from ..policy import Policy, load_policy
from . import findings as F
from . import inputs
from .match import KINDS, Matched, match
from .result import Audit

Progress = Callable[[int, int], None]
STEPS = 5


def audit(
    policy: Policy | str | Path,
    recipients: Any,
    payments: Any,
    events: Any = None,
    as_of: dt.date | None = None,
    *,
    fraud: Iterable[Any] = (),
    progress: Progress | None = None,
    engine: Callable[..., tuple[pa.Table, pa.Table]] | None = None,
) -> Audit:
    """Audit the payments ledger against what the policy says was due by `as_of`.

    `fraud`: ids the auditor marks as fraud; their findings of money to recover carry the fine
    range of the policy (SIL-88), as information. `engine` replaces the local engine call (the
    CLI passes a Dask one); it takes (policy, recipients, events, as_of).
    """
    pol = policy if isinstance(policy, Policy) else load_policy(policy)
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise InputError(f"the audit date must be a date, got {as_of!r}", field="as_of")
    step = progress or (lambda done, total: None)
    step(0, STEPS)
    rec, rec_bad = _recipients(pol, recipients, as_of)
    if events is None and isinstance(recipients, str | Path) and _is_records(Path(recipients)):
        own = [Path(recipients) / f"events{s}" for s in (".parquet", ".csv")]
        events = next((p for p in own if p.exists()), None)  # the directory's own events
    ev = inputs.events(_events_source(events), pol.event_kinds)
    step(1, STEPS)
    run = engine or _local_engine
    decisions, sched = run(pol, rec, ev.engine, as_of)
    step(2, STEPS)
    ledger = inputs.ledger(payments, as_of)
    rids = rec.column("id").combine_chunks()
    matched = match(decisions, sched, rids, ledger, as_of)
    step(3, STEPS)
    ctx = _context(pol, as_of, rec, decisions, ev.engine, rids, fraud)
    b = F.Builder(ctx)
    F.from_lines(b, _lines_table(matched, rids, ledger))
    rpos_of = {v: i for i, v in enumerate(rids.to_pylist())}
    for bad in (rec_bad, *rec_bad.extra, ledger.bad, ev.bad):
        F.bad_rows(b, bad, rpos_of)
    _engine_errors(b, decisions, rec_bad.kept)
    F.suspected(b, ev.suspected_ids, ev.suspected_on, ev.suspected_rows, b.table(), rpos_of)
    step(4, STEPS)
    result = Audit(
        policy=pol,
        as_of=as_of,
        findings=b.table(),
        recipients=rec,
        decisions=decisions,
        matched=matched,
        ledger=ledger,
        events=ev,
    )
    step(STEPS, STEPS)
    return result


def _local_engine(
    policy: Policy, recipients: pa.Table, events: pa.Table, as_of: dt.date
) -> tuple[pa.Table, pa.Table]:
    return (
        policy.evaluate_batch(recipients, events, as_of),
        policy.schedule_batch(recipients, events, as_of),
    )


def _events_source(events: Any) -> Any:
    """A records directory stands for its `events` table."""
    if isinstance(events, str | Path) and Path(events).is_dir():
        for suffix in (".parquet", ".csv"):
            candidate = Path(events) / f"events{suffix}"
            if candidate.exists():
                return candidate
        raise InputError(
            "the records directory holds no events.parquet or events.csv", path=str(events)
        )
    return events


def _recipients(policy: Policy, source: Any, as_of: dt.date) -> tuple[pa.Table, inputs.BadRows]:
    """The recipients with text ids; rows without an id, or repeating one, set aside."""
    problems: list[inputs.BadRows] = []
    if isinstance(source, str | Path) and _is_records(Path(source)):
        table, problems, csv = *_from_records(policy, Path(source), as_of), False
    else:
        table, csv = inputs.read(source, "recipients")
    inputs.require(table, ("id",), "recipients", source)
    ids = inputs.text_ids(table.column("id"))
    bad = np.asarray(ids.is_null().to_numpy(zero_copy_only=False)).copy()
    names = ["id"] * len(ids)
    counts = pc.value_counts(ids.filter(pc.is_valid(ids)))
    repeated = set(counts.filter(pc.greater(counts.field("counts"), 1)).field("values").to_pylist())
    if repeated:
        seen: set[str] = set()
        for row, value in enumerate(ids.to_pylist()):
            if value in repeated:
                bad[row] = value in seen
                names[row] = "id (repeated: the first row with it is audited)"
                seen.add(value)
    out = inputs.BadRows("recipients", csv)
    out.add(ids, bad, names)
    out.kept = np.flatnonzero(~bad)
    out.extra = problems
    table = table.set_column(table.column_names.index("id"), "id", ids)
    return table.filter(pa.array(~bad)), out


RECORD_PROBLEMS = frozenset(("bad_value", "missing_value", "duplicate", "id_number"))
"""The records' findings that mean a row could not be read (the others are information)."""


def _from_records(
    policy: Policy, path: Path, as_of: dt.date
) -> tuple[pa.Table, list[inputs.BadRows]]:
    """The claimant columns built from a records directory (`ub.claimants_from_records`: one
    row per person whose claim the records decide by the audit date), and the rows of its
    tables its reader could not read, one BadRows a table."""
    from ..records import claimants_with_findings

    read = claimants_with_findings(policy, path, as_of)
    by_table: dict[str, inputs.BadRows] = {}
    for f in read.findings:
        if f.kind in RECORD_PROBLEMS and f.row is not None:
            bad = by_table.setdefault(f.table, inputs.BadRows(f"records/{f.table}", False))
            bad.rows.append(f.row)
            bad.fields.append(f.field or f.kind)
            bad.ids.append(f.id)
    return read.table, list(by_table.values())


def _is_records(path: Path) -> bool:
    return path.is_dir() and any((path / f"persons{s}").exists() for s in (".parquet", ".csv"))


def _context(
    policy: Policy,
    as_of: dt.date,
    rec: pa.Table,
    decisions: pa.Table,
    events: pa.Table,
    rids: pa.Array,
    fraud: Iterable[Any],
) -> F.Context:
    """Per recipient: area, stop date and ground, retirement date, failed conditions."""
    n = len(rids)
    areas = (
        inputs.text_ids(rec.column("insured_area"))
        if "insured_area" in rec.column_names
        else pa.nulls(n, pa.string())
    )
    stop_on = decisions.column("stop_on").combine_chunks()
    kinds: list[str | None] = [None] * n
    ev_pos = np.asarray(pc.fill_null(pc.index_in(events.column("id"), value_set=rids), -1))
    if len(ev_pos):
        stop_days = np.asarray(pc.fill_null(pc.cast(stop_on, pa.int32()), -1))
        on = np.asarray(pc.cast(events.column("on"), pa.int32()).combine_chunks())
        safe = np.maximum(ev_pos, 0)
        hit = np.flatnonzero((ev_pos >= 0) & (stop_days[safe] == on))
        ev_kinds = events.column("kind").to_pylist()
        for i in hit[::-1].tolist():
            kinds[int(ev_pos[i])] = ev_kinds[i]
    return F.Context(
        policy=policy,
        as_of=as_of,
        areas=areas,
        stop_on=stop_on,
        stop_kind=pa.array(kinds, pa.string()),
        retirement=decisions.column("retirement_date").combine_chunks(),
        failed=decisions.column("failed").combine_chunks(),
        fraud=frozenset(str(x) for x in fraud),
    )


def _lines_table(m: Matched, rids: pa.Array, ledger: inputs.Ledger) -> pa.Table:
    """The matched lines as a table with each line's id and 1-based ledger row."""
    a = m.lines
    on_ledger = a["ledger"] >= 0
    safe = np.maximum(a["ledger"], 0)
    rec_ids = pc.take(rids, pa.array(np.maximum(a["rpos"], 0))) if len(rids) else None
    led_ids = pc.take(ledger.ids, pa.array(safe)) if len(ledger.ids) else None
    if rec_ids is None:
        ids = led_ids if led_ids is not None else pa.nulls(len(safe), pa.string())
    elif led_ids is None:
        ids = rec_ids
    else:
        ids = pc.if_else(pa.array(a["rpos"] >= 0), rec_ids, led_ids)
    rows = np.where(on_ledger, ledger.row[safe] + 1 if len(ledger.row) else 0, 0)
    return pa.table(
        {
            "kind": pa.array(a["kind"]),
            "id": ids,
            "rpos": pa.array(a["rpos"]),
            "index": pa.array(a["index"].astype(np.int32)),
            "fen": pa.array(a["fen"], mask=~a["fen_known"]),
            "row": pa.array(rows, mask=~on_ledger),
            "day": pa.array(a["day"]),
            "medical": pa.array(a["medical"]),
            "late": pa.array(a["late"]),
            "paid": pa.array(a["paid"]),
        }
    )


def _engine_errors(b: F.Builder, decisions: pa.Table, kept: np.ndarray[Any, Any]) -> None:
    """A recipient row the engine refused is a bad row, with the engine's message (`kept`:
    the input row of each recipient audited)."""
    errors = decisions.column("error")
    rows = np.flatnonzero(np.asarray(pc.is_valid(errors)))
    if len(rows) == 0:
        return
    ids = decisions.column("id").take(pa.array(rows)).to_pylist()
    messages = errors.take(pa.array(rows)).to_pylist()
    for row, ident, message in zip(rows.tolist(), ids, messages, strict=True):
        line = int(kept[row]) + 1
        values = {"table": "recipients", "row": line, "fields": message}
        b.add("bad_row", ident, row, None, values, rows=[line], source="recipients")


__all__ = ["KINDS", "Audit", "audit"]
