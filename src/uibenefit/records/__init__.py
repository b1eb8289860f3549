"""Claims without papers: the agency's own records read, checked and turned into claims.

    from uibenefit.records import read_records
    records = read_records("records/", policy)      # persons, contributions, separations, ...
    form = uibenefit.prefill(policy, records, "P0001")
    table = uibenefit.claimants_from_records(policy, records, as_of)

Needs the `batch` extra (pyarrow, numpy).
"""

from .idnumber import IdNumber, check_character, convert15
from .idnumber import parse as parse_id_number
from .schema import TABLES, Column, RecordFinding, Records, read_records

__all__ = [
    "TABLES",
    "Column",
    "IdNumber",
    "RecordFinding",
    "Records",
    "check_character",
    "convert15",
    "parse_id_number",
    "read_records",
]
