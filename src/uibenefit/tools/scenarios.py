"""Auditor scenarios: cases written as YAML, run against a policy, compared part by part.

A scenario file names a policy and lists cases::

    policy: xingan            # a bundled name, or a path relative to this file
    cases:
      - name: A worker whose contract expired after 14 years gets 24 months
        clauses: [SIL-46]     # optional: clauses the case exercises (for coverage)
        as_of: 2021-06-30     # optional: the audit date
        person: {birth_date: 1968-07-15, sex: male, ...}    # Claimant fields
        events: [{kind: reemployed, on: 2020-11-20}]        # optional
        expect:               # any part of decision.to_dict(), matched partially
          entitlement: {regular_months: 24, end: 2022-04-09}
          schedule: {0: {amount: 1248.00}, -1: {pay_by: 2022-03-31}}

A file may give `defaults:` (a base `person`, `as_of`, `events` and the `policy`) that every
case starts from: a case's `person:` changes only the fields it writes, and its `as_of:` or
`events:` replace the defaults'. So a case states only what makes it different::

    defaults:
      policy: xingan
      as_of: 2021-06-30
      person: {birth_date: 1968-07-15, sex: male, ...}
    cases:
      - name: Twelve months of contributions are enough
        person: {contribution_months: 12}
        expect: {eligibility: {eligible: true}}

How `expect` is matched against `decision.to_dict()`:

- a mapping matches key by key; keys it leaves out are not checked;
- a list in `expect` matches a list of the same length, item by item (items partially);
- a mapping in place of a list picks items: `0`, `1`, … `-1` by position (0 is the first
  item, so `schedule: {0: …}` is benefit month 1), any other key by the item's `id`
  (`findings: {late_claim: {passed: null}}`); `some_id: null` asserts no item has that id;
- a number matches money by exact decimal value (`1248` and `1248.00` both match "1248.00";
  `1248.001` does not); a quoted string matches text exactly (`"1248.00"` does not match
  "1248.0"), so write a quoted string to pin the form of an amount;
- a date matches its ISO text; `null`, `true` and `false` match only themselves.

Unknown keys anywhere in a scenario file, including in `expect`, are errors with the file,
line and a suggestion, checked against the fields of the result records before anything runs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
import re
import traceback
import types
import typing
import xml.etree.ElementTree as ET
from collections import ChainMap, Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast

from ..errors import InputError, PolicyError, UIBenefitError, did_you_mean, escape, shorten
from ..law._model import Clause
from ..law._resources import bundled_names
from ..policy import Policy, load_policy
from ..values import _yaml
from ..values._yaml import LocatedDocument, Mark, YamlPath
from ..values.claimant import Claimant, Event
from ..values.person_file import locate, parse_person, read_yaml
from ..values.results import Decision

MARKER = "uibenefit-scenarios"
"""A top-level `uibenefit-scenarios: 1` marks a scenario file wherever it is (pytest plugin)."""
FILE_KEYS = ("policy", "description", "defaults", "cases", MARKER)
DEFAULT_KEYS = ("policy", "as_of", "person", "events")
CASE_KEYS = ("name", "clauses", "as_of", "person", "events", "expect")
_INDEX = re.compile(r"-?[0-9]{1,4}", re.ASCII)
"""A list index in `expect:` (0, 1, -1 …): ASCII digits, at most 9999."""
_DIGITS = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_CASES_LINE = re.compile(r"^cases\s*:", re.MULTILINE)


# ----------------------------------------------------------------------------- the format


@dataclass(frozen=True)
class Case:
    """One scenario: a person, events and an audit date, and what the decision must say."""

    name: str
    path: str
    line: int
    policy: str
    person: Claimant
    events: tuple[Event, ...]
    as_of: dt.date | None
    clauses: tuple[str, ...]
    expect: Mapping[str, Any]
    doc: LocatedDocument = field(repr=False, compare=False)
    at: YamlPath = ()

    @property
    def where(self) -> str:
        """`scenarios/duration.yaml:12`: where the case starts."""
        return f"{self.path}:{self.line}"

    def expect_line(self, yaml_keys: Sequence[str]) -> int:
        """The line of an expectation, given its keys below `expect:`."""
        return self.doc.mark((*self.at, "expect", *yaml_keys)).line


@dataclass(frozen=True)
class BrokenCase:
    """A case that could not be read (loaded leniently): reported as one failed case."""

    name: str
    path: str
    line: int
    error: UIBenefitError

    @property
    def where(self) -> str:
        """`scenarios/duration.yaml:12`: where the case starts."""
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class ScenarioFile:
    """A file of cases for one policy (and, loaded leniently, the cases that are malformed)."""

    path: str
    policy: str
    description: str | None
    cases: tuple[Case, ...]
    broken: tuple[BrokenCase, ...] = ()
    policy_line: int | None = None
    """The line of `policy:`, where a policy that does not load is reported."""


def looks_like_scenarios(path: str | Path) -> bool:
    """True if a YAML file has a top-level `cases:` key (policy files never do).

    Only a regular file is opened (a FIFO named *.yaml does not block the collection), and
    only as much of it as the loader would read.
    """
    try:
        raw = _yaml.read_bytes(path, str(path))
    except PolicyError:
        return False
    text = raw[: _yaml.MAX_BYTES].decode("utf-8", errors="replace")
    return _CASES_LINE.search(text) is not None


def _fail(doc: LocatedDocument, at: YamlPath, message: str, key: str | None = None) -> InputError:
    """An InputError at the line of `at` in the scenario file, naming the field."""
    return InputError(message, field=key, path=doc.path, line=doc.mark(at).line)


def _check_keys(
    data: Mapping[str, Any], allowed: Sequence[str], doc: LocatedDocument, at: YamlPath, what: str
) -> None:
    for key in data:
        if key not in allowed:
            hint = did_you_mean(key[:100], allowed) or f" Expected: {', '.join(allowed)}."
            shown = shorten(key)
            raise _fail(doc, (*at, key), f"unknown key '{shown}' in {what}.{hint}", shown)


def _policy_spec(value: Any, doc: LocatedDocument, at: YamlPath = ("policy",)) -> str:
    if not isinstance(value, str) or not value:
        raise _fail(doc, at, "policy is a bundled name or a path to a .yaml file", "policy")
    if value in bundled_names():
        return value
    try:
        _yaml.check_path(value)
    except PolicyError as exc:
        raise _fail(doc, at, exc.detail, "policy") from None
    p = Path(value)
    if not p.is_absolute():
        p = Path(doc.path).parent / p
    if not p.is_file():
        known = ", ".join(bundled_names())
        raise _fail(
            doc,
            at,
            f"'{shorten(value)}' is neither a bundled policy ({known}) nor a file "
            f"(looked for {shorten(str(p), 120)})",
            "policy",
        )
    return str(p)


def _broken(raw: Any, doc: LocatedDocument, at: YamlPath, error: UIBenefitError) -> BrokenCase:
    name = raw.get("name") if isinstance(raw, dict) else None
    if not isinstance(name, str) or not name.strip():
        name = f"case {int(at[-1]) + 1} (line {doc.mark(at).line})"
    return BrokenCase(name.strip(), doc.path, doc.mark(at).line, error)


def load_scenarios(path: str | Path, *, lenient: bool = False) -> ScenarioFile:
    """Read and check a scenario file; every error names the file, line and field.

    With `lenient`, a malformed case does not stop the file: it is kept in `broken`, and the
    other cases load (an error in the file's own keys still raises)."""
    doc = read_yaml(path)
    data = doc.data
    if not isinstance(data, dict) or "cases" not in data:
        raise _fail(doc, (), "a scenario file is a mapping with policy: and cases:")
    _check_keys(data, FILE_KEYS, doc, (), "a scenario file")
    if MARKER in data and (data[MARKER] != 1 or isinstance(data[MARKER], bool)):
        raise _fail(doc, (MARKER,), f"{MARKER} is 1 (the scenario format's version)", MARKER)
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise _fail(doc, ("defaults",), "defaults is a mapping of " + ", ".join(DEFAULT_KEYS))
    _check_keys(defaults, DEFAULT_KEYS, doc, ("defaults",), "defaults")
    if "policy" in data and "policy" in defaults:
        first = doc.mark(("policy",)).line
        raise _fail(
            doc,
            ("defaults", "policy"),
            f"the policy is given twice (first at line {first}): keep one",
            "policy",
        )
    if "policy" in defaults:
        spec = _policy_spec(defaults["policy"], doc, ("defaults", "policy"))
    elif "policy" in data:
        spec = _policy_spec(data["policy"], doc)
    else:
        raise _fail(doc, (), "missing 'policy:' (a bundled name such as xingan, or a path)")
    base_person = defaults.get("person")
    if base_person is not None and not isinstance(base_person, dict):
        raise _fail(
            doc, ("defaults", "person"), "a person is a mapping of Claimant fields", "person"
        )
    description = data.get("description")
    if description is not None and not isinstance(description, str):
        raise _fail(doc, ("description",), "description is text", "description")
    raw_cases = data["cases"]
    if not isinstance(raw_cases, list) or not raw_cases:
        raise _fail(doc, ("cases",), "cases is a non-empty list of cases", "cases")
    cases: list[Case] = []
    broken: list[BrokenCase] = []
    problems: list[InputError] = []
    seen: dict[str, int] = {}
    inherited = _Inherited(doc) if defaults else None
    for i, raw in enumerate(raw_cases):  # every case is read, so all its problems are told
        at: YamlPath = ("cases", i)
        try:
            case = _case(_with_defaults(raw, defaults, doc, at, inherited), at, spec)
            if case.name in seen:
                raise _fail(
                    doc,
                    (*case.at, "name"),
                    f"two cases are named '{case.name}' (first at line {seen[case.name]})",
                    "name",
                )
        except UIBenefitError as exc:
            if lenient:
                broken.append(_broken(raw, doc, at, exc))
            elif isinstance(exc, InputError):
                problems.append(exc)
            else:
                raise
            continue
        seen[case.name] = case.line
        cases.append(case)
    if problems:
        raise InputError.several(problems)
    policy_at = ("defaults", "policy") if "policy" in defaults else ("policy",)
    return ScenarioFile(
        doc.path, spec, description, tuple(cases), tuple(broken), doc.mark(policy_at).line
    )


class _Inherited:
    """The marks of the file's `defaults:`, gathered once per file: each case's view then
    grafts only these (not a copy of every mark of the file, which made 20,000 cases with
    defaults quadratic)."""

    def __init__(self, doc: LocatedDocument) -> None:
        self.doc = doc
        self.marks: list[tuple[YamlPath, Mark]] = []
        self.key_marks: list[tuple[YamlPath, Mark]] = []
        for path, mark in doc.marks.items():
            if path[:1] == ("defaults",):
                self.marks.append((path, mark))
        for path, mark in doc.key_marks.items():
            if path[:1] == ("defaults",):
                self.key_marks.append((path, mark))

    def view(self) -> LocatedDocument:
        """The file as seen from one case: its own marks first, then the file's (shared)."""
        doc = self.doc
        marks = cast(dict[YamlPath, Mark], ChainMap({}, doc.marks))
        key_marks = cast(dict[YamlPath, Mark], ChainMap({}, doc.key_marks))
        return LocatedDocument(doc.path, doc.data, marks, key_marks)

    def graft(self, view: LocatedDocument, source: YamlPath, target: YamlPath) -> None:
        """Make the marks of everything under `source` known under `target` as well."""
        n = len(source)
        for found, marks in ((self.marks, view.marks), (self.key_marks, view.key_marks)):
            for path, mark in found:
                if path[:n] == source:
                    marks.setdefault((*target, *path[n:]), mark)


def _with_defaults(
    raw: Any,
    defaults: Mapping[str, Any],
    doc: LocatedDocument,
    at: YamlPath,
    inherited: _Inherited | None = None,
) -> tuple[Any, LocatedDocument]:
    """The case with the file's defaults filled in, and a view of the file in which every
    inherited value sits (for its line) under the case, where it now belongs."""
    if not defaults or not isinstance(raw, dict):
        return raw, doc
    inherited = inherited if inherited is not None else _Inherited(doc)
    view = inherited.view()
    _graft = inherited.graft
    merged = dict(raw)
    for key in ("as_of", "events"):
        if key not in raw and key in defaults:
            merged[key] = defaults[key]
            _graft(view, ("defaults", key), (*at, key))
    base = defaults.get("person")
    if isinstance(base, dict):
        own = raw.get("person")
        if own is None:
            merged["person"] = dict(base)
            _graft(view, ("defaults", "person"), (*at, "person"))
        elif isinstance(own, dict):
            merged["person"] = {**base, **own}
            view.marks.setdefault((*at, "person"), doc.mark(at))
            for key in base:
                if key not in own:
                    _graft(view, ("defaults", "person", key), (*at, "person", key))
    return merged, view


def _case(given: tuple[Any, LocatedDocument], at: YamlPath, spec: str) -> Case:
    raw, doc = given
    if not isinstance(raw, dict):
        raise _fail(doc, at, "a case is a mapping with name, person and expect")
    _check_keys(raw, CASE_KEYS, doc, at, "a case")
    for key in ("name", "person", "expect"):
        if key not in raw:
            raise _fail(doc, at, f"a case needs '{key}:'", key)
    name = raw["name"]
    if not isinstance(name, str) or not name.strip():
        raise _fail(doc, (*at, "name"), "name is a sentence saying what the case shows", "name")
    person_data = raw["person"]
    if isinstance(person_data, dict) and "events" in person_data:
        raise _fail(
            doc, (*at, "person", "events"), "write events: beside person:, not inside it", "events"
        )
    person = parse_person(person_data, doc, (*at, "person")).person
    raw_events = raw.get("events") or []
    if not isinstance(raw_events, list):
        raise _fail(doc, (*at, "events"), "events is a list of {kind, on}", "events")
    events: list[Event] = []
    for i, e in enumerate(raw_events):
        if not isinstance(e, dict):
            raise _fail(doc, (*at, "events", i), "an event is a mapping {kind, on}", "events")
        events.append(Event.from_mapping(e, doc, (*at, "events", i)))
    as_of = raw.get("as_of")
    if as_of is not None and (not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime)):
        raise _fail(
            doc, (*at, "as_of"), f"expected a date YYYY-MM-DD, got {shorten(repr(as_of))}", "as_of"
        )
    clauses = raw.get("clauses") or []
    if not isinstance(clauses, list) or not all(isinstance(c, str) for c in clauses):
        raise _fail(doc, (*at, "clauses"), "clauses is a list of clause ids", "clauses")
    expect = raw["expect"]
    if not isinstance(expect, dict) or not expect:
        raise _fail(
            doc, (*at, "expect"), "expect is a non-empty mapping: part of decision.to_dict()"
        )
    _check_expect(expect, doc, (*at, "expect"))
    return Case(
        name.strip(),
        doc.path,
        doc.mark(at).line,
        spec,
        person,
        tuple(events),
        as_of,
        tuple(clauses),
        expect,
        doc,
        at,
    )


# ---------------------------------------------------------- expect: checked against results


def _hints(cls: Any) -> dict[str, Any]:
    """Field → type of a result record; Decision's plain-dict claimant and events are checked
    as the Claimant and Event fields they hold."""
    hints = typing.get_type_hints(cls)
    if cls is Decision:
        hints = {**hints, "claimant": Claimant | None, "events": tuple[Event, ...]}
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def _kind(hint: Any) -> str:
    names = {str: "text", int: "a whole number", bool: "true or false", Decimal: "an amount"}
    if hint in names:
        return names[hint]
    if hint is dt.date:
        return "a date"
    return getattr(hint, "__name__", str(hint))


def _has_id(hint: Any) -> bool:
    """Whether items of this type can be picked from a list by `id` in `expect`."""
    return dataclasses.is_dataclass(hint) and "id" in {f.name for f in dataclasses.fields(hint)}


def _check_expect(value: Any, doc: LocatedDocument, at: YamlPath, hint: Any = Decision) -> None:
    """Refuse an expectation no decision could ever satisfy: unknown keys, wrong kinds."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is Any:
        return
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            _check_expect(value, doc, at, rest[0])
        return
    here = "expect." + _yaml.format_path(at[3:])
    if value is None:
        raise _fail(doc, at, "is never null", here)
    if dataclasses.is_dataclass(hint):
        fields = _hints(hint)
        if not isinstance(value, dict):
            raise _fail(doc, at, f"expected a mapping with keys {', '.join(fields)}", here)
        _check_keys(value, list(fields), doc, at, getattr(hint, "__name__", "a record"))
        for key, sub in value.items():
            _check_expect(sub, doc, (*at, key), fields[key])
        return
    if origin in (tuple, list) and (origin is list or (len(args) == 2 and args[1] is Ellipsis)):
        item = args[0] if args else Any
        if isinstance(value, list):
            for i, sub in enumerate(value):
                _check_expect(sub, doc, (*at, i), item)
        elif isinstance(value, dict):
            for key, sub in value.items():
                if _DIGITS.fullmatch(key) and not _INDEX.fullmatch(key):
                    raise _fail(
                        doc,
                        (*at, key),
                        f"'{shorten(key, 12)}' is not a list index: write 0, 1, … or -1 "
                        "(ASCII digits, at most 9999)",
                        here,
                    )
                if _INDEX.fullmatch(key):
                    _check_expect(sub, doc, (*at, key), item)
                elif _has_id(item):
                    if sub is not None:
                        _check_expect(sub, doc, (*at, key), item)
                else:
                    raise _fail(
                        doc,
                        (*at, key),
                        f"pick items of this list by position (0, 1, … or -1), not '{shorten(key)}'",
                        here,
                    )
        else:
            raise _fail(doc, at, "expected a list, or a mapping of positions to items", here)
        return
    if origin is tuple:
        if not isinstance(value, list) or len(value) != len(args):
            raise _fail(doc, at, f"expected a list of {len(args)} values", here)
        for i, (sub, h) in enumerate(zip(value, args, strict=True)):
            _check_expect(sub, doc, (*at, i), h)
        return
    if origin is dict:
        if not isinstance(value, dict):
            raise _fail(doc, at, "expected a mapping", here)
        for key, sub in value.items():
            _check_expect(sub, doc, (*at, key), args[1] if len(args) == 2 else Any)
        return
    ok = {
        str: isinstance(value, str),
        int: isinstance(value, int) and not isinstance(value, bool),
        bool: isinstance(value, bool),
        Decimal: isinstance(value, int | Decimal | str) and not isinstance(value, bool),
        dt.date: isinstance(value, dt.date | str),
    }.get(hint, True)
    if not ok:
        quote = " (quote it)" if hint is str else ""
        raise _fail(doc, at, f"expected {_kind(hint)}{quote}, got {shorten(repr(value))}", here)


# ------------------------------------------------------------------------- partial matching


@dataclass(frozen=True)
class Mismatch:
    """One part of the decision that differs from the expectation."""

    path: str
    expected: Any
    actual: Any
    yaml_keys: tuple[str, ...]
    problem: str = ""

    def describe(self) -> str:
        """`schedule[0].amount: expected 1248.00, got 1092.00`."""
        if self.problem:
            return f"{self.path}: {self.problem}"
        return f"{self.path}: expected {show(self.expected)}, got {show(self.actual)}"


def show(value: Any, limit: int = 240) -> str:
    """A value as a person reads it: numbers and dates bare, text quoted, data as JSON."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def same(expected: Any, actual: Any) -> bool:
    """Scalar comparison, per the rules in the module docstring."""
    if expected is None or isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, dt.date):
        return isinstance(actual, str) and actual == expected.isoformat()
    if isinstance(expected, int | Decimal):
        if isinstance(actual, int):
            return Decimal(expected) == actual
        if isinstance(actual, str) and _NUMBER.fullmatch(actual):
            try:
                return Decimal(actual) == Decimal(expected)
            except InvalidOperation:  # pragma: no cover - the pattern rules it out
                return False
        return False
    return bool(expected == actual)


def _shown(path: str, step: str | int) -> str:
    if isinstance(step, int):
        return f"{path}[{step}]"
    return f"{path}.{step}" if path else step


def match(expected: Any, actual: Any) -> list[Mismatch]:
    """Every mismatch between a partial expectation and plain data (from `to_dict()`)."""
    out: list[Mismatch] = []
    _match(expected, actual, "", (), out)
    return out


def _match(
    expected: Any, actual: Any, path: str, keys: tuple[str, ...], out: list[Mismatch]
) -> None:
    if isinstance(expected, dict):
        if isinstance(actual, dict):
            for key, sub in expected.items():
                here = _shown(path, key)
                if key not in actual:
                    close = difflib.get_close_matches(key, list(actual), n=1)
                    hint = f"; did you mean '{close[0]}'?" if close else ""
                    out.append(Mismatch(here, sub, None, (*keys, key), f"no such key{hint}"))
                else:
                    _match(sub, actual[key], here, (*keys, key), out)
        elif isinstance(actual, list):
            for key, sub in expected.items():
                _match_item(key, sub, actual, path, (*keys, key), out)
        else:
            out.append(Mismatch(path, expected, actual, keys))
    elif isinstance(expected, list):
        if not isinstance(actual, list):
            out.append(Mismatch(path, expected, actual, keys))
        elif len(expected) != len(actual):
            out.append(
                Mismatch(
                    path,
                    expected,
                    actual,
                    keys,
                    f"expected {len(expected)} items, got {len(actual)}: {show(actual)}",
                )
            )
        else:
            for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
                _match(e, a, _shown(path, i), (*keys, str(i)), out)
    elif not same(expected, actual):
        out.append(Mismatch(path, expected, actual, keys))


def _match_item(
    key: str, sub: Any, actual: list[Any], path: str, keys: tuple[str, ...], out: list[Mismatch]
) -> None:
    if _INDEX.fullmatch(key):
        i = int(key)
        if -len(actual) <= i < len(actual):
            _match(sub, actual[i], _shown(path, i), keys, out)
        else:
            out.append(
                Mismatch(
                    _shown(path, i), sub, None, keys, f"no item {i}: the list has {len(actual)}"
                )
            )
        return
    here = f"{path}[{key}]"
    hits = [a for a in actual if isinstance(a, dict) and a.get("id") == key]
    ids = [str(a.get("id")) for a in actual if isinstance(a, dict)]
    if sub is None:
        if hits:
            out.append(Mismatch(here, None, hits[0], keys, f"expected no item '{key}', found one"))
    elif not hits:
        out.append(
            Mismatch(here, sub, None, keys, f"no item '{key}' (ids: {', '.join(ids) or 'none'})")
        )
    elif len(hits) > 1:
        out.append(Mismatch(here, sub, None, keys, f"{len(hits)} items have the id '{key}'"))
    else:
        _match(sub, hits[0], here, keys, out)


# ------------------------------------------------------------------------------ running


def citations_in(data: Any) -> set[str]:
    """Every clause id cited anywhere in plain decision data."""
    found: set[str] = set()
    for _, value in _yaml.walk(data):
        if isinstance(value, dict) and "clause" in value and "document" in value:
            clause = value["clause"]
            if isinstance(clause, str):
                found.add(clause)
    return found


@dataclass(frozen=True)
class CaseResult:
    """A case run against a policy: the decision, what differs, or the error it raised."""

    case: Case
    policy: Policy
    decision: Decision | None
    mismatches: tuple[Mismatch, ...] = ()
    error: str | None = None
    exercised: frozenset[str] = frozenset()
    bug: bool = False

    @property
    def passed(self) -> bool:
        """No error and every expectation met."""
        return self.error is None and not self.mismatches

    def report(self) -> str:
        """What an auditor needs when the case fails: where, what differs, and why."""
        case = self.case
        lines = [f"{case.where}: {case.name}"]
        lines.append(f"  policy: {' → '.join(self.policy.layers)}")
        if self.error is not None:
            lines.append(f"  error: {self.error}")
        for m in self.mismatches:
            lines.append(f"  {case.path}:{case.expect_line(m.yaml_keys)}: {m.describe()}")
        if self.decision is not None:
            lines.append("  explanation:")
            lines += [
                f"    {t}" if t else ""
                for t in self.decision.explain(lang="en", detail="full").splitlines()
            ]
        return "\n".join(lines) + "\n"


class Runner:
    """Runs cases; loads each policy once (loading is the slow part)."""

    def __init__(self) -> None:
        self._policies: dict[str, Policy] = {}

    def policy(self, spec: str) -> Policy:
        """The policy for a bundled name or path, loaded once."""
        key = spec if spec in bundled_names() else str(Path(spec).resolve())
        if key not in self._policies:
            self._policies[key] = load_policy(spec)
        return self._policies[key]

    def load(self, path: str | Path, *, lenient: bool = False) -> ScenarioFile:
        """Read a scenario file and check its `clauses:` against its policy.

        With `lenient`, a malformed case (or one naming an unknown clause) is kept in
        `broken` and the others load. A policy that cannot be loaded is reported at the
        scenario file's `policy:` line, with the policy's own error after it."""
        sf = load_scenarios(path, lenient=lenient)
        try:
            policy = self.policy(sf.policy)
        except PolicyError as exc:
            raise InputError(
                f"the policy cannot be loaded: {exc}",
                field="policy",
                path=sf.path,
                line=sf.policy_line,
            ) from None
        known = policy.resolved.sections["clauses"]
        good: list[Case] = []
        broken = list(sf.broken)
        problems: list[InputError] = []
        for case in sf.cases:
            mine = [
                _fail(
                    case.doc,
                    (*case.at, "clauses", i),
                    f"policy {policy.name} has no clause '{clause}'.{did_you_mean(clause, known)}",
                    "clauses",
                )
                for i, clause in enumerate(case.clauses)
                if clause not in known
            ]
            if mine and lenient:
                broken.append(BrokenCase(case.name, case.path, case.line, InputError.several(mine)))
                continue
            problems.extend(mine)
            good.append(case)
        if problems:
            raise InputError.several(problems)
        return dataclasses.replace(sf, cases=tuple(good), broken=tuple(broken))

    def run(
        self, case: Case, policy: Policy | None = None, *, catch_bugs: bool = True
    ) -> CaseResult:
        """Evaluate the case (under its own policy unless another is given) and compare.

        An error uibenefit raises on purpose fails the case with its message; any other
        exception is a bug in uibenefit, reported as such (`bug`), or raised if not `catch_bugs`.
        """
        if policy is None:
            policy = self.policy(case.policy)
        try:
            decision = policy.evaluate(case.person, case.events, as_of=case.as_of)
        except UIBenefitError as exc:
            roots = {"events": (*case.at, "events"), "as_of": (*case.at, "as_of")}
            placed = locate(exc, case.doc, (*case.at, "person"), roots)
            return CaseResult(case, policy, None, error=str(placed))
        except Exception as exc:
            if not catch_bugs:
                raise
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            where = f"{Path(frame.filename).name}:{frame.lineno}"
            message = f"internal error (a bug in uibenefit) at {where}: {type(exc).__name__}: {exc}"
            return CaseResult(case, policy, None, error=message, bug=True)
        data = decision.to_dict()
        mismatches = tuple(match(case.expect, data))
        exercised = frozenset(case.clauses) | frozenset(citations_in(data))
        return CaseResult(case, policy, decision, mismatches, None, exercised)


# ---------------------------------------------------------------------- what-if: changes


def outcomes(decision: Decision | None) -> dict[str, str]:
    """The outcomes a rule edit can change, flattened to `label: value` for comparison."""
    if decision is None:
        return {}
    d = decision.to_dict()
    out: dict[str, str] = {"eligible": show(d["eligibility"]["eligible"])}
    for f in d["eligibility"]["findings"]:
        out[f"finding {f['id']}"] = show(f["passed"])
    ent = d["entitlement"] or {}
    for key in ("regular_months", "continuation_months", "total_months", "start", "end"):
        if key in ent:
            out[f"entitlement.{key}"] = show(ent[key])
    out["schedule months"] = str(len(d["schedule"]))
    for p in d["schedule"]:
        for key in ("amount", "pay_by", "medical_insurance_paid"):
            out[f"schedule.{key} month {p['index']}"] = show(p[key])
    stop = d["stop"] or {}
    for key in ("stopped", "on", "months_paid", "months_forfeited", "lump_sum", "overpaid"):
        if key in stop:
            out[f"stop.{key}"] = show(stop[key])
    for key, value in d["totals"].items():
        out[f"totals.{key}"] = show(value)
    pw = d["paperwork"] or {}
    for section in ("claimant_documents", "forbidden_requests", "notices"):
        for item in pw.get(section, []):
            out[f"paperwork.{section} {item['id']}"] = "listed"
    for ob in pw.get("employer_obligations", []):
        out[f"paperwork.employer_obligations {ob['id']}"] = f"due {show(ob['due'])}"
    if pw.get("office"):
        out["paperwork.office"] = show(pw["office"]["name"])
    return out


def changes(before: Decision | None, after: Decision | None) -> list[str]:
    """What differs between two decisions, month runs folded: `amount months 1–12: a → b`."""
    old, new = outcomes(before), outcomes(after)
    lines: list[str] = []
    monthly: dict[str, list[tuple[int, str, str]]] = {}
    for label in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(label, "(none)"), new.get(label, "(none)")
        if a == b:
            continue
        head, _, month = label.partition(" month ")
        if month:
            monthly.setdefault(head, []).append((int(month), a, b))
        else:
            lines.append(f"{label}: {a} → {b}")
    for head, items in monthly.items():
        lines += _fold(head, sorted(items))
    return lines


_DATE_TEXT = re.compile(r'"\d{4}-\d{2}-\d{2}"')


def _shape(value: str) -> str:
    """Dates differ month by month (pay-by dates), so months are folded on 'a date'."""
    return "date" if _DATE_TEXT.fullmatch(value) else value


def _fold(head: str, items: list[tuple[int, str, str]]) -> list[str]:
    """Consecutive months that change alike become one line; varying dates show first … last."""
    spans: list[list[tuple[int, str, str]]] = []
    for item in items:
        if spans:
            month, a, b = spans[-1][-1]
            alike = (_shape(a), _shape(b)) == (_shape(item[1]), _shape(item[2]))
            if item[0] == month + 1 and alike:
                spans[-1].append(item)
                continue
        spans.append([item])
    out = []
    for span in spans:
        first, last = span[0][0], span[-1][0]
        months = f"month {first}" if first == last else f"months {first}–{last}"
        out.append(
            f"{head} {months}: {_side([a for _, a, _ in span])} → {_side([b for _, _, b in span])}"
        )
    return out


def _side(values: list[str]) -> str:
    return values[0] if len(set(values)) == 1 else f"{values[0]} … {values[-1]}"


# ------------------------------------------------------------------------------ coverage


@dataclass(frozen=True)
class Coverage:
    """Which computable clauses the cases exercise, and which none does."""

    computable: dict[str, str]
    exercised_by: dict[str, tuple[Case, ...]]

    @property
    def uncovered(self) -> list[str]:
        """Computable clause ids no case exercises."""
        return [c for c in self.computable if not self.exercised_by.get(c)]

    def render(self, verbose: bool = True) -> str:
        """One line per clause: its layer and the files and cases that exercise it."""
        lines = []
        width = max((len(c) for c in self.computable), default=4)
        if verbose:
            for clause, layer in self.computable.items():
                cases = self.exercised_by.get(clause, ())
                if not cases:
                    lines.append(f"  {clause:<{width}}  {layer:<14}  UNCOVERED")
                    continue
                per_file = Counter(Path(case.path).name for case in cases)
                files = ", ".join(f"{name} ({n})" for name, n in per_file.items())
                n = len(cases)
                lines.append(
                    f"  {clause:<{width}}  {layer:<14}  {n:>3} case{'' if n == 1 else 's'}: {files}"
                )
        n, missing = len(self.computable), self.uncovered
        lines.append(
            f"coverage: {n - len(missing)} of {n} computable clauses exercised"
            + (f"; uncovered: {', '.join(missing)}" if missing else "")
        )
        return "\n".join(lines) + "\n"


def computable_clauses(policies: Iterable[Policy]) -> dict[str, str]:
    """Clause id → layer, for every clause whose scope is `computed`, in file order."""
    out: dict[str, str] = {}
    for policy in policies:
        for cid, entry in policy.resolved.sections["clauses"].items():
            item = entry.item
            assert isinstance(item, Clause)
            if item.scope == "computed":
                out.setdefault(cid, entry.where.layer)
    return out


def coverage(results: Iterable[CaseResult], policies: Iterable[Policy]) -> Coverage:
    """Coverage of the computable clauses of `policies` by the results' cases."""
    computable = computable_clauses(policies)
    by: dict[str, list[Case]] = {}
    for r in results:
        for clause in sorted(r.exercised):
            by.setdefault(clause, []).append(r.case)
    return Coverage(computable, {c: tuple(v) for c, v in by.items()})


# -------------------------------------------------------------------------------- JUnit


def junit_xml(
    results: Sequence[CaseResult], what_if: Mapping[int, list[str]] | None = None
) -> ET.ElementTree[ET.Element]:
    """JUnit XML: a testsuite per scenario file, a testcase per case; failures with reports."""
    root = ET.Element("testsuites", name="uibenefit scenarios")
    suites: dict[str, ET.Element] = {}
    for i, r in enumerate(results):
        path = r.case.path
        if path not in suites:
            suites[path] = ET.SubElement(root, "testsuite", name=escape(path))
        tc = ET.SubElement(
            suites[path],
            "testcase",
            classname=escape(Path(path).stem),
            name=escape(r.case.name),
            file=escape(path),
            line=str(r.case.line),
        )
        if r.error is not None:
            ET.SubElement(tc, "error", message=escape(r.error)).text = _xml_text(r.report())
        elif r.mismatches:
            first = r.mismatches[0].describe()
            ET.SubElement(tc, "failure", message=escape(first)).text = _xml_text(r.report())
        if what_if is not None and what_if.get(i):
            ET.SubElement(tc, "system-out").text = _xml_text("\n".join(what_if[i]) + "\n")
    for element in (*suites.values(), root):
        _count_testcases(element)
    ET.indent(root)
    return ET.ElementTree(root)


_NOT_XML = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def _xml_text(text: str) -> str:
    """Text XML 1.0 can hold: characters it cannot (NUL, ESC, lone surrogates) escaped.

    Attributes go through `escape` (newlines too); element text keeps its newlines.
    """
    return _NOT_XML.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _count_testcases(element: ET.Element) -> None:
    """Set JUnit's tests, failures and errors from the testcases below `element`."""
    tcs = list(element.iter("testcase"))
    element.set("tests", str(len(tcs)))
    element.set("failures", str(sum(tc.find("failure") is not None for tc in tcs)))
    element.set("errors", str(sum(tc.find("error") is not None for tc in tcs)))


def scenario_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named on the command line, and scenario files found under named directories."""
    for name in paths:
        try:
            _yaml.check_path(name)
        except PolicyError as exc:
            raise InputError(exc.detail, path=exc.path) from None
        p = Path(name)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.suffix in (".yaml", ".yml") and f.is_file() and looks_like_scenarios(f):
                    yield f
        else:
            yield p
