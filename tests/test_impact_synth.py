"""The synthetic league against the published figures it is sized and checked by.

The figures are copied into uibenefit.population.synth with their sources: the league's
insured (9.00万, 2016), the national people paid in 2021 (608万) out of 22,958万 insured, and
the national average month (1,585 yuan, 2021).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import uibenefit as ub
from uibenefit.cli import main
from uibenefit.population import synth


def test_the_size_is_derived_from_the_published_figures() -> None:
    assert synth.LEAGUE_INSURED.value == 90_000 and synth.LEAGUE_INSURED.year == 2016
    assert synth.NATIONAL_PAID.value / synth.NATIONAL_INSURED.value == pytest.approx(0.026483, 1e-4)
    assert pytest.approx(2383.48, abs=0.01) == synth.PAID_PER_YEAR
    assert pytest.approx(2383.48 * 10 / 0.60, abs=0.1) == synth.CLAIMS
    people = synth.claimants(1000, 1, weight_for=1000)
    assert sum(people.column("weight").to_pylist()) == pytest.approx(synth.CLAIMS)


@pytest.fixture(scope="module")
def league() -> tuple[Any, Any]:
    people = synth.claimants(40_000, 21, weight_for=40_000)
    return people, ub.load_policy("xingan").evaluate_batch(people, synth.events(people, 21))


def test_weighted_people_paid_match_the_published_rate(league: tuple[Any, Any]) -> None:
    """PAID_SHARE is an assumption: the engine's share of paid claims must bear it out."""
    people, out = league
    w = np.asarray(people.column("weight"))
    paid = pc.and_(out.column("eligible"), pc.greater(out.column("total_due"), 0))
    paid = np.asarray(paid.fill_null(False).to_numpy(), dtype=bool)
    per_year = float(w[paid].sum()) / synth.YEARS
    assert per_year == pytest.approx(synth.PAID_PER_YEAR, rel=0.10)


def test_the_average_month_of_2021_is_below_the_national(league: tuple[Any, Any]) -> None:
    people, out = league
    year = np.asarray(pc.year(people.column("application_date")))
    due = np.asarray(out.column("total_due").cast("float64").fill_null(0))
    months = np.asarray(out.column("months_paid"))
    chosen = (year == synth.NATIONAL_MONTHLY.year) & (months > 0)
    average = due[chosen].sum() / months[chosen].sum()
    assert 0.6 * synth.NATIONAL_MONTHLY.value < average < synth.NATIONAL_MONTHLY.value


def test_metadata_describes_every_distribution() -> None:
    described = json.loads(synth.claimants(10, 1).schema.metadata[b"uibenefit.synth"])
    assert described["note"].startswith("SYNTHETIC")
    names = {a["name"] for a in described["assumptions"]}
    assert {"separation date", "age at separation", "separation reason", "insured area"} <= names
    assert [f["value"] for f in described["published_figures"]] == [
        f.value for f in synth.PUBLISHED
    ]
    for paragraph in ("ASSUMPTION", "PUBLISHED"):
        assert paragraph in (synth.__doc__ or "")


def test_cli_weight_over_partitions(tmp_path: Path) -> None:
    out = tmp_path / "people"
    assert (
        main(
            ["synth", "--n", "900", "--seed", "2", "--partitions", "3", "--weight", "-o", str(out)]
        )
        == 0
    )
    table = pq.read_table(out)
    assert table.num_rows == 900
    assert sum(table.column("weight").to_pylist()) == pytest.approx(synth.CLAIMS)


def test_the_report_labels_a_synthetic_population(tmp_path: Path) -> None:
    people = synth.claimants(300, 4, weight_for=300)
    reform = (
        Path(__file__).resolve().parents[1] / "examples" / "reforms" / "continuation_two_years.yaml"
    )
    result = ub.impact("xingan", reform, people)
    result.write(tmp_path)
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "SYNTHETIC POPULATION" in md
    assert "9.00" in md or "90000" in md
    assert "Assumptions (no published figure)" in md
    assert result.summary["population"]["synthetic"] is True
    assert result.summary["baseline"]["people"] == pytest.approx(synth.CLAIMS, abs=0.01)


def test_the_example_population_is_the_documented_synth() -> None:
    """examples/population/ is `uibenefit synth --n 5000 --seed 1 --weight` (docs/analysts.md)."""
    folder = Path(__file__).resolve().parents[1] / "examples" / "population"
    people = pq.read_table(folder / "league.parquet")
    made = synth.claimants(5000, 1 * 1_000_003, weight_for=5000)
    assert people.equals(made)
    assert pq.read_table(folder / "league_events.parquet").equals(synth.events(made, 1_000_003))
