"""Hypothesis strategies for uibenefit's inputs, and a printer that turns a case into a scenario.

Integrators property-test their own systems against ours with these: every value they build
is valid by construction (a `Claimant` built from them never raises), and together they cover
every separation reason, event kind, sex, position, way of being insured, every area the
policy knows a minimum wage tier for, and dates from 2017 to the end of the working-day
calendar. Parameters narrow them, e.g. `claimants(eligible_only=True)`.

    from hypothesis import given
    from uibenefit.testing import cases

    @given(cases())
    def test_we_agree(case):
        assert my_system(case.person) == policy.evaluate(case.person, case.events, case.as_of)

`as_scenario` prints one case in the scenario format, so a failing property can be saved as a
regression case by pasting its output into `scenarios/`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any, NamedTuple

import yaml
from dateutil.relativedelta import relativedelta

try:
    from hypothesis import strategies as st
except ImportError as _missing:  # pragma: no cover - exercised in a venv without the extra
    raise ImportError(
        "uibenefit.testing needs hypothesis, which is not installed: "
        "pip install 'uibenefit[testing]'"
    ) from _missing

from .law.calendar import WorkCalendar
from .policy import Policy, load_policy
from .values.claimant import INSURED_AS, POSITIONS, SEPARATION_REASONS, SEXES, Claimant, Event
from .values.results import Decision

__all__ = [
    "FIRST_DATE",
    "Case",
    "area_codes",
    "as_scenario",
    "cases",
    "claimants",
    "coverage_end",
    "dates",
    "events",
    "last_separation_date",
]

FIRST_DATE = dt.date(2017, 1, 1)
"""The earliest date the strategies draw: the 2017 benefit standard is the oldest encoded."""

_SLACK = dt.timedelta(days=16)
"""After a deadline's count: a holiday run (up to 9 days) moves it on (民法典 203), and the next
office day (XC12: not the 31st) may be a day or two later still."""


def coverage_end() -> dt.date:
    """The last day of the last year whose working-day schedule is known (2026-12-31 today)."""
    return dt.date(WorkCalendar.bundled().covered_years[-1], 12, 31)


def _calendar_room(policy: Policy) -> dt.timedelta:
    """Days a deadline counted on the calendar (days, working days) may run past its anchor."""
    longest = 7  # X1b's 7 working days at least
    for section in ("claimant_documents", "employer_obligations", "notices", "forbidden_requests"):
        for entry in policy.resolved.sections.get(section, {}).values():
            due = getattr(entry.item, "due", None)
            if due is not None and due.unit == "days":
                longest = max(longest, due.count)
            elif due is not None and due.unit == "working_days":
                longest = max(longest, 2 * due.count)
    return dt.timedelta(days=longest) + _SLACK


def last_separation_date(policy: Policy | str = "xingan") -> dt.date:
    """The latest separation (and claim) whose deadlines stay inside the working-day calendar.

    The policy's longest deadline counted on the calendar, plus room for holidays and office
    days: with XC4's 60 days, 2026-10-16 while the calendar ends with 2026.
    """
    return coverage_end() - _calendar_room(_policy(policy))


@functools.lru_cache(maxsize=8)
def _bundled(name: str) -> Policy:
    return load_policy(name)


def _policy(policy: Policy | str) -> Policy:
    return policy if isinstance(policy, Policy) else _bundled(policy)


def area_codes(policy: Policy | str = "xingan") -> tuple[str, ...]:
    """Every GB/T 2260 area code the policy gives a minimum wage tier, on any date."""
    pol = _policy(policy)
    if not pol.has("minimum_wage_area_tiers"):
        return ()
    codes: set[str] = set()
    for dated in pol.table("minimum_wage_area_tiers").values:
        codes.update(dated.value or {})
    return tuple(sorted(codes))


_EDGE_DAYS = (1, 14, 15, 16, 28, 29, 30, 31)
"""Days where rules turn: a month's first, XC7's 15th and its neighbours, the month's end."""


@st.composite
def _edge_date(draw: st.DrawFn, lo: dt.date, hi: dt.date) -> dt.date:
    months = (hi.year - lo.year) * 12 + hi.month - lo.month
    first = lo.replace(day=1) + relativedelta(months=draw(st.integers(0, months)))
    last = (first + relativedelta(months=1, days=-1)).day
    day = first.replace(day=min(draw(st.sampled_from(_EDGE_DAYS)), last))
    return min(max(day, lo), hi)


def dates(
    min_value: dt.date = FIRST_DATE, max_value: dt.date | None = None
) -> st.SearchStrategy[dt.date]:
    """Dates in [min_value, max_value] (default: 2017 to the end of the calendar), month edges often."""
    hi = coverage_end() if max_value is None else max_value
    if hi < min_value:
        raise ValueError(f"max_value {hi} is before min_value {min_value}")
    return st.one_of(st.dates(min_value=min_value, max_value=hi), _edge_date(min_value, hi))


def events(
    min_date: dt.date = FIRST_DATE,
    max_date: dt.date | None = None,
    *,
    kinds: Sequence[str] | None = None,
    min_size: int = 0,
    max_size: int = 3,
    policy: Policy | str = "xingan",
) -> st.SearchStrategy[list[Event]]:
    """Lists of events of the given kinds (default: every stop ground of `policy`) on dates
    in [min_date, max_date]."""
    known = _policy(policy).event_kinds
    kinds = known if kinds is None else kinds
    unknown = [k for k in kinds if k not in known]
    if unknown or not kinds:
        raise ValueError(f"kinds must be among {', '.join(known)}, got {list(kinds)}")
    one = st.builds(Event, kind=st.sampled_from(list(kinds)), on=dates(min_date, max_date))
    return st.lists(one, min_size=min_size, max_size=max_size)


# Ages at separation where retirement and continuation (N1) change things: around 50, 55, 60.
_AGES_NEAR_RETIREMENT = (48, 49, 50, 51, 53, 54, 55, 56, 58, 59, 60, 61, 62, 63)
# Contribution months on both sides of the SIL-46 tiers (12, 60, 120).
_CONTRIBUTION_EDGES = (0, 11, 12, 13, 59, 60, 61, 119, 120, 121, 240, 360)


@st.composite
def _claimant(
    draw: st.DrawFn,
    policy: Policy,
    eligible_only: bool,
    min_date: dt.date,
    max_date: dt.date,
    reasons: tuple[str, ...],
    areas: tuple[str | None, ...],
) -> Claimant:
    separation = draw(dates(min_date, max_date), label="separation_date")
    delay = draw(st.one_of(st.integers(0, 90), st.integers(0, 730)), label="days_to_claim")
    application = min(separation + dt.timedelta(days=delay), max_date)
    registration: dt.date | None = None
    if draw(st.booleans(), label="registered_before_claim"):
        registration = separation + dt.timedelta(
            days=draw(st.integers(0, (application - separation).days))
        )
    age = draw(st.one_of(st.integers(16, 70), st.sampled_from(_AGES_NEAR_RETIREMENT)))
    birth = separation - relativedelta(years=age, days=draw(st.integers(0, 365)))
    least = 0
    allowed = reasons
    if eligible_only:
        least = int(policy.value("minimum_contribution_months", application) or 0)
        involuntary = set(policy.value("involuntary_separation_reasons", application) or ())
        allowed = tuple(r for r in reasons if r in involuntary)
        if not allowed:
            raise ValueError(f"none of {list(reasons)} is involuntary on {application}")
    months = draw(
        st.one_of(st.integers(least, 600), st.sampled_from(_CONTRIBUTION_EDGES)).map(
            lambda m: max(m, least)
        )
    )
    return Claimant(
        birth_date=birth,
        sex=draw(st.sampled_from(SEXES)),
        position=draw(st.sampled_from(POSITIONS)),
        insured_as=draw(st.sampled_from(INSURED_AS)),
        contribution_months=months,
        separation_date=separation,
        separation_reason=draw(st.sampled_from(allowed)),
        application_date=application,
        registration_date=registration,
        insured_area=draw(st.sampled_from(areas)),
        prior_unused_months=draw(st.one_of(st.just(0), st.integers(0, 24))),
        receiving_pension=False if eligible_only else draw(st.booleans()),
        seeking_work=True if eligible_only else draw(st.booleans()),
        registered_reason=draw(st.one_of(st.none(), st.sampled_from(SEPARATION_REASONS))),
        spouse_receiving_benefit=draw(st.booleans()),
    )


def claimants(
    policy: Policy | str = "xingan",
    *,
    eligible_only: bool = False,
    min_date: dt.date = FIRST_DATE,
    max_date: dt.date | None = None,
    reasons: Sequence[str] = SEPARATION_REASONS,
    areas: Sequence[str | None] | None = None,
) -> st.SearchStrategy[Claimant]:
    """Valid claimants separated and claiming in [min_date, max_date] (default: up to
    `last_separation_date(policy)`, so every deadline stays inside the calendar).

    `areas` defaults to every area the policy knows (`area_codes`), or None where it knows
    none. `eligible_only` draws people the policy finds eligible: enough contributions, an
    involuntary separation, seeking work, no pension (and any further rule of the policy).
    """
    pol = _policy(policy)
    hi = last_separation_date(pol) if max_date is None else max_date
    if hi < min_date:
        raise ValueError(f"max_date {hi} is before min_date {min_date}")
    bad = [r for r in reasons if r not in SEPARATION_REASONS]
    if bad or not reasons:
        raise ValueError(f"reasons must be among {', '.join(SEPARATION_REASONS)}, got {bad}")
    where: tuple[str | None, ...] = tuple(areas) if areas is not None else area_codes(pol)
    strategy = _claimant(pol, eligible_only, min_date, hi, tuple(reasons), where or (None,))
    if eligible_only:
        strategy = strategy.filter(lambda p: pol.eligibility(p).eligible)
    return strategy


class Case(NamedTuple):
    """One input to `Policy.evaluate`: a person, their events and the date of the question."""

    person: Claimant
    events: list[Event]
    as_of: dt.date | None


@st.composite
def _case(
    draw: st.DrawFn,
    people: st.SearchStrategy[Claimant],
    kinds: Sequence[str] | None,
    min_events: int,
    max_events: int,
    policy: Policy | str,
) -> Case:
    person = draw(people)
    start = person.registration_date or person.application_date
    lo = person.separation_date
    hi = start + relativedelta(months=40)
    happened = draw(
        events(lo, hi, kinds=kinds, min_size=min_events, max_size=max_events, policy=policy)
    )
    as_of = draw(st.one_of(st.none(), dates(lo, hi)))
    return Case(person, happened, as_of)


def cases(
    policy: Policy | str = "xingan",
    *,
    eligible_only: bool = False,
    kinds: Sequence[str] | None = None,
    min_events: int = 0,
    max_events: int = 3,
    **narrow: Any,
) -> st.SearchStrategy[Case]:
    """A claimant (`narrow` goes to `claimants`), events up to 40 months after the start, as_of.

    Events and `as_of` fall between the separation and 40 months after the benefit start,
    which covers 24 regular months and up to a year of continuation.
    """
    people = claimants(policy, eligible_only=eligible_only, **narrow)
    return _case(people, kinds, min_events, max_events, policy)


# -- scenarios ----------------------------------------------------------------------------

_ENTITLEMENT_KEYS = ("regular_months", "continuation_months", "total_months", "start", "end")
_STOP_KEYS = (
    "stopped",
    "on",
    "reason",
    "months_paid",
    "months_forfeited",
    "lump_sum",
    "overpaid",
)
_PAYMENT_KEYS = ("index", "period_start", "period_end", "amount", "pay_by")


def _person_data(person: Claimant) -> dict[str, Any]:
    """The claimant's fields that differ from the defaults, dates kept as dates."""
    data: dict[str, Any] = {}
    for field in dataclasses.fields(Claimant):
        value = getattr(person, field.name)
        if field.default is not dataclasses.MISSING and value == field.default:
            continue
        data[field.name] = value
    return data


def _expect(decision: Decision) -> dict[str, Any]:
    """The outcomes a printed scenario pins: eligibility, entitlement, payments, stop, totals."""
    full = decision.to_dict()
    out: dict[str, Any] = {"eligibility": {"eligible": full["eligibility"]["eligible"]}}
    if full["entitlement"] is not None:
        out["entitlement"] = {k: full["entitlement"][k] for k in _ENTITLEMENT_KEYS}
    out["schedule"] = [{k: p[k] for k in _PAYMENT_KEYS} for p in full["schedule"]]
    if full["stop"] is not None:
        out["stop"] = {k: full["stop"][k] for k in _STOP_KEYS}
    out["totals"] = full["totals"]
    return out


class _Dumper(yaml.SafeDumper):
    """Safe YAML without anchors: uibenefit's reader refuses aliases (`*id001`)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def as_scenario(
    policy_name: str,
    person: Claimant,
    events: Sequence[Event],
    as_of: dt.date | None,
    decision: Decision,
    *,
    name: str | None = None,
    why: str | None = None,
) -> str:
    """A scenario file (policy, one case) whose `expect:` is what the engine decided.

    Paste it into `scenarios/`, correct `expect:` to what the law says, and it becomes a
    regression case. `why` (e.g. the property that failed) is written as a comment on top.
    """
    case: dict[str, Any] = {
        "name": name or "a case found by a property test",
        "person": _person_data(person),
        "events": [{"kind": e.kind, "on": e.on} for e in events],
    }
    if as_of is not None:
        case["as_of"] = as_of
    case["expect"] = _expect(decision)
    body = yaml.dump(
        {"policy": policy_name, "cases": [case]},
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=None,
        width=100,
    )
    header = "# Found by a property test; `expect:` is what the engine decided: check it.\n"
    if why:
        header += "".join(f"# {line}\n" for line in why.splitlines())
    return header + body
