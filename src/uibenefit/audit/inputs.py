"""The audit's three inputs, read and checked row by row against their documented schemas.

A missing column is one InputError naming the file and column. A bad value never stops the
audit and never disappears: its row is set aside as a `bad_row` finding naming the table, the
row (and for CSV the line) and the field, and the other rows are audited.

Schemas (the contract's "Audit" and "Records"):

- payments ledger: `id`, `index` (benefit month, 1-based) or `period_start`, `amount` (yuan,
  at most 2 decimals, not negative), `paid_on`, [`medical_insurance`: bool];
- events: `id`, `kind` (a stop ground of the policy, or `suspected`), `on`, [`source`];
- recipients: the claimant columns and `id`, as `evaluate_batch` takes them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InputError

B = npt.NDArray[np.bool_]

SUSPECTED = "suspected"
"""The events table's kind for a case on the ministry's list of suspected cases (N8)."""
MAX_INDEX = 1200
"""A benefit month index above this is not a month of any entitlement (a century)."""
MONEY = pa.decimal128(18, 2)
HUNDRED = pa.scalar(Decimal(100), pa.decimal128(3, 0))
_AMOUNT_RE = r"^\s*[0-9]{1,13}(\.[0-9]{0,2})?\s*$"
_INT_RE = r"^\s*[0-9]{1,9}\s*$"
_DATE_RE = r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$"
_TRUE = ("true", "1", "yes", "t", "y", "是")
_FALSE = ("false", "0", "no", "f", "n", "否")


@dataclasses.dataclass
class BadRows:
    """Rows set aside: table name, 0-based row, the fields at fault and, for CSV, the line."""

    table: str
    csv: bool
    rows: list[int] = dataclasses.field(default_factory=list)
    fields: list[str] = dataclasses.field(default_factory=list)
    ids: list[str | None] = dataclasses.field(default_factory=list)
    kept: npt.NDArray[np.int64] = dataclasses.field(default_factory=lambda: np.zeros(0, np.int64))
    """For recipients: the input row of each row kept (rows after a set-aside one shift)."""
    extra: list[BadRows] = dataclasses.field(default_factory=list)
    """For recipients from a records directory: the record tables' rows that were bad."""

    def add(self, ids: pa.Array, mask: B, field_names: list[str]) -> None:
        """Record the rows of `mask`, each with the fields `field_names` found at fault."""
        for row in np.flatnonzero(mask).tolist():
            self.rows.append(row)
            self.fields.append(field_names[row])
            value = ids[row].as_py() if row < len(ids) else None
            self.ids.append(None if value is None else str(value))

    def where(self, i: int) -> str:
        """'row N' (1-based data row), with the CSV line when the table came from CSV."""
        row = self.rows[i]
        return f"row {row + 1}" + (f" (line {row + 2})" if self.csv else "")


def read(source: Any, what: str) -> tuple[pa.Table, bool]:
    """A table from a path (Parquet file or folder, CSV) or anything Arrow reads; CSV as text."""
    if isinstance(source, pa.RecordBatch):
        return pa.Table.from_batches([source]), False
    if isinstance(source, pa.Table):
        return source, False
    if isinstance(source, str | Path):
        return _read_path(Path(source), what)
    module = type(source).__module__.split(".")[0]
    if module in ("pandas", "polars") or hasattr(source, "__arrow_c_stream__"):
        try:
            return pa.table(source), False
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError) as exc:
            raise InputError(f"cannot read {what} as Arrow: {exc}", field=what) from None
    raise InputError(
        f"expected a path to a .parquet or .csv file, or a table, got {type(source).__name__}",
        field=what,
    )


def _read_path(path: Path, what: str) -> tuple[pa.Table, bool]:
    if not path.exists():
        raise InputError("no such file or folder", path=str(path), field=what)
    suffix = path.suffix.lower()
    try:
        if path.is_dir() or suffix in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            return pq.read_table(path), False
        if suffix in (".csv", ".txt"):
            import pyarrow.csv as pcsv

            with pcsv.open_csv(path) as head:
                types = dict.fromkeys(head.schema.names, pa.string())
            table = pcsv.read_csv(
                path,
                convert_options=pcsv.ConvertOptions(column_types=types, strings_can_be_null=True),
            )
            return table, True
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"cannot read {what}: {exc}", path=str(path)) from None
    raise InputError(
        f"expected a .parquet or .csv file (or a folder of Parquet files), got '{suffix}'",
        path=str(path),
        field=what,
    )


def require(table: pa.Table, names: tuple[str, ...], what: str, source: Any) -> None:
    """Every column of `names` present, else one InputError naming them and the file."""
    missing = [n for n in names if n not in table.column_names]
    if missing:
        path = str(source) if isinstance(source, str | Path) else None
        raise InputError(
            f"the {what} table has no column {', '.join(repr(m) for m in missing)} "
            f"(it has: {', '.join(table.column_names)})",
            path=path,
            field=missing[0],
        )


def text_ids(col: pa.ChunkedArray | pa.Array) -> pa.Array:
    """The ids as text, blanks as null: the key the tables are joined on."""
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    out = arr if pa.types.is_string(arr.type) else pc.cast(arr, pa.string())
    out = pc.utf8_trim_whitespace(out)
    return pc.if_else(pc.equal(out, ""), pa.scalar(None, pa.string()), out)


def _strings(arr: pa.Array) -> pa.Array:
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    return arr if pa.types.is_string(arr.type) else pc.cast(arr, pa.string())


def _column(table: pa.Table, name: str) -> pa.Array | None:
    if name not in table.column_names:
        return None
    col = table.column(name)
    return col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)


def dates(arr: pa.Array) -> tuple[pa.Array, B]:
    """Dates as date32 and the mask of values that are present but not a date."""
    if pa.types.is_date32(arr.type):
        return arr, np.zeros(len(arr), np.bool_)
    if pa.types.is_date64(arr.type) or pa.types.is_timestamp(arr.type):
        return pc.cast(arr, pa.date32()), np.zeros(len(arr), np.bool_)
    text = pc.utf8_trim_whitespace(_strings(arr))
    shaped = pc.fill_null(pc.match_substring_regex(text, _DATE_RE), False)
    parsed = pc.strptime(
        pc.if_else(shaped, text, None), format="%Y-%m-%d", unit="s", error_is_null=True
    )
    out = pc.cast(parsed, pa.date32())
    bad = np.asarray(pc.and_(pc.is_valid(text), pc.is_null(out)))
    return out, bad


def integers(arr: pa.Array) -> tuple[pa.Array, B]:
    """Whole numbers as int64 and the mask of values present but not a whole number."""
    if pa.types.is_integer(arr.type):
        return pc.cast(arr, pa.int64()), np.zeros(len(arr), np.bool_)
    text = _strings(arr)
    shaped = pc.fill_null(pc.match_substring_regex(text, _INT_RE), False)
    out = pc.cast(pc.utf8_trim_whitespace(pc.if_else(shaped, text, None)), pa.int64())
    bad = np.asarray(pc.and_(pc.is_valid(text), pc.invert(shaped)))
    return out, bad


def money(arr: pa.Array) -> tuple[pa.Array, B]:
    """Amounts as integer fen (int64) and the mask of present values that are not money."""
    if pa.types.is_decimal(arr.type) and arr.type.scale <= 2:
        fen = pc.cast(pc.multiply(pc.cast(arr, pa.decimal128(20, 2)), HUNDRED), pa.int64())
        return fen, np.zeros(len(arr), np.bool_)
    if pa.types.is_integer(arr.type):
        return pc.multiply(pc.cast(arr, pa.int64()), 100), np.zeros(len(arr), np.bool_)
    if pa.types.is_floating(arr.type):
        values = np.asarray(pc.fill_null(arr, 0.0), dtype=np.float64)
        fen = np.round(values * 100)
        ok = np.isfinite(values) & (np.abs(fen - values * 100) < 1e-6) & (np.abs(fen) < 1e15)
        valid = np.asarray(arr.is_valid())
        out = pa.array(np.where(ok, fen, 0).astype(np.int64), mask=~(valid & ok))
        return out, valid & ~ok
    text = _strings(arr)
    shaped = pc.fill_null(pc.match_substring_regex(text, _AMOUNT_RE), False)
    kept = pc.utf8_trim_whitespace(pc.if_else(shaped, text, None))
    fen = pc.cast(pc.multiply(pc.cast(kept, pa.decimal128(20, 2)), HUNDRED), pa.int64())
    bad = np.asarray(pc.and_(pc.is_valid(text), pc.invert(shaped)))
    return fen, bad


def booleans(arr: pa.Array) -> tuple[pa.Array, B]:
    """Booleans (true/false, 1/0, yes/no, 是/否) and the mask of present values that are not."""
    if pa.types.is_boolean(arr.type):
        return arr, np.zeros(len(arr), np.bool_)
    text = pc.utf8_lower(pc.utf8_trim_whitespace(_strings(arr)))
    yes = pc.is_in(text, pa.array(_TRUE))
    no = pc.is_in(text, pa.array(_FALSE))
    out = pc.if_else(yes, True, pc.if_else(no, False, pa.scalar(None, pa.bool_())))
    bad = np.asarray(pc.and_(pc.is_valid(text), pc.invert(pc.or_(yes, no))))
    return out, bad


class Faults:
    """The fields found at fault, row by row, gathered column by column."""

    def __init__(self, n: int) -> None:
        self.mask = np.zeros(n, np.bool_)
        self._names: list[tuple[str, B]] = []

    def add(self, name: str, bad: B) -> None:
        """Mark `bad` rows as having field `name` at fault."""
        if bad.any():
            self.mask |= bad
            self._names.append((name, bad))

    def names(self) -> list[str]:
        """For every row, the comma-separated fields at fault ('' for a good row)."""
        out = [""] * len(self.mask)
        for name, bad in self._names:
            for row in np.flatnonzero(bad).tolist():
                out[row] = f"{out[row]}, {name}" if out[row] else name
        return out


@dataclasses.dataclass
class Ledger:
    """The payments ledger, checked: good rows typed, bad rows set aside (row numbers kept)."""

    row: npt.NDArray[np.int64]
    ids: pa.Array
    index: pa.Array
    period_start: pa.Array
    fen: npt.NDArray[np.int64]
    paid_on: npt.NDArray[np.int32]
    medical: pa.Array
    total: int
    bad: BadRows


def ledger(source: Any, as_of: dt.date) -> Ledger:
    """Read and check the payments ledger (see the module's schema)."""
    table, csv = read(source, "payments")
    require(table, ("id", "amount", "paid_on"), "payments", source)
    if "index" not in table.column_names and "period_start" not in table.column_names:
        require(table, ("index",), "payments (or 'period_start')", source)
    n = table.num_rows
    faults = Faults(n)
    ids = text_ids(_column_or_null(table, "id"))
    faults.add("id", np.asarray(ids.is_null()))
    index, start = _month_keys(table, faults, n)
    fen, bad = money(_column_or_null(table, "amount"))
    negative = np.asarray(pc.fill_null(pc.less(fen, 0), False))
    faults.add("amount", bad | np.asarray(fen.is_null()) | negative)
    paid_on, bad = dates(_column_or_null(table, "paid_on"))
    late = np.asarray(pc.fill_null(pc.greater(paid_on, pa.scalar(as_of, pa.date32())), False))
    faults.add("paid_on", bad | np.asarray(paid_on.is_null()) | late)
    med_col = _column(table, "medical_insurance")
    medical, bad = booleans(med_col) if med_col is not None else (pa.nulls(n, pa.bool_()), bad[:0])
    if med_col is not None:
        faults.add("medical_insurance", bad)
    out = BadRows("payments", csv)
    out.add(ids, faults.mask, faults.names())
    keep = pa.array(~faults.mask)
    good = np.flatnonzero(~faults.mask).astype(np.int64)
    return Ledger(
        row=good,
        ids=ids.filter(keep),
        index=index.filter(keep),
        period_start=start.filter(keep),
        fen=np.asarray(fen.filter(keep)).astype(np.int64),
        paid_on=np.asarray(pc.cast(paid_on.filter(keep), pa.int32())),
        medical=medical.filter(keep),
        total=n,
        bad=out,
    )


def _month_keys(table: pa.Table, faults: Faults, n: int) -> tuple[pa.Array, pa.Array]:
    """The benefit month of each row, by `index` or `period_start`: at least one, both valid."""
    idx_col = _column(table, "index")
    index, bad_i = integers(idx_col) if idx_col is not None else (pa.nulls(n, pa.int64()), None)
    if bad_i is not None:
        out_of_range = pc.fill_null(pc.or_(pc.less(index, 1), pc.greater(index, MAX_INDEX)), False)
        faults.add("index", bad_i | np.asarray(out_of_range))
    ps_col = _column(table, "period_start")
    start, bad_p = dates(ps_col) if ps_col is not None else (pa.nulls(n, pa.date32()), None)
    if bad_p is not None:
        faults.add("period_start", bad_p)
    neither = np.asarray(pc.and_(index.is_null(), start.is_null()))
    faults.add("index" if idx_col is not None else "period_start", neither)
    return index, start


@dataclasses.dataclass
class Events:
    """The events table, checked: stop events for the engine, suspected cases, bad rows."""

    engine: pa.Table
    suspected_ids: list[str]
    suspected_on: list[dt.date]
    suspected_rows: list[int]
    bad: BadRows


def events(source: Any, kinds: tuple[str, ...]) -> Events:
    """Read and check the events; `kinds` are the policy's stop grounds."""
    if source is None:
        empty = pa.table(
            {
                "id": pa.array([], pa.string()),
                "kind": pa.array([], pa.string()),
                "on": pa.array([], pa.date32()),
            }
        )
        return Events(empty, [], [], [], BadRows("events", False))
    table, csv = read(source, "events")
    require(table, ("id", "kind", "on"), "events", source)
    n = table.num_rows
    faults = Faults(n)
    ids = text_ids(table.column("id"))
    faults.add("id", np.asarray(ids.is_null()))
    kind = pc.utf8_trim_whitespace(_strings(table.column("kind").combine_chunks()))
    known = pc.is_in(kind, pa.array([*kinds, SUSPECTED]))
    faults.add("kind", ~np.asarray(pc.fill_null(known, False)))
    on, bad = dates(table.column("on").combine_chunks())
    faults.add("on", bad | np.asarray(on.is_null()))
    out = BadRows("events", csv)
    out.add(ids, faults.mask, faults.names())
    good = ~faults.mask
    suspected = good & np.asarray(pc.fill_null(pc.equal(kind, SUSPECTED), False))
    stops = pa.array(good & ~suspected)
    engine = pa.table({"id": ids.filter(stops), "kind": kind.filter(stops), "on": on.filter(stops)})
    rows = np.flatnonzero(suspected).tolist()
    return Events(
        engine,
        [str(ids[r].as_py()) for r in rows],
        [on[r].as_py() for r in rows],
        rows,
        out,
    )


def fen_to_money(fen: npt.NDArray[np.int64] | pa.Array) -> pa.Array:
    """Integer fen as decimal128(18, 2) yuan, exactly (nulls kept)."""
    arr = fen if isinstance(fen, pa.Array) else pa.array(fen, pa.int64())
    scaled = pc.multiply(pc.cast(arr, pa.decimal128(20, 0)), pa.scalar(Decimal("0.01")))
    return pc.cast(scaled, MONEY)


def _column_or_null(table: pa.Table, name: str) -> pa.Array:
    found = _column(table, name)
    return pa.nulls(table.num_rows, pa.string()) if found is None else found
