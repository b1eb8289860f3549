"""Statutory retirement date: the old ages (IM2) and the gradual reform from 2025-01-01.

The reform delays retirement by one month per `birth_months_per_step` months of birth,
counted from the cohort's first birth month (that month is 1), up to `max_delay_months`.
Which rule applies is decided by the law in force on the day the person reaches the old age,
so people who reached it before 2025 keep it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math

from ..law._params import Age, RetirementAges

MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
"""Days of each month (index 1 to 12) in a common year."""


def add_months(day: dt.date, months: int) -> dt.date:
    """Exactly `day + relativedelta(months=months)`: the same day of the month, or the month's
    last day where it has none (31 Jan + 1 month = 28/29 Feb; 29 Feb + 12 months = 28 Feb).

    Written out because the engine does this some 30 times per evaluation and relativedelta
    is slow; tests check it against relativedelta.
    """
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    d = day.day
    if d > 28:  # only the 29th to the 31st can be past a month's end
        last = MONTH_DAYS[month] if month != 2 else 28 + calendar.isleap(year)
        if d > last:
            d = last
    return dt.date(year, month, d)


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
    return add_months(birth, 12 * age.years)


def retirement_date(birth: dt.date, ages: RetirementAges, key: str) -> dt.date:
    """The day the statutory retirement age is reached under `ages`."""
    age: Age = getattr(ages, key)
    return add_months(birth, 12 * age.years + delay_months(birth, age))
