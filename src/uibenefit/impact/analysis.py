"""`ub.impact`: a baseline and one or more reforms over one population.

The result holds the per-person table and a JSON-ready summary; `write` adds the files an
analyst hands on (summary.json, per_person.parquet, report.md, report.html and the charts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from ..errors import InputError
from ..policy import Policy, load_policy
from ..values.results import Lang
from . import compare, groups, inputs, sample
from .compare import Outcome, Weights
from .sweep import run as run_sweep

FORMAT_VERSION = 1
"""The version of summary.json's shape."""

PolicySpec = Policy | str | Path


@dataclass
class Impact:
    """What the reforms do to the population: `per_person`, `summary`, and `write(out_dir)`."""

    per_person: pa.Table
    summary: dict[str, Any]
    sweeps: list[dict[str, Any]] = field(default_factory=list)

    def write(self, out_dir: str | Path, lang: str | None = None) -> list[Path]:
        """Write summary.json, per_person.parquet, report.md, report.html and the charts, the
        reports in `lang` ("zh" or "en"; English by default, as `uibenefit impact`)."""
        from ..values.results import report_language
        from . import report

        report_language(lang)
        return report.write(self, Path(out_dir), lang)

    @property
    def reforms(self) -> list[str]:
        """The reforms' names, in the order given."""
        return list(self.summary["reforms"])


def as_policy(spec: PolicySpec) -> Policy:
    """A Policy, or the name or path `load_policy` takes."""
    return spec if isinstance(spec, Policy) else load_policy(spec)


def _names(policies: Sequence[Policy]) -> list[str]:
    """Each reform's top layer name, made unique (and never 'baseline')."""
    names: list[str] = []
    for p in policies:
        base = p.layers[-1]
        name, k = base, 2
        while name in names or name == "baseline":
            name, k = f"{base}_{k}", k + 1
        names.append(name)
    return names


def impact(
    baseline: PolicySpec,
    reforms: PolicySpec | Sequence[PolicySpec],
    population: Any,
    events: Any = None,
    as_of: dt.date | None = None,
    *,
    lang: Lang = "en",
    top: int = 10,
    sweeps: Sequence[str] = (),
    client: Any = None,
) -> Impact:
    """Evaluate `population` under `baseline` and each reform; compare person by person.

    `population`: the claimants as `evaluate_batch` takes them (a Table, DataFrame or a
    Parquet/CSV path), with `id` and optionally `weight`. `sweeps`: `PARAMETER=START:STOP:STEP`
    (see `uibenefit.impact.sweep`). `client`: a dask.distributed Client to evaluate on.
    """
    reform_list = [reforms] if isinstance(reforms, Policy | str | Path) else list(reforms)
    if not reform_list and not sweeps:
        raise InputError("give at least one reform (or a sweep) to compare with the baseline")
    base_policy = as_policy(baseline)
    reform_policies = [as_policy(r) for r in reform_list]
    where = str(population) if isinstance(population, str | Path) else None
    table = inputs.read_table(population, "population")
    if "id" not in table.column_names:
        raise InputError("the population needs an 'id' column", field="id", path=where)
    event_table = inputs.read_table(events, "events") if events is not None else None
    given = inputs.weights(table, where)
    w = Weights(given if given is not None else np.ones(table.num_rows), given is not None)
    base = compare.outcome("baseline", base_policy, table, event_table, as_of, client)
    outcomes = [
        compare.outcome(n, p, table, event_table, as_of, client)
        for n, p in zip(_names(reform_policies), reform_policies, strict=True)
    ]
    places = base_policy.input_names().get("insured_area", {})
    grouping = groups.groupings(table, {code: names[0] for code, names in places.items() if names})
    per_person = _per_person(table, w, grouping, base, outcomes)
    summary = _summary(base, outcomes, w, grouping, table, event_table, as_of, lang, top)
    summary["population"].update(_provenance(table, where))
    result = Impact(per_person, summary)
    for spec in sweeps:
        result.sweeps.append(
            run_sweep(base_policy, spec, table, event_table, as_of, w, base, client)
        )
    summary["sweeps"] = result.sweeps
    return result


def _per_person(
    table: pa.Table,
    w: Weights,
    grouping: list[groups.Grouping],
    base: Outcome,
    outcomes: list[Outcome],
) -> pa.Table:
    columns: dict[str, Any] = {"id": table.column("id")}
    if w.given:
        columns["weight"] = pa.array(w.values)
    for g in grouping:
        columns[g.name] = g.column()
    for o in (base, *outcomes):
        columns[f"{o.name}_eligible"] = pa.array(o.eligible)
        columns[f"{o.name}_total_months"] = pa.array(o.total_months.astype(np.int32))
        columns[f"{o.name}_months_paid"] = pa.array(o.months_paid.astype(np.int32))
        columns[f"{o.name}_total_due"] = compare.money_array(o.due)
        if o is not base:
            columns[f"{o.name}_change"] = compare.money_array(compare.change(base, o))
    columns["error"] = base.messages
    return pa.table(columns)


def _summary(
    base: Outcome,
    outcomes: list[Outcome],
    w: Weights,
    grouping: list[groups.Grouping],
    table: pa.Table,
    events: pa.Table | None,
    as_of: dt.date | None,
    lang: Lang,
    top: int,
) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "units": {"money": "yuan", "months": "benefit months", "people": "weighted rows"},
        "as_of": as_of.isoformat() if as_of else None,
        "baseline": {"layers": list(base.policy.layers), **compare.totals(base, w)},
        "population": {"rows": table.num_rows, "weighted": w.given},
        "reforms": {
            o.name: _reform(base, o, w, grouping, table, events, as_of, lang, top) for o in outcomes
        },
    }


def _reform(
    base: Outcome,
    o: Outcome,
    w: Weights,
    grouping: list[groups.Grouping],
    table: pa.Table,
    events: pa.Table | None,
    as_of: dt.date | None,
    lang: Lang,
    top: int,
) -> dict[str, Any]:
    totals, before = compare.totals(o, w), compare.totals(base, w)
    delta = compare.change(base, o)
    ok = ~(base.error | o.error)
    rows = compare.largest(np.where(ok, delta, 0), top)
    return {
        "layers": list(o.policy.layers),
        **totals,
        "baseline_cost": before["cost"],
        "cost_change": compare.yuan(w.total(delta, ok)),
        "baseline_beneficiaries": before["beneficiaries"],
        "beneficiaries_change": w.number(
            float(totals["beneficiaries"]) - float(before["beneficiaries"])
        ),
        "baseline_benefit_months": before["benefit_months"],
        "benefit_months_change": w.number(
            float(totals["benefit_months"]) - float(before["benefit_months"])
        ),
        **compare.counts(base, o, w),
        "by_group": _groups(grouping, _columns(base, o, w), w),
        "largest_changes": [_row(table, grouping, base, o, r) for r in rows],
        "sample": (
            sample.explain((base.policy, o.policy), table, events, rows[0], as_of, lang)
            if rows
            else None
        ),
    }


def _groups(
    grouping: list[groups.Grouping], columns: dict[str, Any], w: Weights
) -> dict[str, list[dict[str, Any]]]:
    return {g.name: _by_group(g, columns, w) for g in grouping}


def _columns(base: Outcome, o: Outcome, w: Weights) -> dict[str, Any]:
    """Each row's weighted share of every figure the groups add up."""
    ok = ~(base.error | o.error)
    delta = compare.change(base, o)

    def part(values: Any, mask: Any) -> Any:
        return np.where(mask, values * w.values if w.given else values, 0).astype(np.float64)

    ones = np.ones(len(ok))
    return {
        "people": part(ones, ok),
        "baseline_cost": part(base.due, ok),
        "cost": part(o.due, ok),
        "cost_change": part(delta, ok),
        "baseline_beneficiaries": part(ones, base.paid),
        "beneficiaries": part(ones, o.paid),
        "baseline_benefit_months": part(base.months_paid, base.paid),
        "benefit_months": part(o.months_paid, o.paid),
        "better_off": part(ones, ok & (delta > 0)),
        "worse_off": part(ones, ok & (delta < 0)),
        "unchanged": part(ones, ok & (delta == 0)),
    }


def _by_group(g: groups.Grouping, columns: dict[str, Any], w: Weights) -> list[dict[str, Any]]:
    """Per group: people, cost before and after, beneficiaries, months, winners and losers."""
    n = len(g.labels)
    sums = {k: np.bincount(g.codes, weights=v, minlength=n) for k, v in columns.items()}
    present = np.bincount(g.codes, minlength=n) > 0
    out = []
    for i in np.flatnonzero(present):
        entry: dict[str, Any] = {"group": g.labels[i]}
        if g.labels[i] in g.names:
            entry["name"] = g.names[g.labels[i]]
        for key, values in sums.items():
            value = float(values[i])
            entry[key] = compare.yuan(value) if "cost" in key else w.number(value)
        out.append(entry)
    return out


def _row(
    table: pa.Table, grouping: list[groups.Grouping], base: Outcome, o: Outcome, row: int
) -> dict[str, Any]:
    def side(x: Outcome) -> dict[str, Any]:
        return {
            "eligible": bool(x.eligible[row]),
            "total_months": int(x.total_months[row]),
            "months_paid": int(x.months_paid[row]),
            "total_due": compare.yuan(float(x.due[row])),
        }

    return {
        "id": table.column("id")[row].as_py(),
        "row": row,
        "change": compare.yuan(float(o.due[row] - base.due[row])),
        "baseline": side(base),
        "reform": side(o),
        "groups": {g.name: g.labels[g.codes[row]] for g in grouping},
    }


def _provenance(table: pa.Table, where: str | None) -> dict[str, Any]:
    """What the population says of itself (a synthetic one lists its assumptions)."""
    import json

    meta = table.schema.metadata or {}
    described = meta.get(b"uibenefit.synth")
    out: dict[str, Any] = {"source": where}
    if described is None:
        out["synthetic"] = False
        out["note"] = "a population supplied by the user: totals are as its rows (and weights) say"
        return out
    try:
        out.update(json.loads(described))
    except ValueError:
        out["note"] = "synthetic population metadata unreadable"
    out["synthetic"] = True
    return out
