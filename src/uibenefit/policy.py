"""A resolved policy: the layers folded together, conditions compiled, ready to evaluate."""

from __future__ import annotations

import datetime as dt
import difflib
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import _layers, engine
from ._conditions import Condition, Definition, ParamLookup, compile_condition, overlap
from ._model import Clause, NamedCondition, Note, Parameter, Rule, StopGround, Texts
from ._params import Standard
from ._resources import bundled_names
from .claimant import Claimant, Event
from .errors import InputError, PolicyError
from .results import (
    Citation,
    Decision,
    Eligibility,
    Entitlement,
    Paperwork,
    Payment,
    StopDecision,
)

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


@dataclass(frozen=True)
class CompiledRule:
    """An eligibility rule with its conditions compiled.

    `exception` names the base rule this one is an exception to; `requires` is None only for
    an exception that passes whenever it applies. `where` is `file:line` of the rule.
    """

    id: str
    clause: str
    requires: Condition | None
    when: Condition | None
    passed: Texts
    failed: Texts | None
    exception: str | None = None
    where: str = ""


@dataclass(frozen=True)
class CompiledNote:
    """A note with its condition compiled."""

    id: str
    clause: str
    when: Condition | None
    text: Texts


class Policy:
    """The resolved chain of layers; every answer method is a pure function of its arguments."""

    def __init__(self, resolved: _layers.Resolved) -> None:
        self._resolved = resolved
        self.layers: tuple[str, ...] = tuple(layer.name for layer in resolved.layers)
        self.name: str = self.layers[-1]
        self._citations: dict[str, Citation] = {}
        # every dated value of every parameter, so conditions type-check `{param: id}`
        params = {pid: [v.value for v in t.values] for pid, t in resolved.parameters.items()}
        self._param_values = params
        errors: list[PolicyError] = list(resolved.problems)
        for pid in REQUIRED_PARAMETERS:
            if pid not in params and pid not in resolved.sections["parameters"]:
                gone = resolved.repealed["parameters"].get(pid)
                if gone is not None:
                    errors.append(
                        PolicyError(
                            f"parameter '{pid}' cannot be repealed: the engine needs it",
                            path=gone.path,
                            line=gone.line,
                        )
                    )
                    continue
                last = resolved.layers[-1]
                errors.append(
                    PolicyError(
                        f"the engine needs parameter '{pid}', which no layer defines",
                        path=last.path,
                    )
                )
        self._definitions: dict[str, Definition] = {}
        for cid, e in resolved.sections["conditions"].items():
            assert isinstance(e.item, NamedCondition)
            self._definitions[cid] = Definition(cid, e.item.when, e.doc, (*e.at, "when"))

        def attempt(build: Callable[..., Any], *args: Any) -> Any:
            """The result of `build(*args)`, or None with its problem kept: all are told
            at once."""
            try:
                return build(*args)
            except PolicyError as exc:
                errors.append(exc)
                return None

        self.shared_conditions: dict[str, Condition] = {}
        """The `conditions:` section compiled, by id (each checked even if nothing uses it)."""
        for cid, d in self._definitions.items():
            shared = attempt(
                compile_condition,
                d.raw,
                d.at,
                d.doc,
                engine.FACT_KINDS,
                params,
                engine.FACT_CHOICES,
                self._definitions,
                (cid,),
            )
            if shared is not None:
                self.shared_conditions[cid] = shared
        rules = [attempt(self._compile_rule, e) for e in resolved.sections["eligibility"].values()]
        self.rules: tuple[CompiledRule, ...] = tuple(r for r in rules if r is not None)
        self.exceptions: dict[str, tuple[CompiledRule, ...]] = (
            attempt(_exceptions, self.rules, resolved) or {}
        )
        """The exceptions to each base rule, by the base rule's id, in file order."""
        notes = [attempt(self._compile_note, e) for e in resolved.sections["notes"].values()]
        self.notes: tuple[CompiledNote, ...] = tuple(n for n in notes if n is not None)
        self.stop_grounds: dict[str, StopGround] = {}
        for k, e in resolved.sections["stop_grounds"].items():
            assert isinstance(e.item, StopGround)
            self.stop_grounds[k] = e.item
        self.conditions: dict[tuple[str, str], Condition] = {}
        for section in (
            "claimant_documents",
            "forbidden_requests",
            "notices",
            "employer_obligations",
        ):
            for item_id, e in resolved.sections[section].items():
                raw = getattr(e.item, "when", None)
                if raw is not None:
                    found = attempt(self._compile, raw, e, "when")
                    if found is not None:
                        self.conditions[(section, item_id)] = found
        self._special: dict[dt.date, Condition] = {}
        if "benefit_standard" in resolved.parameters:
            table = resolved.parameters["benefit_standard"]
            for dated in table.values:
                value = dated.value
                if isinstance(value, Standard) and value.special_group is not None:
                    at = (*dated.at, "value", "special_group", "when")
                    special = attempt(
                        compile_condition,
                        value.special_group.when,
                        at,
                        dated.doc or table.entry.doc,
                        engine.FACT_KINDS,
                        params,
                        engine.FACT_CHOICES,
                        self._definitions,
                    )
                    if special is not None:
                        self._special[dated.start] = special
        if errors:
            raise PolicyError.several(errors)

    def parameters_in_conditions(self) -> frozenset[str]:
        """Every parameter id some condition of the policy names with `{param: id}`."""
        found: set[str] = set()
        for rule in self.rules:
            if rule.requires is not None:
                found |= rule.requires.parameters
            if rule.when is not None:
                found |= rule.when.parameters
        for note in self.notes:
            if note.when is not None:
                found |= note.when.parameters
        for condition in (
            *self.conditions.values(),
            *self._special.values(),
            *self.shared_conditions.values(),
        ):
            found |= condition.parameters
        return frozenset(found)

    def named_conditions_used(self) -> list[frozenset[str]]:
        """The shared conditions each compiled condition of the policy names."""
        return [
            c.references
            for c in (
                *(r.requires for r in self.rules if r.requires is not None),
                *(r.when for r in self.rules if r.when is not None),
                *(n.when for n in self.notes if n.when is not None),
                *self.conditions.values(),
                *self._special.values(),
                *self.shared_conditions.values(),
            )
        ]

    # -- construction helpers -------------------------------------------------------------

    def _compile(self, raw: Any, entry: _layers.Entry, key: str) -> Condition:
        doc, at = entry.locate(key)
        return compile_condition(
            raw,
            at,
            doc,
            engine.FACT_KINDS,
            self._param_values,
            engine.FACT_CHOICES,
            self._definitions,
        )

    def _check_texts(self, texts: Texts, entry: _layers.Entry, key: str) -> None:
        doc, at = entry.locate(key)
        for lang in ("zh", "en"):
            template = getattr(texts, lang)
            try:
                names = [f for _, f, _, _ in string.Formatter().parse(template) if f]
            except ValueError as exc:
                raise doc.error((*at, lang), f"bad placeholder: {exc}") from None
            for name in names:
                if name not in engine.FACT_KINDS:
                    raise doc.error(
                        (*at, lang),
                        f"unknown placeholder '{{{name}}}': use one of {', '.join(engine.FACT_KINDS)}",
                    )

    def _compile_rule(self, entry: _layers.Entry) -> CompiledRule:
        rule = entry.item
        assert isinstance(rule, Rule)
        self._check_texts(rule.passed, entry, "passed")
        if rule.failed is not None:
            self._check_texts(rule.failed, entry, "failed")
        when = self._compile(rule.when, entry, "when") if rule.when is not None else None
        requires = (
            self._compile(rule.requires, entry, "requires") if rule.requires is not None else None
        )
        return CompiledRule(
            rule.id,
            rule.clause,
            requires,
            when,
            rule.passed,
            rule.failed,
            rule.exception,
            f"{entry.doc.path}:{entry.doc.mark(entry.at).line}",
        )

    def deciding_rules(self, f: Mapping[str, Any], param: ParamLookup) -> list[CompiledRule]:
        """The rule that decides for each base rule, in file order: the exception whose
        `when` holds, else the base rule if its own `when` holds (or it has none).

        Two exceptions to one rule that both hold are a PolicyError naming both and their
        lines: the policy must say which prevails.
        """
        out: list[CompiledRule] = []
        for rule in self.rules:
            if rule.exception is not None:
                continue
            applying = [
                e
                for e in self.exceptions.get(rule.id, ())
                if e.when is not None and e.when.holds(f, param)
            ]
            if len(applying) > 1:
                a, b = applying[:2]
                raise PolicyError(
                    f"exceptions '{a.id}' ({a.where}) and '{b.id}' ({b.where}) to rule "
                    f"'{rule.id}' both apply to this person, and the policy does not say which "
                    "prevails: make their 'when:' exclusive"
                )
            if applying:
                out.append(applying[0])
            elif rule.when is None or rule.when.holds(f, param):
                out.append(rule)
        return out

    def _compile_note(self, entry: _layers.Entry) -> CompiledNote:
        note = entry.item
        assert isinstance(note, Note)
        self._check_texts(note.text, entry, "text")
        when = self._compile(note.when, entry, "when") if note.when is not None else None
        return CompiledNote(note.id, note.clause, when, note.text)

    # -- parameters and citations ---------------------------------------------------------

    @property
    def resolved(self) -> _layers.Resolved:
        """The folded layers, sections and parameter tables (for tools such as `show`)."""
        return self._resolved

    def has(self, pid: str) -> bool:
        """True if some layer defines the parameter."""
        return pid in self._resolved.parameters

    def has_clause(self, clause_id: str) -> bool:
        """True if some layer defines the clause."""
        return clause_id in self._resolved.sections["clauses"]

    def table(self, pid: str) -> _layers.ParameterTable:
        """All dated values of a parameter."""
        try:
            return self._resolved.parameters[pid]
        except KeyError:
            raise PolicyError(f"policy '{self.name}' defines no parameter '{pid}'") from None

    def value(self, pid: str, on: dt.date) -> Any:
        """The value of a parameter in force on a date (None before its first value)."""
        _check_date(on)
        return self.table(pid).at(on)

    def required(self, pid: str, on: dt.date) -> Any:
        """The value in force on `on` of a parameter the engine cannot do without.

        A date before the parameter's first value is outside what the policy covers: an
        InputError naming the date, never a silent None.
        """
        _check_date(on)
        table = self.table(pid)
        found = table.dated(on)
        if found is None:
            first = table.values[0].start
            raise InputError(
                f"{on} is outside what policy '{self.name}' covers: parameter '{pid}' has "
                f"values only from {first}",
                field="application_date",
            )
        return found.value

    def lookup(self, on: dt.date) -> Callable[[str], Any]:
        """A parameter lookup fixed at a date, for conditions."""
        return lambda pid: self.value(pid, on)

    def input_names(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """For each coded Claimant field, the names a caseworker may type for each code, from
        the parameters `sex_names`, `separation_reason_names` (also for registered_reason)
        and `area_names`, over all their dated values."""
        sources = {
            "sex": "sex_names",
            "separation_reason": "separation_reason_names",
            "registered_reason": "separation_reason_names",
            "insured_area": "area_names",
        }
        out: dict[str, dict[str, tuple[str, ...]]] = {}
        for key, pid in sources.items():
            if pid not in self._resolved.parameters:
                continue
            table: dict[str, tuple[str, ...]] = {}
            for dated in self._resolved.parameters[pid].values:
                for code, names in (dated.value or {}).items():
                    listed = [names] if isinstance(names, str) else list(names)
                    table[code] = tuple(dict.fromkeys([*table.get(code, ()), *listed]))
            out[key] = table
        return out

    def special_group_condition(self, on: dt.date) -> Condition | None:
        """The special-group condition of the standard in force on `on`, if it has one."""
        dated = self.table("benefit_standard").dated(on)
        return None if dated is None else self._special.get(dated.start)

    def cite(self, clause_id: str) -> Citation:
        """The Citation for a clause id: its layer, document, id and Chinese words."""
        found = self._citations.get(clause_id)
        if found is not None:
            return found
        entry = self._resolved.sections["clauses"].get(clause_id)
        if entry is None:
            raise PolicyError(f"policy '{self.name}' has no clause '{clause_id}'")
        clause = entry.item
        assert isinstance(clause, Clause)
        layer = next(x for x in self._resolved.layers if x.name == entry.where.layer)
        document = layer.document.number
        if clause.source is not None:
            for lay in self._resolved.layers:
                for src in lay.sources:
                    if src.id == clause.source:
                        document = src.number
        found = Citation(
            entry.where.layer, document, clause.id, clause.text, clause.article, clause.quoted
        )
        self._citations[clause_id] = found
        return found

    def param_citation(self, pid: str, on: dt.date) -> Citation:
        """The citation of the value of `pid` in force on `on` (its own clause, else the parameter's)."""
        table = self.table(pid)
        dated = table.dated(on)
        param = table.entry.item
        assert isinstance(param, Parameter)
        clause = dated.raw.clause if dated is not None and dated.raw.clause else param.clause
        return self.cite(clause)

    # -- the public questions -------------------------------------------------------------

    def retirement_date(self, person: Claimant) -> dt.date:
        """Statutory retirement date: IM2's ages, the 2025 reform for the cohorts it covers."""
        _check_person(person)
        return engine.retirement_date(self, person)

    def eligibility(self, person: Claimant) -> Eligibility:
        """Is the person entitled, with each condition and note and its clause."""
        _check_person(person)
        return engine.eligibility(self, person)

    def entitlement(self, person: Claimant) -> Entitlement:
        """Regular and continuation months, start and last day paid."""
        _check_person(person)
        return engine.entitlement(self, person)

    def payout_schedule(self, person: Claimant) -> list[Payment]:
        """One payment per entitlement month, with amount, pay-by date and medical insurance."""
        _check_person(person)
        return engine.payout_schedule(self, person)

    def stop(
        self, person: Claimant, events: Sequence[Event] = (), as_of: dt.date | None = None
    ) -> StopDecision:
        """When payment stops and what is paid, forfeited, paid at once or overpaid."""
        _check_person(person)
        return engine.stop(self, person, events, as_of)

    def paperwork(self, person: Claimant) -> Paperwork:
        """What to bring, what nobody may ask, what the employer owes and by when, where to go."""
        _check_person(person)
        from .paperwork import paperwork

        return paperwork(self, person)

    def evaluate(
        self, person: Claimant, events: Sequence[Event] = (), as_of: dt.date | None = None
    ) -> Decision:
        """All of the above in one Decision, with `explain()` and `to_dict()`."""
        _check_person(person)
        return engine.evaluate(self, person, events, as_of)

    def __repr__(self) -> str:
        return f"<Policy {' -> '.join(self.layers)}>"


def _error(entry: _layers.Entry, key: str, message: str) -> PolicyError:
    """A PolicyError at the file and line where the item's `key` is written."""
    doc, at = entry.locate(key)
    return doc.error(at, message)


def _exceptions(
    rules: Sequence[CompiledRule], resolved: _layers.Resolved
) -> dict[str, tuple[CompiledRule, ...]]:
    """Each base rule's exceptions; an exception to a rule no layer defines, to another
    exception, or two exceptions that provably apply to one person at once are refused."""
    entries = resolved.sections["eligibility"]
    by_id = {r.id: r for r in rules}
    found: dict[str, list[CompiledRule]] = {}
    for rule in rules:
        if rule.exception is None:
            continue
        entry = entries[rule.id]
        base = by_id.get(rule.exception)
        if base is None:
            gone = resolved.repealed["eligibility"].get(rule.exception)
            why = f" (repealed by {gone.layer}, {gone.path}:{gone.line})" if gone else ""
            raise _error(
                entry,
                "exception",
                f"exception to rule '{rule.exception}', which no layer defines{why}."
                f"{_layers._suggest(rule.exception, entries)}",
            )
        if base.exception is not None:
            raise _error(
                entry,
                "exception",
                f"'{rule.exception}' is itself an exception (to '{base.exception}'): name the "
                f"base rule '{base.exception}' instead",
            )
        for other in found.get(base.id, []):
            assert rule.when is not None and other.when is not None
            both = overlap(other.when.expanded, rule.when.expanded)
            if both is not None:
                raise _error(
                    entry,
                    "when",
                    f"exceptions '{other.id}' ({other.where}) and '{rule.id}' ({rule.where}) "
                    f"to rule '{base.id}' both apply to a person for whom {both}; make their "
                    "'when:' exclusive",
                )
        found.setdefault(base.id, []).append(rule)
    return {k: tuple(v) for k, v in found.items()}


def _check_date(on: object) -> None:
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise InputError(f"expected a date (datetime.date), got {on!r}", field="on")


def _check_person(person: object) -> None:
    if not isinstance(person, Claimant):
        raise InputError(f"expected a Claimant, got {type(person).__name__}", field="person")


def load_policy(spec: str | Path) -> Policy:
    """Load a bundled policy by name ("xingan") or a YAML file that `extends:` one."""
    return Policy(_layers.resolve(_check_spec(spec), collect=True))


def _check_spec(spec: object) -> str:
    """The spec as text, or a PolicyError saying what a spec is (and which name was meant)."""
    if not isinstance(spec, str | Path):
        raise PolicyError(
            f"a policy is a bundled name ({', '.join(bundled_names())}) or a path to a .yaml "
            f"file, got {type(spec).__name__} {spec!r}"
        )
    text = str(spec)
    if text in bundled_names():
        return text
    if not text.strip():
        raise PolicyError(f"the policy name is empty: use one of {', '.join(bundled_names())}")
    if Path(text).is_dir():
        raise PolicyError("is a folder; name a policy .yaml file in it", path=text)
    if not isinstance(spec, Path) and Path(text).suffix not in (".yaml", ".yml"):
        wanted = text.strip().lower()
        close = [n for n in bundled_names() if n == wanted]
        close = close or difflib.get_close_matches(wanted, bundled_names(), n=1)
        if close:
            raise PolicyError(
                f"'{text}' is not a bundled policy; did you mean '{close[0]}'? "
                f"(bundled: {', '.join(bundled_names())})"
            )
    return text
