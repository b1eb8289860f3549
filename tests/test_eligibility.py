"""Eligibility: 社会保险法 第四十五条 / 条例 第十四条 (XE1, XC1), G9, IM3, N4a, N4b, N5, MEAS-15.

Base claimant: a man born 1968-07-15, 168 contribution months, fixed-term contract ended
2020-03-31, claim 2020-04-10, insured in 乌兰浩特市 (152201), under the Xing'an League policy.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from support import ULANHOT_MAN, person

import uibenefit as ub

D = dt.date
POLICY = ub.load_policy("xingan")
NATIONAL = ub.load_policy("national")
BASE = ULANHOT_MAN


def claimant(**changes: Any) -> ub.Claimant:
    """The base claimant with some fields changed."""
    return person(BASE, **changes)


def findings(person: ub.Claimant, policy: ub.Policy = POLICY) -> dict[str, ub.Finding]:
    """The findings of an eligibility decision, by id."""
    return {f.id: f for f in policy.eligibility(person).findings}


@pytest.mark.parametrize(("months", "eligible"), [(11, False), (12, True)])
def test_twelve_cumulative_months_qualify(months: int, eligible: bool) -> None:
    """G9, SIL-45: cumulative months ≥ 12 (deemed years included); 11 fails, 12 passes."""
    result = POLICY.eligibility(claimant(contribution_months=months))
    assert result.eligible is eligible
    found = {f.id: f for f in result.findings}["contributions"]
    assert found.passed is eligible
    assert found.citation.clause == "SIL-45"
    assert str(months) in found.text and str(months) in found.text_en


INVOLUNTARY = [
    "contract_expired",
    "employer_closed",
    "dismissed",
    "discharged",
    "mutual_agreement_employer",
    "resigned_employer_fault",
    "other_statutory",
]
VOLUNTARY = ["mutual_agreement_employee", "resigned"]


@pytest.mark.parametrize("reason", INVOLUNTARY + VOLUNTARY)
def test_separation_reasons(reason: str) -> None:
    """MOHRSS13-13, MEAS-4: seven reasons end work against the person's will, two do not;
    in the league the recorded stop reason is what counts (IM3)."""
    result = POLICY.eligibility(claimant(separation_reason=reason))
    involuntary = {f.id: f for f in result.findings}["involuntary"]
    assert result.eligible is (reason in INVOLUNTARY)
    assert involuntary.passed is (reason in INVOLUNTARY)
    assert involuntary.citation.clause == "IM3"


def test_every_reason_is_classified() -> None:
    """The two lists above cover ub.SEPARATION_REASONS exactly."""
    assert sorted(INVOLUNTARY + VOLUNTARY) == sorted(ub.SEPARATION_REASONS)


def test_national_layer_cites_the_law_for_the_reason() -> None:
    """Without IM3 the involuntary condition cites SIL-45."""
    found = findings(claimant(separation_reason="dismissed"), NATIONAL)["involuntary"]
    assert found.passed is True and found.citation.clause == "SIL-45"


def test_agreement_on_the_employer_s_proposal_before_2011() -> None:
    """MEAS-4 (2000) did not list agreement on the employer's proposal; 人社部令第13号 第十三条
    added it from 2011-07-01: a 2010 claim fails, a 2011-07-01 claim passes."""
    early = claimant(
        separation_reason="mutual_agreement_employer",
        separation_date=D(2010, 5, 31),
        application_date=D(2010, 6, 1),
    )
    late = early.replace(separation_date=D(2011, 6, 30), application_date=D(2011, 7, 1))
    assert POLICY.eligibility(early).eligible is False
    assert POLICY.eligibility(late).eligible is True


def test_stop_reason_prevails_over_registered_reason() -> None:
    """IM3: the registration says 'resigned', the recorded stop reason 'dismissed': eligible,
    with a note that names both reasons."""
    result = POLICY.eligibility(
        claimant(separation_reason="dismissed", registered_reason="resigned")
    )
    assert result.eligible is True
    note = {f.id: f for f in result.findings}["reason_differs"]
    assert note.passed is None and note.citation.clause == "IM3"
    assert "劳动者本人主动辞职" in note.text and "用人单位解除劳动合同" in note.text
    assert "resigned" in note.text_en and "dismissed" in note.text_en


def test_stop_reason_prevails_the_other_way_too() -> None:
    """IM3: recorded 'resigned' and registered 'dismissed': not eligible, with the note."""
    result = POLICY.eligibility(
        claimant(separation_reason="resigned", registered_reason="dismissed")
    )
    assert result.eligible is False
    assert "reason_differs" in {f.id for f in result.findings}


def test_no_note_when_the_reasons_agree() -> None:
    """The same reason twice is not a difference."""
    same = claimant(separation_reason="dismissed", registered_reason="dismissed")
    assert "reason_differs" not in findings(same)


@pytest.mark.parametrize(
    ("claimed", "late"),
    [
        (D(2020, 5, 30), False),
        (D(2020, 5, 31), False),
        (D(2020, 6, 1), False),
        (D(2020, 6, 2), True),
    ],
)
def test_a_late_claim_is_never_refused(claimed: D, late: bool) -> None:
    """N4b, CC-201/203: separation 2020-03-31; day 60 is Saturday 2020-05-30, so the period
    ends on Monday 2020-06-01: claims on days 60-62 are in time, on 06-02 (day 63) late: still
    eligible, with a note citing N4b that gives the 63 days and the period's last day."""
    result = POLICY.eligibility(claimant(application_date=claimed))
    assert result.eligible is True
    notes = {f.id: f for f in result.findings}
    assert ("late_claim" in notes) is late
    if late:
        assert notes["late_claim"].citation.clause == "N4b"
        assert "63" in notes["late_claim"].text_en
        assert "2020-06-01" in notes["late_claim"].text_en


@pytest.mark.parametrize(
    ("claimed", "late"), [(D(2020, 10, 1), False), (D(2020, 10, 9), False), (D(2020, 10, 10), True)]
)
def test_a_claim_period_ending_in_a_holiday(claimed: D, late: bool) -> None:
    """Separation 2020-08-02: day 60 is 2020-10-01, National Day (off 10-01 to 10-08), so the
    period ends on the first working day after, Friday 2020-10-09 (day 68): a claim that day
    is not late; on the make-up working Saturday 2020-10-10 (day 69) it is."""
    person = claimant(separation_date=D(2020, 8, 2), application_date=claimed)
    findings = {f.id: f for f in POLICY.eligibility(person).findings}
    assert ("late_claim" in findings) is late


def test_past_retirement_age_without_pension_is_eligible() -> None:
    """N5: a man born 1958-01-10 retired by age on 2018-01-10; claiming in 2020 without a
    pension, he is eligible and told why."""
    result = POLICY.eligibility(claimant(birth_date=D(1958, 1, 10)))
    assert result.eligible is True
    note = {f.id: f for f in result.findings}["past_retirement_age"]
    assert note.citation.clause == "N5"
    assert "2018-01-10" in note.text_en


def test_a_pension_excludes() -> None:
    """SIL-51 (4): someone already receiving a basic pension is not eligible (and gets no N5 note)."""
    result = POLICY.eligibility(claimant(birth_date=D(1958, 1, 10), receiving_pension=True))
    assert result.eligible is False
    found = {f.id: f for f in result.findings}
    assert found["no_pension"].passed is False
    assert "past_retirement_age" not in found


def test_not_seeking_work_excludes() -> None:
    """SIL-45 (3): registered and seeking work; someone not seeking work is not eligible."""
    result = POLICY.eligibility(claimant(seeking_work=False))
    assert result.eligible is False
    assert {f.id: f for f in result.findings}["registered_seeking_work"].passed is False


def test_unused_months_after_a_short_re_employment() -> None:
    """MEAS-15: 8 new months (under a year) and 5 unused months from the earlier spell: the
    contribution condition gives way, and the 5 months may be drawn."""
    result = POLICY.eligibility(claimant(contribution_months=8, prior_unused_months=5))
    found = {f.id: f for f in result.findings}
    assert result.eligible is True
    assert "contributions" not in found
    assert found["unused_earlier_entitlement"].passed is True
    assert found["unused_earlier_entitlement"].citation.clause == "MEAS-15"


def test_no_conditions_are_added() -> None:
    """N4a: every decision says that only the statutory conditions apply."""
    assert findings(claimant())["no_added_conditions"].citation.clause == "N4a"


def test_registration_at_the_window() -> None:
    """IM7/N5: with no separate registration the window registers at the claim (a note);
    with a registration date there is no such note."""
    assert findings(claimant())["registered_at_claim"].citation.clause == "IM7"
    registered = claimant(registration_date=D(2020, 4, 3))
    assert "registered_at_claim" not in findings(registered)


def test_every_finding_is_cited_with_its_words() -> None:
    """Each finding carries a Citation with layer, document, clause and the Chinese text."""
    for f in POLICY.eligibility(claimant(registered_reason="resigned")).findings:
        c = f.citation
        assert c.layer in POLICY.layers
        assert c.document and c.clause and c.text
        assert f.text and f.text_en
