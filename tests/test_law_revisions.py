"""The law's third pass (background-law.md, revised 2026-12-07): the league's own code, flexible
workers, the early claims' months past the 24th, the end of paper filing (G8), 209号 read.

Every expected figure is worked by hand in the test's docstring from the clause it names.
Minimum wages (yuan): 2017-08 tier 3 = 1560 (乌兰浩特市, the league seat); 2021-12 tier 2 = 1910,
tier 1 = 1980; 2024-12 tier 1 = 2270.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from support import YOUNG_MAN, person

import uibenefit as ub
from uibenefit.cli import main
from uibenefit.population import batch_stats
from uibenefit.population.crosscheck import differences, table_of
from uibenefit.testing import Case
from uibenefit.tools.consistency import readings

D = dt.date
POLICY = ub.load_policy("xingan")
ROOT = Path(__file__).parent.parent
EACH_MONTH = ub.load_policy(ROOT / "examples" / "reforms" / "early_claims_each_month.yaml")


def claiming_on(day: D, **changes: Any) -> ub.Claimant:
    """YOUNG_MAN (130 months, 24 regular months), separated ten days before claiming on `day`."""
    return person(
        YOUNG_MAN, separation_date=day - dt.timedelta(days=10), application_date=day, **changes
    )


def amounts(policy: ub.Policy, claimant: ub.Claimant) -> list[str]:
    return [str(p.amount) for p in policy.payout_schedule(claimant)]


# -- item 1: the league's own code (152200, 兴安盟本级) ------------------------------------------


@pytest.mark.parametrize(
    ("claimed", "month1", "month13"),
    [
        # IMS-2017 on the seat's tier 3 (IMP-LEAGUE): 1560 × 80% = 1248.00, × 70% = 1092.00
        (D(2020, 1, 1), "1248.00", "1092.00"),
        # IMS-2021 (209号) on the seat's tier 2: 1910 × 90% = 1719.00, × 80% = 1528.00
        (D(2022, 1, 1), "1719.00", "1528.00"),
        # IMS-2024 on the region's tier 1: 1980 × 95% = 1881.00, × 85% = 1683.00
        (D(2024, 8, 1), "1881.00", "1683.00"),
        # IMS-2024 with the 2024-12 wage 2270: × 95% = 2156.50, × 85% = 1929.50
        (D(2025, 1, 1), "2156.50", "1929.50"),
    ],
)
def test_the_league_level_is_paid_like_every_area(claimed: D, month1: str, month13: str) -> None:
    """IMP-LEAGUE ("统筹地区最低工资以盟市所在地为标准", G10 league_seat): a person insured at league
    level (152200, whose office XC13 names) is paid what a person of 乌兰浩特市 is paid."""
    league = amounts(POLICY, claiming_on(claimed, insured_area="152200"))
    seat = amounts(POLICY, claiming_on(claimed, insured_area="152201"))
    assert league == seat
    assert set(league[:12]) == {month1}
    assert set(league[12:24]) == {month13}


def test_the_league_level_under_the_insured_area_reading(tmp_path: Path) -> None:
    """G10's alternative (insured_area): the league's own pooling area has the seat's wage, so
    2020-01-01 in 152200 is 1560 × 80% = 1248.00 (not 1460 × 80% like 阿尔山市, 152202)."""
    path = tmp_path / "insured_area.yaml"
    path.write_text(
        "format: 1\nlayer: insured_area\nextends: xingan\n"
        "document: {number: t, title: t, issuer: t, issued: 2026-01-01}\n"
        "parameters:\n  - id: pooling_base\n    change: override\n    clause: IMP-LEAGUE\n"
        "    reading: G10\n    description: the insured area's tier\n"
        "    values:\n      - {from: 2017-08-01, value: insured_area}\n"
        "      - {from: 2024-08-01, value: region_tier1}\n",
        encoding="utf-8",
    )
    what_if = ub.load_policy(path)
    assert amounts(what_if, claiming_on(D(2020, 1, 1), insured_area="152200"))[0] == "1248.00"
    assert amounts(what_if, claiming_on(D(2020, 1, 1), insured_area="152202"))[0] == "1168.00"
    # IMW-2021 (from 2021-12-01): 乌兰浩特市 and the league level tier 2, 1910 × 90% = 1719.00;
    # 阿尔山市 and the four banners and counties tier 3, 1850 × 90% = 1665.00
    tier2, tier3 = ("152200", "152201"), ("152202", "152221", "152222", "152223", "152224")
    for area in (*tier2, *tier3):
        first = amounts(what_if, claiming_on(D(2022, 1, 1), insured_area=area))[0]
        assert first == ("1719.00" if area in tier2 else "1665.00"), area


def test_the_league_level_evaluates_with_its_office() -> None:
    """XC13's seventh row (兴安盟就业局) serves 152200, and the decision has amounts."""
    decision = POLICY.evaluate(claiming_on(D(2022, 1, 1), insured_area="152200"))
    assert decision.paperwork.office is not None
    assert decision.paperwork.office.name == "兴安盟就业局"
    assert str(decision.schedule[0].amount) == "1719.00"


def test_the_league_level_by_name() -> None:
    """area_names: 兴安盟本级 written in a person file is the code 152200."""
    found = ub.read_person("insured_area: 兴安盟本级\n" + _PERSON_TAIL)
    assert found.person.insured_area == "152200"


_PERSON_TAIL = """\
birth_date: 1984-05-05
sex: male
position: worker
insured_as: employee
contribution_months: 130
separation_date: 2021-12-20
separation_reason: contract_expired
application_date: 2022-01-01
"""


@pytest.mark.parametrize("claimed", [D(2020, 1, 1), D(2022, 1, 1), D(2024, 8, 1), D(2026, 1, 1)])
@pytest.mark.parametrize("area", ["150102", "152300", "152299"])
def test_a_code_neither_an_area_nor_the_league(claimed: D, area: str) -> None:
    """IMP-LEAGUE, IMW-2017/2021: the pooling area is the league; a code that is neither one of
    its areas nor the league itself (呼和浩特市新城区 150102, another league 152300) is an
    InputError naming insured_area on every date, the region-wide base of 2024-08 included."""
    with pytest.raises(ub.InputError) as caught:
        POLICY.evaluate(claiming_on(claimed, insured_area=area))
    assert caught.value.field == "insured_area"
    assert area in str(caught.value)


def test_every_office_area_is_payable_on_every_date() -> None:
    """XC13: every code an office of the league serves has a minimum wage tier on every date of
    minimum_wage_area_tiers, so its claimants are paid under every reading of G10."""
    served = [o.areas for o, _ in POLICY.compiled.offices]
    codes = {code for areas in served for code in areas}
    assert "152200" in codes
    for dated in POLICY.table("minimum_wage_area_tiers").values:
        assert codes <= set(dated.value), dated.start
        seat = POLICY.value("pooling_area_seat", dated.start)
        assert dated.value["152200"] == dated.value[seat], dated.start


# -- item 3: months past the 24th of a claim made before 2019-12-01 ---------------------------

EARLY = {
    "birth_date": D(1962, 10, 1),  # retires 2022-10-01 (60, before the 2025 reform)
    "contribution_months": 160,
    "separation_date": D(2019, 11, 20),
    "application_date": D(2019, 11, 30),
}
"""examples/reforms/people/early_claim.yaml: 24 regular months to 2021-11-29 (IMM-DURATION,
13 years), continuation (N1, IM1) to 2022-09-30: months 25-35."""


def test_early_claim_months_past_24_at_the_application_dates_standard() -> None:
    """IM-beyond-24-early default (N2b: 按照申请之日当地失业保险金标准): months 25-35 at IM6's 80%
    of the seat's wage on 2019-11-30, 1560 × 80% = 1248.00; total 12 × 1248 + 12 × 1092 +
    11 × 1248 = 41808.00."""
    schedule = POLICY.payout_schedule(person(YOUNG_MAN, **EARLY))
    assert len(schedule) == 35
    assert {str(p.amount) for p in schedule[24:]} == {"1248.00"}
    assert {p.citation.clause for p in schedule[24:]} == {"IM6"}
    assert str(sum(p.amount for p in schedule if p.amount is not None)) == "41808.00"


def test_early_claim_months_past_24_each_at_its_own_months_standard() -> None:
    """IM-beyond-24-early alternative (month_start, the what-if): month 25 (from 2021-11-30) at
    IM6 × 1560 = 1248.00, months 26-35 (from 2021-12-30) at IM6 × 1910 (IMW-2021) = 1528.00:
    the claimant's answer moves by 10 × 280 = 2800.00."""
    schedule = EACH_MONTH.payout_schedule(person(YOUNG_MAN, **EARLY))
    assert str(schedule[24].amount) == "1248.00"
    assert {str(p.amount) for p in schedule[25:]} == {"1528.00"}
    assert str(sum(p.amount for p in schedule if p.amount is not None)) == "44608.00"


def test_the_regular_months_do_not_move() -> None:
    """The reading prices only months past the 24th: months 1-24 of the 2019-11-30 claim are at
    IMS-2017 on the application date under both readings, 1560 × 80% = 1248.00 and × 70% =
    1092.00."""
    for policy in (POLICY, EACH_MONTH):
        schedule = policy.payout_schedule(person(YOUNG_MAN, **EARLY))
        assert {str(p.amount) for p in schedule[:12]} == {"1248.00"}
        assert {str(p.amount) for p in schedule[12:24]} == {"1092.00"}


def test_the_reading_is_named_and_listed() -> None:
    """`uibenefit show` and `check` list IM-beyond-24-early with its parameter; the what-if
    switches the value."""
    found = {c.id: c for c in readings(POLICY)}["IM-beyond-24-early"]
    assert found.parameters == ("early_claim_beyond",)
    assert {"IM6", "N2b"} <= set(found.clauses)
    assert POLICY.value("early_claim_beyond", D(2019, 11, 30)) == "application_date"
    assert EACH_MONTH.value("early_claim_beyond", D(2019, 11, 30)) == "month_start"


def test_show_lists_the_reading(capsys: pytest.CaptureFixture[str]) -> None:
    """The contract's `uibenefit show POLICY` prints the reading and its parameter."""
    assert main(["show", "xingan"]) == 0
    out = capsys.readouterr().out
    assert "IM-beyond-24-early" in out
    assert "early_claim_beyond" in out


# -- batch == evaluate on these claimants ----------------------------------------------------


def _batch_agrees(policy: ub.Policy, people: list[ub.Claimant], as_of: D) -> None:
    table, events = table_of([Case(p, [], as_of) for p in people])
    assert differences(policy, table, events, as_of) == []
    assert batch_stats(policy.evaluate_batch(table, events, as_of)).engine_rows == 0


@pytest.mark.parametrize("policy", [POLICY, EACH_MONTH], ids=["default", "each_month"])
def test_batch_equals_evaluate_on_the_new_cases(policy: ub.Policy) -> None:
    """evaluate_batch == evaluate for the league's own code on each standard, codes of no area,
    and early claims running past their 24th month."""
    people = [
        claiming_on(day, insured_area=area)
        for day in (D(2020, 1, 1), D(2022, 1, 1), D(2024, 8, 1), D(2026, 1, 1))
        for area in ("152200", "150102", None)
    ]
    people += [person(YOUNG_MAN, **EARLY), person(YOUNG_MAN, **{**EARLY, "insured_area": "152200"})]
    people += [person(YOUNG_MAN, **{**EARLY, "insured_as": "flexible"})]
    _batch_agrees(policy, people, D(2023, 1, 1))


# -- item 2: flexible workers have no employer ------------------------------------------------


@pytest.mark.parametrize(
    "separated", [D(2005, 3, 1), D(2018, 7, 4), D(2020, 3, 5), D(2020, 6, 1), D(2025, 3, 3)]
)
def test_flexible_workers_have_no_employer_duties_on_any_date(separated: D) -> None:
    """SIL-50 and N7 (UIR-14's 所在单位 before them) put these duties on the employer (用人单位);
    a flexible worker (灵活就业人员) has none: no X2, XE5, SIL-50, X1b … on any separation date,
    and the notice no_employer_duties says why, citing SIL-50. The same person insured as an
    employee is owed SIL-50's list of the unemployed, due 15 days after the separation."""
    flexible = claiming_on(separated + dt.timedelta(days=10), insured_as="flexible")
    paper = POLICY.paperwork(flexible)
    assert paper.employer_obligations == ()
    told = [n for n in paper.notices if n.id == "no_employer_duties"]
    assert [n.citation.clause for n in told] == ["SIL-50"]
    assert "灵活就业人员" in told[0].name
    employee = POLICY.paperwork(flexible.replace(insured_as="employee"))
    assert "SIL-50" in {o.citation.clause for o in employee.employer_obligations}
    assert "no_employer_duties" not in {n.id for n in employee.notices}


def test_the_flexible_workers_reason_in_the_explanation() -> None:
    """The decision's explanation shows the reason with its clause (SIL-50 第五十条)."""
    decision = POLICY.evaluate(claiming_on(D(2018, 7, 14), insured_as="flexible"))
    text = decision.explain(lang="zh")
    assert "灵活就业人员没有用人单位" in text
    assert "用人单位义务" not in text


# -- item 4: the 2026-12-07 revisions of background-law -----------------------------------------


@pytest.mark.parametrize(
    ("separated", "filing"),
    [
        (D(2020, 4, 30), False),  # before X1a's 2020-05-01: no filing yet
        (D(2020, 5, 1), True),
        (D(2022, 9, 5), True),  # the last day before online claiming was live (G8)
        (D(2022, 9, 6), False),  # ONLINE-2022: live by 2022-09-06, the 12333 record instead
        (D(2025, 3, 3), False),
    ],
)
def test_paper_filing_ends_when_online_claiming_is_live(separated: D, filing: bool) -> None:
    """G8 (default 2022-09-06, ONLINE-2022): X1b, XA2 and XE3's 备案表 are listed only for
    separations from 2020-05-01 to 2022-09-05; from 2022-09-06 X1b's 12333 online record."""
    paper = POLICY.paperwork(claiming_on(separated + dt.timedelta(days=10)))
    clauses = {
        o.citation.clause for o in paper.employer_obligations if o.act == "file_termination_form"
    }
    assert clauses == ({"X1b", "XA2", "XE3"} if filing else set())
    online = {o.id for o in paper.employer_obligations} & {"record_change_online"}
    assert online == (set() if filing or separated < D(2020, 5, 1) else {"record_change_online"})


def test_x5_forms_retired_for_claims_from_the_online_date() -> None:
    """X5: once the 12333 hall is live (G8: 2022-09-06) the archive review sheet and the claim
    registration form are no longer filled in: listed among the forbidden requests for a claim
    of 2022-09-06, not for one of 2022-09-05."""

    def forbidden(day: D) -> set[str]:
        paper = POLICY.paperwork(claiming_on(day))
        return {r.id for r in paper.forbidden_requests if r.citation.clause == "X5"}

    assert forbidden(D(2022, 9, 5)) == set()
    assert forbidden(D(2022, 9, 6)) == {"archive_review_form", "claim_registration_form"}


def test_g8_not_known_lists_the_filing_for_every_separation() -> None:
    """G8's alternative (examples/reforms/online_date_unknown.yaml): the 备案表 for a separation
    of 2025-03-03, X1b 7 working days (03-04 … 03-12) and XA2/XE3 7 days (03-10, a Monday)."""
    unknown = ub.load_policy(ROOT / "examples" / "reforms" / "online_date_unknown.yaml")
    paper = unknown.paperwork(claiming_on(D(2025, 3, 13)))
    dues = {
        o.citation.clause: o.due
        for o in paper.employer_obligations
        if o.act == "file_termination_form"
    }
    assert dues == {"X1b": D(2025, 3, 12), "XA2": D(2025, 3, 10), "XE3": D(2025, 3, 10)}


def test_the_online_date_is_a_named_derived_reading() -> None:
    """G8 names online_claiming_live, 2022-09-06, cited to ONLINE-2022 with certainty derived."""
    found = {c.id: c for c in readings(POLICY)}["G8"]
    assert found.parameters == ("online_claiming_live",)
    assert POLICY.value("online_claiming_live", D(2021, 1, 1)) == D(2022, 9, 6)
    dated = POLICY.table("online_claiming_live").values[-1]
    assert dated.raw.certainty == "derived"
    assert POLICY.param_citation("online_claiming_live", D(2022, 1, 1)).clause == "ONLINE-2022"


def test_209_is_quoted_as_read() -> None:
    """内人社办发〔2021〕209号 is read on the issuer's site: IMS-2021 is a quotation (quoted: true,
    certainty text) with its words, and 2022-01-01 in the league pays 1910 × 90% = 1719.00."""
    cite = POLICY.cite("IMS-2021")
    assert cite.quoted is True
    assert cite.text.startswith("第1至12个月按统筹地区最低工资标准的90%发放；第13至24个月")
    assert cite.text.endswith("自2021年12月1日起执行。")
    assert POLICY.table("benefit_standard").values[1].raw.certainty == "text"


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (11, 0),
        (12, 2),
        (24, 4),
        (36, 8),
        (48, 12),
        (60, 14),
        (72, 15),
        (84, 16),
        (96, 17),
        (108, 18),
        (119, 18),
        (120, 24),
    ],
)
def test_the_duration_schedule_after_2024_08(months: int, expected: int) -> None:
    """IMM-DURATION after 2024-08-01 (IM-duration default): the same schedule, its certainty
    stated on the value (unverified: 268号令's articles 8-13 not read)."""
    if months < 12:
        assert not POLICY.eligibility(
            claiming_on(D(2025, 3, 3), contribution_months=months)
        ).eligible
        return
    got = POLICY.entitlement(claiming_on(D(2025, 3, 3), contribution_months=months))
    assert got.regular_months == expected
    dated = [v for v in POLICY.table("regular_months_tiers").values if v.start == D(2024, 8, 1)]
    assert [v.raw.certainty for v in dated] == ["unverified"]


OLDER = {"birth_date": D(1966, 6, 1), "contribution_months": 240}
"""A man of 55 on 2022-01-01 with 20 years: the unverified uplift's group."""


def test_the_older_uplift_is_a_labelled_what_if_only() -> None:
    """background-law [unverified]: "累计缴费满10年且男满50周岁、女满45周岁的…增发20%" before
    2024-08: not law (bundled: 1910 × 90% = 1719.00); the what-if pays 1910 × 108% = 2062.80 and
    1910 × 96% = 1833.60, cites UPLIFT-UNVERIFIED and says UNVERIFIED in its file."""
    path = ROOT / "examples" / "reforms" / "older_uplift_unverified.yaml"
    uplift = ub.load_policy(path)
    who = claiming_on(D(2022, 1, 1), **OLDER)
    assert amounts(POLICY, who)[0] == "1719.00"
    got = uplift.payout_schedule(who)
    assert [str(got[0].amount), str(got[12].amount)] == ["2062.80", "1833.60"]
    assert got[0].citation.clause == "UPLIFT-UNVERIFIED"
    assert "UNVERIFIED" in path.read_text(encoding="utf-8").splitlines()[0]
    # a man of 49 is outside the group; from 2024-08 the bundled 98% special group applies
    assert amounts(uplift, claiming_on(D(2022, 1, 1), birth_date=D(1972, 6, 1)))[0] == "1719.00"
    assert amounts(uplift, claiming_on(D(2024, 8, 1), **OLDER))[0] == "1940.40"  # 1980 × 98%


def test_the_couples_uplift_is_a_labelled_what_if_only() -> None:
    """The same pages' "夫妻双方同时失业的…增发8%": 1910 × 97.2% = 1856.52 in the what-if only."""
    path = ROOT / "examples" / "reforms" / "couples_uplift_unverified.yaml"
    couples = ub.load_policy(path)
    who = claiming_on(D(2022, 1, 1), spouse_receiving_benefit=True)
    assert amounts(POLICY, who)[0] == "1719.00"
    assert amounts(couples, who)[0] == "1856.52"
    assert "UNVERIFIED" in path.read_text(encoding="utf-8").splitlines()[0]


# -- XC12's words are the policy's ----------------------------------------------------------------


def test_the_office_day_warning_reads_xc12_from_the_policy(tmp_path: Path) -> None:
    """XC12 (G7): XC4's 60 days from 2020-06-01 end on 2020-07-31, never an office day (days 1-30,
    国家法定节假日除外); the warning is the policy's message not_an_office_day, so a layer that
    words it otherwise changes it, and the engine writes none of XC12's words."""
    who = person(YOUNG_MAN, separation_date=D(2020, 6, 1), application_date=D(2020, 6, 5))
    warned = [w for w in POLICY.paperwork(who).warnings_zh if "2020-07-31" in w]
    assert warned == [
        "XC4 解除或终止劳动关系60日内办理申领登记：最后一天 2020-07-31 不是办理日（每月1日—30日，"
        "国家法定节假日除外），下一个办理日为 2020-08-01 (G7)"
    ]
    path = tmp_path / "worded.yaml"
    path.write_text(
        "format: 1\nlayer: worded\nextends: xingan\n"
        "document: {number: t, title: t, issuer: t, issued: 2026-01-01}\n"
        "messages:\n  - id: not_an_office_day\n    change: override\n    clause: XC12\n"
        "    text: {zh: '{day} 非办理日，改于 {after}', en: '{day} closed, {after} open'}\n",
        encoding="utf-8",
    )
    worded = ub.load_policy(path).paperwork(who)
    assert "2020-07-31 非办理日，改于 2020-08-01" in worded.warnings_zh
    assert "2020-07-31 closed, 2020-08-01 open" in worded.warnings
    source = (ROOT / "src" / "uibenefit" / "procedure" / "paperwork.py").read_text(encoding="utf-8")
    assert "国家法定节假日" not in source


@pytest.mark.parametrize(
    ("born", "month12", "month13", "clause"),
    [
        # IMS-2025 on IMW-2025's tier 1, 2380: months 1-12 at 95% = 2261.00, 13 on at 85% = 2023.00
        (D(1980, 1, 1), "2261.00", "2023.00", "IMS-2025"),
        # the special group (IMS-2024-SG, restated from 2025-12): 98% = 2332.40, 88% = 2094.40
        (D(1970, 1, 1), "2332.40", "2094.40", "IMS-2024-SG"),
    ],
)
def test_the_2025_standard_month_12_and_13(
    born: D, month12: str, month13: str, clause: str
) -> None:
    """IMS-2025 (from 2025-12-01): month 12 is the last at the months-1-12 rate, month 13 the
    first at the month-13-on rate, for the ordinary claimant and the special group (a man of 55
    with 130 months, IMS-2024-SG), both claiming 2025-12-01 in 152201."""
    schedule = POLICY.payout_schedule(
        claiming_on(D(2025, 12, 1), birth_date=born, contribution_months=130)
    )
    assert [str(p.amount) for p in schedule[11:13]] == [month12, month13]
    assert str(schedule[-1].amount) == month13
    assert schedule[12].citation.clause == clause


def test_months_past_24_of_an_august_2024_claim() -> None:
    """IM-beyond-24 (default): from 2024-08-01 months past the 24th follow the 2024 standard's
    month-13-on rate, not IM6's 80%. A man born 1966-08-01 (retires 2027-01-01: 60 + 5 months,
    RR-1), 120 months, claiming 2024-08-15, is in the special group (58, 10 years: IMS-2024-SG):
    24 months to 2026-08-14, continuation to 2026-12-31 (N1, RR-7); months 25-29 at
    1980 × 88% = 1742.40 (1980 × 80% = 1584.00 under IM6)."""
    schedule = POLICY.payout_schedule(
        claiming_on(D(2024, 8, 15), birth_date=D(1966, 8, 1), contribution_months=120)
    )
    assert len(schedule) == 29
    assert {str(p.amount) for p in schedule[24:]} == {"1742.40"}
    assert schedule[24].citation.clause == "IMS-2024-SG"
