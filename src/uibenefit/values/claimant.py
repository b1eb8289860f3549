"""The person and the events the engine judges: validated on construction, never half-valid."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from ..errors import InputError, did_you_mean, shorten
from ._yaml import LocatedDocument, YamlPath

SeparationReason = Literal[
    "contract_expired",
    "employer_closed",
    "dismissed",
    "discharged",
    "mutual_agreement_employer",
    "resigned_employer_fault",
    "other_statutory",
    "mutual_agreement_employee",
    "resigned",
]
"""A 停保原因: a wrong one (`"quit"`) fails type checking, and at run time an InputError."""

EventKind = Literal[
    "reemployed",
    "employer_contributions",
    "military_service",
    "emigrated",
    "pension_started",
    "imprisoned",
    "refused_job_or_training",
    "self_employed",
    "died",
]
"""The stop grounds of the bundled policies, for type checkers: `kind="won_the_lottery"` fails
`mypy`. At run time a kind is any stop ground id the policy defines (a what-if may add one:
write `typing.cast(ub.EventKind, "my_ground")`); a test keeps this list equal to the bundled
`uibenefit.EVENT_KINDS`, read from the YAML."""

Sex = Literal["male", "female"]
Position = Literal["worker", "cadre"]
InsuredAs = Literal["employee", "flexible"]
"""Employee, or flexibly employed (灵活就业人员)."""

SEPARATION_REASONS: tuple[SeparationReason, ...] = typing.get_args(SeparationReason)
"""The 停保原因 a claimant may carry; which are involuntary is the policy's to say."""

EVENT_KIND = re.compile(r"[a-z][a-z0-9_]*")
"""An event kind is the id of a stop ground of the policy (which ones, the policy says)."""

SEXES: tuple[Sex, ...] = typing.get_args(Sex)
POSITIONS: tuple[Position, ...] = typing.get_args(Position)
INSURED_AS: tuple[InsuredAs, ...] = typing.get_args(InsuredAs)
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)


def _shown(value: object) -> str:
    """A bad value as the person wrote it: `168.5`, `'yes'`, `nothing`, never `Decimal('…')`."""
    if value is None:
        return "nothing (empty or null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return f"the date-time {value.isoformat(sep=' ')}"
    if isinstance(value, dt.date | int | Decimal):
        return str(value)
    if isinstance(value, str):
        return shorten(repr(value))
    if isinstance(value, list | tuple):
        return f"a list {shorten(repr(value))}"
    if isinstance(value, Mapping):
        return "a mapping"
    return f"a {type(value).__name__}"


def _choice(name: str, value: object, allowed: Sequence[str]) -> None:
    if not isinstance(value, str) or value not in allowed:
        hint = did_you_mean(value, allowed) if isinstance(value, str) else ""
        raise InputError(f"{_shown(value)} is not one of {', '.join(allowed)}.{hint}", field=name)


def _date(name: str, value: object, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InputError(f"expected a date (YYYY-MM-DD), got {_shown(value)}", field=name)
    if not EARLIEST <= value <= LATEST:
        raise InputError(f"{value} is outside {EARLIEST.year}–{LATEST.year}", field=name)


def _int(name: str, value: object, low: int, high: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InputError(f"expected a whole number, got {_shown(value)}", field=name)
    if not low <= value <= high:
        raise InputError(f"{value} is outside {low}..{high}", field=name)


def _bool(name: str, value: object) -> None:
    if not isinstance(value, bool):
        hint = " (unquoted)" if isinstance(value, str) and value.lower() in _BOOL_WORDS else ""
        raise InputError(f"expected true or false{hint}, got {_shown(value)}", field=name)


_BOOL_WORDS = ("true", "false", "yes", "no", "on", "off", "y", "n")


@functools.cache
def _layout(cls: type) -> tuple[tuple[str, ...], frozenset[str], tuple[str, ...]]:
    """A record class's field names in order, as a set, and the required ones: read once per
    class (`dataclasses.fields` walks the class each time it is asked)."""
    fields = dataclasses.fields(cls)
    names = tuple(f.name for f in fields)
    required = tuple(
        f.name
        for f in fields
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
    return names, frozenset(names), required


class _FieldChecked(type):
    """Turns a missing, unknown or repeated argument into an InputError naming the field.

    Python would raise a bare TypeError; callers of the public API are promised InputError.
    """

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        names, known, required = _layout(cls)
        if len(args) > len(names):
            raise InputError(f"{cls.__name__} takes {len(names)} fields, got {len(args)} values")
        given = dict(zip(names, args, strict=False))
        for key in kwargs:
            if key not in known:
                hint = did_you_mean(str(key), list(names))
                a = "an" if cls.__name__[0] in "AEIOU" else "a"
                raise InputError(f"unknown field for {a} {cls.__name__}.{hint}", field=str(key))
            if key in given:
                raise InputError("given twice", field=key)
        given.update(kwargs)
        for name in required:
            if name not in given:
                raise InputError(f"missing required field '{name}'", field=name)
        return super().__call__(**given)


@dataclass(frozen=True, slots=True)
class Claimant(metaclass=_FieldChecked):
    """A person claiming 失业保险金, as the agency's records show them.

    `contribution_months` is the cumulative unemployment insurance contribution time in months,
    deemed years (视同缴费年限) included (G9, N4c). `separation_reason` is the 停保原因 the
    employer recorded, which prevails over `registered_reason` (IM3).
    """

    birth_date: dt.date
    sex: Sex
    position: Position
    insured_as: InsuredAs
    contribution_months: int
    separation_date: dt.date
    separation_reason: SeparationReason
    application_date: dt.date
    registration_date: dt.date | None = None
    insured_area: str | None = None
    prior_unused_months: int = 0
    receiving_pension: bool = False
    seeking_work: bool = True
    registered_reason: SeparationReason | None = None
    spouse_receiving_benefit: bool = False

    def __post_init__(self) -> None:
        problems = field_problems({n: getattr(self, n) for n in _CHECKS})
        if problems:
            raise InputError.several(problems)
        self._check_order()

    def _check_order(self) -> None:
        """The dates in their legal order: born, separated, registered, claimed."""
        if self.separation_date <= self.birth_date:
            raise InputError(
                f"separation {self.separation_date} is not after birth {self.birth_date}",
                field="separation_date",
            )
        if self.application_date < self.separation_date:
            raise InputError(
                f"the claim ({self.application_date}) is before the separation "
                f"({self.separation_date})",
                field="application_date",
            )
        if self.registration_date is not None and self.registration_date < self.separation_date:
            raise InputError(
                f"registration ({self.registration_date}) is before the separation "
                f"({self.separation_date})",
                field="registration_date",
            )
        if self.registration_date is not None and self.registration_date > self.application_date:
            raise InputError(
                f"registration ({self.registration_date}) is after the claim "
                f"({self.application_date}): a claim registers the unemployment at the same "
                "window (N5, IM7), so leave registration_date empty",
                field="registration_date",
            )

    @classmethod
    def from_mapping(
        cls,
        data: Mapping[str, Any],
        doc: LocatedDocument | None = None,
        at: YamlPath = (),
        names: Names | None = None,
    ) -> Claimant:
        """Build from plain data (a person file); errors name the file and line when known.

        Coded fields may be written as a caseworker would, by name: `sex: 男`,
        `separation_reason: 劳动合同期满终止`, `insured_area: 乌兰浩特市`. The names are a
        policy's (`Policy.input_names()`); by default the bundled xingan chain's.
        """
        person: Claimant = _from_mapping(cls, data, doc, at, names)
        return person

    def to_dict(self) -> dict[str, Any]:
        """JSON-native form: dates as ISO strings."""
        return {name: _jsonable(getattr(self, name)) for name in _CLAIMANT_FIELDS}

    def replace(self, **changes: Any) -> Claimant:
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)


_CLAIMANT_FIELDS = tuple(f.name for f in dataclasses.fields(Claimant))


def _area(value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str) or len(value) != 6 or not (value.isascii() and value.isdigit()):
        number = isinstance(value, int) and not isinstance(value, bool)
        raise InputError(
            "expected a 6-digit GB/T 2260 code as text, such as '152201', got "
            + (f"the number {value}: write the code as text" if number else _shown(value)),
            field="insured_area",
        )


_CHECKS: dict[str, Any] = {
    "birth_date": lambda v: _date("birth_date", v),
    "sex": lambda v: _choice("sex", v, SEXES),
    "position": lambda v: _choice("position", v, POSITIONS),
    "insured_as": lambda v: _choice("insured_as", v, INSURED_AS),
    "contribution_months": lambda v: _int("contribution_months", v, 0, 1200),
    "separation_date": lambda v: _date("separation_date", v),
    "separation_reason": lambda v: _choice("separation_reason", v, SEPARATION_REASONS),
    "application_date": lambda v: _date("application_date", v),
    "registration_date": lambda v: _date("registration_date", v, optional=True),
    "insured_area": _area,
    # at most the policy's regular_months_cap, checked when it is evaluated
    "prior_unused_months": lambda v: _int("prior_unused_months", v, 0, 1200),
    "receiving_pension": lambda v: _bool("receiving_pension", v),
    "seeking_work": lambda v: _bool("seeking_work", v),
    "spouse_receiving_benefit": lambda v: _bool("spouse_receiving_benefit", v),
    "registered_reason": lambda v: (
        None if v is None else _choice("registered_reason", v, SEPARATION_REASONS)
    ),
}
"""Each Claimant field's own check, so every bad field is told at once."""


def field_problems(values: Mapping[str, Any]) -> list[InputError]:
    """The problem of each field given that fails its own check, in field order."""
    problems: list[InputError] = []
    for name, check in _CHECKS.items():
        if name in values:
            try:
                check(values[name])
            except InputError as exc:
                problems.append(exc)
    return problems


@dataclass(frozen=True, slots=True)
class Event(metaclass=_FieldChecked):
    """Something that happened on a date and may stop payment.

    `kind` is the id of one of the policy's stop grounds (`policy.event_kinds`; the bundled
    ones are `uibenefit.EVENT_KINDS`); a kind the policy does not know is refused when the
    events are evaluated, with the grounds it does know.
    """

    kind: EventKind
    on: dt.date

    def __post_init__(self) -> None:
        if not isinstance(self.kind, str) or not EVENT_KIND.fullmatch(self.kind):
            raise InputError(
                f"an event kind is the id of a stop ground, such as reemployed, "
                f"got {_shown(self.kind)}",
                field="kind",
            )
        _date("on", self.on)

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], doc: LocatedDocument | None = None, at: YamlPath = ()
    ) -> Event:
        """Build from plain data (an `events:` item); `date:` may stand for `on:`.

        Stock YAML 1.1 parsers read the key `on` as the boolean True, so a file written for
        them (or JSON) may say `date: 2020-11-20` instead; writing both is an error.
        """
        if isinstance(data, Mapping) and "date" in data:
            if "on" in data:
                where = (*at, "date")
                message = "write the event's date once, as on: or as date:, not both"
                if doc is not None:
                    raise InputError(
                        message, field="date", path=doc.path, line=doc.mark(where).line
                    )
                raise InputError(message, field="date")
            data = {("on" if k == "date" else k): v for k, v in data.items()}
            if doc is not None and (*at, "date") in doc.key_marks:  # `on` errors: the date: line
                doc.key_marks.setdefault((*at, "on"), doc.key_marks[(*at, "date")])
        event: Event = _from_mapping(cls, data, doc, at)
        return event

    def to_dict(self) -> dict[str, Any]:
        """JSON-native form."""
        return {"kind": self.kind, "on": self.on.isoformat()}


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _coerce_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _coerce(key: str, value: Any) -> Any:
    """What a file may write loosely: a quoted date, an area code left unquoted.

    GB/T 2260 codes are six digits starting with 1–8, so `insured_area: 152201` (a YAML
    number) loses nothing when read as the text '152201'.
    """
    if key == "insured_area":
        if isinstance(value, int) and not isinstance(value, bool) and 100000 <= value <= 999999:
            return str(value)
        return value
    return _coerce_date(value)


_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,59}", re.ASCII)


Names = Mapping[str, Mapping[str, Sequence[str]]]
"""For a coded field, each code and the names a caseworker may type for it (男 for male)."""

NAME_PARAMETERS: dict[str, str] = {
    "sex": "sex_names",
    "separation_reason": "separation_reason_names",
    "registered_reason": "separation_reason_names",
    "insured_area": "area_names",
}
"""The parameter that gives, for each coded field, the names a caseworker may type."""

CODES: dict[str, tuple[str, ...]] = {
    "sex": SEXES,
    "separation_reason": SEPARATION_REASONS,
    "registered_reason": SEPARATION_REASONS,
}
"""The coded fields that may be written by name, with their codes (areas: any 6 digits)."""


@functools.cache
def _bundled_names() -> Names:
    """The names the bundled xingan chain gives (loaded only when a name is written)."""
    from ..policy import load_policy

    return load_policy("xingan").input_names()


def _is_code(key: str, value: str) -> bool:
    if key == "insured_area":
        return len(value) == 6 and value.isdigit()
    return value in CODES.get(key, (value,))


def named_code(key: str, value: Any, names: Names | None = None) -> Any:
    """The code a name stands for (男 → male, 乌兰浩特市 → 152201, a unique part of a name
    also), or `value` unchanged when it is a code or names nothing (the field's own check
    then tells what is wrong). A name that fits several codes is an InputError listing them.
    """
    if not isinstance(value, str) or not value.strip() or _is_code(key, value):
        return value
    table = (names if names is not None else _bundled_names()).get(key)
    if not table:
        return value
    text = value.strip()
    exact = [code for code, known in table.items() if text in known]
    found = exact or [code for code, known in table.items() if any(text in n for n in known)]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        listed = "; ".join(f"{code} ({'/'.join(table[code])})" for code in found)
        raise InputError(f"'{text}' could be any of: {listed}. Write the one meant", field=key)
    if not text.isascii():
        listed = ", ".join("/".join(known) for known in table.values())
        raise InputError(f"'{text}' names no {key} this policy knows: {listed}", field=key)
    return value


def _from_mapping(
    cls: Any, data: Any, doc: LocatedDocument | None, at: YamlPath, named: Names | None = None
) -> Any:
    if cls is Claimant and type(data) is dict:
        quick = _plain_claimant(data)
        if quick is not None:
            return quick
    return _read_mapping(cls, data, doc, at, named)


def _read_mapping(
    cls: Any, data: Any, doc: LocatedDocument | None, at: YamlPath, named: Names | None = None
) -> Any:
    """A record read from any data, every problem of it told with its field (and its file and
    line when `doc` is given)."""
    what = cls.__name__.lower()
    where = f"an {what}" if what[0] in "aeiou" else f"a {what}"

    def fail(message: str, key: str | None) -> InputError:
        if doc is not None:
            m = doc.mark((*at, key) if key else at)
            return InputError(message, field=key, path=doc.path, line=m.line)
        return InputError(message, field=key)

    if not isinstance(data, Mapping):
        raise fail(f"{where} is a mapping of fields, got {_shown(data)}", None)
    names, known, required = _layout(cls)
    if data and not any(key in known for key in data):
        # not a person file at all (/etc/shadow parses as a mapping): nothing of it is echoed
        raise fail(f"not {where}: none of its fields ({', '.join(names[:3])} …) is there", None)
    problems: list[InputError] = []
    for key in data:
        if not isinstance(key, str) or not _FIELD_NAME.fullmatch(key):
            raise fail(f"unknown field for {where}: field names are words such as birth_date", None)
        if key not in known:
            hint = did_you_mean(str(key)[:100], list(names))
            problems.append(
                fail(f"unknown field '{shorten(str(key))}' for {where}.{hint}", shorten(str(key)))
            )
    for name in required:
        if name not in data:
            problems.append(fail(f"missing required field '{name}'", name))
    values = {k: _coerce(k, v) for k, v in data.items() if k in known}
    if cls is Claimant:
        for k, v in list(values.items()):
            try:
                values[k] = named_code(k, v, named)
            except InputError as exc:
                problems.append(fail(exc.detail, exc.field))
                values.pop(k)
        problems += [fail(e.detail, e.field) for e in field_problems(values)]
    if problems:
        raise InputError.several(problems)
    try:
        return _checked_claimant(values) if cls is Claimant else cls(**values)
    except InputError as exc:
        raise fail(exc.detail, exc.field) from None


def _plain_claimant(data: dict[str, Any]) -> Claimant | None:
    """The Claimant of data written plainly (every field known, required ones given, each
    value one its own check in `_CHECKS` takes as it is, or an ISO date text), as the full
    reading below gives it; None for anything else, which that reading then reads or refuses
    with its own messages. It is how the service reads almost every request."""
    if not _REQUIRED.issubset(data):
        return None
    values: dict[str, Any] = {}
    for key, value in data.items():
        check = _CHECKS.get(key)
        if check is None:
            return None
        if key in _DATE_FIELDS:
            value = _coerce_date(value)
        try:
            check(value)
        except InputError:
            return None
        values[key] = value
    try:
        return _checked_claimant(values)
    except InputError:
        return None


_DATE_FIELDS = frozenset(
    name
    for name, hint in typing.get_type_hints(Claimant).items()
    if hint in (dt.date, dt.date | None)
)
"""The Claimant fields that hold a date (written in a file or a request as its ISO text)."""


def _checked_claimant(values: Mapping[str, Any]) -> Claimant:
    """A Claimant from values whose fields are known, complete and have each passed their own
    check (`_from_mapping` has just told every failing one): its fields set as the dataclass
    would set them, its dates checked in order, the fields' checks not run a second time
    (they were two fifths of reading a request on the service)."""
    person: Claimant = object.__new__(Claimant)
    for name, default in _DEFAULTS:
        object.__setattr__(person, name, values.get(name, default))
    person._check_order()
    return person


_DEFAULTS = tuple((f.name, f.default) for f in dataclasses.fields(Claimant))
_REQUIRED = frozenset(
    f.name for f in dataclasses.fields(Claimant) if f.default is dataclasses.MISSING
)
"""Each Claimant field and its default (MISSING where required: `_from_mapping` has checked
that a required field is given)."""


FACT_KINDS: dict[str, str] = {
    "contribution_months": "int",
    "separation_reason": "str",
    "registered_reason": "str",
    "reason_differs": "bool",
    "sex": "str",
    "position": "str",
    "insured_as": "str",
    "seeking_work": "bool",
    "receiving_pension": "bool",
    "spouse_receiving_benefit": "bool",
    "prior_unused_months": "int",
    "insured_area": "str",
    "separation_date": "date",
    "application_date": "date",
    "registration_date": "date",
    "registered_at_claim": "bool",
    "start_date": "date",
    "days_to_claim": "int",
    "claim_period_end": "date",
    "late_claim": "bool",
    "age_years_on_application": "int",
    "retirement_date": "date",
    "past_retirement_age_on_start": "bool",
    "separation_reason_name": "str",
    "registered_reason_name": "str",
}
"""The variables a condition in a policy file may read, with their kinds: the claimant's
fields and the facts derived from them (`facts.facts`), the vocabulary the loader checks
conditions against."""

FACT_CHOICES: dict[str, tuple[str, ...]] = {
    "sex": SEXES,
    "position": POSITIONS,
    "insured_as": INSURED_AS,
    "separation_reason": SEPARATION_REASONS,
    "registered_reason": SEPARATION_REASONS,
}
"""The codes a text variable can hold, so a misspelt code in a condition fails at load."""
