"""The population engine: a whole table of claimants at once, exact to the fen.

    import uibenefit as ub
    policy = ub.load_policy("xingan")
    out = policy.evaluate_batch("claimants.parquet", events="events.parquet")
    sched = policy.schedule_batch(claimants_table)

The claimants are one column per `Claimant` field (same names) plus `id`; events a long
table (`id`, `kind`, `on`). Every output row equals what `policy.evaluate` decides for that
claimant: the rules are compiled from the same YAML into lookup arrays and array conditions,
and whatever the compiler cannot vectorise is answered by `policy.evaluate` itself and counted
(`batch_stats(out).engine_rows`). Needs the `batch` extra (pyarrow, numpy).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa

from ..policy import Policy
from ._batch import BatchStats, batch_stats, evaluate
from ._reference import DECISION_COLUMNS, SCHEDULE_COLUMNS, decision_row, schedule_rows

__all__ = [
    "DECISION_COLUMNS",
    "SCHEDULE_COLUMNS",
    "BatchStats",
    "batch_stats",
    "decision_row",
    "evaluate_batch",
    "schedule_batch",
    "schedule_rows",
]


def evaluate_batch(
    policy: Policy, claimants: Any, events: Any = None, as_of: dt.date | None = None
) -> pa.Table:
    """One decision row per claimant, in input order (see DECISION_COLUMNS)."""
    table, _, _ = evaluate(policy, claimants, events, as_of, decisions=True, schedule=False)
    assert table is not None
    return table


def schedule_batch(
    policy: Policy, claimants: Any, events: Any = None, as_of: dt.date | None = None
) -> pa.Table:
    """One row per benefit month of every claimant, claimants in input order."""
    _, table, _ = evaluate(policy, claimants, events, as_of, decisions=False, schedule=True)
    assert table is not None
    return table
