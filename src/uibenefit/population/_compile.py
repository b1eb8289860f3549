"""A resolved policy compiled to lookup arrays and array conditions, for the batch kernel.

Nothing here knows the law: every number, date, rate, tier and rule comes from the policy's
parameter tables and conditions (the YAML), turned into arrays indexed by day, by code or by
contribution months. What the compiler does not know how to turn into arrays (a parameter it
has never seen, a shape it does not recognise, a condition on a fact it cannot compute) it
refuses with `Unsupported`, and the kernel sends the rows concerned through the one-claim
engine instead, counted, so a difference is never silent.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import PolicyError
from ..law._condition_ast import (
    NONE,
    UNKNOWN,
    Program,
    compile_program,
    compile_rows,
    encode,
)
from ..law._law_tables import ground_codes
from ..law._params import (
    RECORDS_PARAMETERS,
    Band,
    BeyondMonths,
    PayBy,
    RetirementAges,
    Rounding,
    Standard,
    Tier,
)
from ..policy import Policy
from ..values.claimant import FACT_KINDS, INSURED_AS, POSITIONS, SEPARATION_REASONS, SEXES
from . import _dates as D
from ._run import arrays, condition_rows, conditions_rows

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

# Parameters the engine reads only for paperwork, notes or explanations: they change no
# column of the batch tables. Any other parameter the compiler does not know makes it refuse.
PAPERWORK_ONLY = (
    frozenset(
        {
            "claim_period_days",
            "separation_reason_names",
            "sex_names",  # the names a person file may use for codes: read before the engine
            "area_names",
            "insured_as_with_employer",
            "office_days",
            "online_claiming_live",
            "archive_handover_ends",
            "arrears_exclusion",
            "filing_form_fields",
            "fraud_fine_multiples",
            "minimum_wage_area_tiers_assumed",
        }
    )
    | RECORDS_PARAMETERS
)  # read by uibenefit.records, never by the kernel

# The parameters the kernel computes with, and the value shapes it knows for each.
SHAPES: dict[str, tuple[type, ...]] = {
    "minimum_contribution_months": (int,),
    "regular_months_tiers": (list,),
    "regular_months_cap": (int,),
    "involuntary_separation_reasons": (list,),
    "benefit_start": (str,),
    "retirement_age": (RetirementAges,),
    "continuation_threshold_months": (int, type(None)),
    "standard_date": (str,),
    "early_claim_beyond": (str,),
    "money_rounding": (Rounding,),
    "medical_insurance_while_receiving": (bool,),
    "medical_insurance_on_lump_sum": (bool,),
    "benefit_standard": (Standard, type(None)),
    "beyond_regular_months": (BeyondMonths, type(None)),
    "minimum_wage": (dict,),
    "minimum_wage_area_tiers": (dict,),
    "pooling_base": (str,),
    "pooling_area_seat": (str,),
    "pay_by": (PayBy,),
    "partial_last_month": (str,),
}

# The fields each parameter model had when this compiler was written: a model that gains a
# field (a new way of computing) is refused rather than half understood.
MODEL_FIELDS: dict[type, frozenset[str]] = {
    Tier: frozenset({"min_contribution_months", "months"}),
    RetirementAges: frozenset({"male", "female_worker", "female_cadre"}),
    Standard: frozenset({"base", "rates", "special_group"}),
    BeyondMonths: frozenset({"after_month", "rate", "base"}),
    Rounding: frozenset({"places", "mode"}),
    PayBy: frozenset({"cutoff_day", "cutoff_day_counts_as"}),
    Band: frozenset({"through_month", "rate"}),
}


# Facts a condition may read, as the kernel computes them (see entitlement.facts).
STR_FACTS: dict[str, tuple[str, ...] | None] = {
    "sex": SEXES,
    "position": POSITIONS,
    "insured_as": INSURED_AS,
    "separation_reason": SEPARATION_REASONS,
    "registered_reason": SEPARATION_REASONS,
    "insured_area": None,  # codes of the areas the policy knows; any other is "other"
}
INT_FACTS = frozenset(
    {"contribution_months", "prior_unused_months", "days_to_claim", "age_years_on_application"}
)
DATE_FACTS = frozenset(
    {"separation_date", "application_date", "registration_date", "start_date", "retirement_date"}
)
BOOL_FACTS = frozenset(
    {
        "reason_differs",
        "seeking_work",
        "receiving_pension",
        "spouse_receiving_benefit",
        "registered_at_claim",
        "past_retirement_age_on_start",
    }
)

NULL = -1
"""An amount that is not known (no standard, no insured area): a null in the output."""


class Unsupported(Exception):
    """Something the compiler cannot turn into arrays; the reason is reported in the stats."""


@dataclass
class Fact:
    """One fact for every row: values (ints, days, 0/1 or codes) and where it is None."""

    kind: str
    values: npt.NDArray[np.integer[Any]]
    null: BoolArray | None = None
    vocab: tuple[str, ...] = ()


Facts = Mapping[str, Fact]
ArrayCondition = Callable[[Facts, "Lookup"], BoolArray]


class Table:
    """The dated values of one parameter as a day-indexed array of value numbers."""

    def __init__(self, policy: Policy, pid: str) -> None:
        self.pid = pid
        self.present = policy.has(pid)
        self.values: list[Any] = []
        self.starts: list[dt.date] = []
        self.lut = np.full(D.NDAYS, -1, dtype=np.int16)
        if not self.present:
            return
        table = policy.table(pid)
        for i, dated in enumerate(table.values):
            self.values.append(dated.value)
            self.starts.append(dated.start)
            off = max((dated.start - D.FIRST).days, 0)
            if off < D.NDAYS:
                self.lut[off:] = i

    def index(self, days: npt.NDArray[np.int32]) -> npt.NDArray[np.int16]:
        """The number of the value in force on each day (-1 before the first)."""
        out: npt.NDArray[np.int16] = self.lut[days - D.DAY0]
        return out

    def first(self) -> dt.date | None:
        """The day the first value starts, or None when no layer defines the parameter."""
        return self.starts[0] if self.starts else None


class Lookup:
    """Parameter values for each row, on each row's own date (the application date)."""

    def __init__(self, compiled: Compiled, days: npt.NDArray[np.int32]) -> None:
        self.compiled = compiled
        self.days = days
        self._memo: dict[str, npt.NDArray[np.int16]] = {}

    def index(self, pid: str) -> npt.NDArray[np.int16]:
        found = self._memo.get(pid)
        if found is None:
            found = self.compiled.table(pid).index(self.days)
            self._memo[pid] = found
        return found


def _check_shape(pid: str, value: Any) -> None:
    kinds = SHAPES.get(pid)
    if kinds is not None and not isinstance(value, kinds):
        raise Unsupported(f"parameter {pid} holds a {type(value).__name__}")
    items: list[Any] = [value]
    if isinstance(value, list):
        items = value
    for item in items:
        known = MODEL_FIELDS.get(type(item))
        if known is not None and frozenset(type(item).model_fields) != known:
            raise Unsupported(f"parameter {pid} has fields the batch compiler does not know")


class Compiled:
    """Everything the kernel needs from one policy, built once per policy."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.unsupported: str | None = None
        self._tables: dict[str, Table] = {}
        self.scale = 2
        self.law = arrays(policy.compiled.law)
        try:
            self._build()
        except Unsupported as why:
            self.unsupported = str(why)

    def table(self, pid: str) -> Table:
        found = self._tables.get(pid)
        if found is None:
            found = Table(self.policy, pid)
            self._tables[pid] = found
        return found

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        policy = self.policy
        in_conditions = policy.parameters_in_conditions()
        for pid, table in policy.resolved.parameters.items():
            if pid in PAPERWORK_ONLY:
                continue
            if pid not in SHAPES and pid not in in_conditions:
                raise Unsupported(f"parameter {pid} is not known to the batch compiler")
            for dated in table.values:
                _check_shape(pid, dated.value)
        exceptions = policy.compiled.exceptions
        trees: list[Any] = []

        def column(tree: Any) -> int:
            trees.append(tree)
            return len(trees) - 1

        # two exceptions to one rule that both hold: the engine refuses the person (the
        # policy does not say which prevails), so the kernel refers such rows to it
        self.overlaps: list[list[int]] = [
            [column(e.when.expanded) for e in group if e.when is not None]
            for group in exceptions.values()
            if len(group) > 1
        ]
        self.rules: list[tuple[str, int | None, int]] = []
        for rule in _deciding_order(policy):
            # conditions as `expanded` (shared `{condition: id}` references replaced); a base
            # rule applies where none of its exceptions' `when` holds, an exception where its
            # own does (one without `requires` passes, so it can fail no one)
            premises = [] if rule.when is None else [rule.when.expanded]
            if rule.exception is None and rule.id in exceptions:
                others = [e.when.expanded for e in exceptions[rule.id] if e.when is not None]
                premises.append({"not": {"any": others}})
            if rule.requires is None:
                continue
            when = None
            if premises:
                when = column(premises[0] if len(premises) == 1 else {"all": premises})
            self.rules.append((rule.citation.clause, when, column(rule.requires.expanded)))
        self.conditions = compile_arrays(trees)
        """Every rule's and overlap's condition in one pass: a column each, numbered as in
        `rules` and `overlaps`."""
        self._build_tiers()
        self._build_money()
        self._build_grounds()

    def _build_tiers(self) -> None:
        # the tiers, the threshold and the retirement ages are `law` (`_procedure`'s tables)
        cap = self.table("regular_months_cap")
        self.cap = np.array([-1, *[int(v) for v in cap.values]], dtype=np.int32)
        self.required_first = [
            self.table(pid).first()
            for pid in (
                "benefit_start",
                "regular_months_cap",
                "standard_date",
                "medical_insurance_while_receiving",
                "money_rounding",
            )
        ]

    def _build_grounds(self) -> None:
        grounds = self.policy.stop_grounds
        # event kinds are the policy's stop grounds, numbered in its order (ties on one day)
        self.event_kinds: tuple[str, ...] = tuple(self.policy.event_kinds)
        self.kind_width = max(16, len(self.event_kinds) + 1)
        kinds = self.event_kinds or ("",)
        self.ground = np.array([k in grounds for k in kinds])
        codes = [ground_codes(grounds[k]) if k in grounds else (0, False) for k in kinds]
        self.effect = np.array([effect for effect, _ in codes], dtype=np.int64)
        self.containing = np.array([containing for _, containing in codes], dtype=bool)
        lump = self.table("medical_insurance_on_lump_sum")
        self.lump_medical = np.array([False, *[bool(v) for v in lump.values]])

    def _build_money(self) -> None:
        """What pricing needs besides `_procedure`'s tables (`law`): the output's decimal
        places, the medical insurance flags, and each standard's special group condition."""
        policy = self.policy
        rounding = self.table("money_rounding")
        places = {r.places for r in rounding.values}
        self.scale = max(places) if places else 2
        for pid in ("standard_date", "early_claim_beyond"):
            for v in self.table(pid).values:
                if v not in ("application_date", "month_start"):
                    raise Unsupported(f"{pid} {v}")
        for v in self.table("partial_last_month").values:
            if v not in ("full", "pro_rata"):
                raise Unsupported(f"partial_last_month {v}")
        medical = self.table("medical_insurance_while_receiving")
        self.medical = np.array([False, *[bool(v) for v in medical.values]])
        std = self.table("benefit_standard")
        self.special: list[ArrayCondition | None] = []
        for v, standard in enumerate(std.values):
            cond = None
            if standard is not None and standard.special_group is not None:
                found = policy.compiled.at(std.starts[v]).special_group
                if found is None:  # pragma: no cover - Policy compiles every special group
                    raise Unsupported("a special group without its condition")
                cond = compile_array(found.expanded)
            self.special.append(cond)


# -- conditions: the one-claim path's compiled function, per row -------------------------


def compile_array(raw: Any) -> ArrayCondition:
    """The structured condition (already checked by `_conditions.compile_condition`) as the
    `_condition_ast` function the one-claim path runs, applied to every row by
    `_run.condition_rows` (compiled by numba where it is installed)."""
    _check_variables(raw)
    program = compile_program(raw, FACT_KINDS)

    def run(f: Facts, p: Lookup) -> BoolArray:
        numbers, scalars, lists = _parameters(program, p)
        n = len(p.days)
        columns = [_column(f[v]) for v in program.variables]
        facts = np.stack(columns, axis=1) if columns else np.zeros((n, 0), dtype=np.int64)
        out = np.zeros(n, dtype=np.bool_)
        condition_rows(program, facts, numbers, scalars, lists, out)
        return out

    return run


def compile_arrays(trees: list[Any]) -> Callable[[Facts, Lookup], BoolArray]:
    """The structured conditions as one `_condition_ast.compile_rows` function, applied to
    every row in one pass by `_run.conditions_rows`: a column of results per condition."""
    for tree in trees:
        _check_variables(tree)
    program = compile_rows(trees, FACT_KINDS)

    def run(f: Facts, p: Lookup) -> BoolArray:
        n = len(p.days)
        out = np.zeros((n, len(trees)), dtype=np.bool_)
        if trees:
            numbers, scalars, lists = _parameters(program, p)
            columns = [_column(f[v]) for v in program.variables]
            facts = np.stack(columns, axis=1) if columns else np.zeros((n, 0), dtype=np.int64)
            conditions_rows(program, facts, numbers, scalars, lists, out)
        return out

    return run


def _check_variables(raw: Any) -> None:
    """Refuse a condition that reads a fact the kernel does not compute."""
    for name in _variables(raw):
        if name not in STR_FACTS and name not in INT_FACTS | DATE_FACTS | BOOL_FACTS:
            raise Unsupported(
                f"a condition reads {name}, which the batch compiler does not compute"
            )


def _variables(raw: Any) -> set[str]:
    if "all" in raw or "any" in raw:
        return set().union(*(_variables(c) for c in raw["all" if "all" in raw else "any"]))
    if "not" in raw:
        return _variables(raw["not"])
    return {raw["var"]}


PAD = NONE + 1
"""Fills a list parameter's row past its last code: equal to no fact's encoding."""


def _parameters(program: Program, p: Lookup) -> tuple[IntArray, IntArray, npt.NDArray[np.int64]]:
    """Each row's value number of each parameter the program reads, and per parameter its
    values encoded as the program takes them (value number 0: none in force)."""
    k = len(program.params)
    tables = [p.compiled.table(pid) for pid, _, _ in program.params]
    count = max([len(t.values) for t in tables], default=0) + 1
    width = max([len(v or ()) for t in tables for v in t.values if isinstance(v, list)] or [1])
    scalars = np.full((k, count), NONE, dtype=np.int64)
    lists = np.full((k, count, width), PAD, dtype=np.int64)
    for j, ((_, kind, many), table) in enumerate(zip(program.params, tables, strict=True)):
        for v, value in enumerate(table.values):
            if value is None:
                continue
            if many:
                scalars[j, v + 1] = 0
                for w, item in enumerate(value):
                    lists[j, v + 1, w] = encode(kind, item, True)
            else:
                scalars[j, v + 1] = _encoded(kind, value)
    numbers = np.zeros((len(p.days), k), dtype=np.int64)
    for j, (pid, _, _) in enumerate(program.params):
        numbers[:, j] = p.index(pid).astype(np.int64) + 1
    return numbers, scalars, lists


def _encoded(kind: str, value: Any) -> int:
    if isinstance(value, Decimal) and value != int(value):
        raise Unsupported("a decimal compared with a whole-number fact")
    return encode(kind, value, True)


def _column(fact: Fact) -> IntArray:
    """A fact's column in the program's encoding (codes of texts, NONE where None)."""
    values = fact.values.astype(np.int64)
    if fact.kind == "str":
        codes = np.array([encode("str", t) for t in fact.vocab] + [UNKNOWN], dtype=np.int64)
        values = codes[
            np.where((values < 0) | (values >= len(fact.vocab)), len(fact.vocab), values)
        ]
    if fact.null is not None:
        values = np.where(fact.null, NONE, values)
    return values


def _deciding_order(policy: Policy) -> list[Any]:
    """The rules in the order `evaluate` lists its findings: each base rule in file order,
    its exceptions right after it (an exception decides in its base rule's place)."""
    exceptions = policy.compiled.exceptions
    out: list[Any] = []
    for rule in policy.compiled.rules:
        if rule.exception is None:
            out.append(rule)
            out.extend(exceptions.get(rule.id, ()))
    return out


_BUILT: weakref.WeakKeyDictionary[Policy, Compiled] = weakref.WeakKeyDictionary()
"""The compiled form of each policy in use, kept here (not on the policy object) while the
policy lives."""


def compiled(policy: Policy) -> Compiled:
    """The compiled form of a policy, built on first use."""
    found = _BUILT.get(policy)
    if found is None:
        found = _BUILT[policy] = Compiled(policy)
    return found


__all__ = ["Compiled", "PolicyError", "Unsupported", "compiled"]
