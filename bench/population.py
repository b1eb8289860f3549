"""Population engine bench: throughput, memory, exactness, the array library, Dask.

    .venv/bin/python bench/population.py                 # everything (several minutes)
    .venv/bin/python bench/population.py --n 200000 --check 20000 --skip-dask

Figures are CPU time (time.process_time) of this process unless marked wall; the machine
may be shared, so read them as ratios more than as absolutes. Nothing here asserts a speed:
the script prints what it measured.

1. `evaluate_batch` on N synthetic claimants (with their events) from an Arrow table in
   memory: claimants/s, input conversion and the output table included.
2. `schedule_batch` on the same: schedule rows/s.
3. Peak memory per claimant, in a fresh process (VmHWM less the RSS once the input is read).
4. Cross-check: the first CHECK claimants, every field of both tables against
   `policy.evaluate` (the count of differences must be 0).
5. The array library: one prototype rule of ours (regular months and the first month's
   amount, from the tier, cap and standard tables by application date) on NumPy,
   pyarrow.compute and Polars (when installed), interleaved in one run.
6. Dask: a Parquet dataset in P partitions, evaluated by one process partition after
   partition, then by a two-worker LocalCluster whose workers read and write their own
   partitions (wall time: the point is parallelism).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import uibenefit as ub
from uibenefit.population import _dates as D
from uibenefit.population import batch_stats, synth
from uibenefit.population.crosscheck import differences
from uibenefit.population.files import evaluate_file, evaluate_partitions, local_client

AS_OF = dt.date(2026, 6, 30)


def _cpu(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    t0, w0 = time.process_time(), time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.process_time() - t0, time.perf_counter() - w0


def throughput(policy: ub.Policy, n: int, rounds: int) -> dict[str, float]:
    people = synth.claimants(n, 1)
    events = synth.events(people, 1)
    policy.evaluate_batch(people.slice(0, 1000), events)  # compile once
    best_d = best_s = float("inf")
    rows = 0
    for _ in range(rounds):
        out, cpu, _ = _cpu(policy.evaluate_batch, people, events, AS_OF)
        best_d = min(best_d, cpu)
        sched, cpu, _ = _cpu(policy.schedule_batch, people, events, AS_OF)
        best_s = min(best_s, cpu)
        rows = sched.num_rows
    stats = batch_stats(out)
    print(
        f"decisions: {n} claimants, {events.num_rows} events: {best_d:.3f} s CPU, "
        f"{n / best_d:,.0f} claimants/s (engine rows {stats.engine_rows}, errors {stats.errors})"
    )
    print(f"schedule: {rows} rows: {best_s:.3f} s CPU, {rows / best_s:,.0f} rows/s")
    return {"decisions_per_s": n / best_d, "schedule_rows_per_s": rows / best_s}


MEMORY_CHILD = """
import sys, datetime as dt, pyarrow.parquet as pq, uibenefit as ub
def rss(key):
    for line in open('/proc/self/status'):
        if line.startswith(key):
            return int(line.split()[1]) * 1024
policy = ub.load_policy('xingan')
people = pq.read_table(sys.argv[1]); events = pq.read_table(sys.argv[2])
policy.evaluate_batch(people.slice(0, 1000), events)
base = rss('VmRSS:')
out = getattr(policy, sys.argv[3])(people, events, dt.date(2026, 6, 30))
print(base, rss('VmHWM:'), out.nbytes)
"""


def memory(n: int, tmp: Path) -> None:
    people = synth.claimants(n, 1)
    pq.write_table(people, tmp / "mem_people.parquet")
    pq.write_table(synth.events(people, 1), tmp / "mem_events.parquet")
    env = {**os.environ, "MALLOC_MMAP_THRESHOLD_": "67108864"}
    for method in ("evaluate_batch", "schedule_batch"):
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                MEMORY_CHILD,
                str(tmp / "mem_people.parquet"),
                str(tmp / "mem_events.parquet"),
                method,
            ],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout.split()
        base, peak, result = (int(x) for x in out)
        print(
            f"peak memory, {method}: {(peak - base) / n:,.0f} bytes per claimant above the "
            f"input (the result itself {result / n:,.0f} bytes per claimant)"
        )


def crosscheck(policy: ub.Policy, n: int) -> int:
    people = synth.claimants(n, 2)
    events = synth.events(people, 2)
    found, cpu, _ = _cpu(differences, policy, people, events, AS_OF, limit=50)
    print(
        f"cross-check: {n} claimants, every field of both tables against policy.evaluate: "
        f"{len(found)} differences ({cpu:.0f} s CPU)"
    )
    for line in found[:10]:
        print("  ", line)
    return len(found)


def prototype(n: int, rounds: int) -> None:
    """regular months = min(tier(contribution months) + prior, cap) and month 1's amount =
    the standard's first rate × the area's minimum wage, all by application date."""
    policy = ub.load_policy("xingan")
    people = synth.claimants(n, 3)
    from uibenefit.population._compile import compiled

    c = compiled(policy)
    app = np.asarray(people.column("application_date").cast(pa.int32()))
    months = np.asarray(people.column("contribution_months")).astype(np.int64)
    prior = np.asarray(people.column("prior_unused_months")).astype(np.int64)
    tier_lut = c.table("regular_months_tiers").lut
    tiers = c.tier_months
    cap_lut = c.table("regular_months_cap").lut
    caps = c.cap
    # month 1's price by (epoch, area) for everyone on the first band of the standard in force
    area = np.asarray(
        people.column("insured_area").combine_chunks().indices.fill_null(c.area_none),
        dtype=np.int64,
    )
    std = c.table("benefit_standard")
    first_slot = np.array(
        [-1, *[c.band_slot[v][0][0] if c.band_slot[v] else -1 for v in range(len(std.values))]]
    )
    price = c.price[0]
    ne, na = price.shape[1], price.shape[2]

    tier_flat_np = tiers.ravel()
    tier_lut_np = tier_lut.astype(np.int64) + 1
    cap_lut_np = cap_lut.astype(np.int64) + 1
    slot_lut_np = first_slot[std.lut.astype(np.int64) + 1]
    epoch_np = c.epoch_lut.astype(np.int64)
    price_np = price.ravel()
    day = app - D.DAY0
    clipped = np.minimum(months, 1200)

    def with_numpy() -> tuple[np.ndarray, np.ndarray]:
        tv = tier_lut_np[day]
        regular = np.minimum(tier_flat_np[tv * 1201 + clipped] + prior, caps[cap_lut_np[day]])
        slot = slot_lut_np[day]
        key = (np.maximum(slot, 0) * ne + epoch_np[day]) * na + area
        amount = np.where(slot >= 0, price_np[key], -1)
        return regular, amount

    app_a = pa.array(app - D.DAY0)
    months_a = pa.array(np.minimum(months, 1200))
    prior_a = pa.array(prior)
    area_a = pa.array(area)
    tier_flat = pa.array(tiers.ravel())
    tier_lut_a = pa.array(tier_lut.astype(np.int64) + 1)
    cap_a = pa.array(caps.astype(np.int64))
    cap_lut_a = pa.array(cap_lut.astype(np.int64) + 1)
    slot_lut_a = pa.array(first_slot[std.lut.astype(np.int64) + 1])
    epoch_a = pa.array(c.epoch_lut.astype(np.int64))
    price_flat = pa.array(price.ravel())

    def with_arrow() -> tuple[pa.Array, pa.Array]:
        tv = pc.take(tier_lut_a, app_a)
        regular = pc.min_element_wise(
            pc.add(pc.take(tier_flat, pc.add(pc.multiply(tv, 1201), months_a)), prior_a),
            pc.take(cap_a, pc.take(cap_lut_a, app_a)),
        )
        slot = pc.take(slot_lut_a, app_a)
        key = pc.add(
            pc.multiply(
                pc.add(pc.multiply(pc.max_element_wise(slot, 0), ne), pc.take(epoch_a, app_a)), na
            ),
            area_a,
        )
        amount = pc.if_else(pc.greater_equal(slot, 0), pc.take(price_flat, key), -1)
        return regular, amount

    candidates = {"numpy": with_numpy, "pyarrow.compute": with_arrow}
    try:
        import polars as pl

        frame = pl.DataFrame(
            {"app": app - D.DAY0, "months": np.minimum(months, 1200), "prior": prior, "area": area}
        )
        tier_s = pl.Series(tiers.ravel())
        tier_lut_s = pl.Series(tier_lut.astype(np.int64) + 1)
        cap_s = pl.Series(caps.astype(np.int64))
        cap_lut_s = pl.Series(cap_lut.astype(np.int64) + 1)
        slot_s = pl.Series(first_slot[std.lut.astype(np.int64) + 1])
        epoch_s = pl.Series(c.epoch_lut.astype(np.int64))
        price_s = pl.Series(price.ravel())

        def with_polars() -> tuple[object, object]:
            tv = tier_lut_s.gather(frame["app"])
            regular = pl.select(
                pl.min_horizontal(
                    tier_s.gather(tv * 1201 + frame["months"]) + frame["prior"],
                    cap_s.gather(cap_lut_s.gather(frame["app"])),
                )
            ).to_series()
            slot = slot_s.gather(frame["app"])
            key = (slot.clip(0, None) * ne + epoch_s.gather(frame["app"])) * na + frame["area"]
            amount = pl.select(
                pl.when(slot >= 0).then(price_s.gather(key)).otherwise(-1)
            ).to_series()
            return regular, amount

        candidates["polars"] = with_polars
    except ImportError:
        print("prototype: polars is not installed; measured numpy and pyarrow.compute only")
    want = with_numpy()
    for name, fn in candidates.items():
        got = fn()
        for a, b in zip(got, want, strict=True):
            assert np.array_equal(np.asarray(a), b), f"{name} disagrees with numpy"
    best = dict.fromkeys(candidates, float("inf"))
    for _ in range(rounds):
        for name, fn in candidates.items():
            _, cpu, _ = _cpu(fn)
            best[name] = min(best[name], cpu)
    for name, t in best.items():
        print(f"prototype rule on {n} claimants, {name}: {t * 1000:.1f} ms CPU ({n / t:,.0f}/s)")


def dask(n: int, parts: int, tmp: Path) -> None:
    people, events = tmp / "people", tmp / "events"
    _, _, wall = _cpu(
        subprocess.run,
        [
            sys.executable,
            "-m",
            "uibenefit",
            "synth",
            "--n",
            str(n),
            "--seed",
            "5",
            "--partitions",
            str(parts),
            "-o",
            str(people),
            "--events",
            str(events),
        ],
        check=True,
    )
    print(f"dask: {n} claimants in {parts} partitions written ({wall:.1f} s wall)")
    policy = ub.load_policy("xingan")
    t0 = time.perf_counter()
    cpu_one = 0.0
    for f in sorted(people.iterdir()):
        done = evaluate_file(policy, f, tmp / "one" / f.name, events=events, as_of=AS_OF)
        cpu_one += done.cpu_seconds
    one = time.perf_counter() - t0
    print(
        f"dask: one process, partition after partition: {one:.1f} s wall ({cpu_one:.1f} s "
        f"CPU, read, evaluate and write), {n / one:,.0f}/s; load average {os.getloadavg()}"
    )
    client = local_client(2)
    try:
        client.run(lambda: ub.load_policy("xingan").evaluate_batch(synth.claimants(100, 1)))
        t0 = time.perf_counter()
        summary = evaluate_partitions(
            "xingan", people, tmp / "two", client, events=events, as_of=AS_OF
        )
        two = time.perf_counter() - t0
    finally:
        cluster = client.cluster
        client.close()
        cluster.close()
    a = pq.read_table(tmp / "one").sort_by("id")
    b = pq.read_table(tmp / "two").sort_by("id")
    print(
        f"dask: two workers reading and writing their own partitions: {two:.1f} s wall "
        f"({summary.cpu_seconds:.1f} s CPU in the workers), {n / two:,.0f}/s, "
        f"{one / two:.2f}× one process; results identical: {a.equals(b)}; "
        f"rows {summary.rows}, errors {summary.errors}; load average {os.getloadavg()}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--check", type=int, default=100_000)
    ap.add_argument("--dask-n", type=int, default=16_000_000)
    ap.add_argument("--partitions", type=int, default=16)
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--skip-check", action="store_true")
    args = ap.parse_args()
    policy = ub.load_policy("xingan")
    print(
        json.dumps(
            {
                "n": args.n,
                "cpus": os.cpu_count(),
                "numpy": np.__version__,
                "pyarrow": pa.__version__,
            }
        )
    )
    prototype(args.n, args.rounds)
    throughput(policy, args.n, args.rounds)
    with tempfile.TemporaryDirectory() as tmp:
        memory(args.n, Path(tmp))
        if not args.skip_dask:
            dask(args.dask_n, args.partitions, Path(tmp))
    if not args.skip_check:
        return 1 if crosscheck(policy, args.check) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
