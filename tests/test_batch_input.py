"""The batch reader is as strict as `Claimant`: every cell a value or its row's error.

Each defect class of issue 26's batch list has a test here; the property at the end draws
tables with hostile cells (as Arrow and as CSV) and holds the batch to "rows out = rows in,
each row equals `policy.evaluate` or its error".
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ULANHOT_MAN
from test_analyst_yaml import EXCEPTIONS, write

import uibenefit as ub
from uibenefit.population import DECISION_COLUMNS
from uibenefit.population.crosscheck import differences

XINGAN = ub.load_policy("xingan")


def _row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"id": 1}
    for k, v in ULANHOT_MAN.items():
        row[k] = v.isoformat() if isinstance(v, dt.date) else v
    row.update(changes)
    return row


def _csv(tmp_path: Path, rows: list[dict[str, Any]], name: str = "people.csv") -> Path:
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.DictWriter(f, list(rows[0]))
        out.writeheader()
        out.writerows(rows)
    return path


def _errors(out: pa.Table) -> list[str | None]:
    return list(out.column("error").to_pylist())


@pytest.mark.parametrize("cell", ["1²", "--5", "１２", "٣٦", " 36", "+36", "36.0", "1e2", "0x24"])
def test_a_number_cell_the_claimant_refuses_is_that_rows_error(tmp_path: Path, cell: str) -> None:
    """Superscripts, double signs, fullwidth and Arabic-Indic digits: the Claimant takes
    only a whole number; the batch says so for that row and computes the other."""
    path = _csv(tmp_path, [_row(contribution_months=cell), _row(id=2)])
    out = XINGAN.evaluate_batch(path)
    errors = _errors(out)
    assert errors[0] == f"contribution_months: expected a whole number, got {cell!r}"
    assert errors[1] is None and out.column("eligible")[1].as_py() is True


@pytest.mark.parametrize(
    ("value", "shown"), [(float("nan"), "NaN"), (float("inf"), "Infinity"), (36.5, "36.5")]
)
def test_a_float_that_is_no_whole_number_is_that_rows_error(value: float, shown: str) -> None:
    table = pa.Table.from_pylist(
        [_row(contribution_months=value), _row(id=2, contribution_months=36.0)]
    )
    out = XINGAN.evaluate_batch(table)
    assert _errors(out) == [f"contribution_months: expected a whole number, got {shown}", None]


@pytest.mark.parametrize(
    "column",
    [
        pa.array([3_000_000, 18_400], pa.date32()),  # year 10,183: past Python's dates
        pa.array([-800_000, 18_400], pa.date32()),  # before year 1
        pa.array([2**62, 18_400 * 86_400_000], pa.date64()),
        pa.array([10**17, 18_400 * 86_400], pa.timestamp("s")),
    ],
)
def test_a_date_past_what_python_holds_is_that_rows_error(column: pa.Array) -> None:
    base = pa.Table.from_pylist([_row(), _row(id=2)])
    at = base.column_names.index("application_date")
    table = base.set_column(at, "application_date", column)
    errors = _errors(XINGAN.evaluate_batch(table))
    assert errors[0] is not None and errors[0].startswith("application_date: ")
    assert errors[1] is None


def test_an_event_date_past_what_python_holds_is_that_claimants_error() -> None:
    people = pa.Table.from_pylist([_row(), _row(id=2)])
    events = pa.table(
        {
            "id": [1, 2],
            "kind": ["reemployed", "reemployed"],
            "on": pa.array([3_000_000, 18_600], pa.date32()),
        }
    )
    errors = _errors(XINGAN.evaluate_batch(people, events))
    assert errors[0] is not None and errors[0].startswith("events[0].on: ")
    assert errors[1] is None


@pytest.mark.parametrize("text", ["2020-02-30", "2021-02-29", "2020-13-01", "2020-00-10"])
def test_a_date_that_does_not_exist_is_refused_as_the_claimant_refuses_it(
    tmp_path: Path, text: str
) -> None:
    """strptime rolls 2020-02-30 over to March 1st; the Claimant refuses it."""
    out = XINGAN.evaluate_batch(_csv(tmp_path, [_row(application_date=text), _row(id=2)]))
    errors = _errors(out)
    assert errors[0] == f"application_date: expected a date (YYYY-MM-DD), got {text!r}"
    assert errors[1] is None


def test_a_zoned_timestamp_is_refused_as_the_claimant_refuses_it() -> None:
    base = pa.Table.from_pylist([_row(), _row(id=2)])
    at = base.column_names.index("application_date")
    zoned = pa.array(
        [dt.datetime(2020, 4, 10), dt.datetime(2020, 4, 10)], pa.timestamp("s", tz="UTC")
    )
    out = XINGAN.evaluate_batch(base.set_column(at, "application_date", zoned))
    assert all(
        e is not None and e.startswith("application_date: expected a date") for e in _errors(out)
    )


def test_csv_ids_are_kept_as_written(tmp_path: Path) -> None:
    text = XINGAN.evaluate_batch(_csv(tmp_path, [_row(id="001"), _row(id="01"), _row(id="1")]))
    assert text.column("id").to_pylist() == ["001", "01", "1"]
    plain = XINGAN.evaluate_batch(_csv(tmp_path, [_row(id="10"), _row(id="2")], "n.csv"))
    assert plain.column("id").to_pylist() == [10, 2]


def test_text_ids_take_their_events_from_a_csv(tmp_path: Path) -> None:
    people = _csv(tmp_path, [_row(id="A-1"), _row(id="007")])
    events = _csv(tmp_path, [{"id": "007", "kind": "reemployed", "on": "2020-11-20"}], "ev.csv")
    out = XINGAN.evaluate_batch(people, events).to_pylist()
    assert [r["stopped"] for r in out] == [False, True]


def test_a_null_or_repeated_id_is_its_rows_error_and_the_rest_computed() -> None:
    people = pa.Table.from_pylist([_row(id=None), _row(id=5), _row(id=5), _row(id=6)])
    events = pa.Table.from_pylist([{"id": 6, "kind": "reemployed", "on": dt.date(2020, 11, 20)}])
    out = XINGAN.evaluate_batch(people, events).to_pylist()
    assert out[0]["error"].startswith("id: the id is empty")
    assert out[1]["error"] == out[2]["error"]
    assert out[1]["error"].startswith("id: the id 5 is given to 2 rows (2, 3")
    assert out[3]["error"] is None and out[3]["months_paid"] == 8


def test_a_column_given_twice_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    row = _row()
    names = [*row, "sex"]
    path.write_text(",".join(names) + "\n" + ",".join(str(row[n]) for n in names) + "\n", "utf-8")
    with pytest.raises(ub.InputError, match="two columns named 'sex'"):
        XINGAN.evaluate_batch(path)


def test_a_ragged_csv_names_the_line_and_echoes_nothing(tmp_path: Path) -> None:
    path = _csv(tmp_path, [_row(), _row(id=2)])
    path.write_text(path.read_text("utf-8") + "3,SECRET-VALUE,x\n", "utf-8")
    with pytest.raises(ub.InputError) as info:
        XINGAN.evaluate_batch(path)
    assert "SECRET" not in str(info.value) and "line" in str(info.value)


def test_a_foreign_file_read_as_csv_is_not_echoed(tmp_path: Path) -> None:
    path = tmp_path / "shadow.csv"
    path.write_bytes(b"root:$6$SECRETHASH:19000:0:99999:7:::\n\xff\xfe\x00daemon:*:SECRET2\n")
    with pytest.raises(ub.InputError) as info:
        XINGAN.evaluate_batch(path)
    assert "SECRET" not in str(info.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("which", ["claimants", "events"])
def test_a_fifo_is_refused_before_reading(tmp_path: Path, which: str) -> None:
    fifo = tmp_path / f"{which}.csv"
    os.mkfifo(fifo)
    people = _csv(tmp_path, [_row()], "people_ok.csv")
    with pytest.raises(ub.InputError, match="FIFO"):
        if which == "claimants":
            XINGAN.evaluate_batch(fifo)
        else:
            XINGAN.evaluate_batch(people, fifo)


def test_events_under_a_policy_the_compiler_does_not_vectorise(tmp_path: Path) -> None:
    """Every row goes to the engine, events included, instead of "'Compiled' object has no
    attribute 'event_kinds'" losing the table."""
    from uibenefit.population._compile import Compiled, Unsupported

    class Refusing(Compiled):
        def _build(self) -> None:
            raise Unsupported("a rule this test says the compiler does not know")

    policy = ub.load_policy(write(tmp_path, EXCEPTIONS))
    policy._batch_compiled = Refusing(policy)  # type: ignore[attr-defined]
    people = pa.Table.from_pylist([_row(id=1, contribution_months=6), _row(id=2)])
    events = pa.Table.from_pylist([{"id": 2, "kind": "reemployed", "on": dt.date(2020, 11, 20)}])
    out = policy.evaluate_batch(people, events).to_pylist()
    assert out[1]["stopped"] is True and out[0]["error"] is not None
    assert differences(policy, people, events) == []


def test_two_exceptions_holding_at_once_are_the_rows_error_as_evaluate_refuses(
    tmp_path: Path,
) -> None:
    """A defect in the kernel: it computed a result where `evaluate` raises PolicyError."""
    policy = ub.load_policy(write(tmp_path, EXCEPTIONS))
    people = pa.Table.from_pylist(
        [_row(contribution_months=6), _row(id=2, contribution_months=18), _row(id=3)]
    )
    out = policy.evaluate_batch(people).to_pylist()
    assert out[0]["error"] is not None and "both apply to this person" in out[0]["error"]
    assert out[1]["error"] is None and out[2]["error"] is None
    assert differences(policy, people) == []


def test_failed_lists_an_exceptions_clause_where_evaluate_does(tmp_path: Path) -> None:
    """An exception written after other rules decides in its base rule's place: `failed`
    lists it there, as `evaluate`'s findings do."""
    policy = ub.load_policy(write(tmp_path, EXCEPTIONS))
    person = _row(contribution_months=18, seeking_work=False, separation_reason="resigned")
    out = policy.evaluate_batch(pa.Table.from_pylist([person])).to_pylist()[0]
    claimant = ub.Claimant.from_mapping({k: v for k, v in person.items() if k != "id"})
    want = [
        f.citation.clause
        for f in policy.evaluate(claimant).eligibility.findings
        if f.passed is False
    ]
    assert out["failed"] == want and len(want) >= 2


def test_rows_out_equal_rows_in_written_to_parquet(tmp_path: Path) -> None:
    """The file path (CLI and service) keeps every row too."""
    from uibenefit.population import files

    people = pa.Table.from_pylist(
        [_row(id=None), _row(id=5, contribution_months=float("nan")), _row(id=6)]
    )
    pq.write_table(people, tmp_path / "p.parquet")
    summary = files.evaluate_file(XINGAN, tmp_path / "p.parquet", tmp_path / "out.parquet")
    assert summary.rows == 3 and summary.errors == 1
    assert pq.read_table(tmp_path / "out.parquet").num_rows == 3


# -- the property ------------------------------------------------------------------------

HOSTILE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "1²",
        "--5",
        "１２",
        "٣٦",
        "\x00",
        "\x1b[31m",
        "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
        "é",
        "2020-02-30",
        "9999-12-31",
        "0000-01-01",
        "NaN",
        "true",
        "TRUE",
        "null",
    ]
)


def _cell(field: str) -> st.SearchStrategy[Any]:
    good = ULANHOT_MAN.get(field)
    if isinstance(good, dt.date):
        good = good.isoformat()
    if field in ("contribution_months", "prior_unused_months"):
        other: st.SearchStrategy[Any] = st.one_of(
            st.integers(-10, 1300).map(str), st.sampled_from(["36", "0", "1200", "1201", "-1"])
        )
    elif field.endswith("_date"):
        other = st.dates(dt.date(1890, 1, 1), dt.date(2110, 12, 31)).map(dt.date.isoformat)
    elif field in ("receiving_pension", "seeking_work", "spouse_receiving_benefit"):
        other = st.sampled_from(["true", "false", "True", "yes", "1"])
    elif field == "insured_area":
        other = st.sampled_from(["152201", "152224", "110000", "15220", "１５２２０１"])
    else:
        other = st.sampled_from(["male", "female", "worker", "cadre", "employee", "resigned"])
    return st.one_of(st.just(str(good) if good is not None else ""), other, HOSTILE_TEXT, st.none())


FIELD_NAMES = [
    "birth_date",
    "sex",
    "position",
    "insured_as",
    "contribution_months",
    "separation_date",
    "separation_reason",
    "application_date",
    "registration_date",
    "insured_area",
    "prior_unused_months",
    "seeking_work",
]


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return str(value).lower() if isinstance(value, bool) else str(value)


@st.composite
def _tables(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(1, 6))
    rows = []
    for i in range(n):
        row: dict[str, Any] = {"id": draw(st.one_of(st.just(i), st.integers(0, 3), st.none()))}
        for name in FIELD_NAMES:
            base = _row().get(name)
            row[name] = draw(_cell(name)) if draw(st.booleans()) else _text(base)
        rows.append(row)
    return rows


@settings(
    max_examples=int(os.environ.get("UIB_FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(_tables(), st.booleans(), st.booleans())
def test_every_table_rows_out_equal_rows_in_each_equal_to_evaluate(
    tmp_path: Path, rows: list[dict[str, Any]], as_csv: bool, with_events: bool
) -> None:
    if as_csv:
        path = tmp_path / "drawn.csv"
        with path.open("w", newline="", encoding="utf-8", errors="replace") as f:
            out = csv.DictWriter(f, list(rows[0]))
            out.writeheader()
            out.writerows([{k: ("" if v is None else v) for k, v in r.items()} for r in rows])
        source: Any = path
    else:
        source = pa.Table.from_pylist(
            rows, schema=pa.schema([("id", pa.int64())] + [(n, pa.string()) for n in FIELD_NAMES])
        )
    events = None
    if with_events:
        events = pa.Table.from_pylist(
            [{"id": r["id"], "kind": "reemployed", "on": "2020-11-20"} for r in rows[:2]],
            schema=pa.schema([("id", pa.int64()), ("kind", pa.string()), ("on", pa.string())]),
        )
    table = XINGAN.evaluate_batch(source, events)
    assert table.num_rows == len(rows)
    assert table.column_names == list(DECISION_COLUMNS)
    assert differences(XINGAN, source, events) == []
    for message in table.column("error").to_pylist():
        assert message is None or ": " in message  # names its field
