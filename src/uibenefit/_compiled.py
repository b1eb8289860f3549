"""The compiled rules: one read-only object built once from a resolved policy.

Conditions are compiled, citations computed, and the parameters' dated values cut into legal
periods: between two consecutive dates on which any value changes, every value is fixed, so
one `Period` holds what is in force on any day of it. The concept modules (`entitlement`,
`eligibility`, `schedule`, `stops`, `paperwork`) read only this object and the facts; none
calls back into `Policy`.

A `Period` has one typed field per parameter the rules read, so what the engine reads is
its field list (`ENGINE_PARAMETERS`), which `uibenefit check` uses to find unread parameters.
"""

from __future__ import annotations

import bisect
import datetime as dt
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from ._conditions import Condition, compile_condition
from ._layers import Entry, Resolved
from ._model import (
    Clause,
    Message,
    Note,
    Obligation,
    Office,
    Parameter,
    Reading,
    Requirement,
    Rule,
    StopGround,
    Texts,
)
from ._params import BeyondMonths, OfficeDays, PayBy, RetirementAges, Rounding, Standard, Tier
from .errors import InputError, PolicyError, did_you_mean
from .facts import FACT_CHOICES, FACT_KINDS
from .results import Citation

REQUIRED_PARAMETERS = (
    "regular_months_tiers",
    "regular_months_cap",
    "benefit_start",
    "retirement_age",
    "continuation_threshold_months",
    "standard_date",
    "money_rounding",
    "medical_insurance_while_receiving",
)
"""Parameters the engine reads in every policy; a chain that lacks one does not load."""

MESSAGE_FIELDS: dict[str, frozenset[str]] = {
    "retirement_within_period": frozenset({"retire"}),
    "no_standard": frozenset({"policy", "on"}),
    "amount_needs_area": frozenset(),
    "stop_during_continuation": frozenset(),
    "overpayment": frozenset({"as_of", "overpaid"}),
    "overpayment_unknown": frozenset(),
    "fraud_fine": frozenset({"low_multiple", "high_multiple", "low", "high"}),
    "lump_sum_medical_paid": frozenset(),
    "lump_sum_medical_not_paid": frozenset(),
}
"""The messages the engine says (`messages:` in a policy file) and the placeholders of each."""

PROSE = frozenset({"id", "clause", "name", "description", "passed", "failed", "text", "note"})
"""Fields a restatement may word differently; any other field must match its parent's."""


@dataclass(frozen=True, slots=True)
class Period:
    """The parameter values in force from `start` until the next period begins.

    `values` holds every parameter (for conditions' `{param: id}`), `cites` the citation of
    each value in force; the other fields are the parameters the rules read, typed.
    """

    start: dt.date
    values: Mapping[str, Any]
    cites: Mapping[str, Citation]
    special_group: Condition | None
    separation_reason_names: Mapping[str, str] | None
    benefit_start: str | None
    retirement_age: RetirementAges | None
    regular_months_tiers: list[Tier] | None
    regular_months_cap: int | None
    continuation_threshold_months: int | None
    standard_date: str | None
    money_rounding: Rounding | None
    medical_insurance_while_receiving: bool | None
    partial_last_month: str | None
    benefit_standard: Standard | None
    beyond_regular_months: BeyondMonths | None
    minimum_wage: Mapping[int, Decimal] | None
    minimum_wage_area_tiers: Mapping[str, int] | None
    minimum_wage_area_tiers_assumed: list[str] | None
    pooling_base: str | None
    pooling_area_seat: str | None
    claim_period_days: int | None
    pay_by: PayBy | None
    medical_insurance_on_lump_sum: bool | None
    fraud_fine_multiples: tuple[Decimal, Decimal] | None
    insured_as_with_employer: list[str] | None
    office_days: OfficeDays | None


_NOT_PARAMETERS = ("start", "values", "cites", "special_group")
ENGINE_PARAMETERS: frozenset[str] = frozenset(
    f.name for f in fields(Period) if f.name not in _NOT_PARAMETERS
)
"""The parameters the rules read by name (a `Period` field each)."""


MEMO_LIMIT = 4096
"""Findings remembered per rule or note before the memo starts afresh (memory stays bounded)."""


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """An eligibility rule with its conditions compiled and its clause cited.

    `reads` are the facts its conditions and texts read: its finding is a pure function of
    them and of the period in force, so `memo` keeps the findings already made, by those.
    """

    id: str
    citation: Citation
    requires: Condition
    when: Condition | None
    passed: Texts
    failed: Texts
    reads: tuple[str, ...]
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class CompiledNote:
    """A note with its condition compiled and its clause cited (`reads`, `memo`: as a rule's)."""

    id: str
    citation: Citation
    when: Condition | None
    text: Texts
    reads: tuple[str, ...]
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Ground:
    """A stop ground: the item, its citation and its place in the policy (ties on one day)."""

    item: StopGround
    citation: Citation
    order: int


@dataclass(frozen=True, slots=True)
class PaperItem:
    """A paperwork item (document, prohibition, notice, duty) with its layer, citation, condition.

    `reads` are the facts its condition reads; `memo` keeps what paperwork has worked out for
    it (whether it applies, by the period and those facts; its record, by its due date).
    """

    item: Requirement | Obligation
    layer: str
    citation: Citation
    when: Condition | None
    reads: tuple[str, ...]
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class PaperSection:
    """The items of one paperwork section; `reads` is every fact their conditions read, so
    which items apply is remembered (`memo`) by the period and those facts."""

    items: tuple[PaperItem, ...]
    reads: tuple[str, ...]
    memo: dict[tuple[Any, ...], tuple[PaperItem, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )


@dataclass(frozen=True, slots=True)
class CompiledMessage:
    """A message's texts and, when it has a clause, its citation."""

    id: str
    text: Texts
    citation: Citation | None

    def render(self, **values: object) -> tuple[str, str]:
        """(Chinese, English) with the placeholders filled."""
        shown = {k: str(v) for k, v in values.items()}
        return self.text.zh.format_map(shown), self.text.en.format_map(shown)


class Compiled:
    """The rules of one resolved policy, compiled; read-only once built."""

    def __init__(self, resolved: Resolved) -> None:
        self.layers: tuple[str, ...] = tuple(layer.name for layer in resolved.layers)
        self.name: str = self.layers[-1]
        self.documents: tuple[str, ...] = tuple(x.document.number for x in resolved.layers)
        self.rank: dict[str, int] = {layer: i for i, layer in enumerate(self.layers)}
        _check_required(resolved)
        self._param_values = {
            pid: [v.value for v in t.values] for pid, t in resolved.parameters.items()
        }
        self.cites: dict[str, Citation] = _citations(resolved)
        self.rules = tuple(self._rule(e) for e in resolved.sections["eligibility"].values())
        self.notes = tuple(self._note(e) for e in resolved.sections["notes"].values())
        self.grounds: dict[str, Ground] = {}
        for i, e in enumerate(resolved.sections["stop_grounds"].values()):
            assert isinstance(e.item, StopGround)
            self.grounds[e.item.id] = Ground(e.item, self._cite_entry(e), i)
        self.event_kinds: tuple[str, ...] = tuple(self.grounds)
        self.claimant_documents = self._papers(resolved, "claimant_documents")
        self.forbidden_requests = self._papers(resolved, "forbidden_requests")
        self.notices = self._papers(resolved, "notices")
        self.employer_obligations = self._papers(resolved, "employer_obligations")
        self.offices: tuple[tuple[Office, Citation], ...] = tuple(
            (e.item, self.cites[e.item.clause])
            for e in resolved.sections["offices"].values()
            if isinstance(e.item, Office)
        )
        self.readings: tuple[tuple[str, frozenset[str]], ...] = tuple(
            (e.item.id, frozenset(e.item.clauses))
            for e in resolved.sections["readings"].values()
            if isinstance(e.item, Reading)
        )
        self._reading_memo: dict[frozenset[str], str | None] = {}
        self.messages: dict[str, CompiledMessage] = {
            k: self._message(e) for k, e in resolved.sections["messages"].items()
        }
        special = self._special_groups(resolved)
        self.first: dict[str, dt.date] = {
            pid: t.values[0].start for pid, t in resolved.parameters.items()
        }
        self.first_values: dict[str, Any] = {
            pid: t.values[0].value for pid, t in resolved.parameters.items()
        }
        self._starts, self._periods = self._cut(resolved, special)
        self.parameters_in_conditions: frozenset[str] = self._condition_parameters(special)

    # -- lookups --------------------------------------------------------------------------

    def at(self, on: dt.date) -> Period:
        """The period in force on `on` (before every value: a period with none)."""
        return self._periods[bisect.bisect_right(self._starts, on)]

    def required(self, pid: str, on: dt.date) -> Any:
        """A value the engine cannot do without; before its first value, an InputError."""
        first = self.first.get(pid)
        if first is None:
            raise PolicyError(f"policy '{self.name}' defines no parameter '{pid}'")
        if on < first:
            raise InputError(
                f"{on} is outside what policy '{self.name}' covers: parameter '{pid}' has "
                f"values only from {first}",
                field="application_date",
            )
        return self.at(on).values[pid]

    def cite(self, clause_id: str) -> Citation:
        """The Citation of a clause."""
        try:
            return self.cites[clause_id]
        except KeyError:
            raise PolicyError(f"policy '{self.name}' has no clause '{clause_id}'") from None

    def message(self, message_id: str) -> CompiledMessage | None:
        """A message of the policy, or None where it says nothing of the kind."""
        return self.messages.get(message_id)

    def reading_for(self, clauses: Iterable[str]) -> str | None:
        """The id of the reading (G1…G11) whose clauses include all of `clauses`, if one does."""
        wanted = frozenset(clauses)
        if wanted not in self._reading_memo:
            found = next((rid for rid, covered in self.readings if wanted <= covered), None)
            self._reading_memo[wanted] = found
        return self._reading_memo[wanted]

    # -- construction ---------------------------------------------------------------------

    def _compile(self, raw: Any, entry: Entry, at: tuple[str | int, ...]) -> Condition:
        return compile_condition(raw, at, entry.doc, FACT_KINDS, self._param_values, FACT_CHOICES)

    def _cite_entry(self, entry: Entry) -> Citation:
        """The clause of the lowest layer that restates the item as it applies, else its own.

        A restatement that changes a field other than its wording does not apply (the higher
        layer's item does, and `check` says so): it is not cited.
        """
        item = entry.item
        own = self.cites[getattr(item, "clause")]  # noqa: B009 - every item has a clause
        theirs = substance(item)
        chain = [f"{own.layer}:{own.clause}"]
        found = own
        for restated in entry.restatements:
            if substance(restated.item) != theirs:
                continue
            clause = self.cites[getattr(restated.item, "clause")]  # noqa: B009
            found = Citation(
                restated.where.layer,
                clause.document,
                clause.clause,
                clause.text,
                clause.article,
                clause.quoted,
                tuple(chain),
            )
            chain.append(f"{restated.where.layer}:{clause.clause}")
        return found

    def _check_texts(self, texts: Texts, entry: Entry, key: str, allowed: Iterable[str]) -> None:
        names = list(allowed)
        for lang in ("zh", "en"):
            template = getattr(texts, lang)
            try:
                parsed = list(string.Formatter().parse(template))
            except ValueError as exc:
                raise entry.doc.error((*entry.at, key, lang), f"bad placeholder: {exc}") from None
            for _, name, spec, conversion in parsed:
                if name is None:
                    continue
                if name not in names or spec or conversion:
                    raise entry.doc.error(
                        (*entry.at, key, lang),
                        f"unknown placeholder '{{{name}}}': use one of {', '.join(names)}"
                        if names
                        else f"unknown placeholder '{{{name}}}': this text takes none",
                    )

    def _rule(self, entry: Entry) -> CompiledRule:
        rule = entry.item
        assert isinstance(rule, Rule)
        self._check_texts(rule.passed, entry, "passed", FACT_KINDS)
        self._check_texts(rule.failed, entry, "failed", FACT_KINDS)
        when = None if rule.when is None else self._compile(rule.when, entry, (*entry.at, "when"))
        requires = self._compile(rule.requires, entry, (*entry.at, "requires"))
        reads = _reads((requires, when), (rule.passed, rule.failed))
        return CompiledRule(
            rule.id, self._cite_entry(entry), requires, when, rule.passed, rule.failed, reads
        )

    def _note(self, entry: Entry) -> CompiledNote:
        note = entry.item
        assert isinstance(note, Note)
        self._check_texts(note.text, entry, "text", FACT_KINDS)
        when = None if note.when is None else self._compile(note.when, entry, (*entry.at, "when"))
        reads = _reads((when,), (note.text,))
        return CompiledNote(note.id, self._cite_entry(entry), when, note.text, reads)

    def _papers(self, resolved: Resolved, section: str) -> PaperSection:
        out: list[PaperItem] = []
        for entry in resolved.sections[section].values():
            item = entry.item
            assert isinstance(item, Requirement | Obligation)
            raw = item.when
            when = None if raw is None else self._compile(raw, entry, (*entry.at, "when"))
            reads = _reads((when,), ())
            out.append(PaperItem(item, entry.where.layer, self._cite_entry(entry), when, reads))
        reads = tuple(sorted({name for paper in out for name in paper.reads}))
        return PaperSection(tuple(out), reads)

    def _message(self, entry: Entry) -> CompiledMessage:
        message = entry.item
        assert isinstance(message, Message)
        allowed = MESSAGE_FIELDS.get(message.id)
        if allowed is None:
            raise entry.doc.error(
                (*entry.at, "id"),
                f"unknown message '{message.id}': the engine says "
                f"{', '.join(MESSAGE_FIELDS)}.{did_you_mean(message.id, MESSAGE_FIELDS)}",
            )
        self._check_texts(message.text, entry, "text", sorted(allowed))
        cite = None if message.clause is None else self.cites[message.clause]
        return CompiledMessage(message.id, message.text, cite)

    def _special_groups(self, resolved: Resolved) -> dict[dt.date, Condition]:
        """The special group's condition of each dated benefit standard that has one."""
        special: dict[dt.date, Condition] = {}
        table = resolved.parameters.get("benefit_standard")
        if table is None:
            return special
        for dated in table.values:
            value = dated.value
            if isinstance(value, Standard) and value.special_group is not None:
                at = (*dated.at, "value", "special_group", "when")
                special[dated.start] = compile_condition(
                    value.special_group.when,
                    at,
                    table.entry.doc,
                    FACT_KINDS,
                    self._param_values,
                    FACT_CHOICES,
                )
        return special

    def _cut(
        self, resolved: Resolved, special: Mapping[dt.date, Condition]
    ) -> tuple[list[dt.date], list[Period]]:
        """One Period before every value, then one from each date on which a value changes."""
        tables = resolved.parameters
        own: dict[str, Citation] = {}
        for pid, table in tables.items():
            param = table.entry.item
            assert isinstance(param, Parameter)
            own[pid] = self.cites[param.clause]
        starts = sorted({v.start for t in tables.values() for v in t.values})
        periods = [_period(dt.date.min, {}, dict(own), None)]
        standard = tables.get("benefit_standard")
        for start in starts:
            values: dict[str, Any] = {}
            cites = dict(own)
            for pid, table in tables.items():
                dated = table.dated(start)
                if dated is None:
                    continue
                values[pid] = dated.value
                if dated.raw.clause:
                    cites[pid] = self.cites[dated.raw.clause]
            group = None
            if standard is not None:
                dated = standard.dated(start)
                group = None if dated is None else special.get(dated.start)
            periods.append(_period(start, values, cites, group))
        return starts, periods

    def _condition_parameters(self, special: Mapping[dt.date, Condition]) -> frozenset[str]:
        found: set[str] = set()
        conditions: list[Condition | None] = [
            *(r.requires for r in self.rules),
            *(r.when for r in self.rules),
            *(n.when for n in self.notes),
            *special.values(),
        ]
        for papers in (
            self.claimant_documents,
            self.forbidden_requests,
            self.notices,
            self.employer_obligations,
        ):
            conditions += [p.when for p in papers.items]
        for condition in conditions:
            if condition is not None:
                found |= condition.parameters
        return frozenset(found)


def _period(
    start: dt.date,
    values: dict[str, Any],
    cites: dict[str, Citation],
    group: Condition | None,
) -> Period:
    typed = {name: values.get(name) for name in ENGINE_PARAMETERS}
    return Period(start=start, values=values, cites=cites, special_group=group, **typed)


def _reads(conditions: Iterable[Condition | None], texts: Iterable[Texts]) -> tuple[str, ...]:
    """The facts some condition or text placeholder reads, sorted."""
    names: set[str] = set()
    for condition in conditions:
        if condition is not None:
            names |= condition.variables
    for text in texts:
        for template in (text.zh, text.en):
            names |= {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return tuple(sorted(names))


def substance(item: Any) -> dict[str, Any]:
    """An item's fields other than its wording (`PROSE`)."""
    dumped: dict[str, Any] = item.model_dump()
    return {k: v for k, v in dumped.items() if k not in PROSE}


def _check_required(resolved: Resolved) -> None:
    for pid in REQUIRED_PARAMETERS:
        if pid in resolved.parameters:
            continue
        gone = resolved.repealed["parameters"].get(pid)
        if gone is not None:
            raise PolicyError(
                f"parameter '{pid}' cannot be repealed: the engine needs it",
                path=gone.path,
                line=gone.line,
            )
        last = resolved.layers[-1]
        raise PolicyError(
            f"the engine needs parameter '{pid}', which no layer defines", path=last.path
        )


def _citations(resolved: Resolved) -> dict[str, Citation]:
    """Every clause's Citation: its layer, its document (its source's, if it names one)."""
    documents = {layer.name: layer.document.number for layer in resolved.layers}
    sources: dict[str, str] = {}
    for layer in resolved.layers:
        for src in layer.sources:
            sources[src.id] = src.number
    out: dict[str, Citation] = {}
    for clause_id, entry in resolved.sections["clauses"].items():
        clause = entry.item
        assert isinstance(clause, Clause)
        document = documents[entry.where.layer]
        if clause.source is not None:
            document = sources.get(clause.source, document)
        out[clause_id] = Citation(
            entry.where.layer, document, clause.id, clause.text, clause.article, clause.quoted
        )
    return out


ParamLookup = Callable[[str], Any]
