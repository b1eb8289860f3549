"""The compiled cell passes (population/_cells) read what the NumPy reader reads: the same
days, numbers, flags, nulls and bad rows, over sliced arrays with nulls and hostile texts,
run as plain Python and compiled (where numba is installed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uibenefit.population import _cells as C
from uibenefit.population import _dates as D
from uibenefit.population import _input as I

LOW, HIGH = I.LOW, I.HIGH
DATES = st.one_of(
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.builds(
        "{:04d}-{:02d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99)
    ),
    st.sampled_from(
        [
            "2021-02-29",
            "2024-02-29",
            "1900-02-29",
            "2000-02-29",
            "2021-04-31",
            "2021-05-31",
            "2021-02-30",
            "2020-1x-01",
            "202a-01-01",
            "2020-01-0/",
            "2020/01/01",
            "",
            "1899-12-31",
            "1900-01-01",
            "2100-12-31",
            "2101-01-01",
            "２０２０-01-01",
            "2020-01-01T00:00",
        ]
    ),
    st.text(max_size=11),
    st.none(),
)
WHOLES = st.one_of(
    st.integers(-(10**10), 10**10).map(str),
    st.sampled_from(["", "-", "--5", "+5", " 5", "1²", "１２", "-0", "007", "1201", "1200"]),
    st.text(max_size=10),
    st.none(),
)
FLAGS = st.one_of(
    st.sampled_from(["true", "false", "TRUE", "False", "tRuE", "true ", "ｔｒｕｅ", "yes", ""]),
    st.text(max_size=6),
    st.none(),
)


def _passes() -> list[dict[str, Callable[..., None]]]:
    plain = {name: getattr(C, name) for name in C.PASSES}
    found = C.compiled()
    return [plain] if found is None else [plain, found]


def _array(texts: list[str | None], cut: int) -> pa.Array:
    return pa.array(["pad"] * cut + texts, pa.string()).slice(cut)


def _numpy_reader(arr: pa.Array, fn: Callable[..., Any], *args: Any) -> Any:
    """The answer of the reader without numba (C.compiled() None)."""
    saved = C.compiled
    C.compiled = lambda: None  # type: ignore[assignment]
    try:
        return fn(pa.table({"x": arr}), "x", *args)
    finally:
        C.compiled = saved  # type: ignore[assignment]


@settings(max_examples=150, deadline=None)
@given(st.lists(DATES, max_size=25), st.integers(0, 9), st.booleans())
def test_date_cells_read_what_the_numpy_reader_reads(
    texts: list[str | None], cut: int, required: bool
) -> None:
    arr = _array(texts, cut)
    want_days, want_null, want_bad = _numpy_reader(arr, I.dates)
    if required:
        want_bad = want_bad | want_null
    for passes in _passes():
        n = len(arr)
        days, null, bad = np.empty(n, np.int32), np.empty(n, bool), np.zeros(n, bool)
        passes["date_cells"](*C.buffers(arr), LOW, HIGH, required, days, null, bad)
        assert null.tolist() == want_null.tolist() == [t is None for t in texts]
        assert bad.tolist() == want_bad.tolist()
        assert days.tolist() == want_days.tolist()


@settings(max_examples=150, deadline=None)
@given(st.lists(WHOLES, max_size=25), st.integers(0, 9))
def test_whole_cells_read_what_the_numpy_reader_reads(texts: list[str | None], cut: int) -> None:
    arr = _array(texts, cut)
    want, want_bad = _numpy_reader(arr, lambda t, name: _ints(t))
    for passes in _passes():
        n = len(arr)
        value, bad = np.empty(n, np.int64), np.zeros(n, bool)
        passes["whole_cells"](*C.buffers(arr), 0, 1200, value, bad)
        assert bad.tolist() == want_bad.tolist()
        assert value.tolist() == want.tolist()


def _ints(table: pa.Table) -> Any:
    return I.ints(table.rename_columns(["contribution_months"]), "contribution_months", 0)


@settings(max_examples=150, deadline=None)
@given(st.lists(FLAGS, max_size=25), st.integers(0, 9))
def test_flag_cells_read_what_pyarrow_compute_reads(texts: list[str | None], cut: int) -> None:
    arr = _array(texts, cut)
    low = [None if t is None else t.lower() for t in texts]
    for passes in _passes():
        n = len(arr)
        flag, bad = np.empty(n, bool), np.zeros(n, bool)
        passes["flag_cells"](*C.buffers(arr), *C.encode(("true", "false")), flag, bad)
        assert flag.tolist() == [t == "true" for t in low]
        assert bad.tolist() == [t not in ("true", "false") for t in low]


def test_the_readers_answer_row_by_row() -> None:
    """Hand-written: 2021-02-30 and 2021-02-29 are no days, 2024-02-29 is; a null is bad
    only where the field is required; 1201 months is past the bound."""
    arr = pa.array(["2024-02-29", "2021-02-29", None, "2021-02-30", "1899-12-31"], pa.string())
    for passes in _passes():
        days, null, bad = np.empty(5, np.int32), np.empty(5, bool), np.zeros(5, bool)
        passes["date_cells"](*C.buffers(arr), LOW, HIGH, True, days, null, bad)
        assert days[0] == (dt.date(2024, 2, 29) - dt.date(1970, 1, 1)).days
        assert bad.tolist() == [False, True, True, True, True]
        assert null.tolist() == [False, False, True, False, False]
        nums = pa.array(["36", "1201", "-0", None], pa.string())
        value, wrong = np.empty(4, np.int64), np.zeros(4, bool)
        passes["whole_cells"](*C.buffers(nums), 0, 1200, value, wrong)
        assert value.tolist() == [36, 0, 0, 0]
        assert wrong.tolist() == [False, True, False, True]


@pytest.mark.parametrize("unregistered", [True, False])
def test_relations_marks_dates_out_of_order(unregistered: bool) -> None:
    """Separation after birth, application on or after separation, registration between."""
    birth = np.array([0, 100, 0, 0, 0], np.int32)
    sep = np.array([10, 100, 10, 10, 10], np.int32)
    app = np.array([20, 200, 9, 20, 20], np.int32)
    reg = np.array([15, 150, 9, 9, 21], np.int32)
    for passes in _passes():
        r = reg.copy()
        bad = np.zeros(5, bool)
        passes["relations"](birth, sep, app, r, np.full(5, unregistered), bad)
        if unregistered:
            assert bad.tolist() == [False, True, True, False, False]
            assert r.tolist() == app.tolist()
        else:
            assert bad.tolist() == [False, True, True, True, True]
            assert r.tolist() == reg.tolist()


def test_iso_day_agrees_with_the_numpy_rule_on_every_day_of_two_years() -> None:
    texts = [str(dt.date(2023, 1, 1) + dt.timedelta(days=k)) for k in range(731)]
    arr = pa.array(texts, pa.string())
    days, ok = D.iso_columns(*I._utf8(arr))
    offsets, data, _, _ = C.buffers(arr)
    got = [C.iso_day(data, int(offsets[i]), int(offsets[i + 1])) for i in range(len(texts))]
    assert ok.all() and got == days.tolist()
