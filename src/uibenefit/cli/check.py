"""`uibenefit check [POLICY ...] [--strict]`: validate policies and cross-check their layers.

For each policy: one line saying it loaded with its counts, one line per contradiction
(G1 forbidden-required, G3 two-deadlines, G4 restated-differently: warnings, or errors with
--strict), then one line per documented reading (G1–G11) with the reading chosen. For a
policy of your own (not a bundled one), a last line per change its top layer makes (add,
override, restate, repeal), so a what-if file shows what it does.
Exit 1 if a policy does not load or, with --strict, has a contradiction.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from .._resources import bundled_names
from ..errors import UIBenefitError, shorten

if TYPE_CHECKING:
    from ..policy import Policy


def register(subs: Any) -> None:
    """Add the subcommand."""
    p = subs.add_parser("check", help="validate policies and report conflicts between layers")
    p.add_argument("policies", nargs="*", help="bundled names or paths (default: all bundled)")
    p.add_argument("--strict", action="store_true", help="conflicts are errors, not warnings")
    p.set_defaults(run=run)


def changes(policy: Policy) -> list[str]:
    """What the top layer does to its parents: `change: override parameters 'x' at f:12
    (replaces national f:40)`, one line per added, overridden, restated or repealed item."""
    top = policy.name
    resolved = policy.resolved
    out: list[str] = []
    for section, entries in resolved.sections.items():
        for item_id, entry in entries.items():
            mine = [e for e in (entry, *entry.restatements) if e.where.layer == top]
            for e in mine:
                was = e.where.overrode
                verb = "replaces" if e.where.change == "override" else "restates"
                old = f" ({verb} {was.layer} {was.path}:{was.line})" if was is not None else ""
                out.append(
                    f"change: {e.where.change} {section} '{item_id}' at "
                    f"{e.where.path}:{e.where.line}{old}"
                )
        for item_id, gone in resolved.repealed[section].items():
            if gone.layer == top:
                out.append(f"change: repeal {section} '{item_id}' at {gone.path}:{gone.line}")
    return out


def run(args: argparse.Namespace) -> int:
    """Load each policy; print its problems; non-zero exit on errors."""
    from ..consistency import check_policy, readings
    from ..policy import load_policy

    failed = False
    for spec in args.policies or list(bundled_names()):
        try:
            policy = load_policy(spec)
        except UIBenefitError as exc:
            print(f"{shorten(spec, 80)}: error: {exc}")
            failed = True
            continue
        problems = check_policy(policy, strict=args.strict)
        choices = readings(policy)
        errors = sum(1 for p in problems if p.severity == "error")
        print(
            f"{spec}: {' -> '.join(policy.layers)}: loaded; "
            f"{errors} error(s), {len(problems) - errors} warning(s), {len(choices)} reading(s)"
        )
        for problem in problems:
            print(f"  {problem}")
        for choice in choices:
            print(f"  {choice}")
        if policy.name not in bundled_names():
            for line in changes(policy):
                print(f"  {line}")
        failed = failed or errors > 0
    return 1 if failed else 0
