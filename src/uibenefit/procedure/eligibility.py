"""Who is entitled: every eligibility rule of the policy in file order, then the notes that apply.

Conditions read the facts and the parameters in force on the application date, and each
finding is made afresh for each claim. Where an exception to a rule applies
(`exception:` in the policy), it decides in the rule's place (`Compiled.deciding_rules`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..law._compiled import Compiled, CompiledNote, CompiledRule, Judged, Period
from ..law._model import Texts
from ..values import _template
from ..values.results import Citation, Eligibility, Finding, later_eligibility
from .facts import Facts


def _shown(f: Facts, names: tuple[str, ...]) -> dict[str, Any]:
    """The facts a text names, dates written out."""
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k in names for v in (f[k],)}


def _say(
    texts: Texts, said: tuple[str, str] | None, f: Facts, reads: tuple[str, ...]
) -> tuple[str, str]:
    """A finding's text in Chinese and English: as written at load, or with the facts it names."""
    if said is not None:
        return said
    key = (id(texts), *(f[k] for k in reads))
    found = _SAID.get(key)
    if found is not None and found[0] is texts:
        return found[1]
    shown = _shown(f, reads)
    made = _template.render(texts.zh, shown), _template.render(texts.en, shown)
    if len(_SAID) >= MAX_SAID:  # bounded: a long-lived process meets many claims
        _SAID.clear()
    _SAID[key] = (texts, made)  # holds the texts: their id stays their own
    return made


_SAID: dict[tuple[Any, ...], tuple[Texts, tuple[str, str]]] = {}
"""A finding's texts by the values of the facts they name: same values, same words."""
MAX_SAID = 4096


def _rule(rule: CompiledRule, ok: bool, f: Facts, period: Period) -> Finding:
    """The finding of a rule `Compiled.judged` chose (its `when` holds); `ok`, whether its
    `requires` holds, is the compiled group's answer (one answer: the lines only show it)."""
    param = period.values.get
    if rule.requires is None:  # an exception that passes where it applies
        assert rule.when is not None
        checked = rule.when.checked(f, param)[1]
    else:
        checked = rule.requires.checked(f, param)[1]
    if ok or rule.failed is None:
        zh, en = _say(rule.passed, rule.said_passed, f, rule.reads)
    else:
        zh, en = _say(rule.failed, rule.said_failed, f, rule.reads)
    return _finding(rule.id, ok, zh, en, rule.citation, checked)


def _note(note: CompiledNote, f: Facts, period: Period) -> Finding:
    """The finding of a note whose condition holds (`Compiled.judged` chose it)."""
    checked = () if note.when is None else note.when.checked(f, period.values.get)[1]
    zh, en = _say(note.text, note.said, f, note.reads)
    return _finding(note.id, None, zh, en, note.citation, checked)


def _finding(
    id_: str, passed: bool | None, zh: str, en: str, citation: Citation, checked: tuple[str, ...]
) -> Finding:
    """The Finding of these values: one record for equal values (a record never changes, so
    claims whose finding reads alike share it, and a writer that remembers it writes it once)."""
    key = (id(citation), id_, passed, zh, en, checked)
    found = _FOUND.get(key)
    if found is not None and found.citation is citation:
        return found
    if len(_FOUND) >= MAX_SAID:
        _FOUND.clear()
    made = _FOUND[key] = Finding(id_, passed, zh, en, citation, checked)
    return made


_FOUND: dict[tuple[Any, ...], Finding] = {}
"""Findings by their values (`_finding`)."""


def is_eligible(rules: Compiled, f: Facts) -> bool:
    """`eligibility(...).eligible`, from the same conditions (no texts: nothing is shown)."""
    return all(rules.judged(f, rules.at(f["application_date"]).values.get).requires)


def eligibility(rules: Compiled, f: Facts) -> Eligibility:
    """Every rule that applies, passed or failed, and every note whose condition holds.

    Entitled or not is decided now (`Compiled.judged`); the findings, with their texts and
    lines, are made from the same rules when first read (`later_eligibility`)."""
    period = rules.at(f["application_date"])
    judged = rules.judged(f, period.values.get)
    return later_eligibility(all(judged.requires), lambda: findings(judged, f, period))


def findings(judged: Judged, f: Facts, period: Period) -> tuple[Finding, ...]:
    """The finding of each rule that decides, then of each note whose condition holds."""
    return (
        *(
            _rule(rule, ok, f, period)
            for rule, ok in zip(judged.rules, judged.requires, strict=True)
        ),
        *(_note(note, f, period) for note in judged.notes),
    )
