"""Claimant and event tables into arrays: columns checked once, values checked per row.

A missing or mistyped column is one InputError naming it. A bad value only marks its row;
the row is then built as a `Claimant` (and its `Event`s), whose own checks give the message,
exactly as the one-claim API would.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import stat
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InputError, escape, shorten
from ..values import _yaml
from ..values.claimant import (
    EARLIEST,
    INSURED_AS,
    LATEST,
    POSITIONS,
    SEPARATION_REASONS,
    SEXES,
    Claimant,
    Event,
)
from . import _cells as C
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
_WHOLE = re.compile(r"-?[0-9]{1,12}", re.ASCII)
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


def check_source(path: Path, what: str) -> None:
    """A path that exists and is a folder or a regular file: a FIFO would block the read
    forever and a device read forever, so neither is opened (as the policy loader does)."""
    try:
        info = path.stat()
    except OSError as exc:
        reason = "no such file or folder" if not path.exists() else exc.strerror
        raise InputError(str(reason), path=str(path), field=what) from None
    if not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)):
        raise InputError(_yaml._not_regular(info.st_mode), path=str(path), field=what)


def _read_path(path: Path, what: str) -> pa.Table:
    check_source(path, what)
    suffix = path.suffix.lower()
    try:
        if path.is_dir() or suffix in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            return pq.read_table(path)
        if suffix in (".csv", ".txt"):
            return _read_csv(path, what)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise InputError(f"cannot read {what}: {reason(exc)}", path=str(path)) from None
    raise InputError(
        f"expected a .parquet or .csv file (or a folder of Parquet files), got '{suffix}'",
        path=str(path),
        field=what,
    )


def reason(exc: BaseException) -> str:
    """Why a file could not be read, without a word of the file itself (pyarrow's CSV and
    UTF-8 messages quote the line they stopped at)."""
    text = str(exc)
    if "UTF8" in text or "UTF-8" in text:
        return "it is not UTF-8 text"
    if "CSV" in text or "parse" in text.lower():
        return "it is not a CSV table (rows of comma-separated fields under a header)"
    if isinstance(exc, OSError) and exc.strerror:
        return str(exc.strerror)
    first = text.splitlines()[0] if text else type(exc).__name__
    return escape(first[:200])


def _read_csv(path: Path, what: str) -> pa.Table:
    """Every known column as text (a bad value then marks its row, never the file); a row
    with more or fewer fields than the header is one error naming its line."""
    import pyarrow.csv as pcsv

    ragged: list[tuple[int | None, int, int]] = []

    def on_bad_row(row: Any) -> str:
        ragged.append((row.number, row.actual_columns, row.expected_columns))
        return "skip"

    names = ["id", *FIELDS, "kind", "on"]
    table = pcsv.read_csv(
        path,
        parse_options=pcsv.ParseOptions(invalid_row_handler=on_bad_row),
        convert_options=pcsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True
        ),
    )
    if ragged:
        number, got, want = ragged[0]
        at = f"line {number}" if number is not None else "a line"
        raise InputError(
            f"{at} has {got} fields where the header has {want} ({len(ragged)} such lines); "
            "no row may be lost, so the file is refused",
            path=str(path),
            field=what,
        )
    return whole_number_ids(table)


_ID = r"^(0|-?[1-9][0-9]{0,17})$"


def whole_number_ids(table: pa.Table) -> pa.Table:
    """CSV ids as written: whole numbers when every id is one written plainly (1, 42),
    else text (so 001, 01 and 1 stay three ids)."""
    if "id" not in table.column_names:
        return table
    ids = _text(table.column("id"))
    if not pa.types.is_string(ids.type) or len(ids) == ids.null_count:
        return table
    if not pc.all(pc.match_substring_regex(ids, _ID)).as_py():
        return table
    return table.set_column(table.column_names.index("id"), "id", ids.cast(pa.int64()))


def batches(table: pa.Table, rows: int) -> Iterator[pa.Table]:
    """The table in slices of at most `rows` rows (zero-copy)."""
    n = table.num_rows
    for lo in range(0, max(n, 1), rows):
        yield table.slice(lo, rows)


def check_columns(table: pa.Table) -> None:
    """One InputError for a missing required column or a column of the wrong type."""
    names = table.column_names
    _unique_columns(table, "claimants")
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


def _unique_columns(table: pa.Table, what: str) -> None:
    """A column name given twice is refused: which of the two holds the value is unknown."""
    seen: set[str] = set()
    for name in table.column_names:
        if name in seen:
            raise InputError(
                f"the {what} table has two columns named {shorten(repr(name))}", field=what
            )
        seen.add(name)


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


_PER_DAY = {"s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}


def dates(table: pa.Table, name: str) -> tuple[npt.NDArray[np.int32], B, B]:
    """Days since 1970-01-01, the null mask, and rows whose value is bad.

    Only what the Claimant reads the same way is read here: a plain, real YYYY-MM-DD text
    (2020-02-30 is no date), a date, a date-time at midnight without a time zone; any other
    value is marked bad, so the one-claim engine judges it. Every value is checked in 64-bit
    arithmetic: a date past what Python or 32 bits hold is a bad row, never an overflow.
    """
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
    passes = C.compiled() if pa.types.is_string(t) else None
    if passes is not None:
        days32 = np.empty(n, dtype=np.int32)
        null = np.empty(n, dtype=bool)
        passes["date_cells"](*C.buffers(arr), LOW, HIGH, False, days32, null, bad)
        return days32, null, bad
    null = _nulls(arr)
    if pa.types.is_string(t):
        day64 = _text_days(arr, null, bad)
    elif pa.types.is_timestamp(t) or pa.types.is_date64(t):
        per = _PER_DAY[t.unit] if pa.types.is_timestamp(t) else _PER_DAY["ms"]
        raw64 = np.asarray(arr.cast(pa.int64()).fill_null(0), dtype=np.int64)
        day64 = raw64 // per
        bad |= raw64 % per != 0
        if pa.types.is_timestamp(t) and t.tz is not None:
            bad[:] = True  # a zoned date-time is no date: the Claimant refuses it too
    else:  # date32 with nulls
        day64 = np.asarray(arr.cast(pa.int32()).fill_null(0), dtype=np.int64)
    bad &= ~null
    bad |= ~null & ((day64 < LOW) | (day64 > HIGH))
    days = np.where(bad | null, LOW, day64).astype(np.int32)
    return days, null, bad


def _text_days(arr: pa.Array, null: B, bad: B) -> npt.NDArray[np.int64]:
    """Days of the plain, real YYYY-MM-DD texts; every other text marked in `bad`."""
    days, ok = D.iso_days(*_utf8(arr))
    bad |= ~null & ~ok
    return days


def _utf8(arr: pa.Array) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.uint8]]:
    """A string array's offsets (one more than its rows) and bytes, as they lie in memory."""
    if len(arr) == 0:
        return np.zeros(1, dtype=np.int32), np.zeros(0, dtype=np.uint8)
    _, offsets, data = arr.buffers()
    at = np.frombuffer(offsets, dtype=np.int32)[arr.offset : arr.offset + len(arr) + 1]
    raw = np.zeros(0, np.uint8) if data is None else np.frombuffer(data, dtype=np.uint8)
    return at, raw


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
        out = _values(pc.index_in(arr, value_set=pa.array(choices)), -1, np.int64)  # a hash
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
    passes = C.compiled() if pa.types.is_string(arr.type) else None
    if passes is not None:
        number = np.empty(n, dtype=np.int64)
        bad = np.zeros(n, dtype=bool)
        passes["whole_cells"](*C.buffers(arr), low, high, number, bad)
        return number, bad
    if pa.types.is_string(arr.type):
        number, whole = D.whole_numbers(*_utf8(arr), 9)
        null = _nulls(arr)
        bad = ~whole | null | (number < low) | (number > high)
        return (np.where(bad, 0, number) if bad.any() else number), bad
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
    passes = C.compiled() if pa.types.is_string(arr.type) else None
    if passes is not None:
        # no letter outside ASCII lowers to one of t r u e f a l s: folding ASCII is exact
        flag = np.empty(n, dtype=bool)
        bad = np.zeros(n, dtype=bool)
        passes["flag_cells"](*C.buffers(arr), *C.encode(_TRUE + _FALSE), flag, bad)
        return flag, bad
    if pa.types.is_string(arr.type):
        # no letter outside ASCII lowers to one of t r u e f a l s: folding ASCII is exact
        word = D.choices(*_utf8(arr), _TRUE + _FALSE, fold=True)
        if word is not None:
            null = _nulls(arr)
            return (word == 0) & ~null, (word < 0) | null
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
        # judge the few distinct codes, not every row (a dictionary holds no null)
        enc = pc.dictionary_encode(arr)
        six = np.asarray(pc.match_substring_regex(enc.dictionary, r"^[0-9]{6}$"), dtype=bool)
        idx = np.asarray(enc.indices.fill_null(-1), dtype=np.int64)
        bad = ~np.append(six, True)[idx]
        return np.where(bad, -1, idx), tuple(enc.dictionary.to_pylist()), bad
    enc = pc.dictionary_encode(arr)
    vocab = tuple(enc.dictionary.to_pylist())
    idx = np.asarray(enc.indices.fill_null(-1), dtype=np.int64)
    return np.where(bad, -1, idx), vocab, bad


# -- rows for the one-claim engine ----------------------------------------------------------


def _plain(name: str, value: Any) -> Any:
    """A cell as the Claimant should see it: a whole float or plain ASCII digits as an int,
    'true' as True, a date-time at midnight as a date. Anything else is left as it is, for
    the Claimant to refuse (a float that is not whole as the Decimal it prints as)."""
    if name in INT_FIELDS:
        if isinstance(value, str) and _WHOLE.fullmatch(value):
            return int(value)
        if isinstance(value, float):
            if math.isfinite(value) and value == int(value):
                return int(value)
            return Decimal(repr(value))
    if name in BOOL_FIELDS and isinstance(value, str) and value.lower() in _TRUE + _FALSE:
        return value.lower() in _TRUE
    if (
        name in DATE_FIELDS
        and isinstance(value, dt.datetime)
        and value.tzinfo is None
        and value == dt.datetime(value.year, value.month, value.day)
    ):
        return value.date()
    return value


def cell(table: pa.Table, name: str, i: int) -> Any:
    """Row `i` of column `name` as Python, or an InputError naming the field when Python
    cannot hold it (a date in the year 10,000 or before year 1)."""
    try:
        return table.column(name)[i].as_py()
    except (ValueError, OverflowError, pa.ArrowException):
        raise InputError(
            f"a value outside what can be read (dates {EARLIEST.year}–{LATEST.year} are)",
            field=name,
        ) from None


def identity(table: pa.Table, i: int) -> Any:
    """Row `i`'s id as Python (None when Python cannot hold it)."""
    try:
        return cell(table, "id", i)
    except InputError:
        return None


def claimant_at(table: pa.Table, i: int) -> Claimant:
    """Row `i` as a Claimant (raises the InputError the one-claim API would)."""
    data: dict[str, Any] = {}
    for name in FIELDS:
        if name in table.column_names:
            value = _plain(name, cell(table, name, i))
            if value is None and name in OPTIONAL and name not in NULLABLE:
                continue
            data[name] = value
    return Claimant.from_mapping(data)


def events_of(rows: list[dict[str, Any]]) -> list[Event]:
    """Event records as Events; a bad one is an InputError naming `events[i]`."""
    out = []
    for i, r in enumerate(rows):
        on = r.get("on")
        if (
            isinstance(on, dt.datetime)
            and on.tzinfo is None
            and on == dt.datetime(on.year, on.month, on.day)
        ):
            on = on.date()
        try:
            if on is UNREADABLE:
                raise InputError(
                    f"a date outside what can be read ({EARLIEST.year}–{LATEST.year} are)",
                    field="on",
                )
            out.append(Event.from_mapping({"kind": r.get("kind"), "on": on}))
        except InputError as exc:
            raise InputError(exc.detail, field=f"events[{i}].{exc.field or 'kind'}") from None
    return out


def id_problems(table: pa.Table) -> dict[int, str]:
    """The rows whose id is empty or also another row's, each with its message: with an
    events table such a row is reported (its events cannot be matched to it), the others
    computed."""
    ids = table.column("id").combine_chunks() if table.num_rows else pa.array([], pa.int64())
    n = len(ids)
    null = _nulls(ids)
    if pa.types.is_integer(ids.type) and not null.any():
        keys = np.asarray(ids)
        if n < 2 or bool((keys[1:] > keys[:-1]).all()):
            return {}  # the common case: ids in increasing order
    try:
        index = np.asarray(pc.dictionary_encode(ids).indices.fill_null(-1), dtype=np.int64)
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid, pa.ArrowTypeError):
        seen: dict[str, int] = {}
        index = np.array(
            [-1 if v is None else seen.setdefault(repr(v), len(seen)) for v in ids.to_pylist()],
            dtype=np.int64,
        )
    out = {
        int(i): "the id is empty, so no event can be matched to this claimant"
        for i in np.flatnonzero(null)
    }
    counts = np.bincount(index[index >= 0], minlength=1)
    repeated = np.flatnonzero((index >= 0) & (counts[np.maximum(index, 0)] > 1))
    rows_of: dict[int, list[int]] = {}
    for r in repeated.tolist():
        rows_of.setdefault(int(index[r]), []).append(r)
    for rows in rows_of.values():
        listed = ", ".join(str(r + 1) for r in rows[:5]) + (" …" if len(rows) > 5 else "")
        shown = shorten(repr(identity(table, rows[0])))
        text = f"the id {shown} is given to {len(rows)} rows ({listed}, counting from 1)"
        for r in rows:
            out[r] = text + ", so events cannot be matched to one claimant"
    return out


UNREADABLE = object()
"""A cell Python cannot hold (an event date in the year 10,000): the Event refuses it."""


def values(table: pa.Table, name: str) -> list[Any]:
    """A column as Python values, an unreadable cell as UNREADABLE (never an exception)."""
    col = table.column(name)
    try:
        return list(col.to_pylist())
    except (ValueError, OverflowError, pa.ArrowException):
        out: list[Any] = []
        for i in range(len(col)):
            try:
                out.append(col[i].as_py())
            except (ValueError, OverflowError, pa.ArrowException):
                out.append(UNREADABLE)
        return out


def check_event_columns(table: pa.Table) -> None:
    """The events table has id, kind and on."""
    _unique_columns(table, "events")
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
