"""`uibenefit synth --ledger` then `uibenefit audit`: the files, the printed totals, the errors."""

from __future__ import annotations

import datetime as dt
import json
import shlex
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from uibenefit.cli import main

AS_OF = dt.date(2026, 12, 31)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("audit")
    code = main(
        [
            "synth",
            "--n",
            "1500",
            "--seed",
            "3",
            "-o",
            str(folder / "recipients.parquet"),
            "--ledger",
            str(folder / "in"),
        ]
    )
    assert code == 0
    return folder


def test_synth_ledger_writes_payments_events_truth(inputs: Path) -> None:
    for name in ("payments", "events", "truth"):
        assert pq.read_table(inputs / "in" / f"{name}.parquet").num_rows > 0
    truth = pq.read_table(inputs / "in" / "truth.parquet")
    assert {"id", "kind", "months", "amount"} <= set(truth.column_names)


def test_audit_command_writes_every_file_and_prints_the_totals(
    inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = inputs / "out"
    code = main(
        [
            "audit",
            "--recipients",
            str(inputs / "recipients.parquet"),
            "--payments",
            str(inputs / "in" / "payments.parquet"),
            "--records",
            str(inputs / "in" / "events.parquet"),
            "--as-of",
            "2026-12-31",
            "-o",
            str(out),
            "--db",
            str(inputs / "a.duckdb"),
            "--quiet",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    for name in (
        "findings.parquet",
        "findings.csv",
        "recipients.parquet",
        "summary.json",
        "report.md",
        "report.html",
        "amounts_by_kind.png",
        "amounts_by_month.png",
    ):
        assert (out / name).exists(), name
    assert (inputs / "a.duckdb").exists()
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["format_version"] == 1
    truth = pq.read_table(inputs / "in" / "truth.parquet")
    assert summary["findings"] == truth.num_rows
    assert f"{summary['findings']} findings" in printed
    assert f"to recover: {summary['to_recover']}" in printed
    for kind, t in summary["by_kind"].items():
        if t["findings"]:
            assert kind in printed and t["amount"] in printed
    assert "every row accounted for" in printed


def test_missing_file_is_a_user_error(inputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "audit",
            "--recipients",
            str(inputs / "recipients.parquet"),
            "--payments",
            str(inputs / "nowhere.csv"),
            "--as-of",
            "2026-12-31",
            "-o",
            str(inputs / "x"),
            "--quiet",
        ]
    )
    assert code == 1
    assert "nowhere.csv" in capsys.readouterr().err


def test_ledger_without_amount_names_the_column(
    inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = inputs / "bad.csv"
    bad.write_text("id,index,paid_on\n1,1,2020-01-31\n", "utf-8")
    code = main(
        [
            "audit",
            "--recipients",
            str(inputs / "recipients.parquet"),
            "--payments",
            str(bad),
            "--as-of",
            "2026-12-31",
            "-o",
            str(inputs / "y"),
            "--quiet",
        ]
    )
    assert code == 1
    assert "'amount'" in capsys.readouterr().err


def test_import_uibenefit_loads_no_audit_dependency() -> None:
    code = (
        "import sys, uibenefit as ub\n"
        "ub.audit, ub.Audit\n"
        "import uibenefit.cli\n"
        "heavy = [m for m in ('duckdb', 'matplotlib') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, uibenefit; "
            "print([m for m in ('pyarrow', 'duckdb', 'matplotlib') "
            "if m in sys.modules])",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_ub_audit_stays_the_function_after_the_package_is_imported() -> None:
    import uibenefit as ub
    from uibenefit.audit import synth  # noqa: F401  (imports the package uibenefit.audit)

    assert callable(ub.audit)
    assert ub.Audit.__name__ == "Audit"


def test_auditors_guide_walkthrough_prints_its_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The transcript in docs/auditors.md: each `$ uibenefit` command run, its lines printed."""
    guide = Path(__file__).resolve().parents[1] / "docs" / "auditors.md"
    text = guide.read_text("utf-8")
    block = next(b for b in text.split("```shell-session\n")[1:] if "$ uibenefit synth" in b)
    block = block.split("```")[0]
    monkeypatch.chdir(tmp_path)
    shown: list[str] = []
    for line in block.splitlines():
        if line.startswith("$ uibenefit "):
            assert main(shlex.split(line)[2:]) == 0
        elif "[" not in line:  # the progress bar is redrawn in place on standard error
            shown.append(line.rstrip())
    captured = capsys.readouterr()
    printed = {x.rstrip() for x in (captured.out + captured.err).splitlines()}
    assert [x for x in shown if x not in printed] == []


def test_dask_engine_gives_the_same_findings(inputs: Path) -> None:
    distributed = pytest.importorskip("distributed")
    import uibenefit as ub
    from uibenefit.audit.parallel import dask_engine

    args = (
        inputs / "recipients.parquet",
        inputs / "in" / "payments.parquet",
        inputs / "in" / "events.parquet",
        AS_OF,
    )
    local = ub.audit("xingan", *args)
    client = distributed.Client(
        processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None
    )
    try:
        spread = ub.audit("xingan", *args, engine=dask_engine(client, "xingan", 3))
    finally:
        client.close()
    assert spread.findings.equals(local.findings)
