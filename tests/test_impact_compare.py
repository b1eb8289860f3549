"""ub.impact on populations whose answer is known by hand, and a what-if that changes nothing.

The people are examples/reforms/people/ (docs/analysts.md): near_retirement gets 18 months,
21528.00 under xingan and 35 months, 41808.00 when continuation (N1) starts two years before
retirement; two_years gets 4 months, 4992.00 under the region's schedule (IM-duration) and 12
months, 14976.00 under the national caps of 社会保险法 第四十六条 (SIL-46). A worker who quit
of her own accord is refused (SIL-45) under every policy.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import uibenefit as ub
from uibenefit.population import synth

ROOT = Path(__file__).resolve().parents[1]
REFORMS = ROOT / "examples" / "reforms"
CONTINUATION = REFORMS / "continuation_two_years.yaml"
CAPS = REFORMS / "national_duration_caps.yaml"


def _row(name: str, identity: str, **changes: Any) -> dict[str, Any]:
    person = ub.load_person(REFORMS / "people" / f"{name}.yaml").person
    return {"id": identity, **{**person.to_dict(), **changes}}


def _population(weights: list[float] | None = None) -> pa.Table:
    rows = [
        _row("near_retirement", "a"),
        _row("two_years", "b"),
        _row("two_years", "c", separation_reason="resigned", sex="female"),
    ]
    for row in rows:
        for key in ("birth_date", "separation_date", "application_date"):
            row[key] = dt.date.fromisoformat(row[key])
        row.pop("registration_date", None)
    table = pa.Table.from_pylist(rows)
    if weights is not None:
        table = table.append_column("weight", pa.array(weights))
    return table


@pytest.fixture(scope="module")
def both() -> ub.Impact:
    return ub.impact("xingan", [CONTINUATION, CAPS], _population())


def test_per_person_by_hand(both: ub.Impact) -> None:
    pp = both.per_person.to_pydict()
    assert pp["id"] == ["a", "b", "c"]
    assert pp["baseline_total_due"] == [Decimal("21528.00"), Decimal("4992.00"), Decimal("0.00")]
    assert pp["baseline_total_months"] == [18, 4, 0]
    assert pp["baseline_eligible"] == [True, True, False]
    assert pp["continuation_two_years_total_due"] == [
        Decimal("41808.00"),
        Decimal("4992.00"),
        Decimal("0.00"),
    ]
    assert pp["continuation_two_years_total_months"] == [35, 4, 0]
    assert pp["continuation_two_years_change"] == [Decimal("20280.00"), Decimal(0), Decimal(0)]
    assert pp["national_duration_caps_total_months"] == [18, 12, 0]
    assert pp["national_duration_caps_change"] == [Decimal(0), Decimal("9984.00"), Decimal(0)]


def test_totals_by_hand(both: ub.Impact) -> None:
    s = both.summary
    assert s["format_version"] == 1
    assert s["baseline"]["cost"] == "26520.00"  # 21528.00 + 4992.00
    assert s["baseline"]["beneficiaries"] == 2
    assert s["baseline"]["benefit_months"] == 22
    cont = s["reforms"]["continuation_two_years"]
    assert (cont["cost"], cont["cost_change"]) == ("46800.00", "20280.00")
    assert (cont["better_off"], cont["worse_off"], cont["unchanged"]) == (1, 0, 2)
    assert (cont["benefit_months"], cont["benefit_months_change"]) == (39, 17)
    caps = s["reforms"]["national_duration_caps"]
    assert (caps["cost"], caps["cost_change"]) == ("36504.00", "9984.00")
    assert caps["beneficiaries"] == caps["baseline_beneficiaries"] == 2
    assert [c["id"] for c in cont["largest_changes"]] == ["a"]
    assert [c["id"] for c in caps["largest_changes"]] == ["b"]


def test_groups_by_hand(both: ub.Impact) -> None:
    cont = both.summary["reforms"]["continuation_two_years"]["by_group"]
    sex = {g["group"]: g for g in cont["sex"]}
    assert sex["male"]["people"] == 2 and sex["female"]["people"] == 1
    assert sex["male"]["cost_change"] == "20280.00" and sex["female"]["cost"] == "0.00"
    age = {g["group"]: g for g in cont["age_band"]}
    assert age["55-59"]["better_off"] == 1  # born 1963-03-01, separated 2020-03-31: 57
    assert age["30-39"]["people"] == 2  # born 1985-06-01: 34
    years = {g["group"]: g["people"] for g in cont["separation_year"]}
    assert years == {"2020": 3}
    contribution = {g["group"]: g["people"] for g in cont["contribution_band"]}
    assert contribution == {"1-4 years": 2, "5-9 years": 1}
    assert [g["group"] for g in cont["area"]] == ["152201"]


def test_sample_explains_both_decisions(both: ub.Impact) -> None:
    sample = both.summary["reforms"]["continuation_two_years"]["sample"]
    assert sample["id"] == "a"
    assert "21528.00" in sample["baseline_explanation"]
    assert "41808.00" in sample["reform_explanation"]


def test_weights_scale_every_total() -> None:
    result = ub.impact("xingan", CONTINUATION, _population([2.0, 1.0, 5.0]))
    s = result.summary
    assert s["baseline"]["cost"] == "48048.00"  # 2 × 21528.00 + 4992.00
    assert s["baseline"]["people"] == 8.0
    assert s["baseline"]["beneficiaries"] == 3.0
    cont = s["reforms"]["continuation_two_years"]
    assert cont["cost_change"] == "40560.00"  # 2 × 20280.00
    assert cont["unchanged"] == 6.0 and cont["better_off"] == 2.0
    assert {g["group"]: g["people"] for g in cont["by_group"]["sex"]} == {
        "female": 5.0,
        "male": 3.0,
    }
    assert result.per_person.column("weight").to_pylist() == [2.0, 1.0, 5.0]


def test_a_bad_weight_names_its_row() -> None:
    with pytest.raises(ub.InputError, match=r"row 2 \(id b\).*weight"):
        ub.impact("xingan", CONTINUATION, _population([1.0, -3.0, 1.0]))


def test_a_bad_row_is_counted_not_dropped() -> None:
    table = _population()
    months = table.column("contribution_months").to_pylist()
    table = table.set_column(
        table.column_names.index("contribution_months"),
        "contribution_months",
        pa.array([months[0], -5, months[2]]),
    )
    result = ub.impact("xingan", CONTINUATION, table)
    assert result.per_person.num_rows == 3
    assert result.per_person.column("error").to_pylist()[1] is not None
    assert result.summary["baseline"]["errors"] == 1
    assert result.summary["baseline"]["cost"] == "21528.00"
    cont = result.summary["reforms"]["continuation_two_years"]
    assert cont["better_off"] + cont["worse_off"] + cont["unchanged"] == 2


def test_csv_population(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    import pyarrow.csv as pcsv

    pcsv.write_csv(_population(), path)
    result = ub.impact("xingan", CONTINUATION, path)
    assert result.summary["reforms"]["continuation_two_years"]["cost_change"] == "20280.00"
    assert result.summary["reforms"]["continuation_two_years"]["sample"]["id"] == "a"


def test_no_reform_is_an_error() -> None:
    with pytest.raises(ub.InputError, match="at least one reform"):
        ub.impact("xingan", [], _population())


NOTHING = """\
format: 1
layer: nothing
extends: xingan
document: {number: what-if nothing, title: 无变化（假设）, issuer: test, issued: 2026-12-01}
parameters:
  - id: continuation_threshold_months
    change: override
    clause: N1
    values:
      - {from: 2019-12-01, value: 12}
"""


@pytest.fixture(scope="module")
def nothing(tmp_path_factory: pytest.TempPathFactory) -> ub.Policy:
    path = tmp_path_factory.mktemp("nothing") / "nothing.yaml"
    path.write_text(NOTHING, encoding="utf-8")
    return ub.load_policy(path)


@settings(max_examples=8)
@given(
    seed=st.integers(0, 2**31),
    n=st.integers(1, 400),
    weighted=st.booleans(),
    with_events=st.booleans(),
)
def test_a_what_if_that_changes_nothing_changes_nothing(
    nothing: ub.Policy, seed: int, n: int, weighted: bool, with_events: bool
) -> None:
    people = synth.claimants(n, seed)
    if weighted:
        people = people.append_column("weight", pa.array([(i % 7) * 0.5 for i in range(n)]))
    events = synth.events(people, seed) if with_events else None
    s = ub.impact("xingan", nothing, people, events).summary
    r = s["reforms"]["nothing"]
    assert r["cost"] == r["baseline_cost"] == s["baseline"]["cost"]
    assert r["cost_change"] == "0.00"
    assert r["beneficiaries_change"] == 0 and r["benefit_months_change"] == 0
    assert r["better_off"] == r["worse_off"] == r["newly_eligible"] == r["no_longer_eligible"] == 0
    assert r["unchanged"] == s["baseline"]["people"]
    assert r["largest_changes"] == [] and r["sample"] is None
    for rows in r["by_group"].values():
        assert all(
            g["cost_change"] == "0.00" and g["better_off"] == g["worse_off"] == 0 for g in rows
        )
        assert all(g["cost"] == g["baseline_cost"] for g in rows)
