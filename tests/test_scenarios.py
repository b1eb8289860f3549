"""Auditor scenarios: the loader's errors, the partial matcher, the runner, the plugin."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from uibenefit import load_policy
from uibenefit.cli import main
from uibenefit.errors import InputError
from uibenefit.tools.scenarios import Runner, load_scenarios, match, same

REPO = Path(__file__).resolve().parent.parent
LIBRARY = REPO / "scenarios"

# A man in Ulanhot (152201, tier 3 in 2020: 1560), 168 months, claim 2020-04-10:
# 24 months (SIL-46), months 1–12 at 1560 × 80% = 1248.00, 13–24 at 1560 × 70% = 1092.00.
PERSON = """\
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
"""


def scenario(tmp_path: Path, body: str, name: str = "cases.yaml", policy: str = "xingan") -> Path:
    """Write a scenario file: `body` is the cases, indented as list items under `cases:`."""
    path = tmp_path / name
    path.write_text(f"policy: {policy}\ncases:\n{textwrap.dedent(body)}", encoding="utf-8")
    return path


def case(expect: str, name: str = "A worker with 14 years gets 24 months", extra: str = "") -> str:
    """One case for PERSON with the given `expect:` body (indented 6)."""
    return f"  - name: {name}\n{extra}{PERSON}    expect:\n{textwrap.indent(expect, '      ')}"


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line containing `text`."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return n
    raise AssertionError(f"{text!r} not in {path}")


def run_cli(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run `uibenefit ARGS` in-process; returns (exit code, stdout)."""
    code = main(list(args))
    return code, capsys.readouterr().out


# ------------------------------------------------------------------------------ the loader


def test_unknown_case_key_names_file_line_and_suggestion(tmp_path: Path) -> None:
    """A misspelt `expect` is refused at its own line with 'did you mean'."""
    path = scenario(
        tmp_path, case("entitlement: {regular_months: 24}\n").replace("expect:", "expct:")
    )
    with pytest.raises(InputError) as info:
        load_scenarios(path)
    assert info.value.line == line_of(path, "expct:")
    assert str(info.value) == (
        f"{path}:{info.value.line}: expct: unknown key 'expct' in a case. Did you mean 'expect'?"
    )


def test_unknown_top_level_key(tmp_path: Path) -> None:
    """An unknown key at the top of the file is refused with the keys allowed."""
    path = scenario(tmp_path, case("eligibility: {eligible: true}\n"))
    path.write_text("polcy: xingan\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match=r":1: polcy: unknown key 'polcy' .*'policy'"):
        load_scenarios(path)


def test_unknown_expect_key_is_checked_against_the_result_records(tmp_path: Path) -> None:
    """`regular_month` is not an Entitlement field: refused before anything runs."""
    path = scenario(tmp_path, case("entitlement: {regular_month: 24}\n"))
    with pytest.raises(InputError) as info:
        load_scenarios(path)
    assert info.value.line == line_of(path, "regular_month:")
    assert "unknown key 'regular_month' in Entitlement. Did you mean 'regular_months'?" in str(
        info.value
    )


def test_expect_value_of_the_wrong_kind(tmp_path: Path) -> None:
    """A quoted month count can never equal an int: the loader says what it expected."""
    path = scenario(tmp_path, case('entitlement: {regular_months: "24"}\n'))
    with pytest.raises(InputError) as info:
        load_scenarios(path)
    assert info.value.field == "expect.entitlement.regular_months"
    assert "expected a whole number, got '24'" in str(info.value)


def test_bad_person_field_names_the_field_and_line(tmp_path: Path) -> None:
    """`sex: mael` is refused as the Claimant would refuse it, at the person's line."""
    path = scenario(tmp_path, case("eligibility: {eligible: true}\n").replace("male", "mael", 1))
    with pytest.raises(InputError) as info:
        load_scenarios(path)
    assert info.value.field == "sex"
    assert info.value.line == line_of(path, "sex: mael")
    assert "Did you mean 'male'?" in str(info.value)


def test_unknown_clause_id_is_refused_against_the_policy(tmp_path: Path) -> None:
    """`clauses: [SIL-64]` names no clause of xingan: refused with a suggestion."""
    body = case("eligibility: {eligible: true}\n", extra="    clauses: [SIL-46, SIL-64]\n")
    path = scenario(tmp_path, body)
    with pytest.raises(InputError) as info:
        Runner().load(path)
    assert info.value.line == line_of(path, "clauses:")
    assert "policy xingan has no clause 'SIL-64'" in str(info.value)


def test_missing_policy_file_is_refused_at_its_line(tmp_path: Path) -> None:
    """A policy path is relative to the scenario file; a missing one is an error there."""
    path = scenario(tmp_path, case("eligibility: {eligible: true}\n"), policy="reform.yaml")
    with pytest.raises(InputError, match=r"cases.yaml:1: policy: 'reform.yaml' is neither"):
        load_scenarios(path)


# ------------------------------------------------------------------------ partial matching


def test_mappings_match_key_by_key() -> None:
    """Keys left out of the expectation are not checked; a differing key is reported."""
    actual = {"a": 1, "b": {"c": "x", "d": True}}
    assert match({"b": {"c": "x"}}, actual) == []
    [m] = match({"b": {"d": False}}, actual)
    assert m.describe() == "b.d: expected false, got true"


def test_lists_match_in_full_or_by_position() -> None:
    """A list must match item by item; `{0: …, -1: …}` picks positions from either end."""
    actual = [{"i": 1, "x": "a"}, {"i": 2, "x": "b"}, {"i": 3, "x": "c"}]
    assert match([{"i": 1}, {"i": 2}, {"i": 3}], actual) == []
    [m] = match([{"i": 1}, {"i": 2}], actual)
    assert m.problem.startswith("expected 2 items, got 3")
    assert match({"0": {"x": "a"}, "-1": {"i": 3}}, actual) == []
    [m] = match({"5": {"i": 6}}, actual)
    assert m.describe() == "[5]: no item 5: the list has 3"


def test_list_items_picked_by_id_and_absence() -> None:
    """A non-numeric key picks the item with that id; `id: null` asserts there is none."""
    findings = [{"id": "contributions", "passed": True}, {"id": "no_pension", "passed": True}]
    assert match({"contributions": {"passed": True}, "late_claim": None}, findings) == []
    [m] = match({"no_pension": None}, findings)
    assert m.problem == "expected no item 'no_pension', found one"
    [m] = match({"late_claim": {"passed": None}}, findings)
    assert m.problem == "no item 'late_claim' (ids: contributions, no_pension)"


def test_money_by_value_from_numbers_and_by_text_from_strings() -> None:
    """1248, 1248.00 match "1248.00"; 1248.001 does not; a quoted "1248.0" is compared as text."""
    assert same(Decimal("1248.00"), "1248.00")
    assert same(1248, "1248.00")
    assert same(Decimal("0"), "0.00")
    assert not same(Decimal("1248.001"), "1248.00")
    assert same("1248.00", "1248.00")
    assert not same("1248.0", "1248.00")


def test_dates_bools_and_null_compare_strictly() -> None:
    """A date matches its ISO text; true is not 1; null matches only null."""
    assert same(dt.date(2022, 4, 9), "2022-04-09")
    assert not same(dt.date(2022, 4, 9), "2022-04-10")
    assert not same(1, True)
    assert not same(True, 1)
    assert same(None, None)
    assert not same(None, 0)
    assert not same(0, None)


# ------------------------------------------------------------------------------ the runner


def test_hand_computed_case_passes(tmp_path: Path) -> None:
    """168 months → 24 (IMM-DURATION), end 2020-04-10 + 24 months − 1 day = 2022-04-09;
    1248.00."""
    path = scenario(
        tmp_path,
        case(
            "entitlement: {regular_months: 24, end: 2022-04-09}\n"
            "schedule: {0: {amount: 1248.00}, -1: {amount: 1092.00, pay_by: 2022-03-31}}\n"
        ),
    )
    runner = Runner()
    [c] = runner.load(path).cases
    result = runner.run(c)
    assert result.passed, result.report()
    assert {"IMM-DURATION", "IMS-2017"} <= result.exercised


def test_wrong_expectation_in_a_copy_of_the_library_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Change month 1's 1248.00 to 1249.00 in a copy of amounts.yaml: file:line, values, why."""
    copy = tmp_path / "amounts.yaml"
    shutil.copy(LIBRARY / "amounts.yaml", copy)
    text = copy.read_text(encoding="utf-8")
    target = "0: {index: 1, amount: 1248.00,"
    assert text.count(target) == 1
    copy.write_text(text.replace(target, "0: {index: 1, amount: 1249.00,"), encoding="utf-8")
    code, out = run_cli("test", str(copy), capsys=capsys)
    assert code == 1
    case_line = line_of(copy, "gets 1248 yuan a month for a year")
    assert f"FAIL  | {copy}:{case_line}  In 2020 a worker in Ulanhot gets 1248 yuan" in out
    bad_line = line_of(copy, "amount: 1249.00")
    assert f'{copy}:{bad_line}: schedule[0].amount: expected 1249.00, got "1248.00"' in out
    assert "  explanation:\n    Unemployment insurance benefit decision" in out
    assert "1 failed" in out


def test_the_same_failure_under_pytest_reads_the_same_without_traceback(tmp_path: Path) -> None:
    """The plugin collects the file, names the item by the case and prints the CLI's report."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    path = scenario(folder, case("entitlement: {regular_months: 18}\n"))
    (folder / "not_a_scenario.yaml").write_text("format: 1\nlayer: x\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rN", str(folder)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    out = proc.stdout
    assert proc.returncode == 1, out
    assert "collected 1 item" in out
    line = line_of(path, "regular_months: 18")
    assert f"{path}:{line}: entitlement.regular_months: expected 18, got 24" in out
    assert "explanation:" in out
    assert "Traceback" not in out and "raise ScenarioFailure" not in out


def test_bad_scenario_file_is_a_clean_collection_error(tmp_path: Path) -> None:
    """A file with an unknown top-level key fails collection with the loader's message; a case
    with an unknown key is one failed item; neither shows a traceback."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    bad_file = scenario(folder, case("entitlement: {regular_months: 24}\n"), name="file.yaml")
    bad_file.write_text("polcy: xingan\n" + bad_file.read_text(encoding="utf-8").split("\n", 1)[1])
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", str(bad_file)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2, proc.stdout
    assert f"{bad_file}:1: " in proc.stdout and "Did you mean 'policy'?" in proc.stdout
    assert "Traceback" not in proc.stdout
    path = scenario(folder, case("entitlement: {regular_month: 24}\n"))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", str(path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stdout
    assert "1 failed" in proc.stdout
    assert f"{path}:{line_of(path, 'regular_month:')}: " in proc.stdout
    assert "Did you mean 'regular_months'?" in proc.stdout
    assert "Traceback" not in proc.stdout


def test_junit_xml_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One testsuite per file, one testcase per case, the failure's report as its text."""
    path = scenario(
        tmp_path,
        case("entitlement: {regular_months: 24}\n", name="Right")
        + case("entitlement: {regular_months: 12}\n", name="Wrong"),
    )
    report = tmp_path / "out" / "junit.xml"
    report.parent.mkdir()
    code, _ = run_cli("test", str(path), "--junit-xml", str(report), capsys=capsys)
    assert code == 1
    root = ET.parse(report).getroot()
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", "1", "0")
    [suite] = root.findall("testsuite")
    cases = {tc.get("name"): tc for tc in suite.findall("testcase")}
    assert set(cases) == {"Right", "Wrong"}
    assert cases["Right"].find("failure") is None
    failure = cases["Wrong"].find("failure")
    assert failure is not None
    assert failure.get("message") == "entitlement.regular_months: expected 12, got 24"
    assert cases["Wrong"].get("line") == str(line_of(path, "name: Wrong"))


# ------------------------------------------------------------------------------- what-if


def test_what_if_policy_reports_the_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reform capping benefit at 12 months: 24 → 12 months, months 13–24 gone, totals fall."""
    reform = tmp_path / "reform.yaml"
    reform.write_text(
        textwrap.dedent(
            """\
            format: 1
            layer: reform
            extends: xingan
            document:
              number: 试算〔2025〕1号
              title: What if benefit lasted at most 12 months
              issuer: an analyst
              issued: 2025-01-01
            parameters:
              - id: regular_months_cap
                change: override
                clause: SIL-46
                description: At most 12 months in all.
                values:
                  - {from: 2011-07-01, value: 12}
            """
        ),
        encoding="utf-8",
    )
    path = scenario(
        tmp_path,
        case("entitlement: {regular_months: 24}\n", name="Long")
        + case(
            "entitlement: {regular_months: 8}\n",  # 3 full years: 8 months (IMM-DURATION)
            name="Short",
        ).replace("contribution_months: 168", "contribution_months: 36"),
    )
    code, out = run_cli("test", str(path), "--policy", str(reform), capsys=capsys)
    assert code == 0, out
    # 12 × 1248 = 14976.00 remains of 12 × 1248 + 12 × 1092 = 28080.00.
    assert "pass  | CHANGED | " in out and "Long" in out
    assert "entitlement.regular_months: 24 → 12" in out
    assert 'totals.paid_monthly: "28080.00" → "14976.00"' in out
    assert "schedule.amount months 13–24: " in out
    assert re.search(r"pass  \| same    \| \S+  Short", out)
    assert f"under {reform}: 1 of 2 case(s) change" in out


# ------------------------------------------------------------------------------ coverage


def test_coverage_lists_cases_per_clause_and_the_uncovered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Declared clauses and cited ones count; a clause no case touches is listed as uncovered."""
    path = scenario(tmp_path, case("eligibility: {eligible: true}\n", extra="    clauses: [N8]\n"))
    code, out = run_cli("test", str(path), "--coverage", capsys=capsys)
    assert code == 0
    assert re.search(r"^  N8 +national +1 case: cases.yaml \(1\)$", out, re.M)
    assert re.search(r"^  IMM-DURATION +inner_mongolia +1 case: cases.yaml \(1\)$", out, re.M)
    assert re.search(r"^  UIR-15 +national +UNCOVERED$", out, re.M)
    assert "computable clauses exercised; uncovered: " in out
    code, _ = run_cli("test", str(path), "--fail-uncovered", "-q", capsys=capsys)
    assert code == 1


def test_the_library_covers_every_computable_clause(capsys: pytest.CaptureFixture[str]) -> None:
    """`make test`'s gate: every case of scenarios/ passes and no computable clause is left."""
    code, out = run_cli("test", str(LIBRARY), "--fail-uncovered", "-q", capsys=capsys)
    assert code == 0, out
    assert re.search(r"coverage: (\d+) of \1 computable clauses exercised\n$", out)


def test_every_computable_clause_is_asserted_not_only_cited() -> None:
    """Coverage counts a clause when a decision cites it; this is stricter: each computable
    clause of the bundled policies is named in some case's `clauses:` or cited inside some
    case's `expect:`, so a case checks its effect (auditors.md: coverage is a weak measure)."""
    named: set[str] = set()
    for path in sorted(LIBRARY.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")).get("cases", []):
            named |= set(case.get("clauses") or [])
            expect = json.dumps(case.get("expect", {}), default=str)
            named |= set(re.findall(r'"clause": "([A-Za-z0-9-]+)"', expect))
    computed = {
        cid
        for name in ("national", "inner_mongolia", "xingan")
        for cid, e in load_policy(name).resolved.sections["clauses"].items()
        if getattr(e.item, "scope", None) == "computed"
    }
    assert sorted(computed - named) == []
