"""Tests that kill the mutants bench/mutants.py found alive (issue 17, item 9).

Each pins an answer a plausible slip in the YAML would change and that nothing else asserted:
the 1999 regulation's tiers before 2011-07-01, exactly 12 months with unused earlier months,
continuation of a claim made in December 2019 (IM6's first month), the lists marked "assumed
unchanged", and the exact warnings `check` gives on the bundled policies.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import uibenefit as ub
from uibenefit.tools.consistency import check_policy

D = dt.date


def claimant(months: int, separated: dt.date, claimed: dt.date, **more: object) -> ub.Claimant:
    base: dict[str, object] = {
        "birth_date": D(1970, 1, 1),
        "sex": "male",
        "position": "worker",
        "insured_as": "employee",
        "contribution_months": months,
        "separation_date": separated,
        "separation_reason": "contract_expired",
        "application_date": claimed,
        "insured_area": "152201",
    }
    return ub.Claimant(**{**base, **more})  # type: ignore[arg-type]


# UIR-17 (1999) and SIL-46 (2011): 1 to under 5 years 12 months, 5 to under 10 years 18,
# 10 years and more 24; under a year nothing.
TIERS = {11: 0, 12: 12, 59: 12, 60: 18, 119: 18, 120: 24, 121: 24}


@pytest.mark.parametrize("claimed", [D(2005, 3, 1), D(2011, 6, 30), D(2011, 7, 1), D(2020, 4, 10)])
def test_the_national_tiers_at_every_boundary_before_and_after_2011(claimed: dt.date) -> None:
    """Under the national layer, 119 months give 18 and 120 give 24, before 2011-07-01 (UIR-17)
    as after (SIL-46); 59/60 give 12/18; 11/12 give 0/12."""
    policy = ub.load_policy("national")
    got = {m: policy.entitlement(claimant(m, claimed, claimed)).regular_months for m in TIERS}
    assert got == TIERS
    # 11 months earn no tier of their own: with 6 unused earlier months, 0 + 6 = 6 (MEAS-15)
    again = policy.entitlement(claimant(11, claimed, claimed, prior_unused_months=6))
    assert (again.contribution_tier_months, again.regular_months) == (0, 6)


def test_exactly_twelve_months_with_unused_earlier_months() -> None:
    """12 months of new contributions and 6 unused: the contributions rule passes, the MEAS-15
    rule for fewer than 12 months does not apply, and the 6 months are added (IM-duration:
    1 full year gives 2 months, 2 + 6 = 8)."""
    person = claimant(12, D(2020, 3, 31), D(2020, 4, 10), prior_unused_months=6)
    policy = ub.load_policy("xingan")
    findings = {f.id: f.passed for f in policy.eligibility(person).findings}
    assert findings["contributions"] is True
    assert "unused_earlier_entitlement" not in findings
    assert policy.eligibility(person).eligible
    ent = policy.entitlement(person)
    assert (ent.contribution_tier_months, ent.prior_unused_months, ent.regular_months) == (2, 6, 8)
    # under the national layer alone: 12 months give 12, plus 6 = 18
    national = ub.load_policy("national").entitlement(person)
    assert national.regular_months == 18
    # 11 months and 6 unused: the MEAS-15 rule applies instead, and the 6 months are drawn
    fewer = claimant(11, D(2020, 3, 31), D(2020, 4, 10), prior_unused_months=6)
    findings = {f.id: f.passed for f in policy.eligibility(fewer).findings}
    assert findings.get("unused_earlier_entitlement") is True
    assert "contributions" not in findings


def test_continuation_of_a_claim_made_in_december_2019() -> None:
    """IM6 and N1 start in December 2019. A man born 1962-06-15 (60 on 2022-06-15) claims on
    2019-12-10 with 20 years: 24 regular months to 2021-12-09, then 7 continuation months to
    the day before his retirement. Months 13-24 are 1560 x 70% = 1092.00 (IMS-2017); months
    25-31 are 1560 x 80% = 1248.00 (IM6, minimum wage of the league seat on the application
    date, G11), not the 2021-12 wage (1910 x 80% = 1528.00) a later IM6 start would take."""
    person = claimant(240, D(2019, 11, 30), D(2019, 12, 10), birth_date=D(1962, 6, 15))
    policy = ub.load_policy("xingan")
    ent = policy.entitlement(person)
    assert (ent.regular_months, ent.continuation_months) == (24, 7)
    assert (ent.start, ent.end, ent.retirement_date) == (
        D(2019, 12, 10),
        D(2022, 6, 14),
        D(2022, 6, 15),
    )
    amounts = [p.amount for p in policy.payout_schedule(person)]
    assert amounts[12:24] == [Decimal("1092.00")] * 12
    assert amounts[24:] == [Decimal("1248.00")] * 7


def test_values_marked_assumed_unchanged_equal_the_value_before() -> None:
    """A dated value whose note says "assumed unchanged" repeats the value before it."""
    policy = ub.load_policy("xingan")
    marked = 0
    for pid, table in policy.resolved.parameters.items():
        for before, value in zip(table.values, table.values[1:], strict=False):
            if "assumed unchanged" in (value.raw.note or ""):
                marked += 1
                assert value.value == before.value, f"{pid} from {value.start}"
    assert marked >= 1


KNOWN_WARNINGS = {
    "national": [],
    "inner_mongolia": [("G4", "restated-differently", "retirement_age")],
    "xingan": [
        ("G1", "forbidden-required", "termination_proof"),
        ("G1", "forbidden-required", "other_proof"),
        ("G3", "two-deadlines", "file_termination_form"),
        ("G4", "restated-differently", "retirement_age"),
    ],
}


@pytest.mark.parametrize("name", sorted(KNOWN_WARNINGS))
def test_check_gives_exactly_the_known_warnings(name: str) -> None:
    """The bundled policies' check: these warnings, each once, and no other problem."""
    problems = check_policy(ub.load_policy(name))
    assert all(p.severity == "warning" for p in problems)
    got = [(p.reading, p.code, p.message) for p in problems]
    assert len(got) == len(KNOWN_WARNINGS[name]), got
    for (reading, code, message), (w_reading, w_code, about) in zip(
        got, KNOWN_WARNINGS[name], strict=True
    ):
        assert (reading, code) == (w_reading, w_code)
        assert about in message
