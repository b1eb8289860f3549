"""Impact bench: a baseline and one reform over N synthetic claimants (target: 1,000,000 in at
most 5 s on one core).

    .venv/bin/python bench/impact.py                    # 1,000,000 people, with events
    .venv/bin/python bench/impact.py --n 100000 --write out/   # also time the report files

Figures are CPU time of this process (time.process_time) and wall time; the population is
drawn in memory first and not timed. The engine is compiled once on a small slice before the
timed run, as a long-running analysis would have it. Nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import uibenefit as ub
from uibenefit.population import synth

ROOT = Path(__file__).resolve().parents[1]
REFORM = ROOT / "examples" / "reforms" / "continuation_two_years.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-events", action="store_true")
    parser.add_argument("--write", help="also write the report folder here, timed apart")
    parser.add_argument("--rounds", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    people = synth.claimants(args.n, args.seed)
    events = None if args.no_events else synth.events(people, args.seed)
    baseline, reform = ub.load_policy("xingan"), ub.load_policy(REFORM)
    ub.impact(baseline, reform, people.slice(0, 1000), events)  # compile once
    best_cpu = best_wall = float("inf")
    result = None
    for _ in range(args.rounds):
        t0, w0 = time.process_time(), time.perf_counter()
        result = ub.impact(baseline, reform, people, events)
        best_cpu = min(best_cpu, time.process_time() - t0)
        best_wall = min(best_wall, time.perf_counter() - w0)
    assert result is not None
    r = result.summary["reforms"][reform.layers[-1]]
    print(f"people: {args.n:,}, events: {0 if events is None else events.num_rows:,}")
    print(
        f"impact (baseline + 1 reform): {best_cpu:.2f} s CPU, {best_wall:.2f} s wall (best of {args.rounds})"
    )
    print(f"  {args.n / best_cpu:,.0f} people/s CPU; load average {os.getloadavg()[0]:.2f}")
    print(f"  cost change {r['cost_change']} yuan, better off {r['better_off']:,}")
    if args.write:
        t0, w0 = time.process_time(), time.perf_counter()
        result.write(args.write)
        print(
            f"write (parquet, json, report, charts): {time.process_time() - t0:.2f} s CPU, "
            f"{time.perf_counter() - w0:.2f} s wall"
        )


if __name__ == "__main__":
    main()
