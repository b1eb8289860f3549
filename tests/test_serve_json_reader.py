"""The service reads a request body with orjson where that gives what the strict reader gives, and
leaves every other body to the strict reader (service/_requests.py `parse_json`): same data, same
refusals, whatever the body."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uibenefit.service._problems import Problem
from uibenefit.service._requests import _SLOW, _quick, _strict, parse_json


def _outcome(read: Any, raw: bytes) -> tuple[str, Any]:
    try:
        return "data", read(raw)
    except Problem as exc:
        return "refused", (exc.status, exc.problems)


def _same(raw: bytes) -> None:
    assert _outcome(parse_json, raw) == _outcome(_strict, raw)


TRICKY = [
    b'{"a": 1, "a": 2}',
    b'{"a": {"b": 1, "b": 2}}',
    b'[{"x": 1}, {"x": 2, "x": 3}]',
    b'{"a": "x\\":", "b": 1}',
    b'{"a" : 1, "b"\n:\t2}',
    b"NaN",
    b'{"a": Infinity}',
    b"[1e999]",
    b'{"a": 1.0}',
    b"123456789012345678901234567890",
    b"-0",
    b'"\\ud800"',
    b'{"\\udc00": 1}',
    b"\xef\xbb\xbf{}",
    b"\xff",
    b"",
    b"{",
    b'{"a": 1,}',
    b"[" * 1010 + b"]" * 1010,
    b"[" * 300 + b"]" * 300,
    b'{"k": "\\u00e9\\"\\t:"}',
    b'{"claimant": {"birth_date": "1968-07-15"}, "events": []}',
]


@pytest.mark.parametrize("raw", TRICKY)
def test_a_tricky_body_is_read_or_refused_as_the_strict_reader_does(raw: bytes) -> None:
    _same(raw)


def test_repeated_keys_and_floats_go_to_the_strict_reader() -> None:
    assert _quick(b'{"a": 1, "a": 2}') is _SLOW
    assert _quick(b'{"n": 123456789012345678901234567890}') is _SLOW
    assert _quick(b'{"a": [1, {"c": null, "d": "x"}]}') == {"a": [1, {"c": None, "d": "x"}]}


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(_json, st.booleans(), st.sampled_from(["", " ", "\n"]))
def test_any_json_text_is_read_as_the_strict_reader_reads_it(
    value: Any, ascii_only: bool, space: str
) -> None:
    separators = ("," + space, ":" + space)
    _same(json.dumps(value, ensure_ascii=ascii_only, separators=separators).encode())


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers(), min_size=1), st.data())
def test_a_key_given_twice_is_refused_whichever_key(pairs: dict[str, int], data: Any) -> None:
    key = data.draw(st.sampled_from(sorted(pairs)))
    body = "{" + ", ".join(f'"{k}": {v}' for k, v in pairs.items()) + f', "{key}": 0}}'
    kind, detail = _outcome(parse_json, body.encode())
    assert kind == "refused" and "given twice" in json.dumps(detail)
    _same(body.encode())
