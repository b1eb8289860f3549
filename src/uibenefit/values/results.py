"""What the engine answers: small frozen records, each carrying the citation that produced it.

`to_dict()` gives JSON-native data only (dict, list, str, int, bool, None): dates as ISO
strings, money as strings, so nothing is lost to floats. `Decision.to_dict()` carries each
clause's quoted text once, in a top-level `clauses` map, and `Decision.from_dict` reads it back:
`Decision.from_dict(d.to_dict()) == d`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from .._version import __version__
from ..errors import InputError

Lang = Literal["zh", "en"]
"""The languages of `Decision.explain`."""

DECISION_FORMAT = 2
"""`format_version` of `Decision.to_dict()`: 2 since clause texts moved to the `clauses` map."""

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
    return _jsonable(value, {})


def _jsonable(value: Any, cited: dict[int, dict[str, Any]]) -> Any:
    """`to_jsonable`; `cited` holds the data of each Citation met so far in this call (a
    decision cites a few shared Citations some hundred times): each time a fresh copy.
    Leaves (str, int, bool, None) are taken as they are without a call."""
    kind: type = type(value)
    if kind in _PLAIN:
        return value
    if kind is Citation:
        data = cited.get(id(value))
        if data is None:
            data = cited[id(value)] = _fields(value, _shown_fields(kind), cited)
        out = dict(data)
        if "restates" in out:
            out["restates"] = list(out["restates"])
        return out
    shown = _record_fields_shown(kind)
    if shown is not None:
        return _fields(value, shown, cited)
    if kind is dt.date or isinstance(value, dt.date):
        return value.isoformat()
    if kind is Decimal or isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [v if type(v) in _PLAIN else _jsonable(v, cited) for v in value]
    if isinstance(value, dict):
        return {str(k): v if type(v) in _PLAIN else _jsonable(v, cited) for k, v in value.items()}
    return value


@functools.cache
def _record_fields_shown(cls: type) -> tuple[tuple[str, bool, Any], ...] | None:
    """`_shown_fields` of a dataclass, None for any other type."""
    return _shown_fields(cls) if dataclasses.is_dataclass(cls) else None


def _fields(
    value: Any, shown: tuple[tuple[str, bool, Any], ...], cited: dict[int, dict[str, Any]]
) -> dict[str, Any]:
    """A record's shown fields, each JSON-native."""
    out: dict[str, Any] = {}
    for name, omit, default in shown:
        item = getattr(value, name)
        if omit and item == default:
            continue
        out[name] = item if type(item) in _PLAIN else _jsonable(item, cited)
    return out


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


_FINDINGS = Eligibility.__dict__["findings"]
"""The slot that holds an Eligibility's findings."""


class _LaterEligibility(Eligibility):
    """An Eligibility whose findings (their texts and lines) are made on first read: who
    asks only whether a person is entitled does not pay for the account of why. Read,
    compared, hashed, printed, copied and pickled it is the Eligibility it stands for
    (pickling and copying give that plain Eligibility)."""

    __slots__ = ("_make",)
    __hash__ = Eligibility.__hash__
    _make: Callable[[], tuple[Finding, ...]] | None

    @classmethod
    def later(cls, eligible: bool, make: Callable[[], tuple[Finding, ...]]) -> Eligibility:
        """`eligible` now, the findings from `make()` when first read."""
        made = cls.__new__(cls)
        object.__setattr__(made, "eligible", eligible)
        object.__setattr__(made, "_make", make)
        return made

    @property
    def findings(self) -> tuple[Finding, ...]:
        try:
            found: tuple[Finding, ...] = _FINDINGS.__get__(self, Eligibility)
            return found
        except AttributeError:
            make = self._make
        if make is None:  # made meanwhile, by another thread
            found = _FINDINGS.__get__(self, Eligibility)
            return found
        found = make()
        _FINDINGS.__set__(self, found)
        object.__setattr__(self, "_make", None)  # what it read is no longer held
        return found

    @findings.setter
    def findings(self, value: tuple[Finding, ...]) -> None:  # the dataclass's __init__
        _FINDINGS.__set__(self, value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Eligibility):
            return NotImplemented
        return (self.eligible, self.findings) == (other.eligible, other.findings)

    def __repr__(self) -> str:
        return f"Eligibility(eligible={self.eligible!r}, findings={self.findings!r})"

    def __reduce__(self) -> tuple[type[Eligibility], tuple[bool, tuple[Finding, ...]]]:
        return Eligibility, (self.eligible, self.findings)

    def __reduce_ex__(
        self, protocol: Any
    ) -> tuple[type[Eligibility], tuple[bool, tuple[Finding, ...]]]:
        return self.__reduce__()


later_eligibility = _LaterEligibility.later
"""An Eligibility whose findings are made on first read (`_LaterEligibility`)."""


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


_R = typing.TypeVar("_R")


def record_maker(cls: type[_R]) -> Callable[..., _R]:
    """A builder of the frozen slots record `cls` from its fields' values in order, which
    sets the slots directly: the record the dataclass's `__init__` makes, without its
    lookup of each field by name (a schedule builds one Payment per month)."""
    setters = tuple(cls.__dict__[f.name].__set__ for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    new = cls.__new__

    def make(*values: Any) -> _R:
        made = new(cls)
        for put, value in zip(setters, values, strict=True):
            put(made, value)
        return made

    return make


def _payment_maker() -> Callable[..., Payment]:
    """`record_maker(Payment)` with its loop written out: a schedule makes one Payment a
    month, and the service reads every one (unpacking fails loudly if Payment's fields change)."""
    (
        s0,
        s1,
        s2,
        s3,
        s4,
        s5,
        s6,
        s7,
        s8,
        s9,
        s10,
        s11,
        s12,
        s13,
        s14,
        s15,
        s16,
    ) = (Payment.__dict__[f.name].__set__ for f in dataclasses.fields(Payment))
    new = Payment.__new__

    def make(
        a0: Any,
        a1: Any,
        a2: Any,
        a3: Any,
        a4: Any,
        a5: Any,
        a6: Any,
        a7: Any,
        a8: Any,
        a9: Any,
        a10: Any,
        a11: Any,
        a12: Any,
        a13: Any,
        a14: Any,
        a15: Any,
        a16: Any,
    ) -> Payment:
        made = new(Payment)
        s0(made, a0)
        s1(made, a1)
        s2(made, a2)
        s3(made, a3)
        s4(made, a4)
        s5(made, a5)
        s6(made, a6)
        s7(made, a7)
        s8(made, a8)
        s9(made, a9)
        s10(made, a10)
        s11(made, a11)
        s12(made, a12)
        s13(made, a13)
        s14(made, a14)
        s15(made, a15)
        s16(made, a16)
        return made

    return make


make_payment = _payment_maker()
"""`Payment(*values)`, every field given in order (`record_maker`)."""


@dataclass(frozen=True, slots=True)
class StopDecision(_Record):
    """When payment stops, what was paid, what is forfeited, paid at once or overpaid.

    `effect` is the ground's: `stop` (the later months are forfeited) or `lump_sum` (IM5: they
    are paid at once, `lump_sum`, with medical insurance as `lump_sum_medical_insurance` says,
    None where the policy does not say). `lump_sum_outstanding` is the lump sum less the months
    after the event already paid monthly by `as_of`. `overpaid` is the sum of months not due
    whose pay-by date is on or before `as_of` (N8), None where that cannot be known (a month
    with no pay-by date or no amount: the notes say why), never a zero; `fraud_fine_range` the fine 条例 第二十八条
    allows on that sum if it was obtained by fraud, reported, never charged.
    `ignored_events` tells each event that stops nothing and why.
    """

    stopped: bool
    on: dt.date | None
    reason: str | None
    months_paid: int
    months_forfeited: int
    lump_sum: Decimal | None
    overpaid: Decimal | None
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
    texts: tuple[tuple[str, str, str, Citation | None], ...] = ()
    """The policy's words the explanation says, by message id: (id, zh, en, citation)."""
    names: tuple[tuple[str, str, str], ...] = ()
    """The policy's Chinese names of the person's coded facts: (field, code, name)."""
    english: Mapping[str, str] = field(default_factory=dict)
    """The policy's English names of documents, paperwork items and offices, by Chinese name."""

    def en(self, chinese: str) -> str:
        """The English name the policy gives `chinese`, else `chinese` itself."""
        return self.english.get(chinese, chinese)

    def text(self, message_id: str, lang: str, **values: object) -> tuple[str, Citation | None]:
        """The message in `lang` with its placeholders filled, or ("", None) if the policy
        does not say it."""
        from ._template import render

        for mid, zh, en, cite in self.texts:
            if mid == message_id:
                shown = {k: str(v) for k, v in values.items()}
                return render(zh if lang == "zh" else en, shown), cite
        return "", None

    def name(self, field_name: str, code: str) -> str | None:
        """The policy's Chinese name of a coded fact (a separation reason, an area)."""
        return next((n for f, c, n in self.names if f == field_name and c == code), None)


@dataclass(frozen=True, slots=True)
class PolicyFile(_Record):
    """One layer file a decision was made with, and the SHA-256 of its bytes."""

    layer: str
    path: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Origin(_Record):
    """What produced a decision: the engine's version and each policy file's content hash."""

    engine_version: str = __version__
    policy_files: tuple[PolicyFile, ...] = ()


@dataclass(frozen=True, slots=True)
class Decision(_Record):
    """Everything the engine says about one person on one date.

    `entitlement` is what `policy.entitlement` gives (0 months for someone not entitled, whose
    schedule is empty). `schedule` marks the months a stop takes away (`Payment.status`).
    `stop` is what `policy.stop` gives (not stopped when no event stops payment, or none was
    given). `totals` holds `paid_monthly` (left out when some
    amount is unknown), and `lump_sum` and `overpaid` when there are any. `documents` are the
    layers' document numbers; `warnings` say what could not be answered (e.g. paperwork whose
    deadline falls in a year the working-day calendar does not cover yet). `origin` names the
    engine version and the policy files (with their SHA-256) that produced the decision.
    """

    policy: tuple[str, ...]
    as_of: dt.date | None
    claimant: dict[str, Any]
    events: tuple[dict[str, Any], ...]
    eligibility: Eligibility
    entitlement: Entitlement
    schedule: tuple[Payment, ...]
    stop: StopDecision
    paperwork: Paperwork | None
    totals: dict[str, Decimal] = field(default_factory=dict)
    documents: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    legend: Legend | None = field(
        default=None, compare=False, repr=False, metadata={_INTERNAL: True}
    )
    origin: Origin = field(default_factory=Origin)

    def explain(self, lang: Lang = "zh", detail: Literal["summary", "full"] = "summary") -> str:
        """A readable account a caseworker can hand a citizen.

        `summary` (the default) fits 100 columns: a summary block, the schedule in bands of
        equal amount, and each source once in a numbered list at the end. `full` gives every
        month on its own line, each line with its clause.
        """
        from ..explain._explain import explain

        return explain(self, lang, detail)

    def to_dict(self) -> dict[str, Any]:
        """JSON-native form; each clause's text is given once, in the top-level `clauses` map.

        A citation keeps `layer`, `document`, `clause`, `article` and `quoted`; its `text` is
        `clauses[clause]` (or stays in the citation when one clause id is quoted two ways).
        """
        data: dict[str, Any] = {"format_version": DECISION_FORMAT, **to_jsonable(self)}
        clauses: dict[str, str] = {}
        for cite in _citations(data):
            text, cid = cite["text"], cite["clause"]
            if clauses.setdefault(cid, text) == text:
                del cite["text"]
        data["clauses"] = dict(sorted(clauses.items()))
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Decision:
        """The Decision `to_dict()` gave (also after JSON); a malformed one is an InputError."""
        if not isinstance(data, Mapping):
            raise InputError(f"a decision is a mapping, got {type(data).__name__}")
        version = data.get("format_version", DECISION_FORMAT)
        if version != DECISION_FORMAT:
            raise InputError(
                f"format_version {version!r} is not {DECISION_FORMAT}, the one this "
                f"uibenefit ({__version__}) reads",
                field="format_version",
            )
        plain = {k: v for k, v in data.items() if k not in ("format_version", "clauses")}
        texts = data.get("clauses") or {}
        if not isinstance(texts, Mapping):
            raise InputError("clauses is a mapping of clause id to text", field="clauses")
        plain = _inline(plain, texts)
        decision: Decision = _build(cls, plain, "")
        return decision


_COMPARED = tuple(f.name for f in dataclasses.fields(Decision) if f.compare)
_DECISION_SLOTS = {f.name: Decision.__dict__[f.name].__set__ for f in dataclasses.fields(Decision)}
_DECISION_DEFAULTS: tuple[tuple[str, Any], ...] = tuple(
    (
        f.name,
        f.default_factory
        if f.default_factory is not dataclasses.MISSING
        else dataclasses.MISSING
        if f.default is dataclasses.MISSING
        else functools.partial(lambda value: value, f.default),
    )
    for f in dataclasses.fields(Decision)
)
"""Each field of a Decision and what makes its default (MISSING: none)."""
LATER_FIELDS = ("claimant", "schedule", "legend")
"""The fields of a Decision `later_decision` writes on first read: what only shows it."""


def _later(name: str) -> Any:
    """The field `name` of a `_LaterDecision`: its slot, filled on first read by its maker."""
    slot = Decision.__dict__[name]

    def read(self: _LaterDecision) -> Any:
        try:
            return slot.__get__(self, Decision)
        except AttributeError:
            makers = self._make
        make = None if makers is None else makers.get(name)
        if make is None or makers is None:  # made meanwhile, by another thread
            return slot.__get__(self, Decision)
        value = make()
        slot.__set__(self, value)
        makers.pop(name, None)  # what it read is no longer held
        return value

    def write(self: _LaterDecision, value: Any) -> None:  # the dataclass's __init__
        slot.__set__(self, value)

    return property(read, write)


class _LaterDecision(Decision):
    """A Decision whose records that only show it (the claimant's data, one Payment per
    month of the schedule, the explanation's legend) are written on first read, from what
    the engine decided (amounts, sums, the stop and each month's status, all decided
    already): who reads only the outcome does not pay for a record per month. Read,
    compared, hashed, printed, copied, replaced and pickled it is the Decision it stands
    for (pickling and copying give that plain Decision)."""

    __slots__ = ("_make",)
    __hash__ = Decision.__hash__
    _make: dict[str, Callable[[], Any]] | None

    claimant = _later("claimant")
    schedule = _later("schedule")
    legend = _later("legend")

    @classmethod
    def later(cls, makers: dict[str, Callable[[], Any]], **values: Any) -> Decision:
        """The Decision of `values`, each field of `makers` (of `LATER_FIELDS`) from its
        maker when first read."""
        made = cls.__new__(cls)
        for name, default in _DECISION_DEFAULTS:  # as the dataclass's __init__, by slot
            if name in values:
                _DECISION_SLOTS[name](made, values.pop(name))
            elif name not in makers:
                if default is dataclasses.MISSING:
                    raise TypeError(f"a Decision needs '{name}'")
                _DECISION_SLOTS[name](made, default())
        if values:
            raise TypeError(f"a Decision has no field {', '.join(map(repr, values))}")
        object.__setattr__(made, "_make", makers)
        return made

    def _plain(self) -> Decision:
        """The plain Decision this one stands for."""
        return Decision(*self._values())

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in dataclasses.fields(Decision))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Decision):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in _COMPARED)

    def __repr__(self) -> str:
        return repr(self._plain())

    def __reduce__(self) -> tuple[type[Decision], tuple[Any, ...]]:
        return Decision, self._values()

    def __reduce_ex__(self, protocol: Any) -> tuple[type[Decision], tuple[Any, ...]]:
        return self.__reduce__()


later_decision = _LaterDecision.later
"""A Decision whose schedule is written on first read (`_LaterDecision`)."""


def _citations(data: Any) -> list[dict[str, Any]]:
    """Every citation dict in plain decision data, depth first."""
    found: list[dict[str, Any]] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.keys() >= _CITATION_KEYS and isinstance(item.get("text"), str):
                found.append(item)
                continue
            stack.extend([v for v in reversed(item.values()) if isinstance(v, dict | list)])
        elif isinstance(item, list):
            stack.extend([v for v in reversed(item) if isinstance(v, dict | list)])
    return found


_CITATION_KEYS = frozenset({"layer", "document", "clause", "text", "quoted"})


def _inline(data: Any, texts: Mapping[str, Any]) -> Any:
    """A copy of `data` with each citation's `text` filled in from the `clauses` map."""
    if isinstance(data, dict):
        out = {k: _inline(v, texts) for k, v in data.items()}
        if {"layer", "document", "clause", "quoted"} <= out.keys() and "text" not in out:
            clause = out["clause"]
            if clause in texts:
                out["text"] = texts[clause]
        return out
    if isinstance(data, list):
        return [_inline(v, texts) for v in data]
    return data


@functools.cache
def _record_fields(cls: type) -> tuple[dict[str, Any], tuple[tuple[str, bool], ...]]:
    """A record's field types, and its fields in order with whether each is required."""
    hints = typing.get_type_hints(cls)
    fields = tuple(
        (f.name, f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
        for f in dataclasses.fields(cls)
    )
    return {name: hints[name] for name, _ in fields}, fields


def _build(hint: Any, value: Any, at: str) -> Any:
    """Plain data → the typed value `hint` describes (records, tuples, dates, Decimals)."""
    here = at or "decision"
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        (rest,) = [a for a in args if a is not type(None)]
        return _build(rest, value, at)
    if value is None:
        raise InputError("is never null", field=here)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        if not isinstance(value, Mapping):
            raise InputError(f"expected a mapping for a {hint.__name__}", field=here)
        hints, fields = _record_fields(hint)
        kwargs: dict[str, Any] = {}
        for key in value:
            if key not in hints:
                raise InputError(
                    f"unknown key for a {hint.__name__}", field=f"{at}.{key}".lstrip(".")
                )
        for name, required in fields:
            sub = f"{at}.{name}".lstrip(".")
            if name in value:
                kwargs[name] = _build(hints[name], value[name], sub)
            elif required:
                raise InputError(f"missing '{name}'", field=sub)
        return hint(**kwargs)
    if origin in (tuple, list):
        if not isinstance(value, list | tuple):
            raise InputError("expected a list", field=here)
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(value) != len(args):
                raise InputError(f"expected a list of {len(args)} values", field=here)
            return tuple(
                _build(a, v, f"{at}[{i}]") for i, (a, v) in enumerate(zip(args, value, strict=True))
            )
        items = [_build(args[0], v, f"{at}[{i}]") for i, v in enumerate(value)]
        return tuple(items) if origin is tuple else items
    if origin is dict:
        if not isinstance(value, Mapping):
            raise InputError("expected a mapping", field=here)
        return {str(k): _build(args[1], v, f"{at}.{k}") for k, v in value.items()}
    if hint is dt.date:
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise InputError(f"expected a date YYYY-MM-DD, got {value!r}", field=here) from None
    if hint is Decimal:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise InputError(f"expected an amount as text, got {value!r}", field=here)
        try:
            return Decimal(value)
        except InvalidOperation:
            raise InputError(f"expected an amount, got {value!r}", field=here) from None
    if origin is Literal:
        if value not in args:
            raise InputError(f"{value!r} is not one of {', '.join(map(str, args))}", field=here)
        return value
    expected = {str: str, int: int, bool: bool}.get(hint)
    if expected is not None and (
        not isinstance(value, expected) or (expected is int and isinstance(value, bool))
    ):
        raise InputError(f"expected {expected.__name__}, got {value!r}", field=here)
    return value


def report_language(lang: object) -> None:
    """Refuse a report's language other than zh, en or None (English, as the commands)."""
    if lang is not None and lang not in ("zh", "en"):
        raise InputError(f"a report's language is zh or en, got {str(lang)[:20]!r}", field="lang")
