"""The working-day calendar's day-number tables give the answers a day-by-day count gives.

`WorkCalendar` answers deadlines from tables over its covered years (built once per
calendar). Each answer here is held to a plain count written in this file, on the bundled
calendar and on calendars with a year missing in the middle and at either end, where a count
that reaches a year without a schedule must raise CalendarCoverageError naming that year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uibenefit import CalendarCoverageError
from uibenefit.law.calendar import WorkCalendar

ONE = dt.timedelta(days=1)
EPOCH = dt.date(1970, 1, 1).toordinal()
BUNDLED = WorkCalendar.bundled()


def _gapped(keep: set[int]) -> WorkCalendar:
    """The bundled schedules of the years in `keep` only."""
    return WorkCalendar(
        holidays=frozenset(d for d in BUNDLED.holidays if d.year in keep),
        makeup_workdays=frozenset(d for d in BUNDLED.makeup_workdays if d.year in keep),
        years=frozenset(keep),
    )


CALENDARS = {
    "bundled": BUNDLED,
    "gap 2020": _gapped({2018, 2019, 2021, 2022}),
    "one year": _gapped({2024}),
}


def _works(cal: WorkCalendar, d: dt.date) -> bool:
    """A working day by the definition, refusing a year without a schedule."""
    if d.year not in cal.years:
        raise CalendarCoverageError(d.year)
    if d.weekday() < 5:
        return d not in cal.holidays
    return d in cal.makeup_workdays


def _count(cal: WorkCalendar, start: dt.date, n: int) -> dt.date:
    d, left = start, n
    while left:
        d += ONE
        if _works(cal, d):
            left -= 1
    return d


def _deadline(cal: WorkCalendar, start: dt.date, n: int) -> dt.date:
    d = start + dt.timedelta(days=n)
    while not _works(cal, d):
        d += ONE
    return d


def _office(cal: WorkCalendar, d: dt.date, lo: int, hi: int, weekends: bool) -> bool:
    works = _works(cal, d)
    if not lo <= d.day <= hi:
        return False
    return works if weekends else d not in cal.holidays


def _same(expected: object, got: object) -> None:
    """Both a value, equal, or both CalendarCoverageError for the same year."""
    assert type(expected) is type(got)
    if isinstance(expected, CalendarCoverageError):
        assert isinstance(got, CalendarCoverageError)
        assert got.year == expected.year
    else:
        assert got == expected


def _either(run: Callable[..., object], *args: object) -> object:
    try:
        return run(*args)
    except CalendarCoverageError as exc:
        return exc


days = st.dates(dt.date(2002, 12, 1), dt.date(2028, 1, 31))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(CALENDARS)), days, st.integers(1, 90))
def test_deadlines_are_the_day_by_day_count(name: str, start: dt.date, n: int) -> None:
    """N 个工作日内 and N 日内 (民法典 201, 203) from the tables, and on day numbers."""
    cal = CALENDARS[name]
    _same(_either(lambda: _count(cal, start, n)), _either(lambda: cal.add_working_days(start, n)))
    _same(_either(lambda: _deadline(cal, start, n)), _either(lambda: cal.days_deadline(start, n)))
    number = start.toordinal() - EPOCH
    got = _either(lambda: cal.add_working_days_n(number, n) + EPOCH)
    _same(_either(lambda: _count(cal, start, n).toordinal()), got)
    assert cal.covers_n(number) == (start.year in cal.years)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(CALENDARS)), days, st.integers(1, 31), st.booleans())
def test_office_days_are_the_definition(name: str, d: dt.date, lo: int, weekends: bool) -> None:
    """XC12's window, statutory holidays excepted, read from the tables."""
    cal = CALENDARS[name]
    hi = max(lo, 30) if lo <= 30 else 31
    _same(
        _either(lambda: _office(cal, d, lo, hi, weekends)),
        _either(lambda: cal.is_office_day(d, lo, hi, exclude_weekends=weekends)),
    )

    def reference() -> dt.date:
        day = d
        while not _office(cal, day, lo, hi, weekends):
            day += ONE
        return day

    _same(
        _either(reference),
        _either(lambda: cal.next_office_day(d, lo, hi, exclude_weekends=weekends)),
    )


@pytest.mark.parametrize("name", sorted(CALENDARS))
def test_every_covered_day_and_its_neighbours(name: str) -> None:
    """Every day of the covered years and a month either side, for a week's counts."""
    cal = CALENDARS[name]
    d = dt.date(min(cal.years), 1, 1) - dt.timedelta(days=31)
    last = dt.date(max(cal.years), 12, 31) + dt.timedelta(days=31)
    while d <= last:
        for n in (1, 7):
            _same(_either(_count, cal, d, n), _either(cal.add_working_days, d, n))
            _same(_either(_deadline, cal, d, n), _either(cal.days_deadline, d, n))
        _same(_either(_deadline, cal, d - ONE, 1), _either(cal.next_working_day, d))
        d += ONE


def test_a_count_into_a_missing_year_names_it() -> None:
    """7 working days from 2019-12-27 run into 2020, which this calendar lacks: the schedule
    is never guessed."""
    cal = CALENDARS["gap 2020"]
    with pytest.raises(CalendarCoverageError) as caught:
        cal.add_working_days(dt.date(2019, 12, 27), 7)
    assert caught.value.year == 2020
    assert cal.add_working_days(dt.date(2019, 12, 27), 1) == dt.date(2019, 12, 30)


def test_a_calendar_file_alone(tmp_path: Path) -> None:
    """A calendar.yaml without the package: one year, answers inside it, raises past it."""
    path = tmp_path / "calendar.yaml"
    path.write_text(
        "years:\n  2031:\n    source: test notice\n    holidays: [2031-01-01]\n"
        "    makeup_workdays: []\n",
        encoding="utf-8",
    )
    cal = WorkCalendar.from_file(path, include_package=False)
    assert cal.add_working_days(dt.date(2030, 12, 31), 1) == dt.date(2031, 1, 2)
    assert cal.days_deadline(dt.date(2030, 12, 30), 2) == dt.date(2031, 1, 2)
    with pytest.raises(CalendarCoverageError):
        cal.add_working_days(dt.date(2031, 12, 30), 2)
    with pytest.raises(CalendarCoverageError):
        cal.days_deadline(dt.date(2030, 12, 1), 3)
