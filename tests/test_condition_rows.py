"""Several conditions in one pass (`_condition_ast.compile_rows`, the batch's one loop over
rows): each tree's column is what the language says it means, as `compile_program`'s
function for that tree alone."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from test_condition_ast import KINDS, meaning, people, periods, trees

from uibenefit.law._condition_ast import compile_program, compile_rows
from uibenefit.population import _run


def _one_row(program: Any, facts: Any, period: Any, count: int) -> list[bool]:
    x, p, m = program.inputs(facts, period.get)
    out = [False] * count
    assert program.run(list(x), p, m, out) is True
    return out


@given(st.lists(trees, min_size=1, max_size=5), people, periods)
def test_each_column_means_what_its_tree_says(raws: Any, facts: Any, period: Any) -> None:
    program = compile_rows(raws, KINDS)
    got = _one_row(program, facts, period, len(raws))
    for raw, found in zip(raws, got, strict=True):
        assert bool(found) is meaning(raw, facts, period.get, [])
        alone = compile_program(raw, KINDS)
        assert bool(found) is bool(alone.run(*alone.inputs(facts, period.get)))


def test_the_rows_loop_writes_every_condition_of_every_row() -> None:
    raws = [
        {"var": "n", "ge": 12},
        {"var": "n", "lt": {"param": "pn"}},
        {"not": {"var": "n", "eq": 0}},
    ]
    program = compile_rows(raws, KINDS)
    assert program.variables == ("n",) and [pid for pid, _, _ in program.params] == ["pn"]
    facts = np.array([[0], [12], [30], [-1]], dtype=np.int64)
    numbers = np.array([[1], [1], [1], [2]], dtype=np.int64)  # value 1: 12; value 2: none
    scalars = np.array([[0, 12, -(1 << 62)]], dtype=np.int64)
    lists = np.zeros((1, 3, 1), dtype=np.int64)
    for plain in (True, False):
        _run.run_uncompiled(plain)
        try:
            out = np.zeros((4, 3), dtype=np.bool_)
            _run.conditions_rows(program, facts, numbers, scalars, lists, out)
        finally:
            _run.run_uncompiled(False)
        want = [
            [False, True, False],
            [True, False, True],
            [True, False, True],
            [False, False, True],
        ]
        assert out.tolist() == want
