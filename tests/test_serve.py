"""The HTTP service answers what the library answers, and refuses what it must, never with a 500."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("pyarrow")

import pyarrow as pa
import pyarrow.parquet as pq
from fastapi.testclient import TestClient
from hypothesis import given, settings
from pydantic_core import to_jsonable_python

import uibenefit as ub
from uibenefit.cli import main
from uibenefit.cli.show import render
from uibenefit.service import Limits, create_app
from uibenefit.testing import cases

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ROOT = Path(__file__).resolve().parent.parent
REFORMS = ROOT / "examples" / "reforms"
XINGAN = ub.load_policy("xingan")

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
EVENTS = [{"kind": "reemployed", "on": "2020-11-20"}]


@pytest.fixture(scope="module")
def client() -> TestClient:
    """One app for the module: policies are loaded once, as a server does."""
    return TestClient(create_app(str(REFORMS), Limits(body_bytes=64 * 1024, batch_rows=50)))


def _claimant(data: dict[str, Any]) -> ub.Claimant:
    return ub.Claimant.from_mapping({k: _date(v) for k, v in data.items()})


def _date(v: Any) -> Any:
    if isinstance(v, str) and len(v) == 10 and v[4] == "-":
        return dt.date.fromisoformat(v)
    return v


def _is_problem(r: Any, status: int) -> list[dict[str, Any]]:
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == status and body["problems"]
    for p in body["problems"]:
        assert set(p) == {"field", "line", "message", "message_zh"} and p["message"]
        assert p["message_zh"] and "暂无中文译文" not in p["message_zh"], p
    assert "Traceback" not in r.text
    problems: list[dict[str, Any]] = body["problems"]
    return problems


# -- each endpoint answers what the library answers ---------------------------------------


def test_evaluate_is_the_librarys_decision(client: TestClient) -> None:
    """POST /v1/evaluate gives `policy.evaluate(...).to_dict()` for the same input."""
    r = client.post(
        "/v1/evaluate", json={"claimant": PERSON, "events": EVENTS, "as_of": "2020-12-31"}
    )
    assert r.status_code == 200
    events = [ub.Event(kind="reemployed", on=dt.date(2020, 11, 20))]
    expected = XINGAN.evaluate(_claimant(PERSON), events, as_of=dt.date(2020, 12, 31))
    assert r.json() == json.loads(json.dumps(expected.to_dict()))
    body = r.json()
    assert body["entitlement"]["total_months"] == 24
    assert body["schedule"][0]["amount"] == "1248.00"
    assert body["stop"]["months_paid"] == 8
    assert body["totals"]["overpaid"] == "1248.00"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_evaluate_with_explanation(client: TestClient, lang: str) -> None:
    """`explain: true` adds `decision.explain(lang)` beside the decision."""
    r = client.post(
        "/v1/evaluate", json={"claimant": PERSON, "events": EVENTS, "lang": lang, "explain": True}
    )
    assert r.status_code == 200
    decision = XINGAN.evaluate(_claimant(PERSON), [ub.Event("reemployed", dt.date(2020, 11, 20))])
    assert r.json() == {"decision": decision.to_dict(), "explanation": decision.explain(lang)}


@settings(max_examples=25, deadline=None, derandomize=True)
@given(cases())
def test_evaluate_agrees_with_the_library_on_drawn_cases(case: Any) -> None:
    """For drawn claimants, events and dates the service and the library give the same answer."""
    client = _shared_client()
    body = {
        "claimant": case.person.to_dict(),
        "events": [e.to_dict() for e in case.events],
        "as_of": case.as_of.isoformat() if case.as_of else None,
    }
    r = client.post("/v1/evaluate", json=body)
    try:
        expected: Any = XINGAN.evaluate(case.person, case.events, as_of=case.as_of).to_dict()
    except ub.UIBenefitError as exc:
        problems = _is_problem(r, 422)
        assert problems[0]["message"] == exc.detail  # type: ignore[attr-defined]
        return
    assert r.status_code == 200, r.text[:500]
    assert r.json() == expected


_CLIENT: list[TestClient] = []


def _shared_client() -> TestClient:
    if not _CLIENT:
        _CLIENT.append(TestClient(create_app()))
    return _CLIENT[0]


def test_eligibility_is_the_librarys(client: TestClient) -> None:
    """POST /v1/eligibility gives `policy.eligibility(person).to_dict()`; a voluntary quit fails."""
    quit_ = dict(PERSON, separation_reason="resigned")
    for person in (PERSON, quit_):
        r = client.post("/v1/eligibility", json={"claimant": person, "policy": "xingan"})
        assert r.status_code == 200
        assert r.json() == XINGAN.eligibility(_claimant(person)).to_dict()
    assert client.post("/v1/eligibility", json={"claimant": quit_}).json()["eligible"] is False


def test_policies_lists_bundled_and_operator_policies(client: TestClient) -> None:
    """GET /v1/policies: the bundled chain and each file of --policies-dir, by layer name."""
    r = client.get("/v1/policies")
    assert r.status_code == 200
    listed = {p["name"]: p for p in r.json()["policies"]}
    assert listed["xingan"]["layers"] == ["national", "inner_mongolia", "xingan"]
    assert listed["xingan"]["source"] == "bundled"
    assert listed["continuation_two_years"]["source"] == "policies-dir"
    assert listed["continuation_two_years"]["layers"][-1] == "continuation_two_years"


def test_an_operator_policy_evaluates_as_the_library_does(client: TestClient) -> None:
    """A policy from --policies-dir, named in the body, answers as `ub.load_policy(path)`."""
    what_if = ub.load_policy(REFORMS / "continuation_two_years.yaml")
    near = dict(PERSON, birth_date="1962-01-15", separation_date="2020-03-31")
    r = client.post("/v1/evaluate", json={"claimant": near, "policy": "continuation_two_years"})
    assert r.status_code == 200
    assert r.json() == what_if.evaluate(_claimant(near)).to_dict()


@pytest.mark.parametrize("as_of", [None, "2021-01-01", "2025-06-30"])
def test_policy_description_is_what_show_prints(client: TestClient, as_of: str | None) -> None:
    """GET /v1/policies/xingan: each item where `show` says it is set, each value as in force."""
    query = f"?as_of={as_of}" if as_of else ""
    r = client.get(f"/v1/policies/xingan{query}")
    assert r.status_code == 200
    body = r.json()
    day = dt.date.fromisoformat(as_of) if as_of else None
    shown = render(XINGAN, day)
    assert [layer["name"] for layer in body["layers"]] == list(XINGAN.layers)
    count = 0
    for section, items in body["sections"].items():
        assert f"\n{section}:\n" in shown
        for item in items:
            w = item["where"]
            assert f"  {item['id']}" in shown
            assert f"{w['layer']} policies/{w['file']}:{w['line']}" in shown
            if section == "parameters":
                table = XINGAN.table(item["id"])
                if day is None:
                    assert len(item["values"]) == len(table.values)
                else:
                    found = table.dated(day)
                    assert item["values"] == [] if found is None else len(item["values"]) == 1
                    if found is not None:
                        want = to_jsonable_python(XINGAN.value(item["id"], day))
                        assert item["values"][0]["value"] == want
                        count += 1
    assert day is None or count > 10


def test_clause_is_the_librarys_citation(client: TestClient) -> None:
    """GET /v1/clauses/{id} gives `policy.cite(id).to_dict()`, for every clause of the policy."""
    decision = XINGAN.evaluate(_claimant(PERSON), [ub.Event("reemployed", dt.date(2020, 11, 20))])
    ids = {decision.stop.citation.clause, decision.schedule[0].citation.clause}  # type: ignore[union-attr]
    ids |= {f.citation.clause for f in decision.eligibility.findings}
    for clause_id in sorted(ids):
        r = client.get(f"/v1/clauses/{clause_id}")
        assert r.status_code == 200
        assert r.json() == XINGAN.cite(clause_id).to_dict()
    national = client.get(f"/v1/clauses/{decision.stop.citation.clause}?policy=national")  # type: ignore[union-attr]
    assert national.status_code == 404  # the stop clause is the region's, not the nation's


def test_health(client: TestClient) -> None:
    """GET /v1/health: ok, the version and every policy served."""
    body = client.get("/v1/health").json()
    assert body["status"] == "ok" and body["version"] == ub.__version__
    assert {"national", "inner_mongolia", "xingan", "continuation_two_years"} <= set(
        body["policies"]
    )
    assert body["batch"] == hasattr(ub.Policy, "evaluate_batch")


def test_openapi_has_an_example_for_every_endpoint(client: TestClient) -> None:
    """/openapi.json documents every route with an example answer, and the example request of
    /v1/evaluate, sent as it is, gives the example answer's months."""
    doc = client.get("/openapi.json").json()
    routes = {
        ("post", "/v1/evaluate"),
        ("post", "/v1/eligibility"),
        ("post", "/v1/batch"),
        ("get", "/v1/policies"),
        ("get", "/v1/policies/{name}"),
        ("get", "/v1/policies/{name}/form"),
        ("post", "/v1/evaluate/html"),
        ("get", "/v1/clauses/{clause_id}"),
        ("get", "/v1/health"),
    }
    found = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    assert routes == found
    for method, path in routes:
        op = doc["paths"][path][method]
        ok = op["responses"]["200"]["content"]
        assert any("example" in c for c in ok.values()), (method, path)
    example = doc["paths"]["/v1/evaluate"]["post"]["requestBody"]["content"]["application/json"]
    answer = client.post("/v1/evaluate", json=example["example"]).json()
    shown = doc["paths"]["/v1/evaluate"]["post"]["responses"]["200"]["content"]["application/json"]
    assert answer["entitlement"] == shown["example"]["entitlement"]
    assert answer["schedule"][:2] == shown["example"]["schedule"]


def test_no_state_between_requests(client: TestClient) -> None:
    """The same request gives the same answer before and after other requests."""
    body = {"claimant": PERSON, "events": EVENTS, "as_of": "2020-12-31"}
    first = client.post("/v1/evaluate", json=body).json()
    client.post("/v1/evaluate", json={"claimant": dict(PERSON, contribution_months=13)})
    client.post("/v1/evaluate", json={"claimant": dict(PERSON, sex="man")})
    assert client.post("/v1/evaluate", json=body).json() == first


# -- refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "..%2F..%2Fpyproject.toml",
        "%2Fetc%2Fpasswd",
        "..",
        "xingan.yaml",
        "policies%2Fxingan",
        "XINGAN",
        "continuation_two_years.yaml",
    ],
)
def test_policy_names_never_reach_the_file_system(client: TestClient, name: str) -> None:
    """A path, a file name or a near miss as a policy name is not served (404)."""
    r = client.get(f"/v1/policies/{name}")
    assert r.status_code == 404, r.text[:300]
    assert "root:" not in r.text and "[project]" not in r.text


@pytest.mark.parametrize(
    "name",
    [
        "../../pyproject.toml",
        "/etc/passwd",
        str(REFORMS / "continuation_two_years.yaml"),
        "examples/reforms/continuation_two_years.yaml",
        "",
        7,
        ["xingan"],
    ],
)
def test_a_path_as_the_policy_of_a_request_is_refused(client: TestClient, name: Any) -> None:
    """`policy` in a body is a served name, never a path: 422 on `policy`."""
    r = client.post("/v1/evaluate", json={"claimant": PERSON, "policy": name})
    problems = _is_problem(r, 422)
    assert problems[0]["field"] == "policy"


@pytest.mark.parametrize(
    "path",
    [
        "/static/../pyproject.toml",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/static/index.html",
        "/static/..%2F__init__.py",
        "/static/app.js/../../app.py",
    ],
)
def test_static_files_are_an_allow_list(client: TestClient, path: str) -> None:
    """Only the page's three files are served; nothing else of the package or the disk."""
    r = client.get(path)
    assert r.status_code == 404
    assert "import" not in r.text


def test_oversized_body_is_refused(client: TestClient) -> None:
    """A body over the limit gets 413, whether Content-Length says so or the stream shows it."""
    big = json.dumps({"claimant": PERSON, "pad": "x" * 70_000}).encode()
    _is_problem(client.post("/v1/evaluate", content=big), 413)

    def chunks() -> Any:
        for _ in range(80):
            yield b"x" * 1024

    _is_problem(client.post("/v1/evaluate", content=chunks()), 413)


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        (b"{", None, "not valid JSON"),
        (b"[]", None, "JSON object"),
        (b'{"claimant": {}, "claimant": {}}', None, "given twice"),
        (b'{"claimant": NaN}', None, "NaN"),
        (b"[" * 5000 + b"]" * 5000, None, "nested"),
        (b"\xff\xfe", None, "UTF-8"),
        (json.dumps({"claimant": dict(PERSON, sex="man")}).encode(), "claimant.sex", "male"),
        (
            json.dumps({"claimant": dict(PERSON, contribution_months=12.5)}).encode(),
            "claimant.contribution_months",
            "whole number",
        ),
        (
            json.dumps({"claimant": dict(PERSON, application_date="2020-03-01")}).encode(),
            "claimant.application_date",
            "before the separation",
        ),
        (
            json.dumps({"claimant": dict(PERSON, birth_date="1968-02-30")}).encode(),
            "claimant.birth_date",
            "date",
        ),
        (
            json.dumps({"claimant": dict(PERSON, insured_area="999999")}).encode(),
            "claimant.insured_area",
            "",
        ),
        (json.dumps({"claimant": dict(PERSON, colour="red")}).encode(), "colour", "unknown field"),
        (
            json.dumps(
                {"claimant": PERSON, "events": [{"kind": "won", "on": "2020-06-01"}]}
            ).encode(),
            "events[0].kind",
            "is not a stop ground",
        ),
        (
            json.dumps({"claimant": PERSON, "events": [{"kind": "died"}]}).encode(),
            "events[0].on",
            "missing",
        ),
        (json.dumps({"claimant": PERSON, "events": {"kind": "died"}}).encode(), "events", "list"),
        (
            json.dumps({"claimant": PERSON, "events": [EVENTS[0]] * 51}).encode(),
            "events",
            "at most",
        ),
        (json.dumps({"claimant": PERSON, "as_of": "31/12/2020"}).encode(), "as_of", "YYYY-MM-DD"),
        (json.dumps({"claimant": PERSON, "as_of": "2200-01-01"}).encode(), "as_of", "outside"),
        (json.dumps({"claimant": PERSON, "lang": "fr"}).encode(), "lang", "zh, en"),
        (json.dumps({"claimant": PERSON, "explain": "yes"}).encode(), "explain", "true or false"),
        (json.dumps({"claimant": "me"}).encode(), "claimant", "object"),
        (json.dumps({"events": EVENTS}).encode(), "claimant", "missing"),
        (json.dumps({"claimnt": PERSON}).encode(), "claimnt", "Did you mean 'claimant'"),
    ],
)
def test_malformed_requests_get_the_librarys_problems(
    client: TestClient, body: bytes, field: str | None, says: str
) -> None:
    """Malformed JSON, bad values and unknown fields: 422 with field, line and message."""
    r = client.post("/v1/evaluate", content=body, headers={"content-type": "application/json"})
    problems = _is_problem(r, 422)
    assert problems[0]["field"] == field
    assert says in problems[0]["message"]


def test_a_bad_claimant_value_reads_as_the_library_says_it() -> None:
    """The message for a bad value is the library's own, word for word."""
    with pytest.raises(ub.InputError) as raised:
        ub.Claimant.from_mapping({**{k: _date(v) for k, v in PERSON.items()}, "sex": "man"})
    r = _shared_client().post("/v1/evaluate", json={"claimant": dict(PERSON, sex="man")})
    assert _is_problem(r, 422)[0]["message"] == raised.value.detail


def test_wrong_content_type_and_method(client: TestClient) -> None:
    """A form or XML body is 415; a GET on a POST route is 405; an unknown route 404."""
    r = client.post("/v1/evaluate", content=b"<x/>", headers={"content-type": "application/xml"})
    _is_problem(r, 415)
    _is_problem(client.get("/v1/evaluate"), 405)
    _is_problem(client.get("/v2/evaluate"), 404)
    _is_problem(client.get("/v1/clauses/..%2Fetc"), 404)
    _is_problem(client.get("/v1/clauses/N0-none"), 404)
    _is_problem(client.get("/v1/policies/xingan?as_of=tomorrow"), 422)


def test_time_limit_answers_503() -> None:
    """An evaluation past the time limit is answered 503, not left hanging."""
    slow = TestClient(create_app(limits=Limits(seconds=1e-9)))
    _is_problem(slow.post("/v1/evaluate", json={"claimant": PERSON}), 503)


def test_access_log_is_json_lines_without_personal_data(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    """One JSON object per request: method, path, status, ms; never the body or the query."""
    with caplog.at_level(logging.INFO, logger="uibenefit.access"):
        client.post("/v1/evaluate", json={"claimant": PERSON})
        client.get("/v1/policies/xingan?as_of=2021-01-01")
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "uibenefit.access"]
    assert [(x["method"], x["path"], x["status"]) for x in lines] == [
        ("POST", "/v1/evaluate", 200),
        ("GET", "/v1/policies/xingan", 200),
    ]
    assert all(x["ms"] >= 0 and x["bytes_out"] > 0 for x in lines)
    assert "1968-07-15" not in caplog.text and "2021-01-01" not in caplog.text


def test_security_headers_on_the_page(client: TestClient) -> None:
    """The page loads nothing from elsewhere: CSP allows only this origin; no framing."""
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"
    for path in ("/", "/static/app.js", "/static/style.css"):
        text = client.get(path).text
        assert "http://" not in text.replace("http://rst", "") and "https://" not in text
        assert "//cdn" not in text


def test_page_offers_exactly_the_librarys_choices(client: TestClient) -> None:
    """The page's separation reasons and event kinds come from the served policy
    (`/v1/policies/{name}/form`), so the form can send nothing the library does not know: the
    page itself lists none of them."""
    js = client.get("/static/app.js").text
    assert "/form`" in js
    for code in (*ub.SEPARATION_REASONS, *ub.EVENT_KINDS, "152201"):
        assert f'"{code}"' not in js, code
    form = client.get("/v1/policies/xingan/form").json()
    assert [r["code"] for r in form["reasons"]] == list(ub.SEPARATION_REASONS)
    assert [k["code"] for k in form["event_kinds"]] == list(ub.EVENT_KINDS)


# -- operator's folder ------------------------------------------------------------------


def test_a_bad_policy_file_stops_the_server_from_starting(tmp_path: Path) -> None:
    """A malformed file in --policies-dir is a PolicyError at start (file and line), exit 1."""
    (tmp_path / "bad.yaml").write_text("format: 1\nlayer: bad\nextends: nowhere\n", "utf-8")
    with pytest.raises(ub.PolicyError) as raised:
        create_app(str(tmp_path))
    assert "bad.yaml" in str(raised.value)
    assert main(["serve", "--policies-dir", str(tmp_path), "--port", "1"]) == 1


def test_a_layer_name_served_twice_is_refused(tmp_path: Path) -> None:
    """Two files with the same layer name (or a bundled name) cannot both be served."""
    shutil.copy(REFORMS / "continuation_two_years.yaml", tmp_path / "a.yaml")
    shutil.copy(REFORMS / "continuation_two_years.yaml", tmp_path / "b.yaml")
    with pytest.raises(ub.PolicyError, match="already served"):
        create_app(str(tmp_path))
    with pytest.raises(ub.PolicyError, match="not a folder"):
        create_app(str(tmp_path / "a.yaml"))


# -- batch ------------------------------------------------------------------------------

CSV_HEAD = (
    "id,birth_date,sex,position,insured_as,contribution_months,separation_date,"
    "separation_reason,application_date,insured_area\n"
)
CSV_ROWS = [
    "a1,1968-07-15,male,worker,employee,168,2020-03-31,contract_expired,2020-04-10,152201",
    "a2,1990-01-01,female,worker,employee,6,2020-03-31,resigned,2020-04-10,152201",
    "a3,1975-05-05,female,cadre,employee,70,2021-06-30,employer_closed,2021-07-20,152202",
    "a4,1975-05-05,female,cadre,employee,70,2021-06-30,fired,2021-07-20,152202",
]
HAS_BATCH = hasattr(ub.Policy, "evaluate_batch")


def _batch(client: TestClient, body: bytes, kind: str, query: str = "") -> Any:
    return client.post(f"/v1/batch{query}", content=body, headers={"content-type": kind})


@pytest.mark.parametrize(
    ("body", "kind", "status", "says"),
    [
        (CSV_HEAD.replace("sex", "gender") + CSV_ROWS[0], "text/csv", 422, "unknown column"),
        (CSV_HEAD.replace("id,", "") + CSV_ROWS[0][3:], "text/csv", 422, "'id' column"),
        (CSV_HEAD + CSV_ROWS[0] + ",extra", "text/csv", 422, "CSV"),
        (CSV_HEAD, "text/csv", 422, "no rows"),
        (CSV_HEAD + "\n".join(CSV_ROWS * 13), "text/csv", 413, "at most 50"),
        ("{not json}\n", "application/x-ndjson", 422, "not valid JSON"),
        ('{"id": "x", "birth_date": [1968]}\n', "application/x-ndjson", 422, "expected a value"),
        ('{"id": "x", "colour": "red"}\n', "application/x-ndjson", 422, "unknown field"),
        ("PAR1 not really", "application/vnd.apache.parquet", 422, "Parquet"),
        ("a,b\n1,2\n", "application/xml", 415, "CSV"),
    ],
)
def test_batch_refuses_files_it_cannot_read(
    client: TestClient, body: str, kind: str, status: int, says: str
) -> None:
    """Uploads that are not a claimant table are refused before any evaluation."""
    problems = _is_problem(_batch(client, body.encode(), kind), status)
    assert says in " ".join(p["message"] for p in problems)


def test_batch_names_the_line_of_a_bad_json_line(client: TestClient) -> None:
    """A JSON lines upload whose line is no claimant row is refused with the line of it; a
    value of the wrong kind is that row's error, the other rows computed (as in a file)."""
    good = json.dumps({"id": "a", **PERSON})
    body = f'{good}\n{good}\n{{"id": "c", "contribution_months": {{"n": 10}}}}\n'.encode()
    problems = _is_problem(_batch(client, body, "application/x-ndjson"), 422)
    assert (problems[0]["line"], problems[0]["field"]) == (3, "contribution_months")
    body = f"{good}\n{json.dumps({'id': 'c', **PERSON, 'contribution_months': 'ten'})}\n"
    r = _batch(client, body.encode(), "application/x-ndjson")
    assert r.status_code == 200, r.text[:300]
    rows = _rows(r.text)
    assert rows[0]["error"] is None
    assert rows[1]["error"].startswith("contribution_months: ")


@pytest.mark.skipif(HAS_BATCH, reason="the population engine is installed")
def test_batch_without_the_population_engine_says_so(client: TestClient) -> None:
    """Until Policy.evaluate_batch exists, a readable upload is answered 501, never 500."""
    r = _batch(client, (CSV_HEAD + "\n".join(CSV_ROWS)).encode(), "text/csv")
    assert "evaluate_batch" in _is_problem(r, 501)[0]["message"]


def _rows(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line]


def _person_row(line: str) -> tuple[str, dict[str, Any]]:
    names = CSV_HEAD.strip().split(",")
    values = dict(zip(names, line.split(","), strict=True))
    values["contribution_months"] = int(values["contribution_months"])
    return values.pop("id"), values


@pytest.mark.skipif(not HAS_BATCH, reason="Policy has no evaluate_batch yet (branch batch)")
@pytest.mark.parametrize("form", ["csv", "jsonl", "parquet", "multipart"])
def test_batch_rows_equal_the_librarys_decisions(client: TestClient, form: str) -> None:
    """Each streamed row is `policy.evaluate` for that claimant, in input order, from any format."""
    people = [_person_row(line) for line in CSV_ROWS]
    events = {"a1": [{"kind": "reemployed", "on": "2020-11-20"}]}
    if form == "jsonl":
        body = "\n".join(
            json.dumps({"id": i, **p, **({"events": events[i]} if i in events else {})})
            for i, p in people
        ).encode()
        r = _batch(client, body, "application/x-ndjson", "?as_of=2020-12-31")
    else:
        table = pa.Table.from_pylist(
            [{"id": i, **{k: _date(v) for k, v in p.items()}} for i, p in people]
        )
        ev = pa.table({"id": ["a1"], "kind": ["reemployed"], "on": [dt.date(2020, 11, 20)]})
        if form == "parquet":
            sink = io.BytesIO()
            pq.write_table(table, sink)
            body = sink.getvalue()
        else:
            body = (CSV_HEAD + "\n".join(CSV_ROWS) + "\n").encode()
        ev_sink = io.BytesIO()
        pq.write_table(ev, ev_sink)
        kind = "application/vnd.apache.parquet" if form == "parquet" else "text/csv"
        r = client.post(
            "/v1/batch?as_of=2020-12-31",
            files={
                "claimants": ("people." + ("parquet" if form == "parquet" else "csv"), body, kind),
                "events": ("events.parquet", ev_sink.getvalue(), "application/vnd.apache.parquet"),
            },
        )
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("application/x-ndjson")
    rows = _rows(r.text)
    assert [row["id"] for row in rows] == [i for i, _ in people]
    for (pid, person), row in zip(people, rows, strict=True):
        try:
            claimant = _claimant(person)
        except ub.InputError as exc:
            assert row["error"] and exc.detail in row["error"]
            continue
        evs = [ub.Event(e["kind"], dt.date.fromisoformat(e["on"])) for e in events.get(pid, [])]
        d = XINGAN.evaluate(claimant, evs, as_of=dt.date(2020, 12, 31))
        assert row["error"] is None
        assert row["eligible"] == d.eligibility.eligible
        assert row["total_months"] == d.entitlement.total_months  # type: ignore[union-attr]
        if d.schedule:
            assert row["amount_first"] == str(d.schedule[0].amount)
        if d.stop is not None:
            assert row["months_paid"] == d.stop.months_paid
            assert row["overpaid"] == str(d.stop.overpaid)


def _contract_rows(policy: ub.Policy, claimants: Any, events: Any, as_of: Any) -> Any:
    """A population result with the contract's columns, one `policy.evaluate` per row.

    Stands in for `Policy.evaluate_batch` where it is not installed yet, so the service's own
    part (reading the upload, handing over the tables, streaming the answer) is exercised.
    """
    by_id: dict[str, list[ub.Event]] = {}
    if events is not None:
        for e in events.to_pylist():
            by_id.setdefault(e["id"], []).append(ub.Event(e["kind"], e["on"]))
    out = []
    for row in claimants.to_pylist():
        pid = row.pop("id")
        fields = {k: v for k, v in row.items() if v is not None}
        try:
            d = policy.evaluate(ub.Claimant(**fields), by_id.get(pid, []), as_of=as_of)
        except ub.InputError as exc:
            out.append({"id": pid, "error": str(exc)})
            continue
        ent = d.entitlement
        out.append(
            {
                "id": pid,
                "eligible": d.eligibility.eligible,
                "failed": [f.citation.clause for f in d.eligibility.findings if f.passed is False],
                "total_months": ent.total_months if ent else 0,
                "start": ent.start if ent else None,
                "amount_first": d.schedule[0].amount if d.schedule else None,
                "months_paid": d.stop.months_paid if d.stop else None,
                "overpaid": d.stop.overpaid if d.stop else None,
                "error": None,
            }
        )
    schema = pa.schema(
        [
            ("id", pa.string()),
            ("eligible", pa.bool_()),
            ("failed", pa.list_(pa.string())),
            ("total_months", pa.int32()),
            ("start", pa.date32()),
            ("amount_first", pa.decimal128(12, 2)),
            ("months_paid", pa.int32()),
            ("overpaid", pa.decimal128(12, 2)),
            ("error", pa.string()),
        ]
    )
    return pa.Table.from_pylist(out, schema=schema)


def test_batch_hands_the_tables_over_and_streams_the_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The upload reaches `evaluate_batch` as the text a file would hold (the engine types each
    cell by the field's rules), with the events and as_of; the answer comes back as JSON
    lines, money as strings."""
    seen: dict[str, Any] = {}

    def evaluate_batch(
        self: ub.Policy, claimants: Any, events: Any = None, as_of: Any = None
    ) -> Any:
        seen.update(claimants=claimants, events=events, as_of=as_of)
        return _contract_rows(self, claimants, events, as_of)

    if not HAS_BATCH:
        monkeypatch.setattr(ub.Policy, "evaluate_batch", evaluate_batch, raising=False)
    else:  # the real engine: watch what it is given
        real = ub.Policy.evaluate_batch  # type: ignore[attr-defined]

        def watched(self: ub.Policy, claimants: Any, events: Any = None, as_of: Any = None) -> Any:
            seen.update(claimants=claimants, events=events, as_of=as_of)
            return real(self, claimants, events=events, as_of=as_of)

        monkeypatch.setattr(ub.Policy, "evaluate_batch", watched)
    client = TestClient(create_app(limits=Limits(batch_workers=0)))  # watched in this process
    body = "\n".join(
        json.dumps({"id": i, **p, **({"events": EVENTS} if i == "a1" else {})})
        for i, p in (_person_row(line) for line in CSV_ROWS)
    )
    r = _batch(client, body.encode(), "application/x-ndjson", "?as_of=2020-12-31")
    assert r.status_code == 200, r.text[:500]
    table = seen["claimants"]
    assert table.schema.field("birth_date").type == pa.string()
    assert table.schema.field("insured_area").type == pa.string()
    assert table.column("contribution_months").to_pylist() == ["168", "6", "70", "70"]
    assert seen["events"].to_pylist() == [{"id": "a1", "kind": "reemployed", "on": "2020-11-20"}]
    assert seen["as_of"] == dt.date(2020, 12, 31)
    rows = _rows(r.text)
    assert [row["id"] for row in rows] == ["a1", "a2", "a3", "a4"]
    first = rows[0]
    assert (first["eligible"], first["total_months"], first["amount_first"]) == (
        True,
        24,
        "1248.00",
    )
    assert (first["months_paid"], first["overpaid"]) == (8, "1248.00")
    assert rows[1]["eligible"] is False and rows[1]["failed"]
    assert rows[3]["error"] and "separation_reason" in rows[3]["error"]
    csv = (CSV_HEAD + "\n".join(CSV_ROWS)).encode()
    from_csv = _rows(_batch(client, csv, "text/csv", "?as_of=2020-12-31").text)
    assert [row["id"] for row in from_csv] == ["a1", "a2", "a3", "a4"]
    assert from_csv[1:] == rows[1:]  # the CSV carries no events; the other rows agree


# -- the guides -------------------------------------------------------------------------


def _bash_commands(path: Path) -> list[str]:
    """Commands of the ```bash blocks of a guide (a command ends where its quotes close)."""
    text = path.read_text(encoding="utf-8")
    commands = []
    for block in text.split("```bash\n")[1:]:
        pending = ""
        for line in block.split("```", 1)[0].splitlines():
            if not pending and (not line.strip() or line.lstrip().startswith("#")):
                continue
            pending = f"{pending}\n{line}" if pending else line
            if pending.count("'") % 2 == 0:
                commands.append(pending.strip())
                pending = ""
    return commands


GUIDE_COMMANDS = [
    c for p in (ROOT / "docs" / "integrators.md", ROOT / "README.md") for c in _bash_commands(p)
]


def test_the_guides_show_serve_and_curl() -> None:
    """The integrators' guide shows how to start the service and call it with curl."""
    assert any(c.startswith("uibenefit serve") for c in GUIDE_COMMANDS)
    assert sum(c.startswith("curl ") for c in GUIDE_COMMANDS) >= 3


@pytest.mark.parametrize("command", [c for c in GUIDE_COMMANDS if c.startswith("uibenefit serve")])
def test_documented_serve_command_parses(command: str) -> None:
    """Each `uibenefit serve …` line of the guides is a valid command line (not started here)."""
    import shlex

    from uibenefit.cli import parser

    argv = [a for a in shlex.split(command, comments=True) if a != "&"][1:]
    args = parser().parse_args(argv)
    assert args.command == "serve"
    if args.policies_dir:
        assert (ROOT / args.policies_dir).is_dir()


@pytest.mark.parametrize("command", [c for c in GUIDE_COMMANDS if c.startswith("curl ")])
def test_documented_curl_call_answers(client: TestClient, command: str) -> None:
    """Each curl call of the guide, sent to the app, is answered 200 (uploads of files the
    guide does not ship are sent the example CSV of the OpenAPI document)."""
    import shlex
    from urllib.parse import urlsplit

    argv = shlex.split(command)
    url = urlsplit(next(a for a in argv if a.startswith("http")))
    headers = {}
    data: bytes | None = None
    for flag, value in itertools.pairwise(argv):
        if flag == "-H":
            name, _, v = value.partition(":")
            headers[name.strip()] = v.strip()
        if flag in ("-d", "--data-binary"):
            data = (
                (CSV_HEAD + "\n".join(CSV_ROWS[:3])).encode()
                if value.startswith("@")
                else value.encode()
            )
    target = url.path + (f"?{url.query}" if url.query else "")
    if data is None:
        r = client.get(target, headers=headers)
    else:
        r = client.post(target, content=data, headers=headers)
    if url.path == "/v1/batch" and not HAS_BATCH:
        assert r.status_code == 501
        return
    assert r.status_code == 200, r.text[:300]
    if url.path == "/v1/evaluate":
        assert r.json()["decision"]["entitlement"]["total_months"] == 24
        assert "(IM5)" in r.json()["explanation"]  # the summary page: sources listed at the end


def test_batch_bounds_a_parquet_file_before_reading_it(client: TestClient) -> None:
    """A Parquet upload's row count and unpacked size are checked: 413."""
    table = pa.Table.from_pylist([{"id": str(i), **_person_row(CSV_ROWS[0])[1]} for i in range(51)])
    sink = io.BytesIO()
    pq.write_table(table, sink)
    kind = "application/vnd.apache.parquet"
    assert "at most 50" in _is_problem(_batch(client, sink.getvalue(), kind), 413)[0]["message"]
    small = io.BytesIO()
    pq.write_table(table.slice(0, 5), small)
    tight = TestClient(create_app(limits=Limits(batch_rows=50, batch_unpacked=100)))
    assert "unpacks to" in _is_problem(_batch(tight, small.getvalue(), kind), 413)[0]["message"]


def test_batch_reads_iso_text_dates_in_parquet(client: TestClient) -> None:
    """A Parquet file whose dates are ISO text is read as dates; other text is that row's
    error naming the field, the other rows computed."""
    kind = "application/vnd.apache.parquet"
    row = {"id": "a", **_person_row(CSV_ROWS[0])[1]}
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pylist([row, dict(row, id="b", birth_date="15/07/1968")]), sink)
    r = _batch(client, sink.getvalue(), kind, "?as_of=2020-12-31")
    assert r.status_code == 200, r.text[:300]
    first, second = _rows(r.text)
    assert first["error"] is None and first["total_months"] == 24
    assert second["error"].startswith("birth_date: ")


def test_no_request_opens_a_file(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once the server is up, answering opens no file at all, for reading or writing: policies
    and the page were read at start, uploads are parsed from memory."""
    import builtins
    import os

    calls = [
        ("POST", "/v1/evaluate", {"claimant": PERSON, "events": EVENTS, "explain": True}),
        ("POST", "/v1/eligibility", {"claimant": PERSON}),
        ("POST", "/v1/evaluate", {"claimant": dict(PERSON, sex="man")}),
        ("GET", "/v1/policies", None),
        ("GET", "/v1/policies/continuation_two_years?as_of=2021-01-01", None),
        ("GET", "/v1/policies/..%2F..%2Fetc%2Fpasswd", None),
        ("GET", "/v1/clauses/SIL-46", None),
        ("GET", "/v1/health", None),
        ("GET", "/", None),
        ("GET", "/static/app.js", None),
        ("GET", "/openapi.json", None),
    ]

    def run() -> list[int]:
        statuses = [client.request(m, p, json=b).status_code for m, p, b in calls]
        csv = (CSV_HEAD + "\n".join(CSV_ROWS)).encode()
        statuses.append(_batch(client, csv, "text/csv").status_code)
        return statuses

    before = run()  # first use may import modules lazily; that is not a request's doing
    opened: list[str] = []

    def refuse_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        raise PermissionError(f"a request opened {file}")

    monkeypatch.setattr(builtins, "open", refuse_open)
    monkeypatch.setattr(io, "open", refuse_open)
    monkeypatch.setattr(os, "open", refuse_open)
    assert run() == before
    assert opened == []
