"""`uibenefit test PATH ...`: run auditor scenario files; non-zero exit on any failure.

Exit 0 when every case passes, 1 when one fails (or a file is bad), 3 when uibenefit itself
crashed on a case (the other cases still run and are reported).

With `--policy P` every case also runs under P (a what-if), and the report says, case by case,
which outcomes change: the impact of a rule edit. The cases' expectations are still checked
against their own policies only, so the exit code says whether the scenarios hold, not whether
the edit changes anything.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import InputError


def register(subs: Any) -> None:
    """Add the subcommand."""
    p = subs.add_parser("test", help="run auditor scenario files (YAML cases with expectations)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or directories")
    p.add_argument("--policy", help="also run every case under this policy and report changes")
    p.add_argument("--junit-xml", metavar="FILE", help="write a JUnit XML report to FILE")
    p.add_argument("--coverage", action="store_true", help="list the clauses each case exercises")
    p.add_argument(
        "--fail-uncovered",
        action="store_true",
        help="exit 1 if a computable clause is exercised by no case (implies --coverage)",
    )
    p.add_argument(
        "-q", "--quiet", action="store_true", help="print only failures, changes and totals"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Load every file first (a bad file stops the run), then run, report and exit."""
    from ..scenarios import CaseResult, Runner, changes, coverage, junit_xml, scenario_paths

    runner = Runner()
    files = [runner.load(path) for path in scenario_paths(args.paths)]
    if not files:
        print(f"no scenario files (YAML with a top-level cases:) in {' '.join(args.paths)}")
        return 1
    what_if = runner.policy(args.policy) if args.policy else None
    results: list[CaseResult] = []
    impact: dict[int, list[str]] = {}
    for sf in files:
        for case in sf.cases:
            result = runner.run(case)
            if what_if is not None:
                other = runner.run(case, what_if)
                if other.error is not None:
                    impact[len(results)] = [f"ERROR under {what_if.name}: {other.error}"]
                else:
                    impact[len(results)] = changes(result.decision, other.decision)
            results.append(result)

    failed = [r for r in results if not r.passed]
    for i, r in enumerate(results):
        mark = f"{'pass' if r.passed else ('ERROR' if r.error else 'FAIL'):<5}"
        delta = impact.get(i)
        if what_if is not None:
            mark += " | " + ("CHANGED" if delta else "same   ")
        if not args.quiet or not r.passed or delta:
            print(f"{mark} | {r.case.where}  {r.case.name}")
        for line in delta or []:
            print(f"        {line}")
    if failed:
        print(f"\n{len(failed)} failing case(s):\n")
        for r in failed:
            print(r.report())
    if args.junit_xml:
        report = junit_xml(results, impact if what_if is not None else None)
        target = Path(args.junit_xml)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)  # like `docs -o`: reports/x.xml
            report.write(target, encoding="utf-8", xml_declaration=True)
        except OSError as exc:
            raise InputError(
                f"cannot write the JUnit report: {exc.strerror}", path=args.junit_xml
            ) from None
    summary = f"{len(results) - len(failed)} passed, {len(failed)} failed, in {len(files)} file(s)"
    if what_if is not None:
        changed = sum(1 for v in impact.values() if v)
        summary += f"; under {args.policy}: {changed} of {len(results)} case(s) change"
    print(summary)
    code = 3 if any(r.bug for r in results) else 1 if failed else 0
    if args.coverage or args.fail_uncovered:
        own = {id(p): p for p in (runner.policy(sf.policy) for sf in files)}
        cov = coverage(results, own.values())
        print(cov.render(verbose=not args.quiet), end="")
        if args.fail_uncovered and cov.uncovered:
            code = 1
    return code
