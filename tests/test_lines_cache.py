"""The explanation's lines kept by outcome say what a fresh walk of the condition says.

A compiled condition keeps the lines of each outcome by the codes of the facts it read (a
code is one value of its fact), and a finding's texts and record are kept by their values.
Drawn claimants, many sharing some facts and not others, must get from every condition the
lines `trace` gives afresh, and findings equal to records made without any kept value.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from test_facts_codes import CALENDAR, POLICIES, _claimant

import uibenefit as ub
from uibenefit.procedure import eligibility as el
from uibenefit.procedure.engine import claimant_facts


def _facts_of(rules: object, seeds: list[int]) -> list[dict[str, object]]:
    """The facts of the claimants the seeds draw (those the policy refuses left out)."""
    out = []
    for seed in seeds:
        try:
            out.append(claimant_facts(rules, _claimant(random.Random(seed)), CALENDAR))
        except ub.UIBenefitError:
            continue
    return out


def _conditions(rules: object) -> list[object]:
    out = []
    for rule in rules.rules:  # type: ignore[attr-defined]
        out += [c for c in (rule.when, rule.requires) if c is not None]
    out += [n.when for n in rules.notes if n.when is not None]  # type: ignore[attr-defined]
    return out


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(POLICIES)), st.lists(st.integers(0, 2**32), min_size=2, max_size=6))
def test_kept_lines_are_the_traced_lines(name: str, seeds: list[int]) -> None:
    rules = POLICIES[name].compiled
    for f in _facts_of(rules, seeds):
        param = rules.at(f["application_date"]).values.get
        for cond in _conditions(rules):
            for _ in range(2):  # the second answer is the kept one
                ok, leaves = cond.trace(dict(f), param)  # a plain dict: no codes, no keeping
                assert cond.checked(f, param) == (ok, tuple(str(leaf) for leaf in leaves))


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(POLICIES)), st.lists(st.integers(0, 2**32), min_size=2, max_size=6))
def test_kept_findings_equal_fresh_ones(name: str, seeds: list[int]) -> None:
    rules = POLICIES[name].compiled
    for f in _facts_of(rules, seeds):
        kept = el.eligibility(rules, f).findings
        el._SAID.clear()
        el._FOUND.clear()
        fresh = el.eligibility(rules, f).findings
        assert kept == fresh
        assert [x.text for x in kept] == [x.text for x in fresh]
