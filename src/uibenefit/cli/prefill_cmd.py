"""`uibenefit prefill --records DIR ID`: the claim pre-filled from the agency's records (N3),
as a form the claimant confirms: Chinese first, then English; or JSON, or an HTML page."""

from __future__ import annotations

import argparse
from typing import Any

from . import _args, _output
from ._commands import summary as command_summary


def register(subs: Any) -> None:
    """Add the subcommand."""
    p = subs.add_parser(
        "prefill",
        help=command_summary("prefill"),
        description="Every fact the records hold, with the table and row it comes from, the "
        "questions only the claimant can answer, and the decision on these facts.",
        epilog=_output.examples(
            "uibenefit prefill --records records/ P0001 --on 2020-04-10",
            "uibenefit prefill --records records/ P0001 --format json",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--records", required=True, help="the records directory (persons, ...)")
    p.add_argument("id", help="the person's id in the records")
    p.add_argument("--on", type=_args.date, help="the date of the claim (default: today)")
    p.add_argument("--policy", default="xingan", help="bundled name or path (default: xingan)")
    p.add_argument(
        "--format",
        choices=["text", "json", "html"],
        default="text",
        help="text (default: zh, then en), json, or a standalone html page",
    )
    p.add_argument("--lang", choices=["zh", "en"], help="only this language")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the form."""
    from .batch import _need_batch

    _need_batch()
    from ..policy import load_policy
    from ..records import prefill

    policy = load_policy(args.policy)
    form = prefill(policy, args.records, args.id, on=args.on)
    if args.format == "json":
        _output.print_json(form.to_dict())
    elif args.format == "html":
        print(form.html(args.lang), end="")
    else:
        print(form.text(args.lang), end="")
    return 0
