"""Audit bench: 1,000,000 recipients and their ledger through `ub.audit`, and the join measured
in Arrow/NumPy against DuckDB.

    .venv/bin/python bench/audit.py                      # 1M recipients (a few minutes to set up)
    .venv/bin/python bench/audit.py --n 100000           # while developing
    .venv/bin/python bench/audit.py --n 100000 --workers 2   # the engine half on Dask

Set-up (not timed): synthetic claimants of the league (`uibenefit.population.synth`) until N
are eligible for at least `--min-months` (6): those are the recipients (people who receive
benefit; the league's eligible claimants average 13 paid months, those with 6 or more 15.6,
which makes the issue's 15 ledger rows a recipient); their stop events; the
ledger pays every month the engine schedules as due or paid at once (IM5), on its pay-by date,
as of 2030-12-31 (so every month of the 2017–2026 claims has fallen due); then 0.1% of rows
are dropped, 0.1% paid a wrong amount and 0.1% paid twice, so the findings path is exercised.
All inputs are written to Parquet and read back by the audit, as the command does.

Timed (one process, CPU time of this process unless marked wall): `ub.audit` from the files
(read, check, engine, join, findings), then `Audit.write` (Parquet, CSV, JSON, Markdown, HTML,
charts). Then the join alone: the audit's Arrow/NumPy `match` against the same ledger-to-
schedule join and unpaid-month anti-join in DuckDB (both from Arrow tables in memory).
Nothing here asserts a speed: the script prints what it measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import uibenefit as ub
from uibenefit.audit import inputs
from uibenefit.audit.match import match
from uibenefit.population import synth

AS_OF = dt.date(2030, 12, 31)


def recipients(n: int, seed: int, min_months: int) -> tuple[pa.Table, pa.Table]:
    """N eligible synthetic claimants entitled to at least `min_months` (text ids), and their
    stop events."""
    policy = ub.load_policy("xingan")
    people, stops, have, k = [], [], 0, 0
    while have < n:
        batch = synth.claimants(max(1000, int((n - have) * 2.1)), seed + k, first_id=k * 10**8)
        out = policy.evaluate_batch(batch, None, AS_OF)
        ok = pc.and_(
            out.column("eligible"), pc.greater_equal(out.column("total_months"), min_months)
        )
        batch = batch.filter(ok).slice(0, n - have)
        people.append(batch)
        stops.append(synth.events(batch, seed + k))
        have += batch.num_rows
        k += 1
    table = pa.concat_tables(people)
    table = table.set_column(0, "id", pc.cast(table.column("id"), pa.string()))
    ev = pa.concat_tables(stops)
    ev = pa.table(
        {
            "id": pc.cast(ev.column("id"), pa.string()),
            "kind": pc.cast(ev.column("kind"), pa.string()),
            "on": ev.column("on"),
        }
    )
    return table, ev


def ledger(people: pa.Table, events: pa.Table, seed: int) -> pa.Table:
    """Every scheduled month paid, then 0.1% dropped, 0.1% wrong, 0.1% twice."""
    sched = ub.load_policy("xingan").schedule_batch(people, events, AS_OF)
    status = pc.cast(sched.column("status"), pa.string())
    paid = sched.filter(pc.is_in(status, pa.array(["due", "lump_sum"])))
    on = pc.coalesce(paid.column("pay_by"), paid.column("period_start"))
    rng = np.random.default_rng(seed)
    n = paid.num_rows
    draw = rng.random(n)
    keep = draw >= 0.001
    amount = paid.column("amount").combine_chunks()
    wrong = (draw >= 0.001) & (draw < 0.002)
    fen = np.asarray(pc.fill_null(pc.cast(pc.multiply(amount, inputs.HUNDRED), pa.int64()), 0))
    fen = np.where(wrong, fen + 1000, fen)
    table = pa.table(
        {
            "id": paid.column("id"),
            "index": paid.column("index"),
            "amount": inputs.fen_to_money(fen),
            "paid_on": on,
            "medical_insurance": paid.column("medical_insurance_paid"),
        }
    ).filter(pa.array(keep))
    twice = table.filter(pa.array(rng.random(table.num_rows) < 0.001))
    return pa.concat_tables([table, twice])


def _cpu(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    c0, w0 = time.process_time(), time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.process_time() - c0, time.perf_counter() - w0


def duckdb_join(people: pa.Table, sched: pa.Table, payments: pa.Table) -> tuple[int, int]:
    """The same matching in DuckDB: rows joined to months, and months nobody paid."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET threads TO 1")
    con.register("people", people.select(["id"]))
    con.register("sched", sched)
    con.register("ledger", payments)
    matched = con.execute(
        """
        SELECT count(*) FROM (
          SELECT l.id, l."index", l.amount, l.paid_on, s.amount AS due, s.pay_by, s.status,
                 s."index" AS s_index,
                 p.id IS NULL AS unknown,
                 row_number() OVER (PARTITION BY l.id, l."index" ORDER BY l.paid_on) AS nth
          FROM ledger l
          LEFT JOIN people p ON p.id = l.id
          LEFT JOIN sched s ON s.id = l.id AND s."index" = l."index")
        WHERE unknown OR s_index IS NULL OR nth > 1 OR status = 'forfeited' OR amount <> due
              OR paid_on > pay_by
        """
    ).fetchone()
    unpaid = con.execute(
        """
        SELECT count(*) FROM sched s ANTI JOIN ledger l ON s.id = l.id AND s."index" = l."index"
        WHERE s.status = 'due' AND s.pay_by <= DATE '2030-12-31'
        """
    ).fetchone()
    con.close()
    assert matched is not None and unpaid is not None
    return int(matched[0]), int(unpaid[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--min-months",
        type=int,
        default=6,
        help="recipients entitled to at least this many months (default 6: about 15.6 ledger "
        "rows a recipient, so 1M recipients make the issue's 15M rows)",
    )
    parser.add_argument("--workers", type=int, default=0, help="the engine half on Dask")
    parser.add_argument("--skip-duckdb", action="store_true")
    args = parser.parse_args()
    t0 = time.perf_counter()
    people, events = recipients(args.n, args.seed, args.min_months)
    payments = ledger(people, events, args.seed)
    print(
        f"set-up: {people.num_rows} recipients, {payments.num_rows} ledger rows, "
        f"{events.num_rows} events ({time.perf_counter() - t0:.1f} s wall, not timed)"
    )
    policy = ub.load_policy("xingan")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, table in (("recipients", people), ("payments", payments), ("events", events)):
            pq.write_table(table, folder / f"{name}.parquet")
        engine, client = None, None
        if args.workers:
            from uibenefit.audit.parallel import dask_engine
            from uibenefit.population.files import local_client

            client = local_client(args.workers)
            engine = dask_engine(client, "xingan", args.workers * 4)
        result, cpu, wall = _cpu(
            ub.audit,
            policy,
            folder / "recipients.parquet",
            folder / "payments.parquet",
            folder / "events.parquet",
            AS_OF,
            engine=engine,
        )
        if client is not None:
            client.close()
        s = result.summary
        print(
            f"ub.audit: {cpu:.1f} s CPU, {wall:.1f} s wall; {s['findings']} findings; "
            f"ledger accounted for: {s['ledger']['accounted']}"
        )
        for kind, t in s["by_kind"].items():
            if t["findings"]:
                print(f"  {kind:<20} {t['findings']:>8} {t['amount']:>16}")
        _, cpu, wall = _cpu(result.write, folder / "out")
        print(f"Audit.write: {cpu:.1f} s CPU, {wall:.1f} s wall")
    if not args.skip_duckdb:
        compare_joins(policy, people, events, payments)
    print(f"load average: {os.getloadavg()}")


def compare_joins(
    policy: ub.Policy, people: pa.Table, events: pa.Table, payments: pa.Table
) -> None:
    """The join alone, Arrow/NumPy (the audit's) against DuckDB, on the same tables."""
    decisions = policy.evaluate_batch(people, events, AS_OF)
    sched = policy.schedule_batch(people, events, AS_OF)
    led = inputs.ledger(payments, AS_OF)
    rids = people.column("id").combine_chunks()
    m, cpu, wall = _cpu(match, decisions, sched, rids, led, AS_OF)
    found = int((m.disposition >= 0).sum())
    print(
        f"join in Arrow/NumPy: {cpu:.2f} s CPU, {wall:.2f} s wall; "
        f"{found} ledger rows with a finding, {len(m.lines['kind']) - found} unpaid months"
    )
    status = pc.cast(sched.column("status"), pa.string())
    plain = sched.set_column(sched.column_names.index("status"), "status", status)
    (rows, unpaid), cpu, wall = _cpu(duckdb_join, people, plain, payments)
    print(
        f"join in DuckDB (1 thread): {cpu:.2f} s CPU, {wall:.2f} s wall; "
        f"{rows} ledger rows with a finding, {unpaid} unpaid months"
    )


if __name__ == "__main__":
    main()
