"""Issue 26: shared conditions are compiled once and bounded, text rendering is linear, and
scenario `defaults:` cost each case only its own keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ULANHOT_MAN, person
from test_analyst_yaml import write
from test_layers import line_of

import uibenefit as ub
from uibenefit.explain._explain import WIDTH, width, wrap
from uibenefit.law import _conditions
from uibenefit.tools.scenarios import load_scenarios


def _chain(levels: int, twice: bool = True, used: bool = False) -> str:
    """c0 = 12 months or more; each c(k) = c(k-1) or c(k-1) (twice) or just c(k-1)."""
    lines = [
        "conditions:",
        "  - id: c0",
        "    clause: SIL-45",
        "    when: {var: contribution_months, ge: 12}",
    ]
    for k in range(1, levels + 1):
        below = f"{{condition: c{k - 1}}}"
        inner = f"[{below}, {below}]" if twice else f"[{below}]"
        lines += [f"  - id: c{k}", "    clause: SIL-45", f"    when: {{any: {inner}}}"]
    if used:
        lines += [
            "eligibility:",
            "  - id: chained",
            "    clause: SIL-45",
            f"    requires: {{condition: c{levels}}}",
            "    passed: {zh: 是, en: yes}",
            "    failed: {zh: 否, en: no}",
        ]
    return "\n".join(lines) + "\n"


def test_a_doubling_chain_of_twenty_unused_conditions_is_refused_at_its_line(
    tmp_path: Path,
) -> None:
    """20 levels that each name the one below twice: 2^21 parts written out; refused at the
    first condition past the budget, with its file and line (it used to take minutes)."""
    path = write(tmp_path, _chain(20))
    with pytest.raises(ub.PolicyError) as info:
        ub.load_policy(path)
    e = info.value
    assert f"more than {_conditions.MAX_EXPANDED}" in str(e)
    assert e.path == str(path) and e.line is not None
    first_too_big = next(
        k for k in range(21) if 2 ** (k + 1) - 1 > _conditions.MAX_EXPANDED
    )  # c(k) has 2^(k+1) - 1 parts
    assert e.line == line_of(path, f"  - id: c{first_too_big}") + 2


def test_check_answers_on_a_twenty_level_chain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from uibenefit.cli import main

    path = write(tmp_path, _chain(20, used=True))
    assert main(["check", str(path)]) == 1
    assert "name fewer conditions inside one another" in capsys.readouterr().out


def test_a_condition_named_twice_is_compiled_once_and_shared(tmp_path: Path) -> None:
    """Ten levels (2^12 parts written out, within the budget): loads, decides as written,
    and the expanded form shares the one below instead of copying it."""
    policy = ub.load_policy(write(tmp_path, _chain(10, used=True)))
    rule = next(r for r in policy.compiled.rules if r.id == "chained")
    top = rule.requires.expanded
    assert top["any"][0] is top["any"][1]  # one object, named twice
    found = {f.id: f.passed for f in policy.eligibility(person(ULANHOT_MAN)).findings}
    assert found["chained"] is True
    short = policy.eligibility(person(ULANHOT_MAN, contribution_months=6))
    assert {f.id: f.passed for f in short.findings}["chained"] is False
    assert rule.requires.references == frozenset(f"c{k}" for k in range(11))


def test_names_nested_too_deep_are_refused_in_any_order(tmp_path: Path) -> None:
    deep = _conditions.MAX_NAME_DEPTH + 5
    text = _chain(deep, twice=False)
    head, *blocks = text.split("  - id: ")
    reverse = head + "".join("  - id: " + b for b in reversed(blocks))
    for body in (text, reverse):
        with pytest.raises(ub.PolicyError, match="name one another more than"):
            ub.load_policy(write(tmp_path, body))
    ub.load_policy(write(tmp_path, _chain(_conditions.MAX_NAME_DEPTH - 2, twice=False)))


def test_wrapping_a_megabyte_word_is_linear_and_loses_nothing() -> None:
    """A 1.5 MB word used to take minutes (the remaining word measured again per line)."""
    word = "x" * 1_500_000
    lines = wrap(word, "  label: ")
    assert all(width(line) <= WIDTH for line in lines)
    assert "".join(line.strip() for line in lines) == "label:" + word
    wide = "中" * 100_001
    lines = wrap(wide, "", "  ")
    assert all(width(line) <= WIDTH for line in lines)
    assert "".join(line.strip() for line in lines) == wide


def test_explain_renders_a_long_policy_text(tmp_path: Path) -> None:
    text = "z" * 400_000
    path = write(
        tmp_path,
        f"""\
        eligibility:
          - id: seeking
            clause: SIL-45
            requires: {{var: seeking_work, eq: true}}
            passed: {{zh: "{text}", en: "{text}"}}
            failed: {{zh: 否, en: no}}
        """,
    )
    decision = ub.load_policy(path).evaluate(person(ULANHOT_MAN))
    for detail in ("summary", "full"):
        out = decision.explain(lang="en", detail=detail)
        assert all(width(line) <= WIDTH for line in out.splitlines()) or detail == "full"


HEAD = """\
policy: xingan
defaults:
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
cases:
"""


def test_defaults_are_grafted_per_case_without_copying_the_file(tmp_path: Path) -> None:
    """Each case used to copy every mark of the file: quadratic in the cases. 4,000 cases
    load, and an error in an inherited value still names the defaults' line."""
    cases = "".join(
        f"  - name: c{i}\n    person: {{contribution_months: {12 + i % 200}}}\n"
        f"    expect: {{eligibility: {{eligible: true}}}}\n"
        for i in range(4000)
    )
    path = tmp_path / "many.yaml"
    path.write_text(HEAD + cases, "utf-8")
    loaded = load_scenarios(path)
    assert len(loaded.cases) == 4000
    assert loaded.cases[-1].person.contribution_months == 12 + 3999 % 200
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        HEAD.replace('insured_area: "152201"', "insured_area: 15220x")
        + "  - name: one\n    person: {contribution_months: 20}\n"
        "    expect: {eligibility: {eligible: true}}\n",
        "utf-8",
    )
    with pytest.raises(ub.InputError) as info:
        load_scenarios(bad)
    assert info.value.line == line_of(bad, "    insured_area: 15220x")
