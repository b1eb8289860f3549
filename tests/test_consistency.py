"""`uibenefit check`: contradictions between and within layers, and the readings chosen.

Line numbers are looked up in the YAML files themselves, so the expected output names the
same file:line an analyst would open.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import uibenefit as ub
from uibenefit.cli import main
from uibenefit.tools.consistency import check_policy, readings

IM_READINGS = ["IM-beyond-24", "IM-beyond-24-early", "IM-duration", "IM-special-group-start"]
"""The Inner Mongolia readings of the region's 实施办法 (background-law §2, §3)."""

POLICIES = Path(__file__).resolve().parent.parent / "policies"


def line(path: Path, *needles: str) -> int:
    """The line of the last needle, each searched for after the line of the one before."""
    lines = path.read_text(encoding="utf-8").splitlines()
    at = 0
    for needle in needles:
        at = next(i for i in range(at, len(lines)) if needle in lines[i]) + 1
    return at


def nat(*needles: str) -> str:
    """`policies/national.yaml:N` for the needles."""
    return f"policies/national.yaml:{line(POLICIES / 'national.yaml', *needles)}"


def xin(*needles: str) -> str:
    """`policies/xingan.yaml:N` for the needles."""
    return f"policies/xingan.yaml:{line(POLICIES / 'xingan.yaml', *needles)}"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    """Run the command line; the exit code and the printed lines."""
    code = main(["check", *argv])
    return code, capsys.readouterr().out.splitlines()


REGION = """\
format: 1
layer: region
extends: national
document: {number: 测试〔2020〕1号, title: a test region, issuer: test, issued: 2020-06-01}
names_en: {document: a test region, r1_proof: termination proof, file_r2: file (R2), file_r3: file (R3)}
clauses:
  - id: R1
    scope: computed
    text: "携带解除劳动关系证明。"
    summary: Bring the termination proof.
  - id: R2
    scope: computed
    text: "5个工作日内报送。"
    summary: File within 5 working days.
  - id: R3
    scope: computed
    text: "5日内报送。"
    summary: File within 5 days.
  - id: R4
    scope: computed
    text: "职工凭身份证件申领。"
    summary: Employees claim with an ID.
readings:
  - id: G1
    clauses: [R1, N2c]
    question: R1 asks for what N2c forbids.
    chosen: The higher layer wins.
    conflict: true
claimant_documents:
  - id: id_or_card
    change: restate
    clause: R4
    name: 身份证件
    document: id_or_card
    when: {var: insured_as, eq: employee}
    description: Employees only.
  - id: r1_proof
    clause: R1
    name: 解除劳动关系证明
    document: termination_proof
    description: The termination proof.
employer_obligations:
  - id: file_r2
    clause: R2
    name: 报送
    act: file_form
    due: {count: 5, unit: working_days, after: separation_date}
    description: Within 5 working days.
  - id: file_r3
    clause: R3
    name: 报送
    act: file_form
    due: {count: 5, unit: days, after: separation_date}
    description: Within 5 days.
"""


def test_check_reports_a_small_chain_line_by_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """G1 between layers, G3 within one, an item restated differently, then the readings."""
    path = tmp_path / "region.yaml"
    path.write_text(REGION, encoding="utf-8")
    here = str(path)
    code, out = run(capsys, here)
    assert code == 0
    assert out[:5] == [
        f"{here}: national -> region: loaded; 0 error(s), 3 warning(s), 3 reading(s)",
        "  warning: [G1 forbidden-required] R1 (region) asks for termination proof "
        "(“解除劳动关系证明”, termination_proof), which N2c (national) forbids anyone to ask "
        "for; the claimant's "
        f"list follows the higher layer (R1, N2c) at {here}:{line(path, 'id: r1_proof')}; "
        f"{nat('id: termination_proof')}",
        "  warning: [two-deadlines] 'file_form' has 2 deadlines within region: within 5 "
        "working days of the separation date (R2) vs within 5 days of the separation date "
        "(R3); an employer is safe only with the earlier date; no reading documents this "
        f"conflict (R2, R3) at {here}:{line(path, 'id: file_r2')}; "
        f"{here}:{line(path, 'id: file_r3')}",
        "  warning: [restated-differently] claimant_documents 'id_or_card': region restates "
        "it with a different when; the higher layer (national) applies; no reading documents "
        f"this conflict (R4, N2a) at {here}:{line(path, 'claimant_documents:', 'id: id_or_card')}; "
        f"{nat('claimant_documents:', 'id: id_or_card')}",
        f"  reading G1 (conflict) [R1, N2c]: The higher layer wins. at {here}:"
        f"{line(path, 'id: G1')}",
    ]
    assert out[5].startswith("  reading G11 [N2b]: ")
    assert out[5].endswith(f"(parameters: standard_date) at {nat('id: G11')}")
    assert out[6].startswith(
        "  reading R-died [MEAS-10, SIL-49, UIR-20]: The month in which the death"
    )
    assert out[6].endswith(f"at {nat('id: R-died')}")
    # a policy of one's own ends with what its top layer changes, item by item
    assert out[7:] == [
        f"  change: add clauses 'R1' at {here}:{line(path, 'id: R1')}",
        f"  change: add clauses 'R2' at {here}:{line(path, 'id: R2')}",
        f"  change: add clauses 'R3' at {here}:{line(path, 'id: R3')}",
        f"  change: add clauses 'R4' at {here}:{line(path, 'id: R4')}",
        f"  change: add readings 'G1' at {here}:{line(path, 'id: G1')}",
        f"  change: restate claimant_documents 'id_or_card' at "
        f"{here}:{line(path, 'claimant_documents:', 'id: id_or_card')} (restates national "
        f"{nat('claimant_documents:', 'id: id_or_card')})",
        f"  change: add claimant_documents 'r1_proof' at {here}:{line(path, 'id: r1_proof')}",
        f"  change: add employer_obligations 'file_r2' at {here}:{line(path, 'id: file_r2')}",
        f"  change: add employer_obligations 'file_r3' at {here}:{line(path, 'id: file_r3')}",
    ]


def test_strict_turns_the_warnings_into_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--strict: the same three lines as errors, and exit code 1."""
    path = tmp_path / "region.yaml"
    path.write_text(REGION, encoding="utf-8")
    code, out = run(capsys, str(path), "--strict")
    assert code == 1
    assert out[0].endswith("loaded; 3 error(s), 0 warning(s), 3 reading(s)")
    assert [x.split("]")[0] for x in out[1:4]] == [
        "  error: [G1 forbidden-required",
        "  error: [two-deadlines",
        "  error: [restated-differently",
    ]


def test_bundled_xingan_conflicts(capsys: pytest.CaptureFixture[str]) -> None:
    """G1 (XC3 vs N2c, twice), G3 (X1b vs XA2, XE3) and G4 (IM2 vs the 2025 reform), located."""
    code, out = run(capsys, "xingan")
    assert code == 0
    g1 = (
        "  warning: [G1 forbidden-required] XC3 (xingan) asks for {name} (“{zh}”, {code}), "
        "which N2c "
        "(national) forbids anyone to ask for; the claimant's list follows the higher layer "
        "(XC3, N2c) at {lower}; {higher}"
    )
    expected = [
        g1.format(
            name="Proof of the end of the employment",
            zh="解除或终止劳动关系证明",
            code="termination_proof",
            lower=xin("id: xc3_termination_proof"),
            higher=nat("id: termination_proof"),
        ),
        g1.format(
            name="Household register",
            zh="户口本",
            code="other_proof",
            lower=xin("id: xc3_household_register"),
            higher=nat("id: other_proofs"),
        ),
        "  warning: [G3 two-deadlines] 'file_termination_form' has 2 deadlines within xingan: "
        "within 7 working days of the separation date (X1b) vs within 7 days of the "
        "separation date (XA2, XE3); an employer is safe only with the earlier date "
        f"(X1b, XA2, XE3) at {xin('id: file_form_x1b')}; {xin('id: file_form_xa2')}; "
        f"{xin('id: file_form_xe3')}",
        "  warning: [G4 restated-differently] parameter 'retirement_age': inner_mongolia "
        "restates it from 2020-04-10, but from 2025-01-01 national says otherwise; the higher "
        "layer applies (IM2, RR-1) at policies/inner_mongolia.yaml:"
        f"{line(POLICIES / 'inner_mongolia.yaml', 'id: retirement_age', 'from: 2020-04-10')}; "
        f"{nat('id: retirement_age')}",
    ]
    for wanted in expected:
        assert wanted in out
    assert out.index(expected[0]) < out.index(expected[2]) < out.index(expected[3])


def test_bundled_xingan_lists_every_reading_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    """G1 to G11 each once, in order, with the reading chosen and its file:line."""
    _, out = run(capsys, "xingan")
    shown = [x.split()[1] for x in out if x.startswith("  reading ")]
    assert shown == [*(f"G{i}" for i in range(1, 12)), *IM_READINGS, "R-died"]
    g8 = next(x for x in out if x.startswith("  reading G8 "))
    assert g8.startswith("  reading G8 [X1b, XE3")
    assert g8.endswith(f"(parameters: online_claiming_live) at {xin('id: G8')}")
    g3 = next(x for x in out if x.startswith("  reading G3 "))
    assert g3.startswith("  reading G3 (conflict) [X1b, XA2, XE3]: Both are listed")


def test_bundled_strict_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    """`check xingan --strict` exits 1 and prints errors only; without --strict it exits 0."""
    code, out = run(capsys, "xingan", "--strict")
    assert code == 1
    problems = [x for x in out if x.startswith(("  error:", "  warning:"))]
    assert problems and all(x.startswith("  error:") for x in problems)
    assert run(capsys, "xingan")[0] == 0


def test_check_without_arguments_checks_every_bundled_policy(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """No argument: national, inner_mongolia and xingan, each with its chain."""
    _, out = run(capsys)
    heads = [x.split(": loaded")[0] for x in out if not x.startswith("  ")]
    assert heads == [
        "national: national",
        "inner_mongolia: national -> inner_mongolia",
        "xingan: national -> inner_mongolia -> xingan",
    ]


def test_a_policy_that_does_not_load_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A typo in a policy: one error line with file:line, exit 1."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        textwrap.dedent(
            """\
            format: 1
            layer: bad
            extends: xingan
            document: {number: bad, title: bad, issuer: test, issued: 2021-01-01}
            notices:
              - id: oops
                clause: XC4
                nmae: 错
                description: a typo
            """
        ),
        encoding="utf-8",
    )
    code, out = run(capsys, str(bad))
    assert code == 1
    assert len(out) == 1
    assert out[0].startswith(f"{bad}: error: {bad}:8:")
    assert "nmae" in out[0]


def test_identical_restatements_are_not_reported() -> None:
    """IM4 and X4a restate N2a's card-or-ID, X2 restates N7's hand-over, word for word in effect."""
    problems = check_policy(ub.load_policy("xingan"))
    told = " ".join(p.message for p in problems)
    assert "'id_or_card'" not in told
    assert "'hand_over_claim_notice'" not in told


def test_check_policy_api_names_clauses_and_readings() -> None:
    """check_policy: each problem's code, clauses and reading, for the conflicts we encode."""
    found = {
        (p.code, p.clauses, p.reading, p.severity)
        for p in check_policy(ub.load_policy("xingan"), strict=True)
    }
    assert {
        ("forbidden-required", ("XC3", "N2c"), "G1", "error"),
        ("two-deadlines", ("X1b", "XA2", "XE3"), "G3", "error"),
        ("restated-differently", ("IM2", "RR-1"), "G4", "error"),
    } <= found


def test_readings_api_in_order() -> None:
    """readings(): G1 to G11 for xingan, the conflicts flagged."""
    choices = readings(ub.load_policy("xingan"))
    assert [c.id for c in choices] == [*(f"G{i}" for i in range(1, 12)), *IM_READINGS, "R-died"]
    assert {c.id for c in choices if c.conflict} == {"G1", "G3", "G4"}


def _layer(tmp_path: Path, body: str) -> Path:
    """A what-if layer over xingan with the given parameters section."""
    path = tmp_path / "what_if.yaml"
    path.write_text(
        "format: 1\nlayer: what_if\nextends: xingan\n"
        "document: {number: t, title: t, issuer: t, issued: 2020-01-01}\n" + body,
        encoding="utf-8",
    )
    return path


def test_a_parameter_nothing_reads_is_reported_with_a_hint(tmp_path: Path) -> None:
    """A misspelt id (`regular_month_cap`) is added, read by nothing, and would change no
    answer: the check says so at its line and suggests the id the engine reads."""
    path = _layer(
        tmp_path,
        "parameters:\n  - id: regular_month_cap\n    clause: SIL-46\n    description: typo\n"
        "    values:\n      - {from: 2011-07-01, value: 30}\n",
    )
    problems = check_policy(ub.load_policy(str(path)))
    (unread,) = [p for p in problems if p.code == "unread-parameter"]
    assert "Did you mean 'regular_months_cap' (change: override)?" in unread.message
    assert unread.locations == (f"{path.as_posix()}:6",)
    assert not [p for p in check_policy(ub.load_policy("xingan")) if p.code == "unread-parameter"]


def test_a_word_for_word_restatement_of_dated_values_is_quiet(tmp_path: Path) -> None:
    """Restating minimum_wage's four dated values as they are: no warning (each restated value
    is compared only until the restatement's next date). Changing the 2024 tier 3 to 2150:
    one warning, from 2024-12-01."""
    values = (
        "      - {from: 2017-08-01, value: {1: 1760, 2: 1660, 3: 1560, 4: 1460}}\n"
        "      - {from: 2021-12-01, value: {1: 1980, 2: 1910, 3: 1850}}\n"
        "      - {from: 2024-12-01, value: {1: 2270, 2: 2200, 3: 2140}}\n"
        "      - {from: 2025-12-01, value: {1: 2380, 2: 2310, 3: 2250}}\n"
    )
    head = (
        "parameters:\n  - id: minimum_wage\n    change: restate\n    clause: IMW-2017\n"
        "    description: restated\n    values:\n"
    )
    same = _layer(tmp_path, head + values)
    mine = [p for p in check_policy(ub.load_policy(str(same))) if "what_if" in p.message]
    assert mine == []
    other = _layer(tmp_path, head + values.replace("3: 2140", "3: 2150"))
    (diff,) = [p for p in check_policy(ub.load_policy(str(other))) if "what_if" in p.message]
    assert "restates it from 2024-12-01, but from 2024-12-01 inner_mongolia" in diff.message
