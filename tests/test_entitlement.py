"""Entitlement: the tiers and merging of 社会保险法 第四十六条, the start (SIL-50, N5, IM7) and the
continuation until retirement age (N1, IM1, 办法 第七条), each worked out by hand.

Base claimant: a man born 1968-07-15 (retires 2029-06-15), claim 2020-04-10, insured in
乌兰浩特市. Month k of a benefit starting S runs from S + (k−1) months to S + k months − 1 day.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

import pytest
from support import ULANHOT_MAN, person

import uibenefit as ub

D = dt.date
POLICY = ub.load_policy("xingan")
BASE = ULANHOT_MAN


def claimant(**changes: Any) -> ub.Claimant:
    """The base claimant with some fields changed."""
    return person(BASE, **changes)


NATIONAL = ub.load_policy("national")


@pytest.mark.parametrize(
    ("months", "regular", "end"),
    [
        (11, 0, D(2020, 4, 9)),  # not eligible: nothing, the last day paid is the day before
        (12, 12, D(2021, 4, 9)),  # 1 year: 12 months, 2020-04-10 + 12 months − 1 day
        (59, 12, D(2021, 4, 9)),
        (60, 18, D(2021, 10, 9)),  # 5 years: 18 months
        (119, 18, D(2021, 10, 9)),
        (120, 24, D(2022, 4, 9)),  # 10 years: 24 months
        (400, 24, D(2022, 4, 9)),
    ],
)
def test_national_tiers(months: int, regular: int, end: D) -> None:
    """SIL-46 (the national layer alone): 12–59 months of contributions give 12, 60–119 give
    18, 120 and more give 24."""
    ent = NATIONAL.entitlement(claimant(contribution_months=months))
    assert (ent.regular_months, ent.total_months, ent.end) == (regular, regular, end)
    assert ent.continuation_months == 0
    assert ent.start == D(2020, 4, 10)
    assert ent.citations[0].clause == "SIL-46"


@pytest.mark.parametrize(
    ("months", "regular"),
    [
        # each boundary of the region's schedule by full years (12 contribution months a year)
        (11, 0),  # under a year: not eligible
        (12, 2),  # 1 year: 2 months
        (23, 2),
        (24, 4),  # 2 years: 4
        (35, 4),
        (36, 8),  # 3 years: 8
        (47, 8),
        (48, 12),  # 4 years: 12
        (59, 12),
        (60, 14),  # 5 years: 14
        (71, 14),
        (72, 15),  # 6 years: 15
        (84, 16),  # 7 years: 16
        (96, 17),  # 8 years: 17
        (107, 17),
        (108, 18),  # 9 years: 18
        (119, 18),
        (120, 24),  # 10 years and more: 24
        (400, 24),
    ],
)
def test_inner_mongolia_duration_schedule(months: int, regular: int) -> None:
    """IMM-DURATION (reading IM-duration): the 实施办法's schedule inside the national caps;
    from 2020-04-10 the regular period ends `regular` months later, less a day."""
    for policy in (POLICY, ub.load_policy("inner_mongolia")):
        ent = policy.entitlement(claimant(contribution_months=months))
        assert (ent.regular_months, ent.total_months) == (regular, regular), policy.name
        if regular:
            assert ent.citations[0].clause == "IMM-DURATION"
            assert ent.citations[0].layer == "inner_mongolia"


def test_thirteen_months_give_two_not_twelve() -> None:
    """The issue's example: 13 contribution months are one full year, 2 months (2020-04-10 to
    2020-06-09), where the national caps gave 12."""
    ent = POLICY.entitlement(claimant(contribution_months=13))
    assert (ent.regular_months, ent.end) == (2, D(2020, 6, 9))
    assert NATIONAL.entitlement(claimant(contribution_months=13)).regular_months == 12


@pytest.mark.parametrize(
    ("months", "prior", "regular"),
    [
        (12, 6, 8),  # 2 + 6 = 8
        (48, 6, 18),  # 12 + 6 = 18, under the cap
        (60, 6, 20),  # 14 + 6 = 20
        (108, 6, 24),  # 18 + 6 = 24, exactly the cap
        (108, 10, 24),  # 18 + 10 = 28, capped at 24
        (119, 7, 24),  # 18 + 7 = 25, capped at 24
        (120, 24, 24),  # 24 + 24 = 48, capped at 24
        (23, 24, 24),  # 2 + 24 = 26, capped at 24
    ],
)
def test_unused_months_merge_up_to_24(months: int, prior: int, regular: int) -> None:
    """SIL-46: the new period (the region's schedule) plus the unused months of the earlier
    one, at most 24 in all (regular_months_cap)."""
    ent = POLICY.entitlement(claimant(contribution_months=months, prior_unused_months=prior))
    assert ent.regular_months == regular
    assert any("unused" in r for r in ent.reasons)
    assert {c.clause for c in ent.citations} >= {"IMM-DURATION", "SIL-46"}


@pytest.mark.parametrize(("months", "prior", "regular"), [(12, 6, 18), (60, 6, 24)])
def test_national_unused_months_merge(months: int, prior: int, regular: int) -> None:
    """SIL-46 with the national caps: 12 + 6 = 18; 18 + 6 = 24, exactly the cap."""
    ent = NATIONAL.entitlement(claimant(contribution_months=months, prior_unused_months=prior))
    assert ent.regular_months == regular


def test_unused_months_alone_after_a_short_re_employment() -> None:
    """MEAS-15: 8 new months give no tier (0) but the 5 unused months are drawn: 2020-04-10
    to 2020-09-09."""
    ent = POLICY.entitlement(claimant(contribution_months=8, prior_unused_months=5))
    assert (ent.contribution_tier_months, ent.regular_months, ent.end) == (0, 5, D(2020, 9, 9))


def test_benefit_runs_from_the_registration_date() -> None:
    """SIL-50: registered 2020-04-03, claimed 2020-04-10: months run from 2020-04-03, so 24
    months end 2022-04-02."""
    ent = POLICY.entitlement(claimant(registration_date=D(2020, 4, 3)))
    assert (ent.start, ent.end) == (D(2020, 4, 3), D(2022, 4, 2))


def test_registered_at_the_claim_runs_from_the_claim() -> None:
    """N5, IM7: no separate registration, so the claim date 2020-04-10 is the start."""
    assert POLICY.entitlement(claimant()).start == D(2020, 4, 10)


def test_a_regular_period_ending_2019_11_30_does_not_continue() -> None:
    """N1 from 2019-12: a man born 1960-03-15 retires 2020-03-15; 12 months (4 full years of
    contributions, IMM-DURATION) from 2018-12-01 end 2019-11-30, before continuation existed:
    12 months, nothing more."""
    person = claimant(
        birth_date=D(1960, 3, 15),
        contribution_months=50,
        separation_date=D(2018, 11, 30),
        application_date=D(2018, 12, 1),
    )
    ent = POLICY.entitlement(person)
    assert (ent.regular_months, ent.continuation_months, ent.end) == (12, 0, D(2019, 11, 30))


def test_a_regular_period_ending_2019_12_01_continues() -> None:
    """N1, IM1: 12 months from 2018-12-02 end 2019-12-01; retirement 2020-03-15 is less than
    a year away, so payment continues to 2020-03-14: months 13 (2019-12-02–2020-01-01),
    14, 15 and a short 16th (2020-03-02–2020-03-14): 4 continuation months, 16 in all
    (50 contribution months: 4 full years, 12 months under IMM-DURATION)."""
    person = claimant(
        birth_date=D(1960, 3, 15),
        contribution_months=50,
        separation_date=D(2018, 11, 30),
        application_date=D(2018, 12, 2),
    )
    ent = POLICY.entitlement(person)
    assert (ent.regular_months, ent.continuation_months, ent.total_months) == (12, 4, 16)
    assert (ent.regular_end, ent.end, ent.retirement_date) == (
        D(2019, 12, 1),
        D(2020, 3, 14),
        D(2020, 3, 15),
    )
    assert ent.citations[-1].clause == "N1"
    schedule = POLICY.payout_schedule(person)
    assert [(p.period_start, p.period_end) for p in schedule[12:]] == [
        (D(2019, 12, 2), D(2020, 1, 1)),
        (D(2020, 1, 2), D(2020, 2, 1)),
        (D(2020, 2, 2), D(2020, 3, 1)),
        (D(2020, 3, 2), D(2020, 3, 14)),
    ]
    assert [p.phase for p in schedule[11:13]] == ["regular", "continuation"]


@pytest.mark.parametrize(
    ("birth", "continues"),
    [
        (D(1963, 4, 9), False),  # retires 2023-04-09: exactly one year after 2022-04-09
        (D(1963, 4, 8), True),  # retires 2023-04-08: less than a year
    ],
)
def test_less_than_one_year_is_strict(birth: D, continues: bool) -> None:
    """N1 '不足1年': the regular period ends 2022-04-09; a retirement date one year later
    exactly does not continue, one day less does (to 2023-04-07, months 25–36)."""
    ent = POLICY.entitlement(claimant(birth_date=birth))
    if continues:
        assert (ent.continuation_months, ent.total_months, ent.end) == (12, 36, D(2023, 4, 7))
    else:
        assert (ent.continuation_months, ent.end) == (0, D(2022, 4, 9))


def test_retirement_the_day_after_the_regular_period_adds_nothing() -> None:
    """A man born 1962-04-10 retires 2022-04-10, the day after the period ends: no months."""
    ent = POLICY.entitlement(claimant(birth_date=D(1962, 4, 10)))
    assert (ent.continuation_months, ent.end) == (0, D(2022, 4, 9))


def test_retirement_during_the_regular_period_is_paid_in_full() -> None:
    """N5: a man born 1960-06-15 retires 2020-06-15, two months into 24: all 24 months are
    paid, to 2022-04-09, and nothing continues."""
    ent = POLICY.entitlement(claimant(birth_date=D(1960, 6, 15)))
    assert ent.retirement_date == D(2020, 6, 15)
    assert (ent.regular_months, ent.continuation_months, ent.end) == (24, 0, D(2022, 4, 9))


def test_past_retirement_age_at_the_start_is_paid_in_full() -> None:
    """N5: born 1958-01-10, retired by age 2018-01-10, claims 2020-04-10: 24 months."""
    ent = POLICY.entitlement(claimant(birth_date=D(1958, 1, 10)))
    assert (ent.total_months, ent.end) == (24, D(2022, 4, 9))


def test_continuation_under_the_2025_reform() -> None:
    """办法 第七条 (RR-7): a man born 1966-08-15 retires at 60y5m (n = 20, 5 months), on
    2027-01-15. Claim 2024-12-02, 24 months end 2026-12-01, less than a year before:
    continued to 2027-01-14, month 25 (2026-12-02–2027-01-01) and a short 26th."""
    person = claimant(
        birth_date=D(1966, 8, 15),
        contribution_months=120,
        separation_date=D(2024, 11, 30),
        application_date=D(2024, 12, 2),
    )
    ent = POLICY.entitlement(person)
    assert ent.retirement_date == D(2027, 1, 15)
    assert (ent.regular_end, ent.end, ent.total_months) == (D(2026, 12, 1), D(2027, 1, 14), 26)
    assert ent.citations[-1].clause == "RR-7"


def test_not_eligible_means_no_months() -> None:
    """A voluntary quit: 0 months, and the last day paid is the day before the start."""
    ent = POLICY.entitlement(claimant(separation_reason="resigned"))
    assert (ent.regular_months, ent.total_months, ent.end) == (0, 0, D(2020, 4, 9))
    assert POLICY.payout_schedule(claimant(separation_reason="resigned")) == []


def test_a_what_if_threshold_is_read_from_the_yaml(tmp_path: Path) -> None:
    """The threshold is a parameter: at 24 months, a man retiring 2023-06-01 (14 months after
    the period ends 2022-04-09) continues to 2023-05-31, 38 months in all."""
    path = tmp_path / "two_years.yaml"
    path.write_text(
        textwrap.dedent(
            """
            format: 1
            layer: two_years
            extends: xingan
            document: {number: test, title: test, issuer: test, issued: 2026-01-01}
            parameters:
              - id: continuation_threshold_months
                change: override
                clause: N1
                description: two years
                values:
                  - {from: 2019-12-01, value: 24}
            """
        ),
        encoding="utf-8",
    )
    person = claimant(birth_date=D(1963, 6, 1))
    assert POLICY.entitlement(person).continuation_months == 0
    ent = ub.load_policy(path).entitlement(person)
    assert (ent.end, ent.total_months) == (D(2023, 5, 31), 38)
