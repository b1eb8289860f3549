"""Properties of the engine over every input the public strategies build.

Each property is a plain function `check_*(policy, person, ...)` that raises AssertionError,
so `test_mutations.py` can run it against a mutated policy. The numbers the properties hold
the engine to (24 months, the 15th, 80%, ...) are a second transcription of the notices, not
read from the YAML: a typo in either shows. A failing check appends the case as a
ready-to-paste scenario (`uibenefit.testing.as_scenario`) to its message.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, Phase, example, find, given, settings
from hypothesis import strategies as st

from uibenefit import (
    EVENT_KINDS,
    SEPARATION_REASONS,
    Claimant,
    Decision,
    Event,
    InputError,
    Policy,
    UIBenefitError,
    load_policy,
)
from uibenefit.law._resources import bundled_dir
from uibenefit.law.calendar import WorkCalendar
from uibenefit.procedure.facts import month_end
from uibenefit.testing import (
    FIRST_DATE,
    area_codes,
    as_scenario,
    cases,
    claimants,
    coverage_end,
    dates,
    events,
    last_separation_date,
)
from uibenefit.values import _yaml
from uibenefit.values.claimant import INSURED_AS, POSITIONS, SEXES
from uibenefit.values.person_file import parse_person

D = dt.date
POLICY = load_policy("xingan")
CAL = WorkCalendar.bundled()


# -- the law's numbers, transcribed from the notices a second time --------------------------

SIL46_TIERS = ((120, 24), (60, 18), (12, 12))
"""社会保险法 第四十六条: 10 years and more 24 months, 5 to 10 years 18, 1 to 5 years 12."""
SIL46_MAX = 24
"""社会保险法 第四十六条: merged with unused months, at most 24 in all."""
IM_TIERS = (
    (120, 24), (108, 18), (96, 17), (84, 16), (72, 15), (60, 14), (48, 12), (36, 8), (24, 4), (12, 2)
)  # fmt: skip
"""内蒙古自治区失业保险实施办法 (reprints, background-law §2): by full years 1 → 2, 2 → 4, 3 → 8,
4 → 12, 5 → 14, 6 → 15, 7 → 16, 8 → 17, 9 → 18, 10 and more → 24 months."""
LEAGUE_SEAT = "152201"
"""乌兰浩特市: "统筹地区最低工资以盟市所在地为标准" (G10's default until 2024-07-31)."""
SG_FROM = D(2024, 8, 1)
"""The revised 实施办法 adds 3% for the special group from 2024-08-01 (IM-special-group-start)."""
XC7_CUTOFF = 15
"""XC7: claimed before the 15th, paid by the end of that month; after the 15th, the next."""
N1_FROM = D(2019, 12, 1)
"""N1: continuation applies from December 2019 …"""
N1_MONTHS = 12
"""… to those less than one year from the statutory retirement age."""
N2B_FROM = D(2020, 3, 6)
"""N2b (人社厅发〔2020〕24号, issued 2020-03-06): every month at the standard of the application date."""
IM6_RATE = Decimal("0.80")
"""IM6: months beyond the 24th at 80% of the pooling area's minimum wage."""
CENT = Decimal("0.01")


@dataclasses.dataclass(frozen=True)
class Standard:
    """Inner Mongolia's benefit standard: rates of months 1–12 and 13–24 on a minimum wage."""

    start: D
    base: str  # "seat": the league seat's tier (G10); "tier1": the region's first tier
    rates: tuple[Decimal, Decimal]
    special: tuple[Decimal, Decimal] | None = None
    open_ended: bool = False  # "从第十三个月开始": the second rate runs past month 24


STANDARDS = (
    Standard(D(2017, 8, 1), "seat", (Decimal("0.80"), Decimal("0.70"))),  # 内人社办发〔2017〕261号
    Standard(D(2021, 12, 1), "seat", (Decimal("0.90"), Decimal("0.80"))),
    Standard(  # 政府令第268号 第七条, the special group from 2024-08-01 (内人社办发〔2024〕195号)
        SG_FROM,
        "tier1",
        (Decimal("0.95"), Decimal("0.85")),
        (Decimal("0.98"), Decimal("0.88")),
        open_ended=True,
    ),
)


def standard_on(on: D) -> Standard | None:
    """The standard in force on a date, from the table above."""
    found = None
    for s in STANDARDS:
        if s.start <= on:
            found = s
    return found


def special_group(person: Claimant) -> bool:
    """IMS-2024-SG: 10 years of contributions and a man 50+ or woman 45+, or both spouses claim."""
    age = relativedelta(person.application_date, person.birth_date).years
    old = age >= 50 if person.sex == "male" else age >= 45
    return (person.contribution_months >= 120 and old) or person.spouse_receiving_benefit


def money(amount: Decimal) -> Decimal:
    """EP-ROUNDING: to the fen, half up."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def seat_wage(policy: Policy, on: D) -> Decimal:
    """The minimum wage of the league seat's tier on a date (G10: the pooling area's wage)."""
    tier = policy.value("minimum_wage_area_tiers", on)[LEAGUE_SEAT]
    return Decimal(policy.value("minimum_wage", on)[tier])


# -- failure output ----------------------------------------------------------------------------


def scenario_text(
    policy: Policy, person: Claimant, happened: Sequence[Event], as_of: D | None, why: str
) -> str:
    """The case as a scenario file, or the bare person if the engine cannot decide it."""
    try:
        decision = policy.evaluate(person, happened, as_of)
    except Exception as exc:  # the case itself crashes: print what we have
        data = {"person": person.to_dict(), "events": [e.to_dict() for e in happened]}
        return f"# evaluate raised {exc!r}\n{yaml.safe_dump(data, sort_keys=False)}"
    return as_scenario(policy.name, person, happened, as_of, decision, why=why)


@contextmanager
def scenario_on_failure(
    policy: Policy, person: Claimant, happened: Sequence[Event] = (), as_of: D | None = None
) -> Iterator[None]:
    """Re-raise a failed check with the case as a ready-to-paste scenario."""
    try:
        yield
    except AssertionError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "a property failed"
        text = scenario_text(policy, person, happened, as_of, f"property failed: {first}")
        raise AssertionError(f"{exc}\n\nThe case as a scenario:\n{text}") from None


# -- the properties, as plain functions ------------------------------------------------------


def check_more_contributions_never_hurt(policy: Policy, person: Claimant, more: int) -> None:
    """More contribution months never lose eligibility nor regular months."""
    richer = person.replace(contribution_months=min(person.contribution_months + more, 1200))
    with scenario_on_failure(policy, richer):
        before, after = policy.eligibility(person).eligible, policy.eligibility(richer).eligible
        assert after or not before, (
            f"eligible with {person.contribution_months} months, not with {richer.contribution_months}"
        )
        got = policy.entitlement(person).regular_months
        more_got = policy.entitlement(richer).regular_months
        assert more_got >= got, f"{got} regular months, {more_got} with more contributions"


def check_regular_months(policy: Policy, person: Claimant) -> None:
    """Regular months follow the region's tiers (inside SIL-46's caps) plus unused months, at
    most 24 in all; under the national layer alone SIL-46's own tiers."""
    with scenario_on_failure(policy, person):
        eligible = policy.eligibility(person).eligible
        ent = policy.entitlement(person)
        tiers = SIL46_TIERS if policy.layers == ("national",) else IM_TIERS
        tier = next((m for least, m in tiers if person.contribution_months >= least), 0)
        expected = min(tier + person.prior_unused_months, SIL46_MAX) if eligible else 0
        assert ent.regular_months <= SIL46_MAX, f"{ent.regular_months} regular months > 24"
        assert ent.regular_months == expected, (
            f"{ent.regular_months} regular months; the tiers give {tier} + "
            f"{person.prior_unused_months} unused, capped at 24 = {expected}"
        )


def check_schedule_shape(policy: Policy, person: Claimant) -> None:
    """One month per entitlement month, contiguous, each computed from the start; continuation per N1."""
    with scenario_on_failure(policy, person):
        ent = policy.entitlement(person)
        schedule = policy.payout_schedule(person)
        retire = policy.retirement_date(person)
        assert len(schedule) == ent.total_months == ent.regular_months + ent.continuation_months
        for i, p in enumerate(schedule, start=1):
            assert p.index == i
            assert p.period_start == ent.start + relativedelta(months=i - 1), (
                f"month {i} starts {p.period_start}, not start {ent.start} + {i - 1} months"
            )
            assert p.period_start <= p.period_end
            if i < len(schedule):
                nxt = schedule[i]
                assert p.period_end + dt.timedelta(days=1) == nxt.period_start, (
                    f"month {i} ends {p.period_end}, month {i + 1} starts {nxt.period_start}"
                )
            assert p.phase == ("regular" if i <= ent.regular_months else "continuation")
            if i > SIL46_MAX:
                assert p.phase == "continuation", f"month {i} > 24 outside continuation"
            if p.phase == "continuation":
                assert p.period_start < retire, (
                    f"continuation month {i} starts {p.period_start}, on or after retirement {retire}"
                )
        if schedule:
            assert schedule[-1].period_end == ent.end
        # N1: continuation iff the regular period ends from 2019-12 within a year of retirement.
        if ent.regular_months:
            regular_end = schedule[ent.regular_months - 1].period_end
            due = (
                regular_end >= N1_FROM
                and regular_end + relativedelta(months=N1_MONTHS) > retire
                and regular_end + dt.timedelta(days=1) < retire
            )
            if due:
                assert ent.end == retire - dt.timedelta(days=1), (
                    f"regular period ends {regular_end}, retirement {retire}: "
                    f"continuation should run to {retire - dt.timedelta(days=1)}, ends {ent.end}"
                )
            else:
                assert ent.continuation_months == 0, f"continuation without N1 (ends {regular_end})"


def check_amounts(policy: Policy, person: Claimant) -> None:
    """Months 1–24 at the standard in force on the application date; beyond 24 at IM6's 80%
    until 2024-07-31, then at the month-13-on rate."""
    with scenario_on_failure(policy, person):
        on = person.application_date
        std = standard_on(on)
        for p in policy.payout_schedule(person):
            if p.index > SIL46_MAX and not (std is not None and std.open_ended):
                base = seat_wage(policy, on)
                assert p.phase == "continuation"
                assert (p.rate, p.base) == (IM6_RATE, base), (
                    f"month {p.index}: {p.base} × {p.rate}, IM6 says {base} × 80%"
                )
                assert p.amount == money(base * IM6_RATE)
                continue
            if std is None:
                assert p.amount is None, f"month {p.index} paid {p.amount} before any standard"
                continue
            pair = std.special if std.special and special_group(person) else std.rates
            rate = pair[0] if p.index <= 12 else pair[1]
            if std.base == "seat":
                base = seat_wage(policy, on)
            else:
                base = Decimal(policy.value("minimum_wage", on)[1])
            assert (p.rate, p.base) == (rate, base), (
                f"month {p.index} claimed {on}: {p.base} × {p.rate}, the standard of "
                f"{std.start} says {base} × {rate}"
            )
            assert p.amount == money(base * rate), f"{p.amount} != {base} × {rate}"


def check_pay_by(policy: Policy, person: Claimant) -> None:
    """XC7: by the 15th paid that month, after the 15th the next; then a month apart, strictly later."""
    with scenario_on_failure(policy, person):
        schedule = policy.payout_schedule(person)
        pays = [p.pay_by for p in schedule]
        set_dates = [d for d in pays if d is not None]
        assert len(set_dates) in (0, len(pays)), "some months have a pay-by date, some not"
        assert all(a < b for a, b in itertools.pairwise(set_dates)), f"pay-by dates {set_dates}"
        if not set_dates:
            return
        claim = person.application_date
        shifts = {0, 1} if claim.day == XC7_CUTOFF else {0 if claim.day < XC7_CUTOFF else 1}
        first = set_dates[0]
        allowed = {
            month_end(m.year, m.month)
            for m in (claim.replace(day=1) + relativedelta(months=s) for s in shifts)
        }
        assert first in allowed, (
            f"claimed {claim}: month 1 paid by {first}, XC7 says {sorted(allowed)}"
        )
        for i, d in enumerate(set_dates):
            target = first.replace(day=1) + relativedelta(months=i)
            assert d == month_end(target.year, target.month), f"month {i + 1} paid by {d}"


def check_stop(
    policy: Policy, person: Claimant, happened: Sequence[Event], as_of: D | None
) -> None:
    """Paid + forfeited = entitlement; nothing paid after the stop; lump sum = the rest; no early overpayment."""
    with scenario_on_failure(policy, person, happened, as_of):
        ent = policy.entitlement(person)
        schedule = policy.payout_schedule(person)
        stop = policy.stop(person, happened, as_of)
        assert stop.months_paid + stop.months_forfeited == ent.total_months
        effective = [e for e in happened if e.on <= ent.end]
        if not effective or not schedule:
            assert not stop.stopped and stop.months_paid == ent.total_months
            assert stop.lump_sum is None and stop.overpaid == 0
            return
        assert stop.stopped and stop.on == min(e.on for e in effective)
        assert stop.reason in {e.kind for e in effective if e.on == stop.on}
        ground = policy.stop_grounds[stop.reason]
        paid, rest = schedule[: stop.months_paid], schedule[stop.months_paid :]
        for p in paid:
            assert p.period_start <= stop.on, (
                f"month {p.index} starts {p.period_start}, after the stop"
            )
            if ground.last_month_paid == "started_before":
                assert p.period_start < stop.on, f"month {p.index} starts on the stop, yet is paid"
        for p in rest:
            assert p.period_start >= stop.on, f"month {p.index} began before the stop, not paid"
        if ground.effect == "lump_sum" and rest and stop.on >= ent.start:
            amounts = [p.amount for p in rest]
            expected = None if None in amounts else sum(amounts, Decimal(0))  # type: ignore[arg-type]
            assert stop.lump_sum == expected, f"lump sum {stop.lump_sum}, the rest is {expected}"
        else:
            assert stop.lump_sum is None
        owed = sum(
            (p.amount for p in rest if p.amount and p.pay_by and as_of and p.pay_by <= as_of),
            Decimal(0),
        )
        if stop.lump_sum is not None:  # the rest is owed at once: what was paid monthly counts
            assert stop.overpaid == 0 and stop.lump_sum_outstanding == stop.lump_sum - owed
        elif ground.effect == "stop":
            # N8: not known (None, never 0) where a later month has no pay-by date or a
            # month that fell due has no amount
            unknown = as_of is not None and (
                any(p.pay_by is None for p in rest)
                or any(p.amount is None for p in rest if p.pay_by and p.pay_by <= as_of)
            )
            expected_over = None if unknown else owed
            assert stop.overpaid == expected_over, (
                f"overpaid {stop.overpaid}, months paid after: {expected_over}"
            )
        if as_of is None:
            assert stop.overpaid == 0, f"overpaid {stop.overpaid} without an audit date"
        elif as_of < stop.on:
            assert not stop.overpaid, f"overpaid {stop.overpaid} on {as_of}, before {stop.on}"
        decision = policy.evaluate(person, happened, as_of)
        if all(p.amount is not None for p in paid):
            expected_paid = sum((p.amount for p in paid if p.amount is not None), Decimal(0))
            assert decision.totals.get("paid_monthly") == expected_paid


DEADLINE_UNITS = ("days", "working_days")
"""Units that count a period to a last day (民法典 201, 203); same_day and month starts do not."""


def check_deadlines(policy: Policy, person: Claimant) -> None:
    """7 working days never end before 7 days; every deadline counted in days is a working day."""
    with scenario_on_failure(policy, person):
        left = person.separation_date
        working, days = CAL.add_working_days(left, 7), CAL.days_deadline(left, 7)
        assert working >= days, f"7 working days after {left}: {working}, 7 days: {days}"
        assert CAL.is_working_day(working) and CAL.is_working_day(days)
        papers = policy.paperwork(person)
        sections = policy.resolved.sections
        dated: list[tuple[str, Any, D]] = []  # (act or id, the `due:` rule, the date)
        for section, items in (
            ("employer_obligations", papers.employer_obligations),
            ("claimant_documents", papers.claimant_documents),
            ("notices", papers.notices),
        ):
            for item in items:
                rule = getattr(sections[section][item.id].item, "due", None)
                when = getattr(item, "due", None)
                if rule is not None and when is not None and rule.unit in DEADLINE_UNITS:
                    dated.append((getattr(item, "act", item.id), rule, when))
                    assert CAL.is_working_day(when), f"{item.id} due {when}, not a working day"
        for act, rule, when in dated:
            for other_act, other, other_when in dated:
                same = act == other_act and (rule.count, rule.after) == (other.count, other.after)
                if same and rule.unit == "working_days" and other.unit == "days":
                    assert when >= other_when, (
                        f"{act}: {rule.count} working days end {when}, before {other_when}"
                    )


def comparable(decision: Decision, name: str, as_name: str) -> dict[str, Any]:
    """The decision with its policy's name (messages quote it) read as another's; the chain's
    layer names and document numbers are its identity, not its answer."""
    data = decision.to_dict()
    data.pop("policy")
    data.pop("documents")
    data.pop("origin")  # which files, not what they say
    text = json.dumps(data, ensure_ascii=False)
    out: dict[str, Any] = json.loads(text.replace(name, as_name) if name != as_name else text)
    return out


def check_same_decisions(
    policy: Policy, other: Policy, person: Claimant, happened: Sequence[Event], as_of: D | None
) -> None:
    """Two policies that say the same thing decide every case the same way.

    Messages that name the policy are compared with `other`'s name read as `policy`'s, so
    `other` needs a name no decision otherwise contains.
    """
    with scenario_on_failure(policy, person, happened, as_of):
        a = comparable(policy.evaluate(person, happened, as_of), policy.name, policy.name)
        b = comparable(other.evaluate(person, happened, as_of), other.name, policy.name)
        changed = sorted(k for k in a if a[k] != b[k])
        assert not changed, f"{other.name} changes {', '.join(changed)}"


def check_deterministic(
    policy: Policy, person: Claimant, happened: Sequence[Event], as_of: D | None
) -> None:
    """The same question gets the same answer, and to_dict() survives JSON unchanged."""
    with scenario_on_failure(policy, person, happened, as_of):
        first = policy.evaluate(person, happened, as_of)
        again = policy.evaluate(person, happened, as_of)
        assert first == again
        data = first.to_dict()
        assert data == again.to_dict()
        assert json.loads(json.dumps(data, ensure_ascii=False)) == data
        for lang in ("zh", "en"):
            assert first.explain(lang) == again.explain(lang)


# -- the hypothesis tests ----------------------------------------------------------------------

PEOPLE = claimants(POLICY)
ELIGIBLE = claimants(POLICY, eligible_only=True)
CASES = cases(POLICY)
STOPS = cases(POLICY, eligible_only=True, min_events=1)


@given(PEOPLE, st.integers(0, 240))
def test_more_contributions_never_hurt(person: Claimant, more: int) -> None:
    """Eligibility never turns false and regular months never decrease as contributions grow."""
    check_more_contributions_never_hurt(POLICY, person, more)


@given(PEOPLE)
def test_regular_months_follow_sil46(person: Claimant) -> None:
    """Regular months are SIL-46's 12/18/24 plus unused months, never above 24."""
    check_regular_months(POLICY, person)


@given(ELIGIBLE)
def test_schedule_is_contiguous_and_computed_from_the_start(person: Claimant) -> None:
    """Benefit months are contiguous, one per entitlement month, continuation only per N1."""
    check_schedule_shape(POLICY, person)


@given(claimants(POLICY, eligible_only=True, min_date=N2B_FROM))
def test_amounts_follow_the_standard_of_the_application_date(person: Claimant) -> None:
    """Months 1–24 are paid at the standard on the application date, later ones at IM6's 80%."""
    check_amounts(POLICY, person)


A_2017_CLAIM = Claimant(
    birth_date=D(1970, 5, 1),
    sex="male",
    position="worker",
    insured_as="employee",
    contribution_months=100,
    separation_date=D(2017, 7, 1),
    separation_reason="contract_expired",
    application_date=D(2017, 8, 1),
    registration_date=D(2017, 7, 1),
    insured_area="152201",
)


def test_a_claim_before_n2b_follows_the_standard_of_the_application_date() -> None:
    """A 2017 claim is paid at the standard of its application date, as the contract says."""
    check_amounts(POLICY, A_2017_CLAIM)


@given(ELIGIBLE)
def test_pay_by_dates_follow_xc7(person: Claimant) -> None:
    """Pay-by dates follow XC7's 15th and strictly increase."""
    check_pay_by(POLICY, person)


@given(STOPS)
def test_stops_split_the_entitlement(case: Any) -> None:
    """Paid and forfeited months add up, nothing is paid after a stop, lump sum = the rest."""
    check_stop(POLICY, case.person, case.events, case.as_of)


@given(claimants(POLICY))
def test_deadlines_are_working_days(person: Claimant) -> None:
    """7 working days never end before 7 days, and every deadline is a working day."""
    check_deadlines(POLICY, person)


@given(CASES)
def test_evaluation_is_deterministic_and_round_trips_json(case: Any) -> None:
    """The same case twice gives equal decisions; to_dict() round-trips through JSON."""
    check_deterministic(POLICY, case.person, case.events, case.as_of)


@given(CASES)
def test_strategies_never_make_the_engine_raise(case: Any) -> None:
    """Every case the strategies build gets a decision and an explanation, never an exception."""
    with scenario_on_failure(POLICY, case.person, case.events, case.as_of):
        decision = POLICY.evaluate(case.person, case.events, case.as_of)
        assert isinstance(decision, Decision)
        assert decision.explain("en") and decision.explain("zh")


# -- layers ----------------------------------------------------------------------------------


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))


class _PolicyDumper(yaml.SafeDumper):
    """Writes Decimals as YAML numbers (read back as the same Decimal), and no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_PolicyDumper.add_representer(Decimal, _decimal)


def _header(layer: str, parent: str) -> dict[str, Any]:
    return {
        "format": 1,
        "layer": layer,
        "extends": parent,
        "document": {
            "number": f"test {layer}",
            "title": "a layer written by the property tests",
            "issuer": "tests",
            "issued": D(2020, 1, 1),
        },
    }


def write_layer(directory: Path, layer: str, parent: Path, **sections: Any) -> Path:
    """A child layer file extending `parent` by relative path."""
    path = directory / f"{layer}.yaml"
    data = _header(layer, os.path.relpath(parent, directory)) | sections
    path.write_text(yaml.dump(data, Dumper=_PolicyDumper, allow_unicode=True, sort_keys=False))
    return path


def raw_item(policy: Policy, section: str, item_id: str) -> dict[str, Any]:
    """An item as written in its layer file."""
    entry = policy.resolved.sections[section][item_id]
    node: Any = entry.doc.data
    for key in entry.at:
        node = node[key]
    assert isinstance(node, dict)
    return dict(node)


@pytest.fixture(scope="module")
def noop_policy(tmp_path_factory: pytest.TempPathFactory) -> Policy:
    """xingan, extended by a layer with only a header."""
    directory = tmp_path_factory.mktemp("noop")
    return load_policy(write_layer(directory, "unchanged_layer", bundled_dir() / "xingan.yaml"))


@pytest.fixture(scope="module")
def same_value_policy(tmp_path_factory: pytest.TempPathFactory) -> Policy:
    """xingan, extended by a layer overriding every parameter with the value it already has."""
    directory = tmp_path_factory.mktemp("same")
    items = [
        raw_item(POLICY, "parameters", pid) | {"change": "override"}
        for pid in POLICY.resolved.parameters
    ]
    path = write_layer(
        directory, "same_values_layer", bundled_dir() / "xingan.yaml", parameters=items
    )
    return load_policy(path)


@given(CASES)
def test_a_layer_that_changes_nothing_changes_no_decision(noop_policy: Policy, case: Any) -> None:
    """A child layer with only a header decides every case as its parent does."""
    assert noop_policy.layers == (*POLICY.layers, "unchanged_layer")
    check_same_decisions(POLICY, noop_policy, case.person, case.events, case.as_of)


@given(CASES)
def test_overriding_with_the_same_value_changes_nothing(
    same_value_policy: Policy, case: Any
) -> None:
    """Overriding every parameter with its own value decides every case as before."""
    overridden = same_value_policy.resolved.parameters
    assert all(t.entry.where.layer == "same_values_layer" for t in overridden.values())
    check_same_decisions(POLICY, same_value_policy, case.person, case.events, case.as_of)


def covered_days() -> Iterator[D]:
    """Every day from FIRST_DATE to the end of the calendar."""
    day = FIRST_DATE
    while day <= coverage_end():
        yield day
        day += dt.timedelta(days=1)


NO_VALUE_ON_PURPOSE = {"beyond_regular_months"}
"""IM-beyond-24: from 2024-08-01 no separate rule prices months beyond 24 (the standard's
month-13-on band does). (G8's online_claiming_live has a value, 2022-09-06, since the
2026-12-07 revision; its alternative null is a what-if.)"""


def test_every_dated_parameter_has_exactly_one_value_on_every_covered_date() -> None:
    """From its first date to the calendar's end each parameter has one non-null value a day."""
    for pid, table in POLICY.resolved.parameters.items():
        starts = [v.start for v in table.values]
        ends = [*starts[1:], D.max]
        for day in covered_days():
            holding = [v for v, end in zip(table.values, ends, strict=True) if v.start <= day < end]
            if day < starts[0]:
                assert not holding and table.at(day) is None, (
                    f"{pid} has a value before {starts[0]}"
                )
                continue
            assert len(holding) == 1, f"{pid} has {len(holding)} values on {day}"
            assert table.at(day) is holding[0].value
            if pid not in NO_VALUE_ON_PURPOSE:
                assert holding[0].value is not None, f"{pid} has no value on {day} (a gap)"


def test_every_area_tier_and_benefit_month_has_a_rate_on_every_date() -> None:
    """Each area's tier has a minimum wage, and each standard rates months 1–24, on every date."""
    for day in covered_days():
        tiers = POLICY.value("minimum_wage_area_tiers", day)
        wages = POLICY.value("minimum_wage", day)
        if tiers is not None:
            for area, tier in tiers.items():
                assert tier in wages, f"{area} is tier {tier} on {day}; no such wage"
        std = POLICY.value("benefit_standard", day)
        if std is not None:
            for bands in [std.rates] + ([std.special_group.rates] if std.special_group else []):
                assert any(
                    b.through_month is None or b.through_month >= SIL46_MAX for b in bands
                ), f"standard on {day}"


# -- the strategies themselves ---------------------------------------------------------------


@given(claimants(POLICY))
def test_claimants_are_valid_and_inside_the_calendar(person: Claimant) -> None:
    """Every claimant the strategy builds is valid, separated 2017 to before the calendar's end."""
    assert FIRST_DATE <= person.separation_date <= last_separation_date(POLICY)
    assert person.separation_date <= person.application_date <= last_separation_date(POLICY)
    assert person.insured_area in area_codes(POLICY)
    assert (
        Claimant(**{f.name: getattr(person, f.name) for f in dataclasses.fields(person)}) == person
    )


@given(claimants(POLICY, eligible_only=True))
def test_eligible_only_draws_eligible_people(person: Claimant) -> None:
    """claimants(eligible_only=True) only draws people the policy finds eligible."""
    assert POLICY.eligibility(person).eligible


FIND = settings(
    max_examples=2000,
    phases=[Phase.generate],
    database=None,
    suppress_health_check=list(HealthCheck),
)
"""`find` without shrinking: any example will do, the smallest is not needed."""


@pytest.mark.parametrize(
    ("what", "values", "of"),
    [
        ("separation_reason", SEPARATION_REASONS, lambda p: p.separation_reason),
        ("sex", SEXES, lambda p: p.sex),
        ("position", POSITIONS, lambda p: p.position),
        ("insured_as", INSURED_AS, lambda p: p.insured_as),
        ("insured_area", area_codes("xingan"), lambda p: p.insured_area),
        ("separation year", range(2017, coverage_end().year + 1), lambda p: p.separation_date.year),
    ],
)
def test_claimants_cover_every_value(what: str, values: Sequence[Any], of: Any) -> None:
    """The claimant strategy reaches every reason, sex, position, insurance, area and year."""
    for value in values:
        found = find(claimants(POLICY), lambda p, v=value: of(p) == v, settings=FIND)
        assert of(found) == value, what


def test_area_codes_are_read_from_the_policy() -> None:
    """The areas are the Xing'an codes of minimum_wage_area_tiers: the league's own level
    152200 (兴安盟本级, IMP-LEAGUE), 152201, 152202, 152221–152224."""
    assert area_codes("xingan") == (
        "152200",
        "152201",
        "152202",
        "152221",
        "152222",
        "152223",
        "152224",
    )


@pytest.mark.parametrize("kind", EVENT_KINDS)
def test_events_cover_every_kind(kind: str) -> None:
    """The event strategy reaches every event kind."""
    found = find(events(min_size=1), lambda es: any(e.kind == kind for e in es), settings=FIND)
    assert any(e.kind == kind for e in found)


@given(dates())
def test_dates_run_from_2017_to_the_end_of_the_calendar(day: D) -> None:
    """dates() stays within 2017-01-01 and the last covered day (2026-12-31 with the 2026 schedule)."""
    assert D(2017, 1, 1) <= day <= coverage_end()
    assert CAL.covers(day)


@given(cases(POLICY))
def test_as_scenario_parses_back_to_the_same_case(case: Any) -> None:
    """as_scenario's YAML reads back (yaml.safe_load) as the same person, events and outcome."""
    decision = POLICY.evaluate(case.person, case.events, case.as_of)
    text = as_scenario("xingan", case.person, case.events, case.as_of, decision, why="x\ny")
    data = yaml.safe_load(text)
    assert data["policy"] == "xingan"
    (back,) = data["cases"]
    assert Claimant.from_mapping(back["person"]) == case.person
    assert [Event.from_mapping(e) for e in back["events"]] == case.events
    assert back.get("as_of") == case.as_of
    full = decision.to_dict()
    assert back["expect"]["eligibility"]["eligible"] is full["eligibility"]["eligible"]
    assert back["expect"]["totals"] == full["totals"]
    assert len(back["expect"]["schedule"]) == len(full["schedule"])


def test_a_failing_check_prints_the_case_as_a_scenario() -> None:
    """A check that fails appends the case in the scenario format to its message."""
    person = Claimant(
        birth_date=D(1970, 5, 1),
        sex="male",
        position="worker",
        insured_as="employee",
        contribution_months=100,
        separation_date=D(2021, 3, 1),
        separation_reason="contract_expired",
        application_date=D(2021, 3, 5),
        insured_area="152201",
    )
    with pytest.raises(AssertionError) as failed, scenario_on_failure(POLICY, person):
        raise AssertionError("deliberately")
    message = str(failed.value)
    scenario = yaml.safe_load(message.split("The case as a scenario:\n", 1)[1])
    assert scenario["cases"][0]["person"]["application_date"] == D(2021, 3, 5)
    assert "property failed: deliberately" in message


# -- hostile input -----------------------------------------------------------------------------

YAML_PIECES = st.sampled_from(
    [
        ":",
        ": ",
        "- ",
        "\n",
        "  ",
        "{",
        "}",
        "[",
        "]",
        ",",
        "&a ",
        "*a",
        "!!binary ",
        "!!python/object ",
        "0x1F",
        "0o7",
        ".inf",
        ".nan",
        "2020-01-01",
        "2020-13-45",
        "2020-01-01 10:00:00",
        "'",
        '"',
        "# ",
        "? ",
        "|",
        ">",
        "%YAML 1.1\n",
        "---\n",
        "...\n",
        "on",
        "yes",
        "null",
        "~",
        "1e3",
        "\t",
        "birth_date",
        "sex",
        "events",
        "kind",
        "format",
        "layer",
        "extends",
        "value",
        "from",
        "é",
        "\x00",
        "12",
        "-1",
        "99999999999999999999",
        "true",
        "male",
        "152201",
        "xingan",
    ]
)
YAMLISH = st.one_of(st.text(max_size=200), st.lists(YAML_PIECES, max_size=40).map("".join))


@given(YAMLISH)
@example("a: 1:20")
@example("name: a\x08b\n")
@example("birth_date: 1970-01-01\nevents: [{kind: died, on: 2020-01-01}]")
def test_hostile_yaml_raises_only_uibenefit_errors(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    """Any text, read as a person file or a policy file, is accepted or refused with a UIBenefitError."""
    try:
        doc = _yaml.loads(text, "hostile.yaml")
    except UIBenefitError:
        return
    with suppress(UIBenefitError):
        parse_person(doc.data, doc)
    path = tmp_path_factory.getbasetemp() / "hostile-policy.yaml"
    path.write_text(text, encoding="utf-8")
    with suppress(UIBenefitError):
        load_policy(path)


ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.decimals(allow_nan=True),
    st.text(max_size=12),
    st.dates(),
    st.datetimes(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _field_values(field: dataclasses.Field[Any]) -> st.SearchStrategy[Any]:
    """Mostly plausible values for a Claimant field, often anything at all."""
    plausible: dict[str, st.SearchStrategy[Any]] = {
        "sex": st.sampled_from(SEXES),
        "position": st.sampled_from(POSITIONS),
        "insured_as": st.sampled_from(INSURED_AS),
        "separation_reason": st.sampled_from(SEPARATION_REASONS),
        "registered_reason": st.sampled_from(SEPARATION_REASONS),
        "insured_area": st.one_of(
            st.sampled_from(area_codes(POLICY)), st.text("0123456789", min_size=6, max_size=6)
        ),
        "contribution_months": st.integers(-5, 1300),
        "prior_unused_months": st.integers(-2, 30),
    }
    if field.type in ("dt.date", "dt.date | None"):
        good: st.SearchStrategy[Any] = st.dates(D(1890, 1, 1), D(2110, 12, 31))
    elif field.type == "bool":
        good = st.booleans()
    else:
        good = plausible.get(field.name, ANYTHING)
    return st.one_of(good, good, good, ANYTHING)


CLAIMANT_KWARGS = st.fixed_dictionaries(
    {
        f.name: _field_values(f)
        for f in dataclasses.fields(Claimant)
        if f.default is dataclasses.MISSING
    },
    optional={
        f.name: _field_values(f)
        for f in dataclasses.fields(Claimant)
        if f.default is not dataclasses.MISSING
    },
)


@given(
    CLAIMANT_KWARGS,
    st.lists(
        st.fixed_dictionaries(
            {"kind": ANYTHING | st.sampled_from(EVENT_KINDS), "on": ANYTHING | st.dates()}
        ),
        max_size=2,
    ),
)
def test_random_claimants_raise_only_uibenefit_errors(
    kwargs: dict[str, Any], raw_events: list[dict[str, Any]]
) -> None:
    """Claimant(**random values) and its evaluation either work or raise a UIBenefitError."""
    try:
        person = Claimant(**kwargs)
        happened = [Event(**e) for e in raw_events]
    except UIBenefitError:
        return
    with suppress(UIBenefitError):
        POLICY.evaluate(person, happened, person.application_date)


@given(
    st.dictionaries(
        st.sampled_from([f.name for f in dataclasses.fields(Claimant)] + ["events", "x"]),
        ANYTHING | st.lists(ANYTHING, max_size=2),
    )
)
def test_random_person_files_raise_only_input_errors(data: dict[str, Any]) -> None:
    """A person mapping of random values is read or refused with an InputError naming the file."""
    doc = _yaml.loads("{}", "person.yaml")
    try:
        parse_person(data, doc)
    except UIBenefitError as exc:
        assert isinstance(exc, InputError) and exc.path == "person.yaml", repr(exc)


@given(cases(POLICY))
def test_as_scenario_passes_the_scenario_runner(
    tmp_path_factory: pytest.TempPathFactory, case: Any
) -> None:
    """A printed scenario loads in the scenario runner and passes against the policy that made it."""
    scenarios = pytest.importorskip("uibenefit.tools.scenarios")
    decision = POLICY.evaluate(case.person, case.events, case.as_of)
    path = tmp_path_factory.getbasetemp() / "printed.yaml"
    path.write_text(as_scenario("xingan", case.person, case.events, case.as_of, decision))
    (printed,) = scenarios.load_scenarios(path).cases
    result = scenarios.Runner().run(printed, POLICY)
    assert result.passed, result.report()
