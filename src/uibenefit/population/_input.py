"""Claimant and event tables into arrays: columns checked once, values checked per row.

A missing or mistyped column is one InputError naming it. A bad value only marks its row;
the row is then built as a `Claimant` (and its `Event`s), whose own checks give the message,
exactly as the one-claim API would.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ..claimant import (
    EARLIEST,
    INSURED_AS,
    LATEST,
    POSITIONS,
    SEPARATION_REASONS,
    SEXES,
    Claimant,
    Event,
)
from ..errors import InputError
from . import _dates as D

B = npt.NDArray[np.bool_]

FIELDS = {f.name: f for f in dataclasses.fields(Claimant)}
DATE_FIELDS = ("birth_date", "separation_date", "application_date", "registration_date")
CHOICE_FIELDS: dict[str, tuple[str, ...]] = {
    "sex": SEXES,
    "position": POSITIONS,
    "insured_as": INSURED_AS,
    "separation_reason": SEPARATION_REASONS,
    "registered_reason": SEPARATION_REASONS,
}
INT_FIELDS = {"contribution_months": (0, 1200), "prior_unused_months": (0, 1200)}
"""Bounds of whole-number fields as data can hold them; the law's own limits (unused months
at most `regular_months_cap`) are the policy's, checked where the rules are applied."""
BOOL_FIELDS = ("receiving_pension", "seeking_work", "spouse_receiving_benefit")
OPTIONAL = frozenset(
    f.name
    for f in dataclasses.fields(Claimant)
    if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
)
NULLABLE = frozenset({"registration_date", "insured_area", "registered_reason"})
LOW = D.days_of(EARLIEST)
HIGH = D.days_of(LATEST)
_TRUE = ("true",)
_FALSE = ("false",)


def read_table(source: Any, what: str = "claimants") -> pa.Table:
    """Anything that yields Arrow as a Table: Table, RecordBatch, pandas or polars DataFrame,
    an object with `__arrow_c_stream__`, or a Parquet (file or folder) or CSV path."""
    if isinstance(source, pa.Table):
        return source
    if isinstance(source, pa.RecordBatch):
        return pa.Table.from_batches([source])
    if isinstance(source, str | Path):
        return _read_path(Path(source), what)
    module = type(source).__module__.split(".")[0]
    if module == "pandas":
        try:
            return pa.Table.from_pandas(source, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise InputError(f"cannot read the DataFrame as Arrow: {exc}", field=what) from None
    if module == "polars":
        table: pa.Table = source.to_arrow()
        return table
    if hasattr(source, "__arrow_c_stream__"):
        return pa.table(source)
    raise InputError(
        "expected a pyarrow Table or RecordBatch, a pandas or polars DataFrame, or a path to "
        f"a Parquet or CSV file, got {type(source).__name__}",
        field=what,
    )


def _read_path(path: Path, what: str) -> pa.Table:
    if not path.exists():
        raise InputError("no such file or folder", path=str(path), field=what)
    suffix = path.suffix.lower()
    try:
        if path.is_dir() or suffix in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            return pq.read_table(path)
        if suffix in (".csv", ".txt"):
            import pyarrow.csv as pcsv

            # every known column as text: a bad value then marks its row, never the file
            names = [*FIELDS, "kind", "on"]
            types = dict.fromkeys(names, pa.string())
            return pcsv.read_csv(
                path,
                convert_options=pcsv.ConvertOptions(column_types=types, strings_can_be_null=True),
            )
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"cannot read {what}: {exc}", path=str(path)) from None
    raise InputError(
        f"expected a .parquet or .csv file (or a folder of Parquet files), got '{suffix}'",
        path=str(path),
        field=what,
    )


def batches(table: pa.Table, rows: int) -> Iterator[pa.Table]:
    """The table in slices of at most `rows` rows (zero-copy)."""
    n = table.num_rows
    for lo in range(0, max(n, 1), rows):
        yield table.slice(lo, rows)


def check_columns(table: pa.Table) -> None:
    """One InputError for a missing required column or a column of the wrong type."""
    names = table.column_names
    if "id" not in names:
        raise InputError("the claimants table needs an 'id' column", field="id")
    for name in FIELDS:
        if name not in names:
            if name in OPTIONAL:
                continue
            raise InputError(f"missing required column '{name}'", field=name)
        t = table.schema.field(name).type
        if pa.types.is_dictionary(t):
            t = t.value_type
        ok = pa.types.is_null(t) or pa.types.is_string(t) or pa.types.is_large_string(t)
        if name in DATE_FIELDS:
            ok = ok or pa.types.is_date(t) or pa.types.is_timestamp(t)
            want = "dates"
        elif name in INT_FIELDS:
            ok = ok or pa.types.is_integer(t) or pa.types.is_floating(t)
            want = "whole numbers"
        elif name in BOOL_FIELDS:
            ok = ok or pa.types.is_boolean(t)
            want = "true or false"
        elif name == "insured_area":
            ok = ok or pa.types.is_integer(t)
            want = "6-digit area codes as text"
        else:
            want = "text codes"
        if not ok:
            raise InputError(f"column '{name}' holds {t}; expected {want}", field=name)


def _text(col: pa.ChunkedArray) -> pa.Array:
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    if pa.types.is_dictionary(arr.type):
        arr = arr.cast(arr.type.value_type)
    if pa.types.is_large_string(arr.type):
        arr = arr.cast(pa.string())
    return arr


def _nulls(arr: pa.Array) -> B:
    """Where the array holds nothing (no conversion when it has no nulls)."""
    if arr.null_count == 0:
        return np.zeros(len(arr), dtype=bool)
    return np.asarray(arr.is_null(), dtype=bool)


def _values(arr: pa.Array, fill: Any, dtype: Any) -> Any:
    """The values as numpy, nulls as `fill` (no copy of the nulls when there are none)."""
    if arr.null_count:
        arr = arr.fill_null(fill)
    return np.asarray(arr).astype(dtype, copy=False)


def dates(table: pa.Table, name: str) -> tuple[npt.NDArray[np.int32], B, B]:
    """Days since 1970-01-01, the null mask, and rows whose value is bad."""
    n = table.num_rows
    if name not in table.column_names:
        return np.zeros(n, dtype=np.int32), np.ones(n, dtype=bool), np.zeros(n, dtype=bool)
    arr = _text(table.column(name))
    t = arr.type
    bad = np.zeros(n, dtype=bool)
    if pa.types.is_null(t):
        return np.zeros(n, dtype=np.int32), np.ones(n, dtype=bool), bad
    if pa.types.is_date32(t) and arr.null_count == 0:
        # the common case: read the days in place
        raw = np.frombuffer(arr.buffers()[1], dtype=np.int32, count=len(arr) + arr.offset)
        days = raw[arr.offset :]
        wrong = (days < LOW) | (days > HIGH)
        if wrong.any():
            return np.where(wrong, LOW, days).astype(np.int32), np.zeros(n, dtype=bool), wrong
        return days, np.zeros(n, dtype=bool), bad
    if pa.types.is_string(t):
        try:
            arr = pc.cast(pc.strptime(arr, format="%Y-%m-%d", unit="s"), pa.date32())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            values = arr.to_pylist()
            parsed: list[dt.date | None] = []
            for i, v in enumerate(values):
                try:
                    parsed.append(None if v is None else dt.date.fromisoformat(v))
                except ValueError:
                    parsed.append(None)
                    bad[i] = True
            arr = pa.array(parsed, type=pa.date32())
        else:
            # strptime accepts a few things fromisoformat refuses (and the reverse): keep
            # only the plain YYYY-MM-DD form here, let the Claimant judge the rest
            written = _text(table.column(name))
            plain = pc.match_substring_regex(written, r"^\d{4}-\d{2}-\d{2}$")
            bad |= ~np.asarray(plain.fill_null(True), dtype=bool)
            # strptime rolls an impossible day over (1975-02-30 -> 1975-03-02): a date that
            # does not read back as written is refused, as the Claimant refuses it
            same = pc.equal(pc.strftime(arr, format="%Y-%m-%d"), written)
            bad |= ~np.asarray(same.fill_null(True), dtype=bool)
    elif pa.types.is_timestamp(t):
        midnight = pc.equal(
            pc.cast(arr, pa.int64()), pc.cast(pc.floor_temporal(arr, unit="day"), pa.int64())
        )
        bad |= ~np.asarray(midnight.fill_null(True), dtype=bool)
        arr = pc.cast(pc.floor_temporal(arr, unit="day"), pa.date32())
    elif pa.types.is_date64(t):
        arr = pc.cast(arr, pa.date32())
    null = np.asarray(arr.is_null(), dtype=bool)
    days = np.asarray(arr.cast(pa.int32()).fill_null(0), dtype=np.int32)
    bad |= ~null & ((days < LOW) | (days > HIGH))
    days = np.where(bad | null, LOW, days).astype(np.int32)
    return days, null, bad


def codes(
    table: pa.Table, name: str, choices: tuple[str, ...]
) -> tuple[npt.NDArray[np.int64], B, B]:
    """Codes into `choices`, the null mask, and rows holding anything else."""
    n = table.num_rows
    if name not in table.column_names:
        return np.full(n, -1, dtype=np.int64), np.ones(n, dtype=bool), np.zeros(n, dtype=bool)
    col = table.column(name).combine_chunks()
    if pa.types.is_dictionary(col.type):
        d = pc.index_in(col.dictionary.cast(pa.string()), value_set=pa.array(choices))
        lut = _values(d, -1, np.int64)
        idx = _values(col.indices, 0, np.intp)
        out = lut[idx] if len(lut) else np.full(n, -1, dtype=np.int64)
        null = _nulls(col)
    else:
        arr = _text(col)
        if pa.types.is_null(arr.type):
            return np.full(n, -1, dtype=np.int64), np.ones(n, dtype=bool), np.zeros(n, bool)
        out = _values(pc.index_in(arr, value_set=pa.array(choices)), -1, np.int64)
        null = _nulls(arr)
    if null.any():
        out = np.where(null, -1, out)
    return out, null, ~null & (out < 0)


def ints(table: pa.Table, name: str, default: int) -> tuple[npt.NDArray[np.int64], B]:
    """Whole numbers and the rows whose value is not one within the field's bounds."""
    n = table.num_rows
    low, high = INT_FIELDS[name]
    if name not in table.column_names:
        return np.full(n, default, dtype=np.int64), np.zeros(n, dtype=bool)
    arr = _text(table.column(name))
    if pa.types.is_null(arr.type):
        return np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)
    if pa.types.is_string(arr.type):
        whole = pc.match_substring_regex(arr, r"^-?\d{1,9}$").fill_null(False)
        arr = pc.if_else(whole, arr, pa.scalar(None, pa.string())).cast(pa.int64())
        bad = ~np.asarray(whole, dtype=bool)
    else:
        bad = np.zeros(n, dtype=bool)
    null = _nulls(arr)
    if pa.types.is_floating(arr.type):
        values = np.asarray(arr.fill_null(0), dtype=np.float64)
        fine = np.isfinite(values) & (values == np.round(values)) & (np.abs(values) < 1e9)
        bad |= ~fine
        out = np.where(fine, values, 0).astype(np.int64)
    else:
        out = _values(arr, 0, np.int64)
    bad |= null | (out < low) | (out > high)
    return (np.where(bad, 0, out) if bad.any() else out), bad


def bools(table: pa.Table, name: str, default: bool) -> tuple[B, B]:
    """True/false values and the rows holding anything else (nothing included)."""
    n = table.num_rows
    if name not in table.column_names:
        return np.full(n, default, dtype=bool), np.zeros(n, dtype=bool)
    arr = _text(table.column(name))
    if pa.types.is_null(arr.type):
        return np.zeros(n, dtype=bool), np.ones(n, dtype=bool)
    if pa.types.is_string(arr.type):
        low = pc.utf8_lower(arr)
        true = np.asarray(pc.is_in(low, value_set=pa.array(_TRUE)).fill_null(False), bool)
        false = np.asarray(pc.is_in(low, value_set=pa.array(_FALSE)).fill_null(False), bool)
        return true, ~(true | false)
    null = _nulls(arr)
    return _values(arr, False, bool), null


def areas(table: pa.Table) -> tuple[npt.NDArray[np.int64], tuple[str, ...], B]:
    """Codes into this batch's own list of area codes (-1: none) and the malformed rows."""
    n = table.num_rows
    if "insured_area" not in table.column_names:
        return np.full(n, -1, dtype=np.int64), (), np.zeros(n, dtype=bool)
    col = table.column("insured_area").combine_chunks()
    if pa.types.is_dictionary(col.type) and pa.types.is_string(col.type.value_type):
        # judge the few distinct codes, not every row
        words = col.dictionary
        six = np.asarray(pc.match_substring_regex(words, r"^[0-9]{6}$").fill_null(True), bool)
        enc = pc.dictionary_encode(words)
        vocab = tuple(enc.dictionary.to_pylist())
        to_vocab = np.append(np.asarray(enc.indices, dtype=np.int64), -1)
        idx = np.asarray(col.indices.fill_null(-1), dtype=np.int64)
        bad = ~np.append(six, True)[idx]
        return np.where(bad, -1, to_vocab[idx]), vocab, bad
    arr = _text(col)
    if pa.types.is_null(arr.type):
        return np.full(n, -1, dtype=np.int64), (), np.zeros(n, dtype=bool)
    bad = np.zeros(n, dtype=bool)
    if pa.types.is_integer(arr.type):
        fits = pc.and_(pc.greater_equal(arr, 100000), pc.less_equal(arr, 999999)).fill_null(True)
        bad |= ~np.asarray(fits, dtype=bool)
        arr = arr.cast(pa.string())
    else:
        six = pc.match_substring_regex(arr, r"^[0-9]{6}$").fill_null(True)
        bad |= ~np.asarray(six, dtype=bool)
    enc = pc.dictionary_encode(arr)
    vocab = tuple(enc.dictionary.to_pylist())
    idx = np.asarray(enc.indices.fill_null(-1), dtype=np.int64)
    return np.where(bad, -1, idx), vocab, bad


# -- rows for the one-claim engine ----------------------------------------------------------


def _plain(name: str, value: Any) -> Any:
    """A cell as the Claimant should see it: whole floats as ints, 'true' as True."""
    if name in INT_FIELDS and isinstance(value, float) and value == int(value):
        return int(value)
    if name in INT_FIELDS and isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    if name in BOOL_FIELDS and isinstance(value, str) and value.lower() in _TRUE + _FALSE:
        return value.lower() in _TRUE
    if (
        name in DATE_FIELDS
        and isinstance(value, dt.datetime)
        and value == dt.datetime(value.year, value.month, value.day)
    ):
        return value.date()
    return value


def claimant_at(table: pa.Table, i: int) -> Claimant:
    """Row `i` as a Claimant (raises the InputError the one-claim API would)."""
    data: dict[str, Any] = {}
    for name in FIELDS:
        if name in table.column_names:
            value = _plain(name, table.column(name)[i].as_py())
            if value is None and name in OPTIONAL and name not in NULLABLE:
                continue
            data[name] = value
    return Claimant.from_mapping(data)


def events_of(rows: list[dict[str, Any]]) -> list[Event]:
    """Event records as Events; a bad one is an InputError naming `events[i]`."""
    out = []
    for i, r in enumerate(rows):
        on = r.get("on")
        if isinstance(on, dt.datetime) and on == dt.datetime(on.year, on.month, on.day):
            on = on.date()
        try:
            out.append(Event.from_mapping({"kind": r.get("kind"), "on": on}))
        except InputError as exc:
            raise InputError(exc.detail, field=f"events[{i}].{exc.field or 'kind'}") from None
    return out


def check_event_columns(table: pa.Table) -> None:
    """The events table has id, kind and on."""
    for name in ("id", "kind", "on"):
        if name not in table.column_names:
            raise InputError(f"the events table needs a '{name}' column", field=name)
    kind = table.schema.field("kind").type
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_null(kind)):
        raise InputError(f"column 'kind' of the events holds {kind}; expected text", field="kind")
    on = table.schema.field("on").type
    if not (
        pa.types.is_date(on)
        or pa.types.is_timestamp(on)
        or pa.types.is_string(on)
        or pa.types.is_large_string(on)
        or pa.types.is_null(on)
    ):
        raise InputError(f"column 'on' of the events holds {on}; expected dates", field="on")


__all__ = ["bools", "check_columns", "codes", "dates", "ints", "read_table"]
