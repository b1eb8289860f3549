"""One text of a condition for both paths: the expanded, validated condition tree compiled to
Python `ast` nodes of one function over a claim's encoded facts and parameters.

    condition(x, p, m) -> bool

`x[i]` is the i-th variable the condition reads, encoded as an int (a day number for a date,
0/1 for true/false, a code for text); `p[j]` the j-th parameter in force (NONE where there is
no value) and `m[j]` the codes of a list parameter. A missing value (a fact or parameter that
is None) is NONE, and NONE follows `_conditions`' rule: it makes lt/le/gt/ge and `in` false and
`not_in` true, and eq/ne compare it as a value (None equals None only).

The nodes are built from the tree, never from text: names come from the closed set below,
numbers are constants. The module is passed to `compile()` and the function is taken from its
code's constants with `types.FunctionType` (nothing is exec'd). The one-claim path calls it as
it is (its twin `traced` reports each comparison for the explanation); the population path may
hand the same code to numba.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import operator
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

NONE = -(1 << 62)
"""The encoding of a missing value (None)."""
UNKNOWN = -(1 << 61)
"""The code of a text no condition or parameter names: equal to none of them."""
MILLION = 1_000_000
MAX_TABLES = 256
"""The most tables of parameter values a program keeps encoded (a policy has a few dozen
periods; a caller passing fresh tables each time must not make it grow)."""
ALL = ""
"""The key a claim's codes hold once every fact has been encoded (no fact has this name)."""
EPOCH = dt.date(1970, 1, 1).toordinal()

_CODES: dict[str, int] = {}
"""Codes of the texts the policies' conditions and parameters name (a text is one code for
every policy, so a fact and a parameter compare by their codes)."""

ORDERED = {"lt": ast.Lt, "le": ast.LtE, "gt": ast.Gt, "ge": ast.GtE}


def code(text: str) -> int:
    """The code of a text a condition or parameter names (assigned on first sight)."""
    found = _CODES.get(text)
    if found is None:
        found = _CODES[text] = len(_CODES)
    return found


def encode(kind: str, value: Any, named: bool = False) -> int:
    """A fact's or parameter's value as an int; `named`: a text from the policy (coded)."""
    if value is None:
        return NONE
    if kind == "date":
        return int(value.toordinal() - EPOCH)
    if kind == "str":
        return code(value) if named else _CODES.get(value, UNKNOWN)
    if kind == "decimal":  # no fact of the law is one; millionths, for rule languages' tests
        return int(value * MILLION)
    return int(value)


@dataclass(frozen=True)
class LeafSpec:
    """One comparison of the tree, in the order the function meets it."""

    var: str
    op: str
    literal: Any
    param: str | None


@dataclass(frozen=True)
class Program:
    """A condition compiled to a function, with what it reads, slot by slot."""

    variables: tuple[str, ...]
    kinds: tuple[str, ...]
    params: tuple[tuple[str, str, bool], ...]  # (id, kind of the fact compared, a list)
    leaves: tuple[LeafSpec, ...]
    run: Callable[..., bool]
    traced: Callable[..., bool]

    encoded: dict[int, tuple[Any, list[int], list[tuple[int, ...]]]] = field(
        default_factory=dict, compare=False, repr=False
    )
    """The parameters encoded, per table of values they are read from (the policy's own
    periods: built once per policy, never per claim)."""
    vocabulary: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    """The kind of every fact the policy knows: a claim's facts are encoded all at once."""

    def inputs(
        self, facts: Mapping[str, Any], param: Callable[[str], Any]
    ) -> tuple[Sequence[int], list[int], list[tuple[int, ...]]]:
        """The encoded facts and parameters the function takes."""
        p, m = self.parameters(param)
        # after the parameters: a text they name has its code before a fact is looked up
        codes: dict[str, int] | None = getattr(facts, "codes", None)
        if codes is None:
            return (
                [encode(k, facts[v]) for v, k in zip(self.variables, self.kinds, strict=True)],
                p,
                m,
            )
        try:
            return self.pick(codes), p, m
        except KeyError:
            pass
        if ALL not in codes:  # the claim's first condition: encode every fact once
            self._encode_all(facts, codes)
            try:
                return self.pick(codes), p, m
            except KeyError:
                pass
        x = []
        for v, k in zip(self.variables, self.kinds, strict=True):
            c = codes.get(v)
            if c is None:
                c = encode(k, facts[v])
                if c != UNKNOWN:  # a text a parameter names later is coded then
                    codes[v] = c
            x.append(c)
        return x, p, m

    def _encode_all(self, facts: Mapping[str, Any], codes: dict[str, int]) -> None:
        """Every fact of the vocabulary the claim has, encoded (a text no policy names
        left out: it is looked up again, in case a parameter names it later)."""
        codes[ALL] = 0
        for v, k in self.vocabulary.items():
            if v in codes or v not in facts:
                continue
            value = facts[v]
            try:
                if value is None:
                    c = NONE
                elif k == "date":
                    c = value.toordinal() - EPOCH
                elif k == "str":
                    c = _CODES.get(value, UNKNOWN)
                    if c == UNKNOWN:
                        continue
                else:
                    c = encode(k, value)
            except (TypeError, ValueError, AttributeError):
                continue  # as read by no condition; one that reads it says so
            codes[v] = c

    @functools.cached_property
    def pick(self) -> Callable[[Mapping[str, int]], Sequence[int]]:
        """The encoded facts this function reads, in slot order, from a claim's codes."""
        return _picker(self.variables)

    def parameters(self, param: Callable[[str], Any]) -> tuple[list[int], list[tuple[int, ...]]]:
        """The encoded parameters: once per table of values `param` reads (a period's
        `values.get`), afresh for any other lookup."""
        table = getattr(param, "__self__", None)
        found = self.encoded.get(id(table)) if table is not None else None
        if found is not None and found[0] is table:
            return found[1], found[2]
        p: list[int] = []
        m: list[tuple[int, ...]] = []
        for pid, kind, many in self.params:
            value = param(pid)
            if many:
                p.append(NONE if value is None else 0)
                m.append(() if value is None else tuple(encode(kind, v, True) for v in value))
            else:
                p.append(encode(kind, value, True))
                m.append(())
        if table is not None:
            if len(self.encoded) >= MAX_TABLES:  # a caller's passing tables: bounded
                self.encoded.clear()
            self.encoded[id(table)] = (table, p, m)  # holds the table: its id stays its own
        return p, m


@functools.lru_cache(maxsize=4096)
def _picker(variables: tuple[str, ...]) -> Callable[[Mapping[str, int]], Sequence[int]]:
    """`[codes[v] for v in variables]` as one C call (a KeyError where one is not coded yet)."""
    if len(variables) == 1:
        (only,) = variables
        return lambda codes: (codes[only],)
    if not variables:
        return lambda codes: ()
    return operator.itemgetter(*variables)


def _name(n: str) -> ast.Name:
    return ast.Name(n, ast.Load())


def _item(array: str, index: int) -> ast.Subscript:
    return ast.Subscript(_name(array), ast.Constant(index), ast.Load())


def _cmp(a: ast.expr, op: ast.cmpop, b: ast.expr) -> ast.Compare:
    return ast.Compare(a, [op], [b])


def _and(*parts: ast.expr) -> ast.expr:
    return parts[0] if len(parts) == 1 else ast.BoolOp(ast.And(), list(parts))


def _or(*parts: ast.expr) -> ast.expr:
    return parts[0] if len(parts) == 1 else ast.BoolOp(ast.Or(), list(parts))


def _not(part: ast.expr) -> ast.expr:
    return ast.UnaryOp(ast.Not(), part)


class _Builder:
    """Walks an expanded tree once, giving slots to variables and parameters."""

    def __init__(self, kinds: Mapping[str, str], trace: bool) -> None:
        self.kinds = kinds
        self.trace = trace
        self.variables: dict[str, int] = {}
        self.params: dict[tuple[str, str, bool], int] = {}
        self.leaves: list[LeafSpec] = []
        self._built: dict[int, ast.expr] = {}

    def node(self, raw: Any) -> ast.expr:
        """A part of the tree as an expression; a part the expansion shares (a named condition
        used twice) is built once and its node used again, so building stays linear."""
        built = self._built.get(id(raw))
        if built is None:
            built = self._built[id(raw)] = self._node(raw)
        return built

    def _node(self, raw: Any) -> ast.expr:
        if "all" in raw:
            return _and(*(self.node(item) for item in raw["all"]))
        if "any" in raw:
            return _or(*(self.node(item) for item in raw["any"]))
        if "not" in raw:
            return _not(self.node(raw["not"]))
        name = raw["var"]
        (op,) = set(raw) - {"var"}
        rhs = raw[op]
        kind = self.kinds[name]
        a = _item("x", self.variables.setdefault(name, len(self.variables)))
        many = op in ("in", "not_in")
        pid = rhs["param"] if isinstance(rhs, dict) else None
        if pid is not None:
            slot = self.params.setdefault((pid, kind, many), len(self.params))
            b: ast.expr = _item("p", slot)
            expr = self._param_leaf(a, op, b, _item("m", slot)) if many else self._leaf(a, op, b)
        elif many:
            hit = _or(*(_cmp(a, ast.Eq(), ast.Constant(encode(kind, v, True))) for v in rhs))
            expr = hit if op == "in" else _not(hit)
        else:
            expr = self._leaf(a, op, ast.Constant(encode(kind, rhs, True)))
        self.leaves.append(LeafSpec(name, op, None if pid else rhs, pid))
        if not self.trace:
            return expr
        index = ast.Constant(len(self.leaves) - 1)
        return ast.Call(_name("t"), [index, expr], [])

    @staticmethod
    def _leaf(a: ast.expr, op: str, b: ast.expr) -> ast.expr:
        if op == "eq":
            return _cmp(a, ast.Eq(), b)
        if op == "ne":
            return _cmp(a, ast.NotEq(), b)
        none = ast.Constant(NONE)
        return _and(
            _cmp(a, ast.NotEq(), none), _cmp(b, ast.NotEq(), none), _cmp(a, ORDERED[op](), b)
        )

    @staticmethod
    def _param_leaf(a: ast.expr, op: str, b: ast.expr, items: ast.expr) -> ast.expr:
        none = ast.Constant(NONE)
        if op == "in":
            return _and(
                _cmp(b, ast.NotEq(), none), _cmp(a, ast.NotEq(), none), _cmp(a, ast.In(), items)
            )
        return _or(_cmp(b, ast.Eq(), none), _cmp(a, ast.Eq(), none), _cmp(a, ast.NotIn(), items))


def _located(module: ast.Module) -> ast.Module:
    """`ast.fix_missing_locations`, each node once: a shared node is not walked again."""
    done: set[int] = set()
    stack: list[ast.AST] = [module]
    while stack:
        part = stack.pop()
        if id(part) in done:
            continue
        done.add(id(part))
        if "lineno" in part._attributes:
            part.lineno = part.end_lineno = 1  # type: ignore[attr-defined]
            part.col_offset = part.end_col_offset = 0  # type: ignore[attr-defined]
        stack.extend(ast.iter_child_nodes(part))
    return module


def _function(body: ast.expr, args: Sequence[str]) -> Callable[..., bool]:
    """The function `condition(args) -> body`, compiled without exec."""
    return _statements([ast.Return(body)], args)


def _statements(body: list[ast.stmt], args: Sequence[str]) -> Callable[..., bool]:
    """The function `condition(args)` of these statements, compiled without exec."""
    spec = ast.arguments([], [ast.arg(a) for a in args], None, [], [], None, [])
    fn = ast.FunctionDef("condition", spec, body, [], None, None)
    module = _located(ast.Module([fn], []))
    code_ = compile(module, "<condition>", "exec")
    (inner,) = [c for c in code_.co_consts if isinstance(c, types.CodeType)]
    built: Callable[..., bool] = types.FunctionType(inner, {"__builtins__": {}})
    return built


def compile_group(
    trees: Sequence[Any], kinds: Mapping[str, str], vocabulary: Mapping[str, str] | None = None
) -> Program:
    """Several expanded conditions as one Program whose `run` gives the tuple of their
    results, in order (None, a missing condition, holds): the same expression of each
    tree as `compile_program` builds, over one set of slots, so one call answers all of a
    section's items. `traced` is `run` (a group is never traced: its members are).
    `vocabulary`: the facts a claim's first program encodes at once (default: all `kinds`)."""
    plain = _Builder(kinds, False)
    parts = [ast.Constant(True) if tree is None else plain.node(tree) for tree in trees]
    run = _function(ast.Tuple(parts, ast.Load()), ("x", "p", "m"))
    return _program(plain, kinds, run, run, kinds if vocabulary is None else vocabulary)


def compile_rows(trees: Sequence[Any], kinds: Mapping[str, str]) -> Program:
    """Several expanded conditions as one Program whose `run(x, p, m, o)` writes the result
    of tree i into `o[i]` (and returns True): `compile_group`'s expressions, over one set of
    slots, as statements, so a loop over rows answers every condition of a policy in one
    pass (a compiled function can write an array, not return a tuple of any length)."""
    plain = _Builder(kinds, False)
    body: list[ast.stmt] = []
    for i, tree in enumerate(trees):
        target = ast.Subscript(_name("o"), ast.Constant(i), ast.Store())
        body.append(ast.Assign([target], plain.node(tree)))
    body.append(ast.Return(ast.Constant(True)))
    run = _statements(body, ("x", "p", "m", "o"))
    return _program(plain, kinds, run, run, kinds)


def compile_program(expanded: Any, kinds: Mapping[str, str]) -> Program:
    """The expanded condition (checked by `_conditions.compile_condition`) as a Program."""
    plain = _Builder(kinds, False)
    body = plain.node(expanded)
    traced = _Builder(kinds, True)
    traced_body = traced.node(expanded)
    run = _function(body, ("x", "p", "m"))
    return _program(plain, kinds, run, _function(traced_body, ("x", "p", "m", "t")), kinds)


def _program(
    plain: _Builder, kinds: Mapping[str, str], run: Any, traced: Any, vocabulary: Mapping[str, str]
) -> Program:
    """A Program of the slots `plain` gave out (facts, their kinds, parameters, leaves)."""
    return Program(
        tuple(plain.variables),
        tuple(kinds[v] for v in plain.variables),
        tuple(plain.params),
        tuple(plain.leaves),
        run,
        traced,
        vocabulary=vocabulary,
    )
