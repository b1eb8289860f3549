"""The national layer's law before 2011-07-01, hand-computed from the clause each test names.

Before 2011-07-01 `evaluate` refuses an entitled claim (no 1999 rule for medical care while
receiving), so these rules are checked through `eligibility` and `entitlement`, which the
contract offers on their own. Reasons (申领发放办法 第四条, MEAS-4, 2001-01-01): contract ended,
employer closed, dismissed, discharged, quit for the employer's fault, another case in law; not
agreement on the employer's proposal (added by 人社部令第13号 第十三条 from 2011-07-01).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import uibenefit as ub

D = dt.date
NATIONAL = ub.load_policy("national")
XINGAN = ub.load_policy("xingan")


def worker(separated: D, **changes: Any) -> ub.Claimant:
    """A man born 1970 with 100 months (5 to under 10 years), claiming ten days later."""
    fields: dict[str, Any] = {
        "birth_date": D(1970, 2, 2),
        "sex": "male",
        "position": "worker",
        "insured_as": "employee",
        "contribution_months": 100,
        "separation_date": separated,
        "separation_reason": "contract_expired",
        "application_date": separated + dt.timedelta(days=10),
    }
    fields.update(changes)
    return ub.Claimant(**fields)


MEAS_4 = (
    "contract_expired",
    "employer_closed",
    "dismissed",
    "discharged",
    "resigned_employer_fault",
    "other_statutory",
)


@pytest.mark.parametrize("separated", [D(2001, 1, 5), D(2010, 5, 31), D(2011, 6, 20)])
@pytest.mark.parametrize("reason", MEAS_4)
def test_meas_4_reasons_are_involuntary_from_2001(separated: D, reason: str) -> None:
    """MEAS-4 (from 2001-01-01): each of its reasons is involuntary, so with 100 months the
    claimant is entitled (SIL-45/UIR-14) to 18 months (UIR-17: 5 to under 10 years)."""
    person = worker(separated, separation_reason=reason)
    assert NATIONAL.eligibility(person).eligible
    assert NATIONAL.entitlement(person).regular_months == 18


@pytest.mark.parametrize("reason", ["mutual_agreement_employer", "mutual_agreement_employee"])
def test_agreement_was_voluntary_before_july_2011(reason: str) -> None:
    """MEAS-4 has no agreement on the employer's proposal; MOHRSS13-13 adds it from
    2011-07-01: voluntary on 2011-06-20, involuntary (employer's proposal) on 2011-07-01."""
    assert not NATIONAL.eligibility(worker(D(2011, 6, 20), separation_reason=reason)).eligible
    later = NATIONAL.eligibility(worker(D(2011, 7, 1), separation_reason=reason)).eligible
    assert later is (reason == "mutual_agreement_employer")


@pytest.mark.parametrize(
    ("months", "prior", "expected"),
    [(100, 0, 18), (100, 6, 24), (100, 7, 24), (130, 3, 24), (59, 12, 24), (59, 11, 23)],
)
def test_merged_months_capped_at_24_before_2011(months: int, prior: int, expected: int) -> None:
    """UIR-17 (1999) caps the merged period (this period + unused months of the last) at 24
    months, as SIL-46 does from 2011: 18 + 6 = 24; 18 + 7 → 24; 24 + 3 → 24; 12 + 12 = 24;
    12 + 11 = 23. The same under xingan after 2011 (SIL-46's cap with the region's tiers:
    100 months = 8 years → 17, + 7 → 24)."""
    person = worker(D(2010, 5, 31), contribution_months=months, prior_unused_months=prior)
    assert NATIONAL.entitlement(person).regular_months == expected
    later = worker(D(2012, 5, 31), contribution_months=100, prior_unused_months=7)
    assert XINGAN.entitlement(later).regular_months == 24


@pytest.mark.parametrize(
    ("months", "expected"), [(11, 0), (12, 12), (59, 12), (60, 18), (119, 18), (120, 24)]
)
@pytest.mark.parametrize("separated", [D(2010, 5, 31), D(2012, 5, 31)])
def test_national_tiers_both_sides_of_each_boundary(
    separated: D, months: int, expected: int
) -> None:
    """UIR-17 (1999) and SIL-46 (2011): 1 to under 5 years 12 months, 5 to under 10 years 18,
    10 years and more 24; under one year none (and not entitled: UIR-14, SIL-45). The tier
    shown (contribution_tier_months) is the months the claimant is given."""
    person = worker(separated, contribution_months=months)
    ent = NATIONAL.entitlement(person)
    assert (ent.contribution_tier_months, ent.regular_months) == (expected, expected)
    assert NATIONAL.eligibility(person).eligible is (months >= 12)
