"""The pre-filled claim (N3) and the records commands: prefill, records claimants, continuation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import uibenefit as ub
from uibenefit.cli import main
from uibenefit.records import check_character

D = dt.date
POLICY = ub.load_policy("xingan")


def number(born: dt.date, seq: int) -> str:
    first17 = f"152201{born:%Y%m%d}{seq:03d}"
    return first17 + check_character(first17)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """Three persons: M owed continuation (N1), F a claim in 2020, N still contributing (N2c)."""
    (tmp_path / "persons.csv").write_text(
        "id,id_number,position,name\n"
        f"M,{number(D(1962, 3, 10), 1)},worker,张三\n"
        f"F,{number(D(1985, 7, 1), 2)},worker,李四\n"
        f"N,{number(D(1980, 1, 1), 3)},cadre,王五\n",
        encoding="utf-8",
    )
    (tmp_path / "contributions.csv").write_text(
        "id,from,through,insured_as,deemed\n"
        "M,2000-01,2019-12,employee,\n"
        "F,2010-01,2016-06,employee,\n"
        "F,2014-01,2020-03,employee,\n"
        "F,2005-01,2009-12,employee,true\n"
        "N,2010-01,2020-12,employee,\n",
        encoding="utf-8",
    )
    (tmp_path / "separations.csv").write_text(
        "id,on,reason\nM,2019-12-31,合同到期\nF,2020-03-31,dismissed\nN,2020-03-31,dismissed\n".replace(
            "合同到期", "劳动合同期满终止"
        ),
        encoding="utf-8",
    )
    (tmp_path / "claims.csv").write_text(
        "id,application_date,registered_reason,seeking_work\n"
        "M,2020-01-05,,true\nF,2020-04-10,resigned,true\nN,2020-04-10,,true\n",
        encoding="utf-8",
    )
    return tmp_path


def test_prefill_fields_sources_and_decision(folder: Path) -> None:
    """N3: every field from a record row; 2005-01..2020-03 = 183 months (60 deemed, overlap
    counted once); IM3 registered reason reported; the decision is the engine's."""
    form = ub.prefill(POLICY, folder, "F", on=D(2020, 4, 10))
    assert isinstance(form, ub.Prefill)
    c = form.claimant
    assert c is not None
    assert (c.birth_date, c.sex, c.position) == (D(1985, 7, 1), "female", "worker")
    assert c.contribution_months == 183 and c.insured_as == "employee"
    assert (c.separation_date, c.separation_reason) == (D(2020, 3, 31), "dismissed")
    assert c.registered_reason == "resigned"
    assert form.sources["birth_date"] == ("persons", 1)
    assert form.sources["separation_reason"] == ("separations", 1)
    assert form.sources["application_date"] == ("claims", 1)
    assert form.sources["spouse_receiving_benefit"] == ("form", None)
    assert form.contribution_rows == (1, 2, 3)
    assert [q.field for q in form.questions] == ["spouse_receiving_benefit"]
    assert form.decision is not None
    assert form.decision.to_dict() == POLICY.evaluate(c, as_of=D(2020, 4, 10)).to_dict()
    assert form.citation is not None and form.citation.clause == "N3"


def test_prefill_without_a_claim_row_claims_today(folder: Path) -> None:
    """No claim on or before `on`: the form is a claim made that day (source: the form)."""
    form = ub.prefill(POLICY, folder, "F", on=D(2020, 4, 5))
    assert form.claimant is not None and form.claimant.application_date == D(2020, 4, 5)
    assert form.sources["application_date"] == ("form", None)


def test_not_unemployed_has_no_decision_and_names_the_row(folder: Path) -> None:
    """N2c: contributions continue past the separation: no decision, the row is named."""
    form = ub.prefill(POLICY, folder, "N", on=D(2020, 4, 10))
    assert form.decision is None
    (found,) = [f for f in form.findings if f.kind == "not_unemployed"]
    assert found.row == 4 and found.citation is not None and found.citation.clause == "N2c"


def test_prefill_cli_text_json_html(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Text is Chinese first, then English; json is to_dict; html is a page."""
    assert main(["prefill", "--records", str(folder), "F", "--on", "2020-04-10"]) == 0
    out = capsys.readouterr().out
    assert out.index("失业保险金申领表") < out.index("Unemployment benefit claim")
    assert "停保记录 第1行" in out and "separations row 1" in out
    assert (
        main(["prefill", "--records", str(folder), "F", "--on", "2020-04-10", "--format", "json"])
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["fields"]["contribution_months"]["value"] == 183
    assert doc["decision"]["eligibility"]["eligible"] is True
    assert main(["prefill", "--records", str(folder), "F", "--format", "html", "--lang", "en"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!doctype html>") and "<script" not in page


def test_prefill_cli_unknown_person_is_a_user_error(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 1 with a message naming the persons file, never a traceback."""
    assert main(["prefill", "--records", str(folder), "nobody"]) == 1
    assert "persons.csv" in capsys.readouterr().err


def test_records_claimants_cli_feeds_batch(folder: Path, tmp_path: Path) -> None:
    """The table written is evaluate_batch's input; N is left out (not unemployed)."""
    out = tmp_path / "out" / "claimants.parquet"
    assert (
        main(
            [
                "records",
                "claimants",
                "--records",
                str(folder),
                "--as-of",
                "2020-12-31",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    table = pq.read_table(out)
    assert table.column("id").to_pylist() == ["M", "F"]
    decisions = POLICY.evaluate_batch(table)
    assert decisions.column("error").to_pylist() == [None, None]
    assert (tmp_path / "out" / "claimants.excluded.csv").read_text().count("not_unemployed") == 1


def test_continuation_cli_lists_the_man_near_retirement(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """N1: M (born 1962-03-10, retires 2022-03-10) has 24 regular months from 2020-01-05 to
    2022-01-04, less than a year before retirement: continued to 2022-03-09 with back-pay by
    2022-06-30 (X3) and medical insurance paid."""
    out = tmp_path / "cont"
    assert (
        main(
            [
                "continuation",
                "--records",
                str(folder),
                "--as-of",
                "2022-06-30",
                "-o",
                str(out),
                "--format",
                "json",
            ]
        )
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    (row,) = doc["rows"]
    assert row["id"] == "M" and row["retirement_date"] == "2022-03-10"
    assert row["end"] == "2022-03-09" and row["months_owed"] == row["continuation_months"] == 3
    assert row["months_back_pay"] == 3 and row["medical_back_pay_months"] == 3
    assert row["status"] == "back_pay" and row["clause"] == "N1"
    assert doc["listed"] == 1 and "N1" in doc["clauses"] and "X3" in doc["clauses"]
    for name in ("continuation.parquet", "continuation.csv", "summary.json", "summary.md"):
        assert (out / name).exists()


def test_import_uibenefit_loads_no_array_library() -> None:
    """The records names are lazy: `import uibenefit` imports neither numpy nor pyarrow."""
    import subprocess
    import sys

    code = (
        "import sys, uibenefit as ub; assert 'prefill' in ub.__all__; "
        "print('numpy' in sys.modules, 'pyarrow' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
