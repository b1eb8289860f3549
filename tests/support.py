"""Claimants shared by the engine tests, so each test file reads who they are in one place."""

from __future__ import annotations

import datetime as dt
from typing import Any

import uibenefit as ub

D = dt.date

ULANHOT_MAN: dict[str, Any] = {
    "birth_date": D(1968, 7, 15),
    "sex": "male",
    "position": "worker",
    "insured_as": "employee",
    "contribution_months": 168,
    "separation_date": D(2020, 3, 31),
    "separation_reason": "contract_expired",
    "application_date": D(2020, 4, 10),
    "insured_area": "152201",
}
"""examples/person.yaml's man: 14 years of contributions, claim 2020-04-10 in 乌兰浩特市."""

YOUNG_MAN: dict[str, Any] = {**ULANHOT_MAN, "birth_date": D(1984, 5, 5), "contribution_months": 130}
"""Far from retirement (born 1984), 130 months: 24 regular months and no continuation."""


def person(base: dict[str, Any], **changes: Any) -> ub.Claimant:
    """A claimant from `base` with some fields changed."""
    return ub.Claimant(**{**base, **changes})
