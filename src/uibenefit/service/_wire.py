"""A result written as JSON straight from its records: the bytes of what `to_dict()` gives, faster.

`Decision.to_dict()` builds the whole tree with `to_jsonable` (a `dataclasses.is_dataclass`
and an `isinstance` chain per value), then walks it again to move each clause's text into the
`clauses` map. On the service that was two thirds of a request's CPU, and a Python walk of the
records that built the same tree for orjson was still a third. Here orjson walks the records
itself: tuples, lists, dicts, strings, numbers and dates in C, and each record handed to
`_Writer` (orjson's `default`), which gives its shown fields at once (looked up once per class)
and leaves what they hold to orjson. A citation's data is kept per citation object (the engine
hands out the same frozen citations to every decision), its text moved to the clause map as it
is met; orjson meets the records depth-first in field order, as `to_dict()` does, so the first
text of a clause id wins as there. The clause map is written after the decision's fields.
A record frozen all the way down that is met again (the engine hands the same paperwork records
to many decisions) is written from the JSON kept the first time, its clause texts put in the
map as its citations would put them (`_KEPT`).

`Answers` checks on its example decision that both give the same data, and the tests compare
them on drawn claimants; the service falls back to `to_dict()` if they ever differ.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import types
import typing
from decimal import Decimal
from typing import Any

import orjson

from ..values.results import DECISION_FORMAT, _shown_fields

_CITATION_KEYS = frozenset({"layer", "document", "clause", "text", "quoted"})
_NATIVE = frozenset({str, int, bool, type(None), float, dt.date})
"""Types orjson writes itself as `to_dict()` does (a date as YYYY-MM-DD)."""
_OPTIONS = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS


@dataclasses.dataclass(frozen=True)
class _Plan:
    """How to write one record class: its shown fields, fetched at once."""

    names: tuple[str, ...]
    fetch: Any  # operator.attrgetter of `names`, always giving a tuple
    omitted: tuple[tuple[str, Any], ...]  # (name, default): left out while at its default
    checked: tuple[int, ...]  # the fields whose types admit a Decimal or a record
    citation: bool  # its data has a citation's keys
    frozen: bool  # a frozen dataclass: its data can be kept for the next time it is seen
    shared: bool  # frozen all the way down: its JSON is kept while the record lives (`_Kept`)


_PLANS: dict[type, _Plan | None] = {}


def _plan(cls: type) -> _Plan | None:
    """The plan of a record class (None: not a dataclass), made once per class."""
    try:
        return _PLANS[cls]
    except KeyError:
        plan = None
        if dataclasses.is_dataclass(cls):
            shown = _shown_fields(cls)
            names = tuple(name for name, _, _ in shown)
            fetch = operator.attrgetter(*names) if len(names) > 1 else _one(names)
            omitted = tuple((name, default) for name, omit, default in shown if omit)
            frozen = bool(getattr(cls, "__dataclass_params__").frozen)  # noqa: B009
            checked = _checked(cls, names)
            citation = set(names) >= _CITATION_KEYS
            shared = frozen and not citation and _immutable(cls, set())
            plan = _Plan(names, fetch, omitted, checked, citation, frozen, shared)
        _PLANS[cls] = plan
        return plan


def _checked(cls: type, names: tuple[str, ...]) -> tuple[int, ...]:
    """The fields a record's writer looks at (a Decimal written as its text, a citation from
    `_SEEN`) rather than leave them to orjson: those whose declared type is not only types
    orjson writes itself; every field where the types cannot be read."""
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # a type its module cannot resolve: look at every field
        hints = {}
    return tuple(i for i, name in enumerate(names) if not _native(hints.get(name, object)))


def _native(hint: Any) -> bool:
    """Whether orjson writes every value of a declared type itself, as `to_dict()` would."""
    if hint in _NATIVE or hint is None:
        return True
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return all(_native(arg) for arg in typing.get_args(hint))
    return False


_ATOMS = frozenset({str, int, bool, float, type(None), dt.date, Decimal})


def _immutable(hint: Any, seen: set[type]) -> bool:
    """Whether every value of a declared type is immutable all the way down (texts, numbers,
    dates, tuples of them, frozen records of them): its JSON cannot change while it lives."""
    if hint in _ATOMS or hint is None or hint in seen:
        return True
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if isinstance(hint, types.UnionType) or origin is typing.Union or origin is tuple:
        return all(arg is Ellipsis or _immutable(arg, seen) for arg in args)
    if origin is typing.Literal:
        return True
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not getattr(hint, "__dataclass_params__").frozen:  # noqa: B009
            return False
        seen.add(hint)
        try:
            hints = typing.get_type_hints(hint)
        except Exception:  # a type its module cannot resolve: not known to be immutable
            return False
        return all(_immutable(hints.get(f.name, object), seen) for f in dataclasses.fields(hint))
    return False


def _one(names: tuple[str, ...]) -> Any:
    """A fetch for a record of zero or one shown field (attrgetter gives no tuple then)."""
    return lambda value: tuple(getattr(value, name) for name in names)


def _fields(value: Any, plan: _Plan) -> dict[str, Any]:
    """A record's shown fields, as they are (orjson writes what they hold)."""
    out = dict(zip(plan.names, plan.fetch(value), strict=False))
    for name, default in plan.omitted:
        if out[name] == default:
            del out[name]
    return out


_Kept = tuple[Any, Any, tuple[tuple[str, str], ...]]

_SEEN: dict[int, tuple[Any, Any, Any, dict[str, Any]]] = {}
"""id of a citation -> (the citation, its JSON without `text`, its JSON, its data): the engine hands
out the same citation objects for every decision (35 objects behind a decision's 161
citations), and they are frozen; the citation is kept in the entry, so its id is not reused."""


def _fragment(data: dict[str, Any]) -> Any:
    """Data written as JSON once, kept as an orjson Fragment (its bytes copied as they are),
    or the data itself where a value needs the writer (a Decimal, a record)."""
    try:
        return orjson.Fragment(orjson.dumps(data, option=orjson.OPT_PASSTHROUGH_DATACLASS))
    except TypeError:
        return data


_LIMIT = 4096
"""Entries a cache of records by id holds before it is emptied (each keeps its record alive)."""

_ONCE: dict[int, Any] = {}
"""id of a shared record seen once -> the record: seen again, its JSON is kept (`_KEPT`); a
record made for one decision (a month's Payment) is seen once and never written alone."""

_TRIAL = 512
"""First sightings of a class after which, if none of them was seen again, its records are no
longer remembered: a month's Payment is made for one decision, and holding thousands of them
only gives the cyclic collector more to walk."""

_FIRST: dict[type, int] = {}
_REPEATED: set[type] = set()


def _remember(value: Any) -> None:
    """Note a shared record's first sighting (in `_ONCE`) while its class may repeat."""
    kind = type(value)
    if kind not in _REPEATED:
        first = _FIRST.get(kind, 0)
        if first >= _TRIAL:
            return
        _FIRST[kind] = first + 1
    if len(_ONCE) > _LIMIT:
        _ONCE.clear()
    _ONCE[id(value)] = value


_KEPT: tuple[dict[int, _Kept], dict[int, _Kept]] = ({}, {})
"""id of a shared record seen twice -> the record, its JSON, and the (clause, text) pairs its
citations put in the clause map, for documents without and with a clause map. The engine hands
the same paperwork records to many decisions (a request's ~25 requirements and obligations are
~2 new ones): each is written once while it lives, and its pairs are put in each document's
map as its citations would put them."""


class _Writer:
    """orjson's `default` for one document: records as their shown fields, Decimals as their
    text; with `clauses`, each citation's text moved there (unless its clause id already has
    another text: the first text of a clause id wins, as in `Decision.to_dict()`)."""

    __slots__ = ("cited", "clauses", "kept")

    def __init__(self, clauses: dict[str, str] | None) -> None:
        self.clauses = clauses
        # id -> (citation, its data in this document): within one document a citation's
        # data never changes (its clause's first text is set once), so it is worked out once
        self.cited: dict[int, tuple[Any, Any]] = {}
        self.kept = _KEPT[clauses is not None]

    def __call__(self, value: Any) -> Any:
        kind = type(value)
        if kind is Decimal:
            return str(value)
        plan = _PLANS.get(kind) or _plan(kind)
        if plan is None:
            if isinstance(value, Decimal):
                return str(value)
            raise TypeError(f"{kind.__name__} is not JSON")
        if not plan.citation:
            return self._shared(value, plan) if plan.shared else self._record(value, plan)
        if plan.frozen:
            return self._kept(value, plan)
        return self._moved(_fields(value, plan))

    def _record(self, value: Any, plan: _Plan) -> dict[str, Any]:
        """A record's fields, its Decimals and kept citations written here (a call from
        orjson costs more than the few lines each takes)."""
        values = plan.fetch(value)
        if plan.checked:
            values = list(values)
            cited = self.cited
            for index in plan.checked:
                item = values[index]
                if item is None:
                    continue
                kind = type(item)
                if kind is Decimal:
                    values[index] = str(item)
                    continue
                known = cited.get(id(item))
                if known is not None and known[0] is item:
                    values[index] = known[1]
                    continue
                inner = _PLANS.get(kind)
                if inner is not None and inner.citation and inner.frozen:
                    values[index] = self._kept(item, inner)
        out = dict(zip(plan.names, values, strict=False))  # as many as names: one attrgetter
        for name, default in plan.omitted:
            if out[name] == default:
                del out[name]
        return out

    def _shared(self, value: Any, plan: _Plan) -> Any:
        """A record frozen all the way down: from its kept JSON when it has been seen before
        and its clause texts agree with this document's map (else written here)."""
        kept = self.kept.get(id(value))
        if kept is None or kept[0] is not value:
            if _ONCE.get(id(value)) is not value:
                _remember(value)
                return self._record(value, plan)
            _REPEATED.add(type(value))
            _ONCE.pop(id(value), None)
            kept = self._keep(value, plan)
        if self.clauses is not None:
            for clause, text in kept[2]:
                if self.clauses.setdefault(clause, text) != text:
                    return self._record(value, plan)  # another text of the clause came first
        return kept[1]

    def _keep(self, value: Any, plan: _Plan) -> _Kept:
        """A shared record written alone, with the clause texts its citations put in the map."""
        clauses: dict[str, str] | None = None if self.clauses is None else {}
        alone = _Writer(clauses)
        written = orjson.dumps(alone._record(value, plan), default=alone, option=_OPTIONS)
        kept = (value, orjson.Fragment(written), tuple(clauses.items()) if clauses else ())
        if len(self.kept) > _LIMIT:
            self.kept.clear()
        self.kept[id(value)] = kept
        return kept

    def _kept(self, value: Any, plan: _Plan) -> Any:
        """A frozen citation's data in this document, worked out once per document."""
        known = self.cited.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        data = self._cited(value, plan)
        self.cited[id(value)] = (value, data)
        return data

    def _cited(self, value: Any, plan: _Plan) -> Any:
        seen = _SEEN.get(id(value))
        if seen is None or seen[0] is not value:
            full = _fields(value, plan)
            bare = {k: v for k, v in full.items() if k != "text"}
            if len(_SEEN) > 4096:
                _SEEN.clear()
            # written once: orjson copies a Fragment's bytes where it would walk the dict again
            seen = _SEEN[id(value)] = (value, _fragment(bare), _fragment(full), full)
        if self.clauses is None:
            return seen[2]
        text = seen[3].get("text")
        if type(text) is str and self.clauses.setdefault(seen[3]["clause"], text) == text:
            return seen[1]
        return seen[2]

    def _moved(self, data: dict[str, Any]) -> dict[str, Any]:
        text = data.get("text")
        clauses = self.clauses
        if (
            clauses is not None
            and type(text) is str
            and clauses.setdefault(data["clause"], text) == text
        ):
            del data["text"]
        return data


def decision_json(decision: Any) -> bytes:
    """The JSON of `decision.to_dict()`: its shown fields, then the clause map."""
    plan = _plan(type(decision))
    assert plan is not None
    clauses: dict[str, str] = {}
    body = {"format_version": DECISION_FORMAT, **_fields(decision, plan)}
    head = orjson.dumps(body, default=_Writer(clauses), option=_OPTIONS)
    tail = orjson.dumps(dict(sorted(clauses.items())))
    return b"".join((head[:-1], b',"clauses":', tail, b"}"))


def record_json(record: Any) -> bytes:
    """The JSON of `record.to_dict()` for a record without a clause map (an Eligibility)."""
    return orjson.dumps(record, default=_Writer(None), option=_OPTIONS)


def explained_json(decision: bytes, explanation: str) -> bytes:
    """{"decision": ..., "explanation": ...} from a decision's JSON and its explanation."""
    return b"".join(
        (b'{"decision":', decision, b',"explanation":', orjson.dumps(explanation), b"}")
    )


def dumps(data: Any) -> bytes:
    """Compact UTF-8 JSON of what `to_dict()` gave (dates and Decimals written as it would)."""
    return orjson.dumps(data, default=_Writer(None), option=_OPTIONS)
