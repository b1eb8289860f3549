"""The audit on the synthetic league with faults of every kind injected at known rows.

`uibenefit.audit.synth` writes a clean ledger (every month the engine says was due, paid on
time at the amount due) and injects faults, each at a recipient of its own, with the truth
beside them. The audit must find every injected fault and nothing else, and account for every
ledger row; the HTML report's totals must be the JSON summary's.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import uibenefit as ub
from uibenefit.audit import KINDS, synth
from uibenefit.population import synth as people_synth

AS_OF = dt.date(2026, 12, 31)


@pytest.fixture(scope="module")
def league() -> dict[str, Any]:
    policy = ub.load_policy("xingan")
    people = people_synth.claimants(2500, 7)
    stops = people_synth.events(people, 7)
    payments, events, truth = synth.ledger(policy, people, stops, AS_OF, 7)
    return {
        "policy": policy,
        "people": people,
        "payments": payments,
        "events": events,
        "truth": truth,
        "audit": ub.audit(policy, people, payments, events, AS_OF),
    }


def _keys(table: pa.Table) -> set[tuple[Any, ...]]:
    return {
        (r["id"], r["kind"], tuple(r["months"]), r["amount"])
        for r in table.select(["id", "kind", "months", "amount"]).to_pylist()
    }


def test_every_injected_fault_found_and_nothing_else(league: dict[str, Any]) -> None:
    found = _keys(league["audit"].findings)
    truth = _keys(league["truth"])
    true_positives = found & truth
    precision = len(true_positives) / len(found)
    recall = len(true_positives) / len(truth)
    assert (precision, recall) == (1.0, 1.0), (sorted(found - truth), sorted(truth - found))


def test_every_kind_is_injected(league: dict[str, Any]) -> None:
    kinds = set(league["truth"].column("kind").to_pylist())
    assert kinds == set(KINDS)


def test_every_ledger_row_accounted_for(league: dict[str, Any]) -> None:
    audit = league["audit"]
    accounts = audit.summary["ledger"]
    assert accounts["rows"] == league["payments"].num_rows
    assert sum(accounts["by_disposition"].values()) == accounts["rows"]
    assert accounts["accounted"] is True
    rows = audit.ledger_rows()
    assert rows.column("row").to_pylist() == list(range(1, league["payments"].num_rows + 1))
    matched = pc.sum(pc.equal(rows.column("disposition"), "matched")).as_py()
    assert matched == accounts["by_disposition"]["matched"]


def test_findings_carry_clause_and_both_languages(league: dict[str, Any]) -> None:
    policy = league["policy"]
    for row in league["audit"].findings.to_pylist():
        assert policy.has_clause(row["clause"])
        assert row["reason"] and row["reason_zh"]
        assert "{" not in row["reason"] and "{" not in row["reason_zh"]
    schema = league["audit"].findings.schema
    assert schema.field("amount").type == pa.decimal128(18, 2)
    assert pa.types.is_list(schema.field("months").type)


class _Tables(html.parser.HTMLParser):
    """The cells of each <table id=...> in report.html."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = dict(attrs).get("id") or ""
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "table":
            self._table = None


def test_html_totals_are_the_json_totals(league: dict[str, Any], tmp_path: Path) -> None:
    league["audit"].write(tmp_path)
    summary = json.loads((tmp_path / "summary.json").read_text("utf-8"))
    page = (tmp_path / "report.html").read_text("utf-8")
    parser = _Tables()
    parser.feed(page)
    by_kind = {r[0]: r[1:] for r in parser.tables["by-kind"][1:]}
    for kind, totals in summary["by_kind"].items():
        if totals["findings"]:
            assert by_kind[kind] == [
                str(totals["findings"]),
                str(totals["months"]),
                totals["amount"],
            ]
    assert len(by_kind) == sum(1 for t in summary["by_kind"].values() if t["findings"])
    months = parser.tables["by-month"]
    header = months[0][1:]
    for row in months[1:]:
        for kind, cell in zip(header, row[1:], strict=True):
            assert cell == summary["by_month"][row[0]].get(kind, "0.00")
    assert len(months) - 1 == len(summary["by_month"])
    ledger = {r[0]: int(r[1]) for r in parser.tables["ledger"][1:]}
    assert ledger.pop("total") == summary["ledger"]["rows"]
    assert ledger == summary["ledger"]["by_disposition"]
    assert page.count("data:image/png;base64,") == 2
    for name in (
        "findings.parquet",
        "findings.csv",
        "recipients.parquet",
        "report.md",
        "amounts_by_kind.png",
        "amounts_by_month.png",
    ):
        assert (tmp_path / name).stat().st_size > 0
    assert pq.read_table(tmp_path / "findings.parquet").num_rows == summary["findings"]


def test_summary_totals_are_sums_of_the_findings(league: dict[str, Any]) -> None:
    audit = league["audit"]
    f = audit.findings
    for kind, totals in audit.summary["by_kind"].items():
        rows = f.filter(pc.equal(f.column("kind"), kind))
        assert totals["findings"] == rows.num_rows
        amount = sum((a for a in rows.column("amount").to_pylist() if a is not None), start=0)
        assert totals["amount"] == f"{amount:.2f}"


def test_duckdb_file_holds_inputs_and_findings(league: dict[str, Any], tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    audit = league["audit"]
    audit.write(tmp_path / "out", db=tmp_path / "audit.duckdb")
    con = duckdb.connect(str(tmp_path / "audit.duckdb"))
    try:
        count = con.execute("select count(*) from findings").fetchone()
        assert count is not None and count[0] == audit.findings.num_rows
        paid = con.execute("select count(*) from payments").fetchone()
        bad = audit.summary["ledger"]["by_disposition"]["bad_row"]
        assert paid is not None and paid[0] == league["payments"].num_rows - bad
        kinds = con.execute(
            "select kind, sum(amount) from findings where kind = 'not_paid' group by kind"
        ).fetchall()
        assert str(kinds[0][1]) == audit.summary["by_kind"]["not_paid"]["amount"]
    finally:
        con.close()


def test_python_write_in_chinese(league: dict[str, Any], tmp_path: Path) -> None:
    """`Audit.write(out, lang="zh")`: the reports as `uibenefit audit --lang zh` writes them,
    the tables as the contract names them; a language the reports lack is refused."""
    audit = league["audit"]
    audit.write(tmp_path / "zh", lang="zh")
    audit.write(tmp_path / "en")
    zh = (tmp_path / "zh" / "report.md").read_text("utf-8")
    en = (tmp_path / "en" / "report.md").read_text("utf-8")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh.splitlines()[0]), zh[:200]
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en.splitlines()[0]), en[:200]
    same = [pq.read_table(tmp_path / d / "findings.parquet") for d in ("zh", "en")]
    assert same[0].equals(same[1])
    with pytest.raises(ub.InputError) as caught:
        audit.write(tmp_path / "fr", lang="fr")
    assert caught.value.field == "lang"
