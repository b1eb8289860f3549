"""Issue 26: the service refuses hostile input with 4xx, never 500; a batch past its time
limit is stopped (its worker killed: CPU idle and memory back within seconds); no answer
names a path on the server."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from uibenefit.service import _worker
from uibenefit.service.app import Limits, create_app

ROOT = Path(__file__).resolve().parents[1]
PERSON = {
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
CSV_HEAD = ",".join(["id", *PERSON])
CSV_ROW = ",".join(str(v) for v in PERSON.values())


@pytest.fixture(scope="module")
def client() -> Any:
    with TestClient(create_app(str(ROOT / "examples" / "reforms"))) as c:
        yield c


def _problems(r: Any, status: int) -> list[dict[str, Any]]:
    assert r.status_code == status, r.text[:300]
    assert r.headers["content-type"].startswith("application/problem+json")
    return list(r.json()["problems"])


@pytest.mark.parametrize(
    "body",
    [
        b'{"claimant": {"\\ud800": 1}}',
        b'{"claimant": {"sex": "\\udfff"}}',
        b'{"claimant": {"sex": "a\\ud83d"}, "events": []}',
        b'{"\\udc00": 1}',
    ],
)
def test_a_lone_surrogate_is_a_422_not_a_500(client: TestClient, body: bytes) -> None:
    r = client.post("/v1/evaluate", content=body, headers={"content-type": "application/json"})
    assert "surrogate" in _problems(r, 422)[0]["message"]


def test_a_valid_surrogate_pair_is_a_character(client: TestClient) -> None:
    body = b'{"claimant": {"sex": "\\ud83d\\ude00"}}'
    r = client.post("/v1/evaluate", content=body, headers={"content-type": "application/json"})
    assert "surrogate" not in r.text and r.status_code == 422


def test_wrong_method_is_405_with_allow(client: TestClient) -> None:
    r = client.get("/v1/evaluate")
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    r = client.delete("/v1/health")
    assert r.status_code == 405 and "GET" in r.headers["allow"]


def test_a_csv_with_a_column_twice_is_a_422(client: TestClient) -> None:
    body = f"{CSV_HEAD},sex\n1,{CSV_ROW},female\n".encode()
    r = client.post("/v1/batch", content=body, headers={"content-type": "text/csv"})
    assert "two columns named 'sex'" in _problems(r, 422)[0]["message"]


def _parquet(table: pa.Table, **kw: Any) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink, **kw)
    return sink.getvalue()


def _people(n: int) -> pa.Table:
    rows = [{"id": str(i), **PERSON} for i in range(n)]
    table = pa.Table.from_pylist(rows)
    for name in ("birth_date", "separation_date", "application_date"):
        at = table.column_names.index(name)
        table = table.set_column(at, name, table.column(name).cast(pa.date32()))
    return table


def test_a_parquet_date_past_pythons_range_is_that_rows_error(client: TestClient) -> None:
    table = _people(2)
    at = table.column_names.index("application_date")
    table = table.set_column(at, "application_date", pa.array([3_000_000, 18_362], pa.date32()))
    r = client.post(
        "/v1/batch",
        content=_parquet(table),
        headers={"content-type": "application/vnd.apache.parquet"},
    )
    assert r.status_code == 200, r.text[:300]
    rows = [__import__("json").loads(line) for line in r.text.splitlines()]
    assert rows[0]["error"].startswith("application_date: ") and rows[1]["error"] is None


def test_a_parquet_file_that_understates_its_size_is_bounded_by_what_it_unpacks_to() -> None:
    """A column of one long repeated text compresses to almost nothing: the footer may say
    what it likes, the reader counts what it has unpacked."""
    table = _people(50)
    at = table.column_names.index("sex")
    table = table.set_column(at, "sex", pa.array(["m" * 20_000] * 50))
    raw = _parquet(table, compression="zstd", use_dictionary=False)
    assert len(raw) < 50_000
    limits = Limits(batch_rows=100, batch_unpacked=500_000)
    with TestClient(create_app(limits=limits)) as small:
        r = small.post(
            "/v1/batch", content=raw, headers={"content-type": "application/vnd.apache.parquet"}
        )
    assert "unpacks to" in _problems(r, 413)[0]["message"]


def test_no_answer_names_a_path_on_the_server(client: TestClient, tmp_path: Path) -> None:
    from uibenefit.service._problems import problem

    message = problem(f"exceptions 'a' ({tmp_path}/srv/reform.yaml:12) and 'b'")["message"]
    assert str(tmp_path) not in message and "(reform.yaml:12)" in message
    listed = client.get("/v1/policies").json()["policies"]
    assert all(len(p["sha256"]) == 64 for p in listed)
    for p in listed:
        text = client.get(f"/v1/policies/{p['name']}").text
        assert str(ROOT) not in text


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_batch_past_its_time_limit_is_stopped_and_its_memory_freed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The load test of the time limit: a batch that would compute for long is answered 503
    at its limit, its worker process is killed (so no CPU goes on being spent and its memory
    is the system's again) and the next request is answered by a new worker."""
    killed: list[int] = []
    real_stop = _worker.Worker.stop

    def stop(self: _worker.Worker) -> None:
        killed.append(self.process.pid or 0)
        real_stop(self)

    monkeypatch.setattr(_worker.Worker, "stop", stop)
    rows = 20_000
    body = (CSV_HEAD + "\n" + "\n".join(f"{i},{CSV_ROW}" for i in range(rows)) + "\n").encode()
    limits = Limits(batch_rows=rows, batch_seconds=1.0, batch_workers=1)
    with TestClient(create_app(limits=limits)) as slow:
        r = slow.post(
            "/v1/batch?policy=national", content=body, headers={"content-type": "text/csv"}
        )
        assert "longer than 1 s" in _problems(r, 503)[0]["message"]
        assert len(killed) == 1
        pid = killed[0]
        deadline = time.monotonic() + 5
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not Path(f"/proc/{pid}").exists()  # no CPU spent, no memory kept by it
        ok = Limits(batch_rows=rows, batch_seconds=120.0, batch_workers=1)
    with TestClient(create_app(limits=ok)) as fast:
        r = fast.post(
            "/v1/batch", content=body[: len(CSV_HEAD) + 200], headers={"content-type": "text/csv"}
        )
        assert r.status_code in (200, 422), r.text[:300]
