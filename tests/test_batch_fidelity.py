"""Batch fidelity as a new user meets it: impossible dates in a CSV, an overpayment that
cannot be known, the stop ground of each row, unused months beyond one spell.

Each batch answer is checked against what `policy.evaluate` says for the same claimant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import ULANHOT_MAN

import uibenefit as ub
from uibenefit.population import DECISION_COLUMNS
from uibenefit.population.crosscheck import differences, table_of
from uibenefit.testing import cases, dates

AS_OF = st.one_of(st.none(), dates(dt.date(2017, 1, 1), dt.date(2028, 12, 31)))

XINGAN = ub.load_policy("xingan")
NATIONAL = ub.load_policy("national")
CSV_HEAD = (
    "id,birth_date,sex,position,insured_as,contribution_months,separation_date,"
    "separation_reason,application_date,insured_area\n"
)


def _row(i: int, birth: str, application: str) -> str:
    return (
        f"{i},{birth},male,worker,employee,168,2020-03-31,contract_expired,{application},152201\n"
    )


def test_impossible_dates_in_a_csv_are_row_errors(tmp_path: Path) -> None:
    """1975-02-30 and 2021-02-29 do not exist: those rows get evaluate's error (the field
    named), never a rolled-over date; 2020-02-29 exists and the other rows are computed."""
    path = tmp_path / "claimants.csv"
    path.write_text(
        CSV_HEAD
        + _row(0, "1968-07-15", "2020-04-10")
        + _row(1, "1975-02-30", "2020-04-10")
        + _row(2, "1968-07-15", "2021-02-29")
        + _row(3, "1968-02-29", "2020-04-10"),
        encoding="utf-8",
    )
    out = XINGAN.evaluate_batch(str(path)).to_pylist()
    assert [r["id"] for r in out] == [0, 1, 2, 3]
    assert out[0]["error"] is None and out[0]["amount_first"] == Decimal("1248.00")
    assert out[3]["error"] is None and out[3]["amount_first"] == Decimal("1248.00")
    for i, field in ((1, "birth_date"), (2, "application_date")):
        assert out[i]["error"] is not None and field in out[i]["error"], out[i]["error"]
        assert all(out[i][k] is None for k in DECISION_COLUMNS if k not in ("id", "error"))
    assert "1975-02-30" in out[1]["error"] and "2021-02-29" in out[2]["error"]


def test_stop_reason_is_the_event_kind() -> None:
    people = pa.Table.from_pylist([{"id": 0, **ULANHOT_MAN}, {"id": 1, **ULANHOT_MAN}])
    events = pa.Table.from_pylist([{"id": 0, "kind": "reemployed", "on": dt.date(2020, 11, 20)}])
    out = XINGAN.evaluate_batch(people, events).to_pylist()
    assert [r["stop_reason"] for r in out] == ["reemployed", None]
    decision = XINGAN.evaluate(
        ub.Claimant(**ULANHOT_MAN), [ub.Event("reemployed", dt.date(2020, 11, 20))]
    )
    assert decision.stop is not None and decision.stop.reason == out[0]["stop_reason"]


def test_an_overpayment_that_cannot_be_known_is_null_with_its_reason() -> None:
    """The national layer sets no pay-by dates (XC7 is Xing'an's): what was paid after the
    stop by the audit date cannot be known, so overpaid is null (N8), never 0.00, in the
    batch, the JSON and the summary; the note says why."""
    person = ub.Claimant(**ULANHOT_MAN)
    events = [ub.Event("reemployed", dt.date(2020, 11, 20))]
    as_of = dt.date(2022, 1, 1)
    decision = NATIONAL.evaluate(person, events, as_of)
    assert decision.stop is not None and decision.stop.stopped
    assert decision.stop.overpaid is None
    assert decision.to_dict()["stop"]["overpaid"] is None
    assert "overpaid" not in decision.totals
    assert "overpayment_unknown" in [n.id for n in decision.stop.notes]
    assert "overpaid cannot be computed" in decision.explain("en")
    people = pa.Table.from_pylist([{"id": 0, **ULANHOT_MAN}])
    ev = pa.Table.from_pylist([{"id": 0, "kind": "reemployed", "on": dt.date(2020, 11, 20)}])
    row = NATIONAL.evaluate_batch(people, ev, as_of).to_pylist()[0]
    assert row["error"] is None and row["stopped"] is True
    assert row["overpaid"] is None and row["overpaid_reason"] == "no_pay_by_dates"
    # with pay-by dates (Xing'an's XC7) the same stop has a known overpayment
    known = XINGAN.evaluate_batch(people, ev, as_of).to_pylist()[0]
    assert known["overpaid"] == XINGAN.evaluate(person, events, as_of).stop.overpaid  # type: ignore[union-attr]
    assert known["overpaid"] is not None and known["overpaid_reason"] is None


def test_unused_months_beyond_one_spell_are_the_row_error() -> None:
    """At most `regular_months_cap` (24 on this claim) unused months: 30 is the engine's
    InputError for that row, 24 is computed (the bound is the policy's, not the reader's)."""
    rows = [{"id": 0, **ULANHOT_MAN, "prior_unused_months": 30}]
    rows.append({"id": 1, **ULANHOT_MAN, "prior_unused_months": 24})
    out = XINGAN.evaluate_batch(pa.Table.from_pylist(rows)).to_pylist()
    with pytest.raises(ub.InputError) as exc:
        XINGAN.evaluate(ub.Claimant(**{**ULANHOT_MAN, "prior_unused_months": 30}))
    assert out[0]["error"] == str(exc.value) and "regular_months_cap" in out[0]["error"]
    assert out[1]["error"] is None and out[1]["regular_months"] == 24


WHAT_IF = """\
format: 1
layer: study_abroad_stop
extends: xingan
document:
  number: what-if study_abroad_stop
  title: 出境留学停发失业保险金（假设）
  issuer: uibenefit test, not an authority
  issued: 2026-12-01
stop_grounds:
  - id: studying_abroad
    clause: SIL-51
    text: {zh: "出境留学（假设）", en: "studying abroad (what-if)"}
    last_month_paid: containing
"""


def test_a_stop_ground_is_added_by_a_what_if_alone(tmp_path: Path) -> None:
    """A new kind of stop with an existing effect needs only the YAML: the one-claim engine
    and the batch both stop on it (the month containing the event paid, SIL-49's way)."""
    path = tmp_path / "study_abroad_stop.yaml"
    path.write_text(WHAT_IF, encoding="utf-8")
    policy = ub.load_policy(str(path))
    assert "studying_abroad" in policy.event_kinds
    on = dt.date(2020, 11, 20)
    decision = policy.evaluate(ub.Claimant(**ULANHOT_MAN), [ub.Event("studying_abroad", on)])
    assert decision.stop is not None and decision.stop.reason == "studying_abroad"
    assert (decision.stop.months_paid, decision.stop.months_forfeited) == (8, 16)
    people = pa.Table.from_pylist([{"id": 0, **ULANHOT_MAN}])
    events = pa.Table.from_pylist([{"id": 0, "kind": "studying_abroad", "on": on}])
    row = policy.evaluate_batch(people, events).to_pylist()[0]
    assert row["error"] is None and row["stop_reason"] == "studying_abroad"
    assert (row["stop_on"], row["months_paid"], row["months_forfeited"]) == (on, 8, 16)
    assert row["total_due"] == decision.totals["paid_monthly"]


@pytest.fixture
def uncompiled() -> Iterator[None]:
    """The population path's loops as plain Python, as without numba."""
    from uibenefit.population import _run

    _run.run_uncompiled(True)
    try:
        yield
    finally:
        _run.run_uncompiled(False)


REFORMS = sorted((Path(__file__).parent.parent / "examples" / "reforms").glob("*.yaml"))
POLICIES = ["national", "inner_mongolia", "xingan", *REFORMS]


@pytest.mark.parametrize(
    "source", POLICIES, ids=[p if isinstance(p, str) else p.stem for p in POLICIES]
)
def test_batch_equals_evaluate_uncompiled(uncompiled: None, source: str | Path) -> None:
    """Without the accelerator the population path runs the same procedure uncompiled, with
    the one-claim path's answers, under every bundled policy and every what-if."""
    policy = ub.load_policy(source)

    @settings(max_examples=6, deadline=None)
    @given(st.lists(cases(policy, min_events=1), min_size=1, max_size=6), AS_OF)
    def run(drawn: list[ub.testing.Case], as_of: dt.date | None) -> None:
        people, events = table_of(drawn)
        found = differences(policy, people, events, as_of)
        assert found == [], "\n".join(found)

    run()
