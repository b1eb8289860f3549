"""The shapes of the parameters the engine reads by name, checked when a policy loads.

Every number and date has a range, so a policy that loads also evaluates: a tier of 100000
months, a wage of 1e30 or office days 31 to 1 are refused at load with their file and line,
never met as a crash in the middle of an evaluation. Numbers are taken only as the loader
built them (no text such as "1e100000" converted on the way) and whole numbers only as whole
numbers (no 24.0).

A parameter id not listed here is still allowed (an analyst may add one for a condition to
read), but then its values must be plain scalars or lists of them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    TypeAdapter,
    model_validator,
)

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)
"""Dates a policy may name: the years a claimant's dates may take (see claimant.py)."""
MAX_CONTRIBUTION_MONTHS = 1200
"""A century of contributions: the most a claimant's record holds."""
MAX_MONTHS = 120
"""Ten years: more than any benefit period, threshold or delay the law sets (at most 24)."""
MAX_DAYS = 3660
"""Ten years of days: more than any claim period or notice deadline."""
MAX_WAGE = Decimal(100_000)
"""A monthly minimum wage in yuan: more than forty times today's, far below overflow."""
MAX_TIER = 9


def _number(value: Any) -> Any:
    """Only a number the loader built (int or Decimal), never text or a truth value."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValueError("expected a number written unquoted, such as 0.8 or 1560")
    return Decimal(value)


Months = Annotated[int, Strict(), Field(ge=0, le=MAX_MONTHS)]
"""Months of benefit, a threshold or a delay: a negative count or 100000 is a typo."""
ContributionMonths = Annotated[int, Strict(), Field(ge=0, le=MAX_CONTRIBUTION_MONTHS)]
Days = Annotated[int, Strict(), Field(ge=0, le=MAX_DAYS)]
DayOfMonth = Annotated[int, Strict(), Field(ge=1, le=31)]
TierNumber = Annotated[int, Strict(), Field(ge=1, le=MAX_TIER)]
Rate = Annotated[Decimal, BeforeValidator(_number), Field(gt=0, le=2, decimal_places=4)]
Wage = Annotated[Decimal, BeforeValidator(_number), Field(gt=0, le=MAX_WAGE, decimal_places=2)]
Multiple = Annotated[Decimal, BeforeValidator(_number), Field(ge=0, le=100, decimal_places=2)]
Date = Annotated[dt.date, Strict(), Field(ge=EARLIEST, le=LATEST)]
AreaCode = Annotated[str, Field(pattern=r"^[1-8][0-9]{5}$")]
"""A GB/T 2260 code: six ASCII digits, the first 1–8 (no ０-９, no 7-digit 0152201)."""

RANGES: dict[str, str] = {
    "months": f"0..{MAX_MONTHS}",
    "contribution months": f"0..{MAX_CONTRIBUTION_MONTHS}",
    "days": f"0..{MAX_DAYS}",
    "day of month": "1..31",
    "minimum wage tier": f"1..{MAX_TIER}",
    "rate": "over 0, at most 2, 4 decimal places",
    "wage": f"over 0, at most {MAX_WAGE} yuan, 2 decimal places",
    "date": f"{EARLIEST}..{LATEST}",
}
"""The ranges above in words, for docs/analysts.md and messages."""


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Tier(_Shape):
    """From `min_contribution_months` cumulative months of contributions, `months` of benefit."""

    min_contribution_months: ContributionMonths
    months: Months


class Delay(_Shape):
    """The 2025 reform: one month of delay per `birth_months_per_step` months of birth."""

    first_birth_month: Date
    birth_months_per_step: Annotated[int, Field(ge=1, le=MAX_MONTHS)]
    max_delay_months: Months


class Age(_Shape):
    """A statutory retirement age: whole years, and the reform's delay if any."""

    years: int = Field(ge=40, le=70)
    delay: Delay | None = None


class RetirementAges(_Shape):
    """Men, women workers (50) and women cadres (55)."""

    male: Age
    female_worker: Age
    female_cadre: Age


class Band(_Shape):
    """Months up to and including `through_month` are paid at `rate` of the base; a band
    without `through_month` runs on with no end ("从第十三个月开始")."""

    through_month: Annotated[int, Field(ge=1, le=MAX_CONTRIBUTION_MONTHS)] | None = None
    rate: Rate


def _ordered(bands: list[Band]) -> list[Band]:
    """Bands rise month by month, and only the last may be open-ended."""
    ends = [b.through_month for b in bands]
    if any(end is None for end in ends[:-1]):
        raise ValueError("only the last band may leave out through_month (no end)")
    closed = [end for end in ends if end is not None]
    if closed != sorted(set(closed)):
        raise ValueError("through_month must rise from band to band")
    return bands


Bands = Annotated[list[Band], Field(min_length=1), AfterValidator(_ordered)]


Base = Literal["pooling_area_minimum_wage", "region_tier1_minimum_wage"]


class SpecialGroup(_Shape):
    """Higher rates for people the condition `when` picks out, under their own `clause`."""

    when: Any
    clause: str | None = None
    rates: Bands


class Standard(_Shape):
    """The monthly benefit standard: rates by month of receipt, on a minimum wage base."""

    base: Base
    rates: Bands
    special_group: SpecialGroup | None = None


class BeyondMonths(_Shape):
    """Months after `after_month` are paid at `rate` of the base (IM6)."""

    after_month: Annotated[int, Field(ge=1, le=MAX_MONTHS)]
    rate: Rate
    base: Base


class Rounding(_Shape):
    """How money is rounded: decimal places and a `decimal` rounding mode."""

    places: Annotated[int, Field(ge=0, le=4)]
    mode: Literal["ROUND_HALF_UP", "ROUND_HALF_EVEN", "ROUND_DOWN", "ROUND_UP"]


class PayBy(_Shape):
    """XC7: claims up to `cutoff_day` are paid by the month's end, later ones a month later."""

    cutoff_day: DayOfMonth
    cutoff_day_counts_as: Literal["before", "after"]


class OfficeDays(_Shape):
    """XC12: offices open on days `first_day`..`last_day` of the month, holidays excepted."""

    first_day: DayOfMonth
    last_day: DayOfMonth
    exclude_weekends: bool

    @model_validator(mode="after")
    def _in_order(self) -> OfficeDays:
        if self.first_day > self.last_day:
            raise ValueError(
                f"first_day {self.first_day} is after last_day {self.last_day}: the window "
                "runs from the first to the last day of one month"
            )
        return self


def _tiers_rise(tiers: list[Tier]) -> list[Tier]:
    for before, after in itertools.pairwise(tiers):
        if after.min_contribution_months <= before.min_contribution_months:
            raise ValueError(
                "min_contribution_months must rise from tier to tier: "
                f"{after.min_contribution_months} follows {before.min_contribution_months}"
            )
    return tiers


def _fines_in_order(pair: tuple[Decimal, Decimal]) -> tuple[Decimal, Decimal]:
    if pair[0] > pair[1]:
        raise ValueError(f"the lower multiple {pair[0]} is above the upper {pair[1]}")
    return pair


Tiers = Annotated[list[Tier], AfterValidator(_tiers_rise)]
Fines = Annotated[tuple[Multiple, Multiple], AfterValidator(_fines_in_order)]


_STRICT = ConfigDict(strict=True)


def _adapter(shape: Any) -> TypeAdapter[Any]:
    return TypeAdapter(shape, config=_STRICT)


KNOWN: dict[str, TypeAdapter[Any]] = {
    "minimum_contribution_months": _adapter(ContributionMonths),
    "separation_reason_names": _adapter(dict[str, str]),
    "sex_names": _adapter(dict[Literal["male", "female"], str]),
    "area_names": _adapter(dict[str, list[str]]),
    "insured_as_with_employer": _adapter(list[Literal["employee", "flexible"]]),
    "regular_months_tiers": _adapter(Tiers),
    "regular_months_cap": _adapter(Months),
    "involuntary_separation_reasons": _adapter(list[str]),
    "benefit_start": _adapter(Literal["registration_date", "application_date"]),
    "retirement_age": TypeAdapter(RetirementAges),
    "continuation_threshold_months": _adapter(Months | None),
    "standard_date": _adapter(Literal["application_date", "month_start"]),
    "early_claim_beyond": _adapter(Literal["application_date", "month_start"]),
    "money_rounding": TypeAdapter(Rounding),
    "medical_insurance_while_receiving": _adapter(bool),
    "medical_insurance_on_lump_sum": _adapter(bool),
    "claim_period_days": _adapter(Days),
    "benefit_standard": TypeAdapter(Standard | None),
    "beyond_regular_months": TypeAdapter(BeyondMonths | None),
    # keys are text in YAML (`1: 1560`): the tier number is read from it, in 1..9
    "minimum_wage": _adapter(dict[Annotated[TierNumber, Strict(False)], Wage]),
    "minimum_wage_area_tiers": _adapter(dict[AreaCode, TierNumber]),
    "minimum_wage_area_tiers_assumed": _adapter(list[AreaCode]),
    "pooling_base": _adapter(Literal["league_seat", "insured_area", "region_tier1"]),
    "pooling_area_seat": _adapter(AreaCode),
    "special_group_start": _adapter(Date),
    "pay_by": TypeAdapter(PayBy),
    "office_days": TypeAdapter(OfficeDays),
    "online_claiming_live": _adapter(Date | None),
    "archive_handover_ends": _adapter(Date),
    "partial_last_month": _adapter(Literal["full", "pro_rata"]),
    "fraud_fine_multiples": TypeAdapter(Fines),  # a YAML list of two numbers
    # read by uibenefit.records (claims from the agency's own records)
    "unemployment_from_records": _adapter(bool),
    "prefill_from_records": _adapter(bool),
    "contribution_time_restarts": _adapter(bool),
    "stop_reason_prevails": _adapter(bool),
    "collection_ledger_before": _adapter(Date),
    "continuation_excluded_groups": _adapter(list[Literal["flexible", "lump_sum"]]),
    "continuation_exclusion_scope": _adapter(Literal["medical_only", "arrears_and_medical"]),
}

RECORDS_PARAMETERS = frozenset(
    {
        "unemployment_from_records",
        "prefill_from_records",
        "contribution_time_restarts",
        "stop_reason_prevails",
        "collection_ledger_before",
        "continuation_excluded_groups",
        "continuation_exclusion_scope",
    }
)
"""The parameters uibenefit.records reads (derivations from records, the continuation list)."""

Scalar = str | int | Decimal | bool | dt.date | None
OTHER: TypeAdapter[Any] = TypeAdapter(Scalar | list[str | int | Decimal | dt.date])
