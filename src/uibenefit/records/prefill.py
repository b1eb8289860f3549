"""The pre-filled claim (N3): every fact the agency holds, read from its records, with the row
it comes from, the questions only the claimant can answer, and the decision it gives.

    form = uibenefit.prefill(policy, "records/", "P0001", on=date(2020, 4, 10))
    form.claimant     # Claimant | None (None while a required fact is missing)
    form.sources      # {"separation_reason": ("separations", 3), ...}
    form.questions    # what the records cannot say
    form.findings     # bad rows, contradictions, IM3 disagreements, N2c, X4b
    form.decision     # policy.evaluate of the claimant, or None
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InputError
from ..values.claimant import Claimant, Event
from . import facts as F
from .schema import RecordFinding, Records, read_records

if TYPE_CHECKING:
    from ..policy import Policy
    from ..values.results import Citation, Decision

LABELS: dict[str, tuple[str, str]] = {
    "birth_date": ("出生日期", "Birth date"),
    "sex": ("性别", "Sex"),
    "position": ("身份（工人/干部）", "Position (worker/cadre)"),
    "insured_as": ("参保身份", "Insured as"),
    "contribution_months": ("累计缴费月数", "Contribution months"),
    "separation_date": ("停保（离职）日期", "Separation date"),
    "separation_reason": ("停保原因", "Separation reason"),
    "application_date": ("申领日期", "Application date"),
    "registration_date": ("失业登记日期", "Registration date"),
    "insured_area": ("参保地", "Insured area"),
    "prior_unused_months": ("前次未领月数", "Prior unused months"),
    "receiving_pension": ("已领取养老金", "Receiving a pension"),
    "seeking_work": ("有求职要求", "Seeking work"),
    "registered_reason": ("失业登记原因", "Registered reason"),
    "spouse_receiving_benefit": ("配偶正在领取失业保险金", "Spouse receiving benefit"),
}
"""The form's labels (screen text, not law)."""

TABLE_NAMES = {
    "persons": "人员信息",
    "contributions": "缴费记录",
    "separations": "停保记录",
    "claims": "申领记录",
    "events": "事件记录",
    "form": "申领表",
}

ASKED = {
    "seeking_work": ("您是否有求职要求？", "Are you seeking work?"),
    "spouse_receiving_benefit": (
        "您的配偶是否正在领取失业保险金？",
        "Is your spouse receiving unemployment benefit?",
    ),
}
"""Optional fields the records may not hold: asked, and until answered the Claimant default."""


@dataclass(frozen=True, slots=True)
class Question:
    """Something the records cannot say: asked of the claimant (or of the office)."""

    field: str
    zh: str
    en: str
    citation: Citation | None = None

    def text(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Prefill:
    """The claim form filled from the records (N3), to be confirmed by the claimant."""

    person_id: str
    on: dt.date
    claimant: Claimant | None
    sources: dict[str, tuple[str, int | None]]
    """Each field's table and 0-based row; ("form", None) for what the claimant answers."""
    questions: list[Question]
    findings: list[RecordFinding]
    decision: Decision | None
    contribution_rows: tuple[int, ...] = ()
    """The contributions rows whose months are counted."""
    facts: dict[str, Any] = field(default_factory=dict)
    """Derived extras: unemployed, deemed_months, flexible_months, ledger_lookup, ..."""
    citation: Citation | None = None
    """N3: the form is generated from internal data and only confirmed."""
    names_zh: dict[str, str] = field(default_factory=dict)
    """The Chinese name of each coded value shown (男, 劳动合同期满终止, ...), from the policy."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the fields with their sources, questions, findings and the decision."""
        fields = {}
        for name in LABELS:
            value = getattr(self.claimant, name) if self.claimant is not None else None
            table, row = self.sources.get(name, ("form", None))
            fields[name] = {"value": _plain(value), "table": table, "row": row}
        return {
            "format_version": 1,
            "person_id": self.person_id,
            "on": self.on.isoformat(),
            "fields": fields,
            "contribution_rows": list(self.contribution_rows),
            "facts": {k: _plain(v) for k, v in self.facts.items()},
            "questions": [
                {"field": q.field, "zh": q.zh, "en": q.en, "clause": _clause(q.citation)}
                for q in self.questions
            ],
            "findings": [f.to_dict() for f in self.findings],
            "decision": self.decision.to_dict() if self.decision is not None else None,
            "clause": _clause(self.citation),
        }

    def text(self, lang: str | None = None) -> str:
        """The form as text: Chinese first, then English (or one of them)."""
        from .form import text

        return text(self, lang)

    def html(self, lang: str | None = None) -> str:
        """The form as a standalone HTML page."""
        from .form import page

        return page(self, lang)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _clause(c: Citation | None) -> str | None:
    return c.clause if c is not None else None


def as_records(policy: Policy, records: str | Path | Mapping[str, Any] | Records) -> Records:
    """A records directory, a mapping of tables, or Records already read."""
    if isinstance(records, Records):
        return records
    return read_records(records, policy)


def prefill(
    policy: Policy,
    records: str | Path | Mapping[str, Any] | Records,
    person_id: str,
    on: dt.date | None = None,
) -> Prefill:
    """The claim of `person_id` pre-filled from the records, as on `on` (default today): the
    latest claim on or before it, or a claim made that day when the records hold none."""
    if not isinstance(person_id, str) or not person_id:
        raise InputError(f"expected a person id (text), got {person_id!r}", field="id")
    day = on or dt.date.today()
    every = as_records(policy, records)
    mine = every.of(person_id)
    if mine.tables["persons"].num_rows == 0:
        raise InputError(
            f"no person '{person_id}' in the records", path=every.files["persons"], field="id"
        )
    claims = mine.tables["claims"]
    made = pc.less_equal(claims.column("application_date"), pa.scalar(day, pa.date32()))
    if not pc.any(pc.fill_null(made, False)).as_py():
        mine.tables["claims"] = _claim_today(claims, person_id, day)
    table = F.derive(policy, mine, day)
    row = table.to_pylist()[0]
    return _form(policy, mine, row, day)


def _claim_today(claims: pa.Table, person_id: str, day: dt.date) -> pa.Table:
    """A claim made on `day` at the window (row -1: it is not in the records)."""
    row: dict[str, list[Any]] = {name: [None] for name in claims.column_names}
    row.update(id=[person_id], application_date=[day], row=[-1], person=[0])
    return pa.concat_tables([claims, pa.table(row, schema=claims.schema)])


def _source(table: str, row: Any) -> tuple[str, int | None]:
    return ("form", None) if row is None or row < 0 else (table, int(row))


def _sources(row: dict[str, Any]) -> dict[str, tuple[str, int | None]]:
    """Each field's (table, row): from the facts' row columns."""
    out = {f: _source(t, row[col]) for f, (t, col) in F.SOURCE_COLUMNS.items()}
    out["insured_area"] = _source(row["area_table"], row["area_row"])
    out["contribution_months"] = _source("contributions", row["insured_as_row"])
    if row["pension_row"] is None:
        out["receiving_pension"] = ("events", None)
    if row["earlier_claim_row"] is None:
        out["prior_unused_months"] = ("claims", None)
    return out


def _form(policy: Policy, records: Records, row: dict[str, Any], day: dt.date) -> Prefill:
    """Claimant, sources, questions, findings and decision from one facts row."""
    sources = _sources(row)
    questions = _questions(policy, row, day)
    findings = list(records.findings) + _derived_findings(policy, records, row, day)
    values = {f: row[f] for f in LABELS}
    for name in ASKED:
        if values[name] is None:
            values[name] = {f.name: f.default for f in dataclasses.fields(Claimant)}[name]
            sources[name] = ("form", None)
    claimant: Claimant | None = None
    decision: Decision | None = None
    if row["complete"]:
        try:
            claimant = Claimant(**values)
        except InputError as exc:
            findings.append(
                RecordFinding("form", "claims", None, exc.field, "bad_claim", str(exc), row["id"])
            )
    if claimant is not None and row["unemployed"]:
        try:
            decision = policy.evaluate(claimant, _events(policy, records, day), as_of=day)
        except InputError as exc:
            findings.append(
                RecordFinding("form", "claims", None, exc.field, "not_decided", str(exc), row["id"])
            )
    rows = _counted_rows(row, records)
    extras = ("unemployed", "reason_differs", "ledger_lookup", "deemed_months", "flexible_months")
    return Prefill(
        row["id"],
        day,
        claimant,
        sources,
        questions,
        findings,
        decision,
        rows,
        {k: row[k] for k in extras},
        F.cite(policy, "prefill_from_records", day),
        _names_zh(policy, claimant),
    )


def _names_zh(policy: Policy, claimant: Claimant | None) -> dict[str, str]:
    """For the Chinese form: the policy's first name of each coded value of the claimant."""
    if claimant is None:
        return {}
    out = {}
    for name, table in policy.input_names().items():
        code = getattr(claimant, name, None)
        if code is not None and table.get(code):
            out[name] = table[code][0]
    return out


def _events(policy: Policy, records: Records, day: dt.date) -> list[Event]:
    """The person's stop events up to `day`, for the decision."""
    table = F.engine_events(policy, records)
    return [Event(kind=e["kind"], on=e["on"]) for e in table.to_pylist() if e["on"] <= day]


def _counted_rows(row: dict[str, Any], records: Records) -> tuple[int, ...]:
    """The contributions rows that add months to the count (for the form's sources)."""
    if row["separation_date"] is None:
        return ()
    sep_month = F.month_of_days(np.array([F.days_of(row["separation_date"])], dtype=np.int64))
    start = row["counted_from"]
    cut = np.array([F.NONE if start is None else start], dtype=np.int64)
    got = F.contributions_for(records, np.array([0]), sep_month, cut, 1, None)
    rows = F.ints(records.tables["contributions"].column("row").combine_chunks())
    return tuple(sorted(int(r) for r in rows[got["adds"]]))


def _questions(policy: Policy, row: dict[str, Any], day: dt.date) -> list[Question]:
    """What the records cannot give, asked rather than guessed."""
    out: list[Question] = []
    for name, (zh, en) in ASKED.items():
        if row[name] is None:
            out.append(Question(name, zh, en))
    if row["birth_date"] is None:
        out.append(
            Question(
                "birth_date",
                "请出示身份证件以确认出生日期和性别。",
                "Show your ID to confirm your birth date and sex.",
            )
        )
    if row["separation_date"] is None:
        out.append(
            Question(
                "separation_date",
                "系统中没有您的停保记录：请说明离职日期和原因，经办机构将向原单位核实。",
                "The records hold no separation: give the date and reason; the office checks them with the employer.",
            )
        )
    if row["insured_as_row"] is None:
        out.append(
            Question(
                "contribution_months",
                "系统中没有您在离职前的缴费记录：请说明您的工作经历。",
                "The records hold no contributions before the separation: describe your employment.",
            )
        )
    if row["ledger_lookup"]:
        out.append(
            Question(
                "contribution_months",
                "请说明2011年以前的工作单位和年限，经办机构将查询征缴台账。",
                "Name your employers and years before 2011; the office looks them up in the collection ledger.",
                F.cite(policy, "collection_ledger_before", day),
            )
        )
    return out


def _derived_findings(
    policy: Policy, records: Records, row: dict[str, Any], day: dt.date
) -> list[RecordFinding]:
    """IM3 disagreement, N2c contradiction, X4b flag, for one person's facts row."""
    return F.derived_findings(policy, records, pa.Table.from_pylist([row]), day)
