"""A result written as JSON straight from its records: the data `to_dict()` gives, faster.

`Decision.to_dict()` builds the whole tree with `to_jsonable` (a `dataclasses.is_dataclass`
and an `isinstance` chain per value), then walks it again to move each clause's text into the
`clauses` map. On the service that was two thirds of a request's CPU. Here each record class's
shown fields are looked up once per class, dates and Decimals are left to orjson (Decimal as its
string, the same `str()` `to_jsonable` uses), and the clause texts are collected in the same
walk, in the same depth-first order, so the first text of a clause id wins as in `to_dict()`.

`create_app` checks on its example decision that both give the same data, and the tests
compare them on drawn claimants; the service falls back to `to_dict()` if they ever differ.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
from decimal import Decimal
from typing import Any

import orjson

from ..values.results import DECISION_FORMAT, _shown_fields

_LEAVES = frozenset({str, int, bool, type(None), Decimal, dt.date, float})
"""Types written as they are (orjson writes a date as YYYY-MM-DD, `_money` a Decimal)."""
_CITATION_KEYS = frozenset({"layer", "document", "clause", "text", "quoted"})


@dataclasses.dataclass(frozen=True)
class _Plan:
    """How to write one record class: its shown fields, fetched at once."""

    names: tuple[str, ...]
    fetch: Any  # operator.attrgetter of `names`, always giving a tuple
    omitted: tuple[tuple[int, str, Any], ...]  # (index, name, default): left out at default
    citation: bool  # its data has a citation's keys
    frozen: bool  # a frozen dataclass: its data can be kept for the next time it is seen


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
            omitted = tuple(
                (i, name, default) for i, (name, omit, default) in enumerate(shown) if omit
            )
            frozen = bool(getattr(cls, "__dataclass_params__").frozen)  # noqa: B009
            plan = _Plan(names, fetch, omitted, set(names) >= _CITATION_KEYS, frozen)
        _PLANS[cls] = plan
        return plan


def _one(names: tuple[str, ...]) -> Any:
    """A fetch for a record of zero or one shown field (attrgetter gives no tuple then)."""
    return lambda value: tuple(getattr(value, name) for name in names)


def _convert(value: Any, clauses: dict[str, str] | None) -> Any:
    """`to_jsonable(value)`, dates and Decimals kept for orjson; with `clauses`, each
    citation's text moved there (unless its clause id already has another text)."""
    kind = type(value)
    if kind in _LEAVES:
        return value
    if kind is tuple or kind is list:
        return [v if type(v) in _LEAVES else _convert(v, clauses) for v in value]
    if kind is dict:
        out = {
            k if type(k) is str else str(k): v if type(v) in _LEAVES else _convert(v, clauses)
            for k, v in value.items()
        }
        if clauses is not None and out.keys() >= _CITATION_KEYS:
            _move_text(out, clauses)
        return out
    plan = _PLANS.get(kind) or _plan(kind)
    if plan is None:
        return _other(value, clauses)
    if plan.citation and clauses is not None and plan.frozen:
        return _cited(value, plan, clauses)
    return _record(value, plan, clauses)


def _move_text(data: dict[str, Any], clauses: dict[str, str]) -> None:
    """A citation's text moved to `clauses`, unless its clause id already has another text
    there (the first text of a clause id wins, as in `Decision.to_dict()`)."""
    text = data.get("text")
    if type(text) is str and clauses.setdefault(data["clause"], text) == text:
        del data["text"]


def _record(value: Any, plan: _Plan, clauses: dict[str, str] | None) -> dict[str, Any]:
    """A record's data: its leaves as they are, a citation seen before from `_SEEN` without
    converting it again, the rest by `_convert`."""
    values = plan.fetch(value)
    out: dict[str, Any] = {}
    for name, v in zip(plan.names, values, strict=True):
        if type(v) in _LEAVES:
            out[name] = v
            continue
        seen = _SEEN.get(id(v)) if clauses is not None else None
        if seen is not None and seen[0] is v and clauses is not None:
            out[name] = _seen_data(seen, clauses)
        else:
            out[name] = _convert(v, clauses)
    for index, name, default in plan.omitted:
        if values[index] == default:
            del out[name]
    if plan.citation and clauses is not None:
        _move_text(out, clauses)
    return out


_SEEN: dict[int, tuple[Any, dict[str, Any], dict[str, Any]]] = {}
"""id of a citation -> (the citation, its data without `text`, its data): the engine hands
out the same citation objects for every decision (35 objects behind a decision's 161
citations), and they are frozen; the citation is kept in the entry, so its id is not reused."""


def _cited(value: Any, plan: _Plan, clauses: dict[str, str]) -> dict[str, Any]:
    """A citation's data, its text moved to `clauses` as `Decision.to_dict()` does."""
    seen = _SEEN.get(id(value))
    if seen is None or seen[0] is not value:
        full = _convert(value, None)
        bare = {k: v for k, v in full.items() if k != "text"}
        if len(_SEEN) > 4096:
            _SEEN.clear()
        seen = _SEEN[id(value)] = (value, bare, full)
    return _seen_data(seen, clauses)


def _seen_data(
    seen: tuple[Any, dict[str, Any], dict[str, Any]], clauses: dict[str, str]
) -> dict[str, Any]:
    """A kept citation's data: without its text where the text went to `clauses`."""
    full = seen[2]
    text = full.get("text")
    if type(text) is str and clauses.setdefault(full["clause"], text) == text:
        return seen[1]
    return full


def _other(value: Any, clauses: dict[str, str] | None) -> Any:
    """What is neither a leaf, a container nor a record: as `to_jsonable` gives it."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_convert(v, clauses) for v in value]
    if isinstance(value, dict):
        return {str(k): _convert(v, clauses) for k, v in value.items()}
    if isinstance(value, str | int):  # str and int subclasses (enums) as their value
        return str(value) if isinstance(value, str) else int(value)
    return value


def _money(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def decision_data(decision: Any) -> dict[str, Any]:
    """`decision.to_dict()`'s data, dates and Decimals not yet written as text."""
    clauses: dict[str, str] = {}
    data: dict[str, Any] = {"format_version": DECISION_FORMAT, **_convert(decision, clauses)}
    data["clauses"] = dict(sorted(clauses.items()))
    return data


def record_data(record: Any) -> Any:
    """`record.to_dict()`'s data for a record without a `clauses` map (an Eligibility)."""
    return _convert(record, None)


def dumps(data: Any) -> bytes:
    """Compact UTF-8 JSON of what `decision_data` or `record_data` gave."""
    return orjson.dumps(data, default=_money)
