"""`uibenefit check [POLICY ...] [--strict]`: validate policies and cross-check their layers.

For each policy: one line saying it loaded with its counts, one line per contradiction
(G1 forbidden-required, G3 two-deadlines, G4 restated-differently: warnings, or errors with
--strict), then one line per documented reading (G1–G11) with the reading chosen. For a
policy of your own (not a bundled one), a last line per change its top layer makes (add,
override, restate, repeal), so a what-if file shows what it does.
Exit 1 if a policy does not load or, with --strict, has a contradiction.

`--format json` prints `{"format_version": 1, "ok": …, "policies": [{"policy", "loaded",
"layers", "error", "errors", "warnings", "problems", "readings", "changes"}]}`.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from ..errors import UIBenefitError, shorten
from ..law._resources import bundled_names
from ..values._messages import zh
from . import _output
from ._commands import summary as command_summary

if TYPE_CHECKING:
    from ..policy import Policy

EXAMPLES = _output.examples(
    "uibenefit check xingan inner_mongolia",
    "uibenefit check examples/reforms/continuation_two_years.yaml --format json",
)


def register(subs: Any) -> None:
    """Add the subcommand."""
    p = subs.add_parser(
        "check",
        help=command_summary("check"),
        description="Load each policy, cross-check its layers (G1, G3, G4), list its readings "
        "and, for a file of your own, what its top layer changes.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("policies", nargs="*", help="bundled names or paths (default: all bundled)")
    p.add_argument(
        "--strict",
        action="store_true",
        help="conflicts are errors, not warnings (in your own layers only, for a what-if)",
    )
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="language of messages")
    _output.add_format(p, "each policy's problems, readings and changes")
    p.set_defaults(run=run)


def change_records(policy: Policy) -> list[dict[str, Any]]:
    """What the top layer does to its parents, one record per added, overridden, restated or
    repealed item: change, section, id, path, line and, if any, the item it replaces."""
    top = policy.name
    resolved = policy.resolved
    out: list[dict[str, Any]] = []
    for section, entries in resolved.sections.items():
        for item_id, entry in entries.items():
            mine = [e for e in (entry, *entry.restatements) if e.where.layer == top]
            for e in mine:
                was = e.where.overrode
                record: dict[str, Any] = {
                    "change": e.where.change,
                    "section": section,
                    "id": item_id,
                    "path": e.where.path,
                    "line": e.where.line,
                    "replaces": None,
                }
                if was is not None:
                    record["replaces"] = {"layer": was.layer, "path": was.path, "line": was.line}
                out.append(record)
        for item_id, gone in resolved.repealed[section].items():
            if gone.layer == top:
                out.append(
                    {
                        "change": "repeal",
                        "section": section,
                        "id": item_id,
                        "path": gone.path,
                        "line": gone.line,
                        "replaces": None,
                    }
                )
    return out


def changes(policy: Policy) -> list[str]:
    """What the top layer does to its parents: `change: override parameters 'x' at f:12
    (replaces national f:40)`, one line per added, overridden, restated or repealed item."""
    out: list[str] = []
    for r in change_records(policy):
        was = r["replaces"]
        verb = "replaces" if r["change"] == "override" else "restates"
        old = f" ({verb} {was['layer']} {was['path']}:{was['line']})" if was is not None else ""
        out.append(
            f"change: {r['change']} {r['section']} '{r['id']}' at {r['path']}:{r['line']}{old}"
        )
    return out


def run(args: argparse.Namespace) -> int:
    """Load each policy; print its problems; non-zero exit on errors."""
    from ..policy import load_policy
    from ..tools.consistency import check_policy, is_own, own_files, readings
    from ..values.results import to_jsonable

    failed = False
    lang = getattr(args, "lang", "en")
    reports: list[dict[str, Any]] = []
    as_json = args.format == "json"
    for spec in args.policies or list(bundled_names()):
        try:
            policy = load_policy(spec)
        except UIBenefitError as exc:
            reports.append({"policy": spec, "loaded": False, "error": _output.error_dict(exc)})
            if not as_json:
                word = "错误" if lang == "zh" else "error"
                print(f"{shorten(spec, 80)}: {word}: {exc.text(lang)}")
            failed = True
            continue
        problems = check_policy(policy, strict=args.strict)
        choices = readings(policy)
        errors = sum(1 for p in problems if p.severity == "error")
        own = policy.name not in bundled_names()
        files = own_files(policy)
        reports.append(
            {
                "policy": spec,
                "loaded": True,
                "error": None,
                "layers": policy.layers,
                "errors": errors,
                "warnings": len(problems) - errors,
                "problems": [
                    {**to_jsonable(p), "message_zh": p.message_zh, "own": is_own(p, files)}
                    if files
                    else {**to_jsonable(p), "message_zh": p.message_zh}
                    for p in problems
                ],
                "readings": choices,
                "changes": change_records(policy) if own else [],
            }
        )
        failed = failed or errors > 0
        if as_json:
            continue
        chain = " -> ".join(policy.layers)
        warned = len(problems) - errors
        if lang == "zh":
            print(
                f"{spec}：{chain}：已加载；错误 {errors} 个，警告 {warned} 个，解读 {len(choices)} 个"
            )
        else:
            print(
                f"{spec}: {chain}: loaded; "
                f"{errors} error(s), {warned} warning(s), {len(choices)} reading(s)"
            )
        inherited = [p for p in problems if files and not is_own(p, files)]
        for problem in problems:
            if problem not in inherited:
                print(f"  {problem.text(lang)}")
        if inherited:
            base = next(
                x.name for x in reversed(policy.resolved.layers) if x.name in bundled_names()
            )
            line = (
                f"{len(inherited)} inherited warning(s) of the bundled layers "
                f"(run `uibenefit check {base}` to see them)"
            )
            print(f"  {zh(line) if lang == 'zh' else line}")
        for choice in choices:
            print(f"  {choice.text(lang)}")
        if own:
            for line in changes(policy):
                print(f"  {line}")
    if as_json:
        _output.print_json(_output.envelope(ok=not failed, policies=reports))
    return 1 if failed else 0
