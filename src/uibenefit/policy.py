"""A resolved policy: the layers folded together, conditions compiled, ready to evaluate."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import InputError, PolicyError
from .law import _layers, _origin
from .law._compiled import Compiled, CompiledNote
from .law._model import Parameter, StopGround
from .law._resources import bundled_names
from .law.calendar import WorkCalendar
from .procedure import engine
from .procedure.entitlement import retirement_date
from .values import _yaml
from .values.claimant import NAME_PARAMETERS, Claimant, Event
from .values.results import (
    Citation,
    Decision,
    Eligibility,
    Entitlement,
    Origin,
    Paperwork,
    Payment,
    StopDecision,
)


class Policy:
    """The resolved chain of layers; every answer method is a pure function of its arguments.

    The answers come from the compiled rules (`compiled`), built once when the policy loads;
    this object keeps the loading, the lookups users need and the questions of the contract.
    """

    def __init__(self, resolved: _layers.Resolved) -> None:
        self._resolved = resolved
        self.layers: tuple[str, ...] = tuple(layer.name for layer in resolved.layers)
        self.name: str = self.layers[-1]
        self._compiled = Compiled(resolved)
        self.origin: Origin = _origin.origin(resolved)
        """The engine version and each layer file's SHA-256, carried by every decision."""
        self.stop_grounds: dict[str, StopGround] = {
            kind: ground.item for kind, ground in self._compiled.grounds.items()
        }

    @property
    def compiled(self) -> Compiled:
        """The compiled rules the answers come from (read-only)."""
        return self._compiled

    @property
    def event_kinds(self) -> tuple[str, ...]:
        """The kinds of Event this policy's stop grounds answer to, in the policy's order."""
        return self._compiled.event_kinds

    @property
    def notes(self) -> tuple[CompiledNote, ...]:
        """The eligibility notes, compiled."""
        return self._compiled.notes

    def parameters_in_conditions(self) -> frozenset[str]:
        """Every parameter id some condition of the policy names with `{param: id}`."""
        return self._compiled.parameters_in_conditions

    # -- parameters and citations ---------------------------------------------------------

    @property
    def resolved(self) -> _layers.Resolved:
        """The folded layers, sections and parameter tables (for tools such as `show`)."""
        return self._resolved

    def has(self, pid: str) -> bool:
        """True if some layer defines the parameter."""
        return _check_id(pid, "pid") in self._resolved.parameters

    def has_clause(self, clause_id: str) -> bool:
        """True if some layer defines the clause."""
        return _check_id(clause_id, "clause_id") in self._resolved.sections["clauses"]

    def table(self, pid: str) -> _layers.ParameterTable:
        """All dated values of a parameter."""
        _check_id(pid, "pid")
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

    def input_names(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """For each coded Claimant field, the names a caseworker may type for each code, from
        the parameters `sex_names`, `separation_reason_names` (also for registered_reason)
        and `area_names`, over all their dated values."""
        out: dict[str, dict[str, tuple[str, ...]]] = {}
        for key, pid in NAME_PARAMETERS.items():
            if pid not in self._resolved.parameters:
                continue
            table: dict[str, tuple[str, ...]] = {}
            for dated in self._resolved.parameters[pid].values:
                for code, names in (dated.value or {}).items():
                    listed = [names] if isinstance(names, str) else list(names)
                    table[code] = tuple(dict.fromkeys([*table.get(code, ()), *listed]))
            out[key] = table
        return out

    def cite(self, clause_id: str) -> Citation:
        """The Citation for a clause id: its layer, document, id and Chinese words."""
        return self._compiled.cite(_check_id(clause_id, "clause_id"))

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
        return retirement_date(self._compiled, person)

    def eligibility(self, person: Claimant) -> Eligibility:
        """Is the person entitled, with each condition and note and its clause."""
        _check_person(person)
        return engine.eligibility(self._compiled, person, WorkCalendar.bundled())

    def entitlement(self, person: Claimant) -> Entitlement:
        """Regular and continuation months, start and last day paid."""
        _check_person(person)
        return engine.entitlement(self._compiled, person, WorkCalendar.bundled())

    def payout_schedule(self, person: Claimant) -> list[Payment]:
        """One payment per entitlement month, with amount, pay-by date and medical insurance."""
        _check_person(person)
        return engine.payout_schedule(self._compiled, person, WorkCalendar.bundled())

    def stop(
        self, person: Claimant, events: Sequence[Event] = (), as_of: dt.date | None = None
    ) -> StopDecision:
        """When payment stops and what is paid, forfeited, paid at once or overpaid."""
        _check_person(person)
        return engine.stop(self._compiled, person, events, as_of, WorkCalendar.bundled())

    def paperwork(self, person: Claimant) -> Paperwork:
        """What to bring, what nobody may ask, what the employer owes and by when, where to go."""
        _check_person(person)
        return engine.paperwork(self._compiled, person, WorkCalendar.bundled())

    def evaluate(
        self, person: Claimant, events: Sequence[Event] = (), as_of: dt.date | None = None
    ) -> Decision:
        """All of the above in one Decision, with `explain()` and `to_dict()`."""
        _check_person(person)
        return engine.evaluate(
            self._compiled, person, events, as_of, WorkCalendar.bundled(), self.origin
        )

    def evaluate_batch(
        self, claimants: Any, events: Any = None, as_of: dt.date | None = None
    ) -> Any:
        """A pyarrow.Table, one decision row per claimant (needs the `batch` extra).

        See `uibenefit.population`: every row equals `evaluate` for that claimant.
        """
        return _population().evaluate_batch(self, claimants, events, as_of)

    def schedule_batch(
        self, claimants: Any, events: Any = None, as_of: dt.date | None = None
    ) -> Any:
        """A pyarrow.Table, one row per benefit month of every claimant (`batch` extra)."""
        return _population().schedule_batch(self, claimants, events, as_of)

    def __repr__(self) -> str:
        return f"<Policy {' -> '.join(self.layers)}>"


def _check_id(value: object, field: str) -> str:
    """A parameter or clause id is text: anything else is the caller's InputError."""
    if not isinstance(value, str):
        raise InputError(f"expected an id (text), got {type(value).__name__}", field=field)
    return value


def _population() -> Any:
    """uibenefit.population, imported on first use (pyarrow and numpy are an extra)."""
    try:
        from . import population
    except ImportError as exc:
        raise ImportError(
            f"evaluate_batch and schedule_batch need pyarrow and numpy ({exc}): "
            "pip install 'uibenefit[batch]'"
        ) from exc
    return population


def _check_date(on: object) -> None:
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise InputError(f"expected a date (datetime.date), got {on!r}", field="on")


def _check_person(person: object) -> None:
    if not isinstance(person, Claimant):
        raise InputError(f"expected a Claimant, got {type(person).__name__}", field="person")


_LOADED: dict[tuple[str, str], tuple[tuple[tuple[Path, str], ...], Policy]] = {}
"""Policies already loaded in this process, with the digest of each file of their chain."""


def load_policy(spec: str | Path) -> Policy:
    """Load a bundled policy by name ("xingan") or a YAML file that `extends:` one.

    A policy loaded before is given again (policies are read-only) when every file of its
    chain still has the same contents; a file changed, moved or gone means a fresh load.
    """
    text = _check_spec(spec)
    key = (text, os.getcwd())
    known = _LOADED.get(key)
    if known is not None and all(_digest(path) == digest for path, digest in known[0]):
        return known[1]
    policy = Policy(_layers.resolve(text, collect=True))
    files = _chain_files(text, policy.resolved)
    if files is not None:
        _LOADED[key] = (tuple((path, _digest(path)) for path in files), policy)
    return policy


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _chain_files(spec: str, resolved: _layers.Resolved) -> list[Path] | None:
    """The files of a resolved chain, from `spec` up its `extends:` (None if one is unclear)."""
    try:
        current = _layers.locate(spec)
        files: list[Path] = []
        for layer in reversed(resolved.layers):
            files.append(current)
            parent = layer.doc.data.get("extends") if isinstance(layer.doc.data, dict) else None
            if isinstance(parent, str):
                current = _layers.locate(parent, current.parent)
        return files
    except PolicyError:
        return None


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
    _yaml.check_path(text)  # a NUL, a surrogate, a name over 255 bytes: refused, not an OSError
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
