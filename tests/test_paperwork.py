"""Paperwork: documents, prohibitions, employer duties with due dates, notices and offices.

Every date below is counted by hand on the State Council's holiday schedules (the comments
show the count); the clause ids are those of seed-rules.md.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

import pytest

import uibenefit as ub
from uibenefit.errors import CalendarCoverageError, PolicyError
from uibenefit.law._model import Due
from uibenefit.law.calendar import WorkCalendar
from uibenefit.procedure.paperwork import describe_due, due_date
from uibenefit.values.results import Paperwork

D = dt.date
CAL = WorkCalendar.bundled()
XINGAN = ub.load_policy("xingan")
FILING = ("file_form_x1b", "file_form_xa2", "file_form_xe3")
REFORMS = Path(__file__).parent.parent / "examples" / "reforms"


def person(**changes: Any) -> ub.Claimant:
    """A man in Ulanhot, 130 contribution months (24 benefit months), contract expired."""
    fields: dict[str, Any] = {
        "birth_date": D(1975, 5, 3),
        "sex": "male",
        "position": "worker",
        "insured_as": "employee",
        "contribution_months": 130,
        "separation_date": D(2020, 9, 28),
        "separation_reason": "contract_expired",
        "application_date": D(2020, 10, 8),
        "insured_area": "152201",
    }
    fields.update(changes)
    return ub.Claimant(**fields)


def paperwork(**changes: Any) -> Paperwork:
    """The xingan paperwork for `person(**changes)`."""
    return XINGAN.paperwork(person(**changes))


def dues(pw: Paperwork) -> dict[str, dt.date | None]:
    """Employer obligation id -> due date."""
    return {o.id: o.due for o in pw.employer_obligations}


def notice(pw: Paperwork, notice_id: str) -> Any:
    """The notice with this id."""
    (found,) = [n for n in pw.notices if n.id == notice_id]
    return found


# --------------------------------------------------------------------- due dates by hand


def test_labour_day_2020_seven_working_days_vs_seven_days() -> None:
    """From Tue 2020-04-28 (May 1-5 off, Sat 05-09 worked): 7 working days 05-11, 7 days 05-06.

    Working days: 04-29 (1), 04-30 (2), [05-01..05 off], 05-06 (3), 05-07 (4), 05-08 (5),
    05-09 Sat make-up (6), [05-10 Sun], 05-11 (7). Days (民法典 201): 04-28 + 7 = 05-05, a
    holiday, so (203) the period ends on the next working day, Wed 05-06.
    """
    anchors: dict[str, dt.date | None] = {"separation_date": D(2020, 4, 28)}
    x1b = Due(count=7, unit="working_days", after="separation_date")
    xa2 = Due(count=7, unit="days", after="separation_date")
    assert due_date(x1b, anchors, CAL) == D(2020, 5, 11)
    assert due_date(xa2, anchors, CAL) == D(2020, 5, 6)


def test_filing_is_not_listed_for_a_separation_before_2020_05_01() -> None:
    """The 备案表 (X1b, XA2, XE3) is listed from 2020-05-01 (X1a's date): not for 2020-04-28."""
    pw = paperwork(separation_date=D(2020, 4, 28), application_date=D(2020, 5, 8))
    assert not set(FILING) & set(dues(pw))
    assert "no_archive_handover" not in dues(pw)
    assert dues(pw)["hand_over_claim_notice"] == D(2020, 4, 28)


def test_claim_notice_labour_day_60_days_end_on_a_make_up_sunday() -> None:
    """XC4: 2020-04-28 + 60 days = Sat 06-27; Sun 06-28 is a make-up working day (端午), so 06-28."""
    pw = paperwork(separation_date=D(2020, 4, 28), application_date=D(2020, 5, 8))
    xc4 = notice(pw, "claim_within_60_days")
    assert xc4.due == D(2020, 6, 28)
    assert xc4.due_rule == "within 60 days of the separation date"
    assert xc4.citation.clause == "XC4"


def test_national_day_2020_filing_deadlines_and_conflict() -> None:
    """From Mon 2020-09-28 (Oct 1-8 off, Sat 10-10 worked): X1b 10-14; XA2, XE3 10-09 (G3).

    Working days: 09-29 (1), 09-30 (2), [10-01..08], 10-09 (3), 10-10 Sat make-up (4),
    [10-11 Sun], 10-12 (5), 10-13 (6), 10-14 (7). Days: 09-28 + 7 = 10-05, a holiday: 10-09.
    """
    pw = paperwork()
    assert {k: dues(pw)[k] for k in FILING} == {
        "file_form_x1b": D(2020, 10, 14),
        "file_form_xa2": D(2020, 10, 9),
        "file_form_xe3": D(2020, 10, 9),
    }
    text = (
        "conflicting deadlines for 'file_termination_form': "
        "X1b: 2020-10-14 (within 7 working days of the separation date); "
        "XA2: 2020-10-09 (within 7 days of the separation date); "
        "XE3: 2020-10-09 (within 7 days of the separation date); only 2020-10-09 is safe (G3)"
    )
    marked = {o.id: o.conflict for o in pw.employer_obligations if o.conflict}
    assert marked == dict.fromkeys(FILING, text)
    assert pw.warnings.count(text) == 1


def test_national_day_2026_filing_deadlines() -> None:
    """From Wed 2026-09-30 (Oct 1-7 off, Sat 10-10 worked): X1b 10-15, XA2 and XE3 10-08,
    under G8's alternative (online date not known: the filing listed for every separation).

    Working days: [10-01..07], 10-08 (1), 10-09 (2), 10-10 Sat make-up (3), [10-11 Sun],
    10-12 (4), 10-13 (5), 10-14 (6), 10-15 (7). Days: 09-30 + 7 = 10-07, a holiday: 10-08.
    XC4: 09-30 + 60 = Sun 11-29, a rest day: Mon 11-30.
    """
    unknown = ub.load_policy(REFORMS / "online_date_unknown.yaml")
    pw = unknown.paperwork(person(separation_date=D(2026, 9, 30), application_date=D(2026, 10, 9)))
    assert [dues(pw)[k] for k in FILING] == [D(2026, 10, 15), D(2026, 10, 8), D(2026, 10, 8)]
    assert notice(pw, "claim_within_60_days").due == D(2026, 11, 30)


def test_a_separation_in_late_december_2026_needs_the_2027_schedule() -> None:
    """7 working days after 2026-12-28 run into 2027, which no schedule covers: an error, no guess."""
    with pytest.raises(CalendarCoverageError, match="2027") as caught:
        paperwork(separation_date=D(2026, 12, 28), application_date=D(2026, 12, 29))
    assert caught.value.year == 2027


def test_handover_duties_are_due_on_the_separation_day() -> None:
    """N7 (restated by X2, which is cited) and XE5: the 告知书 and the termination proof at
    termination."""
    pw = paperwork()
    handover = [o for o in pw.employer_obligations if o.act == "hand_over_claim_notice"]
    assert [(o.citation.clause, o.due) for o in handover] == [("X2", D(2020, 9, 28))]
    assert handover[0].citation.layer == "xingan"
    assert handover[0].citation.restates == ("national:N7",)
    assert dues(pw)["issue_termination_proof"] == D(2020, 9, 28)
    assert handover[0].due_rule == "on the separation date"


def test_employer_duties_without_a_date() -> None:
    """X1a (no archive hand-over), XE2 (true stop reason), XE4 (contributions) have no due date."""
    pw = paperwork()
    undated = {o.id: o.citation.clause for o in pw.employer_obligations if o.due is None}
    assert undated == {
        "no_archive_handover": "X1a",
        "record_true_stop_reason": "XE2",
        "pay_contributions": "XE4",
    }


def test_online_claiming_live_ends_the_filing(tmp_path: Path) -> None:
    """G8: with online_claiming_live set to 2021-01-01, a 2021 separation files online (X1b)."""
    reform = tmp_path / "online.yaml"
    reform.write_text(
        textwrap.dedent(
            """\
            format: 1
            layer: online
            extends: xingan
            document: {number: what-if, title: online claiming live, issuer: test, issued: 2021-01-01}
            parameters:
              - id: online_claiming_live
                change: override
                clause: X1b
                description: Online claiming went live on 2021-01-01 (a what-if).
                values:
                  - {from: 2020-04-27, value: 2021-01-01}
            """
        ),
        encoding="utf-8",
    )
    policy = ub.load_policy(reform)
    later = policy.paperwork(person(separation_date=D(2021, 3, 1), application_date=D(2021, 3, 8)))
    assert not set(FILING) & set(dues(later))
    assert "record_change_online" in dues(later)
    earlier = policy.paperwork(person())
    assert set(FILING) <= set(dues(earlier))
    assert "record_change_online" not in dues(earlier)
    retired = {"archive_review_form", "claim_registration_form"}  # X5, once the hall is live
    assert retired <= {r.id for r in later.forbidden_requests}
    assert not retired & {r.id for r in earlier.forbidden_requests}


def test_a_flexible_worker_has_no_employer_duties() -> None:
    """灵活就业人员 insure themselves: insured_as_with_employer is [employee] (N7), so a flexible
    worker's paperwork lists no employer duty, while an employee's lists N7's hand-over."""
    assert paperwork(insured_as="flexible").employer_obligations == ()
    assert "hand_over_claim_notice" in {o.id for o in paperwork().employer_obligations}


# --------------------------------------------------------------------- office days (G7)


def test_a_filing_deadline_on_the_31st_is_reported() -> None:
    """From Thu 2020-08-20: X1b's 7th working day is Mon 08-31, not an office day (XC12, G7).

    08-21 (1), 08-24 (2), 08-25 (3), 08-26 (4), 08-27 (5), 08-28 (6), 08-31 (7); the 7 days
    end on Thu 08-27, an office day. The next office day after 08-31 is 09-01.
    """
    pw = paperwork(separation_date=D(2020, 8, 20), application_date=D(2020, 8, 25))
    office = [w for w in pw.warnings if "not an office day" in w]
    assert office == [
        "X1b 提交《用人单位终止或解除劳动关系人员备案表》: the last day, 2020-08-31, is not an "
        "office day (XC12: days 1–30 of the month, statutory holidays excepted); the next "
        "office day is 2020-09-01 (G7)"
    ]
    assert dues(pw)["file_form_x1b"] == D(2020, 8, 31)


def test_a_claim_deadline_on_the_31st_is_reported() -> None:
    """XC4 from 2020-06-01: + 60 days = Fri 07-31, a working day but not an office day.

    Read literally (G7), only statutory holidays are excepted, so Sat 08-01 is the next office day.
    """
    pw = paperwork(separation_date=D(2020, 6, 1), application_date=D(2020, 6, 10))
    assert notice(pw, "claim_within_60_days").due == D(2020, 7, 31)
    assert [w for w in pw.warnings if w.startswith("XC4")] == [
        "XC4 解除或终止劳动关系60日内办理申领登记: the last day, 2020-07-31, is not an office "
        "day (XC12: days 1–30 of the month, statutory holidays excepted); the next office day "
        "is 2020-08-01 (G7)"
    ]


def test_no_office_day_warning_when_every_deadline_is_an_office_day() -> None:
    """From 2020-09-28 the deadlines are 10-09, 10-14 and XC4's 11-27: all office days."""
    assert not [w for w in paperwork().warnings if "office day" in w]


# --------------------------------------------------------------------- notices


def test_notice_dates_after_the_entitlement() -> None:
    """24 months from 2020-10-08 end 2022-10-07: XC9 from 2022-11-01; XC10 closes from 2023-01-08.

    XC10: the 3 months after 2022-10-07 end on 2023-01-07 (民法典 202), so the account may be
    closed from 2023-01-08.
    """
    pw = paperwork()
    assert notice(pw, "pay_medical_insurance_after").due == D(2022, 11, 1)
    assert notice(pw, "keep_bank_account").due == D(2023, 1, 8)


def test_notice_dates_need_an_entitlement() -> None:
    """Six contribution months: not entitled, so XC9 and XC10 have no date; XC4 still has one."""
    pw = paperwork(contribution_months=6)
    assert notice(pw, "pay_medical_insurance_after").due is None
    assert notice(pw, "keep_bank_account").due is None
    assert notice(pw, "claim_within_60_days").due == D(2020, 11, 27)


def test_three_months_from_a_month_end() -> None:
    """民法典 202: 3 months after 2020-11-30 end 2021-02-28 (no 30th), so closing from 03-01."""
    due = Due(count=3, unit="day_after_months", after="entitlement_end")
    assert due_date(due, {"entitlement_end": D(2020, 11, 30)}, CAL) == D(2021, 3, 1)
    assert due_date(due, {"entitlement_end": None}, CAL) is None
    assert describe_due(due) == "not before 3 months after the entitlement end have passed"


def test_every_notice_cites_its_clause() -> None:
    """The claimant notices XC2, XC4, XC5, XC6, XC8 to XC12, in the order of the 告知书."""
    assert [(n.id, n.citation.clause) for n in paperwork().notices] == [
        ("claim_channels", "XC2"),
        ("claim_within_60_days", "XC4"),
        ("medical_insurance_paid", "XC5"),
        ("activate_bank_account", "XC6"),
        ("no_flexible_transfer", "XC8"),
        ("pay_medical_insurance_after", "XC9"),
        ("keep_bank_account", "XC10"),
        ("report_job_or_pension", "XC11"),
        ("office_days", "XC12"),
    ]


# --------------------------------------------------------------------- documents (G1)


def test_employee_brings_only_the_card_or_id() -> None:
    """N2a (restated by IM4, X4a: X4a is cited, with the chain): XC3's termination proof and
    户口本 are left off (G1)."""
    pw = paperwork()
    assert [(d.id, d.citation.clause) for d in pw.claimant_documents] == [("id_or_card", "X4a")]
    assert pw.claimant_documents[0].citation.restates == ("national:N2a", "inner_mongolia:IM4")
    im = ub.load_policy("inner_mongolia").paperwork(person())
    assert [d.citation.clause for d in im.claimant_documents] == ["IM4"]
    assert [w for w in pw.warnings if "(G1)" in w] == [
        "XC3 (xingan) asks for Proof of the end of the employment (“解除或终止劳动关系证明”), "
        "which N2c (national) forbids anyone to ask for: not listed (G1)",
        "XC3 (xingan) asks for Household register (“户口本”), which N2c (national) forbids "
        "anyone to ask for: not listed (G1)",
    ]
    assert [w for w in pw.warnings_zh if "(G1)" in w] == [
        "XC3 要求提供“解除或终止劳动关系证明”，但上级文件 N2c 规定不得要求提供，故不列入 (G1)",
        "XC3 要求提供“户口本”，但上级文件 N2c 规定不得要求提供，故不列入 (G1)",
    ]


def test_flexible_worker_follows_the_earlier_rules() -> None:
    """X4a: flexible workers get the card or ID plus a note that the rest is local practice."""
    pw = paperwork(insured_as="flexible")
    assert [d.id for d in pw.claimant_documents] == ["id_or_card", "flexible_earlier_rules"]
    assert pw.claimant_documents[1].citation.clause == "X4a"
    assert "local practice" in pw.claimant_documents[1].description
    forbidden = {r.id for r in pw.forbidden_requests}
    assert {"termination_proof", "archive_transfer"} <= forbidden  # N2c and N4c bind everyone
    assert not {"id_copy", "termination_contract", "x4a_archive"} & forbidden  # X4a: employees


def test_forbidden_requests_each_cite_their_clause() -> None:
    """N2c, N4a, N4c, X1a (from 2020-05-01) and X4a (employees), each with its clause; X5's
    retired forms wait for the online hall (G8: no date set), so they are not listed."""
    assert [(r.id, r.citation.clause) for r in paperwork().forbidden_requests] == [
        ("termination_proof", "N2c"),
        ("registration_proof", "N2c"),
        ("other_proofs", "N2c"),
        ("added_conditions", "N4a"),
        ("archive_transfer", "N4c"),
        ("archive_entry", "N4c"),
        ("archive_handover", "X1a"),
        ("x4a_archive", "X4a"),
        ("id_copy", "X4a"),
        ("termination_contract", "X4a"),
    ]


def test_a_claim_before_the_league_notice_is_handled() -> None:
    """Claim 2020-04-10, before xingan's parameters exist: no X1a item, no filing, no error."""
    pw = paperwork(separation_date=D(2020, 3, 31), application_date=D(2020, 4, 10))
    assert "archive_handover" not in {r.id for r in pw.forbidden_requests}
    assert not set(FILING) & set(dues(pw))
    assert notice(pw, "claim_within_60_days").due == D(2020, 6, 1)  # 03-31 + 60 = Sun 05-31


# --------------------------------------------------------------------- offices (XE6, XC13)


@pytest.mark.parametrize(
    ("area", "name", "phone", "address"),
    [
        ("152201", "乌兰浩特市就业局", "8222732", "关店第四粮库西人力资源大楼"),
        ("152202", "阿尔山市就业局", "7124949", "阿尔山市温泉街"),
        ("152221", "科右前旗就业局", "8398586", "科右前旗政府路南"),
        ("152222", "科右中旗就业局", "4130029", "人力资源和社会保障楼一楼"),
        ("152223", "扎赉特旗就业局", "6718039", "益民路，人力资源大楼306室"),
        ("152224", "突泉县就业局", "5120067", "突泉县政务中心8楼"),
        ("152200", "兴安盟就业局", "8237779", "乌市乌兰大街民生大厦"),
    ],
)
def test_office_for_each_area(area: str, name: str, phone: str, address: str) -> None:
    """Each row of the XC13 table serves its area; the league office serves 152200."""
    office = paperwork(insured_area=area).office
    assert office is not None
    assert (office.name, office.phone, office.address) == (name, phone, address)
    assert office.citation.clause == "XC13"


def test_no_office_outside_the_league() -> None:
    """Hohhot (150102) has no row in the table: no office, and a warning says so."""
    pw = paperwork(insured_area="150102")
    assert pw.office is None
    assert "no office in policy xingan serves insured_area 150102" in pw.warnings


def test_no_office_without_an_area_or_a_table() -> None:
    """No insured_area, or the national layer (no table): no office and no warning about it."""
    assert paperwork(insured_area=None).office is None
    national = ub.load_policy("national").paperwork(person())
    assert national.office is None
    assert not [w for w in national.warnings if "office" in w]


def test_a_due_count_of_zero_days_is_refused(tmp_path: Path) -> None:
    """`due: {count: 0, unit: days}` is a PolicyError at its line, not a calendar crash."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        textwrap.dedent(
            """\
            format: 1
            layer: bad
            extends: xingan
            document: {number: bad, title: bad, issuer: test, issued: 2021-01-01}
            employer_obligations:
              - id: instant
                clause: X1b
                name: 立即
                act: instant
                description: A zero-day deadline.
                due: {count: 0, unit: days, after: separation_date}
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(PolicyError, match=r"bad\.yaml:\d+.*at least 1"):
        ub.load_policy(bad)


@pytest.mark.parametrize(
    ("separation", "due"),
    [
        (D(2020, 9, 30), D(2020, 10, 15)),  # 09-30 + 15 days = Thu 10-15, a working day
        (D(2020, 9, 18), D(2020, 10, 9)),  # 09-18 + 15 = Sat 10-03, in the holiday: Fri 10-09
    ],
)
def test_the_employer_reports_the_unemployed_within_15_days(separation: D, due: D) -> None:
    """社会保险法 第五十条: the list of the unemployed goes to the agency within 15 days of the
    separation; the first day is not counted and a last day on a rest day or holiday moves to
    the next working day (民法典 201, 203; National Day 2020 is 10-01 to 10-08)."""
    pw = paperwork(separation_date=separation, application_date=separation + dt.timedelta(days=20))
    ob = {o.id: o for o in pw.employer_obligations}["report_unemployed_list"]
    assert ob.due == due
    assert ob.citation.clause == "SIL-50"
    assert ob.conflict is None  # its own act: no G3 conflict with the 备案表
