"""A finding's `passed` is the compiled group's answer (`Compiled.judged`), never a second
evaluation through the interpreted tree: the lines only show the comparisons, so the flag and
the decision can never disagree (SIL-45, N4). And paperwork's plan (G1's pairs, offices) is
built with the policy at load."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import uibenefit as ub
from uibenefit.law._compiled import clashing_papers, paper_code
from uibenefit.law._conditions import Condition
from uibenefit.procedure import paperwork

D = dt.date


def _person(**overrides: Any) -> ub.Claimant:
    values: dict[str, Any] = {
        "birth_date": D(1980, 5, 1),
        "sex": "male",
        "position": "worker",
        "insured_as": "employee",
        "contribution_months": 30,
        "separation_date": D(2021, 3, 1),
        "separation_reason": "contract_expired",
        "application_date": D(2021, 3, 10),
        "insured_area": "152201",
    }
    values.update(overrides)
    return ub.Claimant(**values)


@pytest.mark.parametrize("months", [30, 6])  # entitled (SIL-45 12 months), and not
def test_passed_flags_come_from_the_compiled_answer(
    monkeypatch: pytest.MonkeyPatch, months: int
) -> None:
    policy = ub.load_policy("xingan")
    person = _person(contribution_months=months)
    honest = policy.eligibility(person)
    assert honest.eligible is (months >= 12)
    original = Condition.checked

    def lying(self: Condition, facts: Any, param: Any) -> tuple[bool, tuple[str, ...]]:
        ok, lines = original(self, facts, param)
        return not ok, lines  # the interpreted tree's flag, flipped: it must not be read

    monkeypatch.setattr(Condition, "checked", lying)
    later = ub.load_policy("xingan").eligibility(person)
    assert later.eligible == honest.eligible
    assert [(f.id, f.passed, f.checked) for f in later.findings] == [
        (f.id, f.passed, f.checked) for f in honest.findings
    ]
    assert later.eligible == all(f.passed for f in later.findings if f.passed is not None)


def test_paperwork_plan_is_built_at_load() -> None:
    rules = ub.load_policy("xingan").compiled
    plan = rules.paper_plan
    documents = rules.claimant_documents.items
    pairs = clashing_papers(documents, rules.forbidden_requests.items, paper_code)
    assert pairs, "xingan lists a paper a higher layer forbids (G1, XC3 vs N2c)"
    for doc, ban in pairs:
        assert ban in [b for b, _ in plan.bans[id(doc)]]
    assert set(plan.offices) >= {"152201"}
    assert not hasattr(paperwork, "_PLANS")  # no module cache keyed by the policy object
