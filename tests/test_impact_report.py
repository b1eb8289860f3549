"""The impact's files: the report says what summary.json says, the HTML stands alone."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import uibenefit as ub
from uibenefit.cli import main
from uibenefit.population import synth

ROOT = Path(__file__).resolve().parents[1]
REFORMS = ROOT / "examples" / "reforms"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("impact")
    people = synth.claimants(3000, 11)
    pq.write_table(people, out / "claimants.parquet")
    pq.write_table(synth.events(people, 11), out / "events.parquet")
    code = main(
        [
            "impact",
            "--reform", str(REFORMS / "continuation_two_years.yaml"),
            "--reform", str(REFORMS / "national_duration_caps.yaml"),
            "--population", str(out / "claimants.parquet"),
            "--events", str(out / "events.parquet"),
            "--sweep", "continuation_threshold_months=12:24:6",
            "-o", str(out / "report"),
        ]
    )  # fmt: skip
    assert code == 0
    return out / "report"


def _table(md: str, heading: str) -> list[list[str]]:
    """The first Markdown table after `heading`, as rows of cells (header and rule dropped)."""
    after = md.split(heading, 1)[1]
    lines = [ln for ln in after.splitlines() if ln.startswith("|")]
    block: list[str] = []
    for ln in after.splitlines()[after.splitlines().index(lines[0]) :]:
        if not ln.startswith("|"):
            break
        block.append(ln)
    return [[c.strip() for c in ln.strip("|").split("|")] for ln in block[2:]]


def test_files(written: Path) -> None:
    names = {p.name for p in written.iterdir()}
    assert {"summary.json", "per_person.parquet", "report.md", "report.html"} <= names
    assert {"cost_by_area.png", "change_distribution.png", "cost_by_separation_year.png"} <= names
    assert "sweep_continuation_threshold_months.png" in names
    for png in written.glob("*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_totals_are_the_json(written: Path) -> None:
    summary = json.loads((written / "summary.json").read_text(encoding="utf-8"))
    assert summary["format_version"] == 1
    md = (written / "report.md").read_text(encoding="utf-8")
    rows = {r[0]: r for r in _table(md, "## Totals")}
    policies = {"baseline": summary["baseline"], **summary["reforms"]}
    assert set(rows) == set(policies)
    for name, t in policies.items():
        cost, beneficiaries, months = rows[name][1:4]
        assert cost == t["cost"]
        assert int(beneficiaries.replace(",", "")) == t["beneficiaries"]
        assert int(months.replace(",", "")) == t["benefit_months"]
    for name, r in summary["reforms"].items():
        figures = {row[0]: row for row in _table(md, f"## Reform: {name}")}
        assert figures["cost (yuan)"][1:] == [r["baseline_cost"], r["cost"], r["cost_change"]]
        area = _table(md.split(f"## Reform: {name}", 1)[1], "### By insured area")
        assert [row[4] for row in area] == [g["cost_change"] for g in r["by_group"]["area"]]
    sweep = _table(md, "## Sweep: continuation_threshold_months")
    assert [row[1] for row in sweep] == [p["cost"] for p in summary["sweeps"][0]["points"]]


def test_group_costs_add_up(written: Path) -> None:
    summary = json.loads((written / "summary.json").read_text(encoding="utf-8"))
    for r in summary["reforms"].values():
        for rows in r["by_group"].values():
            assert sum(float(g["cost"]) for g in rows) == pytest.approx(float(r["cost"]), abs=0.01)
            assert sum(g["people"] for g in rows) == r["people"]


def test_per_person_matches(written: Path) -> None:
    summary = json.loads((written / "summary.json").read_text(encoding="utf-8"))
    table = pq.read_table(written / "per_person.parquet")
    assert table.num_rows == 3000
    change = sum(table.column("continuation_two_years_change").to_pylist())
    assert str(change) == summary["reforms"]["continuation_two_years"]["cost_change"]


def test_html_embeds_its_charts_and_loads_nothing(written: Path) -> None:
    page = (written / "report.html").read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == 4
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    summary = json.loads((written / "summary.json").read_text(encoding="utf-8"))
    assert summary["baseline"]["cost"] in page


def test_cli_prints_labelled_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    people = synth.claimants(500, 3)
    pq.write_table(people, tmp_path / "p.parquet")
    argv = ["impact", "--reform", str(REFORMS / "continuation_two_years.yaml"),
            "--population", str(tmp_path / "p.parquet"), "-o", str(tmp_path / "out")]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    r = summary["reforms"]["continuation_two_years"]
    assert f"cost {r['cost']} yuan" in out
    assert f"better off {r['better_off']}, worse off {r['worse_off']}" in out


def test_cli_bad_reform_is_a_user_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pq.write_table(synth.claimants(5, 3), tmp_path / "p.parquet")
    argv = ["impact", "--reform", str(tmp_path / "missing.yaml"),
            "--population", str(tmp_path / "p.parquet"), "-o", str(tmp_path / "out")]  # fmt: skip
    assert main(argv) == 1
    assert "missing.yaml" in capsys.readouterr().err
    argv[2] = str(REFORMS / "continuation_two_years.yaml")
    argv[4] = str(tmp_path / "nobody.parquet")
    assert main(argv) == 1
    assert "nobody.parquet" in capsys.readouterr().err


def test_python_write(tmp_path: Path) -> None:
    result = ub.impact("xingan", REFORMS / "national_duration_caps.yaml", synth.claimants(200, 5))
    paths = result.write(tmp_path / "o")
    assert {p.name for p in paths} >= {"summary.json", "report.md"}


def test_two_dask_workers_give_the_same_impact(tmp_path: Path) -> None:
    """--workers 2: the slices evaluated on a local cluster; the summary is the one-process one."""
    pytest.importorskip("distributed")
    people = synth.claimants(1500, 8)
    pq.write_table(people, tmp_path / "p.parquet")
    pq.write_table(synth.events(people, 8), tmp_path / "e.parquet")
    common = ["impact", "--reform", str(REFORMS / "continuation_two_years.yaml"),
              "--population", str(tmp_path / "p.parquet"), "--events", str(tmp_path / "e.parquet"),
              "--sweep", "continuation_threshold_months=6:18:12"]  # fmt: skip
    assert main([*common, "-o", str(tmp_path / "one")]) == 0
    assert main([*common, "-o", str(tmp_path / "two"), "--workers", "2"]) == 0
    one = json.loads((tmp_path / "one" / "summary.json").read_text(encoding="utf-8"))
    two = json.loads((tmp_path / "two" / "summary.json").read_text(encoding="utf-8"))
    for summary in (one, two):
        summary["population"].pop("source")
    assert one == two
    assert pq.read_table(tmp_path / "one" / "per_person.parquet").equals(
        pq.read_table(tmp_path / "two" / "per_person.parquet")
    )


def test_cli_json_is_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pq.write_table(synth.claimants(300, 6), tmp_path / "p.parquet")
    argv = ["impact", "--reform", str(REFORMS / "continuation_two_years.yaml"), "--format", "json",
            "--population", str(tmp_path / "p.parquet"), "-o", str(tmp_path / "out")]  # fmt: skip
    assert main(argv) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert printed["format_version"] == 1


def test_python_write_in_chinese(tmp_path: Path) -> None:
    """`Impact.write(out, lang="zh")`: the report as `uibenefit impact --lang zh` writes it;
    a language the reports do not have is refused, naming the field."""
    result = ub.impact("xingan", REFORMS / "national_duration_caps.yaml", synth.claimants(200, 5))
    result.write(tmp_path / "zh", lang="zh")
    result.write(tmp_path / "en")
    zh = (tmp_path / "zh" / "report.md").read_text("utf-8")
    en = (tmp_path / "en" / "report.md").read_text("utf-8")
    assert re.search(r"[\u4e00-\u9fff]", zh.splitlines()[0]), zh[:200]
    assert not re.search(r"[\u4e00-\u9fff]", en.splitlines()[0]), en[:200]
    with pytest.raises(ub.InputError) as caught:
        result.write(tmp_path / "fr", lang="fr")
    assert caught.value.field == "lang"
