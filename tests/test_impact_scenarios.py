"""`uibenefit test --policy`: the scenario impact view labels its figures and says once why a
what-if does not apply to a layer (IM6's rate cannot be overridden on the national layer,
which has no such parameter)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from uibenefit.cli import main

ROOT = Path(__file__).resolve().parents[1]
NATIONAL = ROOT / "scenarios" / "national_layer.yaml"
CONTINUATION = ROOT / "scenarios" / "continuation.yaml"

RATE = """\
format: 1
layer: rate_beyond_24
extends: xingan
document: {number: what-if rate, title: 第25个月起按90%（假设）, issuer: test, issued: 2026-12-01}
parameters:
  - id: beyond_regular_months
    change: override
    clause: IM6
    values:
      - from: 2019-12-01
        value: {after_month: 24, rate: 0.90, base: pooling_area_minimum_wage}
      - {from: 2024-08-01, value: null}
"""


@pytest.fixture
def what_if(tmp_path: Path) -> Path:
    path = tmp_path / "rate.yaml"
    path.write_text(RATE, encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_the_reason_is_said_once(what_if: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "test", str(NATIONAL), str(CONTINUATION), "--policy", str(what_if))
    assert code == 0, out
    national_cases = sum(1 for line in out.splitlines() if "national_layer.yaml" in line)
    assert national_cases > 1
    assert sum(1 for line in out.splitlines() if "| n/a     |" in line) == national_cases
    reasons = [line for line in out.splitlines() if "cannot apply" in line]
    assert len(reasons) == 1, reasons
    assert reasons[0].startswith(
        f"n/a: {what_if} not applied to {national_cases} case(s) written for national"
    )
    assert "beyond_regular_months" in reasons[0]
    assert f"{national_cases} case(s) where it cannot be applied" in out


def test_money_is_labelled(what_if: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = _run(capsys, "test", str(CONTINUATION), "--policy", str(what_if), "--quiet")
    money = [line.strip() for line in out.splitlines() if "money paid:" in line]
    assert money and all(line.endswith(")") and "yuan (change +" in line for line in money)
    summary = out.strip().splitlines()[-1]
    assert "yuan in all (paid more: +" in summary and "paid less: " in summary


def test_json_gives_each_reason_once(what_if: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = _run(capsys, "test", str(NATIONAL), "--policy", str(what_if), "--format", "json")
    data = json.loads(out)["what_if"]
    (reason,) = data["not_applicable_reasons"]
    assert reason["policy"] == "national"
    assert reason["cases"] == data["not_applicable"] == data["of"]
