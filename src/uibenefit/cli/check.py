"""`uibenefit check [POLICY ...]`: validate policies and cross-check their layers."""

from __future__ import annotations

import argparse
from typing import Any

from .._resources import bundled_names
from ..consistency import check_policy
from ..errors import UIBenefitError
from ..policy import load_policy


def register(subs: Any) -> None:
    """Add the subcommand."""
    p = subs.add_parser("check", help="validate policies and report conflicts between layers")
    p.add_argument("policies", nargs="*", help="bundled names or paths (default: all bundled)")
    p.add_argument("--strict", action="store_true", help="conflicts are errors, not warnings")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Load each policy; print its problems; non-zero exit on errors."""
    failed = False
    for spec in args.policies or list(bundled_names()):
        try:
            policy = load_policy(spec)
        except UIBenefitError as exc:
            print(f"{spec}: error: {exc}")
            failed = True
            continue
        problems = check_policy(policy, strict=args.strict)
        errors = sum(1 for p in problems if p.severity == "error")
        print(
            f"{spec}: {' -> '.join(policy.layers)}: loaded; "
            f"{errors} error(s), {len(problems) - errors} warning(s)"
        )
        for problem in problems:
            print(f"  {problem}")
        failed = failed or errors > 0
    return 1 if failed else 0
