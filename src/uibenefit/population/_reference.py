"""One Decision as one batch row: the mapping the batch engine is held to, row by row.

Rows the compiler cannot vectorise go through `policy.evaluate` and this mapping, and the
property test compares the vectorised rows with it, so the two can never drift apart.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..values.results import Decision

DECISION_COLUMNS: tuple[str, ...] = (
    "id",
    "eligible",
    "failed",
    "regular_months",
    "continuation_months",
    "total_months",
    "start",
    "end",
    "retirement_date",
    "amount_first",
    "total_due",
    "stopped",
    "stop_on",
    "months_paid",
    "months_forfeited",
    "lump_sum",
    "overpaid",
    "error",
    "stop_reason",
    "overpaid_reason",
)
"""The decision table's columns, in order (the contract's "Populations (batch)"), then
`stop_reason` (the stop ground's event kind) and `overpaid_reason` (why `overpaid` is null:
`no_pay_by_dates` or `amount_unknown`)."""

OVERPAID_REASONS = ("no_pay_by_dates", "amount_unknown")

SCHEDULE_COLUMNS: tuple[str, ...] = (
    "id",
    "index",
    "period_start",
    "period_end",
    "amount",
    "pay_by",
    "medical_insurance_paid",
    "status",
)
"""The schedule table's columns, one row per benefit month."""


def decision_row(identity: Any, decision: Decision) -> dict[str, Any]:
    """The batch row of one Decision: what `evaluate_batch` must give for that claimant.

    Without events there is no StopDecision; the row then reads as `policy.stop` with no
    events does: not stopped, every month paid, nothing forfeited or overpaid.
    """
    ent = decision.entitlement
    assert ent is not None
    stop = decision.stop
    schedule = decision.schedule
    nothing = _zero_like(decision)
    return {
        "id": identity,
        "eligible": decision.eligibility.eligible,
        "failed": [f.citation.clause for f in decision.eligibility.findings if f.passed is False],
        "regular_months": ent.regular_months,
        "continuation_months": ent.continuation_months,
        "total_months": ent.total_months,
        "start": ent.start,
        "end": ent.end,
        "retirement_date": ent.retirement_date,
        "amount_first": schedule[0].amount if schedule else None,
        "total_due": decision.totals.get("paid_monthly"),
        "stopped": stop.stopped if stop is not None else False,
        "stop_on": stop.on if stop is not None else None,
        "months_paid": stop.months_paid if stop is not None else ent.total_months,
        "months_forfeited": stop.months_forfeited if stop is not None else 0,
        "lump_sum": stop.lump_sum if stop is not None else None,
        "overpaid": stop.overpaid if stop is not None else nothing,
        "error": None,
        "stop_reason": stop.reason if stop is not None else None,
        "overpaid_reason": _overpaid_reason(decision),
    }


def _overpaid_reason(decision: Decision) -> str | None:
    """Why the overpayment is not known, where it is not (see `StopDecision.overpaid`)."""
    stop = decision.stop
    if stop is None or not stop.stopped or stop.overpaid is not None:
        return None
    rest = decision.schedule[stop.months_paid :]
    return OVERPAID_REASONS[0] if any(p.pay_by is None for p in rest) else OVERPAID_REASONS[1]


def error_row(identity: Any, message: str) -> dict[str, Any]:
    """The row of a claimant whose data the engine refused: the id, the message, nulls."""
    row: dict[str, Any] = dict.fromkeys(DECISION_COLUMNS)
    row["id"] = identity
    row["error"] = message
    return row


def schedule_rows(identity: Any, decision: Decision) -> list[dict[str, Any]]:
    """The schedule rows of one Decision, one per benefit month, statuses after any stop."""
    return [
        {
            "id": identity,
            "index": p.index,
            "period_start": p.period_start,
            "period_end": p.period_end,
            "amount": p.amount,
            "pay_by": p.pay_by,
            "medical_insurance_paid": p.medical_insurance_paid,
            "status": p.status,
        }
        for p in decision.schedule
    ]


def _zero_like(decision: Decision) -> Decimal:
    for p in decision.schedule:
        if p.amount is not None:
            return Decimal(0).quantize(p.amount)
    total = decision.totals.get("paid_monthly")
    return Decimal(0).quantize(total) if total is not None else Decimal("0.00")


def same_date(a: dt.date | None, b: dt.date | None) -> bool:
    """Dates equal, None equal to None (for comparisons in tests and the bench)."""
    return a == b
