"""The command line for programs and people: JSON everywhere (with a format_version), errors as
JSON, --version, help with examples, shell completion, input from a pipe, `test -k`, malformed
cases that fail alone, scenario files found by a marker, and an impact view that counts only
what a what-if changes."""

from __future__ import annotations

import argparse
import io
import json
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import uibenefit as ub
from uibenefit.cli import completion, main, parser
from uibenefit.tools.scenarios import load_scenarios

REPO = Path(__file__).resolve().parent.parent
PERSON = (REPO / "examples" / "person.yaml").read_text(encoding="utf-8")
CASE = """\
  - name: {name}
    person:
      birth_date: 1968-07-15
      sex: male
      position: worker
      insured_as: employee
      contribution_months: {months}
      separation_date: 2020-03-31
      separation_reason: contract_expired
      application_date: 2020-04-10
      insured_area: "152201"
    expect:
      entitlement: {{regular_months: {regular}}}
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def cli(*argv: str, stdin: str | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "uibenefit", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def scenarios(folder: Path, *cases: str, policy: str = "xingan", head: str = "") -> Path:
    path = folder / "cases.yaml"
    path.write_text(f"{head}policy: {policy}\ncases:\n" + "".join(cases), encoding="utf-8")
    return path


# -------------------------------------------------------------------------------- JSON


@pytest.mark.parametrize(
    ("argv", "keys"),
    [
        (["check", "xingan"], {"ok", "policies"}),
        (["show", "xingan", "--as-of", "2021-01-01"], {"policy", "layers", "as_of", "sections"}),
        (["schema"], {"policy_format", "schema"}),
        (["test", "scenarios/amounts.yaml", "-k", "Ulanhot"], {"summary", "cases", "what_if"}),
    ],
)
def test_every_command_speaks_versioned_json(
    argv: list[str],
    keys: set[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """check, show, schema and test print one JSON document with format_version 1."""
    monkeypatch.chdir(REPO)
    code, out, _ = run(capsys, *argv, "--format", "json")
    data = json.loads(out)
    assert data["format_version"] == 1
    assert keys <= data.keys()
    assert code in (0, 1)


def test_json_shapes_hold_what_the_text_says(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """check lists problems and readings; show gives provenance and dated values."""
    monkeypatch.chdir(REPO)
    _, out, _ = run(capsys, "check", "xingan", "--format", "json")
    (report,) = json.loads(out)["policies"]
    assert report["layers"] == ["national", "inner_mongolia", "xingan"]
    assert {p["code"] for p in report["problems"]} >= {"forbidden-required"}
    assert [r["id"] for r in report["readings"]][:2] == ["G1", "G2"]
    _, out, _ = run(capsys, "show", "xingan", "--as-of", "2021-01-01", "--format", "json")
    params = {p["id"]: p for p in json.loads(out)["sections"]["parameters"]}
    (value,) = params["continuation_threshold_months"]["values"]
    assert value["value"] == 12 and value["from"] <= "2021-01-01"
    assert params["continuation_threshold_months"]["set_by"]["layer"] == "national"


def test_errors_under_json_are_json_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad person file: exit 1, nothing on stdout, the InputError's fields on stderr."""
    bad = tmp_path / "person.yaml"
    bad.write_text(PERSON.replace("sex: male", "sex: man"), encoding="utf-8")
    code, out, err = run(capsys, "evaluate", str(bad), "--format", "json")
    assert (code, out) == (1, "")
    doc = json.loads(err)
    assert doc["format_version"] == 1
    with pytest.raises(ub.InputError) as caught:
        ub.load_person(bad)
    exc = caught.value
    assert doc["error"] == {
        "type": "InputError",
        "message": str(exc),
        "detail": exc.detail,
        "field": "sex",
        "path": str(bad),
        "line": exc.line,
        "message_zh": exc.message_zh,
        "problems": [
            {
                "field": "sex",
                "path": str(bad),
                "line": exc.line,
                "column": None,
                "message": exc.problems[0].message,
                "message_zh": exc.problems[0].message_zh,
            }
        ],
    }
    assert "不是可选值之一" in doc["error"]["message_zh"]
    code, _, err = run(capsys, "show", "nowhere", "--format", "json")
    error = json.loads(err)["error"]
    assert (
        code == 1
        and error["type"] == "PolicyError"
        and "neither a bundled policy" in error["message"]
    )
    assert {"path", "line", "column", "yaml_path"} <= error.keys()
    code, _, err = run(capsys, "show", "nowhere")
    assert err.startswith("error: ")


def test_decision_json_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    """evaluate --format json is Decision.to_dict() (format_version 2, origin); --version."""
    code, out, _ = run(capsys, "evaluate", str(REPO / "examples/person.yaml"), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["format_version"] == 2
    assert data["origin"]["engine_version"] == ub.__version__
    assert len(data["origin"]["policy_files"][0]["sha256"]) == 64
    assert ub.Decision.from_dict(data).to_dict() == data
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"uibenefit {ub.__version__}\n"


# -------------------------------------------------------------------------------- help


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    root = parser()
    (subs,) = [a for a in root._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(subs.choices)


def test_every_option_has_help_and_every_command_two_examples() -> None:
    """No option without help text; each --help ends with two examples of that command."""
    for name, p in {"": parser(), **_subparsers()}.items():
        for action in p._actions:
            if not isinstance(action, argparse._SubParsersAction):
                assert action.help, f"{name or 'uibenefit'} {action.option_strings or action.dest}"
        text = p.format_help().rstrip("\n").splitlines()
        assert text[-3] == "examples:", (name, text[-3:])
        for line in text[-2:]:
            assert line.startswith(f"  uibenefit {name}".rstrip()) or "$(uibenefit" in line, line


def _examples() -> list[tuple[str, list[str]]]:
    found = []
    for name, p in _subparsers().items():
        for line in (p.epilog or "").splitlines()[1:]:
            command = line.split("#")[0].strip()
            if command.startswith("uibenefit "):
                found.append((name, shlex.split(command.split(" > ")[0].split(" < ")[0])[1:]))
    return found


def test_the_examples_are_real(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every example in the help parses; those of the commands that answer and exit (not a
    server, not a long batch) run from the repository without a user error."""
    monkeypatch.chdir(REPO)
    quick = {"evaluate", "check", "show", "schema", "docs", "test", "completion"}
    # the docs examples write, then check, pages in a scratch folder
    for name, argv in sorted(_examples(), key=lambda e: "--check" in e[1]):
        args = parser().parse_args(argv)
        assert args.command == name
        if name not in quick:
            continue
        if name == "docs":
            i = argv.index("-o") + 1
            argv = [*argv[:i], str(tmp_path / "pages"), *argv[i + 1 :]]
        if "-" in argv:
            monkeypatch.setattr(sys, "stdin", io.StringIO(PERSON))
        code = main(argv)
        capsys.readouterr()
        if name == "test":
            assert code in (0, 1), argv  # the library's own state decides pass or fail
        else:
            assert code == 0, argv


# -------------------------------------------------------------------------- completion


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["uibenefit", "ev"], {"evaluate"}),
        (["uibenefit", "evaluate", "--la"], {"--lang"}),
        (["uibenefit", "evaluate", "x.yaml", "--lang", ""], {"zh", "en"}),
        (["uibenefit", "show", "xin"], {"xingan"}),
        (["uibenefit", "test", "--format", "j"], {"json"}),
        (["uibenefit", "completion", "z"], {"zsh"}),
        (["uibenefit", "evaluate", "--as-of", ""], set()),  # a date is typed, not a file
        (["uibenefit", "check", "inner"], {"inner_mongolia"}),
    ],
)
def test_bash_completion_completes(words: list[str], expected: set[str], tmp_path: Path) -> None:
    """The bash script, sourced, offers subcommands, options and their values."""
    script = tmp_path / "uibenefit.bash"
    script.write_text(completion.bash(parser()), encoding="utf-8")
    probe = (
        f"source {shlex.quote(str(script))}\n"
        f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)})\n"
        f"COMP_CWORD={len(words) - 1}\n"
        "_uibenefit\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert set(done.stdout.split()) == expected, done.stdout + done.stderr


def test_zsh_completion_names_every_command_and_option(capsys: pytest.CaptureFixture[str]) -> None:
    """`uibenefit completion zsh` is a #compdef script with each subcommand and its options."""
    code, out, _ = run(capsys, "completion", "zsh")
    assert code == 0 and out.startswith("#compdef uibenefit\n")
    for name, p in _subparsers().items():
        assert f"'{name}:" in out and f"{name}) _arguments" in out
        for action in p._actions:
            for option in action.option_strings:
                assert option in out, (name, option)
    assert (
        "--lang'[language of the decision (default\\: zh) and of errors (default\\: en)]"
        ":lang:(zh en)'" in out
    )
    if shutil.which("zsh"):
        assert subprocess.run(["zsh", "-n"], input=out, text=True, check=False).returncode == 0


# -------------------------------------------------------------------------------- pipes


@pytest.mark.parametrize("form", ["yaml", "json", "json with date:"])
def test_evaluate_reads_standard_input(form: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`uibenefit evaluate -` reads the person from a pipe, YAML or JSON, `on:` or `date:`."""
    text = PERSON
    if form != "yaml":
        person = ub.load_person(REPO / "examples/person.yaml")
        key = "date" if "date" in form else "on"
        data = {**person.person.to_dict(), "events": [{"kind": "reemployed", key: "2020-11-20"}]}
        text = json.dumps(data)
    if form == "yaml":
        bad = cli("evaluate", "-", stdin=text.replace("male", "man"))
        assert bad.returncode == 1 and bad.stderr.startswith("error: <stdin>:5: sex: ")
    piped = cli("evaluate", "-", "--format", "json", stdin=text)
    assert piped.returncode == 0, piped.stderr
    _, direct, _ = run(capsys, "evaluate", str(REPO / "examples/person.yaml"), "--format", "json")
    assert json.loads(piped.stdout) == json.loads(direct)


# ----------------------------------------------------------------------------- scenarios


def test_k_selects_cases_and_a_malformed_case_fails_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-k runs the matching cases only; a case with a typo is one failure, the others run."""
    good = CASE.format(name="Fourteen years give 24 months", months=168, regular=24)
    short = CASE.format(name="Three years give 8 months", months=36, regular=8)
    typo = CASE.format(name="A typo in expect", months=168, regular=24).replace(
        "regular_months", "regular_month"
    )
    path = scenarios(tmp_path, good, typo, short)
    code, out, _ = run(capsys, "test", str(path))
    assert code == 1
    assert "2 passed, 1 failed" in out
    assert "unknown key 'regular_month'" in out and "Did you mean 'regular_months'?" in out
    code, out, _ = run(capsys, "test", str(path), "-k", "three YEARS")
    assert (code, out.count("pass  |")) == (0, 1) and "Three years" in out and "Fourteen" not in out
    code, out, _ = run(capsys, "test", str(path), "-k", "typo", "--format", "json")
    (only,) = json.loads(out)["cases"]
    assert only["status"] == "error" and "regular_month" in only["error"]


def test_the_plugin_finds_marked_files_anywhere_and_fails_bad_cases_alone(tmp_path: Path) -> None:
    """A file marked `uibenefit-scenarios: 1` in any folder is collected; a glob in the ini
    collects another; a malformed case is one failed item, its neighbours pass."""
    (tmp_path / "audit").mkdir()
    (tmp_path / "elsewhere").mkdir()
    good = CASE.format(name="Fourteen years give 24 months", months=168, regular=24)
    typo = CASE.format(name="A typo in expect", months=168, regular=24).replace(
        "regular_months", "regular_month"
    )
    scenarios(tmp_path / "audit", good, typo, head="uibenefit-scenarios: 1\n")
    globbed = tmp_path / "elsewhere" / "more.yaml"
    globbed.write_text(f"policy: xingan\ncases:\n{good}", encoding="utf-8")
    (tmp_path / "elsewhere" / "unmarked.yaml").write_text(
        f"policy: xingan\ncases:\n{good}", encoding="utf-8"
    )
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nuibenefit_scenarios =\n    elsewhere/more.yaml\n", encoding="utf-8"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rf"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    out = proc.stdout
    assert proc.returncode == 1, out
    assert "collected 3 items" in out
    assert "2 passed" in out and "1 failed" in out
    assert "unknown key 'regular_month'" in out and "Traceback" not in out


WHAT_IF = """\
format: 1
layer: {layer}
extends: xingan
document: {{number: 试算〔2025〕1号, title: a what-if, issuer: an analyst, issued: 2025-01-01}}
{body}"""


def test_the_impact_view_counts_only_what_the_what_if_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A what-if that changes nothing changes no case, also a national one; a 12-month cap
    changes the 24-month case only, and moves 12 × 1092.00 = 13104.00 less."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    long = CASE.format(name="Fourteen years give 24 months", months=168, regular=24)
    short = CASE.format(name="Three years give 8 months", months=36, regular=8)
    scenarios(tmp_path / "a", long, short)
    national = CASE.format(name="Under national law 24 months", months=168, regular=24)
    scenarios(tmp_path / "b", national, policy="national")
    noop = tmp_path / "noop.yaml"
    noop.write_text(WHAT_IF.format(layer="noop", body=""), encoding="utf-8")
    code, out, _ = run(
        capsys, "test", str(tmp_path / "a"), str(tmp_path / "b"), "--policy", str(noop)
    )
    assert code == 0, out
    assert f"under {noop}: 0 of 3 case(s) change" in out, out
    # a bundled policy is no layer to add: it replaces each case's own policy
    _, out, _ = run(capsys, "test", str(tmp_path / "b"), "--policy", "national")
    assert "under national: 0 of 1 case(s) change" in out, out
    cap = tmp_path / "cap.yaml"
    cap.write_text(
        WHAT_IF.format(
            layer="cap",
            body=textwrap.dedent(
                """\
                parameters:
                  - id: regular_months_cap
                    change: override
                    clause: SIL-46
                    description: At most 12 months in all.
                    values:
                      - {from: 2011-07-01, value: 12}
                """
            ),
        ),
        encoding="utf-8",
    )
    _, out, _ = run(capsys, "test", str(tmp_path / "a"), "--policy", str(cap), "--format", "json")
    data = json.loads(out)
    assert data["what_if"]["changed"] == 1
    assert data["what_if"]["money_moved"] == {
        "more": "0",
        "less": "-13104.00",
        "net": "-13104.00",
        "cases_unknown": 0,
    }
    (changed,) = [c for c in data["cases"] if c["what_if"]["changed"]]
    assert changed["name"] == "Fourteen years give 24 months"
    assert (changed["what_if"]["before"], changed["what_if"]["after"]) == ("28080.00", "14976.00")
    _, out, _ = run(capsys, "test", str(tmp_path / "a"), "--policy", str(cap), "-q")
    assert f"under {cap}: 1 of 2 case(s) change, moving -13104.00 yuan" in out


def test_the_marker_is_a_version(tmp_path: Path) -> None:
    """`uibenefit-scenarios:` takes 1, the format's version; anything else names its line."""
    good = CASE.format(name="Fourteen years give 24 months", months=168, regular=24)
    path = scenarios(tmp_path, good, head="uibenefit-scenarios: 2\n")
    with pytest.raises(ub.InputError) as caught:
        load_scenarios(path)
    assert (caught.value.line, caught.value.field) == (1, "uibenefit-scenarios")
    marked = scenarios(tmp_path, good, head="uibenefit-scenarios: 1\n")
    assert len(load_scenarios(marked).cases) == 1
