"""The analyst's YAML: shared conditions, exceptions, partial overrides, scenario defaults.

Each test writes small layers into tmp_path (children of the bundled policies) and asserts a
real outcome: a decision, or an error with its file, line and did-you-mean.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from support import ULANHOT_MAN, person
from test_layers import HEADER, line_of

import uibenefit as ub

D = dt.date


def write(tmp_path: Path, body: str, layer: str = "reform", extends: str = "national") -> Path:
    """A layer file `<layer>.yaml`: the shared header, then `body` (dedented)."""
    path = tmp_path / f"{layer}.yaml"
    path.write_text(HEADER.format(layer=layer, extends=extends) + textwrap.dedent(body), "utf-8")
    return path


def refused(path: Path) -> ub.PolicyError:
    with pytest.raises(ub.PolicyError) as info:
        ub.load_policy(path)
    return info.value


# -- A. shared conditions -------------------------------------------------------------------

SEEKING = """\
conditions:
  - id: long_contributor
    clause: SIL-45
    when: {var: contribution_months, ge: 120}
eligibility:
  - id: long_enough
    clause: SIL-45
    requires: {condition: long_contributor}
    passed: {zh: 是, en: ten years or more}
    failed: {zh: 否, en: less than ten years}
"""


def test_a_shared_condition_decides_where_it_is_named(tmp_path: Path) -> None:
    """`{condition: id}` stands for the definition: 168 months pass, 100 fail the new rule."""
    policy = ub.load_policy(write(tmp_path, SEEKING))
    found = {f.id: f.passed for f in policy.eligibility(person(ULANHOT_MAN)).findings}
    assert found["long_enough"] is True
    low = policy.eligibility(person(ULANHOT_MAN, contribution_months=100))
    assert {f.id: f.passed for f in low.findings}["long_enough"] is False
    assert low.eligible is False
    rule = next(r for r in policy.rules if r.id == "long_enough")
    assert rule.requires.source == {"condition": "long_contributor"}
    assert rule.requires.expanded == {"var": "contribution_months", "ge": 120}
    assert rule.requires.references == frozenset({"long_contributor"})
    assert rule.requires.variables == frozenset({"contribution_months"})


def test_an_unknown_condition_name_is_refused_with_did_you_mean(tmp_path: Path) -> None:
    path = write(tmp_path, SEEKING.replace("{condition: long_contributor}", "{condition: long_contributer}"))
    e = refused(path)
    assert e.line == line_of(path, "    requires: {condition: long_contributer}")
    assert "unknown condition 'long_contributer'. Did you mean 'long_contributor'?" in str(e)


def test_a_cycle_of_conditions_is_refused_where_it_closes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        conditions:
          - id: a
            clause: SIL-45
            when: {all: [{var: seeking_work, eq: true}, {condition: b}]}
          - id: b
            clause: SIL-45
            when: {not: {condition: a}}
        """,
    )
    e = refused(path)
    assert "cycle: a -> b -> a" in str(e)
    assert e.line == line_of(path, "    when: {not: {condition: a}}")


def test_the_special_group_is_written_once_and_read_by_both_standards() -> None:
    """inner_mongolia names `special_group` from the 2024 and the 2025 standard; the
    expanded form (for array compilers) has no reference left."""
    policy = ub.load_policy("xingan")
    shared = policy.shared_conditions["special_group"]
    for on in (D(2024, 9, 1), D(2025, 12, 1)):
        cond = policy.special_group_condition(on)
        assert cond is not None
        assert cond.source == {"condition": "special_group"}
        assert cond.expanded == shared.source
        assert "condition" not in str(cond.expanded)
    assert "special_group_min_age_male" in shared.parameters


def test_repealing_a_condition_still_named_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        conditions:
          - id: filing_period
            change: repeal
            clause: X1b
        """,
        extends="xingan",
    )
    e = refused(path)
    assert "unknown condition 'filing_period'" in str(e)
    assert e.path == "policies/xingan.yaml"
