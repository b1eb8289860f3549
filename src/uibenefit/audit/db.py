"""`--db FILE.duckdb`: the audit's inputs and findings in a DuckDB file to query in SQL.

Tables: recipients (the claimant columns and id), decisions (the engine's row per recipient),
payments (the good ledger rows, with their 1-based `row`), ledger (every row's disposition),
events (the good stop events), findings, recipient_summary. Each is replaced when it exists.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from ..errors import InputError

if TYPE_CHECKING:
    from .result import Audit


def write(audit: Audit, path: Path) -> Path:
    """Write the tables (see the module docstring); returns the path."""
    try:
        import duckdb
    except ImportError:
        raise InputError("--db needs duckdb: pip install 'uibenefit[audit]'") from None
    led = audit.ledger
    tables = {
        "recipients": audit.recipients,
        "decisions": audit.decisions,
        "payments": pa.table(
            {
                "row": pa.array(led.row + 1),
                "id": led.ids,
                "index": led.index,
                "period_start": led.period_start,
                "amount": _money(led.fen),
                "paid_on": pa.array(led.paid_on).cast(pa.date32()),
                "medical_insurance": led.medical,
            }
        ),
        "ledger": audit.ledger_rows(),
        "events": audit.events.engine,
        "findings": audit.findings,
        "recipient_summary": audit.per_recipient(),
    }
    try:
        con = duckdb.connect(str(path))
    except duckdb.Error as exc:
        raise InputError(f"cannot open the DuckDB file: {exc}", path=str(path)) from None
    try:
        for name, table in tables.items():
            con.register("incoming", table)
            con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM incoming')
            con.unregister("incoming")
    finally:
        con.close()
    return path


def _money(fen: object) -> pa.Array:
    from .inputs import fen_to_money

    return fen_to_money(fen)
