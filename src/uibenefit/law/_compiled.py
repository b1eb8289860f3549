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
import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from itertools import compress
from typing import Any, TypeVar

from ..errors import InputError, PolicyError, did_you_mean
from ..procedure import _integer as P
from ..values import _template
from ..values.claimant import FACT_CHOICES, FACT_KINDS
from ..values.results import Citation, record_maker
from ..values.results import Obligation as ObligationRecord
from ..values.results import Office as OfficeRecord
from ..values.results import Requirement as RequirementRecord
from ._conditions import (
    Built,
    Condition,
    Definition,
    Group,
    ParamLookup,
    compile_condition,
    overlap,
)
from ._law_tables import LawTables, law_tables
from ._layers import Entry, Resolved, unknown_clause
from ._model import (
    Clause,
    Due,
    Message,
    NamedCondition,
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
    "event_not_entitled": frozenset({"on", "kind", "ground", "ground_en"}),
    "event_after_end": frozenset({"on", "kind", "ground", "ground_en", "end"}),
    "event_after_stop": frozenset({"on", "kind", "ground", "ground_en", "stopped_on"}),
    "lump_sum_outstanding": frozenset({"as_of", "already", "lump", "left"}),
    **{
        f"audit_{kind}": frozenset(names.split())
        for kind, names in {
            "paid_after_stop": "stop_on stop_ground stop_clause months count amount medical_count",
            "wrong_amount": "months paid due difference",
            "not_paid": "months count as_of amount",
            "paid_late": "months count days_late",
            "continuation_owed": "retirement_date months count amount medical_count",
            "duplicate_payment": "months rows amount",
            "unknown_recipient": "id count amount rows",
            "unmatched_payment": "rows months amount",
            "paid_not_eligible": "failed months count amount",
            "suspected_confirmed": "on kinds amount",
            "suspected_cleared": "on",
            "bad_row": "table row fields",
        }.items()
    },
    "not_an_office_day": frozenset(
        {"clause", "name", "day", "cite", "first_day", "last_day", "after", "tag"}
    ),
    # the explanation's words (Legend.texts)
    "retirement_no_continuation": frozenset({"retire"}),
    "retirement_before_claim": frozenset({"retire"}),
    "medical_insurance_while_receiving": frozenset(),
    "pay_by_rule": frozenset({"day", "ordinal"}),
    "pay_by_rule_exclusive": frozenset({"day", "ordinal"}),
}
"""The messages the engine says (`messages:` in a policy file) and the placeholders of each."""

_EPOCH = dt.date(1970, 1, 1).toordinal()
"""Day numbers are days since 1970-01-01 (`_integer`'s)."""

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
    early_claim_beyond: str | None
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


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """An eligibility rule with its conditions compiled and its clause cited.

    `exception` names the base rule this one is an exception to; `requires` is None only for
    an exception that passes whenever it applies. `where` is `file:line` of the rule.
    `reads` are the facts its conditions and texts read: its finding is a pure function of
    them and of the period in force.
    """

    id: str
    citation: Citation
    requires: Condition | None
    when: Condition | None
    passed: Texts
    failed: Texts | None
    reads: tuple[str, ...]
    exception: str | None = None
    where: str = ""
    said_passed: tuple[str, str] | None = None
    said_failed: tuple[str, str] | None = None
    """The texts in Chinese and English where they name no fact: the same for every claim,
    so written once, at load (`fixed`)."""


@dataclass(frozen=True, slots=True)
class Judged:
    """What eligibility's conditions say of one claim (`Compiled.judged`)."""

    rules: tuple[CompiledRule, ...]
    """The rules that decide, in file order."""
    requires: tuple[bool, ...]
    """Whether each of those rules' `requires` holds (True where it has none)."""
    notes: tuple[CompiledNote, ...]
    """The notes whose `when` holds (or that have none), in file order."""


_judged = record_maker(Judged)
"""`Judged(*values)` by its slots (`record_maker`): one a claim."""


@dataclass(frozen=True, slots=True)
class CompiledNote:
    """A note with its condition compiled and its clause cited (`reads`: as a rule's)."""

    id: str
    citation: Citation
    when: Condition | None
    text: Texts
    reads: tuple[str, ...]
    said: tuple[str, str] | None = None
    """The text where it names no fact, written once at load (`fixed`)."""


def fixed(texts: Texts | None) -> tuple[str, str] | None:
    """A text's Chinese and English as every claim reads them, where they name no fact."""
    if texts is None:
        return None
    if _template.names(texts.zh) or _template.names(texts.en):
        return None
    try:
        return _template.render(texts.zh, {}), _template.render(texts.en, {})
    except _template.TemplateError:  # told where a claim renders it, as before
        return None


@dataclass(frozen=True, slots=True)
class Ground:
    """A stop ground: the item, its citation and its place in the policy (ties on one day)."""

    item: StopGround
    citation: Citation
    order: int


def describe_due(due: Due) -> str:
    """'within 7 working days of the separation date' and the like."""
    after = due.after.replace("_", " ")
    if due.unit == "same_day":
        return f"on the {after}"
    if due.unit == "month_start":
        months = "month" if due.count == 1 else f"{due.count} months"
        return f"from the first day of the {months} after the {after}"
    if due.unit == "day_after_months":
        return f"not before {due.count} months after the {after} have passed"
    unit = {"working_days": "working days", "days": "days"}[due.unit]
    return f"within {due.count} {unit} of the {after}"


def _record(
    item: Requirement | Obligation, citation: Citation
) -> RequirementRecord | ObligationRecord:
    """A paperwork item as its result record, due date left out (the claim's to add)."""
    rule = describe_due(item.due) if item.due is not None else None
    if isinstance(item, Requirement):
        return RequirementRecord(
            id=item.id,
            name=item.name,
            description=item.description,
            citation=citation,
            step=item.step,
            due_rule=rule,
        )
    return ObligationRecord(
        id=item.id,
        name=item.name,
        description=item.description,
        citation=citation,
        act=item.act,
        due_rule=rule,
    )


@dataclass(frozen=True, slots=True)
class PaperItem:
    """A paperwork item (document, prohibition, notice, duty) with its layer, citation, condition.

    `reads` are the facts its condition reads.
    """

    item: Requirement | Obligation
    layer: str
    citation: Citation
    when: Condition | None
    reads: tuple[str, ...]
    record: RequirementRecord | ObligationRecord | None = None
    """The item as a result shows it, less its due date: built once, at load."""


@dataclass(frozen=True, slots=True)
class PaperSection:
    """The items of one paperwork section; `reads` is every fact their conditions read."""

    items: tuple[PaperItem, ...]
    reads: tuple[str, ...]
    group: Group | None = field(default=None, compare=False, repr=False)
    """Every item's condition in one call (`Group`): which items apply to a claim."""

    def applicable(self, f: Mapping[str, Any], param: ParamLookup) -> tuple[PaperItem, ...]:
        """The items whose condition holds (in order)."""
        if self.group is None:
            return tuple(p for p in self.items if p.when is None or p.when.holds(f, param))
        held = self.group.holds(f, param)
        return tuple(p for p, ok in zip(self.items, held, strict=True) if ok)


T = TypeVar("T")


def clashing_papers(
    documents: Iterable[T], bans: Iterable[T], code: Callable[[T], str | None]
) -> list[tuple[T, T]]:
    """G1: every (claimant document, forbidden request) naming the same paper `code`, in order."""
    by_code: dict[str, list[T]] = {}
    for ban in bans:
        paper = code(ban)
        if paper:
            by_code.setdefault(paper, []).append(ban)
    return [
        (document, ban) for document in documents for ban in by_code.get(code(document) or "", ())
    ]


def paper_code(paper: PaperItem) -> str | None:
    """The paper a document or prohibition names (its `document` code), for G1."""
    item = paper.item
    assert isinstance(item, Requirement)
    return item.document


@dataclass(frozen=True, slots=True)
class PaperPlan:
    """What paperwork reads of a policy the same way for every claim, worked out at load.

    `bans`: for each claimant document (by `id`), the prohibitions naming its paper (G1,
    `clashing_papers`), in order, each with the warning (English, Chinese) to give where it
    applies and forbids from a higher layer (None where it does not outrank the document).
    `offices`: the office of each insured area (XE6, XC13), the first listed that serves it.
    `due_rules`: for each employer duty with a deadline (by `id`), the number of its deadline
    rule among the section's distinct ones (equal rules, one number): G3 compares numbers.
    """

    bans: dict[int, tuple[tuple[PaperItem, tuple[str, str] | None], ...]]
    offices: dict[str, OfficeRecord]
    due_rules: dict[int, int]


def paper_plan(rules: Compiled) -> PaperPlan:
    """The policy's `PaperPlan`."""
    documents = rules.claimant_documents.items
    pairs = clashing_papers(documents, rules.forbidden_requests.items, paper_code)
    bans = {
        id(doc): tuple((ban, _clash_warning(rules, doc, ban)) for d, ban in pairs if d is doc)
        for doc in documents
    }
    offices: dict[str, OfficeRecord] = {}
    for o, citation in rules.offices:
        for area in o.areas:
            offices.setdefault(area, OfficeRecord(o.name, o.phone, o.address, citation))
    distinct: dict[Any, int] = {}
    due_rules = {
        id(paper): distinct.setdefault(paper.item.due, len(distinct))
        for paper in rules.employer_obligations.items
        if paper.item.due is not None
    }
    return PaperPlan(bans, offices, due_rules)


def reading_tag(rules: Compiled, clauses: Iterable[str]) -> str:
    """` (G1)`: the reading a warning follows, appended to its text; empty if none."""
    found = rules.reading_for(clauses)
    return f" ({found})" if found else ""


def _clash_warning(rules: Compiled, paper: PaperItem, ban: PaperItem) -> tuple[str, str] | None:
    """The warning where `ban` (a higher layer's) forbids asking for `paper` (G1), else None."""
    if not rules.rank[ban.layer] < rules.rank[paper.layer]:
        return None
    item = paper.item
    clause, by = paper.citation.clause, ban.citation.clause
    tag = reading_tag(rules, (clause, by))
    english = rules.english.get(item.name)
    named = f"{english} (“{item.name}”)" if english else item.name
    return (
        f"{clause} ({paper.layer}) asks for {named}, which {by} "
        f"({ban.layer}) forbids anyone to ask for: not listed{tag}",
        f"{clause} 要求提供“{item.name}”，但上级文件 {by} 规定不得要求提供，故不列入{tag}",
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
        return _template.render(self.text.zh, shown), _template.render(self.text.en, shown)


class Compiled:
    """The rules of one resolved policy, compiled; read-only once built."""

    def __init__(self, resolved: Resolved) -> None:
        self.layers: tuple[str, ...] = tuple(layer.name for layer in resolved.layers)
        self.name: str = self.layers[-1]
        self.documents: tuple[str, ...] = tuple(x.document.number for x in resolved.layers)
        self.rank: dict[str, int] = {layer: i for i, layer in enumerate(self.layers)}
        errors: list[PolicyError] = list(resolved.problems)
        self._errors = errors
        self._resolved = resolved
        self._special: dict[dt.date, Condition] = {}
        attempt = self._attempt
        attempt(_check_required, resolved)
        self._param_values = {
            pid: [v.value for v in t.values] for pid, t in resolved.parameters.items()
        }
        self.cites: dict[str, Citation] = _citations(resolved)
        self.english: dict[str, str] = english_names(resolved)
        """English names of the Chinese ones: documents (as citations name them), paperwork
        items and offices (by their Chinese name), from the layers' `names_en:`."""
        self._definitions: dict[str, Definition] = {}
        self._built: dict[str, Built] = {}
        """Each shared condition compiled once, for every condition that names it."""
        for cid, e in resolved.sections["conditions"].items():
            assert isinstance(e.item, NamedCondition)
            self._definitions[cid] = Definition(cid, e.item.when, *e.locate("when"))
        self.shared_conditions: dict[str, Condition] = {}
        """The `conditions:` section compiled, by id (each checked even if nothing uses it)."""
        for cid, d in self._definitions.items():
            shared = attempt(
                compile_condition,
                d.raw,
                d.at,
                d.doc,
                FACT_KINDS,
                self._param_values,
                FACT_CHOICES,
                self._definitions,
                (cid,),
                self._built,
            )
            if shared is not None:
                self.shared_conditions[cid] = shared
        rules = [attempt(self._rule, e) for e in resolved.sections["eligibility"].values()]
        self.rules: tuple[CompiledRule, ...] = tuple(r for r in rules if r is not None)
        self.exceptions: dict[str, tuple[CompiledRule, ...]] = (
            attempt(_exceptions, self.rules, resolved) or {}
        )
        """The exceptions to each base rule, by the base rule's id, in file order."""
        notes = [attempt(self._note, e) for e in resolved.sections["notes"].values()]
        self.notes: tuple[CompiledNote, ...] = tuple(n for n in notes if n is not None)
        self.grounds: dict[str, Ground] = {}
        for i, e in enumerate(resolved.sections["stop_grounds"].values()):
            assert isinstance(e.item, StopGround)
            cited = attempt(self._cite_entry, e)
            if cited is not None:
                self.grounds[e.item.id] = Ground(e.item, cited, i)
        self.event_kinds: tuple[str, ...] = tuple(self.grounds)
        self.claimant_documents = self._papers(resolved, "claimant_documents")
        self.forbidden_requests = self._papers(resolved, "forbidden_requests")
        self.notices = self._papers(resolved, "notices")
        self.employer_obligations = self._papers(resolved, "employer_obligations")
        self.offices: tuple[tuple[Office, Citation], ...] = tuple(
            (e.item, self.cites[e.item.clause])
            for e in resolved.sections["offices"].values()
            if isinstance(e.item, Office) and e.item.clause in self.cites
        )
        self.readings: tuple[tuple[str, frozenset[str]], ...] = tuple(
            (e.item.id, frozenset(e.item.clauses))
            for e in resolved.sections["readings"].values()
            if isinstance(e.item, Reading)
        )
        messages = {k: attempt(self._message, e) for k, e in resolved.sections["messages"].items()}
        self._reading_memo: dict[frozenset[str], str | None] = {}
        self._said: dict[tuple[str, ...], tuple[tuple[str, str, str, Citation | None], ...]] = {}
        self.messages: dict[str, CompiledMessage] = {
            k: m for k, m in messages.items() if m is not None
        }
        special = self._special_groups(resolved)
        if errors:
            raise PolicyError.several(errors)
        self.first: dict[str, dt.date] = {
            pid: t.values[0].start for pid, t in resolved.parameters.items()
        }
        self.first_values: dict[str, Any] = {
            pid: t.values[0].value for pid, t in resolved.parameters.items()
        }
        self._tables = resolved.parameters
        self.law: LawTables = law_tables(
            {pid: [(v.start, v.value) for v in t.values] for pid, t in self._tables.items()}
        )
        """The parameters the procedure (`_procedure`) reads, as integer tables."""
        self.any_special_group: bool = 1 in self.law.money[P.M_SPECIAL :: P.M_FIELDS]
        """Whether a benefit standard in force at any time has a special group."""
        self._starts, self._periods = self._cut(resolved, special)
        self._start_days = [d.toordinal() - _EPOCH for d in self._starts]
        self.parameters_in_conditions: frozenset[str] = self._condition_parameters(special)
        self._judge, self._plan = self._judging(special)
        self.paper_plan: PaperPlan = paper_plan(self)
        """What paperwork reads of the policy alike for every claim (G1's pairs, offices)."""

    def _attempt(self, build: Callable[..., Any], *args: Any) -> Any:
        """The result of `build(*args)`, or None with its problem kept: all are told at once."""
        try:
            return build(*args)
        except PolicyError as exc:
            self._errors.append(exc)
            return None

    def _judging(
        self, special: Mapping[dt.date, Condition]
    ) -> tuple[Group, tuple[tuple[int, tuple[int, ...]], ...]]:
        """Every rule's `when`, then every rule's `requires`, then every note's `when`, as one
        `Group`; and for each base rule (by index) the indices of its exceptions that have
        a `when` (one without never applies). The group is a claim's first condition: it
        encodes the facts some condition of the policy reads, once."""
        index = {id(r): i for i, r in enumerate(self.rules)}
        read = set().union(*(c.variables for c in self._all_conditions(special)))
        judge = Group(
            [
                *(r.when for r in self.rules),
                *(r.requires for r in self.rules),
                *(n.when for n in self.notes),
            ],
            FACT_KINDS,
            {v: k for v, k in FACT_KINDS.items() if v in read},
        )
        plan = tuple(
            (i, tuple(index[id(e)] for e in self.exceptions.get(r.id, ()) if e.when is not None))
            for i, r in enumerate(self.rules)
            if r.exception is None
        )
        return judge, plan

    def judged(self, f: Mapping[str, Any], param: ParamLookup) -> Judged:
        """The rules that decide, whether each one's `requires` holds, and the notes whose
        `when` holds: every condition of eligibility answered by one call."""
        held = self._judge.holds(f, param)
        rules = self.rules
        n = len(rules)
        chosen = self._deciding(held)
        return _judged(
            tuple([rules[i] for i in chosen]),
            tuple([held[n + i] for i in chosen]),
            tuple(compress(self.notes, held[2 * n :])),
        )

    def deciding_rules(self, f: Mapping[str, Any], param: ParamLookup) -> list[CompiledRule]:
        """The rule that decides for each base rule, in file order: the exception whose
        `when` holds, else the base rule if its own `when` holds (or it has none).

        Two exceptions to one rule that both hold are a PolicyError naming both and their
        lines: the policy must say which prevails.
        """
        rules = self.rules
        return [rules[i] for i in self._deciding(self._judge.holds(f, param))]

    def _deciding(self, held: tuple[bool, ...]) -> list[int]:
        """`deciding_rules` by index, from what the policy's `Group` gave."""
        out: list[int] = []
        rules = self.rules
        for base, exceptions in self._plan:
            if not exceptions:
                if held[base]:
                    out.append(base)
                continue
            applying = [e for e in exceptions if held[e]]
            if len(applying) > 1:
                a, b = rules[applying[0]], rules[applying[1]]
                raise PolicyError(
                    f"exceptions '{a.id}' ({a.where}) and '{b.id}' ({b.where}) to rule "
                    f"'{rules[base].id}' both apply to this person, and the policy does not say "
                    "which prevails: make their 'when:' exclusive"
                )
            if applying:
                out.append(applying[0])
            elif held[base]:
                out.append(base)
        return out

    def named_conditions_used(self) -> list[frozenset[str]]:
        """The shared conditions each compiled condition of the policy names."""
        return [c.references for c in self._all_conditions(self._special)]

    # -- lookups --------------------------------------------------------------------------

    def at(self, on: dt.date) -> Period:
        """The period in force on `on` (before every value: a period with none)."""
        return self._periods[bisect.bisect_right(self._starts, on)]

    def at_day(self, day: int) -> Period:
        """`at` for a day number (days since 1970-01-01)."""
        return self._periods[bisect.bisect_right(self._start_days, day)]

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

    def param_error(self, pid: str, on: dt.date, message: str) -> PolicyError:
        """A PolicyError about the value of `pid` in force on `on`, at its file and line."""
        table = self._tables.get(pid)
        if table is None:
            return PolicyError(f"policy '{self.name}': parameter '{pid}': {message}")
        return table.error(on, message)

    def cite(self, clause_id: str) -> Citation:
        """The Citation of a clause."""
        try:
            return self.cites[clause_id]
        except KeyError:
            raise PolicyError(f"policy '{self.name}' has no clause '{clause_id}'") from None

    def message(self, message_id: str) -> CompiledMessage | None:
        """A message of the policy, or None where it says nothing of the kind."""
        return self.messages.get(message_id)

    def said(self, ids: tuple[str, ...]) -> tuple[tuple[str, str, str, Citation | None], ...]:
        """(id, Chinese, English, citation) of each of the messages `ids` the policy has, in
        order: the same for every claim, so worked out once per tuple of ids."""
        found = self._said.get(ids)
        if found is None:
            found = tuple(
                (m.id, m.text.zh, m.text.en, m.citation)
                for mid in ids
                if (m := self.message(mid)) is not None
            )
            self._said[ids] = found
        return found

    def reading_of(self, pid: str) -> str | None:
        """The reading (G1…G11) a parameter's choice is, as its policy entry names it."""
        table = self._tables.get(pid)
        if table is None:
            return None
        param = table.entry.item
        assert isinstance(param, Parameter)
        return param.reading

    def reading_for(self, clauses: Iterable[str]) -> str | None:
        """The id of the reading (G1…G11) whose clauses include all of `clauses`, if one does."""
        wanted = frozenset(clauses)
        if wanted not in self._reading_memo:
            found = next((rid for rid, covered in self.readings if wanted <= covered), None)
            self._reading_memo[wanted] = found
        return self._reading_memo[wanted]

    # -- construction ---------------------------------------------------------------------

    def _compile(self, raw: Any, entry: Entry, key: str) -> Condition:
        doc, at = entry.locate(key)
        return compile_condition(
            raw,
            at,
            doc,
            FACT_KINDS,
            self._param_values,
            FACT_CHOICES,
            self._definitions,
            built=self._built,
        )

    def _cite_entry(self, entry: Entry) -> Citation:
        """The clause of the lowest layer that restates the item as it applies, else its own.

        A restatement that changes a field other than its wording does not apply (the higher
        layer's item does, and `check` says so): it is not cited.
        """
        item = entry.item
        clause_id = getattr(item, "clause")  # noqa: B009 - every item has a clause
        if clause_id not in self.cites:  # told once with the other problems of the chain
            raise unknown_clause(self._resolved, *entry.locate("clause"), clause_id)
        own = self.cites[clause_id]
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
        doc, at = entry.locate(key)
        for lang in ("zh", "en"):
            try:
                _template.check(getattr(texts, lang), names)
            except _template.TemplateError as exc:
                raise doc.error((*at, lang), exc.message) from None

    def _rule(self, entry: Entry) -> CompiledRule:
        rule = entry.item
        assert isinstance(rule, Rule)
        self._check_texts(rule.passed, entry, "passed", FACT_KINDS)
        if rule.failed is not None:
            self._check_texts(rule.failed, entry, "failed", FACT_KINDS)
        when = None if rule.when is None else self._compile(rule.when, entry, "when")
        requires = (
            None if rule.requires is None else self._compile(rule.requires, entry, "requires")
        )
        texts = (rule.passed,) if rule.failed is None else (rule.passed, rule.failed)
        reads = _reads((requires, when), texts)
        return CompiledRule(
            rule.id,
            self._cite_entry(entry),
            requires,
            when,
            rule.passed,
            rule.failed,
            reads,
            exception=rule.exception,
            where=f"{entry.doc.path}:{entry.doc.mark(entry.at).line}",
            said_passed=fixed(rule.passed),
            said_failed=fixed(rule.failed),
        )

    def _note(self, entry: Entry) -> CompiledNote:
        note = entry.item
        assert isinstance(note, Note)
        self._check_texts(note.text, entry, "text", FACT_KINDS)
        when = None if note.when is None else self._compile(note.when, entry, "when")
        reads = _reads((when,), (note.text,))
        cited = self._cite_entry(entry)
        return CompiledNote(note.id, cited, when, note.text, reads, fixed(note.text))

    def _papers(self, resolved: Resolved, section: str) -> PaperSection:
        out: list[PaperItem] = []
        for entry in resolved.sections[section].values():
            item = entry.item
            assert isinstance(item, Requirement | Obligation)
            raw = item.when
            when = None if raw is None else self._attempt(self._compile, raw, entry, "when")
            reads = _reads((when,), ())
            cited = self._attempt(self._cite_entry, entry)
            if cited is not None:
                shown = _record(item, cited)
                out.append(PaperItem(item, entry.where.layer, cited, when, reads, shown))
        reads = tuple(sorted({name for paper in out for name in paper.reads}))
        return PaperSection(tuple(out), reads, Group([p.when for p in out], FACT_KINDS))

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
                group = self._attempt(
                    compile_condition,
                    value.special_group.when,
                    at,
                    dated.doc or table.entry.doc,
                    FACT_KINDS,
                    self._param_values,
                    FACT_CHOICES,
                    self._definitions,
                    (),
                    self._built,
                )
                if group is not None:
                    special[dated.start] = group
        self._special = special
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

    def _all_conditions(self, special: Mapping[dt.date, Condition]) -> list[Condition]:
        """Every compiled condition of the policy."""
        conditions: list[Condition | None] = [
            *(r.requires for r in self.rules),
            *(r.when for r in self.rules),
            *(n.when for n in self.notes),
            *special.values(),
            *self.shared_conditions.values(),
        ]
        for papers in (
            self.claimant_documents,
            self.forbidden_requests,
            self.notices,
            self.employer_obligations,
        ):
            conditions += [p.when for p in papers.items]
        return [c for c in conditions if c is not None]

    def _condition_parameters(self, special: Mapping[dt.date, Condition]) -> frozenset[str]:
        found: set[str] = set()
        for condition in self._all_conditions(special):
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
            names |= _template.names(template)
    return tuple(sorted(names))


def substance(item: Any) -> dict[str, Any]:
    """An item's fields other than its wording (`PROSE`)."""
    dumped: dict[str, Any] = item.model_dump()
    return {k: v for k, v in dumped.items() if k not in PROSE}


def _error(entry: Entry, key: str, message: str) -> PolicyError:
    """A PolicyError at the file and line where the item's `key` is written."""
    doc, at = entry.locate(key)
    return doc.error(at, message)


def _exceptions(
    rules: Iterable[CompiledRule], resolved: Resolved
) -> dict[str, tuple[CompiledRule, ...]]:
    """Each base rule's exceptions; an exception to a rule no layer defines, to another
    exception, or two exceptions that provably apply to one person at once are refused."""
    entries = resolved.sections["eligibility"]
    by_id = {r.id: r for r in rules}
    found: dict[str, list[CompiledRule]] = {}
    for rule in by_id.values():
        if rule.exception is None:
            continue
        entry = entries[rule.id]
        base = by_id.get(rule.exception)
        if base is None:
            gone = resolved.repealed["eligibility"].get(rule.exception)
            why = f" (repealed by {gone.layer}, {gone.path}:{gone.line})" if gone else ""
            close = difflib.get_close_matches(rule.exception, list(entries), n=1)
            hint = ""
            if close:
                other = entries[close[0]]
                hint = f" Did you mean '{close[0]}' ({other.where.path}:{other.where.line})?"
            raise _error(
                entry,
                "exception",
                f"exception to rule '{rule.exception}', which no layer defines{why}.{hint}",
            )
        if base.exception is not None:
            raise _error(
                entry,
                "exception",
                f"'{rule.exception}' is itself an exception (to '{base.exception}'): name the "
                f"base rule '{base.exception}' instead",
            )
        for other_rule in found.get(base.id, []):
            assert rule.when is not None and other_rule.when is not None
            both = overlap(other_rule.when.expanded, rule.when.expanded)
            if both is not None:
                raise _error(
                    entry,
                    "when",
                    f"exceptions '{other_rule.id}' ({other_rule.where}) and '{rule.id}' "
                    f"({rule.where}) to rule '{base.id}' both apply to a person for whom "
                    f"{both}; make their 'when:' exclusive",
                )
        found.setdefault(base.id, []).append(rule)
    return {k: tuple(v) for k, v in found.items()}


def _check_required(resolved: Resolved) -> None:
    for pid in REQUIRED_PARAMETERS:
        if pid in resolved.parameters or pid in resolved.sections["parameters"]:
            continue  # present (one whose values are wrong is told where they are)
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


PAPER_SECTIONS = (
    "claimant_documents",
    "forbidden_requests",
    "employer_obligations",
    "notices",
    "offices",
)


def named_ids(resolved: Resolved) -> dict[str, str]:
    """Every id an English name is given for, with the Chinese name it stands for: each
    layer's `document` (by the layer's name), each source, each paperwork item and office."""
    out: dict[str, str] = {}
    for layer in resolved.layers:
        out[f"{layer.name}:document"] = layer.document.number
        for src in layer.sources:
            out[src.id] = src.number
    for section in PAPER_SECTIONS:
        for item_id, entry in resolved.sections[section].items():
            out[item_id] = str(getattr(entry.item, "name", item_id))
    return out


def _english_of(resolved: Resolved, key: str) -> str | None:
    layer_name, _, local = key.rpartition(":")
    for layer in reversed(resolved.layers):
        if layer_name and layer.name != layer_name:
            continue
        found = layer.names_en.get(local or key)
        if found:
            return found
    return None


def english_names(resolved: Resolved) -> dict[str, str]:
    """Chinese name -> English name, the lowest layer's naming first."""
    out: dict[str, str] = {}
    for key, chinese in named_ids(resolved).items():
        english = _english_of(resolved, key)
        if english is not None:
            out.setdefault(chinese, english)
    return out


def missing_english(resolved: Resolved) -> list[str]:
    """The ids no layer gives an English name."""
    return [key for key in named_ids(resolved) if _english_of(resolved, key) is None]


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
