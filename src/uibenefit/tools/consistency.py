"""Cross-layer consistency: where layers contradict each other or themselves.

Three kinds of contradiction are found in the resolved policy, without any claimant:

- `forbidden-required` (G1): a claimant document whose `document` code a forbidden request
  names, e.g. XC3's termination proof against N2c;
- `two-deadlines` (G3): one employer `act` with two different `due` rules, e.g. X1b's
  7 working days against XA2's and XE3's 7 days;
- `restated-differently` (G4): a lower layer restating a higher layer's parameter or item
  with a different value, e.g. IM2's retirement ages against the 2025 reform.

Each Problem names both clauses, files and lines, and the reading (G1–G11) that documents it.
Conflicts are warnings by default (the engine applies the documented reading and says so)
and errors with `strict=True`. `readings()` lists every documented ambiguity with the
reading chosen.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import did_you_mean
from ..law._compiled import (
    ENGINE_PARAMETERS,
    PAPER_SECTIONS,
    english_names,
    missing_english,
    named_ids,
    substance,
)
from ..law._layers import DatedEntry, Entry, ParameterTable, typed_values
from ..law._model import Due, Obligation, Reading, Requirement
from ..law._params import RECORDS_PARAMETERS
from ..law._resources import bundled_names
from ..procedure.paperwork import clashing_papers, deadline_conflicts, describe_due
from ..values.claimant import NAME_PARAMETERS

if TYPE_CHECKING:
    from ..policy import Policy


@dataclass(frozen=True)
class Problem:
    """One contradiction found by the check, with the reading that documents it, if any."""

    severity: str
    code: str
    message: str
    locations: tuple[str, ...]
    clauses: tuple[str, ...]
    reading: str | None = None

    @property
    def message_zh(self) -> str:
        """The message in Chinese."""
        from ..values._messages import zh

        return zh(self.message)

    def text(self, lang: str = "en") -> str:
        """The problem as one line, in English or (lang "zh") Chinese."""
        where = "; ".join(self.locations)
        code = f"{self.reading} {self.code}" if self.reading else self.code
        severity = (
            {"error": "错误", "warning": "警告"}[self.severity] if lang == "zh" else self.severity
        )
        message = self.message_zh if lang == "zh" else self.message
        if lang == "zh":
            return f"{severity}：[{code}] {message}（{', '.join(self.clauses)}）位于 {where}"
        return f"{severity}: [{code}] {message} ({', '.join(self.clauses)}) at {where}"

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Choice:
    """A documented ambiguity or conflict (G1–G11) and the reading chosen."""

    id: str
    clauses: tuple[str, ...]
    chosen: str
    parameters: tuple[str, ...]
    conflict: bool
    location: str
    chosen_zh: str | None = None

    def text(self, lang: str = "en") -> str:
        """The reading as one line, in English or (lang "zh") Chinese."""
        if lang != "zh":
            return str(self)
        kind = "（冲突）" if self.conflict else ""
        params = f"（参数：{', '.join(self.parameters)}）" if self.parameters else ""
        chosen = self.chosen_zh or "（本解读暂无中文说明）"
        return f"解读 {self.id}{kind} [{', '.join(self.clauses)}]：{chosen}{params} 位于 {self.location}"

    def __str__(self) -> str:
        kind = " (conflict)" if self.conflict else ""
        params = f" (parameters: {', '.join(self.parameters)})" if self.parameters else ""
        return (
            f"reading {self.id}{kind} [{', '.join(self.clauses)}]: {self.chosen}{params} "
            f"at {self.location}"
        )


def _loc(entry: Entry, at: tuple[str | int, ...] | None = None) -> str:
    mark = entry.doc.mark(at if at is not None else entry.at)
    return f"{Path(entry.doc.path).as_posix()}:{mark.line}"


def _problem(
    policy: Policy, code: str, message: str, entries: list[Entry], clauses: list[str]
) -> Problem:
    """A warning naming each place once and the reading that documents it (or saying none does)."""
    reading = policy.compiled.reading_for(clauses)
    if reading is None:
        message += "; no reading documents this conflict"
    return Problem(
        "warning",
        code,
        message,
        tuple(dict.fromkeys(_loc(e) for e in entries)),
        tuple(dict.fromkeys(clauses)),
        reading,
    )


def _named(english: dict[str, str], name: str, document: str | None) -> str:
    """An item as an English sentence names it: its English name with the Chinese quoted, and
    its document code (the Chinese name alone where the policy gives no English)."""
    found = english.get(name)
    return f"{found} (“{name}”, {document})" if found else f"{name} ({document})"


def forbidden_required(policy: Policy) -> list[Problem]:
    """A claimant document that a forbidden request names by the same `document` code (G1)."""
    rank = {layer: i for i, layer in enumerate(policy.layers)}
    sections = policy.resolved.sections
    problems: list[Problem] = []

    def code(entry: Entry) -> str | None:
        assert isinstance(entry.item, Requirement)
        return entry.item.document

    documents = sections["claimant_documents"].values()
    bans = sections["forbidden_requests"].values()
    english = english_names(policy.resolved)
    for entry, ban in clashing_papers(documents, bans, code):
        doc, forbid = entry.item, ban.item
        assert isinstance(doc, Requirement) and isinstance(forbid, Requirement)
        lower, higher = entry.where.layer, ban.where.layer
        if rank[higher] < rank[lower]:
            outcome = "the claimant's list follows the higher layer"
        elif rank[higher] == rank[lower]:
            outcome = f"both in {lower}: no layer takes precedence"
        else:
            outcome = "a lower layer cannot forbid what a higher one requires"
        problems.append(
            _problem(
                policy,
                "forbidden-required",
                f"{doc.clause} ({lower}) asks for {_named(english, doc.name, doc.document)}, which "
                f"{forbid.clause} ({higher}) forbids anyone to ask for; {outcome}",
                [entry, ban],
                [doc.clause, forbid.clause],
            )
        )
    return problems


def two_deadlines(policy: Policy) -> list[Problem]:
    """One employer act with two different deadline rules, within or between layers (G3)."""

    def act(entry: Entry) -> str:
        assert isinstance(entry.item, Obligation)
        return entry.item.act

    def due(entry: Entry) -> Due | None:
        assert isinstance(entry.item, Obligation)
        return entry.item.due

    obligations = policy.resolved.sections["employer_obligations"].values()
    problems: list[Problem] = []
    for entries in deadline_conflicts(obligations, act, due):
        rules: dict[Due, list[str]] = {}
        for e in entries:
            assert isinstance(e.item, Obligation) and e.item.due is not None
            rules.setdefault(e.item.due, []).append(e.item.clause)
        layers = list(dict.fromkeys(e.where.layer for e in entries))
        scope = f"within {layers[0]}" if len(layers) == 1 else f"between {' and '.join(layers)}"
        told = " vs ".join(f"{describe_due(d)} ({', '.join(cs)})" for d, cs in rules.items())
        problems.append(
            _problem(
                policy,
                "two-deadlines",
                f"'{act(entries[0])}' has {len(rules)} deadlines {scope}: {told}; an employer is "
                "safe only with the earlier date",
                entries,
                [c for cs in rules.values() for c in cs],
            )
        )
    return problems


def _first_difference(
    table: ParameterTable, restated: DatedEntry, until: dt.date | None
) -> dt.date | None:
    """The first day in [restated.start, until) on which the chain's value differs.

    The chain's value can only change on its own start dates, so those are the days to check;
    the restated value stops at the restatement's next dated value (`until`).
    """
    later = (
        v.start
        for v in table.values
        if v.start > restated.start and (until is None or v.start < until)
    )
    days = sorted({restated.start, *later})
    return next((day for day in days if table.at(day) != restated.value), None)


def _parameter_restatements(policy: Policy) -> list[Problem]:
    """A restated parameter value that differs, from the first day it does (G4)."""
    problems: list[Problem] = []
    for pid, table in policy.resolved.parameters.items():
        parent = table.entry
        for restated in parent.restatements:
            values = typed_values(restated)
            for k, dated in enumerate(values):
                until = values[k + 1].start if k + 1 < len(values) else None
                day = _first_difference(table, dated, until)
                if day is None:
                    continue
                clauses = [
                    getattr(restated.item, "clause", "?"),
                    policy.param_citation(pid, day).clause,
                ]
                problem = _problem(
                    policy,
                    "restated-differently",
                    f"parameter '{pid}': {restated.where.layer} restates it from "
                    f"{dated.start}, but from {day} {parent.where.layer} says otherwise; "
                    "the higher layer applies",
                    [parent],
                    clauses,
                )
                here = _loc(restated, dated.at)
                problems.append(replace(problem, locations=(here, *problem.locations)))
    return problems


def restatements(policy: Policy) -> list[Problem]:
    """A lower layer restating a higher layer's parameter or item differently (G4)."""
    problems = _parameter_restatements(policy)
    for section, entries in policy.resolved.sections.items():
        if section in ("parameters", "clauses"):
            continue
        for item_id, parent in entries.items():
            theirs = substance(parent.item)
            for restated in parent.restatements:
                mine = substance(restated.item)
                differ = sorted(
                    k for k in theirs.keys() | mine.keys() if theirs.get(k) != mine.get(k)
                )
                if not differ:
                    continue
                problems.append(
                    _problem(
                        policy,
                        "restated-differently",
                        f"{section} '{item_id}': {restated.where.layer} restates it with a "
                        f"different {', '.join(differ)}; the higher layer "
                        f"({parent.where.layer}) applies",
                        [restated, parent],
                        [
                            getattr(restated.item, "clause", "?"),
                            getattr(parent.item, "clause", "?"),
                        ],
                    )
                )
    return problems


def _number(reading_id: str) -> tuple[int, str]:
    """Sort key: G1…G11 by number, other reading ids after them."""
    found = re.fullmatch(r"G(\d+)", reading_id)
    return (int(found.group(1)), "") if found else (10**6, reading_id)


def readings(policy: Policy) -> list[Choice]:
    """Every documented ambiguity or conflict of the chain, G1 to G11 in order."""
    out: list[Choice] = []
    for entry in policy.resolved.sections["readings"].values():
        r = entry.item
        assert isinstance(r, Reading)
        chosen = " ".join(r.chosen.split())
        zh = " ".join(r.chosen_zh.split()) if r.chosen_zh else None
        out.append(
            Choice(r.id, tuple(r.clauses), chosen, tuple(r.parameters), r.conflict, _loc(entry), zh)
        )
    return sorted(out, key=lambda c: _number(c.id))


def unread_parameters(policy: Policy) -> list[Problem]:
    """A parameter nothing reads: no rule of the compiled policy reads it by name (a `Period`
    field) and no condition names it.

    Such an item is usually a misspelt id added by a what-if file, which would otherwise
    change no answer without a word.
    """
    read = (
        ENGINE_PARAMETERS
        | policy.compiled.parameters_in_conditions
        | set(NAME_PARAMETERS.values())
        | RECORDS_PARAMETERS
    )
    problems: list[Problem] = []
    for pid, table in policy.resolved.parameters.items():
        if pid in read:
            continue
        close = did_you_mean(pid, sorted(read & set(policy.resolved.parameters)))
        hint = close[:-1] + " (change: override)?" if close else ""
        clause = getattr(table.entry.item, "clause", "?")
        problems.append(
            Problem(
                "warning",
                "unread-parameter",
                f"parameter '{pid}' is read by nothing: the engine does not know it and no "
                f"condition names it.{hint}",
                (_loc(table.entry),),
                (clause,),
                None,
            )
        )
    return problems


def own_files(policy: Policy) -> frozenset[str]:
    """The files of the layers the user wrote: every layer that is not a bundled one."""
    return frozenset(
        Path(layer.path).as_posix()
        for layer in policy.resolved.layers
        if not (layer.name in bundled_names() and layer.path == f"policies/{layer.name}.yaml")
    )


def is_own(problem: Problem, files: frozenset[str]) -> bool:
    """True when one of the places a problem names is in a file the user wrote."""
    return any(loc.rsplit(":", 1)[0] in files for loc in problem.locations)


def unmatched_ids(policy: Policy) -> list[Problem]:
    """An item a user's layer adds whose id is all but one the layers above define, and that
    nothing names: almost always a misspelt id meant to change that item (a what-if that
    changes nothing it meant to). An error, with the did-you-mean and its line."""
    files = own_files(policy)
    resolved = policy.resolved
    problems: list[Problem] = []
    cited = {
        ref for entries in resolved.sections.values() for e in entries.values() for ref in _cited(e)
    }
    named = {r for c in policy.compiled.named_conditions_used() for r in c}
    for section, entries in resolved.sections.items():
        if section in ("parameters", "clauses", "readings"):
            continue  # parameters: by what reads them; clauses and readings are short codes
        for item_id, entry in entries.items():
            if entry.where.change != "add" or Path(entry.where.path).as_posix() not in files:
                continue
            if item_id in cited or item_id in named:
                continue
            above = [
                i
                for i, e in entries.items()
                if i != item_id and Path(e.where.path).as_posix() not in files
            ]
            close = difflib.get_close_matches(item_id, above, n=1, cutoff=0.8)
            if not close:
                continue
            other = entries[close[0]]
            problems.append(
                Problem(
                    "error",
                    "unmatched-id",
                    f"{section} '{item_id}' matches nothing above it. Did you mean "
                    f"'{close[0]}' ({other.where.path}:{other.where.line})? To change it, "
                    "write that id with change: override; to add a new item, give it an id "
                    "unlike the existing ones",
                    (_loc(entry),),
                    (str(getattr(entry.item, "clause", "") or ""),),
                    None,
                )
            )
    return problems


def _cited(entry: Entry) -> set[str]:
    """The ids an item names: its clause and clauses, and the ids in its conditions."""
    item = entry.item
    out = {str(getattr(item, "clause", "") or "")}
    out |= set(getattr(item, "clauses", []) or [])
    out.add(str(getattr(item, "exception", "") or ""))
    return out


def check_policy(policy: Policy, strict: bool = False) -> list[Problem]:
    """Every contradiction of a loaded policy; with `strict`, they are errors.

    For a policy with layers of the user's own (a what-if), a parameter those layers add
    that nothing reads, and an added id that is all but one above it, are errors; `strict`
    makes errors only of the problems placed in the user's layers (the bundled layers'
    documented conflicts stay warnings), so CI can gate on a what-if file."""
    files = own_files(policy)
    unread = [
        replace(p, severity="error") if is_own(p, files) else p for p in unread_parameters(policy)
    ]
    problems = [
        *forbidden_required(policy),
        *two_deadlines(policy),
        *restatements(policy),
        *unread,
        *unmatched_ids(policy),
    ]
    if strict:
        problems = [
            replace(p, severity="error") if not files or is_own(p, files) else p for p in problems
        ]
    # a missing English name changes no answer: a warning even under --strict
    return problems + missing_english_names(policy)


def missing_english_names(policy: Policy) -> list[Problem]:
    """A document, source, paperwork item or office without an English name (`names_en:`):
    the English explanation would show its Chinese name."""
    resolved = policy.resolved
    names = named_ids(resolved)
    missing = set(missing_english(resolved))
    where: dict[str, str] = {}
    for layer in resolved.layers:
        where[f"{layer.name}:document"] = Path(layer.path).as_posix()
        for src in layer.sources:
            where.setdefault(src.id, Path(layer.path).as_posix())
    for section in PAPER_SECTIONS:
        for item_id, entry in resolved.sections[section].items():
            where.setdefault(item_id, _loc(entry))
    return [
        Problem(
            "warning",
            "missing-english-name",
            f"no English name for {key.rpartition(':')[2] if ':' in key else key} "
            f"({names[key]}): add it under names_en",
            (where.get(key, "?"),),
            (),
        )
        for key in names
        if key in missing
    ]
