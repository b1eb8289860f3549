"""The condition language: all/any/not over typed comparisons, checked when a policy loads."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

import uibenefit as ub
from uibenefit.law._conditions import Condition, compile_condition, describe
from uibenefit.values import _yaml
from uibenefit.values.claimant import FACT_KINDS

FACTS = {
    "months": "int",
    "reason": "str",
    "pension": "bool",
    "separated": "date",
    "area": "str",
    "amount": "decimal",
}
PARAMS: dict[str, list[Any]] = {
    "min_months": [12],
    "reasons": [["dismissed", "contract_expired"]],
    "live_from": [None],
    "cutoff": [dt.date(2020, 5, 1)],
}
PERSON = {
    "months": 30,
    "reason": "dismissed",
    "pension": False,
    "separated": dt.date(2020, 4, 30),
    "area": None,
    "amount": 0,
}


def lookup(pid: str) -> Any:
    return PARAMS[pid][-1]


def compile_text(text: str, params: Mapping[str, Sequence[Any]] | set[str] = PARAMS) -> Condition:
    """Compile the condition under `when:` of a small YAML text called c.yaml."""
    doc = _yaml.loads(textwrap.dedent(text), "c.yaml")
    return compile_condition(doc.data["when"], ("when",), doc, FACTS, params)


def holds(text: str, **facts: Any) -> bool:
    return compile_text(text).holds({**PERSON, **facts}, lookup)


def refused(text: str, params: Mapping[str, Sequence[Any]] | set[str] = PARAMS) -> ub.PolicyError:
    with pytest.raises(ub.PolicyError) as info:
        compile_text(text, params)
    return info.value


# ------------------------------------------------------------------ meaning


def test_comparisons_with_literals() -> None:
    """Each operator compares the fact with the literal as its name says."""
    assert holds("when: {var: months, ge: 12}")
    assert not holds("when: {var: months, lt: 12}")
    assert holds("when: {var: months, gt: 29}") and not holds("when: {var: months, gt: 30}")
    assert holds("when: {var: months, le: 30}") and holds("when: {var: months, eq: 30}")
    assert holds("when: {var: reason, ne: resigned}")
    assert holds("when: {var: reason, in: [dismissed, discharged]}")
    assert holds("when: {var: reason, not_in: [resigned]}")
    assert holds("when: {var: separated, lt: 2020-05-01}")
    assert holds("when: {var: amount, eq: 0.00}")


def test_all_any_not() -> None:
    """all needs every part, any one part, not the opposite."""
    both = "when: {all: [{var: months, ge: 12}, {var: pension, eq: false}]}"
    assert holds(both) and not holds(both, pension=True)
    either = "when: {any: [{var: months, ge: 120}, {var: reason, eq: dismissed}]}"
    assert holds(either) and not holds(either, reason="resigned")
    assert holds("when: {not: {var: pension, eq: true}}")


def test_parameters_are_read_through_the_lookup() -> None:
    """`{param: id}` is looked up at evaluation, so dated values apply on the right date."""
    cond = compile_text("when: {var: months, ge: {param: min_months}}")
    assert cond.parameters == frozenset({"min_months"}) and cond.variables == frozenset({"months"})
    assert cond.holds({**PERSON, "months": 12}, lambda pid: 12)
    assert not cond.holds({**PERSON, "months": 12}, lambda pid: 13)
    assert holds("when: {var: reason, in: {param: reasons}}")
    assert not holds("when: {var: reason, not_in: {param: reasons}}")


def test_missing_values_compare_as_nothing() -> None:
    """A None fact or a parameter with no value: order and `in` are false, `not_in` true."""
    assert not holds("when: {var: area, in: ['152201']}")
    assert holds("when: {var: area, not_in: ['152201']}")
    assert holds("when: {var: area, eq: null}") and not holds("when: {var: area, ne: null}")
    assert "'area' is a str; cannot compare it with None" in str(
        refused("when: {var: area, in: [null]}")
    )
    assert not holds("when: {var: separated, ge: {param: live_from}}")
    assert not holds("when: {var: separated, lt: {param: live_from}}")


def test_trace_reports_every_leaf() -> None:
    """trace() returns each comparison with what it saw, for explanations."""
    cond = compile_text(
        "when: {all: [{var: months, ge: {param: min_months}}, {var: reason, in: [b, a]}]}"
    )
    result, leaves = cond.trace({**PERSON, "reason": "c"}, lookup)
    assert result is False
    assert [str(leaf) for leaf in leaves] == [
        "months = 30 ≥ 12: True",
        "reason = c ∈ [a, b]: False",
    ]


def test_describe_reads_as_one_line() -> None:
    """describe() renders a condition for generated docs."""
    raw = {
        "all": [
            {"var": "months", "ge": {"param": "min_months"}},
            {"not": {"var": "pension", "eq": True}},
        ]
    }
    assert describe(raw) == "(months ≥ {min_months} and not pension = true)"


# ------------------------------------------------------------------ refused at load time


def test_unknown_variable_with_suggestion() -> None:
    """A misspelt variable fails at compile time with file, line, column and a suggestion."""
    e = refused("when:\n  all:\n    - {var: monhts, ge: 12}\n")
    assert (
        str(e)
        == "c.yaml:3:8: at when.all[0].var: unknown variable 'monhts'. Did you mean 'months'?"
    )


def test_unknown_parameter_with_suggestion() -> None:
    """A misspelt `{param:}` fails with the closest parameter id."""
    e = refused("when: {var: months, ge: {param: min_month}}")
    assert str(e) == (
        "c.yaml:1:26: at when.ge.param: unknown parameter 'min_month'. Did you mean 'min_months'?"
    )


def test_bad_operator_points_at_it() -> None:
    """`gte` is not an operator: the error is at that key and suggests one."""
    e = refused("when:\n  {var: months,\n   gte: 12}\n")
    assert (e.line, e.column, e.yaml_path) == (3, 4, "when.gte")
    assert "found ['gte']. Did you mean 'ge'?" in str(e)
    assert "Did you mean 'ne'?" in str(refused("when: {var: months, '!=': 12}"))
    assert "Did you mean 'not_in'?" in str(refused("when: {var: months, not_inn: [12]}"))


def test_two_operators_or_none() -> None:
    """A comparison has exactly one operator."""
    assert "found ['ge', 'le']" in str(refused("when: {var: months, ge: 1, le: 5}"))
    assert "found none" in str(refused("when: {var: months}"))


def test_date_compared_with_a_number() -> None:
    """A date fact compared with an int literal is refused at the literal."""
    e = refused("when: {var: separated, ge: 12}")
    assert str(e) == "c.yaml:1:24: at when.ge: 'separated' is a date; cannot compare it with 12"


def test_date_compared_with_a_number_parameter() -> None:
    """A date fact compared with a parameter holding numbers is refused at load time too."""
    e = refused("when: {var: separated, ge: {param: min_months}}")
    assert e.yaml_path == "when.ge.param"
    assert (
        "'separated' is a date; cannot compare it with parameter 'min_months', which holds 12"
        in str(e)
    )


def test_in_needs_a_list_parameter() -> None:
    """`in` with a parameter that holds a single value is refused."""
    e = refused("when: {var: separated, in: {param: cutoff}}")
    assert "'in' needs a list, but parameter 'cutoff' holds datetime.date(2020, 5, 1)" in str(e)


def test_parameter_ids_alone_skip_the_value_check() -> None:
    """Given only parameter ids (no values), `{param:}` is checked for existence only."""
    assert compile_text("when: {var: separated, ge: {param: min_months}}", set(PARAMS)).parameters


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("when: {var: pension, lt: true}", "'pension' is true or false: compare it with eq or ne"),
        ("when: {var: months, eq: true}", "'months' is a int; cannot compare it with True"),
        ("when: {var: reason, in: dismissed}", "'in' takes a non-empty list"),
        ("when: {var: reason, in: []}", "'in' takes a non-empty list"),
        ("when: {var: reason, in: [a, 3]}", "'reason' is a str; cannot compare it with 3"),
        ("when: {all: []}", "'all' takes a non-empty list of conditions"),
        (
            "when: {any: [{var: months, ge: 1}], not: {var: months, ge: 1}}",
            "'all'/'any' stand alone",
        ),
        ("when: {not: {var: months, ge: 1}, var: months}", "'not' stands alone"),
        ("when: [a]", "expected a condition: a mapping with all, any, not, var or condition"),
        (
            "when: {alll: []}",
            "unknown condition keys ['alll']: expected all, any, not, var or condition. Did you mean 'all'?",
        ),
        ("when: {var: months, ge: {parm: x}}", "expected a value or {param: <parameter id>}"),
    ],
)
def test_malformed_conditions(text: str, message: str) -> None:
    """Each malformed condition is refused with a message saying what was expected."""
    e = refused(text)
    assert message in str(e)
    assert e.path == "c.yaml" and e.line == 1


# ------------------------------------------------------------------ inside a policy file


def test_unknown_variable_in_a_policy_rule(tmp_path: Path) -> None:
    """A typo in a rule of a user layer fails when the policy loads, at its file and line."""
    path = tmp_path / "reform.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            format: 1
            layer: reform
            extends: national
            document: {number: 测试〔2021〕1号, title: t, issuer: i, issued: 2021-01-01}
            eligibility:
              - id: in_area
                clause: N2a
                requires: {var: insured_aera, in: ['152201']}
                passed: {zh: 是, en: yes}
                failed: {zh: 否, en: no}
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(ub.PolicyError) as info:
        ub.load_policy(path)
    assert str(info.value) == (
        f"{path}:8:16: at eligibility[0].requires.var: unknown variable 'insured_aera'. "
        "Did you mean 'insured_area'?"
    )


def test_parameter_of_the_wrong_kind_in_a_policy(tmp_path: Path) -> None:
    """Comparing a date fact with a numeric parameter fails at load, not mid-evaluation."""
    path = tmp_path / "reform.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            format: 1
            layer: reform
            extends: national
            document: {number: 测试〔2021〕1号, title: t, issuer: i, issued: 2021-01-01}
            notes:
              - id: odd
                clause: N4b
                when: {var: separation_date, gt: {param: claim_period_days}}
                text: {zh: 奇怪, en: odd}
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(ub.PolicyError) as info:
        ub.load_policy(path)
    assert info.value.line == 8 and info.value.yaml_path == "notes[0].when.gt.param"
    assert "'separation_date' is a date" in str(info.value)


def test_every_fact_kind_is_known() -> None:
    """The engine's facts use only kinds the condition language can compare."""
    from uibenefit.law._conditions import KINDS

    assert set(FACT_KINDS.values()) <= set(KINDS)


def test_a_code_a_variable_never_holds_is_refused(tmp_path: Path) -> None:
    """`{var: sex, eq: mal}` could never match: refused at load with the codes and a hint."""
    path = tmp_path / "codes.yaml"
    path.write_text(
        "format: 1\nlayer: codes\nextends: national\n"
        "document: {number: t, title: t, issuer: t, issued: 2020-01-01}\n"
        "notes:\n"
        "  - id: n1\n    clause: N4a\n    when: {var: sex, eq: mal}\n"
        "    text: {zh: 说明, en: note}\n",
        encoding="utf-8",
    )
    with pytest.raises(ub.PolicyError) as caught:
        ub.load_policy(str(path))
    message = str(caught.value)
    assert message.startswith(f"{path}:8:")
    assert "'sex' is never 'mal': it is one of male, female. Did you mean 'male'?" in message
