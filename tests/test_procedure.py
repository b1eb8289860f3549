"""The procedure's integer calendar (`_procedure`) against the standard library's, day by day.

The procedure counts days and months as ints so that the one-claim path and the compiled
population path run the same text; these properties hold it to `datetime`.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from uibenefit.law._law_tables import date, day
from uibenefit.procedure import _integer as P
from uibenefit.procedure.facts import month_end
from uibenefit.procedure.retirement import add_months

DAYS = st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31))


@given(DAYS)
def test_day_numbers_are_the_calendar(on: dt.date) -> None:
    n = day(on)
    assert P.civil(n) == (on.year, on.month, on.day)
    assert P.day_number(on.year, on.month, on.day) == n == (on - dt.date(1970, 1, 1)).days
    assert date(P.month_end(P.month_of(n))) == month_end(on.year, on.month)


@given(DAYS, st.integers(0, 1200))
def test_add_months_is_add_months(on: dt.date, months: int) -> None:
    assert date(P.add_months(day(on), months)) == add_months(on, months)


@given(DAYS, DAYS)
def test_age_in_years(birth: dt.date, on: dt.date) -> None:
    """Whole years: the birthday reached this year or not (29 February's on 28 February)."""
    if birth <= on:
        years = on.year - birth.year
        expected = years - 1 if add_months(birth, 12 * years) > on else years
        assert P.age_in_years(day(birth), day(on)) == expected


def test_value_at_is_the_last_start_on_or_before() -> None:
    starts = (10, 20, 30)
    assert [P.value_at(starts, d) for d in (9, 10, 19, 20, 29, 30, 99)] == [-1, 0, 0, 1, 1, 2, 2]
    assert P.value_at((), 5) == -1


@given(DAYS, st.integers(-400, 4000))
def test_months_after_counts_the_months_begun(start: dt.date, offset: int) -> None:
    """The fewest months m whose month m + 1 begins after the day, counted one by one."""
    s = day(start)
    d = s + offset
    counted = 0
    while P.add_months(s, counted) <= d:
        counted += 1
    assert P.months_after(s, d) == counted
