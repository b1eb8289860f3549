"""Each finding kind of the audit, hand-computed on one or two recipients, with its clause.

Recipient A (the re-employment case of docs/auditors.md): born 1968-07-15, male worker, 168
contribution months (14 years: 24 months on the region's schedule, IMM-DURATION), separated
2020-03-31 (contract expired), claimed 2020-04-10 in 乌兰浩特市 (152201). Month i runs from
2020-04-10 + (i-1) months; months 1-12 at 1560 × 80% = 1248.00 (tier 3, IMS-2017), claimed by
the 15th so month 1 is paid by 2020-04-30 and month i by the end of the next calendar month
(XC7). Re-employed 2020-11-20, in month 8 (2020-11-10 – 2020-12-09): months 1-8 are due,
month 9 (from 2020-12-10, pay-by 2020-12-31) on are not (SIL-51, IM5). Audit date 2020-12-31.
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

D = dt.date
AS_OF = D(2020, 12, 31)
A = {
    "id": "A",
    "birth_date": D(1968, 7, 15),
    "sex": "male",
    "position": "worker",
    "insured_as": "employee",
    "contribution_months": 168,
    "separation_date": D(2020, 3, 31),
    "separation_reason": "contract_expired",
    "application_date": D(2020, 4, 10),
    "insured_area": "152201",
}
REEMPLOYED = {"id": "A", "kind": "reemployed", "on": D(2020, 11, 20)}


def _month_end(year: int, month: int) -> dt.date:
    return (D(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)


def pay_by(i: int) -> dt.date:
    """XC7 for A: month i by the end of calendar month April 2020 + (i - 1)."""
    return _month_end(2020, 3 + i)


def row(
    ident: str, index: int, amount: str = "1248.00", on: dt.date | None = None, medical: bool = True
) -> dict[str, Any]:
    return {
        "id": ident,
        "index": index,
        "amount": Decimal(amount),
        "paid_on": on or pay_by(index) - dt.timedelta(days=5),
        "medical_insurance": medical,
    }


def ledger(rows: list[dict[str, Any]]) -> pa.Table:
    return pa.table(
        {
            "id": pa.array([r["id"] for r in rows], pa.string()),
            "index": pa.array([r["index"] for r in rows], pa.int32()),
            "amount": pa.array([r["amount"] for r in rows], pa.decimal128(18, 2)),
            "paid_on": pa.array([r["paid_on"] for r in rows], pa.date32()),
            "medical_insurance": pa.array([r["medical_insurance"] for r in rows], pa.bool_()),
        }
    )


def events(rows: list[dict[str, Any]]) -> pa.Table:
    return pa.table(
        {
            "id": pa.array([r["id"] for r in rows], pa.string()),
            "kind": pa.array([r["kind"] for r in rows], pa.string()),
            "on": pa.array([r["on"] for r in rows], pa.date32()),
        }
    )


def run(
    people: list[dict[str, Any]],
    payments: list[dict[str, Any]],
    evs: list[dict[str, Any]] | None = None,
    as_of: dt.date = AS_OF,
    **kw: Any,
) -> list[dict[str, Any]]:
    result = ub.audit(
        "xingan",
        pa.Table.from_pylist(people),
        ledger(payments),
        events(evs if evs is not None else [REEMPLOYED]),
        as_of,
        **kw,
    )
    assert result.summary["ledger"]["accounted"]
    return result.findings.to_pylist()


def clean_a() -> list[dict[str, Any]]:
    return [row("A", i) for i in range(1, 9)]


def only(findings: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    assert [f["kind"] for f in findings] == [kind], findings
    return findings[0]


def test_pay_by_dates_as_hand_computed() -> None:
    assert [pay_by(i) for i in (1, 2, 8, 9)] == [
        D(2020, 4, 30),
        D(2020, 5, 31),
        D(2020, 11, 30),
        D(2020, 12, 31),
    ]


def test_clean_ledger_gives_no_finding() -> None:
    assert run([A], clean_a()) == []


def test_paid_after_stop_month_9_recovered_n8() -> None:
    # Month 9 (2020-12-10 on) starts after the re-employment of 2020-11-20: 1248.00 to recover
    # with its medical insurance (N8; the stop ground is SIL-51 via IM5's re-employment).
    f = only(run([A], [*clean_a(), row("A", 9, on=D(2020, 12, 20))]), "paid_after_stop")
    assert (f["clause"], f["months"], f["amount"]) == ("N8", [9], Decimal("1248.00"))
    assert f["medical_months"] == [9]
    assert "2020-11-20" in f["reason"] and "reemployed" in f["reason"]
    assert "1248.00" in f["reason_zh"]


def test_wrong_amount_either_way_n2b() -> None:
    # Month 3 paid 1148.00 of 1248.00 due: -100.00 (to pay); month 4 paid 1348.00: +100.00.
    rows = clean_a()
    rows[2] = row("A", 3, "1148.00")
    rows[3] = row("A", 4, "1348.00")
    found = run([A], rows)
    assert [(f["kind"], f["clause"], f["months"], f["amount"]) for f in found] == [
        ("wrong_amount", "N2b", [3], Decimal("-100.00")),
        ("wrong_amount", "N2b", [4], Decimal("100.00")),
    ]
    assert "1148.00" in found[0]["reason"] and "1248.00" in found[0]["reason"]


def test_not_paid_month_5_xc7() -> None:
    # Month 5 was due by 2020-08-31, before the audit date, and has no payment: 1248.00.
    rows = [r for r in clean_a() if r["index"] != 5]
    f = only(run([A], rows), "not_paid")
    assert (f["clause"], f["months"], f["amount"]) == ("XC7", [5], Decimal("1248.00"))


def test_not_yet_due_month_is_not_a_finding() -> None:
    # Without the stop, month 9 is due by 2020-12-31 (the audit date) and month 10 by
    # 2021-01-31, after it: only month 9 is not paid.
    f = only(run([A], clean_a(), evs=[]), "not_paid")
    assert f["months"] == [9]


def test_paid_late_xc7() -> None:
    # Month 2 was to be paid by 2020-05-31 and was paid 2020-06-05: five days late.
    rows = clean_a()
    rows[1] = row("A", 2, on=D(2020, 6, 5))
    f = only(run([A], rows), "paid_late")
    assert (f["clause"], f["months"], f["amount"]) == ("XC7", [2], None)
    assert "5 days" in f["reason"]


B = {
    **A,
    "id": "B",
    "birth_date": D(1961, 9, 3),
    "contribution_months": 50,
    "separation_date": D(2020, 4, 30),
    "application_date": D(2020, 5, 11),
}


def test_continuation_owed_x3() -> None:
    # B: 50 months = 4 full years: 12 months (IMM-DURATION), 2020-05-11 – 2021-05-10. Born
    # 1961-09-03, a male worker retires at 60 on 2021-09-03, less than a year after the
    # regular period: continuation to 2021-09-02 (N1, IM1, X3), months 13-16 at 1092.00
    # (month 13 on: 1560 × 70%), due by 2021-05-31 … 2021-08-31. Paid only months 1-12:
    # 4 × 1092.00 = 4368.00 to back-pay, with the medical insurance of the 4 months.
    rows = [{**row("A", i), "id": "B", "paid_on": _month_end(2020, 4 + i)} for i in range(1, 13)]
    f = only(run([B], rows, evs=[], as_of=D(2021, 9, 30)), "continuation_owed")
    assert (f["clause"], f["months"], f["amount"]) == ("X3", [13, 14, 15, 16], Decimal("4368.00"))
    assert f["medical_months"] == [13, 14, 15, 16]
    assert "2021-09-03" in f["reason"]


def test_duplicate_payment_n8() -> None:
    # Month 1 paid on 2020-04-25 and again on 2020-04-28: the second is 1248.00 to recover.
    rows = [*clean_a(), row("A", 1, on=D(2020, 4, 28))]
    f = only(run([A], rows), "duplicate_payment")
    assert (f["clause"], f["months"], f["amount"], f["rows"]) == (
        "N8",
        [1],
        Decimal("1248.00"),
        [9],
    )


def test_unknown_recipient_n8() -> None:
    f = only(run([A], [*clean_a(), row("ghost", 1), row("ghost", 2)]), "unknown_recipient")
    assert (f["id"], f["clause"], f["months"], f["amount"]) == (
        "ghost",
        "N8",
        [1, 2],
        Decimal("2496.00"),
    )
    assert f["rows"] == [9, 10]


def test_unmatched_payment_n8() -> None:
    # A has 24 months: a payment for month 25 matches no benefit month.
    f = only(run([A], [*clean_a(), row("A", 25, on=D(2020, 12, 1))]), "unmatched_payment")
    assert (f["clause"], f["months"], f["amount"], f["rows"]) == (
        "N8",
        [25],
        Decimal("1248.00"),
        [9],
    )


def test_paid_not_eligible_n8() -> None:
    # C quit of their own accord (resigned): not involuntary (IM3), so nothing is due; the
    # 1248.00 paid for month 1 is to recover.
    c = {**A, "id": "C", "separation_reason": "resigned"}
    f = only(run([c], [row("C", 1)], evs=[]), "paid_not_eligible")
    assert (f["clause"], f["months"], f["amount"]) == ("N8", [1], Decimal("1248.00"))
    assert "IM3" in f["reason"]


def test_suspected_confirmed_and_cleared_n8() -> None:
    # A is on the ministry's list and was paid month 9 after the stop: confirmed, 1248.00.
    # D (A's twin, not re-employed) is on the list and was paid exactly what was due: cleared.
    d = {**A, "id": "D"}
    rows = [
        *clean_a(),
        row("A", 9, on=D(2020, 12, 20)),
        *[{**r, "id": "D"} for r in clean_a()],
        {**row("A", 9), "id": "D"},
    ]
    evs = [
        REEMPLOYED,
        {"id": "A", "kind": "suspected", "on": D(2020, 12, 15)},
        {"id": "D", "kind": "suspected", "on": D(2020, 12, 15)},
    ]
    found = run([A, d], rows, evs)
    kinds = [(f["id"], f["kind"], f["clause"], f["amount"]) for f in found]
    assert kinds == [
        ("A", "paid_after_stop", "N8", Decimal("1248.00")),
        ("A", "suspected_confirmed", "N8", Decimal("1248.00")),
        ("D", "suspected_cleared", "N8", None),
    ]


def test_fraud_fine_range_sil88_information_only() -> None:
    # Marked as fraud: 社会保险法 第八十八条 fines 2 to 5 times the 1248.00: 2496.00 – 6240.00.
    f = only(run([A], [*clean_a(), row("A", 9)], fraud=["A"]), "paid_after_stop")
    assert (f["fine_low"], f["fine_high"], f["fine_clause"]) == (
        Decimal("2496.00"),
        Decimal("6240.00"),
        "SIL-88",
    )
    assert f["amount"] == Decimal("1248.00")  # the fine is shown, never added to the amount


def test_period_start_names_the_month() -> None:
    rows = [{**r, "index": None, "period_start": D(2020, 3 + r["index"], 10)} for r in clean_a()]
    table = ledger([{**r, "index": 1} for r in rows]).drop_columns(["index"])
    table = table.append_column("period_start", pa.array([r["period_start"] for r in rows]))
    result = ub.audit("xingan", pa.Table.from_pylist([A]), table, events([REEMPLOYED]), AS_OF)
    assert result.findings.num_rows == 0


def test_bad_rows_are_findings_never_dropped(tmp_path: Path) -> None:
    # A CSV ledger whose row 3 has an amount that is no money and row 9 no date: two bad_row
    # findings naming them; month 3 then counts as not paid (the bad row paid nothing known).
    lines = ["id,index,amount,paid_on"]
    lines += [f"A,{i},1248.00,{pay_by(i) - dt.timedelta(days=5)}" for i in range(1, 9)]
    lines[3] = "A,3,12x8.00,2020-06-25"
    lines.append("A,9,1248.00,")
    (tmp_path / "ledger.csv").write_text("\n".join(lines) + "\n", "utf-8")
    (tmp_path / "events.csv").write_text(
        "id,kind,on\nA,reemployed,2020-11-20\nA,holiday,2020-11-21\n", "utf-8"
    )
    result = ub.audit(
        "xingan", pa.Table.from_pylist([A]), tmp_path / "ledger.csv", tmp_path / "events.csv", AS_OF
    )
    found = [(f["kind"], f["source"], f["rows"], f["months"]) for f in result.findings.to_pylist()]
    assert found == [
        ("not_paid", "payments", [], [3]),
        ("bad_row", "payments", [3], []),
        ("bad_row", "payments", [9], []),
        ("bad_row", "events", [2], []),
    ]
    reasons = [f["reason"] for f in result.findings.to_pylist()]
    assert "amount" in reasons[1] and "paid_on" in reasons[2] and "kind" in reasons[3]
    assert result.summary["ledger"]["rows"] == 9
    assert result.summary["ledger"]["by_disposition"] == {"matched": 7, "bad_row": 2}


def test_missing_column_is_one_clear_error() -> None:
    table = ledger(clean_a()).drop_columns(["paid_on"])
    with pytest.raises(ub.InputError, match="paid_on"):
        ub.audit("xingan", pa.Table.from_pylist([A]), table, None, AS_OF)


def test_audit_date_required() -> None:
    with pytest.raises(ub.InputError, match="as_of"):
        ub.audit("xingan", pa.Table.from_pylist([A]), ledger(clean_a()), None, None)


@given(
    dropped=st.sets(st.integers(1, 8), max_size=8),
    twice=st.sets(st.integers(1, 8), max_size=8),
)
@settings(max_examples=25)
def test_property_dropped_months_not_paid_repeated_months_duplicates(
    dropped: set[int], twice: set[int]
) -> None:
    # Whatever months of A's eight due months are left out and whatever others are paid
    # twice, the audit says exactly that: one not_paid finding with the months left out
    # (1248.00 each, XC7) and one duplicate_payment per month paid twice (N8).
    twice = twice - dropped
    rows = [r for r in clean_a() if r["index"] not in dropped]
    rows += [row("A", i, on=pay_by(i) - dt.timedelta(days=1)) for i in sorted(twice)]
    found = [(f["kind"], f["months"], f["amount"]) for f in run([A], rows)]
    expected = []
    if dropped:
        expected.append(
            ("not_paid", sorted(dropped), Decimal(1248 * len(dropped)).quantize(Decimal("0.01")))
        )
    expected += [("duplicate_payment", [i], Decimal("1248.00")) for i in sorted(twice)]
    order = {"not_paid": 0, "duplicate_payment": 1}
    assert sorted(found, key=lambda f: (order[f[0]], f[1])) == expected


def test_bad_recipient_rows_are_findings_and_their_payments_reported() -> None:
    # Row 2 repeats A's id (the first row is audited), row 3 (E) has -5 contribution months,
    # which the engine refuses: two bad_row findings at rows 2 and 3; E's payment matches no
    # month of a valid record (unmatched_payment), A's ledger is clean.
    e = {**A, "id": "E", "contribution_months": -5}
    found = run([A, {**A}, e], [*clean_a(), row("E", 1)])
    assert [(f["id"], f["kind"], f["source"], f["rows"]) for f in found] == [
        ("A", "bad_row", "recipients", [2]),
        ("E", "unmatched_payment", "payments", [9]),
        ("E", "bad_row", "recipients", [3]),
    ]
    assert "contribution_months" in found[2]["reason"]


def test_csv_files_and_a_records_directory_for_the_events(tmp_path: Path) -> None:
    # Everything as CSV text: the recipients, a ledger naming months by period_start only
    # (month i starts 2020-04-10 + (i - 1) months), and the events as a records directory.
    header = ",".join(A)
    values = ",".join(str(v) for v in A.values())
    (tmp_path / "recipients.csv").write_text(f"{header}\n{values}\n", "utf-8")
    lines = ["id,period_start,amount,paid_on,medical_insurance"]
    lines += [
        f"A,2020-{3 + i:02d}-10,1248.00,{pay_by(i) - dt.timedelta(days=5)},true"
        for i in range(1, 9)
    ]
    lines.append("A,2020-12-10,1248.00,2020-12-20,是")
    (tmp_path / "ledger.csv").write_text("\n".join(lines) + "\n", "utf-8")
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "events.csv").write_text("id,kind,on\nA,reemployed,2020-11-20\n")
    result = ub.audit(
        "xingan", tmp_path / "recipients.csv", tmp_path / "ledger.csv", tmp_path / "records", AS_OF
    )
    f = only(result.findings.to_pylist(), "paid_after_stop")
    assert (f["months"], f["amount"], f["medical_months"]) == ([9], Decimal("1248.00"), [9])


def test_recipients_as_a_records_directory(tmp_path: Path) -> None:
    # A's records: 2006-04 to 2020-03 of contributions (168 months), separated 2020-03-31,
    # claimed 2020-04-10; its events (re-employed 2020-11-20, on the ministry's list
    # 2020-12-15) come with the directory. Row 2 of contributions has month 13: a bad row of
    # the records, reported; the person is still built from row 1. Month 9 paid after the
    # stop: 1248.00 to recover, which confirms the suspected case.
    files = {
        "persons": "id,birth_date,sex,position,insured_area\nA,1968-07-15,male,worker,152201",
        "contributions": "id,from,through,insured_as\nA,2006-04,2020-03,employee\n"
        "A,2020-13,2020-02,employee",
        "separations": "id,on,reason\nA,2020-03-31,contract_expired",
        "claims": "id,application_date\nA,2020-04-10",
        "events": "id,kind,on\nA,reemployed,2020-11-20\nA,suspected,2020-12-15",
    }
    for name, text in files.items():
        (tmp_path / f"{name}.csv").write_text(text + "\n", "utf-8")
    result = ub.audit(
        "xingan", tmp_path, ledger([*clean_a(), row("A", 9, on=D(2020, 12, 20))]), None, AS_OF
    )
    found = [
        (f["kind"], f["source"], f["rows"], f["months"], f["amount"])
        for f in result.findings.to_pylist()
    ]
    assert found == [
        ("paid_after_stop", "payments", [9], [9], Decimal("1248.00")),
        ("suspected_confirmed", "events", [2], [], Decimal("1248.00")),
        ("bad_row", "records/contributions", [2], [], None),
    ]
    assert result.recipients.column("contribution_months").to_pylist() == [168]
