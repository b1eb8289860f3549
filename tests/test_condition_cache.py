"""The one-claim path encodes a claim's facts once (Facts.codes) and each policy period's
parameters once (Program.encoded), and writes an explanation line from texts made once
per period (Condition.checked). None of it may change an answer: every condition of every
bundled policy gives, on claimants hypothesis draws, what it gives on the plain facts (no
codes kept) and what its traced Leafs say."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import uibenefit as ub
from uibenefit.law._condition_ast import ALL, MAX_TABLES
from uibenefit.law._conditions import Condition
from uibenefit.law.calendar import WorkCalendar
from uibenefit.procedure.engine import claimant_facts
from uibenefit.procedure.facts import Facts
from uibenefit.testing import claimants

POLICIES = {name: ub.load_policy(name) for name in ("national", "inner_mongolia", "xingan")}


def _conditions(policy: ub.Policy) -> list[Condition]:
    rules = policy._compiled
    found: list[Condition | None] = [c for r in rules.rules for c in (r.when, r.requires)]
    found += [n.when for n in rules.notes]
    for section in (rules.claimant_documents, rules.forbidden_requests, rules.notices):
        found += [paper.when for paper in section.items]
    found += [paper.when for paper in rules.employer_obligations.items]
    return [c for c in found if c is not None]


@pytest.mark.parametrize("name", sorted(POLICIES))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_encoded_once_answers_as_encoded_afresh(name: str, data: st.DataObject) -> None:
    policy = POLICIES[name]
    person = data.draw(claimants(policy))
    rules = policy._compiled
    try:
        f = claimant_facts(rules, person, WorkCalendar.bundled())
    except ub.UIBenefitError:
        return
    assert isinstance(f, Facts)
    plain = dict(f)  # no codes: every condition encodes its facts itself
    for on in (person.application_date, person.separation_date):
        param = rules.at(on).values.get
        for cond in _conditions(policy):
            expected = cond.holds(plain, param)
            assert cond.holds(f, param) is expected
            ok, leaves = cond.trace(plain, param)
            assert ok is expected
            assert cond.checked(f, param) == (ok, tuple(str(leaf) for leaf in leaves))
    assert ALL in f.codes  # the claim's facts were encoded together, once


def test_a_lookup_of_passing_tables_keeps_a_bounded_cache() -> None:
    policy = POLICIES["xingan"]
    rules = policy._compiled
    person = next(iter([ub.Claimant.from_mapping(_ULANHOT)]))
    f = claimant_facts(rules, person, WorkCalendar.bundled())
    cond = next(c for c in _conditions(policy) if c.parameters)
    values = dict(rules.at(person.application_date).values)
    expected = cond.holds(f, values.get)
    for _ in range(MAX_TABLES + 10):
        assert cond.holds(f, dict(values).get) is expected  # a fresh table each time
    program = cond._run.__closure__  # the program is reached through the evaluator
    assert program is not None
    sizes = [len(c.cell_contents) for c in program if isinstance(c.cell_contents, dict)]
    assert sizes and max(sizes) <= MAX_TABLES


_ULANHOT = {
    "birth_date": dt.date(1968, 7, 15),
    "sex": "male",
    "position": "worker",
    "insured_as": "employee",
    "contribution_months": 168,
    "separation_date": dt.date(2020, 3, 31),
    "separation_reason": "contract_expired",
    "application_date": dt.date(2020, 4, 10),
    "insured_area": "152201",
}
