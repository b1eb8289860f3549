"""Who is entitled, and for how long: the facts conditions read, eligibility and entitlement.

Everything here is a pure function of (policy, claimant). Numbers, dates and readings come
from the policy's parameters; this module only knows how to combine them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from . import retirement
from .calendar import WorkCalendar
from .claimant import INSURED_AS, POSITIONS, SEPARATION_REASONS, SEXES, Claimant
from .results import Citation, Eligibility, Entitlement, Finding
from .retirement import add_months

if TYPE_CHECKING:
    from .policy import Policy

ONE_DAY = dt.timedelta(days=1)

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
"""The variables a condition in a policy file may read, with their kinds."""

FACT_CHOICES: dict[str, tuple[str, ...]] = {
    "sex": SEXES,
    "position": POSITIONS,
    "insured_as": INSURED_AS,
    "separation_reason": SEPARATION_REASONS,
    "registered_reason": SEPARATION_REASONS,
}
"""The codes a text variable can hold, so a misspelt code in a condition fails at load."""


# -- dates ---------------------------------------------------------------------------------


def month_end(year: int, month: int) -> dt.date:
    """The last day of a calendar month."""
    return add_months(dt.date(year, 1, 31), month - 1)  # 31 January, clamped to the month


def age_in_years(birth: dt.date, on: dt.date) -> int:
    """Whole years of age on a date (a birthday on 29 February counts on 28 February)."""
    years = on.year - birth.year
    return years - 1 if add_months(birth, 12 * years) > on else years


def period(start: dt.date, index: int) -> tuple[dt.date, dt.date]:
    """Benefit month `index` (1-based): computed from the start, never chained."""
    return add_months(start, index - 1), add_months(start, index) - ONE_DAY


def start_date(policy: Policy, person: Claimant) -> dt.date:
    """Benefit runs from the registration date (SIL-50, IM1); with none, from the claim (N5, IM7)."""
    rule = policy.required("benefit_start", person.application_date)
    if rule == "registration_date" and person.registration_date is not None:
        return person.registration_date
    return person.application_date


def _old_age_reached(policy: Policy, person: Claimant) -> tuple[str, dt.date]:
    """Which age applies, and the day the person reaches it under the first rule (no delay)."""
    key = retirement.age_key(person.sex, person.position)
    first = policy.table("retirement_age").values[0].value
    return key, retirement.old_age_date(person.birth_date, first, key)


def retirement_date(policy: Policy, person: Claimant) -> dt.date:
    """Statutory retirement date under the law in force when the old age is reached."""
    key, reached = _old_age_reached(policy, person)
    table = policy.table("retirement_age")
    ages = table.at(reached) or table.values[0].value
    return retirement.retirement_date(person.birth_date, ages, key)


def retirement_citation(policy: Policy, person: Claimant) -> Citation:
    """The clause of the retirement rule applied: GF1978/IM2's ages or the 2025 reform (RR-1)."""
    _, reached = _old_age_reached(policy, person)
    return policy.param_citation("retirement_age", reached)


# -- facts and eligibility -----------------------------------------------------------------


def facts(policy: Policy, person: Claimant) -> dict[str, Any]:
    """The values conditions read, computed once per claimant."""
    start = start_date(policy, person)
    retire = retirement_date(policy, person)
    names: dict[str, str] = {}
    if policy.has("separation_reason_names"):
        names = policy.value("separation_reason_names", person.application_date) or {}
    registered = person.registered_reason
    return {
        "contribution_months": person.contribution_months,
        "separation_reason": person.separation_reason,
        "registered_reason": person.registered_reason,
        "reason_differs": person.registered_reason is not None
        and person.registered_reason != person.separation_reason,
        "sex": person.sex,
        "position": person.position,
        "insured_as": person.insured_as,
        "seeking_work": person.seeking_work,
        "receiving_pension": person.receiving_pension,
        "spouse_receiving_benefit": person.spouse_receiving_benefit,
        "prior_unused_months": person.prior_unused_months,
        "insured_area": person.insured_area,
        "separation_date": person.separation_date,
        "application_date": person.application_date,
        "registration_date": person.registration_date or person.application_date,
        "registered_at_claim": person.registration_date is None,
        "start_date": start,
        "days_to_claim": (person.application_date - person.separation_date).days,
        **_claim_period(policy, person),
        "age_years_on_application": age_in_years(person.birth_date, person.application_date),
        "retirement_date": retire,
        "past_retirement_age_on_start": start >= retire,
        "separation_reason_name": names.get(person.separation_reason, person.separation_reason),
        "registered_reason_name": None if registered is None else names.get(registered, registered),
    }


def _claim_period(policy: Policy, person: Claimant) -> dict[str, Any]:
    """The last day of the claim period (N4b's 60 日), and whether the claim came after it.

    "N 日内" ends on the separation date + N, moved to the next working day when that is a
    rest day or holiday (民法典 第二百零一条, 第二百零三条). Past the calendar's years the day
    itself is used, so a claim is never called late on a guessed holiday schedule only.
    """
    days = (
        policy.value("claim_period_days", person.application_date)
        if policy.has("claim_period_days")
        else None
    )
    if days is None:
        return {"claim_period_end": None, "late_claim": False}
    last = person.separation_date + dt.timedelta(days=int(days))
    calendar = WorkCalendar.bundled()
    if calendar.covers(last):
        last = calendar.days_deadline(person.separation_date, int(days))
    return {"claim_period_end": last, "late_claim": person.application_date > last}


def eligibility(policy: Policy, person: Claimant, f: dict[str, Any] | None = None) -> Eligibility:
    """Every eligibility rule of the policy, in file order, then the notes that apply."""
    if f is None:
        f = facts(policy, person)
    shown = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in f.items()}
    param = policy.lookup(person.application_date)
    findings: list[Finding] = []
    eligible = True
    for rule in policy.rules:
        if rule.when is not None and not rule.when.holds(f, param):
            continue
        ok, leaves = rule.requires.trace(f, param)
        eligible = eligible and ok
        text = rule.passed if ok else rule.failed
        findings.append(
            Finding(
                rule.id,
                ok,
                text.zh.format_map(shown),
                text.en.format_map(shown),
                policy.cite(rule.clause),
                tuple(str(leaf) for leaf in leaves),
            )
        )
    for note in policy.notes:
        ok, leaves = note.when.trace(f, param) if note.when is not None else (True, [])
        if ok:
            findings.append(
                Finding(
                    note.id,
                    None,
                    note.text.zh.format_map(shown),
                    note.text.en.format_map(shown),
                    policy.cite(note.clause),
                    tuple(str(leaf) for leaf in leaves),
                )
            )
    return Eligibility(eligible, tuple(findings))


def is_eligible(policy: Policy, person: Claimant, f: dict[str, Any] | None = None) -> bool:
    """`eligibility(...).eligible` without building the findings."""
    if f is None:
        f = facts(policy, person)
    param = policy.lookup(person.application_date)
    return all(
        rule.requires.holds(f, param)
        for rule in policy.rules
        if rule.when is None or rule.when.holds(f, param)
    )


# -- entitlement ---------------------------------------------------------------------------


def _tier_months(policy: Policy, person: Claimant) -> int:
    tiers = policy.value("regular_months_tiers", person.application_date) or []
    months = 0
    for tier in tiers:
        if person.contribution_months >= tier.min_contribution_months:
            months = max(months, tier.months)
    return int(months)


def entitlement(
    policy: Policy,
    person: Claimant,
    eligible: bool | None = None,
    f: dict[str, Any] | None = None,
) -> Entitlement:
    """Regular months (SIL-46, merged with unused months), and continuation (N1, IM1, RR-7).

    The regular period is paid in full even past the retirement date (N5). It continues to the
    day before the retirement date when, on its last day, that date is less than
    `continuation_threshold_months` away (the parameter has no value before 2019-12-01).
    """
    if f is None:
        f = facts(policy, person)
    if eligible is None:
        eligible = is_eligible(policy, person, f)
    start: dt.date = f["start_date"]
    retire: dt.date = f["retirement_date"]
    on = person.application_date
    tier = _tier_months(policy, person)
    cites = [policy.param_citation("regular_months_tiers", on)]
    if not eligible:
        none = start - ONE_DAY
        return Entitlement(
            0,
            0,
            0,
            start,
            none,
            none,
            retire,
            tier,
            tuple(cites),
            ("not eligible",),
            person.prior_unused_months,
            retirement_citation(policy, person),
        )
    cap = int(policy.required("regular_months_cap", on))
    reasons: list[str] = []
    merged = tier + person.prior_unused_months
    regular = min(merged, cap)
    if person.prior_unused_months:
        reasons.append(
            f"{tier} + {person.prior_unused_months} unused = {merged}, at most {cap}: {regular}"
        )
        cites.append(policy.param_citation("regular_months_cap", on))
    regular_end = add_months(start, regular) - ONE_DAY
    end = regular_end
    total = regular
    if regular:
        threshold = policy.value("continuation_threshold_months", regular_end)
        if (
            threshold is not None
            and add_months(regular_end, threshold) > retire
            and regular_end + ONE_DAY < retire
        ):
            end = retire - ONE_DAY
            cites.append(policy.param_citation("continuation_threshold_months", regular_end))
            reasons.append(
                f"on {regular_end} retirement ({retire}) is less than {threshold} months away: "
                f"continued to {end}"
            )
            while add_months(start, total) <= end:
                total += 1
        elif start < retire <= regular_end and policy.has_clause("N5"):
            cites.append(policy.cite("N5"))
            reasons.append(f"retirement ({retire}) falls within the period: paid in full (N5)")
    return Entitlement(
        regular,
        total - regular,
        total,
        start,
        end,
        regular_end,
        retire,
        tier,
        tuple(cites),
        tuple(reasons),
        person.prior_unused_months,
        retirement_citation(policy, person),
    )
