"""Records bench: 1,000,000 persons with 10,000,000 contribution periods to a claimants table.

    .venv/bin/python bench/records.py                       # the target size (a minute or two)
    .venv/bin/python bench/records.py --n 100000            # while developing

Writes synthetic records (uibenefit.records.synth, about ten periods a person) as Parquet to
a temporary folder, then times, in this process on one core, reading and checking the five
tables (`read_records`) and deriving the claimants table (`claimants_with_findings`:
union of months, separations, N2c, X4b, IM3, findings), and separately `evaluate_batch` on
the result. Figures are CPU seconds (time.process_time) and wall seconds; the machine may be
shared, so the CPU figure is the one to compare with the 30 s target. Nothing is asserted: the
script prints what it measured, and whether the derived claimants equal the truth.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

import uibenefit as ub
from uibenefit.records import claimants_with_findings, read_records, synth


def _timed(label: str, fn, *args):  # type: ignore[no-untyped-def]
    cpu, wall = time.process_time(), time.perf_counter()
    out = fn(*args)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"{label:<34} {cpu:8.2f} s cpu {wall:8.2f} s wall")
    return out, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="persons")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default="2026-06-30")
    parser.add_argument("--evaluate", action="store_true", help="also time evaluate_batch")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    policy = ub.load_policy("xingan")
    as_of = dt.date.fromisoformat(args.as_of)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data, _ = _timed("synthesise", synth.records, args.n, args.seed)
        _timed("write Parquet", data.write, folder)
        rows = {n: pq.read_metadata(folder / f"{n}.parquet").num_rows for n in data.tables}
        print("rows:", rows)
        records, read_cpu = _timed("read and check the tables", read_records, folder, policy)
        got, derive_cpu = _timed(
            "derive the claimants table", claimants_with_findings, policy, records, as_of
        )
        print(
            f"{'records -> claimants (total)':<34} {read_cpu + derive_cpu:8.2f} s cpu (target 30 s)"
        )
        truth = data.truth["claimants"]
        same = all(got.table.column(c).equals(truth.column(c)) for c in truth.column_names)
        print(
            f"claimants {got.table.num_rows}, left out {got.excluded.num_rows}, findings "
            f"{len(got.findings)}; equal to the truth: {same}"
        )
        if args.evaluate:
            _timed("evaluate_batch on the table", policy.evaluate_batch, got.table, None, as_of)


if __name__ == "__main__":
    main()
