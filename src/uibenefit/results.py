"""What the engine answers: small frozen records, each carrying the citation that produced it.

`to_dict()` gives JSON-native data only (dict, list, str, int, bool, None): dates as ISO
strings, money as strings, so nothing is lost to floats.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

_OMIT_DEFAULT = "omit_default"
"""Field metadata: the field is left out of `to_dict()` while it holds its default."""
_INTERNAL = "internal"
"""Field metadata: the field is never part of `to_dict()` (e.g. what `explain()` reads)."""


@functools.cache
def _shown_fields(cls: type) -> tuple[tuple[str, bool, Any], ...]:
    """(name, omitted when default, default) of each field `to_dict()` shows."""
    return tuple(
        (f.name, bool(f.metadata.get(_OMIT_DEFAULT)), f.default)
        for f in dataclasses.fields(cls)
        if not f.metadata.get(_INTERNAL)
    )


_PLAIN = (str, int, bool, type(None))
"""Values `to_jsonable` returns as they are: checked first, as most leaves are these."""


def to_jsonable(value: Any) -> Any:
    """Dataclasses, dates, Decimals and containers → JSON-native values."""
    if type(value) in _PLAIN:
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for name, omit, default in _shown_fields(type(value)):
            item = getattr(value, name)
            if not (omit and item == default):
                out[name] = to_jsonable(item)
        return out
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    return value


class _Record:
    """Shared by every result record: one way to become JSON-native data."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-native form: round-trips through `json.dumps`/`json.loads` unchanged."""
        out: dict[str, Any] = to_jsonable(self)
        return out


@dataclass(frozen=True, slots=True)
class Citation(_Record):
    """Where a result comes from: the layer, the document, the clause id and its Chinese words.

    `quoted` is False when `text` restates the rule rather than quoting the document (the
    original was not read); `short()` then says so (大意). `restates` is the chain of higher
    layers' clauses this one restates (`national:N2a`, `inner_mongolia:IM4` for X4a), most
    general first; it is left out of `to_dict()` when empty.
    """

    layer: str
    document: str
    clause: str
    text: str
    article: str | None = None
    quoted: bool = True
    restates: tuple[str, ...] = field(default=(), metadata={_OMIT_DEFAULT: True})

    def short(self) -> str:
        """`SIL-46 社会保险法 第四十六条` or `XC7 兴人社办发[2020]57号`: for one-line explanations."""
        art = f" {self.article}" if self.article else ""
        gist = "" if self.quoted else "（大意）"
        return f"{self.clause} {self.document}{art}{gist}"


@dataclass(frozen=True, slots=True)
class Finding(_Record):
    """One condition or note of eligibility: passed (True/False) or a note (None)."""

    id: str
    passed: bool | None
    text: str
    text_en: str
    citation: Citation
    checked: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Eligibility(_Record):
    """Entitled or not, and every finding that says why."""

    eligible: bool
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class Entitlement(_Record):
    """How many months and over which dates; `end` is the last day paid."""

    regular_months: int
    continuation_months: int
    total_months: int
    start: dt.date
    end: dt.date
    regular_end: dt.date
    retirement_date: dt.date
    contribution_tier_months: int
    citations: tuple[Citation, ...]
    reasons: tuple[str, ...] = ()
    prior_unused_months: int = 0
    retirement_citation: Citation | None = None


@dataclass(frozen=True, slots=True)
class Payment(_Record):
    """One benefit month: its period, amount, the date it is paid by, and the rule behind it.

    `amount` is None where the policy sets no standard (the national layer: 社会保险法
    第四十七条 leaves it to the province); `basis` then says so. In a Decision with a stop, the
    months after it have `status` forfeited or lump_sum and no medical insurance: a month is
    `due` (paid monthly), `forfeited` after a stop, or paid in a `lump_sum` (IM5).
    """

    index: int
    period_start: dt.date
    period_end: dt.date
    amount: Decimal | None
    basis: str
    pay_by: dt.date | None
    medical_insurance_paid: bool
    phase: str
    citation: Citation
    rate: Decimal | None = None
    base: Decimal | None = None
    status: str = "due"
    basis_zh: str = ""
    pay_by_citation: Citation | None = None
    medical_citation: Citation | None = None
    standard_date_citation: Citation | None = None
    base_citation: Citation | None = None


@dataclass(frozen=True, slots=True)
class StopDecision(_Record):
    """When payment stops, what was paid, what is forfeited, paid at once or overpaid.

    `effect` is the ground's: `stop` (the later months are forfeited) or `lump_sum` (IM5: they
    are paid at once, `lump_sum`, with medical insurance as `lump_sum_medical_insurance` says,
    None where the policy does not say). `lump_sum_outstanding` is the lump sum less the months
    after the event already paid monthly by `as_of`. `overpaid` is the sum of months not due
    whose pay-by date is on or before `as_of` (N8); `fraud_fine_range` the fine 条例 第二十八条
    allows on that sum if it was obtained by fraud, reported, never charged.
    `ignored_events` tells each event that stops nothing and why.
    """

    stopped: bool
    on: dt.date | None
    reason: str | None
    months_paid: int
    months_forfeited: int
    lump_sum: Decimal | None
    overpaid: Decimal
    citation: Citation | None
    text: str = ""
    text_en: str = ""
    notes: tuple[Finding, ...] = ()
    fraud_fine_range: tuple[Decimal, Decimal] | None = None
    ignored_events: tuple[Finding, ...] = ()
    effect: str | None = None
    lump_sum_medical_insurance: bool | None = None
    lump_sum_outstanding: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Requirement(_Record):
    """A document to bring, a request nobody may make, or a notice to the claimant."""

    id: str
    name: str
    description: str
    citation: Citation
    step: str | None = None
    due: dt.date | None = None
    due_rule: str | None = None


@dataclass(frozen=True, slots=True)
class Obligation(_Record):
    """An employer's duty, with its due date when the text gives one."""

    id: str
    name: str
    description: str
    citation: Citation
    act: str
    due: dt.date | None = None
    due_rule: str | None = None
    conflict: str | None = None


@dataclass(frozen=True, slots=True)
class Office(_Record):
    """Where to go: the employment office for the insured area."""

    name: str
    phone: str
    address: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class Paperwork(_Record):
    """What the claimant brings, what nobody may ask, what the employer owes, where to go."""

    claimant_documents: tuple[Requirement, ...]
    forbidden_requests: tuple[Requirement, ...]
    employer_obligations: tuple[Obligation, ...]
    notices: tuple[Requirement, ...]
    office: Office | None
    warnings: tuple[str, ...] = ()
    warnings_zh: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Legend(_Record):
    """The values in force that the explanation's legends name (not part of `to_dict()`)."""

    pay_by_cutoff_day: int | None = None
    pay_by_cutoff_day_counts_as: str | None = None
    standard_date: str | None = None


@dataclass(frozen=True, slots=True)
class Decision(_Record):
    """Everything the engine says about one person on one date.

    `entitlement` is what `policy.entitlement` gives (0 months for someone not entitled, whose
    schedule is empty). `schedule` marks the months a stop takes away (`Payment.status`).
    `stop` is None when no events were given. `totals` holds `paid_monthly` (left out when some
    amount is unknown), and `lump_sum` and `overpaid` when there are any. `documents` are the
    layers' document numbers; `warnings` say what could not be answered (e.g. paperwork whose
    deadline falls in a year the working-day calendar does not cover yet).
    """

    policy: tuple[str, ...]
    as_of: dt.date | None
    claimant: dict[str, Any]
    events: tuple[dict[str, Any], ...]
    eligibility: Eligibility
    entitlement: Entitlement | None
    schedule: tuple[Payment, ...]
    stop: StopDecision | None
    paperwork: Paperwork | None
    totals: dict[str, Decimal] = field(default_factory=dict)
    documents: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    legend: Legend | None = field(
        default=None, compare=False, repr=False, metadata={_INTERNAL: True}
    )

    def explain(self, lang: str = "zh") -> str:
        """A readable account a caseworker could hand a citizen, each line with its clause."""
        from ._explain import explain

        return explain(self, lang)
