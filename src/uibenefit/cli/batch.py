"""`uibenefit batch CLAIMANTS -o OUT.parquet`: a whole population, one decision row each.

`uibenefit synth --n N --seed S -o claimants.parquet`: a synthetic population to try it on.
Both need the `batch` extra (pyarrow, numpy); `--workers`/`--scheduler` the `dask` extra.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from ..errors import InputError, escape
from ..values._messages import label, zh
from . import _args, _output
from ._commands import summary as command_summary


def register(subs: Any) -> None:
    """Add the subcommands."""
    p = subs.add_parser(
        "batch",
        help=command_summary("batch"),
        epilog=_output.examples(
            "uibenefit batch claimants.parquet --as-of 2026-06-30 -o decisions.parquet",
            "uibenefit batch claimants.csv --events events.csv -o decisions.parquet --workers 2",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("claimants", help="claimants: a .parquet or .csv file, or a Parquet folder")
    p.add_argument("--events", help="events (id, kind, on): a .parquet or .csv file or folder")
    p.add_argument("--as-of", type=_args.date, help="date of the audit, YYYY-MM-DD")
    p.add_argument("--policy", default="xingan", help="bundled name or path (default: xingan)")
    p.add_argument("-o", "--output", required=True, help="OUT.parquet: the decision table")
    p.add_argument("--schedule", help="OUT.parquet: also write the schedule, one row a month")
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--workers", type=_workers, help="evaluate the partitions on a local Dask cluster"
    )
    where.add_argument("--scheduler", help="evaluate on a running Dask cluster (ADDRESS)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _output.add_lang(p)
    p.set_defaults(run=run)

    s = subs.add_parser(
        "synth",
        help=command_summary("synth"),
        epilog=_output.examples(
            "uibenefit synth --n 1000 --seed 1 -o claimants.parquet",
            "uibenefit synth --n 10000 --seed 1 --records records/",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("--n", type=_count, required=True, help="how many claimants")
    s.add_argument("--seed", type=_seed, default=0, help="random seed, 0 or more (default 0)")
    s.add_argument("-o", "--output", help="claimants.parquet (or a folder)")
    s.add_argument(
        "--records",
        help="write record tables (persons, contributions, separations, claims, events) for "
        "the same number of persons into this folder, with the truth in DIR/truth/",
    )
    s.add_argument("--events", help="also write their stop events here")
    s.add_argument(
        "--partitions",
        type=_count,
        default=1,
        help="write a folder of this many Parquet files instead of one file",
    )
    s.add_argument(
        "--weight",
        action="store_true",
        help="add a weight column scaling the sample to the league's claims (published figures)",
    )
    s.add_argument(
        "--ledger",
        metavar="DIR",
        help="also write an audit's inputs there: payments.parquet (a ledger with faults of "
        "every kind injected at known rows), events.parquet (stops and suspected cases) and "
        "truth.parquet (what the audit must find), as of the last synthetic day",
    )
    _output.add_lang(s)
    s.set_defaults(run=run_synth)


def _count(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def _workers(text: str) -> int:
    value = _count(text)
    if value > MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"at most {MAX_WORKERS} local workers, got {value}")
    return value


MAX_WORKERS = 256
MAX_SEED = 2**63 - 1
SCHEDULER_TIMEOUT = 3
"""Seconds to reach a Dask scheduler before the command gives up (an address no one answers
would otherwise hold the command for distributed's default half a minute or more)."""
BYTES_PER_ROW = 400
"""What `synth` holds per claimant while making one partition (measured: about 190 bytes of
peak memory per row, events included; doubled for safety)."""


ASSUMED_MEMORY = 4 * 2**30
"""The memory assumed where the system does not tell (no /proc/meminfo)."""


def _seed(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"expected a seed from 0 to {MAX_SEED}, got {value}")
    return value


def _available_memory() -> int | None:
    """Bytes of memory available to a new allocation (Linux's MemAvailable), or None."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _writable(path: str | Path, what: str) -> Path:
    """An output path that can be written: refused before any work, never a traceback after
    it (a folder that cannot be made, a FIFO or device in its place, no permission)."""
    target = Path(path)
    try:
        if target.exists() and not (target.is_file() or target.is_dir()):
            raise InputError(f"{what} is not a regular file", path=str(target))
        parent = target.parent
        parent.mkdir(parents=True, exist_ok=True)
        if not os.access(parent, os.W_OK | os.X_OK):
            raise InputError(f"cannot write {what}: permission denied", path=str(target))
    except OSError as exc:
        raise InputError(f"cannot write {what}: {exc.strerror or exc}", path=str(target)) from None
    return target


def _need_batch() -> None:
    try:
        import numpy  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError(
            "batch and synth need pyarrow and numpy: pip install 'uibenefit[batch]'"
        ) from None


def run(args: argparse.Namespace) -> int:
    """Evaluate, write, print the summary."""
    _need_batch()
    from ..policy import load_policy
    from ..population import files

    policy = load_policy(args.policy)  # a bad policy fails here, before any worker starts
    _writable(args.output, "the decision table")
    if args.schedule:
        _writable(args.schedule, "the schedule table")
    _unpacks_within_memory(args.claimants, "claimants")
    if args.events:
        _unpacks_within_memory(args.events, "events")
    show = None if args.quiet else files.progress_bar(*_bar("rows", args.lang))
    if args.workers is None and args.scheduler is None:
        summary = files.evaluate_file(
            policy,
            args.claimants,
            args.output,
            events=args.events,
            as_of=args.as_of,
            schedule=args.schedule,
            progress=show,
        )
    else:
        spec = str(args.policy)
        if Path(spec).suffix in (".yaml", ".yml"):
            spec = str(Path(spec).resolve())
        client = None
        try:
            if args.workers is not None:
                client = files.local_client(args.workers)
            else:
                from distributed import Client

                client = _connect(Client, args.scheduler)
            summary = files.evaluate_partitions(
                spec,
                args.claimants,
                args.output,
                client,
                events=args.events,
                as_of=args.as_of,
                schedule=args.schedule,
                progress=None if args.quiet else files.progress_bar(*_bar("partitions", args.lang)),
            )
        finally:
            if client is not None:
                cluster = client.cluster if args.workers is not None else None
                client.close()
                if cluster is not None:
                    cluster.close()
    for line in _summary(summary, args.lang):
        print(line)
    written = f"{args.output}" + (f", {args.schedule}" if args.schedule else "")
    print(label("written", args.lang, files=written))
    return 0


def _unpacks_within_memory(path: str | Path, what: str) -> None:
    """A Parquet file (or folder) counted as it unpacks, batch by batch, before it is read
    whole: its footer may under-state its size (a few KB stating a few hundred bytes that
    unpack to gigabytes); past the memory available it is refused, not read into it."""
    import pyarrow as pa

    from ..tools import _unpack

    target = Path(path)
    if not (target.is_dir() or target.suffix.lower() in (".parquet", ".pq")):
        return
    if not (target.is_dir() or target.is_file()):
        return  # the reader refuses it (missing, FIFO, device) with its own words
    free = _available_memory() or ASSUMED_MEMORY
    try:
        _unpack.count(target, free)
    except _unpack.TooLarge as exc:
        raise InputError(
            f"{exc}, the memory available: the {what} cannot be read", path=str(target)
        ) from None
    except (OSError, ValueError, pa.ArrowException):
        return  # not Parquet it can read: the reader refuses it with its own words


def _bar(unit: str, lang: str | None) -> tuple[str, str]:
    """The progress bar's name and unit in `lang`."""
    return label("progress.batch", lang), label(f"progress.{unit}", lang)


def _summary(summary: Any, lang: str | None) -> list[str]:
    """The closing summary, one figure a line, in `lang` (its reasons are error messages)."""
    if lang != "zh":
        lines: list[str] = summary.lines()
        return lines
    out = [
        label("batch.rows", lang, n=summary.rows),
        label("batch.errors", lang, n=summary.errors),
        label("batch.eligible", lang, n=summary.eligible),
        label("batch.total_due", lang, amount=summary.total_due),
        label("batch.engine_rows", lang, n=summary.engine_rows),
    ]
    if summary.schedule_rows:
        out.append(label("batch.schedule_rows", lang, n=summary.schedule_rows))
    out += [
        label("batch.reason", lang, n=n, reason=zh(reason))
        for reason, n in sorted(summary.reasons.items())
    ]
    return out


def _connect(client: Any, address: str) -> Any:
    """A Dask client of the scheduler at `address`, or an InputError within a few seconds."""
    try:
        return client(address, timeout=SCHEDULER_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = escape(str(exc).splitlines()[0][:200]) if str(exc) else type(exc).__name__
        raise InputError(
            f"cannot reach the Dask scheduler within {SCHEDULER_TIMEOUT} s: {reason}",
            field="--scheduler",
        ) from None


def _fits(n: int, partitions: int, free: int) -> int:
    """Claimants per partition, refused before any is made when one partition would need
    more memory than there is."""
    per = -(-n // partitions)
    if per * BYTES_PER_ROW > free:
        least = -(-n * BYTES_PER_ROW // free)
        raise InputError(
            f"{per} claimants in one file need about {per * BYTES_PER_ROW / 1e9:.1f} GB of "
            f"memory and {free / 1e9:.1f} GB is available: write them as --partitions "
            f"{least} or more (made one after another)",
            field="--n",
        )
    return per


def _records_fit(n: int, free: int, per_person: int) -> None:
    """`--records` tables are built whole: refused before any is made past the memory."""
    if n * per_person > free:
        raise InputError(
            f"the records of {n} persons need about {n * per_person / 1e9:.1f} GB of memory "
            f"and {free / 1e9:.1f} GB is available: at most {free // per_person} persons' "
            "records can be made in one run (give a smaller --n)",
            field="--n",
        )


def run_synth(args: argparse.Namespace) -> int:
    """Write the synthetic claimants (and events)."""
    _need_batch()
    import pyarrow.parquet as pq

    from ..population import synth

    if args.output is None and args.records is None:
        raise InputError("give -o claimants.parquet, --records DIR, or both", field="output")
    free = _available_memory() or ASSUMED_MEMORY
    if args.records is not None:
        from ..records import synth as records_synth

        _records_fit(args.n, free, records_synth.BYTES_PER_PERSON)
        if args.output is not None:  # both refused before either is made
            _fits(args.n, args.partitions, free)
        records_synth.records(args.n, args.seed).write(args.records)
        truth = f"{args.records}/truth"
        print(
            label("synth.records", args.lang, n=args.n, path=args.records, truth=truth),
            file=sys.stderr,
        )
        if args.output is None:
            return 0
    out = Path(args.output)
    ev = Path(args.events) if args.events else None
    made: list[tuple[Any, Any]] = []
    per = _fits(args.n, args.partitions, free)
    if args.partitions > args.n:
        raise InputError(
            f"{args.partitions} partitions for {args.n} claimants: at most one per claimant",
            field="--partitions",
        )
    for k in range(args.partitions):
        first = k * per
        count = min(per, args.n - first)
        if count <= 0:
            break
        people = synth.claimants(
            count,
            args.seed * 1_000_003 + k,
            first_id=first,
            weight_for=args.n if args.weight else None,
        )
        target = out / f"part-{k:05d}.parquet" if args.partitions > 1 else out
        _write(pq, people, _writable(target, "the claimants"))
        if ev is not None or args.ledger:
            events = synth.events(people, args.seed * 1_000_003 + k)
            made.append((people, events))
        if ev is not None:
            etarget = ev / f"part-{k:05d}.parquet" if args.partitions > 1 else ev
            _write(pq, events, _writable(etarget, "the events"))
    made_events = label("synth.events", args.lang, path=ev) if ev else ""
    print(label("synth.claimants", args.lang, n=args.n, path=out) + made_events, file=sys.stderr)
    if args.ledger:
        _write_ledger(Path(args.ledger), made, args.seed, args.lang)
    return 0


def _write_ledger(
    folder: Path, made: list[tuple[Any, Any]], seed: int, lang: str | None = None
) -> None:
    """The audit's synthetic inputs (`uibenefit.audit.synth`), as of the last synthetic day."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..audit import synth as ledger_synth
    from ..policy import load_policy
    from ..population import synth

    people = pa.concat_tables([p for p, _ in made])
    stops = pa.concat_tables([e for _, e in made])
    payments, events, truth = ledger_synth.ledger(
        load_policy("xingan"), people, stops, synth.LAST, seed
    )
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in (("payments", payments), ("events", events), ("truth", truth)):
        pq.write_table(table, folder / f"{name}.parquet")
    counts = {"payments": payments.num_rows, "events": events.num_rows, "faults": truth.num_rows}
    print(label("synth.ledger", lang, **counts, as_of=synth.LAST, folder=folder), file=sys.stderr)


def _write(pq: Any, table: Any, target: Path) -> None:
    import pyarrow as pa

    try:
        pq.write_table(table, target)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(
            f"cannot write the file: {escape(str(exc))[:200]}", path=str(target)
        ) from None
