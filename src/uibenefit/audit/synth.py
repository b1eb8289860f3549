"""A payments ledger and cross-check events for the synthetic league, with faults at known rows.

    ledger, events, truth = synth.ledger(policy, people, stop_events, as_of, seed)

The clean ledger pays every month the engine says was due by `as_of` (`schedule_batch`:
status due, pay-by date on or before the audit date), on or before its pay-by date, at the
amount due, with the medical insurance the schedule says; a tenth of the rows name their month
by `period_start` instead of `index`. Then faults of every finding kind are injected, each at
a recipient of its own, and `truth` lists what an exact audit must find: id, kind, months,
amount. Deterministic per seed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..policy import Policy
from .inputs import MONEY

SHARE = 0.004
"""The share of recipients given each fault (at least 2 of each kind)."""
BAD_EVENT_KIND = "holiday"
"""An event kind no policy knows: the bad events row."""


class _Ledger:
    """Rows of the ledger being built, and the truth beside them."""

    def __init__(self) -> None:
        self.rows: dict[str, list[Any]] = {
            k: [] for k in ("id", "index", "period_start", "amount", "paid_on", "medical_insurance")
        }
        self.truth: list[dict[str, Any]] = []

    def pay(
        self,
        ident: str,
        index: int | None,
        start: dt.date | None,
        fen: int | None,
        on: dt.date | None,
        medical: bool,
    ) -> None:
        for k, v in zip(self.rows, (ident, index, start, fen, on, medical), strict=True):
            self.rows[k].append(v)

    def expect(
        self, ident: str, kind: str, months: list[int], fen: int | None, source: str = "payments"
    ) -> None:
        amount = None if fen is None else Decimal(fen).scaleb(-2)
        self.truth.append(
            {"id": ident, "kind": kind, "months": months, "amount": amount, "source": source}
        )

    def table(self) -> pa.Table:
        r = self.rows
        fen = [None if x is None else Decimal(x).scaleb(-2) for x in r["amount"]]
        return pa.table(
            {
                "id": pa.array(r["id"], pa.string()),
                "index": pa.array(r["index"], pa.int32()),
                "period_start": pa.array(r["period_start"], pa.date32()),
                "amount": pa.array(fen, MONEY),
                "paid_on": pa.array(r["paid_on"], pa.date32()),
                "medical_insurance": pa.array(r["medical_insurance"], pa.bool_()),
            }
        )


def ledger(
    policy: Policy, people: pa.Table, events: pa.Table | None, as_of: dt.date, seed: int
) -> tuple[pa.Table, pa.Table, pa.Table]:
    """(payments, cross-check events, truth) for `people` (see the module docstring)."""
    rng = np.random.default_rng([seed, 22])
    people = people.set_column(
        people.column_names.index("id"), "id", pc.cast(people.column("id"), pa.string())
    )
    ev = _text_events(events)
    decisions = policy.evaluate_batch(people, ev, as_of)
    sched = policy.schedule_batch(people, ev, as_of).to_pydict()
    months = _by_recipient(sched)
    dec = {
        r["id"]: r
        for r in decisions.select(
            ["id", "eligible", "error", "regular_months", "total_months"]
        ).to_pylist()
    }
    due = {
        i: [
            m
            for m in ms
            if m["status"] == "due" and m["pay_by"] is not None and m["pay_by"] <= as_of
        ]
        for i, ms in months.items()
    }
    k = max(2, round(len(dec) * SHARE))
    order = [str(x) for x in rng.permutation(list(dec))]
    used: set[str] = set()

    def pick(test: Any) -> list[str]:
        chosen = [i for i in order if i not in used and test(i)][:k]
        used.update(chosen)
        return chosen

    out = _Ledger()
    skip: dict[str, set[int]] = {}
    changes: dict[tuple[str, int], dict[str, Any]] = {}
    _faults_on_due(rng, out, pick, due, dec, skip, changes, as_of)
    _clean(rng, out, due, skip, changes)
    _faults_added(rng, out, pick, months, due, dec, as_of)
    cross = _cross_events(rng, out, pick, ev, dec, as_of)
    truth = pa.table(
        {
            "id": pa.array([t["id"] for t in out.truth], pa.string()),
            "kind": pa.array([t["kind"] for t in out.truth], pa.string()),
            "months": pa.array([t["months"] for t in out.truth], pa.list_(pa.int32())),
            "amount": pa.array([t["amount"] for t in out.truth], MONEY),
            "source": pa.array([t["source"] for t in out.truth], pa.string()),
        }
    )
    return out.table(), cross, truth


def _text_events(events: pa.Table | None) -> pa.Table:
    if events is None:
        return pa.table(
            {
                "id": pa.array([], pa.string()),
                "kind": pa.array([], pa.string()),
                "on": pa.array([], pa.date32()),
            }
        )
    return pa.table(
        {
            "id": pc.cast(events.column("id"), pa.string()),
            "kind": pc.cast(events.column("kind"), pa.string()),
            "on": events.column("on"),
        }
    )


def _by_recipient(sched: dict[str, list[Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for row in zip(
        *(
            sched[k]
            for k in (
                "id",
                "index",
                "period_start",
                "amount",
                "pay_by",
                "medical_insurance_paid",
                "status",
            )
        ),
        strict=True,
    ):
        ident, index, start, amount, pay_by, medical, status = row
        out.setdefault(ident, []).append(
            {
                "index": index,
                "start": start,
                "fen": int((amount or 0) * 100),
                "pay_by": pay_by,
                "medical": medical,
                "status": status,
            }
        )
    return out


def _faults_on_due(
    rng: np.random.Generator,
    out: _Ledger,
    pick: Any,
    due: Any,
    dec: Any,
    skip: dict[str, set[int]],
    changes: dict[tuple[str, int], dict[str, Any]],
    as_of: dt.date,
) -> None:
    """Faults that change or remove rows of the clean ledger."""

    def regular(i: str) -> list[dict[str, Any]]:
        return [m for m in due.get(i, []) if m["index"] <= dec[i]["regular_months"]]

    for i in pick(lambda i: len(regular(i)) > 0):  # not paid: one regular month left out
        m = regular(i)[int(rng.integers(len(regular(i))))]
        skip.setdefault(i, set()).add(m["index"])
        out.expect(i, "not_paid", [m["index"]], m["fen"])
    for i in pick(lambda i: len(regular(i)) < len(due.get(i, []))):  # continuation not paid
        cont = [m for m in due[i] if m["index"] > dec[i]["regular_months"]]
        skip.setdefault(i, set()).update(m["index"] for m in cont)
        out.expect(i, "continuation_owed", [m["index"] for m in cont], sum(m["fen"] for m in cont))
    for i in pick(lambda i: len(due.get(i, [])) > 0):  # a wrong amount, either way
        m = due[i][int(rng.integers(len(due[i])))]
        delta = int(rng.integers(1, 30000)) * (1 if rng.random() < 0.5 else -1)
        delta = max(delta, -m["fen"]) or 100
        changes[(i, m["index"])] = {"fen": m["fen"] + delta}
        out.expect(i, "wrong_amount", [m["index"]], delta)
    late_ok = [i for i in due if any(m["pay_by"] + dt.timedelta(days=30) <= as_of for m in due[i])]
    late_set = set(late_ok)
    for i in pick(lambda i: i in late_set):  # paid after the pay-by date
        cands = [m for m in due[i] if m["pay_by"] + dt.timedelta(days=30) <= as_of]
        m = cands[int(rng.integers(len(cands)))]
        changes[(i, m["index"])] = {"on": m["pay_by"] + dt.timedelta(days=int(rng.integers(1, 31)))}
        out.expect(i, "paid_late", [m["index"]], None)
    for i in pick(lambda i: len(due.get(i, [])) > 0):  # one month paid twice
        m = due[i][int(rng.integers(len(due[i])))]
        changes[(i, m["index"])] = {"twice": True}
        out.expect(i, "duplicate_payment", [m["index"]], m["fen"])


def _clean(
    rng: np.random.Generator,
    out: _Ledger,
    due: Any,
    skip: dict[str, set[int]],
    changes: dict[tuple[str, int], dict[str, Any]],
) -> None:
    """Every due month paid once, on or before its pay-by date, unless a fault says otherwise."""
    twice: list[tuple[str, dict[str, Any], dt.date]] = []
    for i, ms in due.items():
        for m in ms:
            if m["index"] in skip.get(i, ()):
                continue
            change = changes.get((i, m["index"]), {})
            on = change.get("on", m["pay_by"] - dt.timedelta(days=int(rng.integers(0, 10))))
            by_start = rng.random() < 0.1
            out.pay(
                i,
                None if by_start else m["index"],
                m["start"] if by_start else None,
                change.get("fen", m["fen"]),
                on,
                m["medical"],
            )
            if change.get("twice"):
                twice.append((i, m, on))
    for i, m, on in twice:
        out.pay(i, m["index"], None, m["fen"], on, m["medical"])


def _faults_added(
    rng: np.random.Generator,
    out: _Ledger,
    pick: Any,
    months: Any,
    due: Any,
    dec: Any,
    as_of: dt.date,
) -> None:
    """Faults that add rows: after a stop, to nobody, to no month, to someone not entitled."""

    def after_stop(i: str) -> list[dict[str, Any]]:
        return [m for m in months.get(i, []) if m["status"] == "forfeited" and m["start"] <= as_of]

    for i in pick(lambda i: len(after_stop(i)) > 0):
        paid = after_stop(i)[: int(rng.integers(1, 3))]
        for m in paid:
            out.pay(
                i, m["index"], None, m["fen"], min(as_of, m["start"] + dt.timedelta(days=20)), True
            )
        out.expect(i, "paid_after_stop", [m["index"] for m in paid], sum(m["fen"] for m in paid))
    for n in range(3):
        ident = f"unknown-{n + 1}"
        count = int(rng.integers(1, 4))
        for index in range(1, count + 1):
            out.pay(ident, index, None, 124800, as_of - dt.timedelta(days=40 * index), False)
        out.expect(ident, "unknown_recipient", list(range(1, count + 1)), 124800 * count)
    for i in pick(
        lambda i: dec[i]["eligible"] and dec[i]["error"] is None and dec[i]["total_months"] < 1200
    ):
        index = dec[i]["total_months"] + 1
        out.pay(i, index, None, 110000, as_of - dt.timedelta(days=3), False)
        out.expect(i, "unmatched_payment", [index], 110000)
    for i in pick(lambda i: not dec[i]["eligible"] and dec[i]["error"] is None):
        count = int(rng.integers(1, 3))
        for index in range(1, count + 1):
            out.pay(i, index, None, 124800, as_of - dt.timedelta(days=30 * index), True)
        out.expect(i, "paid_not_eligible", list(range(1, count + 1)), 124800 * count)
    for n, i in enumerate(pick(lambda i: True)):  # rows that cannot be read
        bad = n % 3
        out.pay(
            i,
            0 if bad == 0 else 1,
            None,
            -100 if bad == 1 else 124800,
            None if bad == 2 else as_of,
            False,
        )
        out.expect(i, "bad_row", [], None)


def _cross_events(
    rng: np.random.Generator, out: _Ledger, pick: Any, ev: pa.Table, dec: Any, as_of: dt.date
) -> pa.Table:
    """The stop events, the ministry's suspected cases (confirmed and cleared), a bad row."""
    ids, kinds, ons = (
        ev.column("id").to_pylist(),
        ev.column("kind").to_pylist(),
        ev.column("on").to_pylist(),
    )
    confirming = [t for t in out.truth if t["kind"] in ("paid_after_stop", "paid_not_eligible")]
    for t in confirming[: max(1, len(confirming) // 2)]:
        ids.append(t["id"])
        kinds.append("suspected")
        ons.append(as_of - dt.timedelta(days=int(rng.integers(1, 60))))
        out.expect(t["id"], "suspected_confirmed", [], int(t["amount"] * 100))
    for i in pick(lambda i: True):
        ids.append(i)
        kinds.append("suspected")
        ons.append(as_of - dt.timedelta(days=int(rng.integers(1, 60))))
        out.expect(i, "suspected_cleared", [], None)
    for i in pick(lambda i: True)[:2]:
        ids.append(i)
        kinds.append(BAD_EVENT_KIND)
        ons.append(as_of)
        out.expect(i, "bad_row", [], None, source="events")
    return pa.table(
        {
            "id": pa.array(ids, pa.string()),
            "kind": pa.array(kinds, pa.string()),
            "on": pa.array(ons, pa.date32()),
        }
    )
