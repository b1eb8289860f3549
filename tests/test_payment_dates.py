"""Benefit months and pay-by dates: periods computed from the start, never chained (contract),
and XC7's 15th with the G6 reading.
"""

from __future__ import annotations

import datetime as dt
import itertools
import textwrap
from pathlib import Path
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import assume, given
from hypothesis import strategies as st
from support import YOUNG_MAN

import uibenefit as ub
from uibenefit.procedure.facts import age_in_years, month_end
from uibenefit.procedure.retirement import add_months

D = dt.date
POLICY = ub.load_policy("xingan")
BASE = YOUNG_MAN


def claiming_on(day: D, **changes: Any) -> ub.Claimant:
    """The base claimant, separated a few days before claiming on `day`."""
    fields = {**BASE, "separation_date": day - dt.timedelta(days=5), "application_date": day}
    return ub.Claimant(**{**fields, **changes})


def test_a_start_on_the_31st() -> None:
    """Start 2021-01-31: month 1 ends 2021-02-27 (31 Jan + 1 month = 28 Feb, − 1 day); month 2
    starts 28 Feb and ends 30 Mar (31 Jan + 2 months − 1 day); month 3 starts 31 Mar again,
    which chaining (28 Feb + 1 month = 28 Mar) would lose; month 12 ends 2022-01-30 (48
    contribution months: 4 full years, 12 months under IMM-DURATION)."""
    schedule = POLICY.payout_schedule(claiming_on(D(2021, 1, 31), contribution_months=48))
    assert [(p.period_start, p.period_end) for p in schedule[:4]] == [
        (D(2021, 1, 31), D(2021, 2, 27)),
        (D(2021, 2, 28), D(2021, 3, 30)),
        (D(2021, 3, 31), D(2021, 4, 29)),
        (D(2021, 4, 30), D(2021, 5, 30)),
    ]
    assert (schedule[11].period_start, schedule[11].period_end) == (D(2021, 12, 31), D(2022, 1, 30))


def test_a_start_on_29_february() -> None:
    """Start 2020-02-29: month 1 to 2020-03-28; month 12 from 2021-01-29 to 2021-02-27;
    month 13 from 2021-02-28 (no 29th) to 2021-03-28; 18 months (9 full years of contributions,
    IMM-DURATION) end 2021-08-28."""
    schedule = POLICY.payout_schedule(claiming_on(D(2020, 2, 29), contribution_months=108))
    assert (schedule[0].period_start, schedule[0].period_end) == (D(2020, 2, 29), D(2020, 3, 28))
    assert (schedule[11].period_start, schedule[11].period_end) == (D(2021, 1, 29), D(2021, 2, 27))
    assert (schedule[12].period_start, schedule[12].period_end) == (D(2021, 2, 28), D(2021, 3, 28))
    assert len(schedule) == 18 and schedule[-1].period_end == D(2021, 8, 28)


def test_periods_tile_the_entitlement() -> None:
    """Each month starts the day after the one before ends, from the start to the end."""
    person = claiming_on(D(2021, 1, 31))
    schedule = POLICY.payout_schedule(person)
    ent = POLICY.entitlement(person)
    assert schedule[0].period_start == ent.start and schedule[-1].period_end == ent.end
    for before, after in itertools.pairwise(schedule):
        assert after.period_start == before.period_end + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("claimed", "first", "second"),
    [
        (D(2020, 5, 15), D(2020, 5, 31), D(2020, 6, 30)),  # the 15th counts as before (G6)
        (D(2020, 5, 16), D(2020, 6, 30), D(2020, 7, 31)),  # after the 15th: the next month
        (D(2020, 5, 1), D(2020, 5, 31), D(2020, 6, 30)),
        (D(2020, 12, 20), D(2021, 1, 31), D(2021, 2, 28)),  # across the year end
        (D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31)),  # a leap February
    ],
)
def test_xc7_pay_by(claimed: D, first: D, second: D) -> None:
    """XC7: claimed by the 15th, paid by the end of that month; later, by the end of the next;
    month i by the end of the month after month i−1's."""
    schedule = POLICY.payout_schedule(claiming_on(claimed))
    assert (schedule[0].pay_by, schedule[1].pay_by) == (first, second)
    last = schedule[23].pay_by  # 23 months after the first
    assert last is not None
    expected = first.replace(day=1) + relativedelta(months=23)
    assert last == month_end(expected.year, expected.month)


def test_g6_other_reading(tmp_path: Path) -> None:
    """G6 alternative: the 15th counts as after; a claim on 2020-05-15 is paid by 2020-06-30."""
    path = tmp_path / "g6.yaml"
    path.write_text(
        textwrap.dedent(
            """
            format: 1
            layer: g6_after
            extends: xingan
            document: {number: test, title: test, issuer: test, issued: 2026-01-01}
            parameters:
              - id: pay_by
                change: override
                clause: XC7
                description: the 15th counts as after
                values:
                  - {from: 2020-04-27, value: {cutoff_day: 15, cutoff_day_counts_as: after}}
            """
        ),
        encoding="utf-8",
    )
    schedule = ub.load_policy(path).payout_schedule(claiming_on(D(2020, 5, 15)))
    assert schedule[0].pay_by == D(2020, 6, 30)


def test_no_pay_by_before_the_league_notice() -> None:
    """XC7 is in force from 2020-04-27; the first payment of a claim of 2020-03-10 was due by
    2020-03-31, before it, so no pay-by date is given (None)."""
    assert POLICY.payout_schedule(claiming_on(D(2020, 3, 10)))[0].pay_by is None


def test_pay_by_follows_the_claim_not_the_registration() -> None:
    """XC7 speaks of the claim: registered 2020-05-02, claimed 2020-05-20: months run from
    05-02 but month 1 is paid by 2020-06-30 (claimed after the 15th)."""
    person = claiming_on(
        D(2020, 5, 20), separation_date=D(2020, 4, 30), registration_date=D(2020, 5, 2)
    )
    schedule = POLICY.payout_schedule(person)
    assert schedule[0].period_start == D(2020, 5, 2)
    assert schedule[0].pay_by == D(2020, 6, 30)


@given(
    st.dates(min_value=D(1950, 1, 1), max_value=D(2090, 12, 31)),
    st.integers(min_value=0, max_value=1200),
)
def test_add_months_is_relativedelta(day: D, months: int) -> None:
    """The engine's month arithmetic equals dateutil's relativedelta(months=n)."""
    assert add_months(day, months) == day + relativedelta(months=months)


@given(
    st.dates(min_value=D(1900, 1, 1), max_value=D(2000, 12, 31)),
    st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31)),
)
def test_age_in_years_is_relativedelta(birth: D, on: D) -> None:
    """Whole years of age equal relativedelta's (a 29 February birthday counts on 28 February).

    Only for dates on or after the birth: a Claimant is always born before the claim."""
    assume(on >= birth)
    assert age_in_years(birth, on) == relativedelta(on, birth).years
