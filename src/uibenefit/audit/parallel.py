"""The engine half of an audit on a Dask cluster (`uibenefit audit --workers N | --scheduler`).

The recipients are cut into slices; each worker loads the policy by name or path and runs the
public `evaluate_batch` and `schedule_batch` on its slice; the tables come back in input order
and the ledger is matched here, in one process (the join is the cheap half).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pyarrow as pa

from ..policy import Policy, load_policy

Engine = Callable[[Policy, pa.Table, pa.Table, dt.date], tuple[pa.Table, pa.Table]]


def _part(
    spec: str, people: pa.Table, events: pa.Table, as_of: dt.date
) -> tuple[pa.Table, pa.Table]:
    """One slice, on a worker."""
    policy = load_policy(spec)
    return (
        policy.evaluate_batch(people, events, as_of),
        policy.schedule_batch(people, events, as_of),
    )


def dask_engine(client: Any, spec: str, slices: int) -> Engine:
    """An engine for `ub.audit(..., engine=)` that runs the slices on `client`."""

    def run(
        policy: Policy, people: pa.Table, events: pa.Table, as_of: dt.date
    ) -> tuple[pa.Table, pa.Table]:
        del policy  # each worker loads its own from `spec`
        n = people.num_rows
        per = max(1, -(-n // max(1, slices)))
        shared = client.scatter(events, broadcast=True)
        futures = [
            client.submit(_part, spec, people.slice(start, per), shared, as_of, pure=False)
            for start in range(0, max(n, 1), per)
        ]
        results = client.gather(futures)
        decisions = pa.concat_tables([r[0] for r in results])
        sched = pa.concat_tables([r[1] for r in results])
        return decisions, sched

    return run
