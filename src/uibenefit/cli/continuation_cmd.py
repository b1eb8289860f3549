"""`uibenefit continuation --records DIR --as-of DATE -o DIR`: who is owed continuation (N1)
without an application: months, amounts, medical insurance, back-pay (X3), exclusions (G5)."""

from __future__ import annotations

import argparse
from typing import Any

from ..values._messages import label
from . import _args, _output
from ._commands import summary as command_summary


def register(subs: Any) -> None:
    """Add the subcommand."""
    p = subs.add_parser(
        "continuation",
        help=command_summary("continuation"),
        epilog=_output.examples(
            "uibenefit continuation --records records/ --as-of 2020-12-31 -o continuation/",
            "uibenefit continuation --records records/ --as-of 2020-12-31 -o out/ --format json",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--records", required=True, help="the records directory")
    p.add_argument("--as-of", type=_args.date, required=True, help="the screening date")
    p.add_argument("--policy", default="xingan", help="bundled name or path (default: xingan)")
    p.add_argument("-o", "--output", required=True, help="folder for the list and summary")
    _output.add_format(p, "the summary and every row")
    _output.add_lang(p, what="the summary (printed and summary.md), messages and errors")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the list; print the summary (Markdown) or everything as JSON."""
    from .batch import _need_batch

    _need_batch()
    from ..policy import load_policy
    from ..records.continuation import continuation, markdown

    policy = load_policy(args.policy)
    result = continuation(policy, args.records, args.as_of)
    paths = result.write(args.output, args.lang)
    if args.format == "json":
        _output.print_json({**result.to_dict(), "written": [str(p) for p in paths]})
    else:
        print(markdown(result, args.lang), end="")
        print(label("written", args.lang, files=", ".join(str(p) for p in paths)))
    return 0
