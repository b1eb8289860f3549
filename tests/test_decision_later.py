"""A Decision's schedule (one Payment per month), claimant data and legend are written when
first read, from the runs of months `evaluate` decided (`later_decision`): amounts, sums, the stop and every month's status
are decided at once. Read, compared, hashed, printed, copied, replaced, pickled and written
out it must be the Decision made at once: on cases hypothesis draws over the three policies,
the later Decision equals one whose schedule is the public `payout_schedule` with the stop's
marks applied by hand (months after `months_paid` forfeited, or paid in the lump sum with
medical insurance as the ground says: SIL-49, SIL-50, N8, IM5)."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import uibenefit as ub
from uibenefit.testing import Case, cases
from uibenefit.values.results import Decision, Payment

POLICIES = {name: ub.load_policy(name) for name in ("national", "inner_mongolia", "xingan")}


def _marked(schedule: list[Payment], stop: ub.StopDecision, lump_sum: bool) -> tuple[Payment, ...]:
    """The schedule as a stop leaves it, written out month by month."""
    if not (stop.stopped and stop.months_forfeited):
        return tuple(schedule)
    status = "lump_sum" if lump_sum else "forfeited"
    medical = bool(stop.lump_sum_medical_insurance) and lump_sum
    kept = schedule[: stop.months_paid]
    rest = [
        dataclasses.replace(p, status=status, medical_insurance_paid=medical)
        for p in schedule[stop.months_paid :]
    ]
    return tuple(kept + rest)


def _eager(policy: ub.Policy, later: Decision, person: ub.Claimant) -> Decision:
    """The plain Decision made at once: every field of `later` but the schedule, which is
    the public schedule with the stop applied by hand."""
    stop = later.stop
    # IM5: a lump_sum ground pays the months left at once when it falls on or after the start
    start = later.entitlement.start
    lump_sum = stop.effect == "lump_sum" and stop.on is not None and stop.on >= start
    schedule = _marked(policy.payout_schedule(person), stop, lump_sum)
    values = {f.name: getattr(later, f.name) for f in dataclasses.fields(Decision)}
    values["schedule"] = schedule
    return Decision(**values)


def _unread(policy: ub.Policy, case: Case) -> Decision:
    """A new Decision of the case, its schedule not read yet."""
    return policy.evaluate(case.person, case.events, as_of=case.as_of)


@pytest.mark.parametrize("name", sorted(POLICIES))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_schedule_written_later_is_the_schedule_made_at_once(
    name: str, data: st.DataObject
) -> None:
    policy = POLICIES[name]
    case = data.draw(cases(policy))
    try:
        later = _unread(policy, case)
    except ub.UIBenefitError:
        return
    assert type(later) is not Decision  # the schedule is written on first read
    totals = dict(later.totals)  # decided before any month's record is written
    eager = _eager(policy, _unread(policy, case), case.person)
    assert type(eager) is Decision
    assert later == eager and eager == later
    assert (later != eager) is False and (eager != later) is False
    assert later.totals == totals
    assert repr(later) == repr(eager)
    with pytest.raises(TypeError):  # a Decision holds a dict: never hashable, either way
        hash(eager)
    with pytest.raises(TypeError):
        hash(later)
    assert later.to_dict() == eager.to_dict()
    assert later.explain("en", "full") == eager.explain("en", "full")
    assert dataclasses.asdict(later) == dataclasses.asdict(eager)
    for copied in (pickle.loads(pickle.dumps(later)), copy.copy(later), copy.deepcopy(later)):
        assert type(copied) is Decision and copied == eager
    unread = _unread(policy, case)  # pickled, copied, written out before its schedule is read
    assert pickle.loads(pickle.dumps(unread)) == eager
    assert _unread(policy, case).to_dict() == eager.to_dict()
    assert _unread(policy, case).explain("zh") == eager.explain("zh")  # its legend written later
    assert _unread(policy, case).claimant == case.person.to_dict() == eager.claimant
    assert Decision.from_dict(_unread(policy, case).to_dict()) == eager
    changed = dataclasses.replace(_unread(policy, case), warnings=("changed",))
    assert changed.schedule == eager.schedule and changed.warnings == ("changed",)
    assert isinstance(later.schedule, tuple)
    assert all(type(p) is Payment for p in later.schedule)
    with pytest.raises(dataclasses.FrozenInstanceError):
        later.schedule = ()  # type: ignore[misc]
