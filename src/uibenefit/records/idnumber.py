"""公民身份号码 (GB 11643-1999): check digit, birth date and sex, the 15-digit conversion.

The 18-character number is 6 digits of area, 8 of birth date (YYYYMMDD), 3 of sequence (odd
for men, even for women) and a check character from ISO 7064 MOD 11-2. A 15-digit number
(before 1999) has a 2-digit year of the 1900s and no check character: it converts by putting
"19" before the year and computing the check. `parse` answers one number with its reason for a
refusal; `parse_many` answers a whole Arrow column with numpy, for a million persons.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..errors import InputError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
"""ISO 7064 MOD 11-2 weights of the first 17 digits (2^(18-i) mod 11)."""
CHECK = "10X98765432"
"""The check character for each weighted sum modulo 11."""

REASONS = {
    "length": "must have 18 characters (or 15 digits for an old number)",
    "characters": "the first 17 characters must be digits and the last a digit or X",
    "date": "holds no possible birth date",
    "check": "check character is wrong",
}
"""Why a number is refused, by code (the code rides on the finding as `kind`)."""


@dataclass(frozen=True, slots=True)
class IdNumber:
    """A checked 18-character number and what it says."""

    number: str
    birth_date: dt.date
    sex: Literal["male", "female"]
    area: str
    converted_from: str | None = None
    """The 15-digit number it was converted from, if it was one."""


def check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHECK[total % 11]


def convert15(number: str) -> str:
    """The 18-character form of a 15-digit number (birth year 19YY, check computed)."""
    text = number.strip()
    if len(text) != 15 or not text.isdigit():
        raise InputError(f"'{text}' is not a 15-digit identity number", field="id_number")
    first17 = text[:6] + "19" + text[6:]
    return first17 + check_character(first17)


def parse(number: object) -> IdNumber:
    """The checked number, or an InputError with the reason (field `id_number`)."""
    if not isinstance(number, str):
        raise InputError(f"expected the number as text, got {number!r}", field="id_number")
    text = number.strip().upper()
    old = None
    if len(text) == 15 and text.isdigit():
        old, text = text, convert15(text)
    if len(text) != 18:
        raise _refused(number, "length")
    if not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        raise _refused(number, "characters")
    try:
        born = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise _refused(number, "date") from None
    if old is None and check_character(text[:17]) != text[17]:
        raise _refused(number, "check", f" (expected {check_character(text[:17])})")
    sex: Literal["male", "female"] = "male" if int(text[16]) % 2 else "female"
    return IdNumber(text, born, sex, text[:6], old)


def _refused(number: object, code: str, more: str = "") -> InputError:
    error = InputError(f"identity number '{number}' {REASONS[code]}{more}", field="id_number")
    error.kind = code  # type: ignore[attr-defined]
    return error


@dataclass(frozen=True)
class ParsedColumn:
    """A whole column of numbers checked at once (numpy arrays, one entry per row)."""

    number: pa.Array
    """The 18-character number (15-digit ones converted), null where refused or empty."""
    birth_days: npt.NDArray[np.int32]
    """Birth date as days since 1970-01-01 (0 where refused)."""
    male: npt.NDArray[np.bool_]
    reason: npt.NDArray[np.int8]
    """0 fine or empty, else 1 + the index of the REASONS code."""
    empty: npt.NDArray[np.bool_]


def parse_many(column: pa.Array) -> ParsedColumn:
    """Check every number of a string column with numpy; rows, not Python loops."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pc.utf8_upper(pc.utf8_trim_whitespace(column.cast(pa.string())))
    empty = np.asarray(pc.fill_null(pc.equal(text, ""), True), dtype=bool)
    length = np.asarray(pc.fill_null(pc.utf8_length(text), 0), dtype=np.int64)
    is15 = (length == 15) & np.asarray(
        pc.fill_null(pc.match_substring_regex(text, r"^[0-9]{15}$"), False), dtype=bool
    )
    widened = pc.if_else(
        pa.array(is15),
        pc.binary_join_element_wise(
            pc.utf8_slice_codeunits(text, 0, 6), "19", pc.utf8_slice_codeunits(text, 6, 15), "0", ""
        ),
        text,
    )
    good_len = (length == 18) | is15
    shape = np.asarray(
        pc.fill_null(pc.match_substring_regex(widened, r"^[0-9]{17}[0-9X]$"), False), dtype=bool
    )
    n = len(text)
    raw = pc.if_else(pa.array(good_len & shape), widened, "000000000000000000")
    chars = np.frombuffer(_joined(raw), dtype=np.uint8).reshape(n, 18)
    digits = chars[:, :17].astype(np.int64) - 48
    total = (digits * np.array(WEIGHTS, dtype=np.int64)).sum(axis=1) % 11
    expected = np.frombuffer(CHECK.encode(), dtype=np.uint8)[total]
    check_ok = (expected == chars[:, 17]) | is15
    year = digits[:, 6:10] @ np.array([1000, 100, 10, 1])
    month = digits[:, 10:12] @ np.array([10, 1])
    day = digits[:, 12:14] @ np.array([10, 1])
    days, date_ok = _days(year, month, day)
    reason = np.zeros(n, dtype=np.int8)
    reason[~check_ok] = 4
    reason[~date_ok] = 3
    reason[~shape] = 2
    reason[~good_len] = 1
    reason[empty] = 0
    fine = (reason == 0) & ~empty
    fixed = pc.if_else(
        pa.array(is15),
        pc.binary_join_element_wise(
            pc.utf8_slice_codeunits(widened, 0, 17),
            pa.array(expected.view("S1").astype(str)),
            "",
        ),
        widened,
    )
    number = pc.if_else(pa.array(fine), fixed, pa.scalar(None, pa.string()))
    male = (digits[:, 16] % 2 == 1) & fine
    return ParsedColumn(number, np.where(fine, days, 0).astype(np.int32), male, reason, empty)


def _joined(raw: pa.Array) -> bytes:
    """The bytes of a string column whose every value has 18 ASCII characters, end to end."""
    import pyarrow as pa

    arr = raw.cast(pa.string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    offsets = arr.buffers()[1]
    data = arr.buffers()[2]
    assert offsets is not None and data is not None
    import numpy as np

    off = np.frombuffer(offsets, dtype=np.int32)[arr.offset : arr.offset + len(arr) + 1]
    body = bytes(memoryview(data)[off[0] : off[-1]]) if len(arr) else b""
    return body


def _days(
    year: npt.NDArray[np.int64], month: npt.NDArray[np.int64], day: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Days since 1970-01-01 of each (year, month, day), and whether the date exists."""
    import numpy as np

    ok = (month >= 1) & (month <= 12) & (day >= 1) & (year >= 1800)
    m = np.clip(month, 1, 12)
    first = ((year - 1970) * 12 + (m - 1)).astype("datetime64[M]")
    length = ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype(int)
    ok &= day <= length
    days = first.astype("datetime64[D]").astype(np.int64) + np.clip(day, 1, 31) - 1
    return days, ok
