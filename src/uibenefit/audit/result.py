"""The `Audit` result: the findings, the JSON summary, the per-recipient table, the files.

The summary's totals are sums of the findings table, so the report (Markdown, HTML), the JSON
and the Parquet files always agree; every ledger row appears in `summary["ledger"]` under the
one disposition it got (matched with no finding, or the first finding kind it gave).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..policy import Policy
from . import inputs
from .findings import RECOVER, yuan
from .match import KINDS, Matched

FORMAT_VERSION = 1
TO_PAY = frozenset(("not_paid", "continuation_owed"))
"""Kinds whose amount is money owed to the recipient."""


@dataclasses.dataclass
class Audit:
    """What `ub.audit` found; `write(out_dir)` writes every file of the contract."""

    policy: Policy
    as_of: dt.date
    findings: pa.Table
    recipients: pa.Table
    decisions: pa.Table
    matched: Matched
    ledger: inputs.Ledger
    events: inputs.Events
    _summary: dict[str, Any] | None = None

    @property
    def summary(self) -> dict[str, Any]:
        """Totals by kind, area and month, the ledger's accounting, format_version (JSON-ready)."""
        if self._summary is None:
            self._summary = _summary(self)
        return self._summary

    def per_recipient(self) -> pa.Table:
        """One row per recipient: eligibility, findings, money to recover and to pay."""
        return _per_recipient(self)

    def ledger_rows(self) -> pa.Table:
        """Every ledger row (1-based) with the disposition it got."""
        good = self.ledger.row + 1
        disp = [("matched" if d < 0 else KINDS[d]) for d in self.matched.disposition.tolist()]
        bad = [r + 1 for r in self.ledger.bad.rows]
        rows = np.concatenate([good, np.asarray(bad, np.int64)])
        order = np.argsort(rows, kind="stable")
        names = pa.array(disp + ["bad_row"] * len(bad), pa.string())
        return pa.table({"row": pa.array(rows[order]), "disposition": names.take(pa.array(order))})

    def write(
        self, out_dir: str | Path, *, db: str | Path | None = None, lang: str | None = None
    ) -> list[Path]:
        """findings.parquet/.csv, recipients.parquet, ledger.parquet, summary.json, report.md,
        report.html and the charts, the reports in `lang` ("zh" or "en"; English by default,
        as `uibenefit audit`); with `db`, the inputs and findings in a DuckDB file."""
        from ..values.results import report_language
        from . import report

        report_language(lang)
        written = report.write_all(self, Path(out_dir), lang)
        if db is not None:
            from . import db as database

            written.append(database.write(self, Path(db)))
        return written


def _money(fen: int) -> str:
    return str(yuan(fen))


def _fen(amount: Decimal | None) -> int:
    return 0 if amount is None else int(amount * 100)


def _summary(a: Audit) -> dict[str, Any]:
    f = a.findings
    kinds = f.column("kind").to_pylist()
    amounts = [_fen(x) for x in f.column("amount").to_pylist()]
    areas = f.column("area").to_pylist()
    by_kind = {k: {"findings": 0, "amount": 0, "months": 0} for k in KINDS}
    by_area: dict[str, dict[str, int]] = {}
    recover = pay = 0
    for kind, fen, area, months in zip(
        kinds, amounts, areas, f.column("months").to_pylist(), strict=True
    ):
        by_kind[kind]["findings"] += 1
        by_kind[kind]["amount"] += fen
        by_kind[kind]["months"] += len(months or [])
        if kind.startswith("suspected"):
            continue  # its money is already counted under the findings that confirm it
        key = area or "unknown"
        by_area.setdefault(key, {})
        by_area[key][kind] = by_area[key].get(kind, 0) + fen
        if kind in RECOVER and fen > 0:
            recover += fen
        elif kind in TO_PAY or (kind == "wrong_amount" and fen < 0):
            pay += abs(fen)
    return {
        "format_version": FORMAT_VERSION,
        "policy": a.policy.name,
        "layers": list(a.policy.layers),
        "as_of": a.as_of.isoformat(),
        "recipients": a.recipients.num_rows,
        "findings": f.num_rows,
        "to_recover": _money(recover),
        "to_pay": _money(pay),
        "by_kind": {
            k: {"findings": v["findings"], "amount": _money(v["amount"]), "months": v["months"]}
            for k, v in by_kind.items()
        },
        "by_area": {
            area: {k: _money(v) for k, v in sorted(kinds_.items())}
            for area, kinds_ in sorted(by_area.items())
        },
        "by_month": _by_month(a.matched),
        "ledger": _ledger_accounts(a),
        "fraud_fine": _fraud(a),
    }


def _by_month(m: Matched) -> dict[str, dict[str, str]]:
    """Money by calendar month (paid on, or due by) and kind, from the matched lines."""
    lines = m.lines
    known = lines["fen_known"] & (lines["day"] != np.iinfo(np.int32).max)
    if not known.any():
        return {}
    table = pa.table(
        {
            "month": pa.array(lines["day"][known].astype(np.int32)).cast(pa.date32()),
            "kind": pa.array(lines["kind"][known]),
            "fen": pa.array(lines["fen"][known]),
        }
    )
    table = table.set_column(0, "month", pc.strftime(table.column("month"), format="%Y-%m"))
    sums = table.group_by(["month", "kind"], use_threads=False).aggregate([("fen", "sum")])
    out: dict[str, dict[str, str]] = {}
    for row in sums.sort_by([("month", "ascending"), ("kind", "ascending")]).to_pylist():
        out.setdefault(row["month"], {})[KINDS[row["kind"]]] = _money(row["fen_sum"])
    return out


def _ledger_accounts(a: Audit) -> dict[str, Any]:
    """Every ledger row counted once: matched cleanly, or under the first finding it gave."""
    disp = a.matched.disposition
    counts = {"matched": int((disp < 0).sum())}
    for code, kind in enumerate(KINDS):
        n = int((disp == code).sum())
        if n:
            counts[kind] = n
    bad = len(a.ledger.bad.rows)
    if bad:
        counts["bad_row"] = counts.get("bad_row", 0) + bad
    return {
        "rows": a.ledger.total,
        "by_disposition": counts,
        "accounted": sum(counts.values()) == a.ledger.total,
    }


def _fraud(a: Audit) -> dict[str, Any] | None:
    f = a.findings
    low = [x for x in f.column("fine_low").to_pylist() if x is not None]
    if not low:
        return None
    high = [x for x in f.column("fine_high").to_pylist() if x is not None]
    clauses = sorted({c for c in f.column("fine_clause").to_pylist() if c})
    return {
        "findings": len(low),
        "low": str(sum(low)),
        "high": str(sum(high)),
        "clause": ", ".join(clauses),
        "information_only": True,
    }


def _per_recipient(a: Audit) -> pa.Table:
    d = a.decisions
    f = a.findings
    ids = d.column("id").to_pylist()
    pos = {v: i for i, v in enumerate(ids)}
    n = len(ids)
    count = np.zeros(n, np.int64)
    recover = np.zeros(n, np.int64)
    pay = np.zeros(n, np.int64)
    for ident, kind, amount in zip(
        f.column("id").to_pylist(),
        f.column("kind").to_pylist(),
        f.column("amount").to_pylist(),
        strict=True,
    ):
        i = pos.get(ident)
        if i is None or kind.startswith("suspected"):
            continue
        fen = _fen(amount)
        count[i] += 1
        if kind in RECOVER and fen > 0:
            recover[i] += fen
        elif kind in TO_PAY or (kind == "wrong_amount" and fen < 0):
            pay[i] += abs(fen)
    area = (
        a.recipients.column("insured_area")
        if "insured_area" in a.recipients.column_names
        else pa.nulls(n, pa.string())
    )

    return pa.table(
        {
            "id": d.column("id"),
            "area": inputs.text_ids(area),
            "eligible": d.column("eligible"),
            "error": d.column("error"),
            "total_due": d.column("total_due"),
            "stopped": d.column("stopped"),
            "stop_on": d.column("stop_on"),
            "paid": inputs.fen_to_money(a.matched.paid_fen),
            "findings": pa.array(count),
            "to_recover": inputs.fen_to_money(recover),
            "to_pay": inputs.fen_to_money(pay),
        }
    )


__all__ = ["FORMAT_VERSION", "Audit"]
