"""Every bad input a user can give names the file, line and field, and exits 1 (2 for usage).

Each case here was found by probing the command line and the API with bad input: before the
fix it was a traceback, a message without its file, line or field, or a wrong exit code.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import uibenefit as ub
from uibenefit.cli import main
from uibenefit.tools.scenarios import Runner
from uibenefit.values.person_file import field_path, load_person

# line numbers below are those of this text
PERSON = """\
birth_date: 1968-07-15
sex: male
position: worker
insured_as: employee
contribution_months: 168
separation_date: 2020-03-31
separation_reason: contract_expired
application_date: 2020-04-10
insured_area: "152201"
events:
  - kind: reemployed
    on: 2020-11-20
"""


def person_file(tmp_path: Path, old: str = "", new: str = "", text: str | None = None) -> Path:
    """PERSON with one piece of text replaced, written to a file."""
    body = PERSON if text is None else text
    if old:
        assert old in body
        body = body.replace(old, new)
    path = tmp_path / "person.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def bad_person(path: Path) -> ub.InputError:
    """The InputError reading `path` raises."""
    with pytest.raises(ub.InputError) as info:
        load_person(path)
    return info.value


def evaluate(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `uibenefit evaluate ARGV`: exit code, stdout, stderr."""
    code = main(["evaluate", *argv])
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ person files: values


def test_an_impossible_date_names_its_field(tmp_path: Path) -> None:
    """`birth_date: 2020-02-30` is refused at line 1 naming birth_date (was: no field)."""
    e = bad_person(person_file(tmp_path, "1968-07-15", "2020-02-30"))
    assert (e.path, e.line, e.field) == (str(tmp_path / "person.yaml"), 1, "birth_date")
    assert str(e).startswith(f"{e.path}:1: birth_date: '2020-02-30' is not a valid date")


def test_a_date_time_names_its_field(tmp_path: Path) -> None:
    """`separation_date: 2020-03-31 10:00:00` is refused at line 6 naming separation_date."""
    e = bad_person(person_file(tmp_path, "2020-03-31", "2020-03-31 10:00:00"))
    assert (e.line, e.field) == (6, "separation_date")
    assert "is a date-time; write a date as YYYY-MM-DD" in str(e)


def test_a_fraction_is_shown_as_written(tmp_path: Path) -> None:
    """`contribution_months: 168.5` says 'got 168.5', not Python's Decimal('168.5')."""
    e = bad_person(person_file(tmp_path, "168", "168.5"))
    assert (e.line, e.field) == (5, "contribution_months")
    assert str(e).endswith("contribution_months: expected a whole number, got 168.5")


def test_an_empty_value_says_nothing_not_none(tmp_path: Path) -> None:
    """`sex:` with no value is 'nothing (empty or null)', not Python's None."""
    e = bad_person(person_file(tmp_path, "sex: male", "sex:"))
    assert (e.line, e.field) == (2, "sex")
    assert "sex: nothing (empty or null) is not one of male, female" in str(e)


def test_a_quoted_boolean_is_told_to_drop_the_quotes(tmp_path: Path) -> None:
    """`receiving_pension: "true"` (text) at line 10 asks for true without quotes."""
    e = bad_person(person_file(tmp_path, "events:", 'receiving_pension: "true"\nevents:'))
    assert (e.line, e.field) == (10, "receiving_pension")
    assert "expected true or false (unquoted), got 'true'" in str(e)


def test_an_unquoted_area_code_is_read_as_text(tmp_path: Path) -> None:
    """`insured_area: 152201` (a YAML number) is the code '152201': six digits lose nothing."""
    pf = load_person(person_file(tmp_path, '"152201"', "152201"))
    assert pf.person.insured_area == "152201"


def test_a_five_digit_area_code_is_refused_at_its_line(tmp_path: Path) -> None:
    """`insured_area: 15220` (a number, 5 digits) is refused at line 9 naming insured_area."""
    e = bad_person(person_file(tmp_path, '"152201"', "15220"))
    assert (e.line, e.field) == (9, "insured_area")
    assert "got the number 15220: write the code as text" in str(e)


def test_an_area_code_given_as_a_number_in_python_says_write_text() -> None:
    """In the API the code stays text; a number is refused with a message saying so."""
    with pytest.raises(ub.InputError) as info:
        ub.Claimant(
            birth_date=dt.date(1968, 7, 15),
            sex="male",
            position="worker",
            insured_as="employee",
            contribution_months=168,
            separation_date=dt.date(2020, 3, 31),
            separation_reason="contract_expired",
            application_date=dt.date(2020, 4, 10),
            insured_area=152201,  # type: ignore[arg-type]
        )
    assert info.value.field == "insured_area"
    assert "got the number 152201: write the code as text" in str(info.value)


# ------------------------------------------------------------------ person files: shape


def test_an_empty_file_says_it_is_empty(tmp_path: Path) -> None:
    """An empty person file is refused at line 1 saying the file is empty."""
    e = bad_person(person_file(tmp_path, text=""))
    assert e.line == 1
    assert "got nothing (the file is empty)" in str(e)


def test_events_that_are_a_number_are_refused(tmp_path: Path) -> None:
    """`events: 0` was read as no events; it is refused at line 10 naming events."""
    text = PERSON.split("events:")[0] + "events: 0\n"
    e = bad_person(person_file(tmp_path, text=text))
    assert (e.line, e.field) == (10, "events")


def test_an_event_that_is_not_a_mapping_says_an_event(tmp_path: Path) -> None:
    """`- reemployed` at line 11 is 'an event is a mapping', with what was written."""
    text = PERSON.replace("  - kind: reemployed\n    on: 2020-11-20\n", "  - reemployed\n")
    e = bad_person(person_file(tmp_path, text=text))
    assert e.line == 11
    assert "an event is a mapping of fields, got 'reemployed'" in str(e)


def test_an_event_without_on_names_on(tmp_path: Path) -> None:
    """An event with `at:` for `on:`: 'unknown field … for an event' at line 12, field at."""
    e = bad_person(person_file(tmp_path, "    on:", "    at:"))
    assert (e.line, e.field) == (12, "at")
    assert "unknown field 'at' for an event" in str(e)
    e = bad_person(person_file(tmp_path, "    on: 2020-11-20\n", ""))
    assert (e.line, e.field) == (11, "on")
    assert "missing required field 'on'" in str(e)


# ------------------------------------------------------------------ found while evaluating


def test_an_area_without_a_tier_names_the_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """110101 (Beijing) has no Inner Mongolia tier: exit 1 at person.yaml:9 insured_area."""
    path = person_file(tmp_path, "152201", "110101")
    code, out, err = evaluate(capsys, str(path))
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {path}:9: insured_area: area 110101 has no minimum wage tier")


def test_a_deadline_past_the_calendar_names_the_year_and_the_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Separation 2026-12-28: the employer's working-day deadline falls in 2027, not covered.

    The decision still stands (eligibility, months, amounts); the paperwork is left out with a
    warning that names the missing year and the deadline, never a guessed date.
    """
    text = PERSON.replace("2020-03-31", "2026-12-28").replace("2020-04-10", "2026-12-29")
    path = person_file(tmp_path, text=text.split("events:")[0])
    code, out, err = evaluate(capsys, str(path))
    assert (code, err) == (0, "")
    assert "是否符合:  符合（4 项条件均符合）" in out
    flat = " ".join(out.split())  # the explanation wraps at 100 columns
    assert "paperwork not given: separation_date: no working-day schedule for 2027" in flat
    assert "of the separation date, 2026-12-28)" in flat
    assert "办理事项" not in out


def test_a_date_before_the_policy_names_the_application_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 1990 claim is before the benefit rules the policy holds: exit 1 at line 8."""
    text = PERSON.replace("2020-03-31", "1990-01-01").replace("2020-04-10", "1990-01-02")
    path = person_file(tmp_path, text=text.split("events:")[0])
    code, _, err = evaluate(capsys, str(path))
    assert code == 1
    assert err.startswith(f"error: {path}:8: application_date: 1990-01-02 is outside")


def test_a_bad_as_of_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--as-of 2021-13-01` and `--as-of 1800-01-01` exit 2 like any bad option value."""
    path = person_file(tmp_path)
    for value, said in [
        ("2021-13-01", "expected a date YYYY-MM-DD, got '2021-13-01'"),
        ("1800-01-01", "1800-01-01 is outside 1900–2100"),
    ]:
        with pytest.raises(SystemExit) as info:
            main(["evaluate", str(path), "--as-of", value])
        assert info.value.code == 2
        assert f"argument --as-of: {said}" in capsys.readouterr().err


def test_json_output_is_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--format json` prints one JSON document with the person's 24 months (168 ≥ 120, SIL-46)."""
    code, out, _ = evaluate(capsys, str(person_file(tmp_path)), "--format", "json")
    assert code == 0
    assert json.loads(out)["entitlement"]["regular_months"] == 24


# ------------------------------------------------------------------ other commands


def test_docs_into_a_file_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`docs -o FILE` exits 1 naming the file (was: a crash, exit 3)."""
    target = person_file(tmp_path)
    assert main(["docs", "national", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err == f"error: {target}: is a file; -o names the folder for the pages\n"


def test_docs_check_says_missing_pages_are_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`docs --check` on an empty folder lists each page as missing, not out of date."""
    assert main(["docs", "national", "-o", str(tmp_path), "--check"]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path.as_posix()}/national.md: missing (run `make docs`)" in out
    assert "out of date" not in out


def test_junit_report_into_a_new_folder_creates_it(tmp_path: Path) -> None:
    """`test --junit-xml reports/x.xml` creates reports/, as `docs -o` does its folder."""
    scenario = tmp_path / "s.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    report = tmp_path / "reports" / "x.xml"
    assert main(["test", str(scenario), "--junit-xml", str(report), "-q"]) == 0
    assert report.read_text(encoding="utf-8").startswith("<?xml")


def test_an_unwritable_junit_report_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A report path under a file, not a folder: exit 1 naming the report (never exit 3)."""
    scenario = tmp_path / "s.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    report = tmp_path / "afile" / "x.xml"
    assert main(["test", str(scenario), "--junit-xml", str(report), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {report}: cannot write the JUnit report")


# ------------------------------------------------------------------ scenario files

SCENARIO = """\
policy: xingan
cases:
  - name: A worker whose contract expired gets 24 months
    as_of: 2021-06-30
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
      entitlement: {regular_months: 24}
"""


def test_a_scenario_with_an_impossible_date_names_the_field(tmp_path: Path) -> None:
    """`as_of: 2021-06-31` is refused at line 4 naming cases[0].as_of (was: no field)."""
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO.replace("2021-06-30", "2021-06-31"), encoding="utf-8")
    with pytest.raises(ub.InputError) as info:
        Runner().load(path)
    e = info.value
    assert (e.path, e.line, e.field) == (str(path), 4, "cases[0].as_of")


def test_a_scenario_error_found_while_evaluating_names_the_line(tmp_path: Path) -> None:
    """A case whose area has no tier fails with the line of its insured_area (14)."""
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO.replace("152201", "110101"), encoding="utf-8")
    runner = Runner()
    (case,) = runner.load(path).cases
    result = runner.run(case)
    assert result.error is not None and not result.bug
    assert result.error.startswith(f"{path}:14: insured_area: area 110101 has no minimum wage")


def test_a_field_the_case_leaves_out_is_placed_at_its_person(tmp_path: Path) -> None:
    """A field the case leaves out is reported at `person:` (line 5), naming the field."""
    path = tmp_path / "s.yaml"
    text = SCENARIO.replace("      application_date: 2020-04-10\n", "")
    path.write_text(text, encoding="utf-8")
    runner = Runner()
    with pytest.raises(ub.InputError) as caught:
        runner.load(path)
    assert str(caught.value).startswith(
        f"{path}:5: application_date: missing required field 'application_date'"
    )


def test_field_paths_read_as_yaml_paths() -> None:
    """An error's field `events[1].kind` is the path ('events', 1, 'kind') in the file."""
    assert field_path("events[1].kind") == ("events", 1, "kind")
    assert field_path("insured_area") == ("insured_area",)


# ------------------------------------------------------------------ the API


def test_load_policy_says_what_a_policy_is() -> None:
    """None, an int, a bytes name are PolicyErrors saying what a spec is (was: 'None' …)."""
    for spec in (None, 3, b"xingan"):
        with pytest.raises(ub.PolicyError, match="a policy is a bundled name"):
            ub.load_policy(spec)  # type: ignore[arg-type]


def test_load_policy_suggests_the_bundled_name() -> None:
    """'Xingan' and ' xingan' suggest 'xingan'."""
    for spec in ("Xingan", " xingan"):
        with pytest.raises(ub.PolicyError, match="did you mean 'xingan'"):
            ub.load_policy(spec)


def test_load_policy_of_a_folder_says_folder(tmp_path: Path) -> None:
    """A folder, even one named like a file, is 'a folder' (was: 'no such policy file')."""
    folder = tmp_path / "reform.yaml"
    folder.mkdir()
    for spec in (tmp_path, folder, str(folder)):
        with pytest.raises(ub.PolicyError) as info:
            ub.load_policy(spec)
        assert str(info.value).endswith("is a folder; name a policy .yaml file in it")


def test_value_on_a_text_date_is_an_input_error() -> None:
    """`policy.value(pid, '2020-01-01')` is an InputError on `on` (was: a bare TypeError)."""
    policy = ub.load_policy("xingan")
    with pytest.raises(ub.InputError) as info:
        policy.value("benefit_start", "2020-01-01")  # type: ignore[arg-type]
    assert info.value.field == "on"


def test_a_negative_month_count_in_a_policy_is_refused(tmp_path: Path) -> None:
    """`regular_months_cap: -5` was loaded and gave '-5 months'; it is refused at its line."""
    path = tmp_path / "reform.yaml"
    path.write_text(
        "format: 1\n"
        "layer: reform\n"
        "extends: xingan\n"
        "document: {number: 测试〔2021〕1号, title: 测试, issuer: 测试机关, issued: 2021-01-01}\n"
        "parameters:\n"
        "  - id: regular_months_cap\n"
        "    change: override\n"
        "    clause: N4b\n"
        "    description: A typo.\n"
        "    values:\n"
        "      - {from: 2021-01-01, value: -5}\n",
        encoding="utf-8",
    )
    with pytest.raises(ub.PolicyError) as info:
        ub.load_policy(path)
    e = info.value
    assert (e.path, e.line, e.yaml_path) == (str(path), 11, "parameters[0].values[0].value")
    assert "must be at least 0, got -5" in str(e)
