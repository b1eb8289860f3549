"""A resolved policy: the layers folded together, conditions compiled, ready to evaluate."""

from __future__ import annotations

import datetime as dt
import difflib
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import _layers, _origin, engine
from ._conditions import Condition, compile_condition
from ._model import Clause, Note, Parameter, Rule, StopGround, Texts
from ._params import Standard
from ._resources import bundled_names
from .claimant import Claimant, Event
from .errors import InputError, PolicyError
from .results import (
    Citation,
    Decision,
    Eligibility,
    Entitlement,
    Origin,
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
    """An eligibility rule with its conditions compiled."""

    id: str
    clause: str
    requires: Condition
    when: Condition | None
    passed: Texts
    failed: Texts


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
        self.origin: Origin = _origin.origin(resolved)
        """The engine version and each layer file's SHA-256, carried by every decision."""
        # every dated value of every parameter, so conditions type-check `{param: id}`
        params = {pid: [v.value for v in t.values] for pid, t in resolved.parameters.items()}
        self._param_values = params
        for pid in REQUIRED_PARAMETERS:
            if pid not in params:
                gone = resolved.repealed["parameters"].get(pid)
                if gone is not None:
                    raise PolicyError(
                        f"parameter '{pid}' cannot be repealed: the engine needs it",
                        path=gone.path,
                        line=gone.line,
                    )
                last = resolved.layers[-1]
                raise PolicyError(
                    f"the engine needs parameter '{pid}', which no layer defines",
                    path=last.path,
                )
        self.rules: tuple[CompiledRule, ...] = tuple(
            self._compile_rule(e) for e in resolved.sections["eligibility"].values()
        )
        self.notes: tuple[CompiledNote, ...] = tuple(
            self._compile_note(e) for e in resolved.sections["notes"].values()
        )
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
                    self.conditions[(section, item_id)] = self._compile(raw, e, "when")
        self._special: dict[dt.date, Condition] = {}
        if "benefit_standard" in resolved.parameters:
            table = resolved.parameters["benefit_standard"]
            for dated in table.values:
                value = dated.value
                if isinstance(value, Standard) and value.special_group is not None:
                    at = (*dated.at, "value", "special_group", "when")
                    self._special[dated.start] = compile_condition(
                        value.special_group.when,
                        at,
                        table.entry.doc,
                        engine.FACT_KINDS,
                        params,
                        engine.FACT_CHOICES,
                    )

    def parameters_in_conditions(self) -> frozenset[str]:
        """Every parameter id some condition of the policy names with `{param: id}`."""
        found: set[str] = set()
        for rule in self.rules:
            found |= rule.requires.parameters
            if rule.when is not None:
                found |= rule.when.parameters
        for note in self.notes:
            if note.when is not None:
                found |= note.when.parameters
        for condition in (*self.conditions.values(), *self._special.values()):
            found |= condition.parameters
        return frozenset(found)

    # -- construction helpers -------------------------------------------------------------

    def _compile(self, raw: Any, entry: _layers.Entry, key: str) -> Condition:
        return compile_condition(
            raw,
            (*entry.at, key),
            entry.doc,
            engine.FACT_KINDS,
            self._param_values,
            engine.FACT_CHOICES,
        )

    def _check_texts(self, texts: Texts, entry: _layers.Entry, key: str) -> None:
        for lang in ("zh", "en"):
            template = getattr(texts, lang)
            try:
                names = [f for _, f, _, _ in string.Formatter().parse(template) if f]
            except ValueError as exc:
                raise entry.doc.error((*entry.at, key, lang), f"bad placeholder: {exc}") from None
            for name in names:
                if name not in engine.FACT_KINDS:
                    raise entry.doc.error(
                        (*entry.at, key, lang),
                        f"unknown placeholder '{{{name}}}': use one of {', '.join(engine.FACT_KINDS)}",
                    )

    def _compile_rule(self, entry: _layers.Entry) -> CompiledRule:
        rule = entry.item
        assert isinstance(rule, Rule)
        self._check_texts(rule.passed, entry, "passed")
        self._check_texts(rule.failed, entry, "failed")
        when = self._compile(rule.when, entry, "when") if rule.when is not None else None
        return CompiledRule(
            rule.id,
            rule.clause,
            self._compile(rule.requires, entry, "requires"),
            when,
            rule.passed,
            rule.failed,
        )

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


def _check_date(on: object) -> None:
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise InputError(f"expected a date (datetime.date), got {on!r}", field="on")


def _check_person(person: object) -> None:
    if not isinstance(person, Claimant):
        raise InputError(f"expected a Claimant, got {type(person).__name__}", field="person")


def load_policy(spec: str | Path) -> Policy:
    """Load a bundled policy by name ("xingan") or a YAML file that `extends:` one."""
    return Policy(_layers.resolve(_check_spec(spec)))


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
