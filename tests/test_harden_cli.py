"""Issue 26: standard input read in bounded chunks, and no control character from a file
reaches the terminal, a JSON document or a JUnit report raw."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from uibenefit.cli import main

SRC = str(Path(__file__).resolve().parents[1] / "src")
PERSON = Path(__file__).resolve().parents[1] / "examples" / "person.yaml"


def _evaluate_stdin(stdin: int | bytes | None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": SRC}
    command = [sys.executable, "-m", "uibenefit", "evaluate", "-"]
    if isinstance(stdin, bytes):
        return subprocess.run(command, input=stdin, capture_output=True, env=env, timeout=120)
    return subprocess.run(command, stdin=stdin, capture_output=True, env=env, timeout=120)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_stdin_is_refused_at_the_limit() -> None:
    """`< /dev/zero` used to be read whole (1.9 GB) before the 2 MB check."""
    with open("/dev/zero", "rb") as zero:
        done = _evaluate_stdin(zero.fileno())
    assert done.returncode == 1
    assert b"more than 2000000 bytes on standard input is refused" in done.stderr


def test_stdin_that_is_not_utf8_is_a_located_error() -> None:
    done = _evaluate_stdin(b"birth_date: 1968-07-15\nsex: \xff\xfe\n")
    assert done.returncode == 1
    assert b"<stdin>:2: not UTF-8 text (byte 0xff)" in done.stderr


def test_closed_stdin_is_a_clear_error() -> None:
    done = _evaluate_stdin(subprocess.DEVNULL)
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    env = {**os.environ, "PYTHONPATH": SRC}
    closed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, runpy, sys; os.close(0); sys.stdin = None; "
            "sys.argv = ['uibenefit', 'evaluate', '-']; runpy.run_module('uibenefit', run_name='__main__')",
        ],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert closed.returncode == 1, closed.stderr
    assert b"standard input is closed" in closed.stderr


def test_a_person_on_stdin_is_still_evaluated() -> None:
    done = _evaluate_stdin(PERSON.read_bytes())
    assert done.returncode == 0, done.stderr


EVIL = "evil \\0 nul \\e[31m esc \\a bell \\u009b csi \\u202e rtl"

SCENARIO = """\
policy: xingan
cases:
  - name: "{name}"
    person:
      birth_date: 1968-07-15
      sex: male
      position: worker
      insured_as: employee
      contribution_months: 168
      separation_date: 2020-03-31
      separation_reason: contract_expired
      application_date: 2020-04-10
      insured_area: "152201"
    expect:
      eligibility: {{eligible: false}}
"""

RAW = ("\x00", "\x1b", "\x07", "\x9b", "\u202e")


def test_case_names_reach_no_output_raw(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text(SCENARIO.format(name=EVIL), "utf-8")
    junit = tmp_path / "report.xml"
    assert main(["test", str(path), "--junit-xml", str(junit)]) == 1
    text = capsys.readouterr().out
    assert "\\x1b[31m esc" in text
    assert not any(c in text for c in RAW)
    report = junit.read_text("utf-8")
    assert "\\x1b[31m" in report and not any(c in report for c in RAW)
    assert main(["test", str(path), "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert not any(c in out for c in RAW)
    name = json.loads(out)["cases"][0]["name"]
    assert name == "evil \x00 nul \x1b[31m esc \x07 bell \x9b csi \u202e rtl"  # data kept


def test_a_policy_text_with_escapes_reaches_the_terminal_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_analyst_yaml import write

    layer = write(
        tmp_path,
        """\
        eligibility:
          - id: seeking
            clause: SIL-45
            requires: {var: seeking_work, eq: true}
            passed: {zh: "\\e[2J\\a清屏", en: "\\e[2J\\aclears the screen"}
            failed: {zh: 否, en: no}
        """,
    )
    assert main(["evaluate", str(PERSON), "--policy", str(layer), "--lang", "en"]) in (0, 1)
    captured = capsys.readouterr()
    assert not any(c in captured.out + captured.err for c in RAW)
    assert "\\x1b[2J\\x07clears the screen" in captured.out + captured.err
