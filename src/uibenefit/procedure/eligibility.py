"""Who is entitled: every eligibility rule of the policy in file order, then the notes that apply.

Conditions read the facts and the parameters in force on the application date, and each
finding is made afresh for each claim. Where an exception to a rule applies
(`exception:` in the policy), it decides in the rule's place (`Compiled.deciding_rules`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..law._compiled import Compiled, CompiledNote, CompiledRule, Period
from ..values import _template
from ..values.results import Eligibility, Finding
from .facts import Facts


def _shown(f: Facts, names: tuple[str, ...]) -> dict[str, Any]:
    """The facts a text names, dates written out."""
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k in names for v in (f[k],)}


def _rule(rule: CompiledRule, f: Facts, period: Period) -> Finding | None:
    """The rule's finding, or None where its `when` does not hold."""
    param = period.values.get
    if rule.when is not None and not rule.when.holds(f, param):
        return None
    if rule.requires is None:  # an exception that passes where it applies
        assert rule.when is not None
        ok, leaves = True, rule.when.trace(f, param)[1]
    else:
        ok, leaves = rule.requires.trace(f, param)
    text = rule.passed if ok or rule.failed is None else rule.failed
    shown = _shown(f, rule.reads)
    return Finding(
        id=rule.id,
        passed=ok,
        text=_template.render(text.zh, shown),
        text_en=_template.render(text.en, shown),
        citation=rule.citation,
        checked=tuple(str(leaf) for leaf in leaves),
    )


def _note(note: CompiledNote, f: Facts, period: Period) -> Finding | None:
    """The note's finding, or None where its condition does not hold."""
    ok, leaves = note.when.trace(f, period.values.get) if note.when is not None else (True, [])
    if not ok:
        return None
    shown = _shown(f, note.reads)
    return Finding(
        id=note.id,
        passed=None,
        text=_template.render(note.text.zh, shown),
        text_en=_template.render(note.text.en, shown),
        citation=note.citation,
        checked=tuple(str(leaf) for leaf in leaves),
    )


def is_eligible(rules: Compiled, f: Facts) -> bool:
    """`eligibility(...).eligible`, from the same findings."""
    period = rules.at(f["application_date"])
    for rule in rules.deciding_rules(f, period.values.get):
        found = _rule(rule, f, period)
        if found is not None and not found.passed:
            return False
    return True


def eligibility(rules: Compiled, f: Facts) -> Eligibility:
    """Every rule that applies, passed or failed, and every note whose condition holds."""
    period = rules.at(f["application_date"])
    findings: list[Finding] = []
    eligible = True
    for rule in rules.deciding_rules(f, period.values.get):
        found = _rule(rule, f, period)
        if found is not None:
            eligible = eligible and bool(found.passed)
            findings.append(found)
    for note in rules.notes:
        found = _note(note, f, period)
        if found is not None:
            findings.append(found)
    return Eligibility(eligible=eligible, findings=tuple(findings))
