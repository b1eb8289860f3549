"""Ledger rows matched to benefit months: every row ends in exactly one place.

The due months come from `policy.schedule_batch` (amount, pay-by date, status after a stop)
and the recipients' standing from `policy.evaluate_batch`; nothing here recomputes the law.
The join is Arrow and NumPy: ids are hashed once (`pyarrow.compute.index_in`), then each
ledger row's (recipient, month) key is found by binary search in the schedule's sorted keys
(`bench/audit.py` measured this against the same join in DuckDB: see docs/auditors.md).

The result is a long table of *lines*, one per ledger row or unpaid month that calls for a
finding, with the kind, recipient, month, amount in fen, ledger row and calendar date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from .inputs import HUNDRED, Ledger

I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]

KINDS: tuple[str, ...] = (
    "paid_after_stop",
    "wrong_amount",
    "not_paid",
    "paid_late",
    "continuation_owed",
    "duplicate_payment",
    "unknown_recipient",
    "unmatched_payment",
    "paid_not_eligible",
    "suspected_confirmed",
    "suspected_cleared",
    "bad_row",
)
"""Every finding kind, in report order (the contract's list, then rows that could not be read)."""
K = {k: i for i, k in enumerate(KINDS)}
_MONTH_BITS = 2048  # benefit month indexes are below this (inputs.MAX_INDEX)
_DAY_BITS = 1 << 17  # dates as days since 1970 up to 2100 are below this
NO_DATE = np.iinfo(np.int32).max


def _flat(arr: pa.Array | pa.ChunkedArray, fill: object) -> Any:
    out = pc.fill_null(arr, fill)
    if isinstance(out, pa.ChunkedArray):
        out = out.combine_chunks()
    return out.to_numpy(zero_copy_only=False)


def ints(arr: pa.Array | pa.ChunkedArray, fill: int) -> I64:
    """A column as int64, nulls as `fill`."""
    return np.asarray(_flat(arr, fill), dtype=np.int64)


def flags(arr: pa.Array | pa.ChunkedArray, fill: bool) -> B:
    """A column as bool, nulls as `fill`."""
    return np.asarray(_flat(arr, fill), dtype=np.bool_)


@dataclasses.dataclass
class Schedule:
    """The benefit months as arrays, sorted by (recipient position, index)."""

    rpos: I64
    index: I64
    start: I64
    fen: I64
    fen_known: B
    pay_by: I64
    medical: B
    status: npt.NDArray[np.int8]  # 0 due, 1 forfeited, 2 lump sum, 3 other

    @classmethod
    def of(cls, sched: pa.Table, rids: pa.Array) -> Schedule:
        """Arrays of the engine's schedule table, keyed by the recipients' positions."""
        rpos = ints(pc.index_in(_text(sched.column("id")), value_set=rids), -1)
        amount = sched.column("amount")
        fen = pc.cast(pc.multiply(pc.cast(amount, pa.decimal128(20, 2)), HUNDRED), pa.int64())
        status = pc.cast(sched.column("status"), pa.string())
        code = np.full(sched.num_rows, 3, np.int8)
        for i, name in enumerate(("due", "forfeited", "lump_sum")):
            code[flags(pc.equal(status, name), False)] = i
        out = cls(
            rpos=rpos,
            index=ints(sched.column("index"), 0),
            start=ints(pc.cast(sched.column("period_start"), pa.int32()), -1),
            fen=ints(fen, 0),
            fen_known=flags(pc.is_valid(amount), False),
            pay_by=ints(pc.cast(sched.column("pay_by"), pa.int32()), NO_DATE),
            medical=flags(sched.column("medical_insurance_paid"), False),
            status=code,
        )
        if sched.num_rows == 0:  # one row no ledger row can match, so lookups stay in bounds
            for f in dataclasses.fields(cls):
                setattr(out, f.name, np.zeros(1, getattr(out, f.name).dtype))
            out.rpos[0] = -1
        key = out.rpos * _MONTH_BITS + out.index
        if len(key) > 1 and not bool(np.all(key[1:] >= key[:-1])):
            order = np.argsort(key, kind="stable")
            for f in dataclasses.fields(cls):
                setattr(out, f.name, getattr(out, f.name)[order])
        return out


def _text(col: pa.ChunkedArray | pa.Array) -> pa.Array:
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    return arr if pa.types.is_string(arr.type) else pc.cast(arr, pa.string())


@dataclasses.dataclass
class Lines:
    """Columns of the finding lines (see the module docstring)."""

    kind: list[npt.NDArray[np.int8]] = dataclasses.field(default_factory=list)
    rpos: list[I64] = dataclasses.field(default_factory=list)
    ledger: list[I64] = dataclasses.field(default_factory=list)  # position in the good rows
    index: list[I64] = dataclasses.field(default_factory=list)
    fen: list[I64] = dataclasses.field(default_factory=list)
    fen_known: list[B] = dataclasses.field(default_factory=list)
    day: list[I64] = dataclasses.field(default_factory=list)
    medical: list[B] = dataclasses.field(default_factory=list)
    paid: list[I64] = dataclasses.field(default_factory=list)
    late: list[I64] = dataclasses.field(default_factory=list)

    def add(self, kind: str, n: int, **cols: npt.NDArray[np.generic]) -> None:
        """Append `n` lines of one kind; a column not given is -1, unknown or False."""
        self.kind.append(np.full(n, K[kind], np.int8))
        self.rpos.append(np.asarray(cols.get("rpos", np.full(n, -1)), np.int64))
        self.ledger.append(np.asarray(cols.get("ledger", np.full(n, -1)), np.int64))
        self.index.append(np.asarray(cols.get("index", np.zeros(n)), np.int64))
        self.fen.append(np.asarray(cols.get("fen", np.zeros(n)), np.int64))
        self.fen_known.append(np.asarray(cols.get("fen_known", np.ones(n)), np.bool_))
        self.day.append(np.asarray(cols.get("day", np.full(n, NO_DATE)), np.int64))
        self.medical.append(np.asarray(cols.get("medical", np.zeros(n)), np.bool_))
        self.paid.append(np.asarray(cols.get("paid", np.zeros(n)), np.int64))
        self.late.append(np.asarray(cols.get("late", np.zeros(n)), np.int64))

    def arrays(self) -> dict[str, Any]:
        """Each column, concatenated."""
        return {f.name: np.concatenate(getattr(self, f.name)) for f in dataclasses.fields(self)}


@dataclasses.dataclass
class Matched:
    """The lines, the ledger index found for each good ledger row and its disposition."""

    lines: dict[str, Any]
    ledger_rpos: I64
    ledger_index: I64
    disposition: npt.NDArray[np.int8]  # a kind code, or -1 matched with no finding
    paid_fen: I64  # per recipient position: the money paid on matched months


def match(
    decisions: pa.Table, sched: pa.Table, rids: pa.Array, ledger: Ledger, as_of: dt.date
) -> Matched:
    """Match every good ledger row and find the due months nobody paid."""
    s = Schedule.of(sched, rids)
    n_r = len(rids)
    ok = flags(decisions.column("error").is_null(), False)
    eligible = ok & flags(decisions.column("eligible"), False)
    regular = ints(decisions.column("regular_months"), 0)
    rpos = ints(pc.index_in(ledger.ids, value_set=rids), -1)
    j, month = _find(s, rpos, ledger)
    known = rpos >= 0
    safe = np.where(known, rpos, 0)
    lines = Lines()
    disp = np.full(len(rpos), -1, np.int8)
    paid = flags(ledger.medical, False) if len(rpos) else np.zeros(0, np.bool_)
    day = ledger.paid_on.astype(np.int64)
    idx = np.where(j >= 0, s.index[np.maximum(j, 0)], month)

    def emit(kind: str, mask: B, **cols: npt.NDArray[np.generic]) -> None:
        rows = np.flatnonzero(mask)
        disp[rows[disp[rows] < 0]] = K[kind]
        lines.add(
            kind,
            len(rows),
            rpos=rpos[rows],
            ledger=rows,
            index=idx[rows],
            fen=cols.get("fen", ledger.fen)[rows],
            day=day[rows],
            medical=paid[rows],
            fen_known=cols.get("fen_known", np.ones(len(rpos), np.bool_))[rows],
            paid=ledger.fen[rows],
            late=cols.get("late", np.zeros(len(rpos), np.int64))[rows],
        )

    emit("unknown_recipient", ~known)
    emit("unmatched_payment", known & ~ok[safe])
    emit("paid_not_eligible", known & ok[safe] & ~eligible[safe])
    emit("unmatched_payment", known & eligible[safe] & (j < 0))
    first = _first_payments(j, ledger.paid_on)
    hit = j >= 0
    emit("duplicate_payment", hit & ~first)
    jj = np.maximum(j, 0)
    primary = hit & first
    status = s.status[jj]
    emit("paid_after_stop", primary & (status == 1))
    payable = primary & (status != 1)
    wrong = payable & s.fen_known[jj] & (ledger.fen != s.fen[jj])
    emit("wrong_amount", wrong, fen=ledger.fen - s.fen[jj])
    late = payable & (status == 0) & (day > s.pay_by[jj])
    emit("paid_late", late, fen_known=np.zeros(len(rpos), np.bool_), late=day - s.pay_by[jj])
    _unpaid(lines, s, primary, jj, as_of, regular)
    paid_fen = np.bincount(rpos[primary & (status != 1)], ledger.fen[primary & (status != 1)], n_r)
    return Matched(lines.arrays(), rpos, idx, disp, paid_fen.astype(np.int64))


def _find(s: Schedule, rpos: I64, ledger: Ledger) -> tuple[I64, I64]:
    """Each ledger row's schedule row (-1 where none) and its month index (0 where unknown)."""
    n = len(rpos)
    index = ints(ledger.index, 0) if n else np.zeros(0, np.int64)
    start = ints(pc.cast(ledger.period_start, pa.int32()), -1) if n else index
    by_index = index > 0
    j = np.full(n, -1, np.int64)
    if len(s.rpos) == 0 or n == 0:
        return j, index
    keys = s.rpos * _MONTH_BITS + s.index
    want = rpos * _MONTH_BITS + index
    pos = np.minimum(np.searchsorted(keys, want), len(keys) - 1)
    hit = by_index & (rpos >= 0) & (keys[pos] == want)
    given = start >= 0
    hit &= ~given | (s.start[pos] == start)  # both given: they must name the same month
    j[hit] = pos[hit]
    skeys = s.rpos * _DAY_BITS + s.start
    swant = rpos * _DAY_BITS + start
    spos = np.minimum(np.searchsorted(skeys, swant), len(skeys) - 1)
    shit = ~by_index & given & (rpos >= 0) & (skeys[spos] == swant)
    j[shit] = spos[shit]
    return j, index


def _first_payments(j: I64, paid_on: npt.NDArray[np.int32]) -> B:
    """True for the earliest ledger row of each matched month (ties: the earlier row)."""
    first = np.zeros(len(j), np.bool_)
    hit = np.flatnonzero(j >= 0)
    if len(hit) == 0:
        return first
    order = hit[np.lexsort((hit, paid_on[hit], j[hit]))]
    keys = j[order]
    lead = np.ones(len(order), np.bool_)
    lead[1:] = keys[1:] != keys[:-1]
    first[order[lead]] = True
    return first


def _unpaid(lines: Lines, s: Schedule, primary: B, jj: I64, as_of: dt.date, regular: I64) -> None:
    """Months due by `as_of` with no payment: not paid, or continuation owed (beyond regular)."""
    covered = np.zeros(len(s.rpos), np.bool_)
    covered[jj[primary]] = True
    limit = (as_of - dt.date(1970, 1, 1)).days
    due = (s.status == 0) & (s.pay_by <= limit) & ~covered & (s.rpos >= 0)
    beyond = s.index > regular[np.maximum(s.rpos, 0)]
    for kind, mask in (("not_paid", due & ~beyond), ("continuation_owed", due & beyond)):
        rows = np.flatnonzero(mask)
        lines.add(
            kind,
            len(rows),
            rpos=s.rpos[rows],
            index=s.index[rows],
            fen=s.fen[rows],
            fen_known=s.fen_known[rows],
            day=s.pay_by[rows],
            medical=s.medical[rows],
        )
