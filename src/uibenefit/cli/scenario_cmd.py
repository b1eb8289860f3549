"""`uibenefit test PATH ...`: run auditor scenario files; non-zero exit on any failure.

Exit 0 when every case passes, 1 when one fails (a malformed case or file counts as failed;
the others still run), 3 when uibenefit itself crashed on a case (the others still run and
are reported). `-k PATTERN` runs only the cases whose name (or file:name) contains PATTERN.

With `--policy P` (a what-if file that `extends:` a policy) each case also runs with P's top
layer applied on top of the case's own policy, and the report says, case by case, which
outcomes the what-if changes, and how much money it moves (paid monthly plus lump sums). A
what-if that changes nothing changes no case. A bundled P (`--policy national`) replaces each
case's policy instead. The cases' expectations are still checked
against their own policies only, so the exit code says whether the scenarios hold, not whether
the edit changes anything.

`--format json` prints `{"format_version": 1, "summary", "cases": [{"name", "path", "line",
"status", "error", "mismatches", "what_if"}], "what_if", "coverage"}` (see docs/auditors.md).
"""

from __future__ import annotations

import argparse
import dataclasses
import typing
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, UIBenefitError
from ..law._resources import bundled_names
from ..values._messages import label, zh
from . import _output
from ._commands import summary as command_summary

if TYPE_CHECKING:
    from ..policy import Policy
    from ..tools.scenarios import BrokenCase, Case, CaseResult, Runner
    from ..values.results import Decision

EXAMPLES = _output.examples(
    "uibenefit test scenarios/ -k retirement",
    "uibenefit test scenarios/ --policy examples/reforms/continuation_two_years.yaml -q",
)


def register(subs: Any) -> None:
    """Add the subcommand."""
    p = subs.add_parser(
        "test",
        help=command_summary("test"),
        description="Run scenario files: each case's decision is matched against its expect:.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or directories")
    p.add_argument(
        "--policy",
        help="a what-if file: apply its top layer on top of each case's policy, report changes",
    )
    p.add_argument(
        "-k",
        dest="patterns",
        action="append",
        metavar="PATTERN",
        help="run only cases whose name or file:name contains PATTERN (any case; repeatable)",
    )
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
    _output.add_format(p, "every case's outcome, mismatches, what-if changes and coverage")
    _output.add_lang(p)
    p.set_defaults(run=run)


class WhatIf:
    """A what-if file's top layer, applied on top of each scenario's own policy (loaded once)."""

    def __init__(self, spec: str, runner: Runner) -> None:
        from ..law import _layers

        self.spec = spec
        self.policy = runner.policy(spec)
        chain = _layers.read_chain(str(spec))
        self._top = chain[-1]
        self._parent = [doc.path for _, doc in chain[:-1]]
        self._runner = runner
        self._on: dict[str, Policy | UIBenefitError] = {}

    def on_top_of(self, base: str) -> Policy:
        """The base policy with the what-if's top layer folded on top (raises if it cannot).

        A bundled policy, or a file that extends none, is no layer to add: every case then
        runs under it instead of its own policy."""
        if self.spec in bundled_names() or not self._parent:
            return self.policy
        if base not in self._on:
            from ..law import _layers
            from ..policy import Policy

            try:
                own = _layers.read_chain(base)
                if [doc.path for _, doc in own] == self._parent:
                    self._on[base] = self.policy
                else:
                    self._on[base] = Policy(_layers.fold_chain([*own, self._top]))
            except UIBenefitError as exc:
                self._on[base] = exc
        found = self._on[base]
        if isinstance(found, UIBenefitError):
            raise found
        return found


def money(decision: Decision | None) -> Decimal | None:
    """What a decision pays: monthly payments plus lump sums (None if an amount is unknown)."""
    if decision is None or "paid_monthly" not in decision.totals:
        return None
    return decision.totals["paid_monthly"] + decision.totals.get("lump_sum", Decimal(0))


@dataclasses.dataclass
class Impact:
    """What the what-if does to one case."""

    changes: list[str]
    before: Decimal | None = None
    after: Decimal | None = None
    error: str | None = None
    base: str | None = None
    """The case's own policy, when the what-if cannot sit on it (`error` says why)."""

    @property
    def changed(self) -> bool:
        """The decision differs (or the what-if cannot be applied: reported, not counted)."""
        return bool(self.changes)

    @property
    def delta(self) -> Decimal | None:
        """Money the what-if moves for this case (after − before)."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def _impact(runner: Runner, what_if: WhatIf, case: Case, result: CaseResult) -> Impact:
    try:
        policy = what_if.on_top_of(case.policy)
    except UIBenefitError as exc:
        return Impact(
            [],
            error=f"cannot apply {what_if.policy.name} on top of {case.policy}: {exc}",
            base=case.policy,
        )
    from ..tools.scenarios import changes

    other = runner.run(case, policy)
    if other.error is not None:
        return Impact([f"ERROR under {what_if.policy.name}: {other.error}"])
    if result.decision is None:
        return Impact([])
    delta = changes(result.decision, other.decision)
    return Impact(delta, money(result.decision), money(other.decision))


def _selected(case: Case | BrokenCase, patterns: list[str] | None) -> bool:
    if not patterns:
        return True
    names = (case.name.lower(), f"{case.path}:{case.name}".lower())
    return any(p.lower() in n for p in patterns for n in names)


def _broken_result(broken: BrokenCase, runner: Runner, policy: str) -> CaseResult:
    """A malformed case as a failed result: its error, no decision (reports read only its
    name, path and line, which a BrokenCase has)."""
    from ..tools.scenarios import Case, CaseResult

    case = typing.cast(Case, broken)
    return CaseResult(case, runner.policy(policy), None, error=str(broken.error))


_MARKS = {"pass": "通过", "ERROR": "错误", "FAIL": "失败"}


def _in(problem: object, lang: str | None) -> str:
    """A problem (an error or its text) in the language asked."""
    if isinstance(problem, UIBenefitError):
        return problem.text(lang or "en")
    return zh(str(problem)) if lang == "zh" else str(problem)


def run(args: argparse.Namespace) -> int:
    """Load every file (a bad file or case is a failure; the rest runs), run, report, exit."""
    from ..tools.scenarios import Runner, coverage, junit_xml, scenario_paths

    runner = Runner()
    as_json = args.format == "json"
    results: list[CaseResult] = []
    bad_files: list[tuple[str, UIBenefitError]] = []
    loaded = []
    for path in scenario_paths(args.paths):
        try:
            sf = runner.load(path, lenient=True)
        except UIBenefitError as exc:
            bad_files.append((str(path), exc))
            continue
        loaded.append(sf)
    if not loaded and not bad_files:
        print(label("test.none", args.lang, paths=" ".join(args.paths)))
        return 1
    what_if = WhatIf(args.policy, runner) if args.policy else None
    impact: dict[int, Impact] = {}
    for sf in loaded:
        for case in sf.cases:
            if not _selected(case, args.patterns):
                continue
            result = runner.run(case)
            if what_if is not None:
                impact[len(results)] = _impact(runner, what_if, case, result)
            results.append(result)
        for broken in sf.broken:
            if _selected(broken, args.patterns):
                results.append(_broken_result(broken, runner, sf.policy))
    failed = [r for r in results if not r.passed]
    code = 3 if any(r.bug for r in results) else 1 if failed or bad_files else 0
    cov = None
    if args.coverage or args.fail_uncovered:
        own = {id(p): p for p in (runner.policy(sf.policy) for sf in loaded)}
        cov = coverage(results, own.values())
        if args.fail_uncovered and cov.uncovered:
            code = 1
    if args.junit_xml:
        lines = {i: v.changes or ([v.error] if v.error else []) for i, v in impact.items()}
        report = junit_xml(results, lines if what_if is not None else None)
        target = Path(args.junit_xml)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)  # like `docs -o`: reports/x.xml
            report.write(target, encoding="utf-8", xml_declaration=True)
        except OSError as exc:
            raise InputError(
                f"cannot write the JUnit report: {exc.strerror}", path=args.junit_xml
            ) from None
    if as_json:
        _output.print_json(_as_json(args, loaded, bad_files, results, impact, what_if, cov))
        return code
    for bad_path, problem in bad_files:
        print(
            f"{_MARKS['ERROR'] if args.lang == 'zh' else 'ERROR'} | {bad_path}: {_in(problem, args.lang)}"
        )
    for i, r in enumerate(results):
        word = "pass" if r.passed else ("ERROR" if r.error else "FAIL")
        mark = f"{_MARKS[word] if args.lang == 'zh' else word:<5}"
        effect = impact.get(i)
        if what_if is not None:
            mark += " | " + _effect_mark(effect, args.lang)
        if not args.quiet or not r.passed or (effect and effect.changed):
            print(f"{mark} | {r.case.where}  {r.case.name}")
        if effect is not None:
            for line in effect.changes:
                print(f"        {line}")
            if effect.delta:
                print(
                    label(
                        "test.money",
                        args.lang,
                        before=effect.before,
                        after=effect.after,
                        delta=f"{effect.delta:+}",
                    )
                )
    if what_if is not None:
        for line in _not_applied(args.policy, impact, args.lang):
            print(line)
    if failed:
        head = f"{len(failed)} failing case(s):"
        print(f"\n{zh(head) if args.lang == 'zh' else head}\n")
        for r in failed:
            print(r.report() if args.lang != "zh" else report_zh(r))
    files = len(loaded) + len(bad_files)
    summary = f"{len(results) - len(failed)} passed, {len(failed)} failed, in {files} file(s)"
    if bad_files:
        summary += f" ({len(bad_files)} could not be read)"
    summary = zh(summary) if args.lang == "zh" else summary
    if what_if is not None:
        summary += _what_if_summary(args.policy, impact, len(results), args.lang)
    print(summary)
    if cov is not None:
        print(cov.render(verbose=not args.quiet), end="")
    return code


def report_zh(r: CaseResult) -> str:
    """A failing case told in Chinese, as `CaseResult.report` tells it in English: where,
    the policy, the error or each part that differs, then the decision's account in Chinese."""
    from ..tools.scenarios import show

    case = r.case
    lines = [f"{case.where}：{case.name}"]
    lines.append(label("test.policy", "zh", chain=" → ".join(r.policy.layers)))
    if r.error is not None:
        lines.append(label("test.error", "zh", error=zh(r.error)))
    for m in r.mismatches:
        where = f"{case.path}:{case.expect_line(m.yaml_keys)}"
        if m.problem:
            what = f"`{m.path}`：{zh(m.problem)}"
        else:
            what = label(
                "test.mismatch", "zh", path=m.path, expected=show(m.expected), actual=show(m.actual)
            )
        lines.append(f"  {where}: {what}")
    if r.decision is not None:
        lines.append(label("test.explanation", "zh"))
        account = r.decision.explain(lang="zh", detail="full").splitlines()
        lines += [f"    {t}" if t else "" for t in account]
    return "\n".join(lines) + "\n"


def _effect_mark(effect: Impact | None, lang: str | None = None) -> str:
    """CHANGED, same, or n/a (the what-if cannot sit on the case's policy: said once below)."""
    if effect is not None and effect.error:
        return label("test.na", lang)
    return label("test.changed" if effect and effect.changed else "test.same", lang)


def _not_applied(spec: str, impact: dict[int, Impact], lang: str | None = None) -> list[str]:
    """Why the what-if does not apply, once per policy it cannot sit on, with the count."""
    reasons: dict[str, tuple[str, int]] = {}
    for v in impact.values():
        if v.error:
            base = v.base or "?"
            reason, count = reasons.get(base, (v.error, 0))
            reasons[base] = (reason, count + 1)
    return [
        label(
            "test.not_applied",
            lang,
            spec=spec,
            count=count,
            base=base,
            reason=zh(reason) if lang == "zh" else reason,
        )
        for base, (reason, count) in reasons.items()
    ]


def _money_moved(impact: dict[int, Impact]) -> dict[str, Any]:
    deltas = [v.delta for v in impact.values() if v.delta is not None and v.changed]
    more = sum((d for d in deltas if d > 0), Decimal(0))
    less = sum((d for d in deltas if d < 0), Decimal(0))
    unknown = sum(1 for v in impact.values() if v.changed and v.delta is None)
    return {"more": more, "less": less, "net": more + less, "cases_unknown": unknown}


def _what_if_summary(
    spec: str, impact: dict[int, Impact], total: int, lang: str | None = None
) -> str:
    changed = sum(1 for v in impact.values() if v.changed)
    moved = _money_moved(impact)
    text = label("test.under", lang, spec=spec, changed=changed, total=total)
    if changed:
        text += label(
            "test.moved",
            lang,
            net=f"{moved['net']:+}",
            more=moved["more"],
            less=moved["less"],
        )
        if moved["cases_unknown"]:
            text += label("test.unknown", lang, n=moved["cases_unknown"])
    skipped = sum(1 for v in impact.values() if v.error)
    if skipped:
        text += label("test.skipped", lang, n=skipped)
    return text


def _reasons(impact: dict[int, Impact]) -> list[dict[str, Any]]:
    """Each policy the what-if cannot sit on, the reason once and how many cases it spares."""
    out: dict[str, dict[str, Any]] = {}
    for v in impact.values():
        if v.error:
            entry = out.setdefault(v.base or "?", {"policy": v.base, "reason": v.error, "cases": 0})
            entry["cases"] += 1
    return list(out.values())


def _as_json(
    args: argparse.Namespace,
    loaded: list[Any],
    bad_files: list[tuple[str, UIBenefitError]],
    results: list[CaseResult],
    impact: dict[int, Impact],
    what_if: WhatIf | None,
    cov: Any,
) -> dict[str, Any]:
    cases = []
    for i, r in enumerate(results):
        status = "pass" if r.passed else ("error" if r.error else "fail")
        entry: dict[str, Any] = {
            "name": r.case.name,
            "path": r.case.path,
            "line": r.case.line,
            "status": status,
            "error": r.error,
            "mismatches": [
                {
                    "path": m.path,
                    "expected": m.expected,
                    "actual": m.actual,
                    "problem": m.problem or None,
                    "line": r.case.expect_line(m.yaml_keys) if r.case.doc is not None else None,
                }
                for m in r.mismatches
            ],
        }
        effect = impact.get(i)
        if effect is not None:
            entry["what_if"] = {
                "changed": effect.changed,
                "changes": effect.changes,
                "before": effect.before,
                "after": effect.after,
                "error": effect.error,
            }
        cases.append(entry)
    failed = sum(1 for r in results if not r.passed)
    out: dict[str, Any] = {
        "summary": {
            "cases": len(results),
            "passed": len(results) - failed,
            "failed": failed,
            "files": len(loaded) + len(bad_files),
        },
        "files": [{"path": p, "error": _output.error_dict(e)} for p, e in bad_files],
        "cases": cases,
        "what_if": None,
        "coverage": None,
    }
    if what_if is not None:
        out["what_if"] = {
            "policy": args.policy,
            "changed": sum(1 for v in impact.values() if v.changed),
            "of": len(results),
            "money_moved": _money_moved(impact),
            "not_applicable": sum(1 for v in impact.values() if v.error),
            "not_applicable_reasons": _reasons(impact),
        }
    if cov is not None:
        out["coverage"] = {
            "computable": cov.computable,
            "uncovered": cov.uncovered,
            "exercised_by": {c: [x.name for x in v] for c, v in cov.exercised_by.items()},
        }
    return _output.envelope(**out)
