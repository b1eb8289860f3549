"""Issue 26's fuzz suites for the service: hostile strings in every field of a request and
every cell of an upload; no answer is a 500, every refusal a problem document.

Bounded by default (CI: 2 cores); `UIB_FUZZ_EXAMPLES=2000` for a longer run.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from uibenefit.service.app import Limits, create_app

EXAMPLES = int(os.environ.get("UIB_FUZZ_EXAMPLES", "40"))
PERSON: dict[str, Any] = {
    "birth_date": "1968-07-15",
    "sex": "male",
    "position": "worker",
    "insured_as": "employee",
    "contribution_months": 168,
    "separation_date": "2020-03-31",
    "separation_reason": "contract_expired",
    "application_date": "2020-04-10",
    "insured_area": "152201",
}
HOSTILE = st.one_of(
    st.sampled_from(
        [
            "",
            "\x00",
            "\x1b[31m",
            "\u202e",
            "\ufeff",
            "１２",
            "٣٦",
            "1²",
            "--5",
            "9" * 400,
            "2020-02-30",
            "99999-01-01",
            "-0001-01-01",
            "NaN",
            "Infinity",
            "../../etc/passwd",
            "/etc/shadow",
            "男",
            "乌兰浩特",
            "a" * 70_000,
        ]
    ),
    st.text(max_size=40),
)
VALUE = st.one_of(
    HOSTILE,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
STATUSES = {200, 404, 413, 415, 422, 501, 503}


@pytest.fixture(scope="module")
def client() -> Any:
    with TestClient(create_app(limits=Limits(batch_rows=50, batch_workers=1))) as c:
        yield c


def _answered(r: Any) -> None:
    assert r.status_code in STATUSES, (r.status_code, r.text[:300])
    if r.status_code >= 400:
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["problems"]


def _raw_json(data: Any, lone: bool) -> bytes:
    text = json.dumps(data, ensure_ascii=True)
    if lone:  # a lone surrogate escape in the first text: what json.dumps cannot write
        text = text.replace('"', '"\\ud800', 2)
    return text.encode()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.dictionaries(st.sampled_from(sorted(PERSON)), VALUE, max_size=4),
    st.dictionaries(st.text(max_size=8), VALUE, max_size=2),
    st.sampled_from(["/v1/evaluate", "/v1/eligibility"]),
    st.booleans(),
)
def test_hostile_values_in_every_field(
    client: TestClient, changes: dict[str, Any], extra: dict[str, Any], path: str, lone: bool
) -> None:
    claimant = {**PERSON, **changes, **extra}
    body = {"claimant": claimant, "as_of": changes.get("birth_date")}
    r = client.post(
        path, content=_raw_json(body, lone), headers={"content-type": "application/json"}
    )
    _answered(r)


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return '"' + text.replace('"', '""') + '"'


@settings(
    max_examples=max(EXAMPLES // 2, 5), deadline=None, suppress_health_check=list(HealthCheck)
)
@given(
    st.lists(
        st.dictionaries(st.sampled_from(sorted(PERSON)), HOSTILE, max_size=3),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from(["csv", "jsonl"]),
)
def test_hostile_cells_in_a_batch_upload(
    client: TestClient, changes: list[dict[str, Any]], form: str
) -> None:
    rows = [{"id": str(i), **PERSON, **c} for i, c in enumerate(changes)]
    if form == "csv":
        names = list(rows[0])
        lines = [",".join(names)] + [",".join(_cell(r.get(n)) for n in names) for r in rows]
        body = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
        kind = "text/csv"
    else:
        body = "\n".join(json.dumps(r, ensure_ascii=True) for r in rows).encode()
        kind = "application/x-ndjson"
    r = client.post("/v1/batch", content=body, headers={"content-type": kind})
    _answered(r)
    if r.status_code == 200:
        out = [json.loads(line) for line in r.text.splitlines()]
        assert [row["id"] for row in out] == [row["id"] for row in rows]  # rows out = rows in


def test_a_line_break_in_an_echoed_cell_stays_inside_its_row(client: TestClient) -> None:
    """A cell holding U+2028, U+2029 or U+0085 (which `str.splitlines` and JavaScript take for
    a line's end) is echoed in its row's error escaped: one row, one line."""
    rows = [{"id": str(i), **PERSON, "insured_area": f"0{ch}x", "sex": f"0{ch}x"} for i, ch in
            enumerate(["\u2028", "\u2029", "\x85"])]  # fmt: skip
    body = "\n".join(json.dumps(r, ensure_ascii=True) for r in rows).encode()
    r = client.post("/v1/batch", content=body, headers={"content-type": "application/x-ndjson"})
    assert r.status_code == 200
    out = [json.loads(line) for line in r.text.splitlines()]
    assert [row["id"] for row in out] == ["0", "1", "2"]
    assert all(row["error"] and "insured_area" in row["error"] and "sex" in row["error"]
               for row in out)  # fmt: skip
