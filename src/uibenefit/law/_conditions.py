"""Conditions are data: `all`/`any`/`not` over comparisons, compiled once into closures.

    requires: {all: [{var: contribution_months, ge: {param: minimum_contribution_months}},
                     {not: {var: receiving_pension, eq: true}}]}

Variables and parameters are checked when the policy loads (with "did you mean"), so a typo
fails at load time with its file and line, never as a silent False at run time.

A condition written once in the policy's `conditions:` section is named anywhere a condition
is accepted with `{condition: <id>}`; an unknown name or a cycle of names is refused at load.
The compiled Condition keeps its `source` as written and its `expanded` form, in which every
reference is replaced by its definition (only all, any, not and comparisons remain), for tools
that compile conditions their own way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import did_you_mean, shorten
from ..values._yaml import LocatedDocument, YamlPath
from ._condition_ast import (
    ALL,
    MAX_TABLES,
    LeafSpec,
    Program,
    code,
    compile_group,
    compile_program,
)

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

# how other rule languages spell our operators, for "did you mean"
SPELLINGS = {
    "gte": "ge",
    "lte": "le",
    ">=": "ge",
    "<=": "le",
    ">": "gt",
    "<": "lt",
    "==": "eq",
    "=": "eq",
    "!=": "ne",
    "nin": "not_in",
    "notin": "not_in",
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
    if type(value) is int or type(value) is str:  # most facts: as `str` gives them
        return str(value)
    if isinstance(value, list | tuple | frozenset | set):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


Evaluator = Callable[[Facts, ParamLookup, list[Leaf] | None], bool]
Checker = Callable[[Facts, ParamLookup], tuple[bool, tuple[str, ...]]]


class Part:
    """A checked node of a condition: its identity keys its size written out in full (the
    condition is evaluated by its `_condition_ast` program, not by these)."""


@dataclass(frozen=True)
class Definition:
    """A named condition of the `conditions:` section: its raw `when` and where it is written."""

    name: str
    raw: Any
    doc: LocatedDocument
    at: YamlPath


@dataclass(frozen=True)
class Condition:
    """A compiled condition: call `holds` to evaluate, `trace` to see each comparison.

    `source` is the condition as written (it may hold `{condition: <id>}` references);
    `expanded` is the same with every reference replaced by its definition; `references`
    names the shared conditions it uses, directly or through another.
    """

    source: Any
    variables: frozenset[str]
    parameters: frozenset[str]
    _run: Evaluator
    expanded: Any = None
    references: frozenset[str] = frozenset()
    _checked: Checker | None = None

    def holds(self, facts: Facts, param: ParamLookup) -> bool:
        """True when the condition holds for these facts."""
        return self._run(facts, param, None)

    def trace(self, facts: Facts, param: ParamLookup) -> tuple[bool, list[Leaf]]:
        """The result and every comparison evaluated on the way."""
        leaves: list[Leaf] = []
        return self._run(facts, param, leaves), leaves

    def checked(self, facts: Facts, param: ParamLookup) -> tuple[bool, tuple[str, ...]]:
        """The result and `str` of every comparison `trace` would give, without its Leafs
        (the explanation's lines, each made of texts prepared once per policy)."""
        if self._checked is None:
            ok, leaves = self.trace(facts, param)
            return ok, tuple(str(leaf) for leaf in leaves)
        return self._checked(facts, param)


class Group:
    """Several compiled conditions answered by one call: which of them hold, in order (a
    missing one holds). Each is the same expression its own `Condition.holds` runs, so a
    section's items (or a policy's rules and notes) are decided together, once a claim."""

    __slots__ = ("program",)

    def __init__(
        self,
        conditions: Sequence[Condition | None],
        kinds: Mapping[str, str],
        vocabulary: Mapping[str, str] | None = None,
    ) -> None:
        trees = [None if c is None else c.expanded for c in conditions]
        self.program = compile_group(trees, kinds, vocabulary)

    def holds(self, facts: Facts, param: ParamLookup) -> tuple[bool, ...]:
        """Whether each condition holds for these facts, as its `holds` would say."""
        program = self.program
        run: Callable[..., tuple[bool, ...]] = program.run  # type: ignore[assignment]
        codes = getattr(facts, "codes", None)
        table = getattr(param, "__self__", None)
        found = program.encoded.get(id(table))
        if codes is not None and found is not None and found[0] is table:
            if ALL not in codes:  # the claim's first condition: its facts encoded once
                program._encode_all(facts, codes)
            try:
                return run(program.pick(codes), found[1], found[2])
            except KeyError:  # a fact not encoded yet
                pass
        return run(*program.inputs(facts, param))


def describe(raw: Any) -> str:
    """A one-line reading of a raw condition."""
    if isinstance(raw, dict):
        if "all" in raw:
            return "(" + " and ".join(describe(c) for c in raw["all"]) + ")"
        if "any" in raw:
            return "(" + " or ".join(describe(c) for c in raw["any"]) + ")"
        if "not" in raw:
            return "not " + describe(raw["not"])
        if "condition" in raw:
            return f"[{raw['condition']}]"
        for op in OPERATORS:
            if op in raw:
                rhs = raw[op]
                shown = f"{{{rhs['param']}}}" if isinstance(rhs, dict) else _show(rhs)
                return f"{raw.get('var')} {SYMBOLS[op]} {shown}"
    return str(raw)


def _r(value: Any) -> str:
    """A value as written, cut to a short prefix for a message."""
    return shorten(repr(value))


def _suggest(name: str, known: Iterable[str]) -> str:
    return did_you_mean(name, known)


def _fits(value: Any, kind: str) -> bool:
    """True if a literal or parameter value can be compared with a fact of this kind."""
    if isinstance(value, bool) and kind != "bool":
        return False
    return isinstance(value, KINDS[kind])


def compile_condition(
    raw: Any,
    at: YamlPath,
    doc: LocatedDocument,
    facts: Mapping[str, str],
    parameters: Mapping[str, Sequence[Any]] | Collection[str],
    choices: Mapping[str, Collection[str]] | None = None,
    named: Mapping[str, Definition] | None = None,
    within: tuple[str, ...] = (),
    built: dict[str, Built] | None = None,
) -> Condition:
    """Compile raw YAML data into a Condition, or raise PolicyError at the offending node.

    `facts` maps each variable name to its kind (a key of KINDS). `parameters` are the ids that
    `{param: id}` may name; given as a mapping from id to its dated values, every value is
    also checked against the variable's kind, so comparing a date with a number fails at
    load time, not during an evaluation.

    `choices` lists, for variables that take one of a few codes (sex, separation_reason …),
    the codes there are: a literal outside them (`{var: sex, eq: mal}`) could never match, so
    it is refused with a "did you mean".

    A missing value compares as nothing: a fact that is None (no registration date …) or a
    parameter with no value in force makes lt/le/gt/ge and `in` false and `not_in` true;
    eq and ne compare as usual.

    `named` holds the shared conditions `{condition: <id>}` may name; `within` the names
    being compiled around this one (when compiling a definition itself), so a cycle is refused.

    A shared condition is compiled once and shared, never copied: `built` (one dict for a
    whole policy) keeps each one compiled, so a condition named twice, or by every rule, costs
    one compilation. Its size as written out in full is counted all the same, and a condition
    larger than MAX_EXPANDED nodes, or names nested deeper than MAX_NAME_DEPTH, is refused
    at the reference that crosses the bound: 20 levels that each name the one below twice
    would otherwise be a million comparisons.
    """
    variables: set[str] = set()
    params: set[str] = set()
    refs: set[str] = set()
    shared = named or {}
    top_doc = doc
    memo: dict[str, Built] = built if built is not None else {}
    sizes: dict[int, int] = {}
    deepest = [0]  # the longest chain of names below the condition being built

    def reference(name: str, here: YamlPath, doc: LocatedDocument, stack: tuple[str, ...]) -> Part:
        found = memo.get(name)
        if found is None and len(stack) < MAX_NAME_DEPTH:
            definition = shared[name]
            outer = (set(variables), set(params), set(refs), deepest[0])
            variables.clear()
            params.clear()
            refs.clear()
            deepest[0] = 0
            try:
                run = build(definition.raw, definition.at, definition.doc, (*stack, name))
                found = Built(
                    run,
                    sizes[id(run)],
                    frozenset(variables),
                    frozenset(params),
                    frozenset(refs),
                    deepest[0] + 1,
                )
            finally:
                variables.update(outer[0])
                params.update(outer[1])
                refs.update(outer[2])
                deepest[0] = outer[3]
            memo[name] = found
        if found is None or len(stack) + found.depth > MAX_NAME_DEPTH:
            raise doc.error(
                (*here, "condition"),
                f"shared conditions name one another more than {MAX_NAME_DEPTH} deep here",
            )
        deepest[0] = max(deepest[0], found.depth)
        variables.update(found.variables)
        params.update(found.parameters)
        refs.update(found.references)
        refs.add(name)
        if found.size > MAX_EXPANDED:
            raise doc.error(
                (*here, "condition"),
                f"condition '{name}' written out in full has {found.size} parts (more than "
                f"{MAX_EXPANDED}): name fewer conditions inside one another",
            )
        sizes[id(found.run)] = found.size
        return found.run

    def sized(run: Part, size: int, here: YamlPath, doc: LocatedDocument) -> Part:
        if size > MAX_EXPANDED:
            raise doc.error(
                here,
                f"this condition written out in full has {size} parts (more than "
                f"{MAX_EXPANDED}): name fewer conditions inside one another",
            )
        sizes[id(run)] = size
        return run

    def build(node: Any, here: YamlPath, doc: LocatedDocument, stack: tuple[str, ...]) -> Part:
        if not isinstance(node, dict):
            raise doc.error(
                here, "expected a condition: a mapping with all, any, not, var or condition"
            )
        keys = set(node)
        if "condition" in keys:
            if len(keys) != 1:
                raise doc.error(here, f"'condition' stands alone, found keys {sorted(keys)}")
            name = node["condition"]
            if not isinstance(name, str) or name not in shared:
                listed = ", ".join(sorted(shared)) or "none are defined"
                hint = _suggest(str(name), shared) or f" Shared conditions: {listed}."
                raise doc.error((*here, "condition"), f"unknown condition '{name}'.{hint}")
            if name in stack:
                loop = " -> ".join([*stack[stack.index(name) :], name])
                raise doc.error(
                    (*here, "condition"), f"conditions refer to each other in a cycle: {loop}"
                )
            return reference(name, here, doc, stack)
        if keys & {"all", "any"}:
            if len(keys) != 1:
                raise doc.error(here, f"'all'/'any' stand alone, found keys {sorted(keys)}")
            (key,) = keys
            items = node[key]
            if not isinstance(items, list) or not items:
                raise doc.error((*here, key), f"'{key}' takes a non-empty list of conditions")
            parts = [build(item, (*here, key, i), doc, stack) for i, item in enumerate(items)]
            size = 1 + sum(sizes[id(part)] for part in parts)
            return sized(Part(), size, here, doc)
        if "not" in keys:
            if len(keys) != 1:
                raise doc.error(here, f"'not' stands alone, found keys {sorted(keys)}")
            inner = build(node["not"], (*here, "not"), doc, stack)

            return sized(Part(), 1 + sizes[id(inner)], here, doc)
        if "var" not in keys:
            bad = sorted(keys)
            raise doc.error(
                (*here, bad[0]) if bad else here,
                f"unknown condition keys {bad}: expected all, any, not, var or condition"
                f".{_suggest(bad[0], ['all', 'any', 'not', 'var', 'condition']) if bad else ''}",
            )
        name = node["var"]
        if not isinstance(name, str) or name not in facts:
            raise doc.error(
                (*here, "var"),
                f"unknown variable '{shorten(str(name))}'.{_suggest(str(name)[:100], facts)}",
            )
        ops = keys - {"var"}
        unknown = sorted(ops - set(OPERATORS))
        if unknown or len(ops) != 1:
            where = (*here, unknown[0]) if unknown else here
            hint = ""
            if unknown:
                known = SPELLINGS.get(unknown[0])
                hint = f" Did you mean '{known}'?" if known else _suggest(unknown[0], OPERATORS)
            raise doc.error(
                where,
                f"a comparison takes exactly one operator of {', '.join(OPERATORS)}; "
                f"found {sorted(ops) or 'none'}.{hint}",
            )
        (op,) = ops
        kind = facts[name]
        rhs = node[op]
        many = op in ("in", "not_in")
        variables.add(name)
        if kind == "bool" and op not in ("eq", "ne"):
            raise doc.error((*here, op), f"'{name}' is true or false: compare it with eq or ne")
        if kind == "str" and op in ("lt", "le", "gt", "ge"):
            raise doc.error(
                (*here, op), f"'{name}' is a text: compare it with eq, ne, in or not_in"
            )
        if isinstance(rhs, dict):
            if set(rhs) != {"param"} or not isinstance(rhs["param"], str):
                raise doc.error((*here, op), "expected a value or {param: <parameter id>}")
            pid = rhs["param"]
            if pid not in parameters:
                raise doc.error(
                    (*here, op, "param"), f"unknown parameter '{pid}'.{_suggest(pid, parameters)}"
                )
            if isinstance(parameters, Mapping):
                for value in parameters[pid]:
                    if value is None:
                        continue
                    if many and not isinstance(value, list | tuple | set | frozenset):
                        raise doc.error(
                            (*here, op, "param"),
                            f"'{op}' needs a list, but parameter '{pid}' holds {_r(value)}",
                        )
                    for v in value if many else [value]:
                        if not _fits(v, kind):
                            raise doc.error(
                                (*here, op, "param"),
                                f"'{name}' is a {kind}; cannot compare it with parameter "
                                f"'{pid}', which holds {_r(v)}",
                            )
            params.add(pid)
            return sized(Part(), 1, here, doc)
        values = rhs if many else [rhs]
        if many and (not isinstance(rhs, list) or not rhs):
            raise doc.error((*here, op), f"'{op}' takes a non-empty list")
        for i, value in enumerate(values):
            if value is None and op in ("eq", "ne"):
                continue  # `eq: null`: the fact is not known (no registration date …)
            where = (*here, op, i) if many else (*here, op)
            if not _fits(value, kind):
                raise doc.error(where, f"'{name}' is a {kind}; cannot compare it with {_r(value)}")
            codes = choices.get(name) if choices else None
            if codes is not None and value not in codes:
                raise doc.error(
                    where,
                    f"'{name}' is never {_r(value)}: it is one of {', '.join(codes)}."
                    f"{_suggest(str(value), set(codes))}",
                )
        return sized(Part(), 1, here, doc)

    build(raw, at, top_doc, within)
    for texts in (choices or {}).values():  # a closed set of codes: each coded, never UNKNOWN,
        for text in texts:  # so a claim's facts are encoded once (UNKNOWN is never kept)
            code(text)
    expanded = expand(raw, shared)
    program = compile_program(expanded, facts)
    return Condition(
        raw,
        frozenset(variables),
        frozenset(params),
        _evaluator(program),
        expanded,
        frozenset(refs),
        _checker(program),
    )


MAX_EXPANDED = 10_000
"""The most parts (comparisons, all, any, not) a condition may have written out in full."""
MAX_NAME_DEPTH = 32
"""The deepest chain of shared conditions naming one another."""


@dataclass(frozen=True)
class Built:
    """A shared condition compiled once: its evaluator, its size written out in full, and
    the variables, parameters and shared conditions it reads."""

    run: Part
    size: int
    variables: frozenset[str]
    parameters: frozenset[str]
    references: frozenset[str]
    depth: int


def expand(raw: Any, named: Mapping[str, Definition], done: dict[str, Any] | None = None) -> Any:
    """`raw` with every `{condition: <id>}` replaced by its definition, recursively; a
    definition named twice is one shared object, not a copy.

    Only for conditions that compiled (names known, no cycle, within MAX_EXPANDED)."""
    memo = {} if done is None else done
    if isinstance(raw, dict):
        if set(raw) == {"condition"} and raw["condition"] in named:
            name = raw["condition"]
            if name not in memo:
                memo[name] = expand(named[name].raw, named, memo)
            return memo[name]
        return {k: expand(v, named, memo) for k, v in raw.items()}
    if isinstance(raw, list):
        return [expand(v, named, memo) for v in raw]
    return raw


def _evaluator(program: Program) -> Evaluator:
    """The compiled function over facts encoded from a claim's Facts, with the trace of
    each comparison it meets (short-circuit order, as written) when asked."""

    function, pick, encoded = program.run, program.pick, program.encoded

    def run(f: Facts, param: ParamLookup, t: list[Leaf] | None) -> bool:
        if t is None:  # the common case in one call: a claim's codes, a period's parameters
            codes = getattr(f, "codes", None)
            table = getattr(param, "__self__", None)
            found = encoded.get(id(table))
            if codes is not None and found is not None and found[0] is table:
                try:
                    return bool(function(pick(codes), found[1], found[2]))
                except KeyError:  # a fact not encoded yet
                    pass
        x, p, m = program.inputs(f, param)
        if t is None:
            return bool(function(x, p, m))
        trace = t

        def seen(i: int, result: bool) -> bool:
            leaf = program.leaves[i]
            actual = f[leaf.var]
            many = leaf.op in ("in", "not_in")
            expected: Any = leaf.literal
            if leaf.param is not None:
                expected = param(leaf.param)
            elif many:
                expected = frozenset(expected)
            if many and actual is not None and expected is not None:
                expected = frozenset(expected)
            shown = sorted(expected, key=str) if isinstance(expected, frozenset) else expected
            trace.append(Leaf(leaf.var, leaf.op, shown, actual, bool(result)))
            return result

        return bool(program.traced(x, p, m, seen))

    return run


def _tail(leaf: LeafSpec, expected: Any, actual_none: bool) -> str:
    """What a leaf's line says after the fact's value, as `Leaf.__str__` writes it (less the
    result): an `in` list as a sorted set, a parameter's list as written where the fact is None."""
    many = leaf.op in ("in", "not_in")
    if leaf.param is None and many:
        expected = frozenset(expected)
    if many and not actual_none and expected is not None:
        expected = frozenset(expected)
    shown = sorted(expected, key=str) if isinstance(expected, frozenset) else expected
    return f" {SYMBOLS[leaf.op]} {_show(shown)}: "


def _both(leaf: LeafSpec, expected: Any) -> tuple[str, str]:
    """The leaf's `_tail` where the fact is None and where it holds a value."""
    return _tail(leaf, expected, True), _tail(leaf, expected, False)


def _checker(program: Program) -> Checker:
    """`Condition.checked` for one program: the comparisons met, in order, then their lines;
    each line's fixed parts made once per table of parameter values (a policy's period)."""
    literal = [None if leaf.param else _both(leaf, leaf.literal) for leaf in program.leaves]
    made: dict[int, tuple[Any, list[tuple[str, str] | None]]] = {}

    def tails(param: ParamLookup) -> list[tuple[str, str] | None]:
        table = getattr(param, "__self__", None)
        found = made.get(id(table)) if table is not None else None
        if found is not None and found[0] is table:
            return found[1]
        out = [
            _both(leaf, param(leaf.param)) if leaf.param else fixed
            for leaf, fixed in zip(program.leaves, literal, strict=True)
        ]
        if table is not None:
            if len(made) >= MAX_TABLES:  # a caller's passing tables: bounded
                made.clear()
            made[id(table)] = (table, out)  # holds the table: its id stays its own
        return out

    traced, pick, encoded = program.traced, program.pick, program.encoded
    names = [leaf.var for leaf in program.leaves]
    seen: dict[tuple[int, Sequence[int]], tuple[Any, tuple[bool, tuple[str, ...]]]] = {}

    def run(f: Facts, param: ParamLookup) -> tuple[bool, tuple[str, ...]]:
        codes = getattr(f, "codes", None)
        table = getattr(param, "__self__", None)
        found = encoded.get(id(table))
        key = None
        try:  # the common case: a claim's codes, a period's parameters encoded
            if codes is None or found is None or found[0] is not table:
                raise KeyError(table)
            x, p, m = pick(codes), found[1], found[2]
            key = (id(table), x)  # a code is one value of its fact: same codes, same lines
            known = seen.get(key)
            if known is not None and known[0] is table:
                return known[1]
        except KeyError:
            x, p, m = program.inputs(f, param)
        checked = _lines(traced(x, p, m, met := _Met()), met, names, f, tails(param))
        if key is not None:
            if len(seen) >= MAX_SEEN:  # bounded: a long-lived process meets many claims
                seen.clear()
            seen[key] = (table, checked)  # holds the table: its id stays its own
        return checked

    return run


MAX_SEEN = 4096
"""The most outcomes a condition keeps the lines of (by the codes of the facts it read)."""


class _Met(list[tuple[int, bool]]):
    """The comparisons a traced program met, in order: it calls this with each one."""

    __slots__ = ()

    def __call__(self, i: int, result: bool) -> bool:
        self.append((i, result))
        return result


def _lines(
    ok: Any,
    met: _Met,
    names: list[str],
    f: Facts,
    ends: list[tuple[str, str] | None],
) -> tuple[bool, tuple[str, ...]]:
    """The result and a line per comparison met, as `Leaf.__str__` writes it."""
    lines = []
    for i, result in met:
        var = names[i]
        actual = f[var]
        end = ends[i]
        assert end is not None
        lines.append(f"{var} = {_show(actual)}{end[actual is not None]}{bool(result)}")
    return bool(ok), tuple(lines)


MAX_TERMS = 64
"""The largest disjunctive normal form `overlap` expands; beyond it, it says nothing."""


def _terms(raw: Any) -> list[frozenset[str]] | None:
    """`raw` (expanded) as alternatives of conjunctions of comparisons, each comparison as
    its one-line reading; None when that would exceed MAX_TERMS alternatives."""
    if isinstance(raw, dict) and set(raw) == {"all"} and isinstance(raw["all"], list):
        out: list[frozenset[str]] = [frozenset()]
        for part in raw["all"]:
            sub = _terms(part)
            if sub is None or len(out) * len(sub) > MAX_TERMS:
                return None
            out = [a | b for a in out for b in sub]
        return out
    if isinstance(raw, dict) and set(raw) == {"any"} and isinstance(raw["any"], list):
        alternatives: list[frozenset[str]] = []
        for part in raw["any"]:
            sub = _terms(part)
            if sub is None or len(alternatives) + len(sub) > MAX_TERMS:
                return None
            alternatives += sub
        return alternatives
    return [frozenset({describe(raw)})]


def overlap(a: Any, b: Any) -> str | None:
    """A reading of the case in which two (expanded) conditions certainly both hold, or None.

    Certain here means: one alternative of `a` asks for every comparison of one alternative of
    `b`, or the other way round, so whoever meets the longer one meets both. Conditions that
    overlap in subtler ways (ranges that intersect) are found at evaluation instead.
    """
    ta, tb = _terms(a), _terms(b)
    if ta is None or tb is None:
        return None
    for x in ta:
        for y in tb:
            if x <= y or y <= x:
                return " and ".join(sorted(x | y)) or "every person"
    return None
