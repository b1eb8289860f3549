"""evaluate_batch / schedule_batch: claimant tables in, decision and schedule tables out.

Each slice of the input goes through the compiled kernel; rows the kernel refers, rows with a
bad value and (for a policy the compiler refuses) every row go through `policy.evaluate`,
one by one, and are counted in the table's metadata (`batch_stats`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InputError, UIBenefitError
from ..policy import Policy
from ..values.claimant import EARLIEST, LATEST
from . import _cells as C
from . import _dates as D
from . import _input as I
from ._compile import NULL, Compiled, compiled
from ._kernel import STATUSES, Inputs, Result, run
from ._reference import (
    DECISION_COLUMNS,
    OVERPAID_REASONS,
    decision_row,
    error_row,
    schedule_rows,
)
from ._run import loop

B = npt.NDArray[np.bool_]
I64 = npt.NDArray[np.int64]
SLICE_ROWS = 131_072
"""Rows per kernel call: small enough to stay in cache-friendly, reused memory."""
PRECISION = 18
META = b"uibenefit.batch"


@dataclass
class BatchStats:
    """What a batch run did: rows in, rows refused, rows the one-claim engine answered."""

    rows: int = 0
    errors: int = 0
    engine_rows: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    def add(self, other: BatchStats) -> None:
        """Fold another run's figures into this one."""
        self.rows += other.rows
        self.errors += other.errors
        self.engine_rows += other.engine_rows
        self.reasons.update(other.reasons)

    def to_json(self) -> str:
        """The figures as JSON (kept in the output table's schema metadata)."""
        return json.dumps(
            {
                "rows": self.rows,
                "errors": self.errors,
                "engine_rows": self.engine_rows,
                "reasons": dict(self.reasons),
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> BatchStats:
        """Back from `to_json`."""
        data = json.loads(text)
        return cls(data["rows"], data["errors"], data["engine_rows"], Counter(data["reasons"]))


def batch_stats(table: pa.Table) -> BatchStats:
    """The BatchStats an `evaluate_batch` or `schedule_batch` table carries."""
    meta = table.schema.metadata or {}
    if META not in meta:
        raise InputError("this table was not made by evaluate_batch or schedule_batch")
    return BatchStats.from_json(meta[META])


def _check_as_of(as_of: object) -> int | None:
    if as_of is None:
        return None
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise InputError(f"expected a date (YYYY-MM-DD) or None, got {as_of!r}", field="as_of")
    if not EARLIEST <= as_of <= LATEST:
        raise InputError(f"{as_of} is outside {EARLIEST.year}–{LATEST.year}", field="as_of")
    return D.days_of(as_of)


def _events_table(events: Any) -> pa.Table | None:
    if events is None:
        return None
    table = I.read_table(events, "events")
    I.check_event_columns(table)
    return table


def slices(
    policy: Policy,
    claimants: Any,
    events: Any = None,
    as_of: dt.date | None = None,
    *,
    decisions: bool = True,
    schedule: bool = False,
    stats: BatchStats | None = None,
) -> Iterator[tuple[pa.Table | None, pa.Table | None]]:
    """The decision and schedule tables slice by slice (for writing as they come).

    `stats`, when given, is updated as the slices are made.
    """
    if not isinstance(policy, Policy):
        raise InputError(f"expected a Policy, got {type(policy).__name__}", field="policy")
    days_as_of = _check_as_of(as_of)
    table = I.read_table(claimants)
    I.check_columns(table)
    ev = _events_table(events)
    c = compiled(policy)
    figures = stats if stats is not None else BatchStats()
    ev_rows, ev = _match_events(ev, table)
    # ids only match events: without events they may repeat or be empty
    id_errors = I.id_problems(table) if ev is not None else {}
    for lo, part in enumerate(I.batches(table, SLICE_ROWS)):
        first = lo * SLICE_ROWS
        ev_part, ev_row = _events_for(ev, ev_rows, first, part.num_rows)
        refused = {
            r - first: text for r, text in id_errors.items() if first <= r < first + part.num_rows
        }
        yield _one(
            policy,
            c,
            part,
            (ev_part, ev_row),
            (days_as_of, as_of),
            (decisions, schedule),
            figures,
            refused,
        )


def evaluate(
    policy: Policy,
    claimants: Any,
    events: Any = None,
    as_of: dt.date | None = None,
    *,
    decisions: bool = True,
    schedule: bool = False,
) -> tuple[pa.Table | None, pa.Table | None, BatchStats]:
    """The decision table, the schedule table (each when asked for) and the stats."""
    stats = BatchStats()
    out_d: list[pa.Table] = []
    out_s: list[pa.Table] = []
    for d, s in slices(
        policy, claimants, events, as_of, decisions=decisions, schedule=schedule, stats=stats
    ):
        if d is not None:
            out_d.append(d)
        if s is not None:
            out_s.append(s)
    meta = {META: stats.to_json().encode()}
    dec = _concat(out_d, meta) if decisions else None
    sch = _concat(out_s, meta) if schedule else None
    return dec, sch, stats


def _concat(tables: list[pa.Table], meta: dict[bytes, bytes]) -> pa.Table:
    table = pa.concat_tables(tables) if len(tables) > 1 else tables[0]
    return table.replace_schema_metadata(meta)


def _match_events(
    ev: pa.Table | None, table: pa.Table
) -> tuple[npt.NDArray[np.int64], pa.Table | None]:
    """Each event's claimant row, events sorted by it (input order kept within a claimant).

    Events whose id is no claimant's are left out: a slice of a larger population (a
    partition under Dask) is given the whole events table.
    """
    if ev is None or ev.num_rows == 0:
        return np.zeros(0, dtype=np.int64), None
    ids = table.column("id").combine_chunks()
    ev_ids = ev.column("id").combine_chunks()
    if pa.types.is_integer(ids.type) != pa.types.is_integer(ev_ids.type):
        # whole-number ids on one side, text on the other (a CSV of events): match as text
        ids, ev_ids = _as_text(ids), _as_text(ev_ids)
    if (
        pa.types.is_integer(ids.type)
        and pa.types.is_integer(ev_ids.type)
        and ids.null_count == 0
        and ev_ids.null_count == 0
    ):
        # whole-number ids: sort and search, no hash table
        keys = np.asarray(ids, dtype=np.int64)
        order = None
        if len(keys) > 1 and not bool((keys[1:] > keys[:-1]).all()):
            # a repeated id's rows are refused (id_problems): its events go to the first
            order = np.argsort(keys, kind="stable")
            keys = keys[order]
        wanted = np.asarray(ev_ids, dtype=np.int64)
        at = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
        found = keys[at] == wanted if len(keys) else np.zeros(len(wanted), dtype=bool)
        row = np.where(found, at if order is None else order[at], -1).astype(np.int64)
    else:
        try:
            rows = pc.index_in(ev_ids, value_set=ids)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            raise InputError(
                f"the events' id column ({ev.schema.field('id').type}) does not match the "
                f"claimants' ({table.schema.field('id').type})",
                field="id",
            ) from None
        row = np.asarray(rows.fill_null(-1), dtype=np.int64)
    keep = np.flatnonzero(row >= 0)
    order = keep[np.argsort(row[keep], kind="stable")]
    return row[order], ev.take(pa.array(order))


def _as_text(ids: pa.Array) -> pa.Array:
    try:
        return ids.cast(pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return ids


def _events_for(
    ev: pa.Table | None, rows: npt.NDArray[np.int64], lo: int, count: int
) -> tuple[pa.Table | None, npt.NDArray[np.int64]]:
    """The events of claimant rows lo … lo + count - 1, with rows counted from lo."""
    if ev is None:
        return None, np.zeros(0, dtype=np.int64)
    a, b = np.searchsorted(rows, [lo, lo + count])
    if a == b:
        return None, np.zeros(0, dtype=np.int64)
    return ev.slice(int(a), int(b - a)), rows[a:b] - lo


def _columns(part: pa.Table) -> tuple[dict[str, Any], B]:
    """The claimant columns as arrays, and the rows with a bad value."""
    cols: dict[str, Any] = {}
    bad = np.zeros(part.num_rows, dtype=bool)
    for name in ("birth_date", "separation_date", "application_date", "registration_date"):
        days, null, wrong = I.dates(part, name)
        cols[name] = days
        cols[name + "_null"] = null
        bad |= wrong
        if name != "registration_date":
            bad |= null
    for name, choices in I.CHOICE_FIELDS.items():
        code, null, wrong = I.codes(part, name, choices)
        cols[name] = code
        bad |= wrong
        if name != "registered_reason":
            bad |= null
    for name, default in (("contribution_months", 0), ("prior_unused_months", 0)):
        value, wrong = I.ints(part, name, default)
        cols[name] = value
        bad |= wrong
    for name, default_b in (
        ("receiving_pension", False),
        ("seeking_work", True),
        ("spouse_receiving_benefit", False),
    ):
        flag, wrong = I.bools(part, name, default_b)
        cols[name] = flag
        bad |= wrong
    area, vocab, wrong = I.areas(part)
    cols["insured_area"] = area
    cols["area_vocab"] = vocab
    bad |= wrong
    birth, sep, app = cols["birth_date"], cols["separation_date"], cols["application_date"]
    reg = cols["registration_date"].astype(np.int32)  # a copy: the application day put in
    passes = C.compiled()
    if passes is not None:
        passes["relations"](birth, sep, app, reg, cols["registration_date_null"], bad)
    else:
        reg_null = cols["registration_date_null"]
        bad |= (sep <= birth) | (app < sep) | (~reg_null & ((reg < sep) | (reg > app)))
        reg[reg_null] = app[reg_null]
    cols["registration"] = reg
    return cols, bad


def _one(
    policy: Policy,
    c: Compiled,
    part: pa.Table,
    events: tuple[pa.Table | None, npt.NDArray[np.int64]],
    when: tuple[int | None, dt.date | None],
    wanted: tuple[bool, bool],
    stats: BatchStats,
    refused: dict[int, str],
) -> tuple[pa.Table | None, pa.Table | None]:
    ev, ev_row = events
    as_of_days, as_of = when
    decisions, schedule = wanted
    n = part.num_rows
    stats.rows += n
    cols, bad = _columns(part)
    refer_reason: dict[str, B] = {}
    if refused:
        bad[list(refused)] = True
    if bad.any():
        refer_reason["a bad value (the engine gives the message)"] = bad.copy()
    # events: codes, days and the row of each; a bad event sends its claimant to the engine
    ev_kind = np.zeros(0, dtype=np.int64)
    ev_on = np.zeros(0, dtype=np.int32)
    if ev is not None and c.unsupported is None:
        kind, k_null, k_bad = I.codes(ev, "kind", c.event_kinds)
        on, on_null, on_bad = I.dates(ev, "on")
        ev_kind, ev_on = kind, on
        wrong = k_null | k_bad | on_null | on_bad
        wrong |= ~c.ground[np.maximum(kind, 0)] if len(c.ground) else True
        wrong |= on < cols["separation_date"][ev_row]
        if wrong.any():
            flagged = np.zeros(n, dtype=bool)
            flagged[ev_row[wrong]] = True
            refer_reason["a bad event (the engine gives the message)"] = flagged
            bad |= flagged
    good = ~bad
    if c.unsupported is not None:
        refer_reason[f"not vectorised: {c.unsupported}"] = good.copy()
        good = np.zeros(n, dtype=bool)
    gi = np.flatnonzero(good)
    res: Result | None = None
    if len(gi):
        remap = np.full(n, -1, dtype=np.int64)
        remap[gi] = np.arange(len(gi))
        sel = good[ev_row] if len(ev_row) else np.zeros(0, dtype=bool)
        everyone = len(gi) == n  # no gather: the columns as they are

        def pick(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
            return values if everyone else values[gi]

        x = Inputs(
            birth=pick(cols["birth_date"]),
            separation=pick(cols["separation_date"]),
            application=pick(cols["application_date"]),
            registration=pick(cols["registration"]),
            registered_at_claim=pick(cols["registration_date_null"]),
            sex=pick(cols["sex"]),
            position=pick(cols["position"]),
            insured_as=pick(cols["insured_as"]),
            reason=pick(cols["separation_reason"]),
            registered_reason=pick(cols["registered_reason"]),
            contribution=pick(cols["contribution_months"]),
            prior=pick(cols["prior_unused_months"]),
            pension=pick(cols["receiving_pension"]),
            seeking=pick(cols["seeking_work"]),
            spouse=pick(cols["spouse_receiving_benefit"]),
            area_code=pick(cols["insured_area"]),
            area_vocab=cols["area_vocab"],
            event_row=remap[ev_row[sel]] if len(ev_row) else ev_row,
            event_kind=ev_kind[sel] if len(ev_row) else ev_kind,
            event_on=ev_on[sel] if len(ev_row) else ev_on,
            owner=_owner_ids(part, gi, everyone) if schedule else None,
        )
        res = run(c, x, as_of_days, schedule)
        if res.refer.any():
            referred = np.zeros(n, dtype=bool)
            referred[gi[res.refer]] = True
            refer_reason["outside what the kernel computes (dates, amounts)"] = referred
    engine = ~good
    if res is not None:
        engine[gi[res.refer]] = True
    for reason, mask in refer_reason.items():
        stats.reasons[reason] += int(mask.sum())
    slow = _engine_rows(policy, part, (ev, ev_row), np.flatnonzero(engine), as_of, refused)
    stats.engine_rows += sum(1 for r in slow.values() if r[0]["error"] is None)
    stats.errors += sum(1 for r in slow.values() if r[0]["error"] is not None)
    dec = _decisions(c, part, gi, res, slow) if decisions else None
    sch = _schedule(c, part, gi, res, slow) if schedule else None
    return dec, sch


def _engine_rows(
    policy: Policy,
    part: pa.Table,
    matched: tuple[pa.Table | None, npt.NDArray[np.int64]],
    rows: Iterable[int],
    as_of: dt.date | None,
    refused: dict[int, str],
) -> dict[int, tuple[dict[str, Any], list[dict[str, Any]]]]:
    """The rows the one-claim engine answers: decision row and schedule rows of each
    (a row in `refused` is its error)."""
    ev, ev_row = matched
    out: dict[int, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    rows = list(rows)
    if not rows:
        return out
    records: dict[int, list[dict[str, Any]]] = {}
    if ev is not None:
        wanted = set(rows)
        kinds = I.values(ev, "kind")
        ons = I.values(ev, "on")
        for j, r in enumerate(ev_row.tolist()):
            if r in wanted:
                on = ons[j]
                if isinstance(on, str):
                    with contextlib.suppress(ValueError):
                        on = dt.date.fromisoformat(on)
                records.setdefault(r, []).append({"kind": kinds[j], "on": on})
    for r in rows:
        identity = I.identity(part, r)
        if r in refused:
            out[r] = (error_row(identity, str(InputError(refused[r], field="id"))), [])
            continue
        try:
            person = I.claimant_at(part, r)
            events = I.events_of(records.get(r, []))
            decision = policy.evaluate(person, events, as_of)
        except UIBenefitError as exc:
            out[r] = (error_row(identity, str(exc)), [])
            continue
        out[r] = (decision_row(identity, decision), schedule_rows(identity, decision))
    return out


def _money(values: npt.NDArray[np.int64], null: B | None, scale: int) -> pa.Array:
    """Integer units of 10^-scale as exact decimal128(18, scale), the buffer written in one
    compiled pass (`_run.decimal_words`); null where `null` says (None: where NULL)."""
    n = len(values)
    words = np.empty(2 * n, dtype=np.int64)  # little-endian 128-bit integers
    nulls = np.zeros(1, dtype=np.int64)
    loop("decimal_words")(np.ascontiguousarray(values, dtype=np.int64), words, nulls)
    if null is None:
        null = values == NULL if nulls[0] else np.zeros(0, dtype=bool)
    validity = pa.array(~null, type=pa.bool_()).buffers()[1] if null.any() else None
    return pa.Array.from_buffers(
        pa.decimal128(PRECISION, scale), n, [validity, pa.py_buffer(words)]
    )


def _words(words: npt.NDArray[np.int64], scale: int) -> pa.Array:
    """Amounts already written as decimal128's words (rows × 2, `_run.money_rows`) as
    decimal128(18, scale), null where the amount is not known."""
    null = words[:, 0] == NULL
    validity = pa.array(~null, type=pa.bool_()).buffers()[1] if null.any() else None
    return pa.Array.from_buffers(
        pa.decimal128(PRECISION, scale), len(words), [validity, pa.py_buffer(words)]
    )


def _units(value: Decimal | None, scale: int) -> int:
    if value is None:
        return NULL
    return int(value.scaleb(scale))


def _decisions(
    c: Compiled,
    part: pa.Table,
    gi: npt.NDArray[np.int64],
    res: Result | None,
    slow: dict[int, tuple[dict[str, Any], list[dict[str, Any]]]],
) -> pa.Table:
    n = part.num_rows
    if res is not None and len(gi) == n and not slow and not res.refer.any():
        return _kernel_decisions(c, part, res)
    scale = c.scale
    i32 = (
        "regular_months",
        "continuation_months",
        "total_months",
        "months_paid",
        "months_forfeited",
    )
    dates = ("start", "end", "retirement_date", "stop_on")
    money = ("amount_first", "total_due", "lump_sum", "overpaid")
    arr: dict[str, Any] = {}
    null: dict[str, B] = {}
    for name in (*i32, *dates):
        arr[name] = np.zeros(n, dtype=np.int32)
    for name in money:
        arr[name] = np.full(n, NULL, dtype=np.int64)
    for name in ("eligible", "stopped"):
        arr[name] = np.zeros(n, dtype=bool)
    for name in DECISION_COLUMNS:
        null[name] = np.ones(n, dtype=bool)
    clauses = [clause for clause, _, _ in c.rules] if c.unsupported is None else []
    vocab: dict[str, int] = {}
    for clause in clauses:
        vocab.setdefault(clause, len(vocab))
    kinds = tuple(c.policy.event_kinds)
    stop_kind = np.full(n, -1, dtype=np.int64)
    overpaid_why = np.full(n, -1, dtype=np.int64)
    fail_count = np.zeros(n, dtype=np.int64)
    fail_pairs_row: list[npt.NDArray[np.int64]] = []
    fail_pairs_code: list[npt.NDArray[np.int64]] = []
    if res is not None and len(gi):
        everyone = len(gi) == n and not slow and not res.refer.any()
        ok: Any = slice(None) if everyone else ~res.refer
        rows: Any = slice(None) if everyone else gi[ok]
        for name, values in (
            ("regular_months", res.regular),
            ("continuation_months", res.continuation),
            ("total_months", res.total),
            ("months_paid", res.months_paid),
            ("months_forfeited", res.forfeited),
            ("start", res.start),
            ("end", res.end),
            ("retirement_date", res.retirement),
            ("stop_on", res.stop_on),
            ("amount_first", res.amount_first),
            ("total_due", res.total_due),
            ("lump_sum", res.lump_sum),
            ("overpaid", res.overpaid),
            ("eligible", res.eligible),
            ("stopped", res.stopped),
        ):
            arr[name][rows] = values[ok]
            null[name][rows] = False
        null["stop_on"][rows] = res.stop_null[ok]
        stop_kind[rows] = np.where(res.stopped[ok], res.stop_kind[ok], -1)
        overpaid_why[rows] = res.overpaid_reason[ok].astype(np.int64) - 1
        for name in money:
            null[name][rows] = arr[name][rows] == NULL
        null["failed"][rows] = False
        if res.failed:
            mat = np.stack(res.failed, axis=1)[ok]  # rows × rules
            r_idx, k_idx = np.nonzero(mat)
            fail_pairs_row.append(r_idx if everyone else rows[r_idx])
            fail_pairs_code.append(
                np.array([vocab[clauses[k]] for k in range(len(clauses))])[k_idx]
            )
            fail_count += np.bincount(fail_pairs_row[-1], minlength=n)
    for r, (row, _) in slow.items():
        if row["error"] is not None:
            continue
        for name in (*i32, "eligible", "stopped"):
            arr[name][r] = row[name]
            null[name][r] = False
        for name in dates:
            value = row[name]
            null[name][r] = value is None
            arr[name][r] = D.days_of(value) if value is not None else 0
        for name in money:
            arr[name][r] = _units(row[name], scale)
            null[name][r] = row[name] is None
        null["failed"][r] = False
        if row["stop_reason"] is not None:
            stop_kind[r] = kinds.index(row["stop_reason"])
        if row["overpaid_reason"] is not None:
            overpaid_why[r] = OVERPAID_REASONS.index(row["overpaid_reason"])
        codes = [vocab.setdefault(cl, len(vocab)) for cl in row["failed"]]
        if codes:
            fail_pairs_row.append(np.full(len(codes), r, dtype=np.int64))
            fail_pairs_code.append(np.array(codes, dtype=np.int64))
            fail_count[r] += len(codes)
    # failed: the clause ids in rule order, row by row
    if len(fail_pairs_row) == 1:
        pk = fail_pairs_code[0]  # already in row order, rules in order within a row
    elif fail_pairs_row:
        pr = np.concatenate(fail_pairs_row)
        pk = np.concatenate(fail_pairs_code)
        order = np.argsort(pr, kind="stable")
        pk = pk[order]
    else:
        pk = np.zeros(0, dtype=np.int64)
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(fail_count, out=offsets[1:])
    names = pa.array(list(vocab), type=pa.string())
    values = names.take(pa.array(pk, type=pa.int64())) if len(pk) else pa.array([], pa.string())
    failed = pa.ListArray.from_arrays(
        pa.array(offsets, type=pa.int32()),
        values,
        mask=pa.array(null["failed"]) if null["failed"].any() else None,
    )
    if slow:
        texts: list[str | None] = [None] * n
        for r, (row, _) in slow.items():
            texts[r] = row["error"]
        errors = pa.array(texts, type=pa.string())
    else:
        errors = pa.nulls(n, type=pa.string())
    columns: dict[str, pa.Array] = {"id": part.column("id").combine_chunks()}
    for name in DECISION_COLUMNS[1:]:
        if name == "failed":
            columns[name] = failed
        elif name == "error":
            columns[name] = errors
        elif name == "stop_reason":
            columns[name] = _names(kinds, stop_kind)
        elif name == "overpaid_reason":
            columns[name] = _names(OVERPAID_REASONS, overpaid_why)
        elif name in money:
            columns[name] = _money(arr[name], null[name], scale)
        else:
            mask = null[name] if null[name].any() else None
            if name in dates:
                columns[name] = pa.array(arr[name], type=pa.int32(), mask=mask).view(pa.date32())
            elif name in i32:
                columns[name] = pa.array(arr[name], type=pa.int32(), mask=mask)
            else:
                columns[name] = pa.array(arr[name], type=pa.bool_(), mask=mask)
    return pa.table(columns)


def _kernel_decisions(c: Compiled, part: pa.Table, res: Result) -> pa.Table:
    """The decision table of a slice whose every claimant the kernel computed: the kernel's
    columns as they are (no copy into columns of the whole slice, nulls only where a value
    is not known)."""
    n = part.num_rows
    clauses = [clause for clause, _, _ in c.rules]
    vocab: dict[str, int] = {}
    for clause in clauses:
        vocab.setdefault(clause, len(vocab))
    offsets = np.zeros(n + 1, dtype=np.int32)
    codes = np.zeros(0, dtype=np.int64)
    if res.failed:
        r_idx, k_idx = np.nonzero(np.stack(res.failed, axis=1))  # row by row, rules in order
        codes = np.array([vocab[clause] for clause in clauses], dtype=np.int64)[k_idx]
        np.cumsum(np.bincount(r_idx, minlength=n), out=offsets[1:])
    names = pa.array(list(vocab), type=pa.string())
    texts = (
        names.take(pa.array(codes, type=pa.int64())) if len(codes) else pa.array([], pa.string())
    )
    stop_null = res.stop_null if res.stop_null.any() else None
    int32 = pa.int32()
    columns: dict[str, pa.Array] = {
        "id": part.column("id").combine_chunks(),
        "eligible": pa.array(res.eligible, type=pa.bool_()),
        "failed": pa.ListArray.from_arrays(pa.array(offsets, type=int32), texts),
        "regular_months": pa.array(res.regular, type=int32),
        "continuation_months": pa.array(res.continuation, type=int32),
        "total_months": pa.array(res.total, type=int32),
        "start": pa.array(res.start, type=int32).view(pa.date32()),
        "end": pa.array(res.end, type=int32).view(pa.date32()),
        "retirement_date": pa.array(res.retirement, type=int32).view(pa.date32()),
        "amount_first": _money(res.amount_first, None, c.scale),
        "total_due": _money(res.total_due, None, c.scale),
        "stopped": pa.array(res.stopped, type=pa.bool_()),
        "stop_on": pa.array(res.stop_on, type=int32, mask=stop_null).view(pa.date32()),
        "months_paid": pa.array(res.months_paid, type=int32),
        "months_forfeited": pa.array(res.forfeited, type=int32),
        "lump_sum": _money(res.lump_sum, None, c.scale),
        "overpaid": _money(res.overpaid, None, c.scale),
        "error": pa.nulls(n, type=pa.string()),
        "stop_reason": _names(
            tuple(c.policy.event_kinds), np.where(res.stopped, res.stop_kind, -1)
        ),
        "overpaid_reason": _names(OVERPAID_REASONS, res.overpaid_reason.astype(np.int64) - 1),
    }
    assert tuple(columns) == DECISION_COLUMNS
    return pa.table(columns)


def _names(vocab: tuple[str, ...], codes: npt.NDArray[np.int64]) -> pa.Array:
    """Codes into `vocab` as text, -1 as null."""
    if not vocab or not (codes >= 0).any():
        return pa.nulls(len(codes), type=pa.string())
    picked = pa.array(np.maximum(codes, 0), type=pa.int64(), mask=codes < 0)
    return pa.array(vocab, type=pa.string()).take(picked)


def _schedule(
    c: Compiled,
    part: pa.Table,
    gi: npt.NDArray[np.int64],
    res: Result | None,
    slow: dict[int, tuple[dict[str, Any], list[dict[str, Any]]]],
) -> pa.Table:
    scale = c.scale
    words: npt.NDArray[np.int64] | None = None
    owner: list[npt.NDArray[np.int64]] = []
    index: list[npt.NDArray[np.int32]] = []
    start: list[npt.NDArray[np.int32]] = []
    end: list[npt.NDArray[np.int32]] = []
    amount: list[npt.NDArray[np.int64]] = []
    pay_by: list[npt.NDArray[np.int32]] = []
    pay_null: list[B] = []
    medical: list[B] = []
    status: list[npt.NDArray[np.int8]] = []
    if res is not None and res.month_owner is not None:
        assert res.month_index is not None and res.period_start is not None
        assert res.period_end is not None and res.amount is not None and res.pay_by is not None
        assert res.medical is not None and res.status is not None
        if not slow and not res.refer.any() and _is_id(part):
            return _kernel_schedule(part, res, scale)  # every row the kernel's: no gather
        no_pay = res.pay_by_null
        columns: list[npt.NDArray[Any]] = [
            res.month_index,
            res.period_start,
            res.period_end,
            res.amount,
            res.pay_by,
            np.zeros(len(res.pay_by), dtype=bool) if no_pay is None else no_pay,
            res.medical,
            res.status,
        ]
        month_row = np.repeat(gi, res.total)  # the claimant row of each month
        if res.refer.any():
            keep = np.repeat(~res.refer, res.total)
            owner.append(month_row[keep])
            columns = [col[keep] for col in columns]
        else:
            owner.append(month_row)
            words = res.amount_words  # every row kept: the decimal buffer as written
        outs: list[list[Any]] = [index, start, end, amount, pay_by, pay_null, medical, status]
        for into, col in zip(outs, columns, strict=True):
            into.append(col)
    rows = [(r, p) for r, (_, ps) in slow.items() for p in ps]
    if rows:
        owner.append(np.array([r for r, _ in rows], dtype=np.int64))
        index.append(np.array([p["index"] for _, p in rows], dtype=np.int32))
        start.append(np.array([D.days_of(p["period_start"]) for _, p in rows], dtype=np.int32))
        end.append(np.array([D.days_of(p["period_end"]) for _, p in rows], dtype=np.int32))
        amount.append(np.array([_units(p["amount"], scale) for _, p in rows], dtype=np.int64))
        pay_by.append(
            np.array([D.days_of(p["pay_by"]) if p["pay_by"] else 0 for _, p in rows], np.int32)
        )
        pay_null.append(np.array([p["pay_by"] is None for _, p in rows], dtype=bool))
        medical.append(np.array([p["medical_insurance_paid"] for _, p in rows], dtype=bool))
        status.append(np.array([STATUSES.index(p["status"]) for _, p in rows], dtype=np.int8))
    cat: dict[str, Any]
    if len(owner) == 1:
        o, ix = owner[0], index[0]
        cat = {
            "start": start[0],
            "end": end[0],
            "amount": amount[0],
            "pay_by": pay_by[0],
            "pay_null": pay_null[0],
            "medical": medical[0],
            "status": status[0],
        }
    elif owner:
        o = np.concatenate(owner)
        ix = np.concatenate(index)
        order = np.lexsort((ix, o))
        o, ix = o[order], ix[order]
        cat = {
            "start": np.concatenate(start)[order],
            "end": np.concatenate(end)[order],
            "amount": np.concatenate(amount)[order],
            "pay_by": np.concatenate(pay_by)[order],
            "pay_null": np.concatenate(pay_null)[order],
            "medical": np.concatenate(medical)[order],
            "status": np.concatenate(status)[order],
        }
    else:
        o = np.zeros(0, dtype=np.int64)
        ix = np.zeros(0, dtype=np.int32)
        cat = {
            "start": np.zeros(0, np.int32),
            "end": np.zeros(0, np.int32),
            "amount": np.zeros(0, np.int64),
            "pay_by": np.zeros(0, np.int32),
            "pay_null": np.zeros(0, bool),
            "medical": np.zeros(0, bool),
            "status": np.zeros(0, np.int8),
        }
    statuses = pa.DictionaryArray.from_arrays(
        pa.array(cat["status"], type=pa.int8()), pa.array(STATUSES)
    )
    ids = part.column("id").combine_chunks()
    if pa.types.is_integer(ids.type) and ids.null_count == 0:
        owner_ids = pa.array(np.asarray(ids)[o])
    else:
        owner_ids = ids.take(pa.array(o, type=pa.int64()))
    no_pay = cat["pay_null"] if cat["pay_null"].any() else None
    return pa.table(
        {
            "id": owner_ids,
            "index": pa.array(ix, type=pa.int32()),
            "period_start": pa.array(cat["start"], type=pa.int32()).view(pa.date32()),
            "period_end": pa.array(cat["end"], type=pa.int32()).view(pa.date32()),
            "amount": _money(cat["amount"], None, scale)
            if words is None or len(owner) != 1
            else _words(words, scale),
            "pay_by": pa.array(cat["pay_by"], type=pa.int32(), mask=no_pay).view(pa.date32()),
            "medical_insurance_paid": pa.array(cat["medical"], type=pa.bool_()),
            "status": statuses,
        }
    )


def _owner_ids(part: pa.Table, gi: npt.NDArray[np.int64], everyone: bool) -> I64 | None:
    """The claimants' ids for their month rows to carry, when the ids are 64-bit whole
    numbers without a null (the schedule's id column is then the kernel's own buffer);
    else None (the rows' numbers, their ids taken afterwards)."""
    ids = part.column("id")
    if not pa.types.is_int64(ids.type) or ids.null_count:
        return None
    values = np.asarray(ids.combine_chunks())
    return values if everyone else values[gi]


def _is_id(part: pa.Table) -> bool:
    """Whether the month rows carry the claimants' ids (`_owner_ids`), not row numbers."""
    return (
        bool(pa.types.is_int64(part.schema.field("id").type)) and part.column("id").null_count == 0
    )


def _kernel_schedule(part: pa.Table, res: Result, scale: int) -> pa.Table:
    """The schedule table of a slice whose every claimant the kernel computed: each column
    the kernel's buffer as it wrote it."""
    assert res.month_owner is not None and res.amount_words is not None
    assert res.month_index is not None and res.period_start is not None
    assert res.period_end is not None and res.pay_by is not None
    assert res.medical is not None and res.status is not None
    no_pay = res.pay_by_null
    return pa.table(
        {
            "id": pa.array(res.month_owner, type=part.schema.field("id").type),
            "index": pa.array(res.month_index, type=pa.int32()),
            "period_start": pa.array(res.period_start, type=pa.int32()).view(pa.date32()),
            "period_end": pa.array(res.period_end, type=pa.int32()).view(pa.date32()),
            "amount": _words(res.amount_words, scale),
            "pay_by": pa.array(res.pay_by, type=pa.int32(), mask=no_pay).view(pa.date32()),
            "medical_insurance_paid": pa.array(res.medical, type=pa.bool_()),
            "status": pa.DictionaryArray.from_arrays(
                pa.array(res.status, type=pa.int8()), pa.array(STATUSES)
            ),
        }
    )
