"""Sweeps: a parameter of the baseline over a range, each point a what-if the loader checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import uibenefit as ub
from uibenefit.impact import sweep
from uibenefit.population import synth

ROOT = Path(__file__).resolve().parents[1]
CONTINUATION = ROOT / "examples" / "reforms" / "continuation_two_years.yaml"


def test_parse() -> None:
    keys, values = sweep.parse("beyond_regular_months.rate=0.80:0.95:0.05")
    assert keys == ["beyond_regular_months", "rate"]
    assert values == [Decimal("0.80"), Decimal("0.85"), Decimal("0.90"), Decimal("0.95")]
    assert sweep.parse("continuation_threshold_months=12:12:1")[1] == [Decimal(12)]


@pytest.mark.parametrize(
    "spec",
    ["rate", "rate=0.8:0.9", "rate=0.9:0.8:0.05", "rate=0.8:0.9:0", "rate=a:b:c", "x=0:1000:1"],
)
def test_bad_specs(spec: str) -> None:
    with pytest.raises(ub.InputError):
        sweep.parse(spec)


def test_what_if_text_loads_and_overrides_the_part() -> None:
    base = ub.load_policy("xingan")
    text = sweep.what_if(base, ["beyond_regular_months", "rate"], Decimal("0.90"))
    assert "extends: xingan" in text and "rate: 0.90" in text
    assert "value: null" in text  # the 2024-08-01 switch-off kept


def test_unknown_parameter_and_part() -> None:
    base = ub.load_policy("xingan")
    with pytest.raises(ub.InputError, match="no parameter 'no_such'"):
        sweep.what_if(base, ["no_such"], Decimal(1))
    with pytest.raises(ub.InputError, match="names no number"):
        sweep.what_if(base, ["beyond_regular_months", "speed"], Decimal(1))
    with pytest.raises(ub.InputError, match="whole number"):
        sweep.what_if(base, ["continuation_threshold_months"], Decimal("12.5"))


def test_a_value_out_of_range_is_the_loaders_error() -> None:
    people = synth.claimants(10, 1)
    with pytest.raises(ub.InputError, match="rate=3"):
        ub.impact("xingan", [], people, sweeps=["beyond_regular_months.rate=3:3:1"])


def test_threshold_24_is_the_example_what_if() -> None:
    """N1's threshold swept to 24 months costs what continuation_two_years costs."""
    people = synth.claimants(3000, 7)
    result = ub.impact(
        "xingan", CONTINUATION, people, sweeps=["continuation_threshold_months=12:24:12"]
    )
    points = result.sweeps[0]["points"]
    assert points[0]["cost"] == result.summary["baseline"]["cost"]
    assert points[0]["cost_change"] == "0.00"
    reform = result.summary["reforms"]["continuation_two_years"]
    assert points[1]["cost"] == reform["cost"]
    assert points[1]["better_off"] == reform["better_off"]


def test_rate_beyond_24_by_hand() -> None:
    """IM6: months beyond the 24th at the rate × the pooling wage; 0.85 adds 5/80 of them."""
    # retires at 60 on 2022-09-01; 24 regular months from 2020-04-10 end 2022-04-09, less than
    # a year before: continuation (N1) to 2022-08-31, months 25-29 beyond the 24th
    person = ub.Claimant(
        birth_date=dt.date(1962, 9, 1),
        sex="male",
        position="worker",
        insured_as="employee",
        contribution_months=240,
        separation_date=dt.date(2020, 3, 31),
        separation_reason="contract_expired",
        application_date=dt.date(2020, 4, 10),
        insured_area="152201",
    )
    decision = ub.load_policy("xingan").evaluate(person)
    beyond = [p.amount for p in decision.schedule if p.index > 24]
    assert beyond, "the person must draw months beyond the 24th"
    table = pa.Table.from_pylist([{"id": 1, **person.to_dict()}])
    result = ub.impact("xingan", [], table, sweeps=["beyond_regular_months.rate=0.80:0.85:0.05"])
    first, second = result.sweeps[0]["points"]
    assert first["cost_change"] == "0.00"
    assert Decimal(second["cost_change"]) == sum(
        a / Decimal("0.80") * Decimal("0.05") for a in beyond
    )


@settings(max_examples=4)
@given(
    seed=st.integers(0, 2**31),
    start=st.sampled_from(["0.50", "0.70", "0.80"]),
    step=st.sampled_from(["0.05", "0.1", "0.25"]),
)
def test_a_rate_sweep_is_monotone_in_cost(seed: int, start: str, step: str) -> None:
    people = synth.claimants(1500, seed)
    spec = f"beyond_regular_months.rate={start}:1.20:{step}"
    points = ub.impact("xingan", [], people, sweeps=[spec]).sweeps[0]["points"]
    costs = [Decimal(p["cost"]) for p in points]
    assert costs == sorted(costs)
    assert all(p["worse_off"] == 0 for p in points if Decimal(p["value"]) >= Decimal("0.80"))
