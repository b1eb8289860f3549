"""The working-day calendar, checked against hand-computed State Council schedules."""

from __future__ import annotations

import dataclasses
import datetime as dt
import textwrap
from pathlib import Path

import chinese_calendar  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uibenefit.errors import CalendarCoverageError, PolicyError
from uibenefit.law.calendar import WorkCalendar

D = dt.date
CAL = WorkCalendar.bundled()
DATES = st.dates(min_value=D(2017, 1, 1), max_value=D(2026, 12, 15))
COUNTS = st.integers(min_value=1, max_value=10)
PROPERTY = settings(max_examples=200, deadline=None)


def write(tmp_path: Path, text: str, name: str = "calendar.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


# --------------------------------------------------------------------- 2020 Labour Day


def test_2020_labour_day_schedule() -> None:
    """国办发明电〔2019〕16号: May 1–5 off; Sunday 04-26 and Saturday 05-09 are worked."""
    for day in range(1, 6):
        assert not CAL.is_working_day(D(2020, 5, day))
    assert CAL.is_working_day(D(2020, 4, 26))  # Sunday, make-up
    assert CAL.is_working_day(D(2020, 5, 9))  # Saturday, make-up
    assert not CAL.is_working_day(D(2020, 5, 10))  # ordinary Sunday
    assert CAL.is_working_day(D(2020, 5, 6))  # Wednesday after the holiday


def test_7_working_days_after_2020_04_28() -> None:
    """From Tuesday 2020-04-28: 04-29 (1), 04-30 (2), [05-01..05 off], 05-06 (3), 05-07 (4),
    05-08 (5), 05-09 Sat make-up (6), [05-10 Sun rest], 05-11 Mon (7) -> 2020-05-11."""
    assert CAL.add_working_days(D(2020, 4, 28), 7) == D(2020, 5, 11)
    assert CAL.working_days_between(D(2020, 4, 28), D(2020, 5, 11)) == 7


def test_5_working_days_after_2020_04_24() -> None:
    """From Friday 2020-04-24: [04-25 Sat rest], 04-26 Sun make-up (1), 04-27 (2), 04-28 (3),
    04-29 (4), 04-30 (5) -> 2020-04-30."""
    assert CAL.add_working_days(D(2020, 4, 24), 5) == D(2020, 4, 30)


# --------------------------------------------------------------------- 2020 National Day


def test_2020_national_day_schedule() -> None:
    """National Day + Mid-Autumn 2020: Oct 1–8 off; Sunday 09-27 and Saturday 10-10 worked."""
    for day in range(1, 9):
        assert not CAL.is_working_day(D(2020, 10, day))
    assert CAL.is_working_day(D(2020, 9, 27))
    assert CAL.is_working_day(D(2020, 10, 9))
    assert CAL.is_working_day(D(2020, 10, 10))
    assert not CAL.is_working_day(D(2020, 10, 11))


def test_7_working_days_after_2020_09_25() -> None:
    """From Friday 2020-09-25: [09-26 Sat rest], 09-27 Sun make-up (1), 09-28 (2), 09-29 (3),
    09-30 (4), [10-01..08 off], 10-09 Fri (5), 10-10 Sat make-up (6), [10-11 Sun rest],
    10-12 Mon (7) -> 2020-10-12."""
    assert CAL.add_working_days(D(2020, 9, 25), 7) == D(2020, 10, 12)


def test_next_working_day_2020() -> None:
    """10-01 is the first day off, so the next working day is Friday 10-09; a working day is
    its own next working day; Saturday 10-10 is a make-up day so it is one too."""
    assert CAL.next_working_day(D(2020, 10, 1)) == D(2020, 10, 9)
    assert CAL.next_working_day(D(2020, 9, 30)) == D(2020, 9, 30)
    assert CAL.next_working_day(D(2020, 10, 10)) == D(2020, 10, 10)
    assert CAL.next_working_day(D(2020, 10, 11)) == D(2020, 10, 12)


# --------------------------------------------------------------------- 2026


@pytest.mark.parametrize(
    "day",
    [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)],
)
def test_2026_makeup_working_days(day: dt.date) -> None:
    """国办发明电〔2025〕7号: these Saturdays and Sundays are worked (调休上班)."""
    assert day.weekday() >= 5
    assert CAL.is_working_day(day)
    assert not CAL.is_holiday(day)


def test_7_working_days_after_2026_09_25() -> None:
    """From Friday 2026-09-25 (itself a day off, Mid-Autumn 09-25..27): 09-28 (1), 09-29 (2),
    09-30 (3), [10-01..07 off], 10-08 (4), 10-09 (5), 10-10 Sat make-up (6), [10-11 Sun],
    10-12 Mon (7) -> 2026-10-12. chinesecalendar's find_workday counts 09-28 as day 0 and
    gives 10-13, one day late."""
    assert CAL.add_working_days(D(2026, 9, 25), 7) == D(2026, 10, 12)
    assert chinese_calendar.find_workday(7, D(2026, 9, 25)) == D(2026, 10, 13)


def test_start_day_never_counts() -> None:
    """1 working day after a working Monday 2020-06-01 is Tuesday 06-02, not the Monday."""
    assert CAL.add_working_days(D(2020, 6, 1), 1) == D(2020, 6, 2)
    assert CAL.add_working_days(D(2020, 6, 6), 1) == D(2020, 6, 8)  # from a Saturday


# --------------------------------------------------------------------- "within N days"


def test_days_deadline_lands_on_holiday_moves_on() -> None:
    """From Thursday 2020-09-24: 09-24 + 7 = 10-01, a holiday (10-01..08 off) -> 民法典
    第二百零三条 moves the end to the next working day, Friday 2020-10-09."""
    assert CAL.days_deadline(D(2020, 9, 24), 7) == D(2020, 10, 9)


def test_days_deadline_2026_mid_autumn() -> None:
    """From Friday 2026-09-18: + 7 = 09-25, Mid-Autumn (09-25..27 off) -> Monday 2026-09-28."""
    assert CAL.days_deadline(D(2026, 9, 18), 7) == D(2026, 9, 28)


def test_days_deadline_lands_on_makeup_saturday_stays() -> None:
    """From 2020-10-03: + 7 = 10-10, a make-up Saturday, a working day: the period ends there.
    Likewise 2020-05-02 + 7 = 05-09, the Labour Day make-up Saturday."""
    assert CAL.days_deadline(D(2020, 10, 3), 7) == D(2020, 10, 10)
    assert CAL.days_deadline(D(2020, 5, 2), 7) == D(2020, 5, 9)


def test_days_deadline_lands_on_ordinary_weekend() -> None:
    """From Saturday 2020-06-06: + 7 = 06-13, an ordinary Saturday -> Monday 2020-06-15."""
    assert CAL.days_deadline(D(2020, 6, 6), 7) == D(2020, 6, 15)


def test_days_deadline_plain() -> None:
    """From Monday 2020-06-01: + 7 = Monday 06-08, a working day, so that is the deadline."""
    assert CAL.days_deadline(D(2020, 6, 1), 7) == D(2020, 6, 8)


# --------------------------------------------------------------------- properties


@PROPERTY
@given(DATES, COUNTS)
def test_working_day_deadline_never_before_day_deadline(start: dt.date, n: int) -> None:
    """The n-th working day after start is at least n calendar days later and a working day,
    so it is never before the first working day on or after start + n."""
    assert CAL.add_working_days(start, n) >= CAL.days_deadline(start, n)


@PROPERTY
@given(DATES)
def test_seven_working_days_never_before_seven_days(start: dt.date) -> None:
    """The brief's case exactly: 7 working days vs 7 days."""
    assert CAL.add_working_days(start, 7) >= CAL.days_deadline(start, 7)


@PROPERTY
@given(DATES, COUNTS)
def test_deadlines_are_working_days(start: dt.date, n: int) -> None:
    """Neither kind of deadline can end on a day the office is shut."""
    assert CAL.is_working_day(CAL.add_working_days(start, n))
    assert CAL.is_working_day(CAL.days_deadline(start, n))


@PROPERTY
@given(DATES, COUNTS)
def test_working_days_between_inverts_add(start: dt.date, n: int) -> None:
    """(start, add_working_days(start, n)] holds exactly n working days, the last one at the
    end, so the result is the earliest date with n working days after start."""
    end = CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, end) == n
    assert CAL.working_days_between(start, end - dt.timedelta(days=1)) == n - 1


@PROPERTY
@given(DATES, COUNTS)
def test_agrees_with_find_workday_from_working_start(start: dt.date, n: int) -> None:
    """When start is a working day, chinesecalendar's find_workday is right and we agree."""
    if CAL.is_working_day(start):
        assert CAL.add_working_days(start, n) == chinese_calendar.find_workday(n, start)


def test_every_package_day_agrees_with_chinesecalendar() -> None:
    """Every day 2004-01-01..2026-12-31: our precomputed sets give the package's answer."""
    day = D(2004, 1, 1)
    while day <= D(2026, 12, 31):
        assert CAL.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


# --------------------------------------------------------------------- coverage


def test_bundled_covers_package_years_only() -> None:
    """The bundled YAML is empty until 2027 is published, so coverage is 2004..2026."""
    assert CAL.covered_years == tuple(range(2004, 2027))
    assert CAL.covers(D(2026, 12, 31))
    assert not CAL.covers(D(2027, 1, 1))
    assert not CAL.covers(D(2003, 12, 31))
    assert "chinesecalendar" in CAL.source(2020)
    assert WorkCalendar.bundled() is CAL


def test_2027_raises_coverage_error() -> None:
    """2027's schedule is not published: we refuse rather than guess."""
    with pytest.raises(CalendarCoverageError, match="2027") as info:
        CAL.is_working_day(D(2027, 3, 1))
    assert info.value.year == 2027
    with pytest.raises(CalendarCoverageError, match="2003"):
        CAL.is_working_day(D(2003, 3, 1))
    with pytest.raises(CalendarCoverageError, match="2027"):
        CAL.is_office_day(D(2027, 1, 31))
    with pytest.raises(CalendarCoverageError, match="2027"):
        CAL.source(2027)


def test_add_working_days_into_2027_raises() -> None:
    """From Monday 2026-12-28: 12-29 (1), 12-30 (2), 12-31 (3), then 2027-01-01 is needed."""
    assert CAL.add_working_days(D(2026, 12, 28), 3) == D(2026, 12, 31)
    with pytest.raises(CalendarCoverageError, match="2027"):
        CAL.add_working_days(D(2026, 12, 28), 7)
    with pytest.raises(CalendarCoverageError, match="2027"):
        CAL.days_deadline(D(2026, 12, 28), 7)


MADE_UP_2027 = """
    # made-up 2027 data for the test only
    years:
      2027:
        source: "test data, not a real notice"
        holidays: [2027-01-01, 2027-01-02, 2027-01-03]
        makeup_workdays: [2027-01-09]
    """


def test_yaml_adds_2027(tmp_path: Path) -> None:
    """With made-up 2027 (01-01..03 off, Saturday 01-09 worked), from Monday 2026-12-28:
    12-29 (1), 12-30 (2), 12-31 (3), [01-01..03 off], 01-04 (4), 01-05 (5), 01-06 (6),
    01-07 (7) -> 2027-01-07; 10 working days: 01-08 (8), 01-09 Sat make-up (9), [01-10 Sun],
    01-11 (10) -> 2027-01-11."""
    cal = WorkCalendar.from_file(write(tmp_path, MADE_UP_2027))
    assert cal.covered_years == tuple(range(2004, 2028))
    assert cal.add_working_days(D(2026, 12, 28), 7) == D(2027, 1, 7)
    assert cal.add_working_days(D(2026, 12, 28), 10) == D(2027, 1, 11)
    assert cal.source(2027) == "test data, not a real notice"
    with pytest.raises(CalendarCoverageError, match="2028"):
        cal.is_working_day(D(2028, 1, 3))


def test_yaml_alone_without_package(tmp_path: Path) -> None:
    """include_package=False: only the file's years are covered."""
    cal = WorkCalendar.from_file(write(tmp_path, MADE_UP_2027), include_package=False)
    assert cal.covered_years == (2027,)
    with pytest.raises(CalendarCoverageError, match="2026"):
        cal.is_working_day(D(2026, 6, 1))


def test_yaml_year_replaces_package_year(tmp_path: Path) -> None:
    """A 2020 entry replaces the package's 2020: with only 01-01 off and no make-up days,
    Friday 2020-05-01 is a working day and Saturday 2020-05-09 is not."""
    path = write(
        tmp_path,
        """
        years:
          2020:
            source: "correction for the test"
            holidays: [2020-01-01]
            makeup_workdays: []
        """,
    )
    cal = WorkCalendar.from_file(path)
    assert cal.is_working_day(D(2020, 5, 1))
    assert not cal.is_working_day(D(2020, 5, 9))
    assert not cal.is_working_day(D(2020, 1, 1))
    assert cal.is_working_day(D(2021, 2, 20))  # 2021 still from the package (make-up Sat)


# --------------------------------------------------------------------- loader errors


def load_error(tmp_path: Path, text: str) -> tuple[str, str]:
    path = write(tmp_path, text)
    with pytest.raises(PolicyError) as info:
        WorkCalendar.from_file(path)
    return str(info.value), str(path)


def test_error_unknown_key(tmp_path: Path) -> None:
    """`holiday` (line 4) is a typo for `holidays`."""
    message, path = load_error(
        tmp_path,
        """
        years:
          2027:
            source: "x"
            holiday: [2027-01-01]
            makeup_workdays: []
        """,
    )
    assert f"{path}:4:" in message
    assert "unknown key 'holiday'" in message


def test_error_unknown_top_level_key(tmp_path: Path) -> None:
    """Only `years` is allowed at the top (line 2 has `year`)."""
    message, path = load_error(tmp_path, "years: {}\nyear: {}\n")
    assert f"{path}:2:" in message
    assert "unknown key 'year'" in message


def test_error_date_in_wrong_year(tmp_path: Path) -> None:
    """2026-12-31 (line 6) is listed under 2027."""
    message, path = load_error(
        tmp_path,
        """
        years:
          2027:
            source: "x"
            holidays:
              - 2027-01-01
              - 2026-12-31
            makeup_workdays: []
        """,
    )
    assert f"{path}:6:" in message
    assert "2026-12-31 is listed under year 2027" in message


def test_error_makeup_on_weekday(tmp_path: Path) -> None:
    """2027-01-04 is a Monday (line 6): a weekday cannot be a make-up working day."""
    message, path = load_error(
        tmp_path,
        """
        years:
          2027:
            source: "x"
            holidays: [2027-01-01]
            makeup_workdays:
              - 2027-01-04
        """,
    )
    assert f"{path}:6:" in message
    assert "Monday" in message


def test_error_holiday_and_makeup(tmp_path: Path) -> None:
    """Saturday 2027-01-02 (line 5) is both off and worked."""
    message, path = load_error(
        tmp_path,
        """
        years:
          2027:
            source: "x"
            holidays: [2027-01-01, 2027-01-02]
            makeup_workdays: [2027-01-02]
        """,
    )
    assert f"{path}:5:" in message
    assert "both" in message


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("years:\n  2027:\n    holidays: [2027-01-01]\n    makeup_workdays: []\n", 2, "source"),
        (
            "years:\n  2027:\n    source: x\n    holidays: [2027-01-01, Jan 2]\n"
            "    makeup_workdays: []\n",
            4,
            "YYYY-MM-DD",
        ),
        (
            "years:\n  2027:\n    source: x\n    holidays: [2027-01-01, 2027-01-01]\n"
            "    makeup_workdays: []\n",
            4,
            "twice",
        ),
        ("years:\n  27:\n    source: x\n    holidays: []\n    makeup_workdays: []\n", 2, "year"),
        (
            "years:\n  2027:\n    source: x\n    holidays: []\n    makeup_workdays: []\n",
            4,
            "no holidays",
        ),
        (
            "years:\n  2027:\n    source: ''\n    holidays: [2027-01-01]\n"
            "    makeup_workdays: []\n",
            3,
            "source",
        ),
        ("years: [2027]\n", 1, "mapping"),
        ("# nothing\n", 1, "years"),
    ],
)
def test_other_loader_errors(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    """Missing key, non-date, duplicate, bad year key, empty holidays, empty source, wrong
    shapes: each reported at its line."""
    message, path = load_error(tmp_path, text)
    assert f"{path}:{line}:" in message
    assert fragment in message


def test_missing_file(tmp_path: Path) -> None:
    """A missing file is a PolicyError naming it, not a silent empty calendar."""
    with pytest.raises(PolicyError, match=r"nope\.yaml"):
        WorkCalendar.from_file(tmp_path / "nope.yaml")


# --------------------------------------------------------------------- office days


def test_office_days() -> None:
    """每月1日—30日，国家法定节假日除外: the 31st is out; 2020-10-01 (National Day) is out;
    Saturday 2021-02-27 is an ordinary weekend (Spring Festival was 02-11..17), so it is an
    office day in the literal reading and not when weekends are excluded."""
    assert not CAL.is_office_day(D(2020, 10, 31))
    assert not CAL.is_office_day(D(2020, 10, 1))
    assert CAL.is_office_day(D(2021, 2, 27))
    assert not CAL.is_office_day(D(2021, 2, 27), exclude_weekends=True)
    assert CAL.is_office_day(D(2021, 2, 26), exclude_weekends=True)


def test_office_days_edge_cases() -> None:
    """Saturday 2020-05-02 lies inside the Labour Day holiday: not an office day either way.
    Saturday 2020-05-09 is a make-up working day: an office day either way. A custom window
    1..15 excludes the 16th."""
    assert not CAL.is_office_day(D(2020, 5, 2))
    assert not CAL.is_office_day(D(2020, 5, 2), exclude_weekends=True)
    assert CAL.is_office_day(D(2020, 5, 9))
    assert CAL.is_office_day(D(2020, 5, 9), exclude_weekends=True)
    assert CAL.is_office_day(D(2020, 6, 15), 1, 15)
    assert not CAL.is_office_day(D(2020, 6, 16), 1, 15)
    with pytest.raises(ValueError, match="window"):
        CAL.is_office_day(D(2020, 6, 16), 20, 10)


def test_next_office_day() -> None:
    """From 2020-10-01 (off to 10-08) the next office day is 10-09; from the 31st of
    December 2020 it is 2021-01-04 (01-01..03 off); from Sunday 2021-01-31 it is Monday
    02-01; with the literal reading, Saturday 2021-02-27 is its own next office day, while
    excluding weekends moves it to Monday 03-01."""
    assert CAL.next_office_day(D(2020, 10, 1)) == D(2020, 10, 9)
    assert CAL.next_office_day(D(2020, 12, 31)) == D(2021, 1, 4)
    assert CAL.next_office_day(D(2021, 1, 31)) == D(2021, 2, 1)
    assert CAL.next_office_day(D(2021, 2, 27)) == D(2021, 2, 27)
    assert CAL.next_office_day(D(2021, 2, 27), exclude_weekends=True) == D(2021, 3, 1)


# --------------------------------------------------------------------- misuse


def test_refuses_bad_arguments() -> None:
    """A datetime never equals a date in a set, so it is refused; counts start at 1; a
    reversed interval is an error, not zero."""
    with pytest.raises(TypeError):
        CAL.is_working_day(dt.datetime(2020, 5, 1, 9, 0))
    with pytest.raises(ValueError):
        CAL.add_working_days(D(2020, 5, 1), 0)
    with pytest.raises(TypeError):
        CAL.days_deadline(D(2020, 5, 1), True)
    with pytest.raises(ValueError):
        CAL.working_days_between(D(2020, 5, 2), D(2020, 5, 1))
    assert CAL.working_days_between(D(2020, 5, 1), D(2020, 5, 1)) == 0


def test_immutable_and_consistent() -> None:
    """The calendar is frozen, and an inconsistent table is refused at construction."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        CAL.years = frozenset()  # type: ignore[misc]
    with pytest.raises(ValueError, match="weekend"):
        WorkCalendar(frozenset(), frozenset({D(2027, 1, 4)}), frozenset({2027}))
    with pytest.raises(ValueError, match="both"):
        WorkCalendar(frozenset({D(2027, 1, 2)}), frozenset({D(2027, 1, 2)}), frozenset({2027}))
    with pytest.raises(ValueError, match="outside"):
        WorkCalendar(frozenset({D(2028, 1, 3)}), frozenset(), frozenset({2027}))
