"""The agency's record tables, read strictly: every row checked against its table's schema.

A records directory holds `persons`, `contributions`, `separations`, `claims` and `events`,
each as `.parquet` or `.csv` (only `persons` is required). Every value is checked; a bad
value is a `RecordFinding` naming the file, the row (0-based, the row of the table as read;
line row + 2 of a CSV with its header) and the field, and its row is kept out of the
derivations, never silently: the finding says so. A missing required column is an InputError
naming the file and column. Months are `YYYY-MM`; inside they are month numbers
(year * 12 + month - 1). Coded fields accept the Chinese names the policy lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InputError
from ..values.claimant import INSURED_AS, POSITIONS, SEPARATION_REASONS, SEXES
from . import idnumber

if TYPE_CHECKING:
    from ..policy import Policy
    from ..values.results import Citation

B = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a record table: its kind of value and whether a row must have it."""

    name: str
    kind: str  # text, date, month, bool, area, id_number, or "choice:<field>"
    required: bool = False
    description: str = ""


TABLES: dict[str, tuple[Column, ...]] = {
    "persons": (
        Column("id", "text", True, "the agency's key for the person"),
        Column("id_number", "id_number", False, "18-character 公民身份号码 (15-digit converted)"),
        Column("name", "text"),
        Column("birth_date", "date", False, "only where there is no id_number"),
        Column("sex", "choice:sex", False, "only where there is no id_number"),
        Column("position", "choice:position", True, "worker or cadre"),
        Column("insured_area", "area", False, "GB/T 2260 code of the insured place"),
        Column("employed_since", "date", False, "first employment, for the X4b ledger check"),
    ),
    "contributions": (
        Column("id", "text", True),
        Column("from", "month", True, "first month covered, YYYY-MM"),
        Column("through", "month", True, "last month covered, inclusive"),
        Column("insured_as", "choice:insured_as", True, "employee or flexible"),
        Column("employer", "text"),
        Column("area", "area"),
        Column("deemed", "bool", False, "true for 视同缴费 years"),
    ),
    "separations": (
        Column("id", "text", True),
        Column("on", "date", True, "the separation (停保) date"),
        Column("reason", "choice:separation_reason", True, "the 停保原因"),
        Column("employer", "text"),
        Column("recorded_on", "date"),
    ),
    "claims": (
        Column("id", "text", True),
        Column("application_date", "date", True),
        Column("registration_date", "date"),
        Column("registered_reason", "choice:separation_reason"),
        Column("seeking_work", "bool"),
        Column("spouse_receiving_benefit", "bool"),
    ),
    "events": (
        Column("id", "text", True),
        Column("kind", "event_kind", True, "an event kind, or suspected"),
        Column("on", "date", True),
        Column("source", "text"),
    ),
}
"""The schema of each table, in the contract's order (`employed_since` is an extension)."""

CHOICES: dict[str, tuple[str, ...]] = {
    "sex": SEXES,
    "position": POSITIONS,
    "insured_as": INSURED_AS,
    "separation_reason": SEPARATION_REASONS,
}
_TRUE = ("true", "1", "yes", "y", "t", "是")
_FALSE = ("false", "0", "no", "n", "f", "否")
EARLIEST_MONTH = 1900 * 12
LATEST_MONTH = 2100 * 12 + 11


@dataclass(frozen=True, slots=True)
class RecordFinding:
    """Something wrong with, or found in, the records: where (file, table, row, field) and what.

    `row` is the 0-based row of the table as read (None for the whole table or person);
    `kind` is a short code (`bad_value`, `missing_value`, `id_number`, `contradiction`,
    `unknown_column`, `reason_differs`, `not_unemployed`, `ledger_lookup`, ...).
    """

    file: str
    table: str
    row: int | None
    field: str | None
    kind: str
    message: str
    id: str | None = None
    citation: Citation | None = None

    def text(self) -> str:
        """`file: row N: field: message`, for a caseworker's screen."""
        where = self.file + (f": row {self.row}" if self.row is not None else "")
        return f"{where}: {self.field + ': ' if self.field else ''}{self.message}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        out: dict[str, Any] = {
            k: getattr(self, k) for k in ("file", "table", "row", "field", "kind", "message", "id")
        }
        out["clause"] = self.citation.clause if self.citation else None
        return out


@dataclass
class Records:
    """The record tables as read: typed columns, a `row` column (the source row) and only
    the rows whose every value passed; the others are in `findings`, one per bad value."""

    tables: dict[str, pa.Table]
    files: dict[str, str]
    findings: list[RecordFinding] = field(default_factory=list)
    bad_rows: dict[str, B] = field(default_factory=dict)
    """Per table, the source rows refused (True), for counting a person's unread rows."""

    def of(self, person_id: str) -> Records:
        """The records of one person only (their findings too)."""
        tables = {n: t.filter(pc.equal(t.column("id"), person_id)) for n, t in self.tables.items()}
        known = 0 if tables["persons"].num_rows else -1
        for n, t in tables.items():  # rows of the one person: the person is row 0, if any
            at = t.schema.get_field_index("person")
            tables[n] = t.set_column(at, "person", pa.array(np.full(t.num_rows, known)))
        found = [f for f in self.findings if f.id == person_id or f.id is None]
        return Records(tables, self.files, found, self.bad_rows)


def read_records(source: str | Path | Mapping[str, Any], policy: Policy | None = None) -> Records:
    """Read and check a records directory, or a mapping of table name to a table.

    A table may be a pyarrow Table or RecordBatch, a pandas or polars DataFrame, or a path.
    With `policy`, coded fields also accept the names it lists (男, 合同到期, ...).
    """
    raw, files = _sources(source)
    names = _names(policy)
    kinds = set(policy.event_kinds) if policy is not None else None
    tables: dict[str, pa.Table] = {}
    findings: list[RecordFinding] = []
    bad_rows: dict[str, B] = {}
    ids: dict[str, pa.Array] = {}
    for name, columns in TABLES.items():
        table = raw.get(name)
        if table is None:
            table = pa.table({c.name: pa.array([], pa.string()) for c in columns})
        checked = _check_table(name, files[name], table, columns, names, kinds)
        tables[name], found, bad_rows[name], ids[name] = checked
        findings.extend(found)
    findings.extend(_link_persons(tables, ids, files))
    return Records(tables, files, findings, bad_rows)


def _link_persons(
    tables: dict[str, pa.Table], ids: dict[str, pa.Array], files: dict[str, str]
) -> list[RecordFinding]:
    """Give every row its person (column `person`: the row of the checked persons table, -1
    for none), with one hash look-up a table; a row whose id is nobody's in persons (even a
    refused row's) is a finding, never ignored."""
    everyone = ids["persons"]
    persons = tables["persons"]
    to_checked = np.full(len(everyone), -1, dtype=np.int64)
    to_checked[np.asarray(persons.column("row"), dtype=np.int64)] = np.arange(persons.num_rows)
    tables["persons"] = persons.append_column("person", pa.array(np.arange(persons.num_rows)))
    out: list[RecordFinding] = []
    for name in TABLES:
        if name == "persons":
            continue
        found = pc.index_in(ids[name], value_set=everyone)
        where = np.asarray(pc.fill_null(found, -1), dtype=np.int64)
        unknown = (where < 0) & np.asarray(ids[name].is_valid(), dtype=bool)
        for row in np.flatnonzero(unknown).tolist():
            pid = ids[name][row].as_py()
            out.append(
                RecordFinding(
                    files[name],
                    name,
                    row,
                    "id",
                    "unknown_person",
                    f"no person '{pid}' in the persons table",
                    pid,
                )
            )
        typed = tables[name]
        rows = np.asarray(typed.column("row"), dtype=np.int64)
        person = np.where(where[rows] >= 0, to_checked[np.maximum(where[rows], 0)], -1)
        tables[name] = typed.append_column("person", pa.array(person, pa.int64()))
    return out


def _sources(source: str | Path | Mapping[str, Any]) -> tuple[dict[str, pa.Table], dict[str, str]]:
    """The raw tables and the file each came from (the table name for an in-memory one)."""
    raw: dict[str, pa.Table] = {}
    files = {name: name for name in TABLES}
    if isinstance(source, Mapping):
        unknown = sorted(set(source) - set(TABLES))
        if unknown:
            raise InputError(
                f"unknown record table '{unknown[0]}'; the tables are {', '.join(TABLES)}",
                field="records",
            )
        for name, value in source.items():
            if isinstance(value, str | Path):
                files[name] = str(value)
            raw[name] = _arrow(value, files[name], TABLES[name])
    else:
        folder = Path(source)
        if not folder.is_dir():
            raise InputError("no such records directory", path=str(folder), field="records")
        for name in TABLES:
            found = [folder / f"{name}{ext}" for ext in (".parquet", ".csv")]
            present = [p for p in found if p.exists()]
            if len(present) > 1:
                raise InputError(
                    f"both {present[0].name} and {present[1].name}: keep one", path=str(folder)
                )
            if present:
                files[name] = str(present[0])
                raw[name] = _arrow(present[0], files[name], TABLES[name])
    if "persons" not in raw:
        raise InputError(
            "the records need a persons table (persons.parquet or persons.csv)",
            path=str(source) if not isinstance(source, Mapping) else None,
            field="persons",
        )
    return raw, files


def _arrow(value: Any, file: str, columns: tuple[Column, ...]) -> pa.Table:
    """Any table-like value, or a Parquet/CSV path, as an Arrow table (CSV read as text)."""
    if isinstance(value, pa.Table):
        return value
    if isinstance(value, pa.RecordBatch):
        return pa.Table.from_batches([value])
    if isinstance(value, str | Path):
        path = Path(value)
        try:
            if path.suffix.lower() == ".csv":
                import pyarrow.csv as pcsv

                types = {c.name: pa.string() for c in columns}
                return pcsv.read_csv(
                    path,
                    convert_options=pcsv.ConvertOptions(
                        column_types=types, strings_can_be_null=True
                    ),
                )
            import pyarrow.parquet as pq

            coded = [
                c.name for c in columns if c.kind.startswith("choice:") or c.kind == "event_kind"
            ]
            names = pq.read_schema(path).names
            return pq.read_table(path, read_dictionary=[c for c in coded if c in names])
        except (pa.ArrowInvalid, OSError) as exc:
            raise InputError(f"cannot read the table: {exc}", path=file) from None
    module = type(value).__module__.split(".")[0]
    if module == "pandas":
        return pa.Table.from_pandas(value, preserve_index=False)
    if module == "polars":
        table: pa.Table = value.to_arrow()
        return table
    raise InputError(
        f"expected a table or a path, got {type(value).__name__}", path=file, field="records"
    )


def _names(policy: Policy | None) -> dict[str, dict[str, str]]:
    """For each coded field, every accepted text (code or name) to its code."""
    out = {f: {c: c for c in codes} for f, codes in CHOICES.items()}
    out["insured_area"] = {}
    if policy is not None:
        for fld, table in policy.input_names().items():
            target = out.setdefault(fld, {})
            for code, names in table.items():
                target.setdefault(code, code)
                for name in names:
                    target[name] = code
    return out


def _check_table(
    name: str,
    file: str,
    table: pa.Table,
    columns: tuple[Column, ...],
    names: dict[str, dict[str, str]],
    kinds: set[str] | None,
) -> tuple[pa.Table, list[RecordFinding], B, pa.Array]:
    """The typed table of the good rows, a finding per bad value, the mask of bad rows, and
    the ids of every row (trimmed text)."""
    n = table.num_rows
    known = {c.name for c in columns}
    findings = [
        RecordFinding(file, name, None, col, "unknown_column", f"'{col}' is not a column of {name}")
        for col in table.column_names
        if col not in known
    ]
    for c in columns:
        if c.required and c.name not in table.column_names:
            raise InputError(
                f"missing required column '{c.name}' of {name}", path=file, field=c.name
            )
    ids = _text(_column(table, "id", n))
    out: dict[str, pa.Array] = {}
    bad = np.zeros(n, dtype=bool)
    for c in columns:
        values, wrong, missing, why = _parse(c, _column(table, c.name, n), names, kinds)
        if c.required:
            wrong |= missing
        out[c.name] = values
        _report(findings, file, name, c.name, ids, wrong, missing & c.required, why, table, n)
        bad |= wrong
    if name == "persons":
        bad |= _persons(out, findings, file, ids, table, n)
    if name == "contributions":
        bad |= _order(out, findings, file, ids, bad)
    out["row"] = pa.array(np.arange(n, dtype=np.int64))
    typed = pa.table(out)
    return typed.filter(pa.array(~bad)), findings, bad, ids


def _column(table: pa.Table, name: str, n: int) -> pa.Array:
    """A column as one array, or all nulls when the table has no such column."""
    if name not in table.column_names:
        return pa.nulls(n, pa.string())
    col = table.column(name)
    return col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)


def _text(arr: pa.Array) -> pa.Array:
    """Text, trimmed; an empty string is a missing value."""
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        arr = arr.cast(pa.string())
    arr = arr.cast(pa.string())
    if _clean(arr):
        return arr
    arr = pc.utf8_trim_whitespace(arr)
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)


_SPACE = np.zeros(256, dtype=bool)
_SPACE[[9, 10, 11, 12, 13, 32]] = True


def _clean(arr: pa.Array) -> bool:
    """True when no present value is empty or starts or ends with ASCII white space (the
    bytes are looked at with numpy; anything else goes through the trimming)."""
    if not len(arr) or not pa.types.is_string(arr.type):
        return False
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)[
        arr.offset : arr.offset + len(arr) + 1
    ]
    lengths = np.diff(offsets)
    present = np.asarray(arr.is_valid(), dtype=bool) if arr.null_count else None
    full = lengths > 0 if present is None else (lengths > 0) | ~present
    if not full.all():
        return False
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8) if arr.buffers()[2] is not None else None
    if data is None:
        return present is not None and not present.any()
    some = lengths > 0
    heads = data[offsets[:-1][some]]
    tails = data[offsets[1:][some] - 1]
    return not (_SPACE[heads].any() or _SPACE[tails].any())


def _mask(arr: pa.Array) -> B:
    return np.asarray(pc.fill_null(arr, False), dtype=bool)


def _parse(
    c: Column, arr: pa.Array, names: dict[str, dict[str, str]], kinds: set[str] | None
) -> tuple[pa.Array, B, B, str]:
    """(typed values, bad given value, missing value, why a bad value is bad)."""
    given = ~np.asarray(arr.is_null(), dtype=bool)
    if c.kind in ("text", "id_number") or (c.kind == "area" and not names.get("insured_area")):
        text = _text(arr)
        given = ~np.asarray(text.is_null(), dtype=bool)
        if c.kind == "area":
            ok = _mask(pc.match_substring_regex(text, r"^[0-9]{6}$"))
            return text, given & ~ok, ~given, "expected a 6-digit GB/T 2260 area code"
        return text, np.zeros(len(arr), bool), ~given, ""
    if c.kind == "date":
        return _dates(arr)
    if c.kind == "month":
        return _months(arr)
    if c.kind == "bool":
        return _bools(arr)
    if c.kind == "event_kind":
        text = _text(arr)
        given = ~np.asarray(text.is_null(), dtype=bool)
        if kinds is None:
            ok = _mask(pc.match_substring_regex(text, r"^[a-z][a-z0-9_]*$"))
        else:
            ok = _mask(pc.is_in(text, pa.array(sorted(kinds | {"suspected"}))))
        return text, given & ~ok, ~given, "expected an event kind or 'suspected'"
    fld = "insured_area" if c.kind == "area" else c.kind.split(":", 1)[1]
    return _choice(arr, names.get(fld, {}), fld)


def _choice(arr: pa.Array, accepted: dict[str, str], fld: str) -> tuple[pa.Array, B, B, str]:
    if pa.types.is_dictionary(arr.type):  # a few distinct values: map those, then take
        values, wrong, _, why = _choice(arr.dictionary, accepted, fld)
        indices = arr.indices
        mapped = values.take(indices)
        given = ~np.asarray(arr.is_null(), dtype=bool)
        bad = given & np.asarray(pc.fill_null(pa.array(wrong).take(indices), False), dtype=bool)
        return mapped, bad, ~given | (given & np.asarray(mapped.is_null()) & ~bad), why
    text = _text(arr)
    given = ~np.asarray(text.is_null(), dtype=bool)
    keys = pa.array(list(accepted), pa.string())
    codes = pa.array(list(accepted.values()), pa.string())
    where = pc.index_in(text, value_set=keys)
    values = codes.take(where)
    if fld == "insured_area":  # a code not among the names is still a code
        plain = _mask(pc.match_substring_regex(text, r"^[0-9]{6}$"))
        values = pc.if_else(pa.array(plain), text, values)
    ok = ~np.asarray(values.is_null(), dtype=bool)
    shown = ", ".join(CHOICES.get(fld, ())) or "a 6-digit area code or its name"
    return values, given & ~ok, ~given, f"expected one of {shown}"


def _dates(arr: pa.Array) -> tuple[pa.Array, B, B, str]:
    if pa.types.is_date(arr.type) or pa.types.is_timestamp(arr.type):
        values = arr.cast(pa.date32()) if not pa.types.is_date32(arr.type) else arr
        given = ~np.asarray(arr.is_null(), dtype=bool)
    else:
        text = _text(arr)
        given = ~np.asarray(text.is_null(), dtype=bool)
        shaped = _mask(pc.match_substring_regex(text, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))
        text = pc.if_else(pa.array(shaped), text, pa.scalar(None, pa.string()))
        stamp = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
        same = pc.equal(pc.strftime(stamp, format="%Y-%m-%d"), text)  # 02-30 is no date
        values = pc.if_else(pc.fill_null(same, False), stamp.cast(pa.date32()), None)
    days = np.asarray(pc.fill_null(values.cast(pa.int32()), -(10**6)))
    low, high = (
        (dt.date(1900, 1, 1) - dt.date(1970, 1, 1)).days,
        (dt.date(2100, 12, 31) - dt.date(1970, 1, 1)).days,
    )
    ok = (days >= low) & (days <= high)
    values = pc.if_else(pa.array(ok), values, pa.scalar(None, pa.date32()))
    return values, given & ~ok, ~given, "expected a date YYYY-MM-DD between 1900 and 2100"


def _months(arr: pa.Array) -> tuple[pa.Array, B, B, str]:
    if pa.types.is_date(arr.type) or pa.types.is_timestamp(arr.type):
        arr = pc.strftime(arr.cast(pa.timestamp("s")), format="%Y-%m")
    text = _text(arr)
    given = ~np.asarray(text.is_null(), dtype=bool)
    chars = _fixed_width(text, 7)
    if chars is not None:  # every value has 7 characters: read the bytes with numpy
        digits = chars.astype(np.int32) - 48
        shaped = (chars[:, 4] == ord("-")) & np.all(
            (digits[:, [0, 1, 2, 3, 5, 6]] >= 0) & (digits[:, [0, 1, 2, 3, 5, 6]] <= 9), axis=1
        )
        year = digits[:, :4] @ np.array([1000, 100, 10, 1], dtype=np.int32)
        month = digits[:, 5:7] @ np.array([10, 1], dtype=np.int32)
    else:
        shaped = _mask(pc.match_substring_regex(text, r"^[0-9]{4}-[0-9]{2}$"))
        safe = pc.if_else(pa.array(shaped), text, "0000-00")
        year = np.asarray(pc.utf8_slice_codeunits(safe, 0, 4).cast(pa.int32()), dtype=np.int32)
        month = np.asarray(pc.utf8_slice_codeunits(safe, 5, 7).cast(pa.int32()), dtype=np.int32)
    number = year * 12 + month - 1
    ok = (
        shaped
        & (month >= 1)
        & (month <= 12)
        & (number >= EARLIEST_MONTH)
        & (number <= LATEST_MONTH)
    )
    values = pa.array(np.where(ok, number, 0).astype(np.int32), mask=~ok)
    return values, given & ~ok, ~given, "expected a month YYYY-MM"


def _fixed_width(text: pa.Array, width: int) -> npt.NDArray[np.uint8] | None:
    """The bytes of a string column as an (n, width) array, if every value is present and
    `width` bytes long (the common case of a clean file); None otherwise."""
    if text.null_count or not len(text) or not pa.types.is_string(text.type):
        return None
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int32)[
        text.offset : text.offset + len(text) + 1
    ]
    if not np.all(np.diff(offsets) == width):
        return None
    data = np.frombuffer(text.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    return data.reshape(len(text), width)


def _bools(arr: pa.Array) -> tuple[pa.Array, B, B, str]:
    if pa.types.is_boolean(arr.type):
        return arr, np.zeros(len(arr), bool), np.asarray(arr.is_null(), dtype=bool), ""
    text = pc.utf8_lower(_text(arr))
    given = ~np.asarray(text.is_null(), dtype=bool)
    yes = _mask(pc.is_in(text, pa.array(_TRUE)))
    no = _mask(pc.is_in(text, pa.array(_FALSE)))
    values = pa.array(yes, mask=~(yes | no))
    return values, given & ~(yes | no), ~given, "expected true or false"


def _report(
    findings: list[RecordFinding],
    file: str,
    table_name: str,
    col: str,
    ids: pa.Array,
    wrong: B,
    missing: B,
    why: str,
    table: pa.Table,
    n: int,
) -> None:
    """One finding per bad value (a Python loop over the bad rows only)."""
    rows = np.flatnonzero(wrong)
    if not len(rows):
        return
    raw = _column(table, col, n).take(pa.array(rows)).to_pylist()
    who = ids.take(pa.array(rows)).to_pylist()
    for row, value, pid in zip(rows.tolist(), raw, who, strict=True):
        if missing[row]:
            findings.append(
                RecordFinding(
                    file, table_name, row, col, "missing_value", "required, but empty", pid
                )
            )
        else:
            findings.append(
                RecordFinding(file, table_name, row, col, "bad_value", f"{value!r}: {why}", pid)
            )


def _persons(
    out: dict[str, pa.Array],
    findings: list[RecordFinding],
    file: str,
    ids: pa.Array,
    table: pa.Table,
    n: int,
) -> B:
    """Birth date and sex from the identity number; a contradiction or a refusal is a finding."""
    parsed = idnumber.parse_many(out["id_number"])
    reasons = list(idnumber.REASONS)
    refused = parsed.reason > 0
    raw = _column(table, "id_number", n)
    for row in np.flatnonzero(refused).tolist():
        code = reasons[parsed.reason[row] - 1]
        findings.append(
            RecordFinding(
                file,
                "persons",
                row,
                "id_number",
                "id_number",
                f"identity number '{raw[row].as_py()}' {idnumber.REASONS[code]}",
                ids[row].as_py(),
            )
        )
    has = ~parsed.empty & ~refused
    born = np.asarray(pc.fill_null(out["birth_date"].cast(pa.int32()), -(10**6)))
    sex = np.asarray(pc.fill_null(out["sex"], ""), dtype=object)
    number_sex = np.where(parsed.male, "male", "female")
    clash_born = has & (born != -(10**6)) & (born != parsed.birth_days)
    clash_sex = has & (sex != "") & (sex != number_sex)
    for fld, clash in (("birth_date", clash_born), ("sex", clash_sex)):
        for row in np.flatnonzero(clash).tolist():
            given = out[fld][row].as_py()
            findings.append(
                RecordFinding(
                    file,
                    "persons",
                    row,
                    fld,
                    "contradiction",
                    f"{given} contradicts the identity number {parsed.number[row].as_py()}, which the record follows",
                    ids[row].as_py(),
                )
            )
    lacking = parsed.empty & ((born == -(10**6)) | (sex == ""))
    for row in np.flatnonzero(lacking).tolist():
        findings.append(
            RecordFinding(
                file,
                "persons",
                row,
                "id_number",
                "missing_value",
                "no identity number, and no birth date and sex beside it",
                ids[row].as_py(),
            )
        )
    days = np.where(has, parsed.birth_days, born).astype(np.int32)
    out["id_number"] = parsed.number
    known = has | (parsed.empty & (born != -(10**6)))
    out["birth_date"] = pa.array(days, mask=~known).cast(pa.date32())
    out["sex"] = pc.if_else(pa.array(has), pa.array(number_sex), out["sex"])
    found: B = refused | lacking | _duplicates(findings, file, ids)
    return found


def _order(
    out: dict[str, pa.Array], findings: list[RecordFinding], file: str, ids: pa.Array, bad: B
) -> B:
    """A contribution period that ends before it starts is a finding."""
    first = np.asarray(pc.fill_null(out["from"], 0))
    last = np.asarray(pc.fill_null(out["through"], 0))
    wrong = ~bad & (last < first)
    for row in np.flatnonzero(wrong).tolist():
        findings.append(
            RecordFinding(
                file,
                "contributions",
                row,
                "through",
                "bad_value",
                "the last month is before the first",
                ids[row].as_py(),
            )
        )
    return wrong


def _duplicates(findings: list[RecordFinding], file: str, ids: pa.Array) -> B:
    """A person listed twice: the first row counts, each later one is a finding."""
    codes = np.asarray(pc.fill_null(ids, "").dictionary_encode().indices)
    first = np.zeros(len(codes), dtype=bool)
    _, where = np.unique(codes, return_index=True)
    first[where] = True
    again: B = ~first & ~np.asarray(ids.is_null(), dtype=bool)
    for row in np.flatnonzero(again).tolist():
        pid = ids[row].as_py()
        findings.append(
            RecordFinding(
                file, "persons", row, "id", "duplicate", f"person '{pid}' is listed again", pid
            )
        )
    return again
