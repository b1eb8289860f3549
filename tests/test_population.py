"""The population engine: every batch row equals `policy.evaluate` for that claimant.

The property runs the public strategies (`uibenefit.testing`) through `evaluate_batch` and
`schedule_batch` and compares each field with the one-claim engine; the other tests pin
hand-computed answers, bad rows, bad columns, the input formats and the fallback count.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import ULANHOT_MAN

import uibenefit as ub
from uibenefit.population import DECISION_COLUMNS, SCHEDULE_COLUMNS, batch_stats
from uibenefit.population import _dates as D
from uibenefit.population.crosscheck import differences, table_of
from uibenefit.procedure.retirement import add_months
from uibenefit.testing import cases, dates

XINGAN = ub.load_policy("xingan")
AS_OF = st.one_of(st.none(), dates(dt.date(2017, 1, 1), dt.date(2028, 12, 31)))


def _check(policy: ub.Policy, drawn: list[ub.testing.Case], as_of: dt.date | None) -> None:
    people, events = table_of(drawn)
    found = differences(policy, people, events, as_of)
    assert found == [], "\n".join(found)
    assert batch_stats(policy.evaluate_batch(people, events, as_of)).engine_rows == 0


@settings(max_examples=40)
@given(st.lists(cases(), min_size=1, max_size=12), AS_OF)
def test_batch_equals_evaluate(drawn: list[ub.testing.Case], as_of: dt.date | None) -> None:
    _check(XINGAN, drawn, as_of)


@settings(max_examples=25)
@given(st.lists(cases(eligible_only=True, min_events=1), min_size=1, max_size=8), AS_OF)
def test_batch_equals_evaluate_with_stops(
    drawn: list[ub.testing.Case], as_of: dt.date | None
) -> None:
    _check(XINGAN, drawn, as_of)


@pytest.mark.parametrize("name", ["national", "inner_mongolia"])
def test_batch_equals_evaluate_on_each_layer(name: str) -> None:
    policy = ub.load_policy(name)

    @settings(max_examples=10)
    @given(st.lists(cases(name), min_size=1, max_size=10), AS_OF)
    def run(drawn: list[ub.testing.Case], as_of: dt.date | None) -> None:
        _check(policy, drawn, as_of)

    run()


REFORMS = sorted((Path(__file__).parent.parent / "examples" / "reforms").glob("*.yaml"))


@pytest.mark.parametrize("path", REFORMS, ids=[p.stem for p in REFORMS])
def test_batch_equals_evaluate_under_each_what_if(path: Path) -> None:
    policy = ub.load_policy(path)

    @settings(max_examples=8)
    @given(st.lists(cases(policy), min_size=1, max_size=10), AS_OF)
    def run(drawn: list[ub.testing.Case], as_of: dt.date | None) -> None:
        _check(policy, drawn, as_of)

    run()


WHAT_IF = """\
format: 1
layer: batch_what_if
extends: xingan
document:
  number: what-if batch test
  title: a test layer
  issuer: tests
  issued: 2026-12-01
parameters:
  - id: standard_date
    change: override
    clause: N2b
    reading: G11
    description: each month at the standard in force when it begins
    values:
      - from: 1999-01-22
        value: month_start
  - id: partial_last_month
    change: override
    clause: N1
    description: a cut-short last month paid by its days
    values:
      - from: 2019-12-01
        value: pro_rata
  - id: continuation_threshold_months
    change: override
    clause: N1
    unit: months
    description: continuation when retirement is less than 30 months away
    values:
      - from: 2019-12-01
        value: 30
  - id: pay_by
    change: override
    clause: XC7
    reading: G6
    description: the 15th counts as after
    values:
      - from: 2020-04-27
        value: {cutoff_day: 15, cutoff_day_counts_as: after}
"""


@pytest.fixture(scope="module")
def what_if(tmp_path_factory: pytest.TempPathFactory) -> ub.Policy:
    path = tmp_path_factory.mktemp("policies") / "what_if.yaml"
    path.write_text(WHAT_IF, encoding="utf-8")
    return ub.load_policy(path)


def test_batch_equals_evaluate_under_other_readings(what_if: ub.Policy) -> None:
    """Each month at its own standard, a pro-rata last month, longer continuation."""

    @settings(max_examples=20)
    @given(st.lists(cases(what_if, eligible_only=True), min_size=1, max_size=10), AS_OF)
    def run(drawn: list[ub.testing.Case], as_of: dt.date | None) -> None:
        _check(what_if, drawn, as_of)

    run()


# -- hand-computed -------------------------------------------------------------------------


DEFAULTS = {
    f.name: f.default
    for f in dataclasses.fields(ub.Claimant)
    if f.default is not dataclasses.MISSING
}


def _people(*rows: dict[str, object]) -> pa.Table:
    """Rows with the same columns: a field some row leaves out takes the Claimant default."""
    names = {k for r in rows for k in r}
    return pa.Table.from_pylist(
        [{"id": i, **{k: r.get(k, DEFAULTS.get(k)) for k in names}} for i, r in enumerate(rows)]
    )


def test_the_readme_claimant() -> None:
    """168 months: 24 months (SIL-46); 1560 (tier 3, 152201, 2020) × 80% = 1248.00; re-employed
    2020-11-20, so the months from 2020-04-10 … 2020-11-09 are paid (8), 16 forfeited."""
    people = _people(ULANHOT_MAN)
    events = pa.Table.from_pylist([{"id": 0, "kind": "reemployed", "on": dt.date(2020, 11, 20)}])
    row = XINGAN.evaluate_batch(people, events).to_pylist()[0]
    assert row["eligible"] is True and row["failed"] == []
    assert (row["regular_months"], row["total_months"]) == (24, 24)
    assert row["start"] == dt.date(2020, 4, 10) and row["end"] == dt.date(2022, 4, 9)
    assert row["amount_first"] == Decimal("1248.00")
    assert row["total_due"] == Decimal("9984.00")  # 8 × 1248.00
    assert (row["stopped"], row["stop_on"]) == (True, dt.date(2020, 11, 20))
    assert (row["months_paid"], row["months_forfeited"]) == (8, 16)
    assert row["overpaid"] == Decimal("0.00") and row["error"] is None
    sched = XINGAN.schedule_batch(people, events)
    assert sched.column_names == list(SCHEDULE_COLUMNS)
    assert sched.num_rows == 24
    assert sched.column("status").to_pylist() == ["due"] * 8 + ["forfeited"] * 16
    assert sched.column("pay_by").to_pylist()[0] == dt.date(2020, 4, 30)  # claim on the 10th


def test_output_types() -> None:
    out = XINGAN.evaluate_batch(_people(ULANHOT_MAN))
    assert out.column_names == list(DECISION_COLUMNS)
    schema = out.schema
    for name in ("amount_first", "total_due", "lump_sum", "overpaid"):
        assert pa.types.is_decimal128(schema.field(name).type)
        assert schema.field(name).type.scale == 2
    for name in ("start", "end", "retirement_date", "stop_on"):
        assert schema.field(name).type == pa.date32()
    assert schema.field("failed").type == pa.list_(pa.string())


def test_failed_lists_the_clauses_in_rule_order() -> None:
    """6 months, quit, not seeking work: SIL-45 (contributions), IM3 (involuntary), SIL-45."""
    person = {**ULANHOT_MAN, "contribution_months": 6, "separation_reason": "resigned"}
    out = XINGAN.evaluate_batch(_people({**person, "seeking_work": False})).to_pylist()[0]
    expected = [
        f.citation.clause
        for f in XINGAN.eligibility(ub.Claimant(**{**person, "seeking_work": False})).findings
        if f.passed is False
    ]
    assert out["failed"] == expected == ["SIL-45", "IM3", "SIL-45"]
    assert out["eligible"] is False and out["total_months"] == 0
    assert out["total_due"] == Decimal("0.00") and out["amount_first"] is None


# -- bad rows and bad columns --------------------------------------------------------------


def test_bad_rows_lose_nothing() -> None:
    good = dict(ULANHOT_MAN)
    rows = [
        good,
        {**good, "sex": "mal"},
        {**good, "contribution_months": 5000},
        {**good, "application_date": dt.date(2020, 3, 1)},  # before the separation
        {**good, "insured_area": "15220"},
        good,
    ]
    out = XINGAN.evaluate_batch(_people(*rows)).to_pylist()
    assert len(out) == len(rows)
    assert [r["id"] for r in out] == list(range(len(rows)))
    for i in (0, 5):
        assert out[i]["error"] is None and out[i]["amount_first"] == Decimal("1248.00")
    for i in (1, 2, 3, 4):
        with pytest.raises(ub.InputError) as exc:
            ub.Claimant(**rows[i])
        assert out[i]["error"] == str(exc.value)
        assert all(out[i][k] is None for k in DECISION_COLUMNS if k not in ("id", "error"))
    assert out[1]["error"].startswith("sex: 'mal' is not one of male, female")
    stats = batch_stats(XINGAN.evaluate_batch(_people(*rows)))
    assert (stats.rows, stats.errors, stats.engine_rows) == (6, 4, 0)


def test_a_bad_event_is_that_claimants_error() -> None:
    people = _people(ULANHOT_MAN, ULANHOT_MAN)
    events = pa.Table.from_pylist(
        [
            {"id": 0, "kind": "reemployed", "on": dt.date(2019, 1, 1)},  # before the separation
            {"id": 1, "kind": "reemployed", "on": dt.date(2020, 11, 20)},
        ]
    )
    out = XINGAN.evaluate_batch(people, events).to_pylist()
    assert out[0]["error"] == (
        "events[0].on: reemployed on 2019-01-01 is before the separation (2020-03-31)"
    )
    assert out[1]["error"] is None and out[1]["months_paid"] == 8


def test_a_missing_column_is_one_error() -> None:
    table = _people(ULANHOT_MAN).drop_columns(["sex"])
    with pytest.raises(ub.InputError, match="missing required column 'sex'"):
        XINGAN.evaluate_batch(table)
    with pytest.raises(ub.InputError, match="'id' column"):
        XINGAN.evaluate_batch(_people(ULANHOT_MAN).drop_columns(["id"]))


def test_a_mistyped_column_is_one_error() -> None:
    table = _people(ULANHOT_MAN)
    wrong = table.set_column(table.column_names.index("birth_date"), "birth_date", pa.array([3.5]))
    with pytest.raises(ub.InputError, match="column 'birth_date' holds double; expected dates"):
        XINGAN.evaluate_batch(wrong)


def test_optional_columns_take_the_claimant_defaults() -> None:
    out = XINGAN.evaluate_batch(_people(ULANHOT_MAN)).to_pylist()[0]
    assert out == {**out, "eligible": True, "total_months": 24}


# -- inputs --------------------------------------------------------------------------------


def test_parquet_and_csv_paths(tmp_path: Path) -> None:
    people = _people(ULANHOT_MAN, {**ULANHOT_MAN, "registration_date": dt.date(2020, 4, 1)})
    pq.write_table(people, tmp_path / "people.parquet")
    csv = tmp_path / "people.csv"
    header = people.column_names
    lines = [",".join(header)]
    for r in people.to_pylist():
        lines.append(
            ",".join(
                "" if r[k] is None else str(r[k]).lower() if isinstance(r[k], bool) else str(r[k])
                for k in header
            )
        )
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    a = XINGAN.evaluate_batch(people)
    b = XINGAN.evaluate_batch(tmp_path / "people.parquet")
    c = XINGAN.evaluate_batch(str(csv))
    assert a.to_pylist() == b.to_pylist()
    # the CSV's ids are text; everything else is the same
    assert [dict(r, id=int(r["id"])) for r in c.to_pylist()] == a.to_pylist()
    assert a.column("start").to_pylist() == [dt.date(2020, 4, 10), dt.date(2020, 4, 1)]


def test_a_record_batch_and_a_bad_source() -> None:
    people = _people(ULANHOT_MAN)
    assert XINGAN.evaluate_batch(people.to_batches()[0]).num_rows == 1
    with pytest.raises(ub.InputError, match="expected a pyarrow Table"):
        XINGAN.evaluate_batch([ULANHOT_MAN])


def test_pandas_and_polars_when_installed() -> None:
    people = _people(ULANHOT_MAN)
    want = XINGAN.evaluate_batch(people).to_pylist()
    for module in ("pandas", "polars"):
        try:
            lib = __import__(module)
        except ImportError:
            continue
        frame = people.to_pandas() if module == "pandas" else lib.from_arrow(people)
        assert XINGAN.evaluate_batch(frame).to_pylist() == want


# -- what the compiler cannot vectorise goes through the engine, counted -------------------

UNKNOWN = """\
format: 1
layer: batch_unknown
extends: xingan
document:
  number: what-if unknown parameter
  title: a parameter the batch compiler has never seen
  issuer: tests
  issued: 2026-12-01
parameters:
  - id: some_new_rule
    clause: N1
    description: a rule the batch compiler has never seen
    values:
      - from: 2019-12-01
        value: 3
"""


def test_an_unknown_parameter_sends_every_row_to_the_engine(tmp_path: Path) -> None:
    path = tmp_path / "unknown.yaml"
    path.write_text(UNKNOWN, encoding="utf-8")
    policy = ub.load_policy(path)
    people = _people(ULANHOT_MAN, {**ULANHOT_MAN, "sex": "x"})
    out = policy.evaluate_batch(people)
    stats = batch_stats(out)
    assert (stats.rows, stats.engine_rows, stats.errors) == (2, 1, 1)
    assert any("some_new_rule" in reason for reason in stats.reasons)
    assert out.to_pylist()[0] == XINGAN.evaluate_batch(people).to_pylist()[0]


def test_a_claim_before_the_policy_covers_is_the_engines_error() -> None:
    """benefit_start has values from 2001-01-01 only: the engine refuses a 2000 claim."""
    old = {
        **ULANHOT_MAN,
        "separation_date": dt.date(2000, 3, 31),
        "application_date": dt.date(2000, 4, 10),
    }
    out = XINGAN.evaluate_batch(_people(old))
    row = out.to_pylist()[0]
    with pytest.raises(ub.InputError) as exc:
        XINGAN.evaluate(ub.Claimant(**old))
    assert row["error"] == str(exc.value)


# -- the calendar arithmetic ---------------------------------------------------------------


def test_add_months_on_arrays_is_add_months() -> None:
    rng = np.random.default_rng(7)
    days = rng.integers(D.days_of(dt.date(1900, 1, 1)), D.days_of(dt.date(2100, 12, 31)), 20000)
    days = days.astype(np.int32)
    k = rng.integers(0, 900, len(days))
    got = D.add_months(days, k)
    for d, m, g in zip(days[:3000], k[:3000], got[:3000], strict=True):
        assert D.date_of(g) == add_months(D.date_of(d), int(m))
    ends = [dt.date(2020, 1, 31), dt.date(2024, 2, 29), dt.date(2019, 8, 31)]
    arr = np.array([D.days_of(e) for e in ends], dtype=np.int32)
    for step in range(30):
        got = D.add_months(arr, step)
        assert [D.date_of(g) for g in got] == [add_months(e, step) for e in ends]
    start = np.array([D.days_of(dt.date(2020, 1, 31))] * 4, dtype=np.int32)
    day = np.array(
        [
            D.days_of(dt.date.fromisoformat(x))
            for x in ("2020-01-30", "2020-01-31", "2020-02-29", "2020-03-31")
        ],
        dtype=np.int32,
    )
    assert D.months_reached(start, day).tolist() == [0, 1, 2, 3]


def test_events_find_their_claimant_whatever_the_order_of_ids() -> None:
    """Ids out of order, or text: each event still reaches its own claimant."""
    people = _people(ULANHOT_MAN, ULANHOT_MAN, ULANHOT_MAN)
    for ids in ([30, 10, 20], ["c", "a", "b"]):
        table = people.set_column(0, "id", pa.array(ids))
        events = pa.Table.from_pylist(
            [
                {"id": ids[2], "kind": "reemployed", "on": dt.date(2020, 11, 20)},
                {"id": ids[0], "kind": "reemployed", "on": dt.date(2021, 1, 20)},
                {
                    "id": "nobody" if isinstance(ids[0], str) else 99,
                    "kind": "died",
                    "on": dt.date(2020, 6, 1),
                },
            ]
        )
        out = XINGAN.evaluate_batch(table, events).to_pylist()
        assert [r["id"] for r in out] == ids
        assert [r["months_paid"] for r in out] == [10, 24, 8]


def test_repeated_ids_cannot_take_events() -> None:
    people = _people(ULANHOT_MAN, ULANHOT_MAN).set_column(0, "id", pa.array([7, 7]))
    events = pa.Table.from_pylist([{"id": 7, "kind": "died", "on": dt.date(2020, 6, 1)}])
    people = pa.concat_tables([people, _people(ULANHOT_MAN).set_column(0, "id", pa.array([8]))])
    out = XINGAN.evaluate_batch(people, events).to_pylist()
    assert [r["id"] for r in out] == [7, 7, 8]  # each repeated row reported, the rest computed
    assert [r["error"] is not None for r in out] == [True, True, False]
    assert out[0]["error"].startswith("id: the id 7 is given to 2 rows (1, 2")
    assert out[2]["eligible"] is True
    assert XINGAN.evaluate_batch(people).num_rows == 3  # without events, ids may repeat


def test_timestamps_and_floats_as_a_dataframe_gives_them() -> None:
    """Midnight timestamps are dates and whole floats whole numbers (pandas' NaN-able
    columns); a time of day or a fraction is that row's error, as the Claimant says."""
    table = _people(ULANHOT_MAN, ULANHOT_MAN)
    births = pa.array(
        [dt.datetime(1968, 7, 15), dt.datetime(1968, 7, 15, 12, 30)], pa.timestamp("ns")
    )
    table = table.set_column(table.column_names.index("birth_date"), "birth_date", births)
    months = pa.array([168.0, 12.5])
    table = table.set_column(
        table.column_names.index("contribution_months"), "contribution_months", months
    )
    out = XINGAN.evaluate_batch(table).to_pylist()
    assert out[0]["error"] is None and out[0]["total_months"] == 24
    # both bad fields of the row at once (a person's problems are all told, issue 13)
    assert out[1]["error"].startswith("2 problems:")
    assert "birth_date: expected a date (YYYY-MM-DD), got the date-time" in out[1]["error"]
