"""Findings from the matched lines: grouped, cited and told in Chinese and English.

A finding about a recipient's months (paid after a stop, not paid, paid late, continuation
owed, paid to someone not entitled or to an unknown id) holds all that recipient's months of
that kind; a finding about one ledger row (a wrong amount, a duplicate, a row matching no
month) or one input row (a bad row, a suspected case) holds that row. Each cites the clause of
its message in the policy (`messages: audit_<kind>`), whose words are the reasons.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa

from ..errors import PolicyError
from ..law._compiled import CompiledMessage
from ..policy import Policy
from .inputs import MONEY, BadRows
from .match import KINDS, K

PER_RECIPIENT = frozenset(
    K[k]
    for k in (
        "paid_after_stop",
        "not_paid",
        "paid_late",
        "continuation_owed",
        "unknown_recipient",
        "paid_not_eligible",
    )
)
"""Kinds gathered into one finding per recipient; the others are one finding per row."""
CONFIRMING = ("paid_after_stop", "duplicate_payment", "paid_not_eligible", "unknown_recipient")
"""Findings that confirm a suspected case: money paid that was not due to that person."""
RECOVER = frozenset(
    (
        "paid_after_stop",
        "duplicate_payment",
        "unknown_recipient",
        "unmatched_payment",
        "paid_not_eligible",
        "wrong_amount",
    )
)
"""Kinds whose positive amount is money to recover (a fine range applies if it was fraud)."""

SOURCES = ("payments", "recipients", "events")
"""The input tables a finding's rows are counted in, in report order."""


def _source_rank(source: str) -> int:
    return SOURCES.index(source) if source in SOURCES else len(SOURCES)


SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("kind", pa.string()),
        ("clause", pa.string()),
        ("months", pa.list_(pa.int32())),
        ("amount", MONEY),
        ("reason", pa.string()),
        ("reason_zh", pa.string()),
        ("area", pa.string()),
        ("source", pa.string()),
        ("rows", pa.list_(pa.int64())),
        ("medical_months", pa.list_(pa.int32())),
        ("fine_low", MONEY),
        ("fine_high", MONEY),
        ("fine_clause", pa.string()),
    ]
)
"""The findings table: the contract's columns, then the area, the input table and its rows
(1-based data rows), the months with medical insurance, and the SIL-88-style fine range for
findings the auditor marked as fraud (information only, never charged)."""


def yuan(fen: int | None) -> Decimal | None:
    """Integer fen as Decimal yuan with two places."""
    return None if fen is None else Decimal(int(fen)).scaleb(-2)


def _span(months: list[int]) -> str:
    return ", ".join(str(m) for m in months)


@dataclasses.dataclass
class Context:
    """What the reasons name about each recipient, by position, and the policy's messages."""

    policy: Policy
    as_of: dt.date
    areas: pa.Array
    stop_on: pa.Array
    stop_kind: pa.Array
    retirement: pa.Array
    failed: pa.Array
    fraud: frozenset[str]

    def of(self, name: str, rpos: int) -> Any:
        """The value of a recipient's column (None for no recipient)."""
        return None if rpos < 0 else getattr(self, name)[rpos].as_py()

    def message(self, kind: str) -> CompiledMessage:
        """The policy's message for a finding kind; every bundled chain has them all."""
        found = self.policy.compiled.message(f"audit_{kind}")
        if found is None or found.citation is None:
            raise PolicyError(
                f"policy '{self.policy.name}' has no message 'audit_{kind}' with a clause: "
                "the audit cites each finding from it (see policies/national.yaml)"
            )
        return found


class Builder:
    """Rows of the findings table, appended one finding at a time."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.cols: dict[str, list[Any]] = {name: [] for name in SCHEMA.names}
        low_high, cite = self._fines()
        self.multiples = low_high
        self.fine_clause = cite

    def _fines(self) -> tuple[tuple[Decimal, Decimal] | None, str | None]:
        policy, on = self.ctx.policy, self.ctx.as_of
        if (
            not policy.has("fraud_fine_multiples")
            or policy.value("fraud_fine_multiples", on) is None
        ):
            return None, None
        low, high = policy.value("fraud_fine_multiples", on)
        return (Decimal(str(low)), Decimal(str(high))), policy.param_citation(
            "fraud_fine_multiples", on
        ).clause

    def add(
        self,
        kind: str,
        ident: str | None,
        rpos: int,
        fen: int | None,
        values: dict[str, Any],
        **kw: Any,
    ) -> None:
        """One finding; `kw` holds months, rows, source and medical, `values` the message's."""
        msg = self.ctx.message(kind)
        assert msg.citation is not None
        zh, en = msg.render(**values)
        amount = yuan(fen)
        low = high = None
        clause = None
        fraud = ident is not None and ident in self.ctx.fraud
        if fraud and self.multiples and kind in RECOVER and amount is not None and amount > 0:
            low, high = amount * self.multiples[0], amount * self.multiples[1]
            clause = self.fine_clause
        row = {
            "id": ident,
            "kind": kind,
            "clause": msg.citation.clause,
            "months": kw.get("months", []),
            "amount": amount,
            "reason": en,
            "reason_zh": zh,
            "area": self.ctx.of("areas", rpos),
            "source": kw.get("source", "payments"),
            "rows": kw.get("rows", []),
            "medical_months": kw.get("medical", []),
            "fine_low": low,
            "fine_high": high,
            "fine_clause": clause,
        }
        for name, value in row.items():
            self.cols[name].append(value)

    def table(self) -> pa.Table:
        """The findings, sorted by id, kind and first month."""
        table = pa.table(self.cols, schema=SCHEMA)
        order = sorted(
            range(table.num_rows),
            key=lambda i: (
                self.cols["id"][i] or "",
                KINDS.index(self.cols["kind"][i]),
                _source_rank(self.cols["source"][i]),
                self.cols["months"][i][:1],
                self.cols["rows"][i][:1],
            ),
        )
        return table.take(pa.array(order, pa.int64()))


def from_lines(b: Builder, lines: pa.Table) -> None:
    """Group the matched lines into findings (see the module docstring)."""
    ctx = b.ctx
    per = np.isin(np.asarray(lines.column("kind")), list(PER_RECIPIENT))
    seq = np.where(per, -1, np.arange(lines.num_rows))
    grouped = (
        lines.append_column("seq", pa.array(seq))
        .group_by(["kind", "id", "rpos", "seq"], use_threads=False)
        .aggregate(
            [
                ("index", "list"),
                ("fen", "sum"),
                ("row", "list"),
                ("day", "max"),
                ("medical", "list"),
                ("late", "max"),
                ("paid", "sum"),
            ]
        )
    )
    for g in grouped.to_pylist():
        kind = KINDS[g["kind"]]
        pairs = sorted(
            (m, med) for m, med in zip(g["index_list"], g["medical_list"], strict=True) if m > 0
        )
        months = [m for m, _ in pairs]
        medical = [m for m, med in pairs if med]
        rows = sorted(r for r in g["row_list"] if r is not None)
        rpos = g["rpos"]
        fen = g["fen_sum"]
        values = _values(ctx, kind, rpos, g, fen, months, rows, medical)
        b.add(kind, g["id"], rpos, fen, values, months=months, rows=rows, medical=medical)


def _values(
    ctx: Context,
    kind: str,
    rpos: int,
    g: dict[str, Any],
    fen: int | None,
    months: list[int],
    rows: list[int],
    medical: list[int],
) -> dict[str, Any]:
    """The placeholders of one finding's message."""
    amount = yuan(fen)
    v: dict[str, Any] = {
        "months": _span(months),
        "count": len(months),
        "amount": amount,
        "rows": _span(rows),
        "medical_count": len(medical),
        "as_of": ctx.as_of,
        "id": g["id"],
    }
    if kind == "paid_after_stop":
        ground = ctx.of("stop_kind", rpos)
        grounds = ctx.policy.stop_grounds
        v["stop_on"] = ctx.of("stop_on", rpos)
        v["stop_ground"] = ground or "-"
        v["stop_clause"] = grounds[ground].clause if ground in grounds else "-"
    elif kind == "wrong_amount":
        paid = yuan(g["paid_sum"])
        v.update(paid=paid, due=None if paid is None or amount is None else paid - amount)
        v["difference"] = amount
    elif kind == "paid_late":
        v["days_late"] = g["late_max"]
    elif kind == "continuation_owed":
        v["retirement_date"] = ctx.of("retirement", rpos)
    elif kind == "paid_not_eligible":
        v["failed"] = ", ".join(ctx.of("failed", rpos) or []) or "-"
    return v


def bad_rows(b: Builder, bad: BadRows, rpos_of: dict[str, int]) -> None:
    """One `bad_row` finding per input row set aside."""
    for i, row in enumerate(bad.rows):
        ident = bad.ids[i]
        b.add(
            "bad_row",
            ident,
            rpos_of.get(ident, -1) if ident is not None else -1,
            None,
            {"table": bad.table, "row": row + 1, "fields": bad.fields[i]},
            rows=[row + 1],
            source=bad.table,
        )


def suspected(
    b: Builder,
    ids: list[str],
    on: list[dt.date],
    rows: list[int],
    findings: pa.Table,
    rpos_of: dict[str, int],
) -> None:
    """Each suspected case confirmed (money not due was paid to that id) or cleared."""
    by_id: dict[str, dict[str, int]] = {}
    for ident, kind, amount in zip(
        findings.column("id").to_pylist(),
        findings.column("kind").to_pylist(),
        findings.column("amount").to_pylist(),
        strict=True,
    ):
        if kind in CONFIRMING and ident is not None:
            seen = by_id.setdefault(ident, {})
            seen[kind] = seen.get(kind, 0) + int((amount or 0) * 100)
    for ident, day, row in zip(ids, on, rows, strict=True):
        rpos = rpos_of.get(ident, -1)
        kinds = by_id.get(ident)
        if kinds:
            fen = sum(kinds.values())
            values = {"on": day, "kinds": ", ".join(kinds), "amount": yuan(fen)}
            b.add("suspected_confirmed", ident, rpos, fen, values, rows=[row + 1], source="events")
        else:
            b.add(
                "suspected_cleared", ident, rpos, None, {"on": day}, rows=[row + 1], source="events"
            )
