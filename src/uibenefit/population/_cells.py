"""Arrow text columns read straight from their buffers (validity bits, offsets, bytes), one
compiled pass per column: each pass writes the values, the nulls, and marks the rows whose
text the kernel does not read in the slice's `bad` mask (their Claimant gives the message).

The rules are those of `_dates.iso_columns`, `whole_columns` and `choice_rows` (the NumPy
reader kept for Python without numba): tests/test_cells.py holds them to one answer. Codes
are read by Arrow's hash (`pyarrow.compute.index_in`): a compiled comparison of the texts
with each word was measured slower (~30–50 ns a text against ~20).
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from ..procedure._integer import day_number

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]
B = npt.NDArray[np.bool_]

NO_DAY = -(1 << 40)
"""`iso_day`'s answer for a text that is no YYYY-MM-DD date."""


def is_null(valid: U8, at: int, i: int) -> bool:
    """Whether row i is null by Arrow's validity bits (`valid` empty: no row is)."""
    if valid.shape[0] == 0:
        return False
    j = at + i
    return bool((valid[j >> 3] >> (j & 7)) & 1 == 0)


def iso_day(data: U8, a: int, b: int) -> int:
    """The day number of the text data[a:b] when it is a real date written YYYY-MM-DD in
    ASCII digits from year 1 on, else NO_DAY (`_dates.iso_columns`' rule)."""
    if b - a != 10 or data[a + 4] != 45 or data[a + 7] != 45:
        return NO_DAY
    c0, c1, c2, c3 = (
        int(data[a]) - 48,
        int(data[a + 1]) - 48,
        int(data[a + 2]) - 48,
        int(data[a + 3]) - 48,
    )
    c5, c6, c8, c9 = (
        int(data[a + 5]) - 48,
        int(data[a + 6]) - 48,
        int(data[a + 8]) - 48,
        int(data[a + 9]) - 48,
    )
    # a byte below '0' is negative (bits past the low four), one above '9' is past 9
    if (c0 | c1 | c2 | c3 | c5 | c6 | c8 | c9) & ~15 or max(c0, c1, c2, c3, c5, c6, c8, c9) > 9:
        return NO_DAY
    y = c0 * 1000 + c1 * 100 + c2 * 10 + c3
    m = c5 * 10 + c6
    d = c8 * 10 + c9
    if y < 1 or m < 1 or m > 12 or d < 1:
        return NO_DAY
    if d > 28:
        if m == 2:
            leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
            if d > (29 if leap else 28):
                return NO_DAY
        elif d > 31 or (d == 31 and (m == 4 or m == 6 or m == 9 or m == 11)):
            return NO_DAY
    return day_number(y, m, d)


def date_cells(
    offsets: I32,
    data: U8,
    valid: U8,
    at: int,
    low: int,
    high: int,
    required: bool,
    days: I32,
    null: B,
    bad: B,
) -> None:
    """Each text's day (`low` where there is none), whether it is null, and in `bad` the
    rows whose text is no date within low … high (or null, when `required`)."""
    for i in range(offsets.shape[0] - 1):
        days[i] = low
        if is_null(valid, at, i):
            null[i] = True
            if required:
                bad[i] = True
            continue
        null[i] = False
        d = iso_day(data, int(offsets[i]), int(offsets[i + 1]))
        if low <= d <= high:
            days[i] = d
        else:
            bad[i] = True


def word_of(data: U8, a: int, b: int, ends: I32, letters: U8, fold: bool) -> int:
    """The index of the word data[a:b] is exactly (-1: none), words as offsets `ends` into
    `letters`; `fold`: ASCII letters in either case (words in lower case)."""
    for w in range(ends.shape[0] - 1):
        wa = int(ends[w])
        if int(ends[w + 1]) - wa != b - a:
            continue
        same = True
        for k in range(b - a):
            c = int(data[a + k])
            if fold and 65 <= c <= 90:
                c += 32
            if c != int(letters[wa + k]):
                same = False
                break
        if same:
            return w
    return -1


def flag_cells(
    offsets: I32, data: U8, valid: U8, at: int, ends: I32, letters: U8, flag: B, bad: B
) -> None:
    """Each text read as the first word (true) or the second (false), ASCII case ignored;
    in `bad` the rows holding anything else or nothing."""
    for i in range(offsets.shape[0] - 1):
        flag[i] = False
        if is_null(valid, at, i):
            bad[i] = True
            continue
        w = word_of(data, int(offsets[i]), int(offsets[i + 1]), ends, letters, True)
        flag[i] = w == 0
        if w < 0:
            bad[i] = True


def whole_cells(
    offsets: I32, data: U8, valid: U8, at: int, low: int, high: int, value: I64, bad: B
) -> None:
    """Each text's whole number (0 where there is none) and in `bad` the rows holding no
    number of at most 9 ASCII digits after an optional '-' within low … high, or nothing."""
    for i in range(offsets.shape[0] - 1):
        value[i] = 0
        if is_null(valid, at, i):
            bad[i] = True
            continue
        a, b = int(offsets[i]), int(offsets[i + 1])
        minus = b > a and data[a] == 45
        s = a + 1 if minus else a
        if b - s < 1 or b - s > 9:
            bad[i] = True
            continue
        v = 0
        for k in range(s, b):
            c = int(data[k]) - 48
            if c < 0 or c > 9:
                v = -1
                break
            v = v * 10 + c
        if v < 0:
            bad[i] = True
            continue
        v = -v if minus else v
        if low <= v <= high:
            value[i] = v
        else:
            bad[i] = True


def relations(
    birth: I32, separation: I32, application: I32, registration: I32, unregistered: B, bad: B
) -> None:
    """Marks in `bad` the rows whose dates are out of order (separation after birth,
    application not before separation, registration between them), and puts the
    application day where no registration is recorded."""
    for i in range(birth.shape[0]):
        if separation[i] <= birth[i] or application[i] < separation[i]:
            bad[i] = True
        if unregistered[i]:
            registration[i] = application[i]
        elif registration[i] < separation[i] or registration[i] > application[i]:
            bad[i] = True


HELPERS = ("is_null", "iso_day", "word_of")
PASSES = ("date_cells", "flag_cells", "whole_cells", "relations")
_PASSES: dict[str, Callable[..., None]] = {}


def compiled() -> dict[str, Callable[..., None]] | None:
    """The passes compiled by numba (cached on disk: touch this file after editing
    `_integer.day_number`), or None where numba is not installed."""
    if not _PASSES:
        try:
            import numba
        except ImportError:
            return None
        space: dict[str, Any] = dict(globals())
        space["day_number"] = numba.njit(cache=True)(day_number)
        for name in HELPERS + PASSES:
            plain = globals()[name]
            copy = types.FunctionType(plain.__code__, space, name, plain.__defaults__)
            copy.__qualname__ = plain.__qualname__
            space[name] = numba.njit(cache=True)(copy)
        _PASSES.update({name: space[name] for name in PASSES})
    return _PASSES


def buffers(arr: pa.Array) -> tuple[I32, U8, U8, int]:
    """A string array's offsets (one more than its rows), bytes, validity bytes (empty when
    no row is null) and the bit offset of its first row, as they lie in memory."""
    if len(arr) == 0:
        return np.zeros(1, np.int32), np.zeros(0, np.uint8), np.zeros(0, np.uint8), 0
    bits, offsets, data = arr.buffers()
    at = np.frombuffer(offsets, dtype=np.int32)[arr.offset : arr.offset + len(arr) + 1]
    raw = np.zeros(0, np.uint8) if data is None else np.frombuffer(data, dtype=np.uint8)
    valid = np.zeros(0, np.uint8)
    if bits is not None and arr.null_count:
        valid = np.frombuffer(bits, dtype=np.uint8)
    return at, raw, valid, arr.offset


def encode(words: tuple[str, ...]) -> tuple[I32, U8]:
    """Words as offsets and UTF-8 bytes, like a string column's."""
    encoded = [w.encode() for w in words]
    ends = np.cumsum([0, *(len(w) for w in encoded)]).astype(np.int32)
    return ends, np.frombuffer(b"".join(encoded) or b"\0", dtype=np.uint8)
