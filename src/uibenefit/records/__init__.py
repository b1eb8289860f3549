"""Claims without papers: the agency's own records read, checked and turned into claims.

    from uibenefit.records import read_records
    records = read_records("records/", policy)   # persons, contributions, separations, ...
    form = uibenefit.prefill(policy, records, "P0001", on=date(2020, 4, 10))
    table = uibenefit.claimants_from_records(policy, records, as_of)

Needs the `batch` extra (pyarrow, numpy).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from .facts import FromRecords, from_records
from .idnumber import IdNumber, check_character, convert15
from .idnumber import parse as parse_id_number
from .prefill import Prefill, Question, as_records, prefill
from .schema import TABLES, Column, RecordFinding, Records, read_records

if TYPE_CHECKING:
    from ..policy import Policy


def claimants_from_records(
    policy: Policy,
    records: str | Path | Mapping[str, Any] | Records,
    as_of: dt.date | None = None,
) -> pa.Table:
    """The claimants table `evaluate_batch` takes: one row per person whose latest claim on or
    before `as_of` the records decide (unemployed on the records, every required fact
    present); extra columns carry the derived facts and the source rows."""
    return from_records(policy, as_records(policy, records), as_of).table


def claimants_with_findings(
    policy: Policy,
    records: str | Path | Mapping[str, Any] | Records,
    as_of: dt.date | None = None,
) -> FromRecords:
    """The claimants table, the persons left out (and why), and every finding."""
    return from_records(policy, as_records(policy, records), as_of)


__all__ = [
    "TABLES",
    "Column",
    "FromRecords",
    "IdNumber",
    "Prefill",
    "Question",
    "RecordFinding",
    "Records",
    "check_character",
    "claimants_from_records",
    "claimants_with_findings",
    "convert15",
    "parse_id_number",
    "prefill",
    "read_records",
]
