"""China's working-day calendar: statutory holidays, make-up working days (调休) and deadlines.

Deadlines in unemployment-insurance rules are counted either in working days (N 个工作日内)
or in calendar days under 民法典 第二百零一条 and 第二百零三条. Both need the State Council's
holiday schedule for the year, which is published one year at a time. The schedule comes from
the `chinesecalendar` package (2004–2026 in v1.11) plus `policies/calendar.yaml` for years the
package does not know yet, or to correct a year it got wrong. A date in a year that neither
source covers raises `CalendarCoverageError`: we never guess a schedule.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import chinese_calendar  # type: ignore[import-untyped]

from ..errors import CalendarCoverageError, PolicyError
from ..values import _yaml
from ._resources import bundled_dir

__all__ = ["WorkCalendar"]

_ONE_DAY = _dt.timedelta(days=1)
_SATURDAY = 5
_ENTRY_KEYS = ("source", "holidays", "makeup_workdays")
_PACKAGE_SOURCE = f"chinesecalendar {getattr(chinese_calendar, '__version__', '?')}"
_EPOCH = _dt.date(1970, 1, 1).toordinal()
"""Day numbers are days since 1970-01-01 (`_integer`'s and Arrow's date32)."""
_COVERED, _WORKING, _HOLIDAY = 1, 2, 4


def _require_date(d: object, name: str = "date") -> _dt.date:
    """Refuse datetimes and non-dates: a datetime never equals a date, so lookups would lie."""
    if isinstance(d, _dt.datetime) or not isinstance(d, _dt.date):
        raise TypeError(f"{name} must be a datetime.date (not {type(d).__name__})")
    return d


def _require_count(n: object, name: str = "n") -> int:
    """A count of days must be a real int of at least 1 (bool is refused)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{name} must be an int (not {type(n).__name__})")
    if n < 1:
        raise ValueError(f"{name} must be at least 1, got {n}")
    return n


@dataclass(frozen=True)
class _YearSchedule:
    """One year's rest days that are not ordinary weekends, and weekend days worked instead."""

    year: int
    holidays: frozenset[_dt.date]
    makeup_workdays: frozenset[_dt.date]
    source: str


def _package_schedules() -> dict[int, _YearSchedule]:
    """Read chinesecalendar's tables once; its years are the span of its holiday table."""
    holidays: Mapping[_dt.date, Any] = chinese_calendar.constants.holidays
    workdays: Mapping[_dt.date, Any] = chinese_calendar.constants.workdays
    first = min(holidays).year
    last = max(holidays).year
    out: dict[int, _YearSchedule] = {}
    for year in range(first, last + 1):
        out[year] = _YearSchedule(
            year=year,
            holidays=frozenset(d for d in holidays if d.year == year),
            makeup_workdays=frozenset(d for d in workdays if d.year == year),
            source=_PACKAGE_SOURCE,
        )
    return out


def _read_dates(
    doc: _yaml.LocatedDocument, raw: Any, at: _yaml.YamlPath, year: int
) -> list[_dt.date]:
    """A YAML list of dates, each in `year` and none repeated."""
    if not isinstance(raw, list):
        raise doc.error(at, "expected a list of dates (YYYY-MM-DD); write [] for none")
    seen: dict[_dt.date, int] = {}
    out: list[_dt.date] = []
    for i, item in enumerate(raw):
        where = (*at, i)
        if not isinstance(item, _dt.date):
            raise doc.error(where, f"expected a date written YYYY-MM-DD, got {item!r}")
        if item.year != year:
            raise doc.error(where, f"{item.isoformat()} is listed under year {year}")
        if item in seen:
            raise doc.error(where, f"{item.isoformat()} is listed twice (also item {seen[item]})")
        seen[item] = i
        out.append(item)
    return out


def _year_from_yaml(doc: _yaml.LocatedDocument, key: str, entry: Any) -> _YearSchedule:
    """Validate one `years:` entry; every problem is reported at its file:line:column."""
    at: _yaml.YamlPath = ("years", key)
    if not (len(key) == 4 and key.isdigit() and key[0] != "0"):
        raise doc.error(at, f"year '{key}' must be a four-digit year such as 2027")
    year = int(key)
    if not isinstance(entry, dict):
        raise doc.error(at, "expected a mapping with source, holidays and makeup_workdays")
    for name in entry:
        if name not in _ENTRY_KEYS:
            raise doc.error((*at, name), f"unknown key '{name}'; allowed: {', '.join(_ENTRY_KEYS)}")
    for name in _ENTRY_KEYS:
        if name not in entry:
            raise doc.error(at, f"missing '{name}' (write makeup_workdays: [] if there are none)")
    source = entry["source"]
    if not isinstance(source, str) or not source.strip():
        raise doc.error((*at, "source"), "source must name the State Council notice")
    holidays = _read_dates(doc, entry["holidays"], (*at, "holidays"), year)
    if not holidays:
        raise doc.error((*at, "holidays"), f"no holidays listed for {year}; every year has some")
    makeup = _read_dates(doc, entry["makeup_workdays"], (*at, "makeup_workdays"), year)
    holiday_set = frozenset(holidays)
    for i, d in enumerate(makeup):
        where = (*at, "makeup_workdays", i)
        if d.weekday() < _SATURDAY:
            raise doc.error(
                where,
                f"{d.isoformat()} is a {d.strftime('%A')}: a make-up working day is a "
                "Saturday or Sunday (weekdays are working days already)",
            )
        if d in holiday_set:
            raise doc.error(where, f"{d.isoformat()} is listed both as holiday and make-up day")
    return _YearSchedule(year, holiday_set, frozenset(makeup), source.strip())


def _yaml_schedules(path: str | Path) -> dict[int, _YearSchedule]:
    """Every year in a calendar.yaml file, validated."""
    doc = _yaml.load(path)
    data = doc.data
    if not isinstance(data, dict):
        raise doc.error((), "expected a mapping with the key 'years'")
    for name in data:
        if name != "years":
            raise doc.error((name,), f"unknown key '{name}'; the only top-level key is 'years'")
    if "years" not in data:
        raise doc.error((), "missing 'years' (write years: {} when there are none)")
    years = data["years"]
    if not isinstance(years, dict):
        raise doc.error(("years",), "years must be a mapping from year to schedule, or {}")
    return {int(s.year): s for s in (_year_from_yaml(doc, k, v) for k, v in years.items())}


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days in China, for the years whose schedule is known.

    `holidays` are the statutory holidays and the rest days swapped into them (weekday or
    weekend); `makeup_workdays` are weekend days worked instead (调休). Everything is
    precomputed, so every lookup is a set membership test.
    """

    holidays: frozenset[_dt.date]
    makeup_workdays: frozenset[_dt.date]
    years: frozenset[int]
    sources: tuple[tuple[int, str], ...] = ()
    _box: list[_Days] = field(
        default_factory=list, init=False, compare=False, repr=False, hash=False
    )
    """The covered years as day-number tables, built on first use (`_Days`)."""

    def __post_init__(self) -> None:
        """Refuse an inconsistent table rather than answer from it."""
        for d in self.holidays | self.makeup_workdays:
            if d.year not in self.years:
                raise ValueError(f"{d.isoformat()} lies outside the covered years")
        both = self.holidays & self.makeup_workdays
        if both:
            raise ValueError(f"{min(both).isoformat()} is both a holiday and a make-up day")
        for d in self.makeup_workdays:
            if d.weekday() < _SATURDAY:
                raise ValueError(f"make-up working day {d.isoformat()} is not on a weekend")

    # ----------------------------------------------------------------- construction

    @classmethod
    def _from_schedules(cls, schedules: Iterable[_YearSchedule]) -> WorkCalendar:
        items = sorted(schedules, key=lambda s: s.year)
        return cls(
            holidays=frozenset().union(*(s.holidays for s in items)),
            makeup_workdays=frozenset().union(*(s.makeup_workdays for s in items)),
            years=frozenset(s.year for s in items),
            sources=tuple((s.year, s.source) for s in items),
        )

    @classmethod
    def from_file(cls, path: str | Path, *, include_package: bool = True) -> WorkCalendar:
        """chinesecalendar's years overlaid with the years in a calendar.yaml at `path`.

        A year in the file replaces the package's data for that year, so an analyst can add
        a newly published year or correct one. Malformed files raise PolicyError with
        file:line:column. `include_package=False` uses the file alone.
        """
        schedules = _package_schedules() if include_package else {}
        schedules.update(_yaml_schedules(path))
        return cls._from_schedules(schedules.values())

    @classmethod
    def bundled(cls) -> WorkCalendar:
        """The calendar shipped with uibenefit: chinesecalendar plus policies/calendar.yaml."""
        return _bundled()

    # ----------------------------------------------------------------- coverage

    @property
    def covered_years(self) -> tuple[int, ...]:
        """The years whose schedule is known, ascending; other years raise on lookup."""
        return tuple(sorted(self.years))

    def covers(self, d: _dt.date) -> bool:
        """Whether `d`'s year has a known schedule (so questions about it can be answered)."""
        return _require_date(d).year in self.years

    def source(self, year: int) -> str:
        """Where a year's schedule comes from (a State Council notice or the package version)."""
        for y, text in self.sources:
            if y == year:
                return text
        raise CalendarCoverageError(year)

    def _check(self, d: _dt.date) -> None:
        """Refuse a year whose schedule is unknown: we never guess one."""
        if d.year not in self.years:
            raise CalendarCoverageError(d.year)

    # ----------------------------------------------------------------- single days

    def _working(self, d: _dt.date) -> bool:
        self._check(d)
        if d.weekday() < _SATURDAY:
            return d not in self.holidays
        return d in self.makeup_workdays

    def is_working_day(self, d: _dt.date) -> bool:
        """Weekdays work unless a holiday; weekends rest unless a make-up working day (调休).

        Raises CalendarCoverageError for a year whose schedule is not known.
        """
        return self._working(_require_date(d))

    def is_holiday(self, d: _dt.date) -> bool:
        """Whether `d` is in the holiday schedule (statutory holiday or a rest day swapped into
        it), as opposed to an ordinary weekend; this is what "法定节假日除外" excludes."""
        d = _require_date(d)
        self._check(d)
        return d in self.holidays

    def next_working_day(self, d: _dt.date) -> _dt.date:
        """`d` itself if it is a working day, else the first working day after it."""
        d = _require_date(d)
        return _dt.date.fromordinal(self.next_working_day_n(d.toordinal() - _EPOCH) + _EPOCH)

    # ----------------------------------------------------------------- deadlines

    def add_working_days(self, start: _dt.date, n: int) -> _dt.date:
        """The n-th working day after `start`: the deadline of "N 个工作日内" from an event.

        `start` itself never counts, working day or not. chinesecalendar's `find_workday`
        counts a non-working start's next working day as day 0, which is one day late.
        Worked example, 7 working days after Friday 2026-09-25 (Mid-Autumn, off 09-25..27;
        National Day off 10-01..07; Saturday 10-10 is a make-up working day):
        09-28 (1), 09-29 (2), 09-30 (3), 10-08 (4), 10-09 (5), 10-10 (6), 10-12 (7)
        -> 2026-10-12 (find_workday gives 2026-10-13).
        """
        d = _require_date(start, "start")
        return _dt.date.fromordinal(
            self.add_working_days_n(d.toordinal() - _EPOCH, _require_count(n)) + _EPOCH
        )

    def days_deadline(self, start: _dt.date, n: int) -> _dt.date:
        """The last day of "N 日内" from `start`, per 民法典.

        第二百零一条: the day of the event is not counted, so the period ends on start + n.
        第二百零三条: if that day is a statutory holiday or rest day, the period ends on the
        next working day (a make-up Saturday is a working day, so the period ends there).
        """
        d = _require_date(start, "start")
        return _dt.date.fromordinal(
            self.days_deadline_n(d.toordinal() - _EPOCH, _require_count(n)) + _EPOCH
        )

    # ------------------------------------------------ the same, on day numbers (for the engine)

    @property
    def _days(self) -> _Days:
        """The covered years as day-number tables, built once per calendar."""
        box = self._box
        if not box:
            box.append(_Days(self))
        return box[0]

    def covers_n(self, day: int) -> bool:
        """`covers` for a day number (days since 1970-01-01)."""
        t = self._days
        i = day - t.first
        return 0 <= i < t.size and bool(t.flags[i] & _COVERED)

    def add_working_days_n(self, start: int, n: int) -> int:
        """`add_working_days` on day numbers: the n-th working day after `start` (n >= 1),
        read from the tables; the day-by-day count where they do not hold the answer, so a
        year without a schedule raises as the count reaches it."""
        t = self._days
        i = start - t.first
        if i >= 0 and i + 1 < t.size and t.flags[i + 1] & _COVERED:
            k = t.worked[i] + n - 1  # the n-th working day after index i
            if k < len(t.working) and t.working[k] <= t.run_end[i + 1]:
                return t.working[k] + t.first
        d = _dt.date.fromordinal(start + _EPOCH)
        left = n
        while left:
            d += _ONE_DAY
            if self._working(d):
                left -= 1
        return d.toordinal() - _EPOCH

    def days_deadline_n(self, start: int, n: int) -> int:
        """`days_deadline` on day numbers: start + n, or the next working day after it."""
        return self.next_working_day_n(start + n)

    def next_working_day_n(self, day: int) -> int:
        """`next_working_day` on day numbers."""
        t = self._days
        i = day - t.first
        if 0 <= i < t.size and t.flags[i] & _COVERED:
            k = t.worked[i - 1] if i else 0  # the first working day at or after index i
            if k < len(t.working) and t.working[k] <= t.run_end[i]:
                return t.working[k] + t.first
        d = _dt.date.fromordinal(day + _EPOCH)
        while not self._working(d):
            d += _ONE_DAY
        return d.toordinal() - _EPOCH

    def working_days_between(self, a: _dt.date, b: _dt.date) -> int:
        """How many working days lie in (a, b]: after `a`, up to and including `b`.

        So `working_days_between(s, add_working_days(s, n)) == n`. a == b gives 0; b before
        a raises ValueError rather than returning a count of an empty or reversed interval.
        """
        a = _require_date(a, "a")
        b = _require_date(b, "b")
        if b < a:
            raise ValueError(f"b ({b.isoformat()}) is before a ({a.isoformat()})")
        count = 0
        d = a
        while d < b:
            d += _ONE_DAY
            if self._working(d):
                count += 1
        return count

    # ----------------------------------------------------------------- office days

    def is_office_day(
        self,
        d: _dt.date,
        first_day: int = 1,
        last_day: int = 30,
        *,
        exclude_weekends: bool = False,
    ) -> bool:
        """Whether the office takes claims on `d` (the days of `office_days`, XC12).

        Day of month within [first_day, last_day] and not a statutory holiday. The text
        excepts only 法定节假日, so by default an ordinary Saturday or Sunday inside the window
        is an office day (literal reading); so is a make-up working day, and a weekend that
        falls inside a holiday period is not. `exclude_weekends=True` is the other reading:
        only working days (is_working_day) in the window are office days. The 31st is never an
        office day with the default window. Raises CalendarCoverageError for unknown years.
        """
        d = _require_date(d)
        _check_window(first_day, last_day)
        return self.is_office_day_n(d.toordinal() - _EPOCH, first_day, last_day, exclude_weekends)

    def next_office_day(
        self,
        d: _dt.date,
        first_day: int = 1,
        last_day: int = 30,
        *,
        exclude_weekends: bool = False,
    ) -> _dt.date:
        """`d` itself if it is an office day, else the first office day after it."""
        d = _require_date(d)
        _check_window(first_day, last_day)
        after = self.next_office_day_n(
            d.toordinal() - _EPOCH, first_day, last_day, exclude_weekends
        )
        return _dt.date.fromordinal(after + _EPOCH)

    def is_office_day_n(self, day: int, first_day: int, last_day: int, weekends: bool) -> bool:
        """`is_office_day` on a day number, the window checked by the caller (`weekends`:
        `exclude_weekends`)."""
        t = self._days
        i = day - t.first
        if not (0 <= i < t.size and t.flags[i] & _COVERED):
            self._check(_dt.date.fromordinal(day + _EPOCH))  # raises: no schedule that year
        flags = t.flags[i]
        if not first_day <= t.mday[i] <= last_day:
            return False
        if weekends:
            return bool(flags & _WORKING)
        return not flags & _HOLIDAY

    def next_office_day_n(self, day: int, first_day: int, last_day: int, weekends: bool) -> int:
        """`next_office_day` on a day number, the window checked by the caller."""
        while not self.is_office_day_n(day, first_day, last_day, weekends):
            day += 1
        return day


def _check_window(first_day: int, last_day: int) -> None:
    """An office window must be days of a month, first no later than last."""
    if not 1 <= first_day <= last_day <= 31:
        raise ValueError(f"office window {first_day}..{last_day} is not within 1..31")


@functools.cache
def _bundled() -> WorkCalendar:
    """Built once per process: the package data and the bundled YAML never change at run time."""
    path = bundled_dir() / "calendar.yaml"
    if not path.is_file():
        raise PolicyError("the bundled calendar.yaml is missing", path=str(path))
    return WorkCalendar.from_file(path)


class _Days:
    """A calendar's covered years as tables indexed by day number less `first` (1 January of
    the first covered year), to 31 December of the last: per day its flags (covered, working,
    holiday) and day of month; `worked[i]`, the working days up to and including i;
    `working`, every working day's index in order; `run_end[i]`, the last index of the
    unbroken stretch of covered days i lies in. A deadline is then two reads, and one that
    runs into a year without a schedule is left to the day-by-day count, which raises there."""

    __slots__ = ("first", "flags", "mday", "run_end", "size", "worked", "working")

    def __init__(self, cal: WorkCalendar) -> None:
        years = cal.years
        self.working: list[int] = []
        self.run_end: list[int] = []
        if not years:
            self.first, self.size = 0, 0
            self.flags, self.mday = bytearray(), bytearray()
            self.worked: list[int] = []
            return
        d = _dt.date(min(years), 1, 1)
        self.first = d.toordinal() - _EPOCH
        self.size = _dt.date(max(years), 12, 31).toordinal() - d.toordinal() + 1
        self.flags, self.mday = bytearray(self.size), bytearray(self.size)
        self.worked = [0] * self.size
        for i in range(self.size):
            if d.year in years:
                on = d.weekday() < _SATURDAY
                works = d not in cal.holidays if on else d in cal.makeup_workdays
                holiday = _HOLIDAY if d in cal.holidays else 0
                self.flags[i] = _COVERED | (_WORKING if works else 0) | holiday
                if works:
                    self.working.append(i)
            self.mday[i] = d.day
            self.worked[i] = len(self.working)
            d += _ONE_DAY
        self.run_end = [-1] * self.size
        end = -1
        for i in range(self.size - 1, -1, -1):
            if not self.flags[i] & _COVERED:
                end = -1
                continue
            if end < 0:
                end = i
            self.run_end[i] = end
