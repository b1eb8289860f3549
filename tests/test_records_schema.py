"""The record tables are read strictly: every bad value is a finding (file, row, field)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest

import uibenefit as ub
from uibenefit.records import read_records


def _write(folder: Path, name: str, text: str) -> None:
    (folder / f"{name}.csv").write_text(text.strip() + "\n", encoding="utf-8")


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    _write(
        tmp_path,
        "persons",
        """
id,id_number,name,birth_date,sex,position,insured_area
P1,11010519491231002X,张三,,,worker,152201
P2,110105194912310021,李四,,,worker,152201
P3,,王五,1960-05-03,男,cadre,
P4,11010519491231002X,x,1950-01-01,male,worker,
P1,11010519491231002X,again,,,worker,
P5,110105491231002,old,,,worker,乌兰浩特市
P6,,nobody,,,worker,
""",
    )
    _write(
        tmp_path,
        "contributions",
        """
id,from,through,insured_as,deemed
P1,2010-01,2015-12,employee,
P1,2015-06,2020-02,employee,false
P1,2020-13,2020-02,employee,false
P3,1990-01,1995-12,employee,true
P3,1996-05,1996-01,employee,false
P3,1997-01,1998-01,self,maybe
""",
    )
    _write(
        tmp_path,
        "separations",
        "id,on,reason\nP1,2020-02-30,contract_expired\nP1,2020-02-29,劳动合同期满终止",
    )
    return tmp_path


def test_every_bad_value_is_a_finding(folder: Path) -> None:
    """Each injected fault is reported once with its row and field, and nothing else is."""
    records = read_records(folder, ub.load_policy("xingan"))
    got = {(f.table, f.row, f.field, f.kind) for f in records.findings}
    assert got == {
        ("persons", 1, "id_number", "id_number"),
        ("persons", 3, "birth_date", "contradiction"),
        ("persons", 3, "sex", "contradiction"),
        ("persons", 4, "id", "duplicate"),
        ("persons", 6, "id_number", "missing_value"),
        ("contributions", 2, "from", "bad_value"),
        ("contributions", 4, "through", "bad_value"),
        ("contributions", 5, "insured_as", "bad_value"),
        ("contributions", 5, "deemed", "bad_value"),
        ("separations", 0, "on", "bad_value"),
    }
    assert all(f.file.endswith(".csv") for f in records.findings)


def test_good_rows_are_typed_and_keep_their_row(folder: Path) -> None:
    """Birth date and sex come from the number; names map to codes; months are numbers."""
    records = read_records(folder, ub.load_policy("xingan"))
    persons = records.tables["persons"].to_pylist()
    by_row = {p["row"]: p for p in persons}
    assert set(by_row) == {0, 2, 3, 5}
    assert by_row[0]["birth_date"] == dt.date(1949, 12, 31) and by_row[0]["sex"] == "female"
    assert by_row[2]["sex"] == "male" and by_row[2]["birth_date"] == dt.date(1960, 5, 3)
    assert by_row[3]["birth_date"] == dt.date(1949, 12, 31)  # the number wins over 1950-01-01
    assert by_row[5]["id_number"] == "11010519491231002X"
    assert by_row[5]["insured_area"] == "152201"
    months = records.tables["contributions"].to_pylist()
    assert (months[0]["from"], months[0]["through"]) == (2010 * 12, 2015 * 12 + 11)
    seps = records.tables["separations"].to_pylist()
    assert seps == [
        {
            "id": "P1",
            "on": dt.date(2020, 2, 29),
            "reason": "contract_expired",
            "employer": None,
            "recorded_on": None,
            "row": 1,
            "person": 0,
        }
    ]


def test_missing_required_column_names_file_and_column(tmp_path: Path) -> None:
    """A table without a required column is one InputError naming the file and the column."""
    _write(tmp_path, "persons", "id,id_number\nP1,11010519491231002X")
    with pytest.raises(ub.InputError) as info:
        read_records(tmp_path)
    assert info.value.field == "position"
    assert "persons.csv" in str(info.value)


def test_no_persons_table_is_an_input_error(tmp_path: Path) -> None:
    """A directory without persons is refused with a message, never a traceback."""
    with pytest.raises(ub.InputError, match="persons"):
        read_records(tmp_path)


def test_mapping_of_arrow_tables_with_typed_columns() -> None:
    """In-memory tables with date and bool types are read as they are."""
    persons = pa.table({"id": ["A"], "id_number": ["11010519491231002X"], "position": ["worker"]})
    claims = pa.table(
        {"id": ["A"], "application_date": pa.array([dt.date(2020, 5, 1)]), "seeking_work": [False]}
    )
    records = read_records({"persons": persons, "claims": claims})
    assert records.findings == []
    row = records.tables["claims"].to_pylist()[0]
    assert row["application_date"] == dt.date(2020, 5, 1) and row["seeking_work"] is False
    assert records.files["claims"] == "claims"
