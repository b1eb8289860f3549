"""Who is entitled: every eligibility rule of the policy in file order, then the notes that apply.

Conditions read the facts and the parameters in force on the application date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._compiled import Compiled
from .facts import Facts
from .results import Eligibility, Finding


def is_eligible(rules: Compiled, f: Facts) -> bool:
    """`eligibility(...).eligible` without building the findings."""
    param = rules.at(f["application_date"]).values.get
    return all(
        rule.requires.holds(f, param)
        for rule in rules.rules
        if rule.when is None or rule.when.holds(f, param)
    )


def _shown(f: Facts) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in f.items()}


def eligibility(rules: Compiled, f: Facts) -> Eligibility:
    """Every rule that applies, passed or failed, and every note whose condition holds."""
    param = rules.at(f["application_date"]).values.get
    shown: dict[str, Any] | None = None
    findings: list[Finding] = []
    eligible = True
    for rule in rules.rules:
        if rule.when is not None and not rule.when.holds(f, param):
            continue
        ok, leaves = rule.requires.trace(f, param)
        eligible = eligible and ok
        text = rule.passed if ok else rule.failed
        if shown is None and ("{" in text.zh or "{" in text.en):
            shown = _shown(f)
        findings.append(
            Finding(
                id=rule.id,
                passed=ok,
                text=text.zh.format_map(shown) if shown else text.zh,
                text_en=text.en.format_map(shown) if shown else text.en,
                citation=rule.citation,
                checked=tuple(str(leaf) for leaf in leaves),
            )
        )
    for note in rules.notes:
        ok, leaves = note.when.trace(f, param) if note.when is not None else (True, [])
        if not ok:
            continue
        if shown is None and ("{" in note.text.zh or "{" in note.text.en):
            shown = _shown(f)
        findings.append(
            Finding(
                id=note.id,
                passed=None,
                text=note.text.zh.format_map(shown) if shown else note.text.zh,
                text_en=note.text.en.format_map(shown) if shown else note.text.en,
                citation=note.citation,
                checked=tuple(str(leaf) for leaf in leaves),
            )
        )
    return Eligibility(eligible=eligible, findings=tuple(findings))
