"""Monthly amounts: the Inner Mongolia standards over time (background-law §3), the special
group from 2024-08, months beyond the 24th (IM6, then the month-13-on rate), the readings G10
(pooling_base), G11, IM-special-group-start and IM-beyond-24, EP-ROUNDING.

Minimum wages (yuan, tiers 1/2/3[/4]): 2017-08 1760/1660/1560/1460; 2021-12 1980/1910/1850;
2024-12 2270/2200/2140; 2025-12 2380/2310/2250. 乌兰浩特市 (152201), the league seat, is tier 3
in 2017 and tier 2 from 2021-12; until 2024-07-31 every area of the league is paid on its tier
(IMP-LEAGUE: "统筹地区最低工资以盟市所在地为标准"), from 2024-08-01 on the region's tier 1.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from support import YOUNG_MAN, person

import uibenefit as ub

D = dt.date
POLICY = ub.load_policy("xingan")
BASE = YOUNG_MAN


def claimant(**changes: Any) -> ub.Claimant:
    """The base claimant with some fields changed."""
    return person(BASE, **changes)


def claiming_on(day: D, **changes: Any) -> ub.Claimant:
    """The base claimant, separated ten days before claiming on `day`."""
    return claimant(separation_date=day - dt.timedelta(days=10), application_date=day, **changes)


def write_layer(tmp_path: Path, body: str, name: str = "what_if") -> ub.Policy:
    """A user layer over the league's policy, for a one-line change of reading."""
    head = f"""
        format: 1
        layer: {name}
        extends: xingan
        document: {{number: test, title: test, issuer: test, issued: 2026-01-01}}
        """
    path = tmp_path / f"{name}.yaml"
    path.write_text(textwrap.dedent(head) + textwrap.dedent(body), encoding="utf-8")
    return ub.load_policy(path)


@pytest.mark.parametrize(
    ("claimed", "area", "month1", "month13", "clause"),
    [
        # 2017-08 standard (内人社办发〔2017〕261号): 80% / 70% of the league seat's wage
        (D(2021, 11, 30), "152201", "1248.00", "1092.00", "IMS-2017"),  # 1560 × 0.80, × 0.70
        (D(2021, 11, 30), "152202", "1248.00", "1092.00", "IMS-2017"),  # the seat's, not 1460
        # 2021-12 standard (〔2021〕209号): 90% / 80% of the league seat's (new) wage
        (D(2021, 12, 1), "152201", "1719.00", "1528.00", "IMS-2021"),  # 1910 × 0.90, × 0.80
        (D(2021, 12, 1), "152202", "1719.00", "1528.00", "IMS-2021"),  # the seat's, not 1850
        (D(2024, 7, 31), "152201", "1719.00", "1528.00", "IMS-2021"),
        # 2024-08 (政府令第268号 第七条): 95% / 85% of the region's tier-1 wage, 1980 until 2024-11
        (D(2024, 8, 1), "152201", "1881.00", "1683.00", "IMS-2024"),  # 1980 × 0.95, × 0.85
        (D(2024, 8, 1), "152202", "1881.00", "1683.00", "IMS-2024"),  # one amount region-wide
        (D(2024, 11, 30), "152201", "1881.00", "1683.00", "IMS-2024"),
        # 2024-12: new tier-1 wage 2270 (内政办发〔2024〕46号)
        (D(2024, 12, 1), "152201", "2156.50", "1929.50", "IMS-2024"),  # 2270 × 0.95, × 0.85
        (D(2025, 11, 30), "152201", "2156.50", "1929.50", "IMS-2024"),
        # 2025-12: tier-1 wage 2380 (内政办发〔2025〕40号), rates restated (IMS-2025)
        (D(2025, 12, 1), "152201", "2261.00", "2023.00", "IMS-2025"),  # 2380 × 0.95, × 0.85
    ],
)
def test_each_change_of_standard(
    claimed: D, area: str, month1: str, month13: str, clause: str
) -> None:
    """N2b (G11, literal): every month at the standard in force on the application date."""
    schedule = POLICY.payout_schedule(claiming_on(claimed, insured_area=area))
    assert len(schedule) == 24
    assert {str(p.amount) for p in schedule[:12]} == {month1}
    assert {str(p.amount) for p in schedule[12:]} == {month13}
    assert schedule[0].citation.clause == clause
    assert month1 in schedule[0].basis and str(claimed) in schedule[0].basis
    assert month1 in schedule[0].basis_zh


@pytest.mark.parametrize("area", ["152201", "152202", "152221", "152222", "152223", "152224"])
def test_a_2020_claim_in_each_area_of_the_league(area: str) -> None:
    """IMP-LEAGUE (G10 league_seat): a claim of 2020-04-10 in any of the six areas is paid on
    乌兰浩特市's tier 3: 1560 × 0.80 = 1248.00 for months 1–12, 1560 × 0.70 = 1092.00 after;
    扎赉特旗 (152223) no longer gets its own assumed tier 4's 1168.00."""
    schedule = POLICY.payout_schedule(claiming_on(D(2020, 4, 10), insured_area=area))
    assert [str(p.amount) for p in schedule[:12]] == ["1248.00"] * 12
    assert {str(p.amount) for p in schedule[12:]} == {"1092.00"}
    assert "tier 3" in schedule[0].basis and "assumed" not in schedule[0].basis


def test_no_area_is_needed_on_the_league_seat_reading() -> None:
    """The league seat's tier needs no insured_area: a 2022-03-10 claim is 1910 × 0.90 =
    1719.00 for months 1–12 and 1910 × 0.80 = 1528.00 for months 13–24: 12 × 1719.00 + 12 ×
    1528.00 = 38964.00."""
    person = claiming_on(D(2022, 3, 10), insured_area=None)
    schedule = POLICY.payout_schedule(person)
    assert [str(p.amount) for p in (schedule[0], schedule[12])] == ["1719.00", "1528.00"]
    assert POLICY.evaluate(person).totals["paid_monthly"] == Decimal("38964.00")


@pytest.mark.parametrize(
    ("changes", "special"),
    [
        ({"birth_date": D(1974, 12, 1)}, True),  # man, 50 on 2024-12-01, 120 months
        ({"birth_date": D(1974, 12, 2)}, False),  # 49 on the application date
        ({"birth_date": D(1974, 12, 1), "contribution_months": 119}, False),  # under 10 years
        ({"birth_date": D(1979, 12, 1), "sex": "female"}, True),  # woman, 45
        ({"birth_date": D(1979, 12, 2), "sex": "female"}, False),  # woman, 44
        ({"contribution_months": 12, "spouse_receiving_benefit": True}, True),  # couple
    ],
)
def test_special_group_in_2024_12(changes: dict[str, Any], special: bool) -> None:
    """IMS-2024-SG: 10 years of contributions and a man 50+ or woman 45+ on the application
    date, or a spouse receiving benefit: 98% / 88% of 2270 = 2224.60 / 1997.60 instead of
    2156.50 / 1929.50."""
    fields = {"contribution_months": 120, **changes}
    schedule = POLICY.payout_schedule(claiming_on(D(2024, 12, 1), **fields))
    first = schedule[0]
    assert str(first.amount) == ("2224.60" if special else "2156.50")
    assert ("special group" in first.basis) is special
    assert first.citation.clause == ("IMS-2024-SG" if special else "IMS-2024")
    if len(schedule) > 12:
        assert str(schedule[12].amount) == ("1997.60" if special else "1929.50")


SPECIAL_FROM_DECEMBER = """
    parameters:
      - id: special_group_start
        change: override
        clause: IMS-2024-SG
        description: the special group from 内人社办发〔2024〕195号's base change
        values:
          - {from: 2024-08-01, value: 2024-12-01}
    """


@pytest.mark.parametrize(
    ("claimed", "default", "december"),
    [
        (D(2024, 7, 31), "1719.00", "1719.00"),  # the 2021 standard: no special group yet
        (D(2024, 8, 1), "1940.40", "1881.00"),  # 1980 × 0.98 by default, × 0.95 from 12-01
        (D(2024, 9, 10), "1940.40", "1881.00"),
        (D(2024, 11, 30), "1940.40", "1881.00"),
        (D(2024, 12, 1), "2224.60", "2224.60"),  # 2270 × 0.98 on both readings
    ],
)
def test_special_group_start_on_both_readings(
    tmp_path: Path, claimed: D, default: str, december: str
) -> None:
    """IM-special-group-start: a couple both receiving (spouse_receiving_benefit) gets 98%
    from 2024-08-01 with the revised 实施办法 (default) or from 2024-12-01 (alternative)."""
    couple = claiming_on(claimed, spouse_receiving_benefit=True)
    what_if = write_layer(tmp_path, SPECIAL_FROM_DECEMBER)
    assert str(POLICY.payout_schedule(couple)[0].amount) == default
    assert str(what_if.payout_schedule(couple)[0].amount) == december


def reform_continuation(area: str = "152201") -> ub.Claimant:
    """A man born 1966-08-15 (retires 2027-01-15), 120 months, claiming 2024-12-02: 24 regular
    months to 2026-12-01, then months 25 and 26 to 2027-01-14 (special group: 58, 10 years)."""
    return claiming_on(
        D(2024, 12, 2), birth_date=D(1966, 8, 15), contribution_months=120, insured_area=area
    )


IM6_AFTER_2024 = """
    parameters:
      - id: beyond_regular_months
        change: override
        clause: IM6
        description: IM6's 80% after 2024-08-01 too
        values:
          - {from: 2019-12-01, value: {after_month: 24, rate: 0.80, base: pooling_area_minimum_wage}}
    """


def test_months_beyond_24_follow_the_month_13_rate_from_2024(tmp_path: Path) -> None:
    """IM-beyond-24: the special group's months 25 and 26 at 88% of 2270 = 1997.60 like months
    13–24 ("从第十三个月开始"); on the alternative, IM6's 80% of the pooling area's wage, the
    region's tier 1 from 2024-08-01: 2270 × 0.80 = 1816.00."""
    schedule = POLICY.payout_schedule(reform_continuation())
    assert [str(p.amount) for p in schedule[22:]] == ["1997.60"] * 4
    assert schedule[24].citation.clause == "IMS-2024-SG"
    assert schedule[24].basis.startswith("month 25 (rate of month 13 on, special group)")
    assert schedule[24].phase == "continuation"
    alternative = write_layer(tmp_path, IM6_AFTER_2024).payout_schedule(reform_continuation())
    assert [str(p.amount) for p in alternative[22:]] == ["1997.60", "1997.60", "1816.00", "1816.00"]
    assert alternative[24].citation.clause == "IM6"
    assert alternative[24].basis.startswith("month 25 > 24")


def test_a_continuation_month_past_24_in_2025(tmp_path: Path) -> None:
    """A man born 1966-12-15 retires at 60 and 6 months (RR-1: 24th month of his cohort,
    ceil(24 / 4) = 6) on 2027-06-15. 60 contribution months (14, IMM-DURATION) and 10 unused
    months give 24 months from 2025-03-10 to 2027-03-09, then 4 continuation months to
    2027-06-14. Not the special group (under 10 years): months 13–28 at 85% of 2270 = 1929.50;
    on the IM6 reading months 25–28 at 80% of 2270 = 1816.00."""
    person = claiming_on(
        D(2025, 3, 10), birth_date=D(1966, 12, 15), contribution_months=60, prior_unused_months=10
    )
    ent = POLICY.entitlement(person)
    assert (ent.regular_months, ent.continuation_months, ent.end) == (24, 4, D(2027, 6, 14))
    schedule = POLICY.payout_schedule(person)
    assert [str(p.amount) for p in schedule[11:14]] == ["2156.50", "1929.50", "1929.50"]
    assert [str(p.amount) for p in schedule[24:]] == ["1929.50"] * 4
    assert schedule[24].citation.clause == "IMS-2024"
    alternative = write_layer(tmp_path, IM6_AFTER_2024).payout_schedule(person)
    assert [str(p.amount) for p in alternative[24:]] == ["1816.00"] * 4


def test_months_beyond_24_before_2024_at_80_percent_of_the_league_seat() -> None:
    """IM6: a man born 1965-12-15 retires 2026-03-15 (60 and 3 months); 120 months from
    2023-06-10 give 24 months to 2025-06-09, then continuation to 2026-03-14 (10 months).
    Claimed under the 2021 standard: months 25–34 at 80% of the league seat's 1910 =
    1528.00, citing IM6."""
    person = claiming_on(D(2023, 6, 10), birth_date=D(1965, 12, 15), contribution_months=120)
    schedule = POLICY.payout_schedule(person)
    assert len(schedule) == 34
    assert {str(p.amount) for p in schedule[24:]} == {"1528.00"}
    assert {p.citation.clause for p in schedule[24:]} == {"IM6"}


def test_continuation_months_up_to_24_at_the_ordinary_rate() -> None:
    """Continuation months 13–16 of a 12-month entitlement (claim 2018-12-02, see
    test_entitlement) are paid as months 13–24: 1560 × 0.70 = 1092.00, not IM6."""
    person = claimant(
        birth_date=D(1960, 3, 15),
        contribution_months=50,
        separation_date=D(2018, 11, 30),
        application_date=D(2018, 12, 2),
    )
    schedule = POLICY.payout_schedule(person)
    assert [str(p.amount) for p in schedule[11:]] == ["1248.00", *["1092.00"] * 4]
    assert {p.citation.clause for p in schedule[12:]} == {"IMS-2017"}


def test_before_n2b_the_application_date_reading_is_assumed() -> None:
    """standard_date before N2b (2020-03-06) is application_date, an assumption in YAML.
    A claim on 2017-07-20 precedes the 2017-08-01 standard: every month is unknown (None,
    SIL-47). A claim on 2017-08-20: every month 1–12 is 1560 × 0.80 = 1248.00 (IMS-2017)."""
    early = POLICY.payout_schedule(claiming_on(D(2017, 7, 20)))
    assert all(p.amount is None for p in early)
    assert early[0].citation.clause == "SIL-47"
    later = POLICY.payout_schedule(claiming_on(D(2017, 8, 20)))
    assert {str(p.amount) for p in later[:12]} == {"1248.00"}
    assert later[0].citation.clause == "IMS-2017"


def test_g11_month_start_reading_raises_with_the_standard(tmp_path: Path) -> None:
    """G11 alternative: standard_date month_start. Claim 2021-11-20 (area 152201): month 1
    (from 2021-11-20) at 2017's 1248.00; month 2 (from 2021-12-20) at 2021's 1910 × 0.90 =
    1719.00; the literal reading keeps 1248.00."""
    what_if = write_layer(
        tmp_path,
        """
        parameters:
          - id: standard_date
            change: override
            clause: N2b
            description: each month at the standard in force when it begins
            values:
              - {from: 1999-01-22, value: month_start}
        """,
    )
    person = claiming_on(D(2021, 11, 20))
    assert [str(p.amount) for p in what_if.payout_schedule(person)[:2]] == ["1248.00", "1719.00"]
    assert [str(p.amount) for p in POLICY.payout_schedule(person)[:2]] == ["1248.00", "1248.00"]


def test_im6_for_a_claim_before_continuation_existed(tmp_path: Path) -> None:
    """Literal reading applied to a claim of 2018-01-10: IM6 had no value then, so months 25–30
    (a man born 1960-06-20, retiring 2020-06-20) take IM6's rule on the wage of the application
    date (IM-beyond-24-early, default application_date): 1560 × 0.80 = 1248.00; none raises.
    Under its alternative (month_start) IM6 and the wage are read on each month's first day,
    2020-01-10 for month 25: the same 1560 × 0.80 here."""
    what_if = write_layer(
        tmp_path,
        """
        parameters:
          - id: standard_date
            change: override
            clause: N2b
            description: the application date, for every claim
            values:
              - {from: 1999-01-22, value: application_date}
        """,
    )
    person = claiming_on(D(2018, 1, 10), birth_date=D(1960, 6, 20), contribution_months=120)
    schedule = what_if.payout_schedule(person)
    assert len(schedule) == 30
    assert [str(p.amount) for p in schedule[24:]] == ["1248.00"] * 6
    assert "2018-01-10" in schedule[24].basis  # the wage of the application date
    assert schedule[24].citation.clause == "IM6"
    each_month = write_layer(
        tmp_path,
        """
        parameters:
          - id: early_claim_beyond
            change: override
            clause: N2b
            description: each month's own rule and wage
            values:
              - {from: 1999-01-22, value: month_start}
        """,
        "each_month",
    )
    later = each_month.payout_schedule(person)
    assert [str(p.amount) for p in later[24:]] == ["1248.00"] * 6
    assert "2020-01-10" in later[24].basis  # IM6 read on month 25's first day


def test_pro_rata_last_month_reading(tmp_path: Path) -> None:
    """partial_last_month pro_rata: month 26 of reform_continuation runs 2027-01-02 to
    2027-01-14, 13 of the 31 days of 2027-01-02–2027-02-01: 1997.60 × 13 / 31 = 837.703… →
    837.70; the default (full) pays 1997.60."""
    what_if = write_layer(
        tmp_path,
        """
        parameters:
          - id: partial_last_month
            change: override
            clause: N1
            description: pro rata
            values:
              - {from: 2019-12-01, value: pro_rata}
        """,
    )
    assert str(what_if.payout_schedule(reform_continuation())[-1].amount) == "837.70"
    assert str(POLICY.payout_schedule(reform_continuation())[-1].amount) == "1997.60"


def pooling_base(tmp_path: Path, name: str, *values: tuple[str, str]) -> ub.Policy:
    """A what-if setting pooling_base (G10) to dated values (date, reading)."""
    rows = "".join(f"\n      - {{from: {day}, value: {reading}}}" for day, reading in values)
    body = (
        "parameters:\n  - id: pooling_base\n    change: override\n    clause: IMP-LEAGUE\n"
        "    description: another reading of G10\n    values:" + rows + "\n"
    )
    return write_layer(tmp_path, body, name)


OWN_TIER = (("2017-08-01", "insured_area"), ("2024-08-01", "region_tier1"))
REGION_FROM_2021 = (("2017-08-01", "league_seat"), ("2021-12-01", "region_tier1"))


@pytest.mark.parametrize(
    ("claimed", "area", "seat", "own", "region"),
    [
        # 扎赉特旗 in 2020: the seat's tier 3, its own (assumed) tier 4, or region tier 1
        (D(2020, 4, 10), "152223", "1248.00", "1168.00", "1248.00"),
        # 阿尔山市 in 2021-12: seat tier 2 1910 × 0.90; own tier 3 1850 × 0.90; region 1980 × 0.90
        (D(2021, 12, 1), "152202", "1719.00", "1665.00", "1782.00"),
        (D(2024, 7, 31), "152201", "1719.00", "1719.00", "1782.00"),
        # from 2024-08-01 the standard itself is on the region's tier 1
        (D(2024, 9, 10), "152223", "1881.00", "1881.00", "1881.00"),
    ],
)
def test_g10_three_readings(
    tmp_path: Path, claimed: D, area: str, seat: str, own: str, region: str
) -> None:
    """G10 pooling_base: league_seat (default), insured_area (the area's own tier) or
    region_tier1 from 2021-12-01 (region-level pooling before 2024; 1782 is the 2022–2024
    table's amount, 90% of 1980)."""
    person = claiming_on(claimed, insured_area=area)
    own_tier = pooling_base(tmp_path, "own_tier", *OWN_TIER)
    early = pooling_base(tmp_path, "region_early", *REGION_FROM_2021)
    assert str(POLICY.payout_schedule(person)[0].amount) == seat
    assert str(own_tier.payout_schedule(person)[0].amount) == own
    if claimed >= D(2021, 12, 1):
        assert str(early.payout_schedule(person)[0].amount) == region


def test_missing_insured_area_when_the_reading_needs_it(tmp_path: Path) -> None:
    """On the insured_area reading of G10 a 2021 claim needs the area's tier: without it the
    amounts are unknown (None), the basis names insured_area, and the rest of the decision
    stands. The default (league seat) needs no area."""
    own_tier = pooling_base(tmp_path, "own_tier", *OWN_TIER)
    person = claiming_on(D(2021, 12, 1), insured_area=None)
    schedule = own_tier.payout_schedule(person)
    assert len(schedule) == 24
    assert all(p.amount is None for p in schedule)
    assert "insured_area" in schedule[0].basis and "insured_area" in schedule[0].basis_zh
    decision = own_tier.evaluate(person)
    assert decision.eligibility.eligible and "paid_monthly" not in decision.totals
    assert all(p.amount is not None for p in POLICY.payout_schedule(person))


def test_rounding_to_the_fen_half_up() -> None:
    """EP-ROUNDING: every amount has two decimals; 2270 × 0.95 = 2156.5 shows as 2156.50."""
    schedule = POLICY.payout_schedule(claiming_on(D(2024, 12, 1)))
    assert all(p.amount is not None and p.amount.as_tuple().exponent == -2 for p in schedule)
    assert schedule[0].amount == Decimal("2156.50")


def test_national_layer_sets_no_amount() -> None:
    """SIL-47: the standard is set by the province; under the national layer alone each month
    has amount None, a basis that says so, the SIL-47 citation, and no pay-by date (XC7 is
    the league's)."""
    schedule = ub.load_policy("national").payout_schedule(claimant())
    assert len(schedule) == 24
    for p in schedule:
        assert p.amount is None and p.pay_by is None
        assert p.citation.clause == "SIL-47"
        assert "province" in p.basis
    decision = ub.load_policy("national").evaluate(claimant())
    assert "paid_monthly" not in decision.totals


def test_missing_insured_area_is_fine_on_the_region_wide_base() -> None:
    """The 2024 standards use the region's tier 1, and so do months beyond 24: no area needed."""
    schedule = POLICY.payout_schedule(claiming_on(D(2024, 12, 1), insured_area=None))
    assert str(schedule[0].amount) == "2156.50"
    person = reform_continuation().replace(insured_area=None)
    assert all(p.amount is not None for p in POLICY.payout_schedule(person))


def test_an_area_outside_the_league() -> None:
    """An insured area the policy has no tier for (150102, 呼和浩特市新城区): InputError naming
    insured_area and listing the areas the policy knows (a wrong code, not a missing one)."""
    with pytest.raises(ub.InputError) as caught:
        POLICY.payout_schedule(claiming_on(D(2021, 12, 1), insured_area="150102"))
    assert caught.value.field == "insured_area"
    assert "152201" in str(caught.value)


def test_medical_insurance_is_paid_while_receiving() -> None:
    """SIL-48, N1: every month, continuation included, has medical insurance paid for."""
    assert all(p.medical_insurance_paid for p in POLICY.payout_schedule(reform_continuation()))


def test_each_payment_cites_its_minimum_wage() -> None:
    """The base of the amount is cited too: 2020-04-10 in 152201 rests on 内政办发〔2017〕135号
    (IMW-2017, 1560 for tier 3); a 2021-12-01 claim on 内政办发〔2021〕69号 (IMW-2021, 1910)."""
    early = POLICY.payout_schedule(claiming_on(D(2020, 4, 10)))[0]
    later = POLICY.payout_schedule(claiming_on(D(2021, 12, 1)))[0]
    assert early.base_citation is not None and early.base_citation.clause == "IMW-2017"
    assert later.base_citation is not None and later.base_citation.clause == "IMW-2021"
