"""Synthetic records with known truth: every field, every fault, the continuation list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import uibenefit as ub
from uibenefit.cli import main
from uibenefit.records import claimants_with_findings, read_records, synth
from uibenefit.records.continuation import continuation

POLICY = ub.load_policy("xingan")
AS_OF = dt.date(2026, 6, 30)


@pytest.fixture(scope="module", params=[1, 7])
def league(request: pytest.FixtureRequest) -> synth.Synthetic:
    return synth.records(1500, request.param)


def test_derived_claimants_equal_the_truth_on_every_field(league: synth.Synthetic) -> None:
    """Overlaps, deemed years, flexible spells, IM3, X4b: each claimant field as planted."""
    got = claimants_with_findings(POLICY, league.tables, AS_OF)
    truth = league.truth["claimants"]
    assert got.table.num_rows == truth.num_rows
    for name in truth.column_names:
        assert got.table.column(name).to_pylist() == truth.column(name).to_pylist(), name
    assert got.excluded.to_pylist() == league.truth["excluded"].to_pylist()


def test_every_injected_fault_is_reported_and_nothing_else(league: synth.Synthetic) -> None:
    """100% precision and recall over (table, row, field, kind, id) of the findings."""
    got = claimants_with_findings(POLICY, league.tables, AS_OF)
    found = {(f.table, f.row, f.field, f.kind, f.id) for f in got.findings}
    want = {tuple(r.values()) for r in league.truth["findings"].to_pylist()}
    assert found - want == set(), "reported but not planted"
    assert want - found == set(), "planted but not reported"
    kinds = {w[3] for w in want}
    assert kinds >= {
        "id_number",
        "contradiction",
        "bad_value",
        "ledger_lookup",
        "reason_differs",
        "not_unemployed",
        "unknown_person",
    }


def test_continuation_list_equals_the_truth(league: synth.Synthetic) -> None:
    """N1/X3: precision and recall 100%; the flexible ones excluded (G5, medical only)."""
    result = continuation(POLICY, league.tables, AS_OF)
    got = {(r["id"], r["excluded_group"]) for r in result.table.to_pylist()}
    want = {tuple(r.values()) for r in league.truth["continuation"].to_pylist()}
    assert got == want and want
    for r in result.table.to_pylist():
        assert r["months_owed"] == r["continuation_months"] > 0
        if r["excluded_group"] == "flexible":
            assert (r["medical_months"], r["reading"], r["clause"]) == (0, "G5", "X3")
        else:
            assert r["medical_months"] == r["months_owed"] and r["clause"] == "N1"


def test_synth_cli_writes_records_and_truth_that_round_trip(tmp_path: Path) -> None:
    """`uibenefit synth --records DIR` writes Parquet tables the reader takes as they are."""
    assert main(["synth", "--n", "300", "--seed", "3", "--records", str(tmp_path)]) == 0
    for name in ("persons", "contributions", "separations", "claims", "events"):
        assert (tmp_path / f"{name}.parquet").exists()
    records = read_records(tmp_path, POLICY)
    memory = synth.records(300, 3)
    got = claimants_with_findings(POLICY, records, AS_OF).table
    assert got.select(memory.truth["claimants"].column_names[:-1]).to_pylist() == (
        memory.truth["claimants"].drop_columns(["ledger_lookup"]).to_pylist()
    )
