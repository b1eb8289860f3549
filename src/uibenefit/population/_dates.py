"""Calendar arithmetic on arrays of days (int32 days since 1970-01-01), by lookup tables.

`add_months` is exactly `uibenefit.procedure.retirement.add_months` (the same day of the month, or the
month's last day where it has none), row by row; the tests check the two agree.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]

EPOCH = dt.date(1970, 1, 1)
FIRST = dt.date(1900, 1, 1)
"""The first day the tables know (a claimant's earliest date)."""
LAST = dt.date(2249, 12, 31)
"""The last day they know: a birth in 2100 plus a retirement age, continuation and a margin."""

DAY0 = (FIRST - EPOCH).days
NDAYS = (LAST - FIRST).days + 1
MONTH0 = (FIRST.year - 1970) * 12  # months since 1970-01 of FIRST's month
NMONTHS = (LAST.year - FIRST.year + 1) * 12 + 1


def days_of(day: dt.date) -> int:
    """A date as days since 1970-01-01."""
    return (day - EPOCH).days


def date_of(days: int) -> dt.date:
    """Days since 1970-01-01 as a date."""
    return EPOCH + dt.timedelta(days=int(days))


def _tables() -> tuple[I32, npt.NDArray[np.int8], I32, I32, npt.NDArray[np.int8]]:
    days = np.arange(DAY0, DAY0 + NDAYS, dtype=np.int64)
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    starts_of_day = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    day_of_month = (days - starts_of_day + 1).astype(np.int8)
    month_idx = np.arange(MONTH0, MONTH0 + NMONTHS + 1, dtype=np.int64)
    month_start = month_idx.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    month_len = np.diff(month_start).astype(np.int8)
    years = months // 12 + 1970
    return (
        months.astype(np.int32),
        day_of_month,
        month_start[:-1].astype(np.int32),
        years.astype(np.int32),
        month_len,
    )


_MONTH_OF_DAY, _DOM, _MONTH_START, _YEAR_OF_DAY, _MONTH_LEN = _tables()


def in_range(days: npt.NDArray[np.integer]) -> npt.NDArray[np.bool_]:
    """True where the tables know the day."""
    off = days.astype(np.int64) - DAY0
    return (off >= 0) & (off < NDAYS)


def month_index(days: I32) -> I32:
    """Months since 1970-01 of each day."""
    return _MONTH_OF_DAY[days - DAY0]


def day_of_month(days: I32) -> I32:
    """1..31."""
    return _DOM[days - DAY0].astype(np.int32)


def year(days: I32) -> I32:
    """The calendar year of each day."""
    return _YEAR_OF_DAY[days - DAY0]


def month_start(months: I32) -> I32:
    """The first day of each month (months since 1970-01)."""
    return _MONTH_START[months - MONTH0]


def month_end(months: I32) -> I32:
    """The last day of each month (months since 1970-01)."""
    return _MONTH_START[months + 1 - MONTH0] - 1


def month_day(months: I32, day: npt.NDArray[np.integer]) -> I32:
    """Day `day` of each month, or the month's last day where it has none."""
    off = months - MONTH0
    out: I32 = (_MONTH_START[off] + np.minimum(day, _MONTH_LEN[off]) - 1).astype(np.int32)
    return out


def add_months(days: I32, months: npt.NDArray[np.integer] | int) -> I32:
    """`retirement.add_months` on arrays: the same day k months on, clamped to the month's end."""
    m = _MONTH_OF_DAY[days - DAY0] + months
    off = m - MONTH0
    dom = _DOM[days - DAY0]
    out: I32 = (_MONTH_START[off] + np.minimum(dom, _MONTH_LEN[off]) - 1).astype(np.int32)
    return out


def months_reached(start: I32, day: I32) -> I32:
    """How many k >= 0 have `add_months(start, k) <= day` (0 when day < start)."""
    k = _MONTH_OF_DAY[day - DAY0] - _MONTH_OF_DAY[start - DAY0]
    k = np.maximum(k, 0)
    over = add_months(start, k) > day
    k = k - over.astype(k.dtype)
    out: I32 = np.where(day < start, 0, k + 1).astype(np.int32)
    return out
