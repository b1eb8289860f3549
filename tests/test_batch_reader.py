"""The vectorised text reader (population/_dates.iso_days, whole_numbers) reads exactly what
the regex + strptime + round-trip reader it replaced read: the same values and the same bad
rows, over sliced arrays, nulls and hostile texts. The row errors themselves are the
Claimant's (tests/test_batch_input.py holds them)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from uibenefit.population import _dates as D
from uibenefit.population import _input as I

DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
WHOLE = re.compile(r"-?[0-9]{1,9}", re.ASCII)


def _date_of(text: str | None) -> int | None:
    """The rule written out: ASCII YYYY-MM-DD naming a real day (None: not one)."""
    if text is None or not DATE.fullmatch(text):
        return None
    try:
        day = dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:
        return None
    return (day - dt.date(1970, 1, 1)).days


def _arrow_days(arr: pa.Array) -> tuple[list[int], list[bool]]:
    """The replaced reader (regex, strptime, strftime round trip), as it was."""
    plain = pc.match_substring_regex(arr, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$").fill_null(False)
    picked = pc.if_else(plain, arr, pa.scalar(None, pa.string()))
    parsed = pc.strptime(picked, format="%Y-%m-%d", unit="s", error_is_null=True)
    same = pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), picked).fill_null(False)
    secs = parsed.cast(pa.int64()).fill_null(0).to_pylist()
    return [s // 86_400 for s in secs], same.to_pylist()


def _same_three_ways(columns: Any, rows: Any, arr: pa.Array, value: Any, ok: Any) -> None:
    """The NumPy reader (no numba) and the row function uncompiled give the answer too."""
    offsets, data = I._utf8(arr)
    v2, ok2 = columns(offsets, data)
    v3, ok3 = np.empty(len(arr), np.int64), np.empty(len(arr), np.bool_)
    rows(offsets, data, v3, ok3)
    assert ok.tolist() == ok2.tolist() == ok3.tolist()
    assert np.where(ok, value, 0).tolist() == np.where(ok, v2, 0).tolist() == v3.tolist()


NEAR_DATES = st.one_of(
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.builds(
        "{:04d}-{:02d}-{:02d}".format,
        st.integers(0, 9999),
        st.integers(0, 99),
        st.integers(0, 99),
    ),
    st.sampled_from(
        [
            "2020-02-30",
            "2021-02-29",
            "2024-02-29",
            "1900-02-29",
            "2000-02-29",
            "２０２０-01-01",
            "2020-1²-01",
            "2020-01-01T00:00",
            "2020-01-01 ",
            " 2020-01-01",
            "2020/01/01",
            "20200101",
            "--2020-01-1",
            "2020-00-10",
            "2020-13-01",
            "2020-12-32",
            "0000-01-01",
            "",
            "-",
            "2020-1-01x",
            "é020-01-01",
            "2020–01-01",
        ]
    ),
    st.text(max_size=12),
    st.none(),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(NEAR_DATES, max_size=30), st.integers(0, 5))
def test_iso_days_reads_what_the_rule_and_the_old_reader_read(
    texts: list[str | None], cut: int
) -> None:
    arr = pa.array(["pad"] * cut + texts, pa.string()).slice(cut)
    days, ok = D.iso_days(*I._utf8(arr))
    _same_three_ways(D.iso_columns, D.iso_rows, arr, days, ok)
    old_days, old_ok = _arrow_days(arr)
    for i, text in enumerate(texts):
        want = _date_of(text)
        assert bool(ok[i]) == (want is not None), text
        if want is not None:
            assert int(days[i]) == want, text
        if text is None or not text.startswith("0000"):  # the old one read a year 0 ...
            assert bool(old_ok[i]) == bool(ok[i]), text  # ... then refused it as out of range
        if want is not None:
            assert old_days[i] == want, text


NEAR_WHOLE = st.one_of(
    st.integers(-(10**10), 10**10).map(str),
    st.sampled_from(
        [
            "",
            "-",
            "--5",
            "+5",
            " 5",
            "5 ",
            "1²",
            "１２",
            "٣٦",
            "0",
            "-0",
            "007",
            "999999999",
            "1000000000",
            "-999999999",
            "1e3",
            "3.0",
            "NaN",
        ]
    ),
    st.text(max_size=11),
    st.none(),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(NEAR_WHOLE, max_size=30), st.integers(0, 5))
def test_whole_numbers_reads_what_the_regex_read(texts: list[str | None], cut: int) -> None:
    arr = pa.array(["pad"] * cut + texts, pa.string()).slice(cut)
    value, ok = D.whole_numbers(*I._utf8(arr), 9)
    _same_three_ways(
        lambda o, d: D.whole_columns(o, d, 9),
        lambda o, d, v, k: D.whole_rows(o, d, 9, v, k),
        arr,
        value,
        ok,
    )
    for i, text in enumerate(texts):
        fine = text is not None and WHOLE.fullmatch(text) is not None
        assert bool(ok[i]) == fine, text
        if fine:
            assert int(value[i]) == int(text), text


def test_dates_column_marks_bad_rows_and_nulls() -> None:
    table = pa.table({"birth_date": pa.array(["1980-02-29", None, "1981-02-29", "2101-01-01"])})
    days, null, bad = I.dates(table, "birth_date")
    assert null.tolist() == [False, True, False, False]
    assert bad.tolist() == [False, False, True, True]  # no such day; past LATEST
    assert int(days[0]) == (dt.date(1980, 2, 29) - dt.date(1970, 1, 1)).days


def test_ints_column() -> None:
    table = pa.table({"contribution_months": pa.array(["36", "-1", "1201", None, "1²", "0"])})
    value, bad = I.ints(table, "contribution_months", 0)
    assert bad.tolist() == [False, True, True, True, True, False]
    assert value.tolist() == [36, 0, 0, 0, 0, 0]


def test_empty_columns() -> None:
    empty = pa.table({"birth_date": pa.array([], pa.string())})
    days, null, bad = I.dates(empty, "birth_date")
    assert len(days) == len(null) == len(bad) == 0
    assert np.asarray(D.whole_numbers(*I._utf8(pa.array([], pa.string())), 9)[1]).size == 0


WORDS = ("male", "female", "worker", "cadre", "contract_expired", "解除", "")
NEAR_WORDS = st.one_of(
    st.sampled_from(
        [
            *WORDS,
            "Male",
            "MALE",
            "male ",
            "femal",
            "femalee",
            "解",
            "TRUE",
            "True",
            "false",
            "FaLsE",
            "true ",
            "tru",
            "ｔｒｕｅ",
            "truе",
        ]
    ),
    st.text(max_size=6),
    st.none(),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(NEAR_WORDS, max_size=30), st.integers(0, 5))
def test_codes_and_bools_read_what_pyarrow_compute_read(texts: list[str | None], cut: int) -> None:
    """The compiled pass gives index_in's codes and utf8_lower + is_in's true/false."""
    arr = pa.array(["pad"] * cut + texts, pa.string()).slice(cut)
    found = D.choices(*I._utf8(arr), WORDS)
    want = pc.index_in(arr, value_set=pa.array(WORDS)).fill_null(-1).to_pylist()
    if found is not None:  # numba installed
        got = [-1 if t is None else int(v) for t, v in zip(texts, found, strict=True)]
        assert got == [-1 if t is None else w for t, w in zip(texts, want, strict=True)]
    plain = np.empty(len(arr), np.int64)
    D.choice_rows(*I._utf8(arr), *_words(WORDS), False, plain)  # the row function as it is
    assert [-1 if t is None else int(v) for t, v in zip(texts, plain, strict=True)] == [
        -1 if t is None else w for t, w in zip(texts, want, strict=True)
    ]
    table = pa.table({"seeking_work": arr})
    true, bad = I.bools(table, "seeking_work", True)
    low = pc.utf8_lower(arr)
    old_true = pc.is_in(low, value_set=pa.array(["true"])).fill_null(False).to_pylist()
    old_false = pc.is_in(low, value_set=pa.array(["false"])).fill_null(False).to_pylist()
    assert true.tolist() == old_true
    assert bad.tolist() == [not (t or f) for t, f in zip(old_true, old_false, strict=True)]


def _words(words: tuple[str, ...]) -> tuple[Any, Any]:
    encoded = [w.encode() for w in words]
    ends = np.cumsum([0, *(len(w) for w in encoded)]).astype(np.int32)
    return ends, np.frombuffer(b"".join(encoded) or b"\0", dtype=np.uint8)
