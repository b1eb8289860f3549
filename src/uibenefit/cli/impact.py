"""`uibenefit impact --reform FILE --population FILE -o DIR`: a rule change over a population.

Prints the headline figures (cost, beneficiaries, who gains or loses) and writes the report
folder: summary.json, per_person.parquet, report.md, report.html and the charts. Needs the
`batch` extra, and `report` (matplotlib) for the charts.
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
        "impact",
        help=command_summary("impact"),
        epilog=_output.examples(
            "uibenefit impact --reform examples/reforms/continuation_two_years.yaml "
            "--population examples/population/league.parquet -o build/impact",
            "uibenefit impact --population examples/population/league.parquet -o build/sweep "
            "--sweep beyond_regular_months.rate=0.80:0.95:0.05",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--reform",
        action="append",
        default=[],
        metavar="FILE",
        help="a what-if policy file (or bundled name); repeat for several side by side",
    )
    p.add_argument("--baseline", default="xingan", help="bundled name or path (default: xingan)")
    p.add_argument("--population", required=True, help="claimants: .parquet, .csv or a folder")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="the report folder")
    p.add_argument(
        "--sweep",
        action="append",
        default=[],
        metavar="PARAMETER=START:STOP:STEP",
        help="evaluate a parameter of the baseline over a range (a dotted key for a part of "
        "a value, e.g. beyond_regular_months.rate=0.80:0.95:0.05)",
    )
    p.add_argument("--events", help="events (id, kind, on): .parquet or .csv")
    p.add_argument("--as-of", type=_args.date, help="date of the audit, YYYY-MM-DD")
    p.add_argument(
        "--lang",
        choices=["zh", "en"],
        default="en",
        help="language of the report, its charts, the sample explanations and messages "
        "(default: en)",
    )
    p.add_argument("--top", type=int, default=10, help="how many largest changes to list")
    _output.add_format(p, "summary.json's contents")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, help="evaluate on a local Dask cluster of N workers")
    where.add_argument("--scheduler", help="evaluate on a running Dask cluster (ADDRESS)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Compare, write the folder, print the headline."""
    try:
        import numpy  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError("impact needs pyarrow and numpy: pip install 'uibenefit[batch]'") from None
    from ..impact import impact

    client = _client(args)
    try:
        result = impact(
            args.baseline,
            args.reform,
            args.population,
            events=args.events,
            as_of=args.as_of,
            lang=args.lang,
            top=args.top,
            sweeps=args.sweep,
            client=client,
        )
    finally:
        if client is not None:
            cluster = client.cluster if args.workers is not None else None
            client.close()
            if cluster is not None:
                cluster.close()
    from ..impact import report

    written = report.write(result, Path(args.output), args.lang)
    if args.format == "json":
        _output.print_json(result.summary)
        return 0
    for line in headline(result.summary, args.lang):
        print(line)
    names = ", ".join(p.name for p in written)
    print(label("written_in", args.lang, files=names, folder=args.output))
    return 0


def _client(args: argparse.Namespace) -> Any:
    """A Dask client when --workers or --scheduler asks for one."""
    if args.workers is None and args.scheduler is None:
        return None
    if args.workers is not None and args.workers < 1:
        raise InputError(f"--workers is at least 1, got {args.workers}", field="workers")
    from ..population import files

    if args.workers is not None:
        return files.local_client(args.workers)
    try:
        from distributed import Client
    except ImportError:
        raise InputError("--scheduler needs Dask: pip install 'uibenefit[dask]'") from None
    return Client(args.scheduler)  # type: ignore[no-untyped-call]


def headline(summary: dict[str, Any], lang: str | None = None) -> list[str]:
    """The figures the command prints, each labelled, in `lang`."""
    base = summary["baseline"]
    pop = summary["population"]
    first = label("impact.line.population", lang, rows=pop["rows"])
    if pop["weighted"]:
        first += label("impact.line.weighted", lang, people=base["people"])
    if pop.get("synthetic"):
        first += label("impact.line.synthetic", lang)
    lines = [
        first,
        label(
            "impact.line.baseline",
            lang,
            layers=" -> ".join(base["layers"]),
            cost=base["cost"],
            beneficiaries=base["beneficiaries"],
            months=base["benefit_months"],
        ),
    ]
    for name, r in summary["reforms"].items():
        lines.append(
            label(
                "impact.line.reform",
                lang,
                name=name,
                cost=r["cost"],
                cost_change=_signed(r["cost_change"]),
                beneficiaries=r["beneficiaries"],
                beneficiaries_change=_signed(r["beneficiaries_change"]),
                months=r["benefit_months"],
                months_change=_signed(r["benefit_months_change"]),
                better=r["better_off"],
                worse=r["worse_off"],
                same=r["unchanged"],
            )
        )
    for sweep in summary.get("sweeps", []):
        lines.append(label("impact.line.sweep", lang, parameter=sweep["parameter"]))
        for point in sweep["points"]:
            lines.append(
                label(
                    "impact.line.point",
                    lang,
                    value=point["value"],
                    cost=point["cost"],
                    cost_change=_signed(point["cost_change"]),
                    beneficiaries=point["beneficiaries"],
                )
            )
    return lines


def _signed(value: Any) -> str:
    text = str(value)
    return text if text.startswith("-") else f"+{text}"
