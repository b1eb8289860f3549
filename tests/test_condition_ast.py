"""The one text of a condition: the tree compiled to an `ast` function over encoded facts,
held to the condition language's meaning (None as nothing) written out here independently."""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import uibenefit as ub
from uibenefit.law._condition_ast import NONE, compile_program, encode
from uibenefit.law._conditions import Leaf, compile_condition
from uibenefit.values import _yaml

KINDS = {"n": "int", "d": "date", "b": "bool", "s": "str"}
TEXTS = ["dismissed", "resigned", "retired"]
DAYS = [dt.date(2020, 1, 31), dt.date(2020, 2, 29), dt.date(2021, 3, 1)]
VALUES: dict[str, list[Any]] = {"n": [-1, 0, 12, 30], "d": DAYS, "b": [False, True], "s": TEXTS}
PARAMS: dict[str, list[Any]] = {
    "pn": [12, None],
    "pd": [dt.date(2020, 2, 29), None],
    "pb": [True],
    "ps": ["resigned", None],
    "plist": [["dismissed", "retired"], None],
    "pnums": [[0, 30], None],
}
PARAM_OF = {"n": "pn", "d": "pd", "b": "pb", "s": "ps"}
LIST_OF = {"n": "pnums", "s": "plist"}


def meaning(raw: Any, facts: dict[str, Any], param: Any, seen: list[tuple[str, bool]]) -> bool:
    """What the condition means, from the language's documentation, leaf by leaf."""
    if "all" in raw:
        return all(meaning(c, facts, param, seen) for c in raw["all"])
    if "any" in raw:
        return any(meaning(c, facts, param, seen) for c in raw["any"])
    if "not" in raw:
        return not meaning(raw["not"], facts, param, seen)
    var = raw["var"]
    (op,) = set(raw) - {"var"}
    rhs = raw[op]
    a = facts[var]
    b = param(rhs["param"]) if isinstance(rhs, dict) else rhs
    if op == "eq":
        r = a == b
    elif op == "ne":
        r = a != b
    elif a is None or b is None:
        r = op == "not_in"
    elif op == "in":
        r = a in b
    elif op == "not_in":
        r = a not in b
    else:
        r = {"lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[op]
    seen.append((var, r))
    return r


@st.composite
def leaves(draw: st.DrawFn) -> dict[str, Any]:
    var = draw(st.sampled_from(sorted(KINDS)))
    kind = KINDS[var]
    ops = ["eq", "ne", "in", "not_in"]
    if kind in ("int", "date"):
        ops += ["lt", "le", "gt", "ge"]
    if kind == "bool":
        ops = ["eq", "ne"]
    op = draw(st.sampled_from(ops))
    if op in ("in", "not_in"):
        if var in LIST_OF and draw(st.booleans()):
            return {"var": var, op: {"param": LIST_OF[var]}}
        values = draw(st.lists(st.sampled_from(VALUES[var]), min_size=1, max_size=3))
        return {"var": var, op: values}
    if draw(st.booleans()):
        return {"var": var, op: {"param": PARAM_OF[var]}}
    if op in ("eq", "ne") and draw(st.integers(0, 5)) == 0:
        return {"var": var, op: None}
    return {"var": var, op: draw(st.sampled_from(VALUES[var]))}


trees = st.recursive(
    leaves(),
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda c: {"all": c}),
        st.lists(inner, min_size=1, max_size=3).map(lambda c: {"any": c}),
        inner.map(lambda c: {"not": c}),
    ),
    max_leaves=8,
)
people = st.fixed_dictionaries(
    {
        v: st.one_of(st.none(), st.sampled_from([*VALUES[v], *(["stranger"] * (v == "s"))]))
        for v in KINDS
    }
)
periods = st.fixed_dictionaries({pid: st.sampled_from(values) for pid, values in PARAMS.items()})


@settings(max_examples=300, deadline=None)
@given(trees, people, periods)
def test_program_means_what_the_language_says(raw: Any, facts: Any, period: Any) -> None:
    """The compiled function and its traced twin agree with the documented meaning, on every
    operator, with facts and parameters missing (None), including texts no policy names."""
    program = compile_program(raw, KINDS)
    x, p, m = program.inputs(facts, period.get)
    expected: list[tuple[str, bool]] = []
    want = meaning(raw, facts, period.get, expected)
    assert bool(program.run(x, p, m)) is want
    met: list[tuple[str, bool]] = []

    def t(i: int, r: bool) -> bool:
        met.append((program.leaves[i].var, bool(r)))
        return r

    assert bool(program.traced(x, p, m, t)) is want
    assert met == expected  # the same comparisons, in the same (short-circuit) order


def test_the_function_reads_only_its_arguments() -> None:
    """Nothing of the data becomes a name: the code reads x, p, m (and t when traced) by
    constant index, and has no globals or builtins to reach."""
    raw = {"any": [{"var": "s", "in": {"param": "plist"}}, {"var": "n", "ge": 12}]}
    program = compile_program(raw, KINDS)
    assert program.run.__code__.co_varnames == ("x", "p", "m")
    assert program.traced.__code__.co_varnames == ("x", "p", "m", "t")
    assert program.run.__code__.co_names == ()
    assert program.run.__globals__ == {"__builtins__": {}}
    assert program.variables == ("s", "n") and program.params == (("plist", "str", True),)


def test_none_is_nothing() -> None:
    """A missing fact: lt/ge and `in` false, `not_in` true; eq null holds only for None."""

    def run(raw: Any, n: Any) -> bool:
        program = compile_program(raw, KINDS)
        return bool(program.run(*program.inputs({"n": n}, PARAMS.get)))

    assert not run({"var": "n", "lt": 5}, None) and not run({"var": "n", "ge": 5}, None)
    assert not run({"var": "n", "in": [0, 12]}, None) and run({"var": "n", "not_in": [0]}, None)
    assert run({"var": "n", "eq": None}, None) and not run({"var": "n", "eq": None}, 0)
    assert encode("int", None) == NONE and encode("date", dt.date(1970, 1, 2)) == 1


def test_explanation_leaves_show_the_values() -> None:
    """The trace the explanation prints: the fact's and the parameter's values as written."""
    doc = _yaml.loads(
        textwrap.dedent("when: {all: [{var: s, in: {param: plist}}, {var: d, lt: 2020-03-01}]}"),
        "c.yaml",
    )
    cond = compile_condition(doc.data["when"], ("when",), doc, KINDS, PARAMS)
    ok, seen = cond.trace({"s": "retired", "d": dt.date(2020, 2, 29)}, lambda pid: PARAMS[pid][0])
    assert ok
    assert [str(leaf) for leaf in seen] == [
        "s = retired ∈ [dismissed, retired]: True",
        "d = 2020-02-29 < 2020-03-01: True",
    ]
    assert seen[0] == Leaf("s", "in", ["dismissed", "retired"], "retired", True)


def test_ordering_text_is_refused_at_load() -> None:
    """Text has codes, not an order: `lt` on a text fact fails when the policy loads."""
    doc = _yaml.loads("when: {var: s, lt: resigned}\n", "c.yaml")
    with pytest.raises(ub.PolicyError, match="is a text"):
        compile_condition(doc.data["when"], ("when",), doc, KINDS, PARAMS)


def test_a_shared_part_is_built_once_and_traced_at_each_use() -> None:
    """A named condition used twice (the expansion shares its part) is built once: a 14-level
    doubling chain holds one comparison, not 16,384 (issue 26: `check` answers at once), and
    the trace still names the comparison at each use the evaluation reaches."""
    leaf = {"var": "n", "ge": 12}
    raw: Any = leaf
    for _ in range(14):
        raw = {"all": [raw, raw]}
    program = compile_program(raw, KINDS)
    assert len(program.leaves) == 1
    seen: list[bool] = []

    def t(i: int, r: bool) -> bool:
        seen.append(bool(r))
        return r

    assert program.traced(*program.inputs({"n": 12}, PARAMS.get), t) is True
    assert len(seen) == 2**14
    seen.clear()
    assert program.traced(*program.inputs({"n": 11}, PARAMS.get), t) is False
    assert seen == [False]  # short-circuit: the first use decides
