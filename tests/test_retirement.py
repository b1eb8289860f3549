"""Statutory retirement dates: IM2's old ages and the 2025 reform's cohorts (RR-1, G4).

The reform (background-law §6): n = months of birth counted from the cohort's first month
(that month is 1); delay = min(ceil(n / k), cap). Men: from 1965-01, k = 4, cap 36; women
cadres (55): from 1970-01, k = 4, cap 36; women workers (50): from 1975-01, k = 2, cap 60.
The rule in force on the day the old age is reached applies, so 2024 birthdays keep it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import uibenefit as ub

D = dt.date
POLICY = ub.load_policy("xingan")


def person(birth: D, sex: str, position: str = "worker") -> ub.Claimant:
    """A claimant whose only relevant facts are birth date, sex and position."""
    fields: dict[str, Any] = {
        "birth_date": birth,
        "sex": sex,
        "position": position,
        "insured_as": "employee",
        "contribution_months": 120,
        "separation_date": D(2020, 3, 31),
        "separation_reason": "contract_expired",
        "application_date": D(2020, 4, 10),
        "insured_area": "152201",
    }
    return ub.Claimant(**fields)


@pytest.mark.parametrize(
    ("birth", "sex", "position", "expected"),
    [
        # published examples (reprint)
        (D(1967, 5, 10), "male", "worker", D(2028, 1, 10)),  # n = 29, ceil(29/4) = 8: 60y8m
        (D(1971, 4, 10), "female", "cadre", D(2026, 8, 10)),  # n = 16, 4: 55y4m
        (D(1974, 10, 10), "female", "cadre", D(2031, 1, 10)),  # n = 58, ceil(58/4) = 15: 56y3m
        # men: the first cohort, steps of 4, the cap
        (D(1964, 12, 31), "male", "worker", D(2024, 12, 31)),  # 60 reached in 2024: no delay
        (D(1965, 1, 1), "male", "worker", D(2025, 2, 1)),  # n = 1: 1 month
        (D(1965, 4, 10), "male", "worker", D(2025, 5, 10)),  # n = 4: still 1 month
        (D(1965, 5, 10), "male", "worker", D(2025, 7, 10)),  # n = 5: 2 months
        (D(1976, 8, 10), "male", "worker", D(2039, 7, 10)),  # n = 140: 35 months, 62y11m
        (D(1976, 9, 10), "male", "worker", D(2039, 9, 10)),  # n = 141: ceil = 36, 63y
        (D(1990, 1, 10), "male", "cadre", D(2053, 1, 10)),  # capped at 36: 63y
        # women workers (50): k = 2, cap 60
        (D(1974, 12, 10), "female", "worker", D(2024, 12, 10)),  # 50 reached in 2024
        (D(1975, 1, 10), "female", "worker", D(2025, 2, 10)),  # n = 1: 1 month
        (D(1980, 6, 10), "female", "worker", D(2033, 3, 10)),  # n = 66: 33 months, 52y9m
        (D(1984, 10, 10), "female", "worker", D(2039, 9, 10)),  # n = 118: 59 months, 54y11m
        (D(1984, 11, 10), "female", "worker", D(2039, 11, 10)),  # n = 119: ceil = 60, 55y
        # women cadres (55): k = 4, cap 36
        (D(1969, 12, 10), "female", "cadre", D(2024, 12, 10)),  # 55 reached in 2024
        (D(1970, 1, 10), "female", "cadre", D(2025, 2, 10)),  # n = 1: 1 month
        (D(1980, 6, 10), "female", "cadre", D(2038, 2, 10)),  # n = 126: ceil = 32, 57y8m
        (D(1981, 8, 10), "female", "cadre", D(2039, 7, 10)),  # n = 140: 35 months, 57y11m
        (D(1981, 9, 10), "female", "cadre", D(2039, 9, 10)),  # n = 141: 36 months, 58y
    ],
)
def test_retirement_date(birth: D, sex: str, position: str, expected: D) -> None:
    """Each cohort boundary and published example gives the hand-computed date (RR-1, IM2)."""
    assert POLICY.retirement_date(person(birth, sex, position)) == expected


def test_old_ages_before_the_reform() -> None:
    """IM2: men 60, women workers 50, women cadres 55 for people born before the cohorts."""
    assert POLICY.retirement_date(person(D(1958, 3, 9), "male")) == D(2018, 3, 9)
    assert POLICY.retirement_date(person(D(1968, 3, 9), "female", "worker")) == D(2018, 3, 9)
    assert POLICY.retirement_date(person(D(1963, 3, 9), "female", "cadre")) == D(2018, 3, 9)


def test_a_man_s_position_does_not_matter() -> None:
    """Only women's retirement age depends on worker/cadre: a male cadre retires as a worker."""
    birth = D(1970, 3, 3)  # n = 63: ceil(63/4) = 16 months: 61y4m
    assert POLICY.retirement_date(person(birth, "male", "cadre")) == D(2031, 7, 3)
    assert POLICY.retirement_date(person(birth, "male", "worker")) == D(2031, 7, 3)


def test_born_on_29_february() -> None:
    """A woman cadre born 1972-02-29: n = 26, 7 months, 55y7m: 2027-09-29 (years and months
    added together, so the 29th survives); a man born 1964-02-29 retires on 2024-02-29."""
    assert POLICY.retirement_date(person(D(1972, 2, 29), "female", "cadre")) == D(2027, 9, 29)
    assert POLICY.retirement_date(person(D(1964, 2, 29), "male")) == D(2024, 2, 29)


def test_born_on_the_31st_lands_on_a_month_end() -> None:
    """A man born 1965-01-31: 1 month of delay; 2025-01-31 + 1 month is 2025-02-28."""
    assert POLICY.retirement_date(person(D(1965, 1, 31), "male")) == D(2025, 2, 28)


def test_every_bundled_layer_agrees() -> None:
    """The national, regional and league chains give the same dates (IM2 only restates)."""
    cases = [person(D(1967, 5, 10), "male"), person(D(1984, 10, 10), "female")]
    dates = {
        name: [ub.load_policy(name).retirement_date(p) for p in cases]
        for name in ("national", "inner_mongolia", "xingan")
    }
    assert dates["national"] == dates["inner_mongolia"] == dates["xingan"]
    assert dates["xingan"] == [D(2028, 1, 10), D(2039, 9, 10)]


def test_the_entitlement_cites_the_retirement_rule_applied() -> None:
    """A man born 1968-07-15 reaches 60 in 2028, under the 2025 reform: RR-1; a man born
    1961-01-15 reached 60 in 2021, under the old ages: GF1978 (restated by IM2)."""
    policy = ub.load_policy("xingan")
    base = {
        "sex": "male",
        "position": "worker",
        "insured_as": "employee",
        "contribution_months": 130,
        "separation_date": dt.date(2020, 3, 31),
        "separation_reason": "contract_expired",
        "application_date": dt.date(2020, 4, 10),
        "insured_area": "152201",
    }
    reform = policy.entitlement(ub.Claimant(birth_date=dt.date(1968, 7, 15), **base))
    old = policy.entitlement(ub.Claimant(birth_date=dt.date(1961, 1, 15), **base))
    assert reform.retirement_citation is not None and reform.retirement_citation.clause == "RR-1"
    assert old.retirement_citation is not None and old.retirement_citation.clause == "GF1978"
