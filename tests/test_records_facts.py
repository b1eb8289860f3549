"""Facts derived from the agency's records, each hand-computed and named by its clause."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import uibenefit as ub
from uibenefit.records import check_character, read_records
from uibenefit.records.facts import derive

D = dt.date
POLICY = ub.load_policy("xingan")
BORN = D(1965, 5, 1)


def number(born: dt.date, seq: int = 1, area: str = "152201") -> str:
    """A valid 公民身份号码 (odd sequence: male)."""
    first17 = f"{area}{born:%Y%m%d}{seq:03d}"
    return first17 + check_character(first17)


def records(
    contributions: list[tuple[Any, ...]],
    separations: list[tuple[Any, ...]],
    claims: list[tuple[Any, ...]],
    *,
    born: dt.date = BORN,
    employed_since: dt.date | None = None,
    events: list[tuple[Any, ...]] = (),  # type: ignore[assignment]
) -> dict[str, pa.Table]:
    """One person 'P', with the rows given (contributions: from, through, insured_as, deemed)."""
    return {
        "persons": pa.table(
            {
                "id": ["P"],
                "id_number": [number(born)],
                "position": ["worker"],
                "employed_since": pa.array([employed_since], pa.date32()),
            }
        ),
        "contributions": pa.table(
            {
                "id": ["P"] * len(contributions),
                "from": [c[0] for c in contributions],
                "through": [c[1] for c in contributions],
                "insured_as": [c[2] for c in contributions],
                "deemed": pa.array([c[3] for c in contributions], pa.bool_()),
                "area": ["152202"] * len(contributions),
            }
        ),
        "separations": pa.table(
            {
                "id": ["P"] * len(separations),
                "on": pa.array([s[0] for s in separations], pa.date32()),
                "reason": [s[1] for s in separations],
            }
        ),
        "claims": pa.table(
            {
                "id": ["P"] * len(claims),
                "application_date": pa.array([c[0] for c in claims], pa.date32()),
                "registered_reason": pa.array([c[1] for c in claims], pa.string()),
            }
        ),
        "events": pa.table(
            {
                "id": ["P"] * len(events),
                "kind": [e[0] for e in events],
                "on": pa.array([e[1] for e in events], pa.date32()),
            }
        ),
    }


def facts(tables: dict[str, pa.Table], as_of: dt.date | None = None) -> dict[str, Any]:
    rows = derive(POLICY, read_records(tables, POLICY), as_of).to_pylist()
    assert len(rows) == 1
    return rows[0]


def test_overlapping_periods_count_once_and_deemed_years_add() -> None:
    """SIL-46/N4c (G9): cumulative months are the union of months covered, 视同缴费 included.
    1990-01..1999-12 deemed (120), 2000-01..2010-12 (132) and 2008-01..2015-06 (adds
    2011-01..2015-06 = 54): 306 months, 120 of them deemed."""
    got = facts(
        records(
            [
                ("2000-01", "2010-12", "employee", False),
                ("2008-01", "2015-06", "employee", False),
                ("1990-01", "1999-12", "employee", True),
            ],
            [(D(2015, 6, 30), "contract_expired")],
            [(D(2015, 7, 10), None)],
        )
    )
    assert got["contribution_months"] == 306
    assert got["deemed_months"] == 120
    assert got["insured_as"] == "employee" and got["insured_as_row"] == 1
    assert got["unemployed"] is True


def test_months_after_the_separation_do_not_count_and_flexible_is_marked() -> None:
    """Months are counted up to the separation month; the latest period gives insured_as
    (a flexible worker's period is marked and counted apart)."""
    got = facts(
        records(
            [("2010-01", "2014-12", "employee", False), ("2015-01", "2016-12", "flexible", False)],
            [(D(2016, 6, 30), "other_statutory")],
            [(D(2017, 1, 5), None)],
        )
    )
    assert got["contribution_months"] == 60 + 18  # 2015-01..2016-06
    assert got["flexible_months"] == 18
    assert got["insured_as"] == "flexible"


def test_n2c_contributions_continuing_mean_not_unemployed() -> None:
    """N2c: unemployment is confirmed when no period covers the month after the separation;
    a period that does is the record showing otherwise."""
    stopped = facts(
        records(
            [("2010-01", "2020-03", "employee", False)],
            [(D(2020, 3, 31), "dismissed")],
            [(D(2020, 4, 10), None)],
        )
    )
    assert stopped["unemployed"] is True and stopped["not_unemployed_row"] is None
    going = facts(
        records(
            [("2010-01", "2020-03", "employee", False), ("2020-04", "2020-12", "employee", False)],
            [(D(2020, 3, 31), "dismissed")],
            [(D(2020, 4, 10), None)],
        )
    )
    assert going["unemployed"] is False and going["not_unemployed_row"] == 1


def test_im3_latest_separation_reason_wins_and_disagreement_is_flagged() -> None:
    """IM3: the 停保原因 of the latest separation on or before the claim prevails over the
    registration's reason; the disagreement is flagged and reported with IM3."""
    tables = records(
        [("2010-01", "2020-03", "employee", False)],
        [
            (D(2018, 1, 31), "resigned"),
            (D(2020, 3, 31), "employer_closed"),
            (D(2021, 1, 31), "resigned"),
        ],
        [(D(2020, 4, 10), "resigned")],
    )
    got = facts(tables, D(2020, 12, 31))
    assert got["separation_date"] == D(2020, 3, 31) and got["separation_row"] == 1
    assert got["separation_reason"] == "employer_closed"
    assert got["registered_reason"] == "resigned" and got["reason_differs"] is True
    form = ub.prefill(POLICY, tables, "P", on=D(2020, 4, 10))
    assert form.claimant is not None and form.claimant.separation_reason == "employer_closed"
    assert form.sources["separation_reason"] == ("separations", 1)
    im3 = [f for f in form.findings if f.kind == "reason_differs"]
    assert len(im3) == 1 and im3[0].citation is not None and im3[0].citation.clause == "IM3"
    assert form.decision is not None and form.decision.eligibility.eligible


def test_x4b_missing_pre_2011_records_are_flagged_not_zero() -> None:
    """X4b: employment since 1998 but nothing recorded before 2011: flagged for the
    collection ledger; the months that are recorded still count (never a silent zero)."""
    tables = records(
        [("2011-01", "2015-12", "employee", False)],
        [(D(2015, 12, 31), "contract_expired")],
        [(D(2016, 1, 5), None)],
        employed_since=D(1998, 3, 1),
    )
    got = facts(tables)
    assert got["ledger_lookup"] is True and got["contribution_months"] == 60
    form = ub.prefill(POLICY, tables, "P", on=D(2016, 1, 5))
    flagged = [f for f in form.findings if f.kind == "ledger_lookup"]
    assert len(flagged) == 1 and flagged[0].citation.clause == "X4b"  # type: ignore[union-attr]
    assert any(q.citation is not None and q.citation.clause == "X4b" for q in form.questions)
    # a record before 2011 (deemed or not) clears the flag
    tables = records(
        [("2011-01", "2015-12", "employee", False), ("1998-03", "2010-12", "employee", False)],
        [(D(2015, 12, 31), "contract_expired")],
        [(D(2016, 1, 5), None)],
        employed_since=D(1998, 3, 1),
    )
    assert facts(tables)["ledger_lookup"] is False


def test_x4b_is_xingan_only() -> None:
    """The national layer has no X4b: no flag."""
    tables = records(
        [("2011-01", "2015-12", "employee", False)],
        [(D(2015, 12, 31), "contract_expired")],
        [(D(2016, 1, 5), None)],
        employed_since=D(1998, 3, 1),
    )
    national = ub.load_policy("national")
    row = derive(national, read_records(tables, national), None).to_pylist()[0]
    assert row["ledger_lookup"] is False


def test_prior_spell_unused_months_and_contribution_restart() -> None:
    """SIL-46: after re-employment the contribution time restarts and the earlier spell's
    unpaid months merge. First spell: 2000-01..2015-12 (192 months: 24 months from
    2016-01-10), re-employed 2016-06-20 so months 1-6 paid (periods starting before it),
    18 forfeited. New job 2016-07..2018-12 (30 months, counted afresh), separated 2018-12-31."""
    tables = records(
        [("2000-01", "2015-12", "employee", False), ("2016-07", "2018-12", "employee", False)],
        [(D(2015, 12, 31), "contract_expired"), (D(2018, 12, 31), "contract_expired")],
        [(D(2016, 1, 10), None), (D(2019, 1, 8), None)],
        events=[("reemployed", D(2016, 6, 20))],
    )
    earlier = ub.load_policy("xingan").evaluate(
        ub.Claimant(
            birth_date=D(1965, 5, 1),
            sex="male",
            position="worker",
            insured_as="employee",
            contribution_months=192,
            separation_date=D(2015, 12, 31),
            separation_reason="contract_expired",
            application_date=D(2016, 1, 10),
            insured_area="152202",
        ),
        [ub.Event(kind="reemployed", on=D(2016, 6, 20))],
    )
    got = facts(tables)
    assert got["prior_unused_months"] == earlier.stop.months_forfeited == 18
    assert got["contribution_months"] == 30
    assert got["earlier_claim_row"] == 0 and got["claim_row"] == 1


def test_pension_event_before_the_claim_sets_receiving_pension() -> None:
    """SIL-51 / N4: a pension_started event on or before the claim is read into the claimant."""
    tables = records(
        [("2000-01", "2019-12", "employee", False)],
        [(D(2019, 12, 31), "contract_expired")],
        [(D(2020, 1, 6), None)],
        events=[("pension_started", D(2020, 1, 1))],
    )
    got = facts(tables)
    assert got["receiving_pension"] is True and got["pension_row"] == 0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 240), st.integers(0, 60), st.booleans()),
        min_size=1,
        max_size=6,
    )
)
def test_union_equals_a_set_of_months(periods: list[tuple[int, int, bool]]) -> None:
    """The month count is the size of the set of months covered up to the separation month
    (property, against a plain Python set)."""
    base = 2000 * 12
    rows = []
    covered: set[int] = set()
    deemed: set[int] = set()
    sep = base + 250
    for start, length, is_deemed in periods:
        lo, hi = base + start, base + start + length
        rows.append(
            (
                f"{lo // 12}-{lo % 12 + 1:02d}",
                f"{hi // 12}-{hi % 12 + 1:02d}",
                "employee",
                is_deemed,
            )
        )
        months = set(range(lo, min(hi, sep) + 1))
        covered |= months
        if is_deemed:
            deemed |= months
    got = facts(
        records(rows, [(D(sep // 12, sep % 12 + 1, 28), "dismissed")], [(D(2021, 1, 4), None)])
    )
    assert got["contribution_months"] == len(covered)
    assert got["deemed_months"] == len(deemed)


def test_unknown_person_in_prefill_is_an_input_error() -> None:
    """A person id not in the records: InputError naming the field."""
    tables = records([], [], [])
    with pytest.raises(ub.InputError) as info:
        ub.prefill(POLICY, tables, "nobody")
    assert info.value.field == "id"


def test_im3_stop_record_prevails_is_the_policys_value(tmp_path: Any) -> None:
    """IM3 (`stop_reason_prevails`): the stop record's reason wins by default; a what-if that
    sets the parameter to false follows the registration's reason instead, still reported."""
    what_if = tmp_path / "registration_wins.yaml"
    what_if.write_text(
        "format: 1\nlayer: registration_wins\nextends: xingan\n"
        "document: {number: what-if, title: 登记原因优先（假设）, issuer: test, issued: 2026-12-07}\n"
        "parameters:\n  - id: stop_reason_prevails\n    change: override\n    clause: IM3\n"
        "    description: What-if, the registration's reason prevails.\n"
        "    values:\n      - from: 2020-04-10\n        value: false\n",
        encoding="utf-8",
    )
    tables = records(
        [("2010-01", "2020-03", "employee", False)],
        [(D(2020, 3, 31), "employer_closed")],
        [(D(2020, 4, 10), "resigned")],
    )
    default = ub.prefill(POLICY, tables, "P", on=D(2020, 4, 10))
    assert default.claimant is not None
    assert default.claimant.separation_reason == "employer_closed"
    form = ub.prefill(ub.load_policy(what_if), tables, "P", on=D(2020, 4, 10))
    assert form.claimant is not None and form.claimant.separation_reason == "resigned"
    assert form.decision is not None and not form.decision.eligibility.eligible
    assert [f.kind for f in form.findings].count("reason_differs") == 1
