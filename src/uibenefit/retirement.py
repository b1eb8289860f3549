"""Statutory retirement date: the old ages (IM2) and the gradual reform from 2025-01-01.

The reform delays retirement by one month per `birth_months_per_step` months of birth,
counted from the cohort's first birth month (that month is 1), up to `max_delay_months`.
Which rule applies is decided by the law in force on the day the person reaches the old age,
so people who reached it before 2025 keep it.
"""

from __future__ import annotations

import datetime as dt
import math

from dateutil.relativedelta import relativedelta

from ._params import Age, RetirementAges


def age_key(sex: str, position: str) -> str:
    """`male`, `female_worker` or `female_cadre`: which retirement age applies."""
    if sex == "male":
        return "male"
    return "female_cadre" if position == "cadre" else "female_worker"


def delay_months(birth: dt.date, age: Age) -> int:
    """Months of delay under the reform for someone born on `birth` (0 before the first cohort)."""
    if age.delay is None:
        return 0
    first = age.delay.first_birth_month
    n = (birth.year - first.year) * 12 + (birth.month - first.month) + 1
    if n < 1:
        return 0
    return min(math.ceil(n / age.delay.birth_months_per_step), age.delay.max_delay_months)


def old_age_date(birth: dt.date, ages: RetirementAges, key: str) -> dt.date:
    """The day the person reaches the whole-year age, before any delay."""
    age: Age = getattr(ages, key)
    return birth + relativedelta(years=age.years)


def retirement_date(birth: dt.date, ages: RetirementAges, key: str) -> dt.date:
    """The day the statutory retirement age is reached under `ages`."""
    age: Age = getattr(ages, key)
    return birth + relativedelta(years=age.years, months=delay_months(birth, age))
