"""The issue-20 figures: the population path from Arrow text to Arrow decimals, one core, and
the one-claim path on claimants never evaluated before.

    PYTHONPATH=src .venv/bin/python bench/kernel.py [--n 1000000] [--rounds 3] [--count 5000]
        [--profile 20]

1. `evaluate_batch` on N synthetic claimants whose every column is text (as a CSV gives
   them), with their events, to the decision table (decimal128 money): claimants/s, CPU.
2. `schedule_batch` on the same: schedule rows/s.
3. `policy.evaluate` and `policy.eligibility`: median CPU µs per claimant, each claimant
   new to the process (bench/evaluate.py's generator, a fresh seed).
Figures are CPU time (time.process_time); nothing is asserted. `--profile K` adds, after
the timed rounds, the K functions with the most CPU time of one `evaluate_batch` and one
`schedule_batch` (cProfile: each compiled loop is one entry).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate import claimant

import uibenefit as ub
from uibenefit.population import batch_stats, synth

AS_OF = dt.date(2026, 6, 30)


def as_text(table: pa.Table) -> pa.Table:
    """Every column but the id as text."""
    return pa.table(
        {
            name: table.column(name) if name == "id" else table.column(name).cast(pa.string())
            for name in table.column_names
        }
    )


def population(policy: ub.Policy, n: int, rounds: int, profile: int = 0) -> None:
    people = as_text(synth.claimants(n, 1))
    events = synth.events(synth.claimants(n, 1), 1)
    events = pa.table(
        {
            "id": events.column("id"),
            "kind": events.column("kind"),
            "on": events.column("on").cast(pa.string()),
        }
    )
    policy.evaluate_batch(people.slice(0, 1000), events)  # compile (or load the cache) once
    best_d = best_s = float("inf")
    rows = 0
    out = None
    for _ in range(rounds):
        t0 = time.process_time()
        out = policy.evaluate_batch(people, events, AS_OF)
        best_d = min(best_d, time.process_time() - t0)
        t0 = time.process_time()
        sched = policy.schedule_batch(people, events, AS_OF)
        best_s = min(best_s, time.process_time() - t0)
        rows = sched.num_rows
    assert out is not None
    stats = batch_stats(out)
    money = out.schema.field("total_due").type
    print(
        f"evaluate_batch, text columns in, {money} out: {n} claimants, {events.num_rows} "
        f"events: {best_d:.3f} s CPU, {n / best_d:,.0f} claimants/s "
        f"(engine rows {stats.engine_rows}, errors {stats.errors})"
    )
    print(f"schedule_batch: {rows} rows: {best_s:.3f} s CPU, {rows / best_s:,.0f} rows/s")
    if profile:
        for run in (policy.evaluate_batch, policy.schedule_batch):
            found = cProfile.Profile(timer=time.process_time)
            found.runcall(run, people, events, AS_OF)
            print(f"-- {run.__name__}: the {profile} functions with the most CPU time of their own")
            pstats.Stats(found).sort_stats("tottime").print_stats(profile)


def one_claim(policy: ub.Policy, count: int, seed: int) -> None:
    rng = random.Random(seed)
    people = [claimant(rng) for _ in range(count)]
    full: list[float] = []
    elig: list[float] = []
    for person, events, as_of in people:
        t0 = time.process_time()
        try:
            policy.evaluate(person, events, as_of=as_of)
        except ub.UIBenefitError:
            continue
        full.append(time.process_time() - t0)
    rng = random.Random(seed + 1)
    for person, _, _ in (claimant(rng) for _ in range(count)):
        t0 = time.process_time()
        try:
            policy.eligibility(person)
        except ub.UIBenefitError:
            continue
        elig.append(time.process_time() - t0)
    print(
        f"evaluate: median {statistics.median(full) * 1e6:.0f} µs CPU over {len(full)} "
        "claimants new to the process"
    )
    print(f"eligibility: median {statistics.median(elig) * 1e6:.1f} µs CPU over {len(elig)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--policy", default="xingan")
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--count", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=8_675_309)
    ap.add_argument("--profile", type=int, default=0, metavar="K")
    args = ap.parse_args()
    policy = ub.load_policy(args.policy)
    population(policy, args.n, args.rounds, args.profile)
    one_claim(policy, args.count, args.seed)


if __name__ == "__main__":
    main()
