"""A claim's facts carry their codes for the compiled conditions, written with the facts.

`facts.facts` writes each fact's code from the same ints it computes the facts from; a
compiled condition reads the codes instead of encoding the facts itself. Every code must be
what `_condition_ast.encode` gives for the fact (a text no policy names is left out: it is
coded when a condition reads it), over claimants drawn from the whole range of the fields.
"""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

import uibenefit as ub
from uibenefit.law._condition_ast import ALL, UNKNOWN, encode
from uibenefit.law.calendar import WorkCalendar
from uibenefit.procedure.engine import claimant_facts
from uibenefit.values.claimant import FACT_KINDS

POLICIES = {name: ub.load_policy(name) for name in ("national", "inner_mongolia", "xingan")}
CALENDAR = WorkCalendar.bundled()


def _claimant(rng: random.Random) -> ub.Claimant:
    separation = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 4200))
    application = separation + dt.timedelta(days=rng.choice((0, 5, 59, 60, 61, 200)))
    registration = rng.choice((None, separation, application))
    return ub.Claimant(
        birth_date=dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 18000)),
        sex=rng.choice(("male", "female")),
        position=rng.choice(("worker", "cadre")),
        insured_as=rng.choice(("employee", "flexible")),
        contribution_months=rng.randint(0, 400),
        separation_date=separation,
        separation_reason=rng.choice(ub.SEPARATION_REASONS),
        application_date=application,
        registration_date=registration,
        insured_area=rng.choice((None, "152201", "152223", "150102", "110101")),
        prior_unused_months=rng.choice((0, 3, 12)),
        receiving_pension=rng.random() < 0.2,
        seeking_work=rng.random() < 0.8,
        registered_reason=rng.choice((None, *ub.SEPARATION_REASONS)),
        spouse_receiving_benefit=rng.random() < 0.2,
    )


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(POLICIES)), st.integers(0, 2**32))
def test_every_code_is_what_encode_gives(name: str, seed: int) -> None:
    rules = POLICIES[name].compiled
    try:
        f = claimant_facts(rules, _claimant(random.Random(seed)), CALENDAR)
    except ub.UIBenefitError:
        return
    expected = {}
    for fact, kind in FACT_KINDS.items():
        code = encode(kind, f[fact])
        if not (kind == "str" and code == UNKNOWN):
            expected[fact] = code
    codes = dict(f.codes)
    assert codes.pop(ALL) == 0
    assert codes == expected
    assert list(f) == list(FACT_KINDS)  # every fact, in the vocabulary's order
