"""How long: when benefit starts, the statutory retirement date, regular and continuation months.

Pure functions of (compiled rules, claimant): numbers, dates and readings come from the
periods of the compiled rules; this module only knows how to combine them.
"""

from __future__ import annotations

import datetime as dt

from ..law._compiled import Compiled
from ..law._law_tables import date, day
from ..values.claimant import Claimant
from ..values.results import Citation, Entitlement, record_maker
from . import _integer as P
from . import retirement
from .facts import ONE_DAY

make_entitlement = record_maker(Entitlement)
"""`Entitlement(*values)`, every field given in order (`record_maker`)."""


def start_date(rules: Compiled, person: Claimant) -> dt.date:
    """Benefit runs from the registration date (SIL-50, IM1); with none, from the claim (N5, IM7)."""
    rules.required("benefit_start", person.application_date)  # in force on the claim
    t = rules.law
    registered = person.registration_date
    found = P.start_day(
        t.start_starts,
        t.start_from_registration,
        day(person.application_date),
        day(registered) if registered is not None else 0,
        registered is not None,
    )
    return date(found)


def _old_age_reached(rules: Compiled, person: Claimant) -> tuple[str, dt.date]:
    """Which age applies, and the day the person reaches it under the first rule (no delay)."""
    key = retirement.age_key(person.sex, person.position)
    first = rules.first_values["retirement_age"]
    return key, retirement.old_age_date(person.birth_date, first, key)


def retirement_date(rules: Compiled, person: Claimant) -> dt.date:
    """Statutory retirement date under the law in force when the old age is reached."""
    t = rules.law
    key = P.age_key(person.sex == "male", person.position == "cadre")
    found, _ = P.retirement_day(
        t.retirement_starts,
        t.retirement_years,
        t.retirement_delayed,
        t.retirement_first_month,
        t.retirement_step,
        t.retirement_most,
        day(person.birth_date),
        key,
    )
    return date(found)


def retirement_citation(rules: Compiled, person: Claimant) -> Citation:
    """The clause of the retirement rule applied: GF1978/IM2's ages or the 2025 reform (RR-1)."""
    _, reached = _old_age_reached(rules, person)
    return rules.at(reached).cites["retirement_age"]


def tier_months(rules: Compiled, person: Claimant) -> int:
    """Months of benefit for the contribution time (SIL-46, or the region's schedule)."""
    t = rules.law
    v = P.value_at(t.tier_starts, day(person.application_date))
    if v < 0:
        return 0
    lo, hi = t.tier_lo[v], t.tier_hi[v]
    return P.tier_months(lo, hi, t.tier_minimum, t.tier_months, person.contribution_months)


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
        return make_entitlement(
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
            prior,
            retirement_citation(rules, person),
        )
    cap = int(rules.required("regular_months_cap", on))
    reasons: list[str] = []
    merged = tier + prior
    regular = min(merged, cap)
    if prior:
        reasons.append(f"{tier} + {prior} unused = {merged}, at most {cap}: {regular}")
        cites.append(claim.cites["regular_months_cap"])
    t = rules.law
    ends = P.entitlement(regular, day(start), day(retire), t.threshold_starts, t.threshold)
    regular_end, end, total, applied = date(ends[0]), date(ends[1]), ends[2], ends[3]
    within = rules.message("retirement_within_period")
    if applied >= 0:
        cites.append(rules.at(regular_end).cites["continuation_threshold_months"])
        reasons.append(
            f"on {regular_end} retirement ({retire}) is less than {t.threshold[applied]} "
            f"months away: continued to {end}"
        )
    elif regular and start < retire <= regular_end and within is not None and within.citation:
        cites.append(within.citation)
        reasons.append(within.render(retire=retire)[1])
    return make_entitlement(
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
        prior,
        retirement_citation(rules, person),
    )
