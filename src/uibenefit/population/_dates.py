"""Calendar arithmetic on arrays of days (int32 days since 1970-01-01), by lookup tables.

`add_months` is exactly `uibenefit.procedure.retirement.add_months` (the same day of the month, or the
month's last day where it has none), row by row; the tests check the two agree.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from ..procedure._integer import day_number
from ._cells import word_of

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


# -- reading texts ---------------------------------------------------------------------------

U8 = npt.NDArray[np.uint8]
B = npt.NDArray[np.bool_]
_DIGITS = np.array([0, 1, 2, 3, 5, 6, 8, 9])
"""Where a YYYY-MM-DD text holds its digits (its dashes are at 4 and 7)."""
_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _cells(offsets: npt.NDArray[np.integer], data: U8, width: int) -> tuple[I64, B]:
    """The first `width` bytes of each text, less ord('0') (rows x width), and which texts
    are exactly `width` bytes long; other rows hold bytes of no meaning."""
    starts = offsets[:-1].astype(np.int64)
    fits = (offsets[1:] - offsets[:-1]) == width
    if len(data) < width:
        data = np.concatenate([data, np.zeros(width, dtype=np.uint8)])
    at = np.where(fits, starts, 0)
    cells: I64 = data[at[:, None] + np.arange(width)].astype(np.int64) - ord("0")
    return cells, fits


def civil_days(y: I64, m: I64, d: I64) -> I64:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's days_from_civil)."""
    y = y - (m <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * np.where(m > 2, m - 3, m + 9) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    out: I64 = era * 146_097 + doe - 719_468
    return out


def iso_columns(offsets: npt.NDArray[np.integer], data: U8) -> tuple[I64, B]:
    """Days since 1970-01-01 of each text that is a real date written YYYY-MM-DD in ASCII
    digits, and which texts are one (2020-02-30, 2020-2-3, '２０２０-…' and a time are not):
    the same rule as the Claimant's, read over an Arrow string column's offsets and bytes."""
    cells, ok = _cells(offsets, data, 10)
    digits = cells[:, _DIGITS]
    ok &= ((digits >= 0) & (digits <= 9)).all(axis=1)
    ok &= (cells[:, 4] == ord("-") - ord("0")) & (cells[:, 7] == ord("-") - ord("0"))
    y = digits[:, 0] * 1000 + digits[:, 1] * 100 + digits[:, 2] * 10 + digits[:, 3]
    m = digits[:, 4] * 10 + digits[:, 5]
    d = digits[:, 6] * 10 + digits[:, 7]
    ok &= (y >= 1) & (m >= 1) & (m <= 12)  # no year 0, as Python's dates
    m = np.where(ok, m, 1)
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    ok &= (d >= 1) & (d <= _MONTH_DAYS[m] + (leap & (m == 2)))
    days = np.where(ok, civil_days(y, m, np.where(ok, d, 1)), 0)
    return days, ok


def whole_columns(offsets: npt.NDArray[np.integer], data: U8, most: int) -> tuple[I64, B]:
    """The value of each text that is a whole number written as 1 to `most` ASCII digits
    after an optional '-', and which texts are one ('+5', '1²', '--5', ' 5', '' are not)."""
    starts = offsets[:-1].astype(np.int64)
    lengths = offsets[1:].astype(np.int64) - starts
    value = np.zeros(len(starts), dtype=np.int64)
    ok = np.zeros(len(starts), dtype=bool)
    for width in range(1, most + 2):
        rows = np.flatnonzero(lengths == width)
        if not len(rows):
            continue
        cells = data[starts[rows, None] + np.arange(width)].astype(np.int64) - ord("0")
        minus = cells[:, 0] == ord("-") - ord("0")
        cells[minus, 0] = 0  # the sign's place counts as a leading zero
        fine = ((cells >= 0) & (cells <= 9)).all(axis=1) & (width - minus <= most)
        fine &= width - minus >= 1
        number = cells @ (10 ** np.arange(width - 1, -1, -1, dtype=np.int64))
        value[rows] = np.where(fine, np.where(minus, -number, number), 0)
        ok[rows] = fine
    return value, ok


def iso_rows(offsets: npt.NDArray[np.integer], data: U8, days: I64, ok: B) -> None:
    """`iso_days` row by row, one pass over the bytes (numba compiles it where installed)."""
    for i in range(len(offsets) - 1):
        a = int(offsets[i])
        days[i] = 0
        ok[i] = False
        if int(offsets[i + 1]) - a != 10 or data[a + 4] != 45 or data[a + 7] != 45:
            continue
        y = m = d = 0
        fine = True
        for k in range(10):
            if k == 4 or k == 7:
                continue
            c = int(data[a + k]) - 48
            fine = fine and 0 <= c <= 9
            if k < 4:
                y = y * 10 + c
            elif k < 7:
                m = m * 10 + c
            else:
                d = d * 10 + c
        if not fine or y < 1 or m < 1 or m > 12 or d < 1:
            continue
        leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
        if d > _MONTH_DAYS[m] + (1 if leap and m == 2 else 0):
            continue
        days[i] = day_number(y, m, d)
        ok[i] = True


def whole_rows(offsets: npt.NDArray[np.integer], data: U8, most: int, value: I64, ok: B) -> None:
    """`whole_columns` row by row, one pass over the bytes (numba compiles it where installed)."""
    for i in range(len(offsets) - 1):
        a, b = int(offsets[i]), int(offsets[i + 1])
        value[i] = 0
        ok[i] = False
        minus = b > a and data[a] == 45
        s = a + 1 if minus else a
        if b - s < 1 or b - s > most:
            continue
        v = 0
        fine = True
        for k in range(s, b):
            c = int(data[k]) - 48
            if c < 0 or c > 9:
                fine = False
                break
            v = v * 10 + c
        if fine:
            value[i] = -v if minus else v
            ok[i] = True


def choice_rows(
    offsets: npt.NDArray[np.integer],
    data: U8,
    words: npt.NDArray[np.int32],
    letters: U8,
    fold: bool,
    out: I64,
) -> None:
    """The index of the word each text is exactly (-1: none), words given as offsets and
    bytes like the texts; `fold`: ASCII letters in either case (numba compiles it)."""
    for i in range(len(offsets) - 1):
        out[i] = word_of(data, int(offsets[i]), int(offsets[i + 1]), words, letters, fold)


_ROWS: dict[str, Callable[..., None] | None] = {}


def _rows(name: str) -> Callable[..., None] | None:
    """The row function compiled by numba (cached on disk), or None without numba. The disk
    cache keys on this file, not on `_integer.py`: touch this file after editing
    `_integer.day_number`, as `_run.py` after editing `_integer.py`."""
    if name not in _ROWS:
        try:
            import numba
        except ImportError:
            _ROWS[name] = None
        else:
            # the procedure's day_number compiled with the row function that calls it
            space = dict(
                globals(),
                day_number=numba.njit(cache=True)(day_number),
                word_of=numba.njit(cache=True)(word_of),
            )
            plain = globals()[name]
            copy = types.FunctionType(plain.__code__, space, name, plain.__defaults__)
            copy.__qualname__ = plain.__qualname__
            _ROWS[name] = numba.njit(cache=True)(copy)
    return _ROWS[name]


def iso_days(offsets: npt.NDArray[np.integer], data: U8) -> tuple[I64, B]:
    """`iso_columns`' answer: one compiled pass where numba is installed, else NumPy."""
    run = _rows("iso_rows")
    if run is None:
        return iso_columns(offsets, data)
    days = np.empty(len(offsets) - 1, dtype=np.int64)
    ok = np.empty(len(offsets) - 1, dtype=np.bool_)
    run(offsets, data, days, ok)
    return days, ok


def whole_numbers(offsets: npt.NDArray[np.integer], data: U8, most: int) -> tuple[I64, B]:
    """`whole_columns`' answer: one compiled pass where numba is installed, else NumPy."""
    run = _rows("whole_rows")
    if run is None:
        return whole_columns(offsets, data, most)
    value = np.empty(len(offsets) - 1, dtype=np.int64)
    ok = np.empty(len(offsets) - 1, dtype=np.bool_)
    run(offsets, data, most, value, ok)
    return value, ok


def choices(
    offsets: npt.NDArray[np.integer], data: U8, words: tuple[str, ...], fold: bool = False
) -> I64 | None:
    """Each text's index in `words` (-1: none; `fold`: ASCII case ignored, for words in
    lower case), in one compiled pass; None without numba (pyarrow.compute is exact then)."""
    run = _rows("choice_rows")
    if run is None:
        return None
    encoded = [w.encode() for w in words]
    ends = np.cumsum([0, *(len(w) for w in encoded)]).astype(np.int32)
    letters = np.frombuffer(b"".join(encoded) or b"\0", dtype=np.uint8)
    out = np.empty(len(offsets) - 1, dtype=np.int64)
    run(offsets, data, ends, letters, fold, out)
    return out
