"""The policy's parameters as the integer tables `_procedure` reads, built once per policy.

A table is the dated values of one parameter: `*_starts` (the day number each value begins)
and one entry per value for each field the procedure reads (three per value for the
retirement ages, by `_procedure.age_key`; the tiers of value v are entries `tier_lo[v]` …
`tier_hi[v] - 1`). Tuples here; the population path turns them into numpy arrays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from ._params import RetirementAges

EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
AGE_KEYS = ("male", "female_worker", "female_cadre")
"""The retirement ages in `_procedure.age_key` order."""


def day(on: dt.date) -> int:
    """A date as a day number (days since 1970-01-01)."""
    return on.toordinal() - EPOCH_ORDINAL


def date(number: int) -> dt.date:
    """A day number as a date."""
    return dt.date.fromordinal(int(number) + EPOCH_ORDINAL)


@dataclass(frozen=True)
class LawTables:
    """What the procedure reads of one policy, as ints."""

    retirement_starts: tuple[int, ...]
    retirement_years: tuple[int, ...]
    retirement_delayed: tuple[bool, ...]
    retirement_first_month: tuple[int, ...]
    retirement_step: tuple[int, ...]
    retirement_most: tuple[int, ...]
    tier_starts: tuple[int, ...]
    tier_lo: tuple[int, ...]
    tier_hi: tuple[int, ...]
    tier_minimum: tuple[int, ...]
    tier_months: tuple[int, ...]
    threshold_starts: tuple[int, ...]
    threshold: tuple[int, ...]
    """-1 where the value is None (no continuation in force)."""
    start_starts: tuple[int, ...]
    start_from_registration: tuple[bool, ...]
    """Whether benefit runs from the registration date under each value of benefit_start."""
    pay_by_starts: tuple[int, ...]
    pay_by_cutoff: tuple[int, ...]
    pay_by_before: tuple[bool, ...]
    """-1 cutoff where the value is None (no pay-by dates in force)."""

    def as_dict(self) -> dict[str, Any]:
        """Every table by name (for the population path's arrays)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


Dated = Sequence[tuple[dt.date, Any]]


def _retirement(values: Dated) -> dict[str, tuple[Any, ...]]:
    years: list[int] = []
    delayed: list[bool] = []
    first: list[int] = []
    step: list[int] = []
    most: list[int] = []
    for _, ages in values:
        assert isinstance(ages, RetirementAges)
        for key in AGE_KEYS:
            age = getattr(ages, key)
            years.append(age.years)
            delay = age.delay
            delayed.append(delay is not None)
            month = delay.first_birth_month if delay is not None else dt.date(1970, 1, 1)
            first.append((month.year - 1970) * 12 + month.month - 1)
            step.append(delay.birth_months_per_step if delay is not None else 1)
            most.append(delay.max_delay_months if delay is not None else 0)
    return {
        "retirement_starts": tuple(day(s) for s, _ in values),
        "retirement_years": tuple(years),
        "retirement_delayed": tuple(delayed),
        "retirement_first_month": tuple(first),
        "retirement_step": tuple(step),
        "retirement_most": tuple(most),
    }


def _tiers(values: Dated) -> dict[str, Any]:
    lo: list[int] = []
    hi: list[int] = []
    minimum: list[int] = []
    months: list[int] = []
    for _, tiers in values:
        lo.append(len(minimum))
        for tier in tiers or []:
            minimum.append(int(tier.min_contribution_months))
            months.append(int(tier.months))
        hi.append(len(minimum))
    return {
        "tier_starts": tuple(day(s) for s, _ in values),
        "tier_lo": tuple(lo),
        "tier_hi": tuple(hi),
        "tier_minimum": tuple(minimum),
        "tier_months": tuple(months),
    }


def law_tables(dated: dict[str, Dated]) -> LawTables:
    """The tables of a policy from each parameter's dated values (`Compiled.dated`)."""
    threshold = dated.get("continuation_threshold_months", [])
    pay_by = dated.get("pay_by", [])
    start = dated.get("benefit_start", [])
    return LawTables(
        **_retirement(dated.get("retirement_age", [])),
        **_tiers(dated.get("regular_months_tiers", [])),
        threshold_starts=tuple(day(s) for s, _ in threshold),
        threshold=tuple(-1 if v is None else int(v) for _, v in threshold),
        start_starts=tuple(day(s) for s, _ in start),
        start_from_registration=tuple(v == "registration_date" for _, v in start),
        pay_by_starts=tuple(day(s) for s, _ in pay_by),
        pay_by_cutoff=tuple(-1 if v is None else int(v.cutoff_day) for _, v in pay_by),
        pay_by_before=tuple(
            v is not None and v.cutoff_day_counts_as == "before" for _, v in pay_by
        ),
    )
