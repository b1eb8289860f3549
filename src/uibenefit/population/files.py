"""Files in, files out: one claimants file (or Parquet folder) evaluated to Parquet.

`evaluate_file` is the unit of work: it reads its claimants, reads only the events of those
claimants (a filter on the id range, which Parquet row-group statistics turn into skipped
reads when the events are sorted by id), writes the decision (and schedule) tables slice by
slice, and returns a `Summary`. `evaluate_partitions` runs one `evaluate_file` per partition
on a Dask cluster, each worker reading and writing its own files.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from ..errors import InputError, escape
from ..policy import Policy, load_policy
from . import _input as I
from ._batch import BatchStats, slices

Progress = Callable[[int, int], None]


@dataclass
class Summary:
    """What a run decided: rows, refused rows, eligible claimants, total due, engine rows."""

    rows: int = 0
    errors: int = 0
    eligible: int = 0
    total_due: Decimal = Decimal("0.00")
    engine_rows: int = 0
    schedule_rows: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    cpu_seconds: float = 0.0
    """CPU time of the process(es) that did the work, reading and writing included."""

    def add(self, other: Summary) -> None:
        """Fold another partition's summary into this one."""
        self.rows += other.rows
        self.errors += other.errors
        self.eligible += other.eligible
        self.total_due += other.total_due
        self.engine_rows += other.engine_rows
        self.schedule_rows += other.schedule_rows
        self.cpu_seconds += other.cpu_seconds
        for k, v in other.reasons.items():
            self.reasons[k] = self.reasons.get(k, 0) + v

    def lines(self) -> list[str]:
        """The closing summary, one figure a line."""
        out = [
            f"rows: {self.rows}",
            f"errors: {self.errors}",
            f"eligible: {self.eligible}",
            f"total due: {self.total_due}",
            f"answered by the one-claim engine: {self.engine_rows}",
        ]
        if self.schedule_rows:
            out.append(f"schedule rows: {self.schedule_rows}")
        out.extend(f"  {n} rows: {reason}" for reason, n in sorted(self.reasons.items()))
        return out


@functools.lru_cache(maxsize=4)
def _policy(spec: str) -> Policy:
    return load_policy(spec)


def _events_of(events: str | Path | None, claimants: pa.Table) -> pa.Table | None:
    """The events whose id lies in the claimants' id range (all of them for text ids)."""
    if events is None:
        return None
    path = Path(events)
    I.check_source(path, "events")
    if path.suffix.lower() == ".csv":
        return I.read_table(path, "events")
    ids = claimants.column("id")
    try:
        dataset = ds.dataset(path, format="parquet")
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"cannot read events: {I.reason(exc)}", path=str(path)) from None
    try:
        events_ids = dataset.schema.field("id").type if "id" in dataset.schema.names else None
        if (
            claimants.num_rows
            and pa.types.is_integer(ids.type)
            and ids.null_count == 0
            and events_ids is not None
            and pa.types.is_integer(events_ids)
        ):
            bounds = pc.min_max(ids)
            lo, hi = bounds["min"].as_py(), bounds["max"].as_py()
            return dataset.to_table(filter=(ds.field("id") >= lo) & (ds.field("id") <= hi))
        return dataset.to_table()
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"cannot read events: {I.reason(exc)}", path=str(path)) from None


def evaluate_file(
    policy: str | Policy,
    claimants: str | Path,
    out: str | Path,
    *,
    events: str | Path | None = None,
    as_of: dt.date | None = None,
    schedule: str | Path | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Evaluate one claimants file (or Parquet folder) into Parquet at `out` (and the
    schedule at `schedule`), slice by slice; the summary of what was decided."""
    started = time.process_time()
    pol = _policy(policy) if isinstance(policy, str) else policy
    table = I.read_table(Path(claimants))
    ev = _events_of(events, table)
    stats = BatchStats()
    summary = Summary()
    writers: dict[str, pq.ParquetWriter] = {}
    done = 0
    try:
        for dec, sch in slices(
            pol, table, ev, as_of, decisions=True, schedule=schedule is not None, stats=stats
        ):
            assert dec is not None
            _write(writers, "d", out, dec)
            summary.eligible += int(pc.sum(dec.column("eligible").cast(pa.int64())).as_py() or 0)
            due = pc.sum(dec.column("total_due")).as_py()
            summary.total_due += due if due is not None else 0
            if sch is not None and schedule is not None:
                _write(writers, "s", schedule, sch)
                summary.schedule_rows += sch.num_rows
            done += dec.num_rows
            if progress is not None:
                progress(done, table.num_rows)
        if "d" not in writers:  # no rows at all: still an (empty) table
            empty = next(slices(pol, table.slice(0, 0), None, as_of, schedule=schedule is not None))
            assert empty[0] is not None
            _write(writers, "d", out, empty[0])
            if schedule is not None and empty[1] is not None:
                _write(writers, "s", schedule, empty[1])
    finally:
        for w in writers.values():
            w.close()
    summary.rows = stats.rows
    summary.errors = stats.errors
    summary.engine_rows = stats.engine_rows
    summary.reasons = dict(stats.reasons)
    summary.cpu_seconds = time.process_time() - started
    return summary


def _write(
    writers: dict[str, pq.ParquetWriter], key: str, path: str | Path, table: pa.Table
) -> None:
    try:
        writer = writers.get(key)
        if writer is None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            writer = pq.ParquetWriter(str(path), table.schema.remove_metadata())
            writers[key] = writer
        writer.write_table(table.replace_schema_metadata(None))
    except (OSError, pa.ArrowException) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(
            f"cannot write the table: {escape(reason)[:200]}", path=str(path)
        ) from None


def partitions(path: str | Path) -> list[Path]:
    """The Parquet files of a partitioned dataset folder, in name order (or the file)."""
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*.parquet") if f.is_file())
        if not files:
            raise InputError("the folder holds no .parquet files", path=str(p))
        return files
    return [p]


def evaluate_partitions(
    policy: str,
    claimants: str | Path,
    out: str | Path,
    client: Any,
    *,
    events: str | Path | None = None,
    as_of: dt.date | None = None,
    schedule: str | Path | None = None,
    progress: Progress | None = None,
) -> Summary:
    """One `evaluate_file` per partition on a Dask client: out/ and schedule/ get one
    Parquet file per input partition, written by the worker that evaluated it."""
    from distributed import as_completed

    files = partitions(claimants)
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    sched_dir = Path(schedule) if schedule is not None else None
    if sched_dir is not None:
        sched_dir.mkdir(parents=True, exist_ok=True)
    ev = str(Path(events).resolve()) if events is not None else None
    futures = [
        client.submit(
            evaluate_file,
            policy,
            str(f.resolve()),
            str((out_dir / f.name).resolve()),
            events=ev,
            as_of=as_of,
            schedule=None if sched_dir is None else str((sched_dir / f.name).resolve()),
            key=f"uibenefit-batch-{i}-{f.name}",
            pure=False,
        )
        for i, f in enumerate(files)
    ]
    total = Summary()
    for k, future in enumerate(as_completed(futures), 1):  # type: ignore[no-untyped-call]
        total.add(future.result())
        if progress is not None:
            progress(k, len(files))
    return total


def local_client(workers: int) -> Any:
    """A dask.distributed LocalCluster of `workers` one-thread processes on loopback."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError(
            "--workers and --scheduler need Dask: pip install 'uibenefit[dask]'"
        ) from None
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        env={"MALLOC_MMAP_THRESHOLD_": "67108864", "MALLOC_TRIM_THRESHOLD_": "1073741824"},
    )
    return Client(cluster)  # type: ignore[no-untyped-call]


def progress_bar(label: str, unit: str = "rows") -> Progress:
    """A one-line progress bar on stderr, redrawn in place."""

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        bar = "#" * filled + "." * (width - filled)
        end = "\n" if done >= total else ""
        print(f"\r{label} [{bar}] {done}/{total} {unit}", end=end, file=sys.stderr, flush=True)

    return show
