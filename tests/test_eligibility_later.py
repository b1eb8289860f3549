"""One claim decides eligibility's rules and notes, and each paperwork section's items, with
one compiled function per group (`Group`, `compile_group`), and makes the findings' texts
when they are first read (`later_eligibility`). Neither may change an answer: on claimants
hypothesis draws, every group gives what each of its conditions gives alone, on the claim's
codes and on plain facts, and the Eligibility made later is, compared, hashed, printed,
copied and pickled, the Eligibility made at once from the same rules (SIL-45, N4)."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import uibenefit as ub
from uibenefit.law.calendar import WorkCalendar
from uibenefit.procedure import eligibility as _eligibility
from uibenefit.procedure.engine import claimant_facts
from uibenefit.testing import claimants
from uibenefit.values.results import Eligibility, Finding

POLICIES = {name: ub.load_policy(name) for name in ("national", "inner_mongolia", "xingan")}


def _eager(rules: object, f: object) -> Eligibility:
    """The Eligibility as it was made before findings were made later: every rule's and
    note's condition asked alone, then each finding made at once."""
    from uibenefit.law._compiled import Compiled

    assert isinstance(rules, Compiled)
    period = rules.at(f["application_date"])  # type: ignore[index]
    param = period.values.get
    found: list[Finding] = []
    for rule in rules.rules:
        if rule.exception is not None:
            continue
        applying = [
            e
            for e in rules.exceptions.get(rule.id, ())
            if e.when is not None and e.when.holds(f, param)  # type: ignore[arg-type]
        ]
        assert len(applying) <= 1
        if applying or rule.when is None or rule.when.holds(f, param):  # type: ignore[arg-type]
            chosen = applying[0] if applying else rule
            ok = chosen.requires is None or chosen.requires.checked(f, param)[0]  # type: ignore[arg-type]
            found.append(_eligibility._rule(chosen, ok, f, period))  # type: ignore[arg-type]
    eligible = all(x.passed for x in found)
    for note in rules.notes:
        if note.when is None or note.when.holds(f, param):  # type: ignore[arg-type]
            found.append(_eligibility._note(note, f, period))  # type: ignore[arg-type]
    return Eligibility(eligible, tuple(found))


@pytest.mark.parametrize("name", sorted(POLICIES))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_groups_answer_as_their_conditions_alone(name: str, data: st.DataObject) -> None:
    policy = POLICIES[name]
    person = data.draw(claimants(policy))
    rules = policy._compiled
    try:
        f = claimant_facts(rules, person, WorkCalendar.bundled())
    except ub.UIBenefitError:
        return
    plain = dict(f)
    for on in (person.application_date, person.separation_date):
        param = rules.at(on).values.get
        for section in (
            rules.claimant_documents,
            rules.forbidden_requests,
            rules.notices,
            rules.employer_obligations,
        ):
            alone = tuple(p for p in section.items if p.when is None or p.when.holds(plain, param))
            assert section.applicable(f, param) == alone
            assert section.applicable(plain, param) == alone
        judged = rules.judged(f, param)
        assert rules.judged(plain, param) == judged
        held = [n for n in rules.notes if n.when is None or n.when.holds(plain, param)]
        assert list(judged.notes) == held
        for rule, ok in zip(judged.rules, judged.requires, strict=True):
            assert ok is (rule.requires is None or rule.requires.holds(plain, param))


@pytest.mark.parametrize("name", sorted(POLICIES))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_findings_made_later_are_the_findings_made_at_once(name: str, data: st.DataObject) -> None:
    policy = POLICIES[name]
    person = data.draw(claimants(policy))
    rules = policy._compiled
    try:
        f = claimant_facts(rules, person, WorkCalendar.bundled())
        later = policy.eligibility(person)
    except ub.UIBenefitError:
        return
    eager = _eager(rules, dict(f))
    assert later.eligible is eager.eligible  # decided before any finding is made
    assert later == eager and eager == later
    assert (later != eager) is False and (eager != later) is False
    assert hash(later) == hash(eager)
    assert repr(later) == repr(eager)
    assert later.to_dict() == eager.to_dict()
    assert dataclasses.asdict(later) == dataclasses.asdict(eager)
    for copied in (pickle.loads(pickle.dumps(later)), copy.copy(later), copy.deepcopy(later)):
        assert type(copied) is Eligibility and copied == eager
    unread = policy.eligibility(person)  # pickled before its findings were read
    assert pickle.loads(pickle.dumps(unread)) == eager
    changed = dataclasses.replace(later, eligible=not later.eligible)
    assert changed.findings == eager.findings and changed.eligible is not eager.eligible


def test_a_decision_with_findings_made_later_round_trips() -> None:
    policy = POLICIES["xingan"]
    person = ub.Claimant.from_mapping(
        {
            "birth_date": "1968-07-15",
            "sex": "male",
            "position": "worker",
            "insured_as": "employee",
            "contribution_months": 120,
            "separation_date": "2020-03-31",
            "separation_reason": "dismissed",
            "application_date": "2020-04-10",
            "insured_area": "152201",
        }
    )
    decision = policy.evaluate(person)
    again = ub.Decision.from_dict(decision.to_dict())
    assert again == decision and decision == again
    assert pickle.loads(pickle.dumps(decision)) == decision
    assert [x.id for x in decision.eligibility.findings] == [
        x.id for x in again.eligibility.findings
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        decision.eligibility.findings = ()  # type: ignore[misc]
