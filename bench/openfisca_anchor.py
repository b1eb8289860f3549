"""The anchor of issue 20: our population and one-claim paths against OpenFisca on the same persons.

    PYTHONPATH=src .venv/bin/python bench/openfisca_anchor.py [--n 1000000] [--rounds 3]
        [--count 1000] [--seed 1] [--cpu 0] [--openfisca-python /work/ofvenv/bin/python]
        [--profile 20]

OpenFisca is NOT a dependency of uibenefit. Install it into a venv of its own, e.g.

    python3.11 -m venv /work/ofvenv && /work/ofvenv/bin/pip install 'openfisca-core>=46,<47' \\
        numpy pyarrow

If `openfisca_core` is importable in the running interpreter it runs in-process (still as a
separate phase); otherwise this script re-runs itself under `--openfisca-python` with
`--worker DIR`, exchanging files in a temporary directory. The worker imports no uibenefit.
It is a script, not a test: the test suite never runs it, and nothing is asserted on time.

What it does, in ONE run, pinned to ONE core (`--cpu`; NUMBA/OMP/OPENBLAS threads = 1):
1. Reads the law from our policy through the public API (`ub.load_policy(...).table(pid)`), so
   both sides use the same numbers: minimum contributions, the involuntary reasons, the tiers of
   regular months and the cap, the start, the retirement ages and the 2025 delay, continuation
   (N1), the benefit standards by legal period (bands, special group), months beyond the 24th,
   minimum wages by tier and the area tiers, whose minimum wage (pooling base). It refuses to run
   if a reading it does not model is chosen (standard_date, early_claim_beyond,
   partial_last_month, money rounding).
2. Generates N persons once (`uibenefit.population.synth.claimants`) and gives both sides the
   same Arrow table with every column as text (as a CSV gives them).
3. Ours: `policy.evaluate_batch(text table)` -> Arrow table with decimal128 money, best CPU
   time of R rounds before OpenFisca and one after (after one warm-up call that compiles or
   loads numba's cache).
4. OpenFisca 46: a TaxBenefitSystem built here (one person entity, variables and dated
   parameters created in this file, no YAML), `simulation.calculate("total_due_fen")` over all N
   (a) with typed inputs already set (its most favourable figure: input is free) and (b) from
   the same text table to an Arrow table with decimal128 money (parse, `set_input`, calculate,
   output), best CPU of R rounds each.
5. Checks agreement (eligible, total months, total in fen) on every person our engine prices
   (no row error, total not null), and lists the disagreements.
6. Per-person path: CPU median over `--count` persons each never evaluated before in the
   process: our `policy.evaluate` (a full Decision: eligibility, entitlement, schedule,
   paperwork, explanation's citations) against OpenFisca building a simulation of one person
   and calculating the same total.

OpenFisca reads a parameter at one instant per call (`parameters(instant)`), while each person
here has its own legal date (the application date, the day the old age is reached, the end of
the regular period). The OpenFisca formulas therefore read `parameters(start)` once per legal
period in which the parameter changes and index the small per-period tables with NumPy by each
person's period: the fastest way found (fancy indexing of a parameter node by an Enum array
loops in Python per person in OpenFisca 46: one such lookup took 107 ms per 100,000 persons,
more than the whole model's `calculate`).

Rules left out of the comparison (the OpenFisca model does not encode them): stops and events
(no events are given to either side), paperwork, explanations, pay-by dates, the insured-area
reading's "amount needs an area" null (the default reading does not need it), refusals of bad
input (the synthetic persons are valid). The YAML's conditions (eligibility, the special group)
are written by hand as formulas: a what-if that changes parameter values is followed, one that
changes a condition or adds a band is not (its differences are listed). `--profile N` also
prints where one `evaluate_batch` spends its time. docs/benchmarks.md has the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

EPOCH = dt.date(1970, 1, 1)
INPUTS = (
    "birth_date",
    "sex",
    "position",
    "insured_as",
    "contribution_months",
    "separation_date",
    "separation_reason",
    "application_date",
    "registration_date",
    "insured_area",
    "prior_unused_months",
    "receiving_pension",
    "seeking_work",
    "registered_reason",
    "spouse_receiving_benefit",
)


# ==== the law, read from our policy (main side only) ==========================================


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _dated(policy: Any, pid: str, convert: Any = lambda v: v) -> list[list[Any]]:
    """[[start ISO, converted value], ...] of a parameter, None values kept (a repeal)."""
    return [
        [_iso(v.start), None if v.value is None else convert(v.value)]
        for v in policy.table(pid).values
    ]


def _same(policy: Any, pid: str, expected: Any, what: str) -> None:
    """Refuse to compare if the policy chose a reading the OpenFisca model does not encode."""
    for v in policy.table(pid).values:
        got = v.value if not hasattr(v.value, "mode") else (v.value.places, v.value.mode)
        if got != expected:
            raise SystemExit(f"{pid} = {got!r} from {v.start}: the OpenFisca model encodes {what}")


def _bands(rates: Any) -> list[list[Any]]:
    return [[b.through_month, str(b.rate)] for b in rates]


def _standard(s: Any) -> dict[str, Any]:
    if len(s.rates) > 2 or (s.special_group is not None and len(s.special_group.rates) > 2):
        raise SystemExit("a benefit standard of more than two bands is not modelled")
    return {
        "base": s.base,
        "rates": _bands(s.rates),
        "special": None if s.special_group is None else _bands(s.special_group.rates),
    }


def _ages(value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("male", "female_worker", "female_cadre"):
        age = getattr(value, key)
        delay = age.delay
        out[key] = {
            "years": age.years,
            "delay": None
            if delay is None
            else [
                _iso(delay.first_birth_month),
                delay.birth_months_per_step,
                delay.max_delay_months,
            ],
        }
    return out


def extract_law(policy: Any, reasons: tuple[str, ...]) -> dict[str, Any]:
    """Every number the simplified rules need, with its dates, from the policy's tables."""
    _same(policy, "standard_date", "application_date", "the standard on the application date")
    _same(policy, "early_claim_beyond", "application_date", "early claims at the claim's wage")
    _same(policy, "partial_last_month", "full", "a cut-short last month paid in full")
    _same(policy, "money_rounding", (2, "ROUND_HALF_UP"), "rounding to the fen, half up")
    _same(policy, "benefit_start", "registration_date", "the start at the registration date")
    return {
        "reasons": list(reasons),
        "minimum_contribution_months": _dated(policy, "minimum_contribution_months"),
        "involuntary_separation_reasons": _dated(policy, "involuntary_separation_reasons", list),
        "regular_months_tiers": _dated(
            policy,
            "regular_months_tiers",
            lambda tiers: [[t.min_contribution_months, t.months] for t in tiers],
        ),
        "regular_months_cap": _dated(policy, "regular_months_cap"),
        "retirement_age": _dated(policy, "retirement_age", _ages),
        "continuation_threshold_months": _dated(policy, "continuation_threshold_months"),
        "benefit_standard": _dated(policy, "benefit_standard", _standard),
        "beyond_regular_months": _dated(
            policy,
            "beyond_regular_months",
            lambda b: {"after": b.after_month, "rate": str(b.rate), "base": b.base},
        ),
        "minimum_wage": _dated(
            policy, "minimum_wage", lambda w: {str(k): str(v) for k, v in w.items()}
        ),
        "minimum_wage_area_tiers": _dated(policy, "minimum_wage_area_tiers", dict),
        "pooling_base": _dated(policy, "pooling_base"),
        "pooling_area_seat": _dated(policy, "pooling_area_seat"),
        "special_group_start": _dated(policy, "special_group_start", _iso),
        "special_group_min_contribution_months": _dated(
            policy, "special_group_min_contribution_months"
        ),
        "special_group_min_age_male": _dated(policy, "special_group_min_age_male"),
        "special_group_min_age_female": _dated(policy, "special_group_min_age_female"),
    }


# ==== OpenFisca: the same rules as a TaxBenefitSystem (worker side; imports no uibenefit) ======


def _day_numbers(iso: str) -> int:
    return (dt.date.fromisoformat(iso) - EPOCH).days


def _month_number(iso: str) -> int:
    d = dt.date.fromisoformat(iso)
    return (d.year - 1970) * 12 + d.month - 1


def _rate_bp(rate: str | None) -> int:
    """A rate as an integer of 1/10,000 ("0.85" -> 8500): money stays exact in integer fen."""
    return 0 if rate is None else round(float(rate) * 10_000)


def _leaf(dated: list[list[Any]], convert: Any = lambda v: v) -> dict[str, Any]:
    return {"values": {start: {"value": convert(v)} for start, v in dated}}


def _field(dated: list[list[Any]], get: Any) -> dict[str, Any]:
    return {"values": {start: {"value": None if v is None else get(v)} for start, v in dated}}


def _tiers_scale(dated: list[list[Any]]) -> dict[str, Any]:
    """The tiers of regular months as a `single_amount` scale. A table of fewer tiers than the
    longest is padded with its last tier repeated one month higher each time (same result for
    whole months), since a bracket cannot vanish from a scale for a period."""
    longest = max(len(tiers) for _, tiers in dated)
    brackets: list[dict[str, Any]] = [
        {"threshold": {"values": {}}, "amount": {"values": {}}} for _ in range(longest)
    ]
    for start, tiers in dated:
        padded = list(tiers)
        while len(padded) < longest:
            padded.append([padded[-1][0] + 1, padded[-1][1]])
        for bracket, (low, months) in zip(brackets, padded, strict=True):
            bracket["threshold"]["values"][start] = {"value": low}
            bracket["amount"]["values"][start] = {"value": months}
    return {"metadata": {"type": "single_amount"}, "brackets": brackets}


def _membership(dated: list[list[Any]], names: list[str]) -> dict[str, Any]:
    """A list-valued parameter as one boolean leaf per possible member."""
    return {
        name: {"values": {s: {"value": v is not None and name in v} for s, v in dated}}
        for name in names
    }


def _standard_node(dated: list[list[Any]]) -> dict[str, Any]:
    def band(v: dict[str, Any], which: str, i: int, part: int) -> Any:
        bands = v[which] if v[which] is not None else v["rates"]
        if i >= len(bands):
            return 0
        return (bands[i][0] or 0) if part == 0 else _rate_bp(bands[i][1])

    node: dict[str, Any] = {
        "region_tier1_base": _field(dated, lambda v: v["base"] == "region_tier1_minimum_wage"),
        "has_special_group": _field(dated, lambda v: v["special"] is not None),
    }
    for which, prefix in (("rates", ""), ("special", "special_")):
        for i in (0, 1):
            node[f"{prefix}rate_{i + 1}"] = _field(dated, lambda v, w=which, i=i: band(v, w, i, 1))
            node[f"{prefix}through_{i + 1}"] = _field(
                dated, lambda v, w=which, i=i: band(v, w, i, 0)
            )
    return node


def parameter_tree(law: dict[str, Any]) -> dict[str, Any]:
    """The dated parameters as OpenFisca parameter data (what a country package's YAML holds)."""
    ages: dict[str, Any] = {}
    for key in ("male", "female_worker", "female_cadre"):
        a = [[s, v[key]] for s, v in law["retirement_age"]]
        ages[key] = {
            "years": _field(a, lambda v: v["years"]),
            "delayed": _field(a, lambda v: v["delay"] is not None),
            "first_birth_month": _field(
                a, lambda v: _month_number(v["delay"][0]) if v["delay"] else 0
            ),
            "birth_months_per_step": _field(a, lambda v: v["delay"][1] if v["delay"] else 1),
            "max_delay_months": _field(a, lambda v: v["delay"][2] if v["delay"] else 0),
        }
    beyond = law["beyond_regular_months"]
    wage = law["minimum_wage"]
    tiers = sorted({t for _, w in wage for t in w}, key=int)
    areas = law["minimum_wage_area_tiers"]
    codes = sorted({a for _, v in areas for a in v})
    return {
        "ui": {
            "minimum_contribution_months": _leaf(law["minimum_contribution_months"]),
            "involuntary": _membership(law["involuntary_separation_reasons"], law["reasons"]),
            "regular_months_tiers": _tiers_scale(law["regular_months_tiers"]),
            "regular_months_cap": _leaf(law["regular_months_cap"]),
            "retirement_age": ages,
            "continuation_threshold_months": _leaf(law["continuation_threshold_months"]),
            "standard": _standard_node(law["benefit_standard"]),
            "beyond": {
                "applies": _field(beyond, lambda v: True),
                "after_month": _field(beyond, lambda v: v["after"]),
                "rate": _field(beyond, lambda v: _rate_bp(v["rate"])),
                "region_tier1_base": _field(
                    beyond, lambda v: v["base"] == "region_tier1_minimum_wage"
                ),
            },
            "minimum_wage_fen": {
                f"tier_{t}": _field(wage, lambda v, t=t: round(float(v[t]) * 100) if t in v else 0)
                for t in tiers
            },
            "area_tier": {f"area_{c}": _field(areas, lambda v, c=c: v.get(c, 0)) for c in codes},
            "pooling_base": _leaf(law["pooling_base"]),
            "pooling_area_seat": _leaf(law["pooling_area_seat"]),
            "special_group": {
                "start": _field(law["special_group_start"], _day_numbers),
                "min_contribution_months": _leaf(law["special_group_min_contribution_months"]),
                "min_age_male": _leaf(law["special_group_min_age_male"]),
                "min_age_female": _leaf(law["special_group_min_age_female"]),
            },
        }
    }


# -- vectorised calendar (day numbers since 1970-01-01, as int64) -------------------------------
# Lookup tables over 1900-2199 (the fastest NumPy calendar measured: 3-4x integer arithmetic,
# 8x datetime64[M] conversions), so OpenFisca's figure is not slowed by a slow calendar.

FIRST_YEAR, YEARS = 1900, 300
_MONTHS = np.arange(YEARS * 12)  # month numbers from 1900-01
_MONTH_START = np.array(
    [(dt.date(FIRST_YEAR + i // 12, i % 12 + 1, 1) - EPOCH).days for i in range(YEARS * 12 + 1)],
    dtype=np.int64,
)
_MONTH_LENGTH = np.diff(_MONTH_START).astype(np.int32)
_LOW = int(_MONTH_START[0])
_DAY_MONTH = np.repeat(_MONTHS, _MONTH_LENGTH).astype(np.int32)  # each day from 1900: its month
_MONTH_OFFSET = (FIRST_YEAR - 1970) * 12


def _inside(days: np.ndarray) -> np.ndarray:
    i = np.asarray(days) - _LOW
    if len(i) and (i.min() < 0 or i.max() >= len(_DAY_MONTH)):
        raise ValueError("a date outside 1900-2199")
    return i


def month_number(days: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of each day."""
    out: np.ndarray = _DAY_MONTH[_inside(days)] + _MONTH_OFFSET
    return out


def add_months(days: np.ndarray, months: np.ndarray) -> np.ndarray:
    """The same day `months` later, or that month's last day where it has none."""
    i = _inside(days)
    month = _DAY_MONTH[i]
    d = i + _LOW - _MONTH_START[month]  # 0-based day of the month
    target = month + np.asarray(months, dtype=np.int64)
    if len(target) and (target.min() < 0 or target.max() >= len(_MONTH_LENGTH)):
        raise ValueError("a date outside 1900-2199")
    out: np.ndarray = _MONTH_START[target] + np.minimum(d, _MONTH_LENGTH[target] - 1)
    return out


def months_after(start: np.ndarray, day: np.ndarray) -> np.ndarray:
    """The fewest m with add_months(start, m) after `day` (0 when `day` is before `start`)."""
    m = month_number(day) - month_number(start)
    m = m + (add_months(start, m) <= day)
    return np.maximum(m, 0)


def age_in_years(birth: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Whole years of age on a day."""
    years = (month_number(on) // 12) - (month_number(birth) // 12)
    return years - (add_months(birth, 12 * years) > on)


class LegalPeriods:
    """Every date on which some parameter of the model takes a new value. A formula reads
    `parameters(start)` once per legal period, builds a small table by period, and indexes it
    by each person's own legal date (OpenFisca reads parameters at one instant per call)."""

    def __init__(self, law: dict[str, Any]) -> None:
        starts = {s for key, dated in law.items() if key != "reasons" for s, _ in dated}
        self.iso = sorted(starts)
        self.days = np.array([_day_numbers(s) for s in self.iso], dtype=np.int64)
        self._memo: dict[Any, np.ndarray] = {}
        every_day = np.arange(len(_DAY_MONTH), dtype=np.int64) + _LOW
        found = np.searchsorted(self.days, every_day, side="right") - 1
        self._by_day = np.maximum(found, 0).astype(np.int16)  # a lookup, not a search per call

    def index(self, days: np.ndarray) -> np.ndarray:
        """The legal period of each day (0 for a day before the first: flagged elsewhere)."""
        out: np.ndarray = self._by_day[_inside(days)]
        return out

    def table(self, parameters: Any, get: Any, dtype: Any = np.int64) -> np.ndarray:
        """`get(parameters at the period's start)` for each period, as an array; built once per
        system (a pure function of the parameters, as OpenFisca caches them per instant)."""
        cells = tuple(
            c.cell_contents for c in get.__closure__ or () if isinstance(c.cell_contents, str)
        )
        key = (get.__code__, cells)
        found = self._memo.get(key)
        if found is None:
            found = np.array([get(parameters(s).ui) for s in self.iso], dtype=dtype)
            self._memo[key] = found
        return found


def build_system(law: dict[str, Any]) -> Any:
    """The TaxBenefitSystem: one entity, the claimant; every variable one rule."""
    from openfisca_core.entities import build_entity
    from openfisca_core.indexed_enums import Enum
    from openfisca_core.parameters import ParameterNode
    from openfisca_core.periods import DateUnit
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    person = build_entity(
        key="person", plural="persons", label="A claimant of unemployment benefit", is_person=True
    )
    tbs = TaxBenefitSystem([person])
    tbs.parameters = ParameterNode("", data=parameter_tree(law))
    periods = LegalPeriods(law)
    area_codes = sorted({a for _, v in law["minimum_wage_area_tiers"] for a in v})
    tiers = sorted({int(t) for _, w in law["minimum_wage"] for t in w})
    sex_enum = Enum("Sex", [("male", "male"), ("female", "female")])
    position_enum = Enum("Position", [("worker", "worker"), ("cadre", "cadre")])
    reason_enum = Enum("Reason", [(r, r) for r in law["reasons"]])
    area_enum = Enum("Area", [(f"area_{c}", c) for c in area_codes] + [("none", "none")])
    eternity = DateUnit.ETERNITY

    def inp(name: str, kind: Any, default: Any = None, enum: Any = None) -> None:
        attrs: dict[str, Any] = {
            "value_type": kind,
            "entity": person,
            "definition_period": eternity,
            "label": name,
        }
        if enum is not None:
            attrs.update(possible_values=enum, default_value=enum[default])
        elif default is not None:
            attrs["default_value"] = default
        tbs.add_variable(type(name, (Variable,), attrs))

    def rule(name: str, kind: Any, formula: Any, label: str) -> None:
        attrs = {
            "value_type": kind,
            "entity": person,
            "definition_period": eternity,
            "label": label,
            "formula": formula,
        }
        tbs.add_variable(type(name, (Variable,), attrs))

    for name in ("birth_date", "separation_date", "application_date", "registration_date"):
        inp(name, dt.date)
    inp("sex", Enum, "male", sex_enum)
    inp("position", Enum, "worker", position_enum)
    inp("separation_reason", Enum, law["reasons"][0], reason_enum)
    inp("insured_area", Enum, "none", area_enum)
    for name in ("contribution_months", "prior_unused_months"):
        inp(name, int)
    for name in ("registered", "receiving_pension", "seeking_work", "spouse_receiving_benefit"):
        inp(name, bool)

    def day(p: Any, name: str, period: Any) -> np.ndarray:
        out: np.ndarray = p(name, period).astype("datetime64[D]").astype(np.int64)
        return out

    _add_rules(rule, day, periods, law, area_codes, tiers)
    return tbs


MOST_MONTHS = 1200
BY_MONTHS = np.arange(MOST_MONTHS + 1)
"""Contribution months the tier table is tabulated over (100 years; more counts as 100)."""


def _get(node: Any, path: str, instead: Any) -> Any:
    """A parameter at an instant, or `instead` where it has no value then (before its first
    value OpenFisca leaves it out of the node, after a null value it is None)."""
    try:
        for part in path.split("."):
            node = node[part]
    except Exception:  # ParameterNotFoundError: no value on that date
        return instead
    return instead if node is None else node


def _calc(scale: Any, base: np.ndarray) -> np.ndarray:
    """A scale's amounts over `base`; zeros on a date before the scale has brackets."""
    try:
        out: np.ndarray = scale.calc(base)
    except Exception:  # no bracket in force on that date
        return np.zeros(len(base), dtype=np.int64)
    return out


def _add_rules(
    rule: Any,
    day: Any,
    periods: LegalPeriods,
    law: dict[str, Any],
    areas: list[str],
    tiers: list[int],
) -> None:
    """The formulas, each over all persons at once."""
    first_standard = _day_numbers(law["benefit_standard"][0][0])
    first_beyond = _day_numbers(law["beyond_regular_months"][0][0])
    first_ages = law["retirement_age"][0][0]
    keys = ("male", "female_worker", "female_cadre")
    tier_col = {t: i for i, t in enumerate(tiers)}
    big = 1 << 40

    def covered(p: Any, period: Any, parameters: Any) -> Any:
        return day(p, "application_date", period) >= first_standard

    def contributions_met(p: Any, period: Any, parameters: Any) -> Any:
        k = periods.index(day(p, "application_date", period))
        least = periods.table(parameters, lambda ui: _get(ui, "minimum_contribution_months", big))
        return p("contribution_months", period) >= least[k]

    def earlier_entitlement(p: Any, period: Any, parameters: Any) -> Any:
        return ~p("contributions_met", period) & (p("prior_unused_months", period) > 0)

    def involuntary(p: Any, period: Any, parameters: Any) -> Any:
        k = periods.index(day(p, "application_date", period))
        listed = periods.table(
            parameters,
            lambda ui: [bool(_get(ui, f"involuntary.{r}", False)) for r in law["reasons"]],
            bool,
        )
        return listed[k, p("separation_reason", period).view(np.ndarray).astype(np.int64)]

    def eligible(p: Any, period: Any, parameters: Any) -> Any:
        return (
            (p("contributions_met", period) | p("earlier_entitlement", period))
            & p("involuntary", period)
            & p("seeking_work", period)
            & ~p("receiving_pension", period)
        )

    def regular_months(p: Any, period: Any, parameters: Any) -> Any:
        k = periods.index(day(p, "application_date", period))
        c = np.clip(p("contribution_months", period), 0, MOST_MONTHS)
        tier = periods.table(
            parameters, lambda ui: _calc(_get(ui, "regular_months_tiers", None), BY_MONTHS)
        )
        cap = periods.table(parameters, lambda ui: _get(ui, "regular_months_cap", 0))
        merged = np.minimum(tier[k, c] + p("prior_unused_months", period), cap[k])
        return np.where(p("eligible", period), merged, 0)

    def benefit_start(p: Any, period: Any, parameters: Any) -> Any:
        return np.where(
            p("registered", period),
            day(p, "registration_date", period),
            day(p, "application_date", period),
        )

    def retirement_day(p: Any, period: Any, parameters: Any) -> Any:
        birth = day(p, "birth_date", period)
        male = p("sex", period).view(np.ndarray) == 0
        cadre = p("position", period).view(np.ndarray) == 1
        key = np.where(male, 0, np.where(cadre, 2, 1))
        old = parameters(first_ages).ui.retirement_age
        first_years = np.array([old[k].years for k in keys], dtype=np.int64)
        r = periods.index(add_months(birth, 12 * first_years[key]))

        def field(name: str) -> np.ndarray:
            return periods.table(
                parameters, lambda ui: [_get(ui, f"retirement_age.{k}.{name}", 0) for k in keys]
            )[r, key]

        n = month_number(birth) - field("first_birth_month") + 1
        step = np.maximum(field("birth_months_per_step"), 1)
        delay = np.where(
            (field("delayed") != 0) & (n >= 1),
            np.minimum(-(-n // step), field("max_delay_months")),
            0,
        )
        return add_months(birth, 12 * field("years") + delay)

    def regular_end(p: Any, period: Any, parameters: Any) -> Any:
        return add_months(p("benefit_start", period), p("regular_months", period)) - 1

    def total_months(p: Any, period: Any, parameters: Any) -> Any:
        regular = p("regular_months", period)
        start = p("benefit_start", period)
        end = p("regular_end", period)
        retire = p("retirement_day", period)
        threshold = periods.table(
            parameters, lambda ui: _get(ui, "continuation_threshold_months", -1)
        )[periods.index(end)]
        threshold = np.where(end < periods.days[0], -1, threshold)
        continues = (
            (regular > 0)
            & (threshold >= 0)
            & (add_months(end, np.maximum(threshold, 0)) > retire)
            & (end + 1 < retire)
        )
        return np.where(continues, np.maximum(months_after(start, retire - 1), regular), regular)

    def special_group(p: Any, period: Any, parameters: Any) -> Any:
        app = day(p, "application_date", period)
        k = periods.index(app)
        sg = periods.table(
            parameters,
            lambda ui: [
                _get(ui, "special_group.start", big),
                _get(ui, "special_group.min_contribution_months", big),
                _get(ui, "special_group.min_age_male", big),
                _get(ui, "special_group.min_age_female", big),
            ],
        )[k]
        age = age_in_years(day(p, "birth_date", period), app)
        male = p("sex", period).view(np.ndarray) == 0
        by_age = np.where(male, age >= sg[:, 2], age >= sg[:, 3])
        return (app >= sg[:, 0]) & (
            ((p("contribution_months", period) >= sg[:, 1]) & by_age)
            | p("spouse_receiving_benefit", period)
        )

    def pooling_wage_fen(p: Any, period: Any, parameters: Any) -> Any:
        """The pooling area's minimum wage on the application date (G10), in fen; -1 unknown."""
        k = periods.index(day(p, "application_date", period))
        base = periods.table(
            parameters,
            lambda ui: ("league_seat", "insured_area", "region_tier1").index(
                _get(ui, "pooling_base", "region_tier1")
            ),
        )[k]
        by_area = periods.table(
            parameters, lambda ui: [_get(ui, f"area_tier.area_{a}", 0) for a in areas] + [0]
        )
        seat = periods.table(
            parameters,
            lambda ui: _get(ui, f"area_tier.area_{_get(ui, 'pooling_area_seat', '')}", 0),
        )[k]
        own = by_area[k, p("insured_area", period).view(np.ndarray).astype(np.int64)]
        tier = np.where(base == 0, seat, np.where(base == 1, own, 1))
        return _wage(parameters, k, tier)

    def _wage(parameters: Any, k: np.ndarray, tier: np.ndarray) -> np.ndarray:
        wages = periods.table(
            parameters, lambda ui: [_get(ui, f"minimum_wage_fen.tier_{t}", 0) for t in tiers]
        )
        col = np.array([tier_col.get(t, 0) for t in range(max(tiers) + 1)])
        found = wages[k, col[np.clip(tier, 0, max(tiers))]]
        return np.where((tier >= 1) & (found > 0), found, -1)

    def total_due_fen(p: Any, period: Any, parameters: Any) -> Any:
        """Months 1-12, 13-24 (or on) at the standard on the application date, beyond the 24th at
        the rule for those months; each month rounded to the fen, half up."""
        app = day(p, "application_date", period)
        k = periods.index(app)

        def std(name: str) -> np.ndarray:
            return periods.table(parameters, lambda ui: _get(ui, f"standard.{name}", 0))[k]

        special = p("special_group", period) & (std("has_special_group") != 0)

        def pick(name: str) -> np.ndarray:
            return np.where(special, std("special_" + name), std(name))

        pool = p("pooling_wage_fen", period)
        tier1 = _wage(parameters, k, np.ones_like(k))
        wage = np.where(std("region_tier1_base") != 0, tier1, pool)
        kb = periods.index(np.maximum(app, first_beyond))

        def beyond(name: str) -> np.ndarray:
            return periods.table(parameters, lambda ui: _get(ui, f"beyond.{name}", 0))[kb]

        b_applies = beyond("applies") != 0
        b_wage = np.where(beyond("region_tier1_base") != 0, tier1, pool)
        total = p("total_months", period)
        t1 = pick("through_1")
        t2 = np.where(pick("through_2") > 0, pick("through_2"), big)
        cut = np.where(b_applies, beyond("after_month"), t2)
        n1 = np.minimum(total, t1)
        n2 = np.maximum(np.minimum(total, cut) - t1, 0)
        n3 = np.where(b_applies, np.maximum(total - cut, 0), 0)

        def fen(wage_fen: np.ndarray, bp: np.ndarray) -> np.ndarray:
            out: np.ndarray = (wage_fen * bp + 5000) // 10000
            return out

        due = n1 * fen(wage, pick("rate_1")) + n2 * fen(wage, pick("rate_2"))
        due = due + n3 * fen(b_wage, beyond("rate"))
        priced = p("covered", period) & (wage > 0) & ((n3 == 0) | (b_wage > 0))
        priced &= (total <= cut) | b_applies
        priced |= total == 0  # nothing to price: no standard needed (as ours: 0.00)
        return np.where(priced, due, -1)

    for name, kind, formula in (
        ("covered", bool, covered),
        ("contributions_met", bool, contributions_met),
        ("earlier_entitlement", bool, earlier_entitlement),
        ("involuntary", bool, involuntary),
        ("eligible", bool, eligible),
        ("regular_months", int, regular_months),
        ("benefit_start", int, benefit_start),
        ("retirement_day", int, retirement_day),
        ("regular_end", int, regular_end),
        ("total_months", int, total_months),
        ("special_group", bool, special_group),
        ("pooling_wage_fen", int, pooling_wage_fen),
        ("total_due_fen", int, total_due_fen),
    ):
        rule(name, kind, formula, (formula.__doc__ or name).splitlines()[0])


# -- the worker: OpenFisca over the text table ---------------------------------------------------


def _codes(column: pa.ChunkedArray, names: list[str], none: int | None = None) -> np.ndarray:
    """Text -> the index of each value in `names` (an Enum's order); null -> `none`."""
    found = pc.index_in(column, value_set=pa.array(names))
    if none is not None:
        found = pc.fill_null(found, none)
    out: np.ndarray = found.to_numpy(zero_copy_only=False).astype(np.int16)
    return out


def typed_inputs(text: pa.Table, law: dict[str, Any]) -> dict[str, np.ndarray]:
    """The text columns parsed to the arrays OpenFisca's inputs take."""
    areas = sorted({a for _, v in law["minimum_wage_area_tiers"] for a in v})

    def dates(name: str) -> np.ndarray:
        col = pc.cast(text.column(name), pa.date32())
        filled = pc.fill_null(col, pa.scalar(0, pa.date32()))
        out: np.ndarray = filled.to_numpy(zero_copy_only=False).astype("datetime64[D]")
        return out

    def flag(name: str) -> np.ndarray:
        out: np.ndarray = pc.equal(text.column(name), "true").to_numpy(zero_copy_only=False)
        return out

    def ints(name: str) -> np.ndarray:
        out: np.ndarray = pc.cast(text.column(name), pa.int32()).to_numpy(zero_copy_only=False)
        return out

    return {
        "birth_date": dates("birth_date"),
        "separation_date": dates("separation_date"),
        "application_date": dates("application_date"),
        "registration_date": dates("registration_date"),
        "registered": text.column("registration_date").is_valid().to_numpy(zero_copy_only=False),
        "sex": _codes(text.column("sex"), ["male", "female"]),
        "position": _codes(text.column("position"), ["worker", "cadre"]),
        "separation_reason": _codes(text.column("separation_reason"), law["reasons"]),
        "insured_area": _codes(text.column("insured_area"), areas, none=len(areas)),
        "contribution_months": ints("contribution_months"),
        "prior_unused_months": ints("prior_unused_months"),
        "receiving_pension": flag("receiving_pension"),
        "seeking_work": flag("seeking_work"),
        "spouse_receiving_benefit": flag("spouse_receiving_benefit"),
    }


ENUM_INPUTS = ("sex", "position", "separation_reason", "insured_area")
PERIOD = "2026-01"


def simulate(tbs: Any, inputs: dict[str, np.ndarray], n: int) -> Any:
    """A simulation of n persons with every input set."""
    from openfisca_core.indexed_enums import EnumArray
    from openfisca_core.simulations import SimulationBuilder

    sim = SimulationBuilder().build_default_simulation(tbs, n)
    for name, values in inputs.items():
        if name in ENUM_INPUTS:
            values = EnumArray(values, tbs.variables[name].possible_values)
        sim.set_input(name, PERIOD, values)
    return sim


def openfisca_worker(work: Path) -> None:
    """Run OpenFisca on the persons in `work`; write its answers and timings there."""
    law = json.loads((work / "law.json").read_text())
    spec = json.loads((work / "spec.json").read_text())
    text = pq.read_table(work / "persons.parquet")
    n = text.num_rows
    t0 = time.process_time()
    tbs = build_system(law)
    build = time.process_time() - t0
    inputs = typed_inputs(text, law)
    calc_best = set_best = text_best = float("inf")
    result: dict[str, np.ndarray] = {}
    for _ in range(spec["rounds"]):
        t0 = time.process_time()
        sim = simulate(tbs, inputs, n)
        t1 = time.process_time()
        total = sim.calculate("total_due_fen", PERIOD)
        t2 = time.process_time()
        set_best = min(set_best, t1 - t0)
        calc_best = min(calc_best, t2 - t1)
        result = {
            "eligible": sim.calculate("eligible", PERIOD),
            "total_months": sim.calculate("total_months", PERIOD),
            "total_due_fen": total,
            "special_group": sim.calculate("special_group", PERIOD),
            "earlier_entitlement": sim.calculate("earlier_entitlement", PERIOD),
        }
        del sim
        t0 = time.process_time()
        out = from_text(tbs, text, law)
        text_best = min(text_best, time.process_time() - t0)
        del out
    pq.write_table(
        pa.table({k: pa.array(v) for k, v in result.items()}), work / "openfisca.parquet"
    )
    one = per_person(tbs, pq.read_table(work / "one.parquet"), law)
    figures = {
        "n": n,
        "build_system_s": build,
        "set_input_s": set_best,
        "calculate_s": calc_best,
        "from_text_s": text_best,
        "per_person_us": one,
    }
    (work / "openfisca.json").write_text(json.dumps(figures))


def from_text(tbs: Any, text: pa.Table, law: dict[str, Any]) -> pa.Table:
    """The whole path: text columns in, an Arrow table with decimal128 money out."""
    sim = simulate(tbs, typed_inputs(text, law), text.num_rows)
    fen = sim.calculate("total_due_fen", PERIOD).astype(np.int64)
    eligible = sim.calculate("eligible", PERIOD)
    months = sim.calculate("total_months", PERIOD)
    wide = np.empty((len(fen), 2), dtype=np.int64)  # int128 little-endian: fen, sign
    wide[:, 0] = fen
    wide[:, 1] = fen >> 63
    valid = pa.array(fen >= 0).buffers()[1]
    total = pa.Array.from_buffers(
        pa.decimal128(18, 2), len(fen), [valid, pa.py_buffer(wide)]
    )  # the fen read as yuan with two places: exact
    return pa.table({"eligible": eligible, "total_months": months, "total_due": total})


def per_person(tbs: Any, text: pa.Table, law: dict[str, Any]) -> list[float]:
    """CPU µs per person: a simulation of one person, built and calculated (each person new)."""
    inputs = typed_inputs(text, law)
    times: list[float] = []
    for i in range(text.num_rows):
        one = {name: values[i : i + 1] for name, values in inputs.items()}
        t0 = time.process_time()
        sim = simulate(tbs, one, 1)
        sim.calculate("total_due_fen", PERIOD)
        sim.calculate("eligible", PERIOD)
        times.append((time.process_time() - t0) * 1e6)
    return times


# ==== the main side: ours, then OpenFisca, on the same persons ================================


def as_text(table: pa.Table) -> pa.Table:
    """Every column but the id as text (dates ISO, booleans true/false), as a CSV gives them."""
    return pa.table(
        {
            name: table.column(name) if name == "id" else table.column(name).cast(pa.string())
            for name in ("id", *INPUTS)
        }
    )


def ours(policy: Any, text: pa.Table, rounds: int) -> tuple[pa.Table, float, float]:
    """`evaluate_batch` from the text table: the output and the best CPU and wall seconds."""
    policy.evaluate_batch(text.slice(0, 1000))  # compile, or load numba's cache, once
    best_cpu = best_wall = float("inf")
    out = None
    for _ in range(rounds):
        w0, t0 = time.perf_counter(), time.process_time()
        out = policy.evaluate_batch(text)
        best_cpu = min(best_cpu, time.process_time() - t0)
        best_wall = min(best_wall, time.perf_counter() - w0)
    assert out is not None
    return out, best_cpu, best_wall


def ours_per_person(policy: Any, typed: pa.Table, count: int) -> tuple[list[float], list[float]]:
    """CPU µs per person of `policy.evaluate` (and of building the Claimant), persons never
    evaluated before in the process."""
    import uibenefit as ub

    rows = typed.slice(typed.num_rows - count).select(list(INPUTS)).to_pylist()
    full: list[float] = []
    build: list[float] = []
    for row in rows:
        t0 = time.process_time()
        person = ub.Claimant(**row)
        t1 = time.process_time()
        try:
            policy.evaluate(person)
        except ub.UIBenefitError:
            continue
        full.append((time.process_time() - t1) * 1e6)
        build.append((t1 - t0) * 1e6)
    return full, build


def profile_ours(policy: Any, text: pa.Table, top: int) -> None:
    """Where `evaluate_batch`'s time goes: one call under cProfile, by own time."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(policy.evaluate_batch, text)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def run_openfisca(python: str, work: Path) -> dict[str, Any]:
    """OpenFisca in this interpreter if it has it, else in `python` (its own venv)."""
    try:
        import openfisca_core  # noqa: F401
    except ImportError:
        cmd = [python, str(Path(__file__).resolve()), "--worker", str(work)]
        subprocess.run(cmd, check=True)
    else:
        openfisca_worker(work)
    figures: dict[str, Any] = json.loads((work / "openfisca.json").read_text())
    figures["table"] = pq.read_table(work / "openfisca.parquet")
    return figures


def agreement(out: pa.Table, of: pa.Table) -> dict[str, Any]:
    """Eligible, total months and total in fen compared on every person our engine prices."""
    ok = pc.and_(pc.is_null(out.column("error")), pc.is_valid(out.column("total_due")))
    ours_fen = pc.cast(pc.multiply(out.column("total_due"), 100), pa.int64(), safe=False)
    priced = pc.and_(ok, pc.greater_equal(of.column("total_due_fen"), 0))
    same_e = pc.equal(out.column("eligible"), of.column("eligible"))
    same_m = pc.equal(out.column("total_months"), pc.cast(of.column("total_months"), pa.int32()))
    same_t = pc.equal(ours_fen, pc.cast(of.column("total_due_fen"), pa.int64()))
    every = pc.and_(pc.and_(same_e, same_m), same_t)

    def share(mask: Any) -> float:
        return float(pc.sum(pc.and_(priced, mask)).as_py() or 0) / max(compared, 1)

    compared = int(pc.sum(priced).as_py() or 0)
    bad = pc.and_(priced, pc.invert(every))
    idx = np.flatnonzero(bad.to_numpy(zero_copy_only=False))

    def count(mask: Any) -> int:
        return int(pc.sum(pc.and_(priced, mask)).as_py() or 0)

    eligible = out.column("eligible")
    return {
        "paths": {
            "eligible": count(eligible),
            "continuation": count(pc.greater(out.column("continuation_months"), 0)),
            "beyond 24 months": count(pc.greater(out.column("total_months"), 24)),
            "special group": count(pc.and_(eligible, of.column("special_group"))),
            "earlier entitlement only": count(pc.and_(eligible, of.column("earlier_entitlement"))),
        },
        "ours_priced": int(pc.sum(ok).as_py() or 0),
        "openfisca_priced": int(pc.sum(pc.greater_equal(of.column("total_due_fen"), 0)).as_py()),
        "compared": compared,
        "eligible": share(same_e),
        "total_months": share(same_m),
        "total_due": share(same_t),
        "all": share(every),
        "differ": idx[:10].tolist(),
        "n_differ": len(idx),
    }


def _median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def report(n: int, cpu: float, wall: float, of: dict[str, Any], agree: dict[str, Any]) -> None:
    ours_rate = n / cpu
    calc = n / of["calculate_s"]
    whole = n / (of["set_input_s"] + of["calculate_s"])
    text = n / of["from_text_s"]
    print(f"persons: {n:,}; one core; CPU seconds, best of the rounds")
    print(
        f"ours  evaluate_batch, text -> decimal128: {cpu:.3f} s CPU ({wall:.3f} s wall), "
        f"{ours_rate:,.0f} persons/s"
    )
    print(
        f"OpenFisca calculate only (typed inputs already set): {of['calculate_s']:.3f} s, "
        f"{calc:,.0f} persons/s -> ratio ours/OpenFisca {ours_rate / calc:.2f}x"
    )
    print(
        f"OpenFisca set_input + calculate: {of['set_input_s'] + of['calculate_s']:.3f} s, "
        f"{whole:,.0f} persons/s -> ratio {ours_rate / whole:.2f}x"
    )
    print(
        f"OpenFisca text -> decimal128 (parse, set_input, calculate, output): "
        f"{of['from_text_s']:.3f} s, {text:,.0f} persons/s -> ratio {ours_rate / text:.2f}x"
    )
    paths = ", ".join(f"{k} {v:,}" for k, v in agree["paths"].items())
    print(f"rule paths among the persons compared: {paths}")
    print(f"OpenFisca TaxBenefitSystem built in {of['build_system_s'] * 1e3:.0f} ms CPU")
    print(
        f"agreement on {agree['compared']:,} persons both sides price "
        f"(ours prices {agree['ours_priced']:,}, OpenFisca {agree['openfisca_priced']:,}): eligible {agree['eligible']:.4%}, "
        f"total months {agree['total_months']:.4%}, total {agree['total_due']:.4%}, "
        f"all three {agree['all']:.4%} ({agree['n_differ']} differ; first rows {agree['differ']})"
    )


def one_core(cpu: int | None) -> None:
    """Pin this process (and the OpenFisca subprocess, which inherits it) to one core, and
    keep numba's and Arrow's thread pools to one thread (before numba is imported)."""
    for var in ("NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = "1"
    os.sched_setaffinity(0, {cpu if cpu is not None else min(os.sched_getaffinity(0))})
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--policy", default="xingan")
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--count", type=int, default=1000, help="persons for the per-person path")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cpu", type=int, default=None, help="the core to pin to (default: first)")
    ap.add_argument("--openfisca-python", default="/work/ofvenv/bin/python")
    ap.add_argument(
        "--profile", type=int, default=0, help="also profile one evaluate_batch: top N lines"
    )
    ap.add_argument("--worker", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker is not None:
        openfisca_worker(args.worker)
        return
    one_core(args.cpu)

    import uibenefit as ub
    from uibenefit.population import synth

    policy = ub.load_policy(args.policy)
    typed = synth.claimants(args.n + args.count, args.seed)
    text = as_text(typed.slice(0, args.n))
    with tempfile.TemporaryDirectory(prefix="openfisca_anchor_") as tmp:
        work = Path(tmp)
        law = extract_law(policy, tuple(ub.SEPARATION_REASONS))
        (work / "law.json").write_text(json.dumps(law))
        (work / "spec.json").write_text(json.dumps({"rounds": args.rounds, "count": args.count}))
        # the OpenFisca per-person persons are the same as ours: the last `count` rows
        pq.write_table(as_text(typed.slice(args.n)), work / "one.parquet")
        pq.write_table(text, work / "persons.parquet")
        load = os.getloadavg()[0]
        out, cpu_s, wall_s = ours(policy, text, args.rounds)
        of = run_openfisca(args.openfisca_python, work)
        _, cpu2, wall2 = ours(policy, text, 1)  # once more after OpenFisca: load drifts
        cpu_s, wall_s = min(cpu_s, cpu2), min(wall_s, wall2)
    print(f"load average (1 min) at the start {load:.2f}, at the end {os.getloadavg()[0]:.2f}")
    if args.profile:
        profile_ours(policy, text, args.profile)
    agree = agreement(out, of["table"])
    report(args.n, cpu_s, wall_s, of, agree)
    full, build = ours_per_person(policy, typed, args.count)
    theirs = of["per_person_us"]
    print(
        f"per person, CPU median over persons new to the process: ours policy.evaluate "
        f"{_median(full):.0f} µs (+ ub.Claimant {_median(build):.0f} µs) over {len(full)}; "
        f"OpenFisca one-person simulation {_median(theirs):.0f} µs over {len(theirs)} "
        f"-> ratio {_median(theirs) / _median(full):.2f}x"
    )


if __name__ == "__main__":
    main()
