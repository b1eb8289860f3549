"""`uibenefit docs [POLICY] -o DIR`: Markdown reference pages generated from a policy."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..values._messages import label
from . import _output
from ._commands import summary as command_summary

EXAMPLES = _output.examples(
    "uibenefit docs xingan -o docs/policies/            # what make docs runs",
    "uibenefit docs xingan -o docs/policies/ --check    # exit 1 if a page is stale",
)


def register(subs: Any) -> None:
    """Add the subcommand."""
    p = subs.add_parser(
        "docs",
        help=command_summary("docs"),
        description="Markdown pages: every clause with its text, every parameter with its "
        "dated values, every reading, one page per layer and an index.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "policy", nargs="?", default="xingan", help="bundled name or path (default: xingan)"
    )
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="folder for the pages")
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the pages in DIR are missing or out of date",
    )
    _output.add_lang(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the pages, or with --check report the stale ones; a folder we cannot use is exit 1."""
    try:
        return _run(args)
    except OSError as exc:
        where = exc.filename if exc.filename is not None else args.output
        raise InputError(f"cannot write the pages: {exc.strerror}", path=str(where)) from None


def _run(args: argparse.Namespace) -> int:
    from ..tools import docs_gen

    if Path(args.output).exists() and not Path(args.output).is_dir():
        raise InputError("is a file; -o names the folder for the pages", path=args.output)
    if args.check:
        stale = docs_gen.stale(args.policy, args.output)
        for name in stale:
            page = Path(args.output) / name
            state = label("docs.out_of_date" if page.is_file() else "docs.missing", args.lang)
            print(label("docs.stale", args.lang, page=page.as_posix(), state=state))
        if not stale:
            print(label("docs.up_to_date", args.lang, folder=args.output))
        return 1 if stale else 0
    for path in docs_gen.write(args.policy, args.output):
        print(label("wrote", args.lang, path=path.as_posix()))
    return 0
