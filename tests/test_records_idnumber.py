"""公民身份号码 (GB 11643-1999): check character, birth date, sex, 15-digit conversion."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from uibenefit import InputError
from uibenefit.records import idnumber


def test_check_character_of_the_standard_example() -> None:
    """GB 11643-1999's example 11010519491231002X: weighted sum 167, 167 mod 11 = 2 -> X."""
    assert idnumber.check_character("11010519491231002") == "X"
    found = idnumber.parse("11010519491231002x")
    assert found.number == "11010519491231002X"
    assert found.birth_date == dt.date(1949, 12, 31)
    assert found.sex == "female"  # sequence 002: even
    assert found.area == "110105"


def test_odd_sequence_is_male() -> None:
    """The 17th digit odd means male: 440524188001010014 (sequence 001)."""
    first17 = "44052418800101001"
    number = first17 + idnumber.check_character(first17)
    assert idnumber.parse(number).sex == "male"


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("110105194912310021", "check"),
        ("11010519490231002X", "date"),
        ("1101051949123", "length"),
        ("11010519491231002A", "characters"),
    ],
)
def test_refusals_give_the_reason(number: str, kind: str) -> None:
    """A wrong check character, an impossible date, a wrong length or a letter is refused."""
    with pytest.raises(InputError) as info:
        idnumber.parse(number)
    assert info.value.kind == kind  # type: ignore[attr-defined]
    assert info.value.field == "id_number"


def test_fifteen_digits_convert() -> None:
    """An old 15-digit number gets 19 before its year and a computed check character."""
    assert idnumber.convert15("110105491231002") == "11010519491231002X"
    found = idnumber.parse("110105491231002")
    assert found.number == "11010519491231002X"
    assert found.converted_from == "110105491231002"


@given(
    st.dates(dt.date(1900, 1, 1), dt.date(2020, 12, 31)),
    st.integers(0, 999),
    st.integers(110000, 659999),
)
def test_any_valid_number_round_trips(born: dt.date, seq: int, area: int) -> None:
    """A number built with its check character parses to its date and sex, in both paths;
    changing its check character makes both refuse it."""
    first17 = f"{area}{born:%Y%m%d}{seq:03d}"
    number = first17 + idnumber.check_character(first17)
    one = idnumber.parse(number)
    assert one.birth_date == born and one.sex == ("male" if seq % 2 else "female")
    wrong = first17 + ("0" if number[-1] != "0" else "1")
    many = idnumber.parse_many(pa.array([number, wrong]))
    assert many.number.to_pylist() == [number, None]
    assert many.birth_days[0] == (born - dt.date(1970, 1, 1)).days
    assert bool(many.male[0]) == (seq % 2 == 1)
    assert many.reason.tolist() == [0, 4]
    with pytest.raises(InputError):
        idnumber.parse(wrong)


def test_column_reasons_match_single_reasons() -> None:
    """parse_many gives each row the reason parse gives, and converts 15-digit numbers."""
    numbers = [
        "11010519491231002X",
        "110105491231002",
        "110105194912310021",
        "11010519490231002X",
        "1234",
        None,
        "",
        "11010519491231002A",
    ]
    many = idnumber.parse_many(pa.array(numbers))
    codes = list(idnumber.REASONS)
    for i, text in enumerate(numbers):
        if not text:
            assert many.empty[i]
            continue
        try:
            idnumber.parse(text)
            assert many.reason[i] == 0
        except InputError as exc:
            assert codes[many.reason[i] - 1] == exc.kind  # type: ignore[attr-defined]
    assert many.number.to_pylist()[:2] == ["11010519491231002X"] * 2
