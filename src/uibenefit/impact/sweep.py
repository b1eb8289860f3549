"""A parameter of the baseline over a range: cost and beneficiaries at each value.

Each point is a what-if like those of examples/reforms/: a small YAML layer that `extends:`
the baseline and overrides the parameter's `values` (every dated value, with the swept part
replaced), written to a temporary folder and read by the public `load_policy`, so the loader
checks it (ranges, types) exactly as it checks an analyst's file. A dotted key sweeps a part
of a value: `beyond_regular_months.rate` is the `rate` of each dated value that has one; a
number indexes a list (`regular_months_tiers.9.months`). Null values (a parameter switched
off from a date) stay null.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

from ..errors import InputError, UIBenefitError
from ..policy import Policy, load_policy
from . import compare
from .compare import Outcome, Weights

MAX_POINTS = 50
SPEC = re.compile(r"(?P<path>[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*)=(?P<range>[^=]+)")


def parse(spec: str) -> tuple[list[str], list[Decimal]]:
    """`PARAMETER[.key…]=START:STOP:STEP` → the key path and the values, STOP included."""
    m = SPEC.fullmatch(spec.strip())
    parts = m.group("range").split(":") if m else []
    if not m or len(parts) != 3:
        raise InputError(
            f"a sweep is PARAMETER=START:STOP:STEP, e.g. beyond_regular_months.rate="
            f"0.80:0.95:0.05; got {spec[:60]!r}",
            field="sweep",
        )
    try:
        start, stop, step = (Decimal(p.strip()) for p in parts)
    except InvalidOperation:
        raise InputError(
            f"START, STOP and STEP are numbers; got {m.group('range')!r}", field="sweep"
        ) from None
    if (
        not (start.is_finite() and stop.is_finite() and step.is_finite())
        or step <= 0
        or stop < start
    ):
        raise InputError(
            f"a sweep needs START <= STOP and STEP > 0; got {m.group('range')!r}", field="sweep"
        )
    count = int((stop - start) / step) + 1
    if count > MAX_POINTS:
        raise InputError(
            f"a sweep has at most {MAX_POINTS} points; this one has {count}", field="sweep"
        )
    return m.group("path").split("."), [start + k * step for k in range(count)]


def _replace(value: Any, keys: list[str], new: Decimal) -> tuple[Any, bool]:
    """`value` with the part at `keys` set to `new` (typed as the old part); found or not."""
    if not keys:
        if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
            return value, False
        if isinstance(value, int):
            if new != new.to_integral_value():
                raise InputError(f"the swept value {new} is not a whole number", field="sweep")
            return int(new), True
        return new, True
    head, rest = keys[0], keys[1:]
    if isinstance(value, dict) and head in value:
        inner, found = _replace(value[head], rest, new)
        return {**value, head: inner}, found
    if isinstance(value, list) and head.isdigit() and int(head) < len(value):
        inner, found = _replace(value[int(head)], rest, new)
        return [*value[: int(head)], inner, *value[int(head) + 1 :]], found
    return value, False


class _Dumper(yaml.SafeDumper):
    """Decimals written as plain numbers (the loader reads them back as the same Decimal)."""


_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))


def what_if(baseline: Policy, keys: list[str], value: Decimal) -> str:
    """The text of a what-if layer that sets the swept part to `value` in every dated value."""
    if not baseline.has(keys[0]):
        raise InputError(f"the baseline has no parameter '{keys[0]}'", field="sweep")
    raw = baseline.table(keys[0]).entry.raw
    values, hit = [], False
    for dated in raw.get("values", []):
        new, found = _replace(dated.get("value"), keys[1:], value)
        hit = hit or found
        values.append({**dated, "value": new})
    if not hit:
        raise InputError(
            f"'{'.'.join(keys)}' names no number in the values of '{keys[0]}'", field="sweep"
        )
    layer = {
        "format": 1,
        "layer": f"sweep_{'_'.join(keys)}",
        "extends": _extends(baseline),
        "document": {
            "number": f"what-if sweep {'.'.join(keys)}={value}",
            "title": f"{'.'.join(keys)} = {value} (sweep)",
            "issuer": "uibenefit impact sweep, not an authority",
            "issued": dt.date.today(),
        },
        "parameters": [
            {"id": keys[0], "change": "override", "clause": raw["clause"], "values": values}
        ],
    }
    return "# WHAT-IF written by `uibenefit impact --sweep`. Not law.\n" + yaml.dump(
        layer, Dumper=_Dumper, allow_unicode=True, sort_keys=False
    )


def _extends(baseline: Policy) -> str:
    from .distributed import spec_of

    return spec_of(baseline)


def run(
    baseline: Policy,
    spec: str,
    population: pa.Table,
    events: pa.Table | None,
    as_of: dt.date | None,
    w: Weights,
    base: Outcome,
    client: Any = None,
) -> dict[str, Any]:
    """Cost and reach at each point of the sweep, and the baseline's for reference."""
    keys, points = parse(spec)
    parameter = ".".join(keys)
    out = []
    with tempfile.TemporaryDirectory(prefix="uibenefit-sweep-") as folder:
        for k, value in enumerate(points):
            path = Path(folder) / f"sweep_{k}.yaml"
            path.write_text(what_if(baseline, keys, value), encoding="utf-8")
            try:
                policy = load_policy(str(path))
            except UIBenefitError as exc:
                raise InputError(f"--sweep {parameter}={value}: {exc}", field="sweep") from None
            o = compare.outcome(f"{parameter}={value}", policy, population, events, as_of, client)
            t = compare.totals(o, w)
            out.append(
                {
                    "value": str(value),
                    "cost": t["cost"],
                    "cost_change": compare.yuan(
                        w.total(compare.change(base, o), ~(base.error | o.error))
                    ),
                    "beneficiaries": t["beneficiaries"],
                    "benefit_months": t["benefit_months"],
                    **compare.counts(base, o, w),
                }
            )
    return {
        "parameter": parameter,
        "description": (
            f"Each point overrides every dated value of '{keys[0]}' in the baseline with "
            f"{parameter} set to the point's value (null values left null); change is against "
            "the baseline."
        ),
        "baseline_cost": compare.totals(base, w)["cost"],
        "points": out,
    }
