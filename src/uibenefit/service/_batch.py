"""POST /v1/batch: a population file in (CSV, Parquet or JSON lines), one JSON line per row out.

The rows go through the population engine, `policy.evaluate_batch`, exactly as the contract
gives it; this module only reads the upload into an Arrow table with one column per `Claimant`
field (plus `id`), checks its shape (known columns, types, row count) before any evaluation,
and writes the result table back as JSON lines: dates ISO strings, money strings, as
`decision.to_dict()` writes them. A value the engine refuses is that row's `error`; a file that
cannot be read at all is a 422 naming the line and column.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import typing
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from ..errors import escape
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


def _arrow_type(hint: Any) -> pa.DataType:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    base = args[0] if args else hint
    if base is dt.date:
        return pa.date32()
    if base is bool:
        return pa.bool_()
    if base is int:
        return pa.int64()
    return pa.string()


_HINTS = typing.get_type_hints(Claimant)
CLAIMANT_TYPES: dict[str, pa.DataType] = {"id": pa.string()} | {
    f.name: _arrow_type(_HINTS[f.name]) for f in dataclasses.fields(Claimant)
}
EVENT_TYPES: dict[str, pa.DataType] = {"id": pa.string(), "kind": pa.string(), "on": pa.date32()}


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


def _check_columns(table: pa.Table, types: dict[str, pa.DataType], what: str) -> pa.Table:
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
        if name not in types:
            problems.append(problem(f"unknown column '{name[:60]}' in the {what}", name[:60]))
    if "id" not in table.column_names:
        problems.append(problem(f"the {what} need an 'id' column", "id"))
    if problems:
        raise Problem(422, problems[:MAX_PROBLEMS])
    columns = []
    for name in table.column_names:
        column = table.column(name)
        want = types[name]
        if column.type != want:
            # a column of nulls, or whole numbers where numbers or text (area codes) are due
            widened = pa.types.is_integer(column.type) and (
                pa.types.is_integer(want) or pa.types.is_string(want)
            )
            dates = pa.types.is_date(want) and (
                pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
            )
            if pa.types.is_null(column.type) or widened:
                column = column.cast(want)
            elif dates:  # ISO dates written as text
                try:
                    column = column.cast(want)
                except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                    raise refuse(
                        422, f"column '{name}' holds text that is not a date YYYY-MM-DD", name
                    ) from None
            else:
                raise refuse(
                    422,
                    f"column '{name}' holds {column.type}, expected {want}",
                    name,
                )
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def _read_csv(raw: bytes, types: dict[str, pa.DataType]) -> pa.Table:
    try:
        return pa_csv.read_csv(
            io.BytesIO(raw),
            convert_options=pa_csv.ConvertOptions(
                column_types=types,
                strings_can_be_null=True,
                null_values=[""],
                true_values=["true", "True", "TRUE"],
                false_values=["false", "False", "FALSE"],
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as exc:
        raise refuse(422, f"cannot read the CSV: {_csv_reason(exc)}") from None


def _csv_reason(exc: BaseException) -> str:
    """Why the CSV could not be read, without echoing a line of it."""
    text = str(exc)
    if "UTF8" in text or "UTF-8" in text:
        return "it is not UTF-8 text"
    if "Expected" in text and "columns" in text:
        return "a row has more or fewer fields than the header"
    if "CSV conversion error" in text or "conversion" in text:
        column = text.split("column #", 1)[1].split(" ", 1)[0] if "column #" in text else "?"
        return f"a value in column #{escape(column)[:10]} is not of the column's type"
    return "it is not a CSV table (rows of comma-separated fields under a header)"


def _jsonl_value(value: Any, want: pa.DataType) -> Any:
    """A JSON value as the Arrow type wants it, or a ValueError saying what was expected."""
    if value is None:
        return None
    if pa.types.is_date(want):
        if isinstance(value, str) and len(value) == 10:
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise ValueError(f"expected a date YYYY-MM-DD, got {json.dumps(value)[:40]}")
    if pa.types.is_boolean(want):
        if isinstance(value, bool):
            return value
        raise ValueError(f"expected true or false, got {json.dumps(value)[:40]}")
    if pa.types.is_integer(want):
        if isinstance(value, int) and not isinstance(value, bool) and -(2**62) < value < 2**62:
            return value
        raise ValueError(f"expected a whole number, got {json.dumps(value)[:40]}")
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"expected text, got {json.dumps(value)[:40]}")


def _read_jsonl(raw: bytes, max_rows: int) -> tuple[pa.Table, pa.Table | None]:
    """Claimant rows, one JSON object a line; a row may carry its own `events: [{kind, on}]`."""
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
            for p in exc.problems:
                problems.append(problem(p["message"], p["field"], number))
            continue
        if not isinstance(data, dict):
            problems.append(problem("each line is a JSON object of Claimant fields", None, number))
            continue
        row: dict[str, Any] = {}
        for key, value in data.items():
            if key == "events":
                if not isinstance(value, list):
                    problems.append(problem("events is a list of {kind, on}", "events", number))
                    continue
                for i, item in enumerate(value):
                    if not isinstance(item, dict) or set(item) != {"kind", "on"}:
                        problems.append(problem("an event is {kind, on}", f"events[{i}]", number))
                        continue
                    try:
                        events.append(
                            {
                                "id": _jsonl_value(data.get("id"), pa.string()),
                                "kind": _jsonl_value(item["kind"], pa.string()),
                                "on": _jsonl_value(item["on"], pa.date32()),
                            }
                        )
                    except ValueError as exc:
                        problems.append(problem(str(exc), f"events[{i}]", number))
                continue
            want = CLAIMANT_TYPES.get(key)
            if want is None:
                problems.append(problem(f"unknown field '{key[:60]}'", key[:60], number))
                continue
            try:
                row[key] = _jsonl_value(value, want)
            except ValueError as exc:
                problems.append(problem(str(exc), key, number))
        if "id" not in row or row["id"] is None:
            problems.append(problem("each row needs an 'id'", "id", number))
        rows.append(row)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise Problem(422, problems[:MAX_PROBLEMS])
    if not rows:
        raise refuse(422, "no rows: send one JSON object a line")
    names = [n for n in CLAIMANT_TYPES if any(n in r for r in rows)]
    schema = pa.schema([(n, CLAIMANT_TYPES[n]) for n in names])
    table = pa.Table.from_pylist(rows, schema=schema)
    event_table = None
    if events:
        event_schema = pa.schema(list(EVENT_TYPES.items()))
        event_table = pa.Table.from_pylist(events, schema=event_schema)
    return table, event_table


def read(
    raw: bytes, kind: str, what: str, max_rows: int, max_unpacked: int | None = None
) -> tuple[pa.Table, pa.Table | None]:
    """An upload as (table, events carried in the rows or None), shape checked."""
    types = CLAIMANT_TYPES if what == "claimants" else EVENT_TYPES
    if kind == JSONL:
        if what != "claimants":
            raise refuse(415, "send events as CSV or Parquet, or inside the JSON lines rows")
        table, events = _read_jsonl(raw, max_rows)
        return _check_columns(table, types, what), events
    if kind == PARQUET:
        try:
            source = pq.ParquetFile(io.BytesIO(raw))
            meta = source.metadata
            if meta.num_rows > max_rows:
                raise refuse(413, f"{meta.num_rows} rows; at most {max_rows} in one request")
            table = _unpacked(source, MAX_UNPACKED if max_unpacked is None else max_unpacked)
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise refuse(422, f"cannot read the Parquet file: {escape(str(exc))[:300]}") from None
    else:
        table = _read_csv(raw, types)
    if table.num_rows > max_rows:
        raise refuse(413, f"{table.num_rows} rows; at most {max_rows} in one request")
    if table.num_rows == 0:
        raise refuse(422, f"the {what} file has no rows")
    return _check_columns(table, types, what), None


def _unpacked(source: pq.ParquetFile, limit: int) -> pa.Table:
    """The Parquet file read one column chunk at a time, refused (413) as soon as what it has
    unpacked to passes MAX_UNPACKED: the sizes its metadata states may be false (10.7 KB
    stating a few KB that unpacked to 400 MB), what was read is not."""
    meta = source.metadata
    stated = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if stated > limit:
        raise refuse(413, f"the Parquet file unpacks to {stated} bytes, over {limit}")
    names = source.schema_arrow.names
    groups: list[pa.Table] = []
    total = 0
    for i in range(meta.num_row_groups):
        columns = []
        for name in names:
            part = source.read_row_group(i, columns=[name])
            total += part.nbytes
            if total > limit:
                raise refuse(413, f"the Parquet file unpacks to more than {limit} bytes")
            columns.append(part.column(0))
        groups.append(pa.table(columns, names=names) if names else pa.table({}))
    if not groups:
        return source.schema_arrow.empty_table()
    return pa.concat_tables(groups) if len(groups) > 1 else groups[0]


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


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def json_lines(table: pa.Table, chunk: int = 1000) -> Iterator[bytes]:
    """The result table as JSON lines, one row a line, in input order."""
    for batch in table.to_batches(max_chunksize=chunk):
        lines = [
            json.dumps({k: _jsonable(v) for k, v in row.items()}, ensure_ascii=False)
            for row in batch.to_pylist()
        ]
        yield ("\n".join(lines) + "\n").encode("utf-8")
