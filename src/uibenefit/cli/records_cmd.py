"""`uibenefit records claimants --records DIR --as-of DATE -o claimants.parquet`: the claimants
table the population engine takes, built from the agency's records, with the findings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..values._messages import label
from . import _args, _output
from ._commands import summary as command_summary


def register(subs: Any) -> None:
    """Add the subcommand and its own subcommands."""
    p = subs.add_parser(
        "records",
        help=command_summary("records"),
        epilog=_output.examples(
            "uibenefit records claimants --records records/ --as-of 2020-12-31 "
            "-o claimants.parquet",
            "uibenefit records claimants --records records/ -o claimants.csv --format json",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    inner = p.add_subparsers(dest="records_command", required=True, metavar="COMMAND")
    c = inner.add_parser(
        "claimants",
        help="build the claimants table (Parquet or CSV) from the records",
        epilog=_output.examples(
            "uibenefit records claimants --records records/ --as-of 2020-12-31 "
            "-o claimants.parquet",
            "uibenefit records claimants --records records/ -o claimants.csv --format json",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    c.add_argument("--records", required=True, help="the records directory")
    c.add_argument("--as-of", type=_args.date, help="claims made on or before this date")
    c.add_argument("--policy", default="xingan", help="bundled name or path (default: xingan)")
    c.add_argument("-o", "--output", required=True, help="claimants.parquet or .csv")
    _output.add_format(c, "the counts and the findings")
    _output.add_lang(c)
    c.set_defaults(run=run_claimants)


def run_claimants(args: argparse.Namespace) -> int:
    """Write the claimants table and, beside it, the findings and the persons left out."""
    from .batch import _need_batch

    _need_batch()
    from ..policy import load_policy
    from ..records import claimants_with_findings
    from ..records.continuation import write_table

    policy = load_policy(args.policy)
    got = claimants_with_findings(policy, args.records, args.as_of)
    out = Path(args.output)
    write_table(got.table, out)
    stem = out.with_suffix("")
    findings = stem.parent / f"{stem.name}.findings.csv"
    excluded = stem.parent / f"{stem.name}.excluded.csv"
    write_table(_findings_table(got.findings), findings)
    write_table(got.excluded, excluded)
    counts = {
        "claimants": got.table.num_rows,
        "excluded": got.excluded.num_rows,
        "findings": len(got.findings),
        "written": [str(out), str(findings), str(excluded)],
    }
    if args.format == "json":
        _output.print_json(_output.envelope(**counts))
    else:
        lang = args.lang
        shown = {k: counts[k] for k in ("claimants", "excluded", "findings")}
        print(label("records.counts", lang, **shown), file=sys.stderr)
        print(label("written", lang, files=", ".join(counts["written"])))
    return 0


def _findings_table(findings: list[Any]) -> Any:
    import pyarrow as pa

    names = ("file", "table", "row", "field", "kind", "message", "id", "clause")
    rows = [f.to_dict() for f in findings]
    types = {"row": pa.int64()}
    return pa.table({n: pa.array([r[n] for r in rows], types.get(n, pa.string())) for n in names})
