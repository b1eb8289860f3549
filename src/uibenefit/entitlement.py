"""How long: when benefit starts, the statutory retirement date, regular and continuation months.

Pure functions of (compiled rules, claimant): numbers, dates and readings come from the
periods of the compiled rules; this module only knows how to combine them.
"""

from __future__ import annotations

import datetime as dt

from . import retirement
from ._compiled import Compiled
from .claimant import Claimant
from .facts import ONE_DAY
from .results import Citation, Entitlement
from .retirement import add_months


def start_date(rules: Compiled, person: Claimant) -> dt.date:
    """Benefit runs from the registration date (SIL-50, IM1); with none, from the claim (N5, IM7)."""
    reading = rules.required("benefit_start", person.application_date)
    if reading == "registration_date" and person.registration_date is not None:
        return person.registration_date
    return person.application_date


def _old_age_reached(rules: Compiled, person: Claimant) -> tuple[str, dt.date]:
    """Which age applies, and the day the person reaches it under the first rule (no delay)."""
    key = retirement.age_key(person.sex, person.position)
    first = rules.first_values["retirement_age"]
    return key, retirement.old_age_date(person.birth_date, first, key)


def retirement_date(rules: Compiled, person: Claimant) -> dt.date:
    """Statutory retirement date under the law in force when the old age is reached."""
    key, reached = _old_age_reached(rules, person)
    ages = rules.at(reached).retirement_age or rules.first_values["retirement_age"]
    return retirement.retirement_date(person.birth_date, ages, key)


def retirement_citation(rules: Compiled, person: Claimant) -> Citation:
    """The clause of the retirement rule applied: GF1978/IM2's ages or the 2025 reform (RR-1)."""
    _, reached = _old_age_reached(rules, person)
    return rules.at(reached).cites["retirement_age"]


def tier_months(rules: Compiled, person: Claimant) -> int:
    """Months of benefit for the contribution time (SIL-46, or the region's schedule)."""
    tiers = rules.at(person.application_date).regular_months_tiers or []
    months = 0
    for tier in tiers:
        if person.contribution_months >= tier.min_contribution_months:
            months = max(months, tier.months)
    return int(months)


def entitlement(
    rules: Compiled, person: Claimant, eligible: bool, start: dt.date, retire: dt.date
) -> Entitlement:
    """Regular months (SIL-46, merged with unused months), and continuation (N1, IM1, RR-7).

    The regular period is paid in full even past the retirement date (N5). It continues to the
    day before the retirement date when, on its last day, that date is less than
    `continuation_threshold_months` away (the parameter has no value before 2019-12-01).
    """
    on = person.application_date
    claim = rules.at(on)
    tier = tier_months(rules, person)
    cites = [claim.cites["regular_months_tiers"]]
    prior = person.prior_unused_months
    if not eligible:
        none = start - ONE_DAY
        return Entitlement(
            regular_months=0,
            continuation_months=0,
            total_months=0,
            start=start,
            end=none,
            regular_end=none,
            retirement_date=retire,
            contribution_tier_months=tier,
            citations=tuple(cites),
            reasons=("not eligible",),
            prior_unused_months=prior,
            retirement_citation=retirement_citation(rules, person),
        )
    cap = int(rules.required("regular_months_cap", on))
    reasons: list[str] = []
    merged = tier + prior
    regular = min(merged, cap)
    if prior:
        reasons.append(f"{tier} + {prior} unused = {merged}, at most {cap}: {regular}")
        cites.append(claim.cites["regular_months_cap"])
    regular_end = add_months(start, regular) - ONE_DAY
    end = regular_end
    total = regular
    if regular:
        last_day = rules.at(regular_end)
        threshold = last_day.continuation_threshold_months
        within = rules.message("retirement_within_period")
        if (
            threshold is not None
            and add_months(regular_end, threshold) > retire
            and regular_end + ONE_DAY < retire
        ):
            end = retire - ONE_DAY
            cites.append(last_day.cites["continuation_threshold_months"])
            reasons.append(
                f"on {regular_end} retirement ({retire}) is less than {threshold} months away: "
                f"continued to {end}"
            )
            while add_months(start, total) <= end:
                total += 1
        elif start < retire <= regular_end and within is not None and within.citation:
            cites.append(within.citation)
            reasons.append(within.render(retire=retire)[1])
    return Entitlement(
        regular_months=regular,
        continuation_months=total - regular,
        total_months=total,
        start=start,
        end=end,
        regular_end=regular_end,
        retirement_date=retire,
        contribution_tier_months=tier,
        citations=tuple(cites),
        reasons=tuple(reasons),
        prior_unused_months=prior,
        retirement_citation=retirement_citation(rules, person),
    )
