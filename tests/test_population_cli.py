"""`uibenefit synth` and `uibenefit batch`, in one process and on a two-worker Dask cluster."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import uibenefit as ub
from uibenefit.cli import main
from uibenefit.population import synth
from uibenefit.population.crosscheck import differences
from uibenefit.testing import area_codes

XINGAN = ub.load_policy("xingan")


def test_synth_is_deterministic_per_seed() -> None:
    a = synth.claimants(2000, 5)
    assert a.equals(synth.claimants(2000, 5))
    assert not a.equals(synth.claimants(2000, 6))
    assert synth.events(a, 5).equals(synth.events(a, 5))


def test_synth_draws_valid_claimants_of_the_league() -> None:
    people = synth.claimants(3000, 11)
    events = synth.events(people, 11)
    sep = people.column("separation_date")
    assert pc.min(sep).as_py() >= dt.date(2017, 1, 1)
    assert pc.max(sep).as_py() <= dt.date(2026, 12, 31)
    assert pc.count_distinct(people.column("id")).as_py() == 3000
    areas = set(people.column("insured_area").to_pylist()) - {None}
    assert areas <= set(area_codes("xingan"))
    out = XINGAN.evaluate_batch(people, events)
    assert out.column("error").null_count == 3000  # every synthetic claimant is valid
    # 45% of claimants have one event, 5% a second
    assert 0.4 < events.num_rows / 3000 < 0.6


def test_synth_population_equals_evaluate() -> None:
    people = synth.claimants(400, 2)
    events = synth.events(people, 2)
    assert differences(XINGAN, people, events, dt.date(2026, 6, 30)) == []


def test_batch_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    people, events = tmp_path / "people.parquet", tmp_path / "events.parquet"
    assert (
        main(["synth", "--n", "3000", "--seed", "4", "-o", str(people), "--events", str(events)])
        == 0
    )
    out, sched = tmp_path / "out.parquet", tmp_path / "sched.parquet"
    code = main(
        [
            "batch",
            str(people),
            "--events",
            str(events),
            "--as-of",
            "2026-06-30",
            "-o",
            str(out),
            "--schedule",
            str(sched),
            "--quiet",
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    want = XINGAN.evaluate_batch(people, events, dt.date(2026, 6, 30))
    got = pq.read_table(out)
    assert got.to_pylist() == want.to_pylist()
    assert (
        pq.read_table(sched).to_pylist()
        == XINGAN.schedule_batch(people, events, dt.date(2026, 6, 30)).to_pylist()
    )
    eligible = pc.sum(want.column("eligible").cast(pa.int64())).as_py()
    assert "rows: 3000" in printed and "errors: 0" in printed
    assert f"eligible: {eligible}" in printed
    assert f"total due: {pc.sum(want.column('total_due')).as_py()}" in printed


def test_batch_command_names_a_missing_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = tmp_path / "people.parquet"
    pq.write_table(synth.claimants(10, 1).drop_columns(["sex"]), people)
    assert main(["batch", str(people), "-o", str(tmp_path / "out.parquet")]) == 1
    assert "missing required column 'sex'" in capsys.readouterr().err


def test_two_dask_workers_equal_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("distributed")
    people, events = tmp_path / "people", tmp_path / "events"
    args = ["synth", "--n", "6000", "--seed", "9", "--partitions", "3"]
    assert main([*args, "-o", str(people), "--events", str(events)]) == 0
    common = ["--events", str(events), "--as-of", "2025-12-31", "--quiet"]
    one, many = tmp_path / "one.parquet", tmp_path / "many"
    assert main(["batch", str(people), *common, "-o", str(one)]) == 0
    assert (
        main(
            [
                "batch",
                str(people),
                *common,
                "-o",
                str(many),
                "--schedule",
                str(tmp_path / "s"),
                "--workers",
                "2",
            ]
        )
        == 0
    )
    assert sorted(p.name for p in many.iterdir()) == sorted(p.name for p in people.iterdir())
    a = pq.read_table(one)
    b = pq.read_table(many).sort_by("id")
    assert b.to_pylist() == a.to_pylist()
    s = pq.read_table(tmp_path / "s").sort_by([("id", "ascending"), ("index", "ascending")])
    want = XINGAN.schedule_batch(people, events, dt.date(2025, 12, 31))
    assert s.to_pylist() == want.to_pylist()
    assert capsys.readouterr().out.count("rows: 6000") == 2


# -- issue 26: every CLI error a clear message with exit 1 or 2, never 3 -------------------


def test_synth_refuses_a_negative_seed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["synth", "--n", "10", "--seed", "-1", "-o", "x.parquet"])
    assert info.value.code == 2
    assert "expected a seed from 0" in capsys.readouterr().err


def test_synth_refuses_more_rows_than_memory_before_making_any(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "big.parquet"
    assert main(["synth", "--n", "100000000000", "--seed", "1", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "GB of memory" in err and "--partitions" in err
    assert not out.exists()


def test_unwritable_outputs_are_clear_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = tmp_path / "p.parquet"
    assert main(["synth", "--n", "20", "--seed", "1", "-o", str(people)]) == 0
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["batch", str(people), "-o", str(blocker / "out.parquet"), "--quiet"]) == 1
    assert "cannot write the decision table" in capsys.readouterr().err
    assert main(["synth", "--n", "5", "-o", str(blocker / "s.parquet")]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_an_unreachable_scheduler_is_refused_within_seconds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("distributed")
    people = tmp_path / "p.parquet"
    assert main(["synth", "--n", "20", "--seed", "1", "-o", str(people)]) == 0
    args = ["batch", str(people), "-o", str(tmp_path / "o.parquet"), "--quiet"]
    assert main([*args, "--scheduler", "tcp://127.0.0.1:1"]) == 1
    assert "cannot reach the Dask scheduler within 3 s" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_batch_refuses_a_fifo_named_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "claimants.csv"
    os.mkfifo(fifo)
    assert main(["batch", str(fifo), "-o", str(tmp_path / "o.parquet"), "--quiet"]) == 1
    assert "FIFO" in capsys.readouterr().err


def test_synth_records_refuses_more_persons_than_memory_before_making_any(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`synth --records` builds its tables whole: past the memory there is, a clear error
    (exit 1) and nothing written, as `--n` for claimants (it used to run until MemoryError)."""
    folder = tmp_path / "records"
    assert main(["synth", "--n", "100000000000", "--seed", "1", "--records", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "GB of memory" in err and "persons' records" in err and "--n" in err
    assert not folder.exists()
    people = tmp_path / "p.parquet"
    args = ["synth", "--n", "100000000000", "--records", str(folder), "-o", str(people)]
    assert main(args) == 1
    assert "GB of memory" in capsys.readouterr().err
    assert not folder.exists() and not people.exists()
