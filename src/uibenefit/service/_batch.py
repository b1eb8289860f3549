"""POST /v1/batch: a population file in (CSV, Parquet or JSON lines), one JSON line per row out.

The rows go through the population engine, `policy.evaluate_batch`, exactly as the contract
gives it, and are typed by it: this module reads the upload into an Arrow table as the batch
file reader would read the same file (CSV cells as text, Parquet columns as written, JSON
values as their text), checks its shape (known columns, row count) before any evaluation, and
writes the result table back as JSON lines: dates ISO strings, money strings, as
`decision.to_dict()` writes them. So a bad cell is that row's `error`, worded as for a file
or for `policy.evaluate`; a file that cannot be read at all is a 422 naming the line and column.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from ..errors import escape
from ..tools import _unpack
from ..values._messages import zh
from ..values.claimant import Claimant
from ._problems import Problem, problem, refuse

MAX_PROBLEMS = 20
MAX_UNPACKED = 256 * 1024 * 1024
CSV = "text/csv"
JSONL = "application/x-ndjson"
PARQUET = "application/vnd.apache.parquet"
MEDIA_TYPES = {
    "text/csv": CSV,
    "application/csv": CSV,
    "application/x-ndjson": JSONL,
    "application/jsonl": JSONL,
    "application/json-lines": JSONL,
    "application/x-jsonlines": JSONL,
    "application/vnd.apache.parquet": PARQUET,
    "application/x-parquet": PARQUET,
}
SUFFIXES = {".csv": CSV, ".jsonl": JSONL, ".ndjson": JSONL, ".parquet": PARQUET}
CLAIMANT_COLUMNS = ("id", *(f.name for f in dataclasses.fields(Claimant)))
EVENT_COLUMNS = ("id", "kind", "on")
TEXT_COLUMNS = (*CLAIMANT_COLUMNS, "kind", "on")
"""The columns the batch file reader reads as text from a CSV (its cells then typed one by one)."""


def media_type(content_type: str | None, filename: str | None = None) -> str:
    """CSV, JSONL or PARQUET from a Content-Type header (or a file name's suffix)."""
    base = (content_type or "").split(";", 1)[0].strip().lower()
    if base in MEDIA_TYPES:
        return MEDIA_TYPES[base]
    if filename:
        for suffix, kind in SUFFIXES.items():
            if filename.lower().endswith(suffix):
                return kind
    raise refuse(
        415,
        f"send CSV (text/csv), JSON lines (application/x-ndjson) or Parquet "
        f"(application/vnd.apache.parquet), got {base[:60] or 'no Content-Type'}",
    )


def _check_columns(table: pa.Table, known: tuple[str, ...], what: str) -> pa.Table:
    """The table's shape: each column once, known, `id` present, text valid UTF-8. The values
    are left as they are: `evaluate_batch` types them, cell by cell, as for a file."""
    problems = []
    seen: set[str] = set()
    for name in table.column_names:
        if name in seen:
            raise refuse(422, f"the {what} have two columns named '{name[:60]}'", name[:60])
        seen.add(name)
    try:
        table.validate(full=True)  # text that is not UTF-8 (a Parquet file may hold any bytes)
    except (pa.ArrowInvalid, pa.ArrowException):
        raise refuse(422, f"the {what} hold text that is not valid UTF-8") from None
    for name in table.column_names:
        if name not in known:
            problems.append(problem(f"unknown column '{name[:60]}' in the {what}", name[:60]))
    if "id" not in table.column_names:
        problems.append(problem(f"the {what} need an 'id' column", "id"))
    if problems:
        raise Problem(422, problems[:MAX_PROBLEMS])
    return table


def _read_csv(raw: bytes) -> pa.Table:
    """The CSV as the batch file reader reads a file: every known column as text, ids as
    written (whole numbers only when every id is a plain one), a ragged row refused."""
    from ..population._input import whole_number_ids

    try:
        table = pa_csv.read_csv(
            io.BytesIO(raw),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(TEXT_COLUMNS, pa.string()), strings_can_be_null=True
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as exc:
        raise refuse(422, f"cannot read the CSV: {_csv_reason(exc)}") from None
    return whole_number_ids(table)


def _csv_reason(exc: BaseException) -> str:
    """Why the CSV could not be read, without echoing a line of it."""
    text = str(exc)
    if "UTF8" in text or "UTF-8" in text:
        return "it is not UTF-8 text"
    if "Expected" in text and "columns" in text:
        return "a row has more or fewer fields than the header"
    return "it is not a CSV table (rows of comma-separated fields under a header)"


def _jsonl_value(value: Any) -> str | None:
    """A JSON value as the text a CSV cell would hold (`evaluate_batch` then reads it by the
    field's rules), or a ValueError for a list or object, which no cell can hold."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    raise ValueError(f"expected a value, got {json.dumps(value)[:40]}")


def _jsonl_events(data: dict[str, Any], value: Any, number: int) -> tuple[list[Any], list[Any]]:
    """A row's own `events: [{kind, on}]` as event rows, and the problems of the list."""
    if not isinstance(value, list):
        return [], [problem("events is a list of {kind, on}", "events", number)]
    events, problems = [], []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or set(item) != {"kind", "on"}:
            problems.append(problem("an event is {kind, on}", f"events[{i}]", number))
            continue
        try:
            row = {"id": _jsonl_value(data.get("id"))}
            row |= {"kind": _jsonl_value(item["kind"]), "on": _jsonl_value(item["on"])}
            events.append(row)
        except ValueError as exc:
            problems.append(problem(str(exc), f"events[{i}]", number))
    return events, problems


def _jsonl_row(data: dict[str, Any], number: int) -> tuple[dict[str, Any], list[Any], list[Any]]:
    """One line's claimant cells (as text), its events and its problems."""
    row: dict[str, Any] = {}
    events: list[Any] = []
    problems: list[Any] = []
    for key, value in data.items():
        if key == "events":
            events, found = _jsonl_events(data, value, number)
            problems.extend(found)
        elif key not in CLAIMANT_COLUMNS:
            problems.append(problem(f"unknown field '{key[:60]}'", key[:60], number))
        else:
            try:
                row[key] = _jsonl_value(value)
            except ValueError as exc:
                problems.append(problem(str(exc), key, number))
    if row.get("id") is None:
        problems.append(problem("each row needs an 'id'", "id", number))
    return row, events, problems


def _read_jsonl(raw: bytes, max_rows: int) -> tuple[pa.Table, pa.Table | None]:
    """Claimant rows, one JSON object a line; a row may carry its own `events: [{kind, on}]`.
    Values go to `evaluate_batch` as the text a CSV would hold; only what no table can hold
    (not JSON, not an object, an unknown field, a list where a value is due) refuses the file."""
    from ._requests import parse_json

    rows: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        if len(rows) >= max_rows:
            raise refuse(413, f"more than {max_rows} rows in one request")
        try:
            data = parse_json(line)
        except Problem as exc:
            problems.extend(problem(p["message"], p["field"], number) for p in exc.problems)
            continue
        if not isinstance(data, dict):
            problems.append(problem("each line is a JSON object of Claimant fields", None, number))
            continue
        row, found, wrong = _jsonl_row(data, number)
        rows.append(row)
        events.extend(found)
        problems.extend(wrong)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise Problem(422, problems[:MAX_PROBLEMS])
    if not rows:
        raise refuse(422, "no rows: send one JSON object a line")
    names = [n for n in CLAIMANT_COLUMNS if any(n in r for r in rows)]
    table = pa.Table.from_pylist(rows, schema=pa.schema([(n, pa.string()) for n in names]))
    event_table = None
    if events:
        schema = pa.schema([(n, pa.string()) for n in EVENT_COLUMNS])
        event_table = pa.Table.from_pylist(events, schema=schema)
    return table, event_table


def read(
    raw: bytes, kind: str, what: str, max_rows: int, max_unpacked: int | None = None
) -> tuple[pa.Table, pa.Table | None]:
    """An upload as (table, events carried in the rows or None), shape checked."""
    known = CLAIMANT_COLUMNS if what == "claimants" else EVENT_COLUMNS
    if kind == JSONL:
        if what != "claimants":
            raise refuse(415, "send events as CSV or Parquet, or inside the JSON lines rows")
        table, events = _read_jsonl(raw, max_rows)
        return _check_columns(table, known, what), events
    if kind == PARQUET:
        try:
            meta = pq.ParquetFile(io.BytesIO(raw)).metadata
            if meta.num_rows > max_rows:
                raise refuse(413, f"{meta.num_rows} rows; at most {max_rows} in one request")
            table = _unpack.read(raw, MAX_UNPACKED if max_unpacked is None else max_unpacked)
        except _unpack.TooLarge as exc:
            raise refuse(413, str(exc)) from None
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise refuse(422, f"cannot read the Parquet file: {escape(str(exc))[:300]}") from None
    else:
        table = _read_csv(raw)
    if table.num_rows > max_rows:
        raise refuse(413, f"{table.num_rows} rows; at most {max_rows} in one request")
    if table.num_rows == 0:
        raise refuse(422, f"the {what} file has no rows")
    return _check_columns(table, known, what), None


def answer(
    policy: Any,
    claimants: tuple[bytes, str],
    events: tuple[bytes, str] | None,
    as_of: dt.date | None,
    max_rows: int,
    max_unpacked: int | None = None,
) -> bytes:
    """Read the upload, evaluate it with `policy.evaluate_batch`, and write the JSON lines:
    the whole of a batch request's work, run in a worker process the server can stop."""
    table, inline = read(claimants[0], claimants[1], "claimants", max_rows, max_unpacked)
    if events is not None:
        inline, _ = read(events[0], events[1], "events", 50 * max_rows, max_unpacked)
    if not hasattr(policy, "evaluate_batch"):
        raise refuse(501, "this installation has no population engine (Policy.evaluate_batch)")
    out = policy.evaluate_batch(table, events=inline, as_of=as_of)
    return b"".join(json_lines(out))


def _identity(value: Any) -> str | None:
    """An id as the text the upload wrote (a file's plain whole-number ids are read as
    numbers; the answer gives every id as text, as the document says)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "backslashreplace")
    return str(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _row(row: dict[str, Any]) -> dict[str, Any]:
    """A result row as JSON values, its English `error` (the contract's column) followed by
    the same message in Chinese, `error_zh`."""
    out = {k: _identity(v) if k == "id" else _jsonable(v) for k, v in row.items()}
    error = out.get("error")
    out["error_zh"] = zh(error) if isinstance(error, str) else None
    return out


_LINE_BREAKS = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})
"""Characters a JSON text may hold raw inside its strings that a reader splitting lines (Python's
`str.splitlines`, JavaScript's line terminators) takes for a line's end: written escaped, so a
hostile cell echoed in an error message cannot cut its row's line in two."""


def json_lines(table: pa.Table, chunk: int = 1000) -> Iterator[bytes]:
    """The result table as JSON lines, one row a line, in input order."""
    for batch in table.to_batches(max_chunksize=chunk):
        lines = [
            json.dumps(_row(row), ensure_ascii=False).translate(_LINE_BREAKS)
            for row in batch.to_pylist()
        ]
        yield ("\n".join(lines) + "\n").encode("utf-8")
