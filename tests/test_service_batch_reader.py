"""Issue 26: an upload to /v1/batch and the same table as a file give the same rows.

The service used to type the columns itself (Arrow's CSV conversion, its own JSON rules)
before `evaluate_batch`: one hostile cell (`1²`, `2020-02-30`) refused the whole upload
with a 422 where the file gave that row's error and computed the rest, and `True`, `036`
or `１２` were read where the file refuses them. Now the upload reaches the one strict reader.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

import uibenefit as ub
from uibenefit.service.app import Limits, create_app

PERSON = {
    "birth_date": "1968-07-15",
    "sex": "male",
    "position": "worker",
    "insured_as": "employee",
    "contribution_months": "168",
    "separation_date": "2020-03-31",
    "separation_reason": "contract_expired",
    "application_date": "2020-04-10",
    "insured_area": "152201",
    "seeking_work": "true",
}
HOSTILE: list[tuple[str, str]] = [
    ("contribution_months", "1²"),
    ("contribution_months", "--5"),
    ("contribution_months", "１２"),
    ("contribution_months", "٣٦"),
    ("contribution_months", "+36"),
    ("contribution_months", "36.0"),
    ("contribution_months", "1e2"),
    ("contribution_months", "NaN"),
    ("contribution_months", "99999999999999999999"),
    ("birth_date", "2020-02-30"),
    ("birth_date", "1968-7-15"),
    ("birth_date", "９９９９-01-01"),
    ("application_date", "10000-01-01"),
    ("sex", "ｍａｌｅ"),
    ("sex", "male\x1b[31m"),
    ("seeking_work", "yes"),
    ("insured_area", "15220１"),
    ("separation_reason", "quit"),
]
AS_OF = "2020-12-31"


def _table() -> list[dict[str, str]]:
    """One good row first and last, one row per hostile cell between (ids 1..n as text)."""
    rows = [dict(PERSON)]
    for field, value in HOSTILE:
        rows.append(dict(PERSON, **{field: value}))
    rows.append(dict(PERSON, separation_reason="resigned"))
    return [{"id": str(i + 1), **row} for i, row in enumerate(rows)]


def _csv(rows: list[dict[str, str]]) -> bytes:
    names = list(rows[0])
    lines = [",".join(names)] + [",".join(row[n] for n in names) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _from_file(path: Path) -> list[dict[str, Any]]:
    out = ub.load_policy("xingan").evaluate_batch(str(path), as_of=_date(AS_OF))
    return [{k: _plain(v) for k, v in row.items()} for row in out.to_pylist()]


def _date(text: str) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(text)


def _plain(value: Any) -> Any:
    """A result cell as the JSON lines write it."""
    import datetime as dt
    from decimal import Decimal

    if isinstance(value, dt.date | Decimal):
        return str(value)
    return value


@pytest.fixture(scope="module")
def client() -> Any:
    with TestClient(create_app(limits=Limits(batch_workers=1))) as c:
        yield c


def _upload(client: TestClient, body: bytes, kind: str) -> list[dict[str, Any]]:
    r = client.post(f"/v1/batch?as_of={AS_OF}", content=body, headers={"content-type": kind})
    assert r.status_code == 200, r.text[:500]
    return [json.loads(line) for line in r.text.splitlines() if line]


def _same(upload: list[dict[str, Any]], file: list[dict[str, Any]]) -> None:
    assert len(upload) == len(file) >= len(HOSTILE) + 1
    for got, want in zip(upload, file, strict=True):
        want = dict(want, id=str(want["id"]))
        error_zh = got.pop("error_zh")  # the service's line adds the message in Chinese
        assert (error_zh is None) == (want["error"] is None)
        assert got == want


def test_a_hostile_csv_upload_gives_the_rows_of_the_same_file(
    client: TestClient, tmp_path: Path
) -> None:
    rows = _table()
    path = tmp_path / "claimants.csv"
    path.write_bytes(_csv(rows))
    file = _from_file(path)
    # each hostile cell is its row's error naming its field; the good rows are computed
    assert file[0]["error"] is None and file[-1]["error"] is None
    for (field, _), row in zip(HOSTILE, file[1:-1], strict=True):
        assert row["error"] and row["error"].startswith(f"{field}: "), (field, row["error"])
    _same(_upload(client, _csv(rows), "text/csv"), file)


def test_a_hostile_parquet_upload_gives_the_rows_of_the_same_file(
    client: TestClient, tmp_path: Path
) -> None:
    table = pa.Table.from_pylist(_table())
    path = tmp_path / "claimants.parquet"
    pq.write_table(table, path)
    sink = io.BytesIO()
    pq.write_table(table, sink)
    _same(_upload(client, sink.getvalue(), "application/vnd.apache.parquet"), _from_file(path))


def test_a_hostile_json_lines_upload_gives_the_rows_of_the_same_csv(
    client: TestClient, tmp_path: Path
) -> None:
    """JSON values reach the reader as the text a CSV cell holds: `"36.0"` and `36.0`,
    `"true"` and `true` are the same cell. (A CSV reads `NaN` as an empty cell, as Arrow's
    CSV reader does; in JSON it is the text "NaN", so that row is left out here.)"""
    rows = [r for r in _table() if "NaN" not in r.values()]
    path = tmp_path / "claimants.csv"
    path.write_bytes(_csv(rows))
    typed = [dict(r, contribution_months=int(r["contribution_months"])) for r in rows[:1]]
    typed[0]["seeking_work"] = True  # type: ignore[assignment]
    body = "\n".join(json.dumps(r, ensure_ascii=False) for r in typed + rows[1:]).encode()
    _same(_upload(client, body, "application/x-ndjson"), _from_file(path))


def test_ids_keep_their_text_and_repeat_as_in_a_file(client: TestClient, tmp_path: Path) -> None:
    """`001`, `01` and `1` are three ids, as in a file; the answer gives each as written."""
    rows = [dict(r, id=i) for r, i in zip(_table()[:3], ("001", "01", "1"), strict=True)]
    path = tmp_path / "claimants.csv"
    path.write_bytes(_csv(rows))
    got = _upload(client, _csv(rows), "text/csv")
    assert [r["id"] for r in got] == ["001", "01", "1"]
    in_chinese = [r.pop("error_zh") for r in got]
    file = _from_file(path)
    assert [z is None for z in in_chinese] == [r["error"] is None for r in file]
    assert got == [dict(r, id=str(r["id"])) for r in file]
