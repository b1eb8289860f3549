"""Evaluating a population on a Dask cluster, when asked (`client=`, `--workers`).

The population is cut into slices (each with its own events), every slice is evaluated by
`policy.evaluate_batch` on a worker that loads the policy from its spec (a bundled name or the
absolute path of its top file: workers share this machine's or a common file system), and the
decision tables come back in input order.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ..law._resources import bundled_names
from ..policy import Policy, load_policy


def spec_of(policy: Policy) -> str:
    """What `load_policy` needs to load `policy` again elsewhere."""
    name = policy.layers[-1]
    if name in bundled_names() and load_policy(name) is policy:
        return name
    return str(Path(policy.resolved.layers[-1].path).resolve())


def evaluate_part(
    spec: str, people: pa.Table, events: pa.Table | None, as_of: dt.date | None
) -> pa.Table:
    """One slice on a worker."""
    table: pa.Table = load_policy(spec).evaluate_batch(people, events, as_of)
    return table


def evaluate(
    client: Any, policy: Policy, people: pa.Table, events: pa.Table | None, as_of: dt.date | None
) -> pa.Table:
    """`policy.evaluate_batch(people, events, as_of)`, slice by slice on the cluster."""
    workers = max(1, len(client.nthreads()))
    step = max(1, -(-people.num_rows // (2 * workers)))
    slices = [people.slice(lo, step) for lo in range(0, max(people.num_rows, 1), step)]
    parts = [_events_for(events, s) for s in slices]
    spec = spec_of(policy)
    futures = client.map(
        evaluate_part, [spec] * len(slices), slices, parts, [as_of] * len(slices), pure=False
    )
    return pa.concat_tables(client.gather(futures))


def _events_for(events: pa.Table | None, people: pa.Table) -> pa.Table | None:
    if events is None:
        return None
    ids = events.column("id")
    wanted = people.column("id")
    if ids.type != wanted.type:
        ids, wanted = pc.cast(ids, pa.string()), pc.cast(wanted, pa.string())
    return events.filter(pc.is_in(ids, value_set=wanted.combine_chunks()))
