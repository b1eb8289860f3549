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
from typing import Any, get_args

from ..procedure import _integer as P
from ._model import StopEffect, StopGround
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
    money_starts: tuple[int, ...]
    """The day each legal period begins (every parameter's starts: `Compiled`'s periods)."""
    money: tuple[int, ...]
    """`_procedure.M_*` fields of each legal period (0: before every value), period-major."""
    bands: tuple[int, ...]
    wages: tuple[int, ...]
    tiers: tuple[int, ...]
    beyond_first: int
    """The day beyond_regular_months has its first value (-FOREVER: never)."""

    def as_dict(self) -> dict[str, Any]:
        """Every table by name (for the population path's arrays)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


Dated = Sequence[tuple[dt.date, Any]]


def _retirement(values: Dated) -> dict[str, Any]:
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


BASE_CODES = {"pooling_area_minimum_wage": 0, "region_tier1_minimum_wage": 1}
READING_CODES = {"region_tier1": 0, "league_seat": 1, "insured_area": 2}
MODE_CODES = {"ROUND_HALF_UP": 0, "ROUND_HALF_EVEN": 1, "ROUND_DOWN": 2, "ROUND_UP": 3}
STANDARD_DATES = {"application_date": 0, "month_start": 1}
EFFECTS: tuple[str, ...] = get_args(StopEffect)
"""Stop effects by code (`_integer.EFFECT_*`): an effect's code is its place in the literal."""


def ground_codes(ground: StopGround) -> tuple[int, bool]:
    """A stop ground as `_integer.stop_months` reads it, for both paths: its effect's code
    and whether the month its event falls in is paid (`last_month_paid: containing`)."""
    return EFFECTS.index(ground.effect), ground.last_month_paid == "containing"


def area_code(area: str | None) -> int:
    """A GB/T 2260 code as the int the procedure compares (six digits: one int each)."""
    if area is None:
        return P.AREA_NONE
    return int(area) if len(area) == 6 and area.isascii() and area.isdigit() else -2


class _Money:
    """The money tables being built, one legal period at a time."""

    def __init__(self, periods: int) -> None:
        self.money = [[-1] * periods for _ in range(P.M_FIELDS)]
        self.bands: list[list[int]] = [[], []]
        self.wages: list[list[int]] = [[], []]
        self.tiers: list[list[int]] = [[], []]

    def period(self, p: int, v: dict[str, Any]) -> None:
        m = self.money
        standard = v.get("benefit_standard")
        m[P.M_SPECIAL][p] = 0
        for g in (0, 2):
            m[P.M_LO + g][p] = m[P.M_HI + g][p] = len(self.bands[0])
        if standard is not None:
            m[P.M_STD][p] = BASE_CODES[standard.base]
            groups = [standard.rates]
            if standard.special_group is not None:
                m[P.M_SPECIAL][p] = 1
                groups.append(standard.special_group.rates)
            for g, rates in zip((0, 2), groups, strict=False):
                m[P.M_LO + g][p] = len(self.bands[0])
                for band in rates:
                    through = band.through_month
                    self.bands[P.B_THROUGH].append(P.FOREVER if through is None else through)
                    self.bands[P.B_RATE].append(int(band.rate * 10000))
                m[P.M_HI + g][p] = len(self.bands[0])
        beyond = v.get("beyond_regular_months")
        if beyond is not None:
            m[P.M_BEYOND][p] = BASE_CODES[beyond.base]
            m[P.M_AFTER][p] = beyond.after_month
            m[P.M_RATE][p] = int(beyond.rate * 10000)
        m[P.M_WAGE_LO][p] = len(self.wages[0])
        for tier, wage in (v.get("minimum_wage") or {}).items():
            self.wages[P.W_TIER].append(int(tier))
            self.wages[P.W_FEN].append(int(wage * 100))
        m[P.M_WAGE_HI][p] = len(self.wages[0])
        listed = v.get("minimum_wage_area_tiers")
        m[P.M_TIERS][p] = 0 if listed is None else 1
        m[P.M_TIERS_LO][p] = len(self.tiers[0])
        for area, tier in sorted((area_code(a), t) for a, t in (listed or {}).items()):
            self.tiers[P.A_CODE].append(area)
            self.tiers[P.A_TIER].append(int(tier))
        m[P.M_TIERS_HI][p] = len(self.tiers[0])
        self._readings(p, v)

    def _readings(self, p: int, v: dict[str, Any]) -> None:
        m = self.money
        if "pooling_base" in v:
            m[P.M_POOLING][p] = READING_CODES.get(v["pooling_base"], -1)
        if v.get("pooling_area_seat") is not None:
            m[P.M_SEAT][p] = area_code(v["pooling_area_seat"])
        if "standard_date" in v:
            m[P.M_STANDARD_DATE][p] = STANDARD_DATES.get(v["standard_date"], 2)
        m[P.M_EARLY][p] = int(v.get("early_claim_beyond") == "month_start")
        m[P.M_PRO_RATA][p] = int(v.get("partial_last_month") == "pro_rata")
        rounding = v.get("money_rounding")
        if rounding is not None:
            m[P.M_PLACES][p] = rounding.places
            m[P.M_MODE][p] = MODE_CODES[rounding.mode]


def _money(dated: dict[str, Dated]) -> dict[str, Any]:
    """The legal periods' money fields: each parameter's value in force from each day on
    which any parameter changes (the same cut as `_compiled.Compiled`'s periods)."""
    starts = sorted({s for values in dated.values() for s, _ in values})
    built = _Money(len(starts) + 1)
    built.period(0, {})
    for p, start in enumerate(starts, 1):
        found: dict[str, Any] = {}
        for pid, values in dated.items():
            for s, value in values:
                if s <= start:
                    found[pid] = value
        built.period(p, found)
    beyond = dated.get("beyond_regular_months", [])
    return {
        "money_starts": tuple(day(s) for s in starts),
        "money": tuple(v for fields in zip(*built.money, strict=True) for v in fields),
        "bands": tuple(v for pair in zip(*built.bands, strict=True) for v in pair),
        "wages": tuple(v for pair in zip(*built.wages, strict=True) for v in pair),
        "tiers": tuple(v for pair in zip(*built.tiers, strict=True) for v in pair),
        "beyond_first": day(beyond[0][0]) if beyond else -P.FOREVER,
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
        **_money(dated),
    )
