"""`uibenefit audit`: the periodic cross-check of N8, from the ledger of what was paid.

    uibenefit audit --recipients R --payments P --records E --as-of DATE -o DIR [--db FILE]

Writes findings.parquet/.csv, recipients.parquet, ledger.parquet, summary.json, report.md,
report.html and the charts into DIR, prints the totals. Needs the `audit` extra;
`--workers`/`--scheduler` the `dask` extra too.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..values._messages import label
from . import _args, _output
from ._commands import summary as command_summary


def register(subs: Any) -> None:
    """Add the subcommand."""
    p = subs.add_parser(
        "audit",
        help=command_summary("audit"),
        epilog=_output.examples(
            "uibenefit audit --recipients records/ --payments ledger.csv --as-of 2026-06-30 "
            "-o audit-out",
            "uibenefit audit --recipients recipients.parquet --payments audit-in/payments.parquet "
            "--records audit-in/events.parquet --as-of 2026-12-31 -o audit-out --db audit.duckdb",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--recipients",
        required=True,
        help="claimant columns and id (.parquet/.csv), or a records directory",
    )
    p.add_argument(
        "--payments",
        required=True,
        help="the ledger: id, index or period_start, amount, paid_on, [medical_insurance]",
    )
    p.add_argument("--records", help="the events table (id, kind, on), or a records directory")
    p.add_argument("--as-of", type=_args.date, required=True, help="the audit date, YYYY-MM-DD")
    p.add_argument("--policy", default="xingan", help="bundled name or path (default: xingan)")
    p.add_argument("-o", "--output", required=True, help="DIR: the findings and reports")
    p.add_argument("--db", help="FILE.duckdb: also write the inputs and findings there")
    p.add_argument(
        "--fraud",
        action="append",
        default=[],
        metavar="ID",
        help="an id the auditor marks as fraud: its findings show the fine range",
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_workers, help="run the engine on a local Dask cluster")
    where.add_argument("--scheduler", help="run the engine on a running Dask cluster (ADDRESS)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _output.add_lang(p, what="the reports, charts, printed totals, messages and errors")
    p.set_defaults(run=run)


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def run(args: argparse.Namespace) -> int:
    """Audit, write, print the totals."""
    try:
        import numpy  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError("audit needs pyarrow and numpy: pip install 'uibenefit[audit]'") from None
    from ..audit import audit
    from ..policy import load_policy
    from ..population.files import progress_bar

    policy = load_policy(args.policy)
    show = (
        None
        if args.quiet
        else progress_bar(label("progress.audit", args.lang), label("progress.steps", args.lang))
    )
    client = None
    try:
        engine = None
        if args.workers is not None or args.scheduler is not None:
            client, engine = _cluster(args)
        result = audit(
            policy,
            args.recipients,
            args.payments,
            args.records,
            args.as_of,
            fraud=args.fraud,
            progress=show,
            engine=engine,
        )
    finally:
        if client is not None:
            cluster = client.cluster if args.workers is not None else None
            client.close()
            if cluster is not None:
                cluster.close()
    _write(result, args)
    for line in lines(result.summary, args.lang):
        print(line)
    files = f"{args.output}" + (f", {args.db}" if args.db else "")
    print(label("written", args.lang, files=files))
    return 0


def _write(result: Any, args: argparse.Namespace) -> None:
    """What `Audit.write` writes, the reports and charts in the language asked."""
    from ..audit import report

    report.write_all(result, Path(args.output), args.lang)
    if args.db is not None:
        from ..audit import db as database

        database.write(result, Path(args.db))


def _cluster(args: argparse.Namespace) -> tuple[Any, Any]:
    from ..audit.parallel import dask_engine
    from ..population.files import local_client

    spec = str(args.policy)
    if Path(spec).suffix in (".yaml", ".yml"):
        spec = str(Path(spec).resolve())
    if args.workers is not None:
        client = local_client(args.workers)
        return client, dask_engine(client, spec, args.workers * 4)
    from distributed import Client

    client = Client(args.scheduler)  # type: ignore[no-untyped-call]
    return client, dask_engine(client, spec, 16)


def lines(summary: dict[str, Any], lang: str | None = None) -> list[str]:
    """The totals the command prints: per kind, then money, then the ledger's accounting."""
    from ..audit.report import kind_name

    out = [
        label(
            "audit.line.head",
            lang,
            recipients=summary["recipients"],
            as_of=summary["as_of"],
            layers=" -> ".join(summary["layers"]),
            findings=summary["findings"],
        )
    ]
    for kind, t in summary["by_kind"].items():
        if t["findings"]:
            out.append(
                label(
                    "audit.line.kind",
                    lang,
                    kind=kind_name(kind, lang),
                    findings=t["findings"],
                    months=t["months"],
                    amount=t["amount"],
                )
            )
    out.append(
        label("audit.line.money", lang, recover=summary["to_recover"], pay=summary["to_pay"])
    )
    led = summary["ledger"]
    accounted = label(
        "audit.line.accounted" if led["accounted"] else "audit.line.unaccounted", lang
    )
    matched = led["by_disposition"].get("matched", 0)
    out.append(
        label("audit.line.ledger", lang, rows=led["rows"], matched=matched, accounted=accounted)
    )
    return out
