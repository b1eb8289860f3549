"""Conditions are data: `all`/`any`/`not` over comparisons, compiled once into closures.

    requires: {all: [{var: contribution_months, ge: {param: minimum_contribution_months}},
                     {not: {var: receiving_pension, eq: true}}]}

Variables and parameters are checked when the policy loads (with "did you mean"), so a typo
fails at load time with its file and line, never as a silent False at run time.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ._yaml import LocatedDocument, YamlPath

Facts = Mapping[str, Any]
ParamLookup = Callable[[str], Any]

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: bool(a == b),
    "ne": lambda a, b: bool(a != b),
    "lt": lambda a, b: bool(a < b),
    "le": lambda a, b: bool(a <= b),
    "gt": lambda a, b: bool(a > b),
    "ge": lambda a, b: bool(a >= b),
    "in": lambda a, b: a in b,
    "not_in": lambda a, b: a not in b,
}
SYMBOLS = {
    "eq": "=",
    "ne": "≠",
    "lt": "<",
    "le": "≤",
    "gt": ">",
    "ge": "≥",
    "in": "∈",
    "not_in": "∉",
}

# the kinds of value a fact can hold, with the Python types that belong to each
KINDS: dict[str, tuple[type, ...]] = {
    "int": (int,),
    "bool": (bool,),
    "str": (str,),
    "date": (dt.date,),
    "decimal": (Decimal, int),
}


@dataclass(frozen=True)
class Leaf:
    """What one comparison saw: for explanations a citizen can follow."""

    var: str
    op: str
    expected: Any
    actual: Any
    result: bool

    def __str__(self) -> str:
        return f"{self.var} = {_show(self.actual)} {SYMBOLS[self.op]} {_show(self.expected)}: {self.result}"


def _show(value: Any) -> str:
    if isinstance(value, list | tuple | frozenset | set):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


Evaluator = Callable[[Facts, ParamLookup, list[Leaf] | None], bool]


@dataclass(frozen=True)
class Condition:
    """A compiled condition: call `holds` to evaluate, `trace` to see each comparison."""

    source: Any
    variables: frozenset[str]
    parameters: frozenset[str]
    _run: Evaluator

    def holds(self, facts: Facts, param: ParamLookup) -> bool:
        """True when the condition holds for these facts."""
        return self._run(facts, param, None)

    def trace(self, facts: Facts, param: ParamLookup) -> tuple[bool, list[Leaf]]:
        """The result and every comparison evaluated on the way."""
        leaves: list[Leaf] = []
        return self._run(facts, param, leaves), leaves

    def describe(self) -> str:
        """The condition as one readable line, for generated docs."""
        return describe(self.source)


def describe(raw: Any) -> str:
    """A one-line reading of a raw condition."""
    if isinstance(raw, dict):
        if "all" in raw:
            return "(" + " and ".join(describe(c) for c in raw["all"]) + ")"
        if "any" in raw:
            return "(" + " or ".join(describe(c) for c in raw["any"]) + ")"
        if "not" in raw:
            return "not " + describe(raw["not"])
        for op in OPERATORS:
            if op in raw:
                rhs = raw[op]
                shown = f"{{{rhs['param']}}}" if isinstance(rhs, dict) else _show(rhs)
                return f"{raw.get('var')} {SYMBOLS[op]} {shown}"
    return str(raw)


def _suggest(name: str, known: Mapping[str, Any] | set[str] | frozenset[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" Did you mean '{close[0]}'?" if close else ""


def compile_condition(
    raw: Any,
    at: YamlPath,
    doc: LocatedDocument,
    facts: Mapping[str, str],
    parameters: set[str] | frozenset[str],
) -> Condition:
    """Compile raw YAML data into a Condition, or raise PolicyError at the offending node.

    `facts` maps each variable name to its kind (a key of KINDS); `parameters` are the ids
    that `{param: id}` may name.
    """
    variables: set[str] = set()
    params: set[str] = set()

    def build(node: Any, here: YamlPath) -> Evaluator:
        if not isinstance(node, dict):
            raise doc.error(here, "expected a condition: a mapping with all, any, not or var")
        keys = set(node)
        if keys & {"all", "any"}:
            (key,) = keys & {"all", "any"} if len(keys) == 1 else (None,)
            if key is None:
                raise doc.error(here, f"'all'/'any' stand alone, found keys {sorted(keys)}")
            items = node[key]
            if not isinstance(items, list) or not items:
                raise doc.error((*here, key), f"'{key}' takes a non-empty list of conditions")
            parts = [build(item, (*here, key, i)) for i, item in enumerate(items)]
            if key == "all":

                def run_all(f: Facts, p: ParamLookup, t: list[Leaf] | None) -> bool:
                    return all(part(f, p, t) for part in parts)

                return run_all

            def run_any(f: Facts, p: ParamLookup, t: list[Leaf] | None) -> bool:
                return any(part(f, p, t) for part in parts)

            return run_any
        if "not" in keys:
            if len(keys) != 1:
                raise doc.error(here, f"'not' stands alone, found keys {sorted(keys)}")
            inner = build(node["not"], (*here, "not"))

            def run_not(f: Facts, p: ParamLookup, t: list[Leaf] | None) -> bool:
                return not inner(f, p, t)

            return run_not
        if "var" not in keys:
            raise doc.error(
                here, f"unknown condition keys {sorted(keys)}: expected all, any, not or var"
            )
        name = node["var"]
        if not isinstance(name, str) or name not in facts:
            raise doc.error(
                (*here, "var"), f"unknown variable '{name}'.{_suggest(str(name), facts)}"
            )
        ops = keys - {"var"}
        if len(ops) != 1 or not ops <= set(OPERATORS):
            bad = sorted(ops - set(OPERATORS))
            hint = _suggest(bad[0], OPERATORS) if bad else ""
            raise doc.error(
                here,
                f"a comparison takes exactly one operator of {', '.join(OPERATORS)}; "
                f"found {sorted(ops) or 'none'}.{hint}",
            )
        (op,) = ops
        kind = facts[name]
        rhs = node[op]
        variables.add(name)
        compare = OPERATORS[op]
        if isinstance(rhs, dict):
            if set(rhs) != {"param"} or not isinstance(rhs["param"], str):
                raise doc.error((*here, op), "expected a value or {param: <parameter id>}")
            pid = rhs["param"]
            if pid not in parameters:
                raise doc.error(
                    (*here, op, "param"), f"unknown parameter '{pid}'.{_suggest(pid, parameters)}"
                )
            params.add(pid)

            def run_param(f: Facts, p: ParamLookup, t: list[Leaf] | None) -> bool:
                expected = p(pid)
                if expected is None and op not in ("eq", "ne"):
                    # a parameter with no value in force (not yet, or never set): no date
                    # or number compares with it, nothing is in it
                    result = bool(op == "not_in")
                else:
                    if op in ("in", "not_in"):
                        expected = frozenset(expected)
                    result = compare(f[name], expected)
                if t is not None:
                    t.append(Leaf(name, op, expected, f[name], result))
                return result

            return run_param
        allowed = KINDS[kind]
        if op in ("in", "not_in"):
            if not isinstance(rhs, list) or not rhs:
                raise doc.error((*here, op), f"'{op}' takes a non-empty list")
            values = rhs
        else:
            values = [rhs]
        for i, value in enumerate(values):
            ok = isinstance(value, allowed) and not (kind != "bool" and isinstance(value, bool))
            if not ok:
                where = (*here, op, i) if op in ("in", "not_in") else (*here, op)
                raise doc.error(where, f"'{name}' is a {kind}; cannot compare it with {value!r}")
        if kind == "bool" and op not in ("eq", "ne"):
            raise doc.error((*here, op), f"'{name}' is true or false: compare it with eq or ne")
        expected_value: Any = frozenset(values) if op in ("in", "not_in") else rhs

        def run_literal(f: Facts, p: ParamLookup, t: list[Leaf] | None) -> bool:
            actual = f[name]
            result = (
                False
                if actual is None and op not in ("eq", "ne", "not_in")
                else compare(actual, expected_value)
            )
            if t is not None:
                shown = (
                    sorted(expected_value, key=str)
                    if isinstance(expected_value, frozenset)
                    else expected_value
                )
                t.append(Leaf(name, op, shown, actual, result))
            return result

        return run_literal

    run = build(raw, at)
    return Condition(raw, frozenset(variables), frozenset(params), run)
