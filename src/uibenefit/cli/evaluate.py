"""`uibenefit evaluate PERSON.yaml`: the decision for one person, as text or JSON.

`-` reads the person from standard input; YAML and JSON are both accepted.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from ..errors import UIBenefitError
from . import _args, _output
from ._commands import summary as command_summary

if TYPE_CHECKING:
    from ..values.results import Lang

EXAMPLES = _output.examples(
    "uibenefit evaluate examples/person.yaml --policy xingan --as-of 2020-12-31 --lang en",
    "uibenefit evaluate - --format json < examples/person.yaml",
)


def register(subs: Any) -> None:
    """Add the subcommand."""
    p = subs.add_parser(
        "evaluate",
        help=command_summary("evaluate"),
        description="The decision for one person: entitled or not, months, amounts, pay-by "
        "dates, stop and paperwork, each with its clause.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "person",
        help="PERSON.yaml or .json: Claimant fields and optional events: (each with kind: and "
        "on: or date:); - reads standard input",
    )
    p.add_argument("--policy", default="xingan", help="bundled name or path (default: xingan)")
    p.add_argument(
        "--as-of", type=_args.date, help="date of the audit, YYYY-MM-DD (for overpayments)"
    )
    p.add_argument(
        "--format",
        choices=["text", "json", "html"],
        default="text",
        help="text for people (default), json: Decision.to_dict(), with a format_version, or "
        "html: the printed decision (one or two A4 pages)",
    )
    p.add_argument(
        "--lang",
        choices=["zh", "en"],
        default=None,
        help="language of the decision (default: zh) and of errors (default: en)",
    )
    p.add_argument(
        "--detail",
        choices=["summary", "full"],
        default="summary",
        help="summary: a page to hand over (default); full: every month with its clauses",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the decision; an error found while evaluating names the person file's line."""
    from ..policy import load_policy
    from ..values.person_file import load_person, locate, read_person

    policy = load_policy(args.policy)
    names = policy.input_names()
    pf = (
        read_person(_args.read_stdin(), names=names)
        if args.person == "-"
        else load_person(args.person, names)
    )
    try:
        decision = policy.evaluate(pf.person, pf.events, as_of=args.as_of)
    except UIBenefitError as exc:
        if pf.doc is None:  # pragma: no cover - load_person always keeps the file
            raise
        raise locate(exc, pf.doc) from None
    lang: Lang = "en" if args.lang == "en" else "zh"
    if args.format == "json":
        print(json.dumps(decision.to_dict(), ensure_ascii=False, indent=2))
    elif args.format == "html":
        from ..explain._html import document

        print(document(decision, lang), end="")
    else:
        print(decision.explain(lang=lang, detail=args.detail), end="")
    return 0
