"""The shapes of the parameters the engine reads by name, checked when a policy loads.

A parameter id not listed here is still allowed (an analyst may add one for a condition to
read), but then its values must be plain scalars or lists of them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Tier(_Shape):
    """From `min_contribution_months` cumulative months of contributions, `months` of benefit."""

    min_contribution_months: int = Field(ge=0)
    months: int = Field(ge=0)


class Delay(_Shape):
    """The 2025 reform: one month of delay per `birth_months_per_step` months of birth."""

    first_birth_month: dt.date
    birth_months_per_step: int = Field(ge=1)
    max_delay_months: int = Field(ge=0)


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

    through_month: int | None = Field(None, ge=1, le=1200)
    rate: Decimal = Field(gt=0, le=2)


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


Count = Annotated[int, Field(ge=0)]
"""Months or days: a negative count is a typo, refused when the policy loads."""

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

    after_month: int = Field(ge=1)
    rate: Decimal = Field(gt=0, le=2)
    base: Base


class Rounding(_Shape):
    """How money is rounded: decimal places and a `decimal` rounding mode."""

    places: int = Field(ge=0, le=4)
    mode: Literal["ROUND_HALF_UP", "ROUND_HALF_EVEN", "ROUND_DOWN", "ROUND_UP"]


class PayBy(_Shape):
    """XC7: claims up to `cutoff_day` are paid by the month's end, later ones a month later."""

    cutoff_day: int = Field(ge=1, le=31)
    cutoff_day_counts_as: Literal["before", "after"]


class OfficeDays(_Shape):
    """XC12: offices open on days `first_day`..`last_day` of the month, holidays excepted."""

    first_day: int = Field(ge=1, le=31)
    last_day: int = Field(ge=1, le=31)
    exclude_weekends: bool


KNOWN: dict[str, TypeAdapter[Any]] = {
    "minimum_contribution_months": TypeAdapter(Count),
    "separation_reason_names": TypeAdapter(dict[str, str]),
    "insured_as_with_employer": TypeAdapter(list[Literal["employee", "flexible"]]),
    "regular_months_tiers": TypeAdapter(list[Tier]),
    "regular_months_cap": TypeAdapter(Count),
    "involuntary_separation_reasons": TypeAdapter(list[str]),
    "benefit_start": TypeAdapter(Literal["registration_date", "application_date"]),
    "retirement_age": TypeAdapter(RetirementAges),
    "continuation_threshold_months": TypeAdapter(Count | None),
    "standard_date": TypeAdapter(Literal["application_date", "month_start"]),
    "money_rounding": TypeAdapter(Rounding),
    "medical_insurance_while_receiving": TypeAdapter(bool),
    "medical_insurance_on_lump_sum": TypeAdapter(bool),
    "claim_period_days": TypeAdapter(Count),
    "benefit_standard": TypeAdapter(Standard | None),
    "beyond_regular_months": TypeAdapter(BeyondMonths | None),
    "minimum_wage": TypeAdapter(dict[int, Annotated[Decimal, Field(gt=0)]]),
    "minimum_wage_area_tiers": TypeAdapter(dict[str, int]),
    "minimum_wage_area_tiers_assumed": TypeAdapter(list[str]),
    "pooling_base": TypeAdapter(Literal["league_seat", "insured_area", "region_tier1"]),
    "pooling_area_seat": TypeAdapter(str),
    "special_group_start": TypeAdapter(dt.date),
    "pay_by": TypeAdapter(PayBy),
    "office_days": TypeAdapter(OfficeDays),
    "online_claiming_live": TypeAdapter(dt.date | None),
    "archive_handover_ends": TypeAdapter(dt.date),
    "partial_last_month": TypeAdapter(Literal["full", "pro_rata"]),
    "fraud_fine_multiples": TypeAdapter(tuple[Decimal, Decimal]),
}

Scalar = str | int | Decimal | bool | dt.date | None
OTHER: TypeAdapter[Any] = TypeAdapter(Scalar | list[str | int | Decimal | dt.date])
