"""`uibenefit evaluate PERSON.yaml`: the decision for one person, as text or JSON."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..errors import UIBenefitError
from . import _args


def register(subs: Any) -> None:
    """Add the subcommand."""
    p = subs.add_parser("evaluate", help="evaluate a person file under a policy")
    p.add_argument("person", help="PERSON.yaml: Claimant fields and optional events:")
    p.add_argument("--policy", default="xingan", help="bundled name or path (default: xingan)")
    p.add_argument(
        "--as-of", type=_args.date, help="date of the audit, YYYY-MM-DD (for overpayments)"
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the decision; an error found while evaluating names the person file's line."""
    from ..person_file import load_person, locate
    from ..policy import load_policy

    policy = load_policy(args.policy)
    pf = load_person(args.person)
    try:
        decision = policy.evaluate(pf.person, pf.events, as_of=args.as_of)
    except UIBenefitError as exc:
        if pf.doc is None:  # pragma: no cover - load_person always keeps the file
            raise
        raise locate(exc, pf.doc) from None
    if args.format == "json":
        print(json.dumps(decision.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(decision.explain(lang=args.lang), end="")
    return 0
