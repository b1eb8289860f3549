"""POST /v1/prefill: the claim pre-filled from the agency's records (`serve --records DIR`).

The caseworker types the claimant's 公民身份号码; the person is found in the records' `persons`
table by it, and `ub.prefill` fills the form: each field with the table and row it comes
from, the questions only the claimant can answer, and what the records show that needs a
look. The claimant then confirms the form (the policy's clause for a form generated from
internal data is named in the answer). The records are read once, at start; a request names
no path.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pyarrow.compute as pc

from ..policy import Policy
from ..records.prefill import TABLE_NAMES, prefill
from ..records.schema import Records, read_records
from ..values._messages import zh
from ._problems import Problem, problem, refuse

ID_NUMBER = re.compile(r"^[0-9]{17}[0-9Xx]$")
"""What a 公民身份号码 looks like (its check digit is the records' concern)."""

PREFILL_KEYS = ("id_number", "on", "policy", "lang")


def load(folder: str | Path, policy: Policy) -> Records:
    """The records of `folder`, read and checked once (a bad folder stops the server)."""
    return read_records(Path(folder), policy)


def person_of(records: Records, id_number: object) -> str:
    """The records' person id for a 公民身份号码, or a 422/404 problem on `id_number`."""
    if not isinstance(id_number, str) or not ID_NUMBER.match(id_number.strip()):
        raise refuse(422, "an id number is 18 characters: 17 digits and a digit or X", "id_number")
    wanted = id_number.strip().upper()
    persons = records.tables["persons"]
    if "id_number" not in persons.column_names:
        raise Problem(404, [problem("no person with this id number in the records", "id_number")])
    found = persons.filter(pc.equal(pc.utf8_upper(persons.column("id_number")), wanted))
    ids = list(dict.fromkeys(found.column("id").to_pylist()))
    if not ids:
        raise Problem(404, [problem("no person with this id number in the records", "id_number")])
    if len(ids) > 1:
        raise refuse(422, f"the records give this id number to {len(ids)} persons", "id_number")
    return str(ids[0])


def answer(records: Records, policy: Policy, id_number: object, on: dt.date | None) -> Any:
    """The pre-filled form as data: fields with sources, questions, findings, decision."""
    form = prefill(policy, records, person_of(records, id_number), on)
    data = form.to_dict()
    data["table_names"] = dict(TABLE_NAMES)
    for finding in data["findings"]:
        # the file's name only (the folder is the operator's), and the words in Chinese
        finding["file"] = Path(str(finding["file"])).name
        finding["message_zh"] = zh(str(finding["message"]))
    return data
