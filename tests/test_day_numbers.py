"""The day-number conversions every loop over claims makes (`procedure._integer.civil`,
`day_number`) against the standard library's proleptic Gregorian calendar."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from uibenefit.procedure._integer import civil, day_number

EPOCH = dt.date(1970, 1, 1).toordinal()


def test_every_day_from_1800_to_2300_converts_both_ways() -> None:
    first = dt.date(1800, 1, 1).toordinal() - EPOCH
    last = dt.date(2300, 12, 31).toordinal() - EPOCH
    for day in range(first, last + 1):
        d = dt.date.fromordinal(day + EPOCH)
        assert civil(day) == (d.year, d.month, d.day), d
        assert day_number(d.year, d.month, d.day) == day


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_any_date_a_python_date_holds(d: dt.date) -> None:
    day = d.toordinal() - EPOCH
    assert civil(day) == (d.year, d.month, d.day)
    assert day_number(*civil(day)) == day


def test_the_ends_of_centuries_and_leap_days() -> None:
    for year in (1, 4, 100, 400, 1900, 2000, 2100, 2400, 9999):
        for month, day in ((1, 1), (2, 28), (3, 1), (12, 31)):
            d = dt.date(year, month, day)
            assert civil(d.toordinal() - EPOCH) == (year, month, day)
    assert civil(dt.date(2000, 2, 29).toordinal() - EPOCH) == (2000, 2, 29)
    assert civil(dt.date(2024, 2, 29).toordinal() - EPOCH) == (2024, 2, 29)
