"""A stop ground with an existing effect added by a what-if alone (YAML, no Python): the
one-claim engine and the population path (compiled and uncompiled) both apply the effect,
and each gives what the bundled ground with that effect gives on the same claim.

`effect: lump_sum` is IM5's (the months left are paid at once); the what-if's ground is a
made-up kind of work, so nothing here is a fact of the law.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
from support import ULANHOT_MAN

import uibenefit as ub
from uibenefit.population.crosscheck import differences

WHAT_IF = """\
format: 1
layer: platform_work_lump_sum
extends: xingan
document:
  number: what-if platform_work_lump_sum
  title: 平台灵活就业一次性发放（假设）
  issuer: uibenefit test, not an authority
  issued: 2026-12-07
stop_grounds:
  - id: platform_work
    clause: IM5
    effect: lump_sum
    text: {zh: "平台灵活就业（假设）", en: "platform work (what-if)"}
"""

ON = dt.date(2020, 11, 20)


@pytest.fixture(scope="module")
def policy(tmp_path_factory: pytest.TempPathFactory) -> ub.Policy:
    path: Path = tmp_path_factory.mktemp("what_if") / "platform_work_lump_sum.yaml"
    path.write_text(WHAT_IF, encoding="utf-8")
    return ub.load_policy(str(path))


@pytest.fixture(params=[False, True], ids=["compiled", "uncompiled"])
def mode(request: pytest.FixtureRequest) -> Iterator[bool]:
    from uibenefit.population import _run

    _run.run_uncompiled(request.param)
    try:
        yield request.param
    finally:
        _run.run_uncompiled(False)


def test_the_new_ground_pays_the_months_left_at_once(policy: ub.Policy) -> None:
    """One claim: 24 months from 2020-04-10, the event on 2020-11-20 falls in month 8, which
    starts before it and is paid (started_before); months 9-24 are paid at once (IM5)."""
    assert "platform_work" in policy.event_kinds
    person = ub.Claimant(**ULANHOT_MAN)
    new = policy.evaluate(person, [ub.Event("platform_work", ON)])
    old = policy.evaluate(person, [ub.Event("self_employed", ON)])
    assert new.stop is not None and old.stop is not None
    assert new.stop.reason == "platform_work" and new.stop.effect == "lump_sum"
    assert (new.stop.months_paid, new.stop.months_forfeited) == (8, 16)
    amounts = [p.amount for p in new.schedule]
    assert all(a is not None for a in amounts)
    assert new.stop.lump_sum == sum(a for a in amounts[8:] if a is not None)
    assert new.stop.lump_sum == old.stop.lump_sum
    assert [p.status for p in new.schedule] == [p.status for p in old.schedule]
    assert [p.status for p in new.schedule][7:9] == ["due", "lump_sum"]


def test_the_batch_equals_one_claim_on_the_new_ground(policy: ub.Policy, mode: bool) -> None:
    """The batch (compiled and uncompiled) gives every column the engine gives, for the new
    ground on several days (before the start, in the regular months, on the last day paid,
    after it), with and without an audit date."""
    days = [dt.date(2020, 4, 1), ON, dt.date(2021, 6, 30), dt.date(2022, 4, 9), dt.date(2023, 1, 1)]
    people = pa.Table.from_pylist([{"id": i, **ULANHOT_MAN} for i in range(len(days))])
    events = pa.Table.from_pylist(
        [{"id": i, "kind": "platform_work", "on": on} for i, on in enumerate(days)]
    )
    for as_of in (None, dt.date(2021, 12, 31)):
        assert differences(policy, people, events, as_of) == []
    row = policy.evaluate_batch(people, events).to_pylist()[1]
    assert row["error"] is None and row["stop_reason"] == "platform_work"
    assert (row["months_paid"], row["months_forfeited"]) == (8, 16)
    assert row["lump_sum"] is not None and row["lump_sum"] > 0


def test_each_effect_code_is_its_place_in_the_model() -> None:
    """The codes `_integer.stop_months` reads are the effects' places in `StopEffect`, and a
    ground's code is computed in one place (`ground_codes`) for both paths."""
    from typing import get_args

    from uibenefit.law._law_tables import EFFECTS, ground_codes
    from uibenefit.law._model import StopEffect
    from uibenefit.procedure import _integer as P

    assert get_args(StopEffect) == EFFECTS
    assert (EFFECTS[P.EFFECT_STOP], EFFECTS[P.EFFECT_LUMP_SUM]) == ("stop", "lump_sum")
    grounds = ub.load_policy("xingan").compiled.grounds
    assert ground_codes(grounds["self_employed"].item) == (P.EFFECT_LUMP_SUM, False)
