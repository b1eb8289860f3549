"""A request body read into the library's own types, or refused with the library's problems.

The body is plain JSON, read here rather than by a framework model, so that every refusal of a
value is the library's own (`Claimant.from_mapping`, `Event.from_mapping`), with the same
messages as the command line and the Python API.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..values.claimant import EARLIEST, LATEST, Claimant, Event
from ..values.results import Lang
from ._problems import Problem, from_error, problem, refuse
from ._registry import DEFAULT_POLICY, Entry, Registry

LANGS = ("zh", "en")
MAX_EVENTS = 50


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key '{key}' is given twice")
        out[key] = value
    return out


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_no_constants)
"""What `json.loads(text, object_pairs_hook=..., parse_constant=...)` builds anew at each call."""


def parse_json(raw: bytes) -> Any:
    """Strict JSON: UTF-8, no NaN or Infinity, no repeated keys; errors give the line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise refuse(422, f"the body is not UTF-8 text (byte {exc.start})") from None
    try:
        data = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise Problem(422, [problem(f"not valid JSON: {exc.msg}", None, exc.lineno)]) from None
    except ValueError as exc:
        raise refuse(422, f"not valid JSON: {exc}") from None
    except RecursionError:
        raise refuse(422, "not valid JSON: nested too deeply") from None
    if _SURROGATE.search(text) and _has_surrogate(data):
        raise refuse(422, "a text holds a lone surrogate (such as \\ud800), which is no character")
    return data


_SURROGATE = re.compile(r"\\u[dD][89abcdefABCDEF][0-9a-fA-F]{2}")
"""A \\uD800–\\uDFFF escape: only then can a decoded text hold a lone surrogate."""


def _has_surrogate(data: Any) -> bool:
    """Whether any key or text in the decoded JSON holds a lone surrogate (one a valid pair
    became a character already)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if any("\ud800" <= ch <= "\udfff" for ch in item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _object(raw: bytes, allowed: tuple[str, ...]) -> dict[str, Any]:
    data = parse_json(raw)
    if not isinstance(data, dict):
        raise refuse(422, f"the body is a JSON object with {', '.join(allowed)}")
    problems = []
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            problems.append(problem(f"unknown field '{key[:60]}'.{hint}", key[:60]))
    if problems:
        raise Problem(422, problems)
    return data


def parse_date(value: Any, field: str) -> dt.date | None:
    """An optional ISO date, within the years a claimant's dates may take."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            day = None
        if day is not None and len(value) == 10:
            if not EARLIEST <= day <= LATEST:
                raise refuse(422, f"{day} is outside {EARLIEST.year}–{LATEST.year}", field)
            return day
    shown = repr(value)[:40] if isinstance(value, str) else json.dumps(value)[:40]
    raise refuse(422, f"expected a date YYYY-MM-DD, got {shown}", field)


def parse_claimant(value: Any) -> Claimant:
    """`claimant`: the Claimant fields, as `Claimant.from_mapping` reads them."""
    if value is None:
        raise refuse(422, "missing required field 'claimant'", "claimant")
    if not isinstance(value, dict):
        raise refuse(422, "a claimant is an object of Claimant fields", "claimant")
    try:
        return Claimant.from_mapping(value)
    except InputError as exc:
        raise from_error(exc) from None


def parse_events(value: Any) -> tuple[Event, ...]:
    """`events`: a list of {kind, on}."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise refuse(422, "events is a list of {kind, on}", "events")
    if len(value) > MAX_EVENTS:
        raise refuse(422, f"at most {MAX_EVENTS} events in one request", "events")
    events = []
    problems: list[dict[str, Any]] = []
    for i, item in enumerate(value):
        try:
            events.append(Event.from_mapping(item))
        except InputError as exc:
            for issue in exc.problems:
                field = f"events[{i}]" + (f".{issue.field}" if issue.field else "")
                problems.append(problem(issue.message, field))
    if problems:
        raise Problem(422, problems)
    return tuple(events)


def parse_lang(value: Any, default: Lang = "zh") -> Lang:
    """`lang`: zh or en; when absent, `default` (the request's Accept-Language, else zh)."""
    if value is None:
        return default
    if value == "zh" or value == "en":
        return "zh" if value == "zh" else "en"
    shown = repr(value)[:40] if isinstance(value, str) else json.dumps(value)[:40]
    raise refuse(422, f"language must be one of {', '.join(LANGS)}, got {shown}", "lang")


def parse_policy(registry: Registry, value: Any) -> Entry:
    """`policy`: a served name (default xingan)."""
    return registry.get(DEFAULT_POLICY if value is None else value, "policy", status=422)


@dataclass(frozen=True)
class EvaluateRequest:
    """POST /v1/evaluate, read."""

    entry: Entry
    claimant: Claimant
    events: tuple[Event, ...]
    as_of: dt.date | None
    lang: Lang
    explain: bool


EVALUATE_KEYS = ("claimant", "events", "as_of", "lang", "policy", "explain")
ELIGIBILITY_KEYS = ("claimant", "policy")


def _collect(problems: list[dict[str, Any]], fn: Any, *args: Any) -> Any:
    """`fn(*args)`, its refusal's problems added to `problems` (None returned then)."""
    try:
        return fn(*args)
    except Problem as exc:
        problems.extend(exc.problems)
        return None


def _lang_of(data: dict[str, Any]) -> str | None:
    value = data.get("lang")
    return value if value in LANGS else None


def evaluate_request(registry: Registry, raw: bytes, default_lang: Lang = "zh") -> EvaluateRequest:
    """The body of POST /v1/evaluate; every problem of it at once, each on its field."""
    data = _object(raw, EVALUATE_KEYS)
    problems: list[dict[str, Any]] = []
    entry = _collect(problems, parse_policy, registry, data.get("policy"))
    claimant = _collect(problems, parse_claimant, data.get("claimant"))
    events = _collect(problems, parse_events, data.get("events"))
    as_of = _collect(problems, parse_date, data.get("as_of"), "as_of")
    lang = _collect(problems, parse_lang, data.get("lang"), default_lang)
    explain = data.get("explain", False)
    if not isinstance(explain, bool):
        problems.append(problem("explain is true or false", "explain"))
    if problems:
        refusal = Problem(422, problems)
        refusal.lang = _lang_of(data)
        raise refusal
    return EvaluateRequest(entry, claimant, events, as_of, lang, explain)


def eligibility_request(registry: Registry, raw: bytes) -> tuple[Entry, Claimant]:
    """The body of POST /v1/eligibility; every problem of it at once."""
    data = _object(raw, ELIGIBILITY_KEYS)
    problems: list[dict[str, Any]] = []
    entry = _collect(problems, parse_policy, registry, data.get("policy"))
    claimant = _collect(problems, parse_claimant, data.get("claimant"))
    if problems:
        raise Problem(422, problems)
    return entry, claimant
