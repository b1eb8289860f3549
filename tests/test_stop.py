"""Stops (社会保险法 第五十一条, 条例 第十五条, N6, IM5, XC5, SIL-49, N1) and what an audit
recovers (N8, 条例 第二十八条), worked out by hand.

Base claimant: a man born 1968-07-15, 168 months, claim 2020-04-10 in 乌兰浩特市: 24 months
to 2022-04-09. Month k runs from 2020-04-10 + (k−1) months (month 7: 2020-10-10–2020-11-09,
month 8: 2020-11-10–2020-12-09) and is paid by the end of April 2020 + (k−1) months. Months
1–12 pay 1560 × 0.80 = 1248.00, months 13–24 1560 × 0.70 = 1092.00. The rule: a month whose
period starts before the event is paid; later months are not.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from support import ULANHOT_MAN, person

import uibenefit as ub

D = dt.date
POLICY = ub.load_policy("xingan")
BASE = ULANHOT_MAN
PERSON = ub.Claimant(**BASE)


def claimant(**changes: Any) -> ub.Claimant:
    """The base claimant with some fields changed."""
    return person(BASE, **changes)


def stop(kind: str, on: D, as_of: D | None = None, person: ub.Claimant = PERSON) -> ub.StopDecision:
    """The stop decision for one event."""
    return POLICY.stop(person, [ub.Event(kind, on)], as_of=as_of)


@pytest.mark.parametrize(
    ("kind", "clause"),
    [
        ("reemployed", "IM5"),  # SIL-51 (1), as IM5 words it
        ("employer_contributions", "IM5"),  # N6: an employer paying is re-employment
        ("military_service", "SIL-51"),
        ("emigrated", "SIL-51"),
        ("pension_started", "SIL-51"),
        ("imprisoned", "UIR-15"),
        ("refused_job_or_training", "SIL-51"),
    ],
)
def test_each_ground_stops_the_later_months(kind: str, clause: str) -> None:
    """Event on 2020-11-20, inside month 8 (from 11-10): months 1–8 paid, 24 − 8 = 16
    forfeited, nothing paid at once, cited to its clause."""
    s = stop(kind, D(2020, 11, 20))
    assert (s.stopped, s.on, s.reason) == (True, D(2020, 11, 20), kind)
    assert (s.months_paid, s.months_forfeited) == (8, 16)
    assert s.lump_sum is None and s.effect == "stop"
    assert s.citation is not None and s.citation.clause == clause
    assert s.text and s.text_en


def test_national_layer_grounds() -> None:
    """In the national layer, re-employment cites SIL-51, an employer's contributions N6, and
    self-employment is plain re-employment (no lump sum: that is IM5's)."""
    national = ub.load_policy("national")
    cites = {
        kind: national.stop(PERSON, [ub.Event(kind, D(2020, 11, 20))]).citation
        for kind in ("reemployed", "employer_contributions", "self_employed")
    }
    assert {k: c.clause for k, c in cites.items() if c} == {
        "reemployed": "SIL-51",
        "employer_contributions": "N6",
        "self_employed": "SIL-51",
    }
    assert national.stop(PERSON, [ub.Event("self_employed", D(2020, 11, 20))]).lump_sum is None


def test_self_employment_pays_the_rest_at_once() -> None:
    """IM5: business started 2020-11-20: months 1–8 paid monthly; months 9–12 (4 × 1248.00 =
    4992.00) and 13–24 (12 × 1092.00 = 13104.00) paid at once: 18096.00, without medical
    insurance (XC5); nothing is overpaid."""
    s = stop("self_employed", D(2020, 11, 20))
    assert (s.months_paid, s.months_forfeited) == (8, 16)
    assert s.effect == "lump_sum"
    assert s.lump_sum == Decimal("18096.00")
    assert s.lump_sum_outstanding == Decimal("18096.00")
    assert s.lump_sum_medical_insurance is False
    assert s.overpaid == 0
    notes = {n.id: n for n in s.notes}
    assert notes["lump_sum_medical_insurance"].citation.clause == "XC5"


def test_lump_sum_less_what_was_already_paid_monthly() -> None:
    """IM5 pays what is owed but not yet paid (应领未领): by 2021-01-15 month 9 (due 2020-12-31)
    had gone out monthly, so 18096.00 − 1248.00 = 16848.00 remains; it is not an overpayment."""
    s = stop("self_employed", D(2020, 11, 20), as_of=D(2021, 1, 15))
    assert s.lump_sum == Decimal("18096.00")
    assert s.lump_sum_outstanding == Decimal("16848.00")
    assert s.overpaid == 0
    assert "16848.00" in {n.id: n for n in s.notes}["lump_sum_outstanding"].text_en


def test_region_layer_does_not_say_about_medical_insurance_on_a_lump_sum() -> None:
    """XC5 is the league's: under the region's policy the lump sum is the same 18096.00 and
    whether medical insurance is paid is unknown (None)."""
    s = ub.load_policy("inner_mongolia").stop(PERSON, [ub.Event("self_employed", D(2020, 11, 20))])
    assert s.lump_sum == Decimal("18096.00")
    assert s.lump_sum_medical_insurance is None


def test_death_pays_the_month_it_falls_in() -> None:
    """SIL-49 (last_month_paid: containing): death on 2020-11-10, month 8's first day: month 8
    is paid to the family (8 paid, 16 not); re-employment that day pays 7. A note tells of the
    funeral grant and survivors' pension, set locally, with no amount invented."""
    died = stop("died", D(2020, 11, 10))
    assert (died.months_paid, died.months_forfeited) == (8, 16)
    assert died.citation is not None and died.citation.clause == "SIL-49"
    assert died.lump_sum is None and died.fraud_fine_range is None
    note = {n.id: n for n in died.notes}["died_note"]
    assert "丧葬补助金" in note.text and "not computed" in note.text_en
    assert stop("reemployed", D(2020, 11, 10)).months_paid == 7


@pytest.mark.parametrize(
    ("on", "paid"),
    [
        (D(2020, 10, 10), 6),  # month 7's first day: month 7 does not start before it
        (D(2020, 11, 9), 7),  # month 7's last day: month 7 started before it, paid
        (D(2020, 4, 10), 0),  # the start itself: nothing
        (D(2022, 4, 9), 24),  # the last day paid: month 24 (from 2022-03-10) is paid
    ],
)
def test_event_on_a_period_boundary(on: D, paid: int) -> None:
    """Contract: a month whose period starts before the event date is paid."""
    s = stop("reemployed", on)
    assert s.stopped is True
    assert (s.months_paid, s.months_forfeited) == (paid, 24 - paid)


def test_event_before_the_start_pays_nothing() -> None:
    """A job on 2020-04-05, before the start 2020-04-10: 0 paid, 24 forfeited. By 2020-06-30
    months 1–3 (due 04-30, 05-31, 06-30) went out: 3 × 1248.00 = 3744.00 is recovered (N8);
    if by fraud, a fine of 2 to 5 times: 7488.00 to 18720.00 (社会保险法 第八十八条, which
    supersedes 条例 第二十八条's 1 to 3 times from 2011-07-01), reported."""
    s = stop("reemployed", D(2020, 4, 5), as_of=D(2020, 6, 30))
    assert (s.months_paid, s.months_forfeited) == (0, 24)
    assert s.overpaid == Decimal("3744.00")
    assert s.fraud_fine_range == (Decimal("7488.00"), Decimal("18720.00"))
    notes = {n.id: n for n in s.notes}
    assert notes["overpayment"].citation.clause == "N8"
    assert notes["fraud_fine"].citation.clause == "SIL-88"
    assert notes["fraud_fine"].citation.text.endswith("处骗取金额二倍以上五倍以下的罚款。")
    assert "7488.00 to 18720.00" in notes["fraud_fine"].text_en
    assert "serious" not in notes["fraud_fine"].text_en  # SIL-88 has no threshold


def test_fraud_fine_multiples_by_date() -> None:
    """SIL-88 (certainty text) from 2011-07-01: 2 to 5 times; UIR-28's 1 to 3 times before it,
    kept as history."""
    assert POLICY.value("fraud_fine_multiples", D(2011, 6, 30)) == (Decimal(1), Decimal(3))
    assert POLICY.value("fraud_fine_multiples", D(2011, 7, 1)) == (Decimal(2), Decimal(5))
    assert POLICY.param_citation("fraud_fine_multiples", D(2011, 6, 30)).clause == "UIR-28"
    assert POLICY.param_citation("fraud_fine_multiples", D(2020, 8, 20)).clause == "SIL-88"
    assert POLICY.resolved.sections["clauses"]["SIL-88"].item.certainty == "text"  # type: ignore[attr-defined]


def test_self_employment_before_the_start_is_no_lump_sum() -> None:
    """A business started before the benefit began: nothing is owed, at once or monthly."""
    s = stop("self_employed", D(2020, 4, 1))
    assert (s.months_paid, s.lump_sum) == (0, None)


def test_event_after_the_end_stops_nothing() -> None:
    """A job on 2022-04-10, the day after the last day paid: not stopped, 24 paid, and the
    event is reported as stopping nothing."""
    s = stop("reemployed", D(2022, 4, 10), as_of=D(2022, 12, 31))
    assert (s.stopped, s.months_paid, s.months_forfeited, s.overpaid) == (False, 24, 0, 0)
    assert s.lump_sum is None and s.on is None
    assert len(s.ignored_events) == 1 and "2022-04-09" in s.ignored_events[0].text_en


def continuation_person() -> ub.Claimant:
    """Born 1963-04-08, retires 2023-04-08: 24 regular months to 2022-04-09, then months
    25–36 to 2023-04-07 (month 27 from 2022-06-10)."""
    return claimant(birth_date=D(1963, 4, 8))


def test_a_stop_during_continuation_stops_it() -> None:
    """N1: re-employed 2022-06-15, in month 27 (from 2022-06-10): 27 paid, 36 − 27 = 9 not,
    and a note says continuation stops too."""
    s = stop("reemployed", D(2022, 6, 15), person=continuation_person())
    assert (s.months_paid, s.months_forfeited) == (27, 9)
    assert {n.id: n for n in s.notes}["stop_during_continuation"].citation.clause == "N1"


def test_a_stop_on_the_first_day_of_continuation() -> None:
    """N1: a job on 2022-04-10, the first continuation day: the 24 regular months are paid,
    the 12 continuation months are not, and the N1 note is given."""
    s = stop("reemployed", D(2022, 4, 10), person=continuation_person())
    assert (s.months_paid, s.months_forfeited) == (24, 12)
    assert "stop_during_continuation" in {n.id for n in s.notes}


def test_no_continuation_note_in_the_regular_period() -> None:
    """A stop in month 8 of a person with continuation ahead is not a continuation stop."""
    s = stop("reemployed", D(2020, 11, 20), person=continuation_person())
    assert "stop_during_continuation" not in {n.id for n in s.notes}


def test_the_earliest_event_decides() -> None:
    """Military service 2020-09-20 (month 6 from 09-10) and a job 2020-12-01: the service
    decides, 6 paid; the job is reported as coming after the stop."""
    events = [ub.Event("reemployed", D(2020, 12, 1)), ub.Event("military_service", D(2020, 9, 20))]
    s = POLICY.stop(PERSON, events)
    assert (s.reason, s.on, s.months_paid) == ("military_service", D(2020, 9, 20), 6)
    assert [e.id for e in s.ignored_events] == ["reemployed"]


@pytest.mark.parametrize(
    ("as_of", "overpaid"),
    [
        (D(2020, 9, 29), "0.00"),  # month 6 is due 2020-09-30: nothing paid yet
        (D(2020, 9, 30), "1248.00"),  # month 6
        (D(2020, 12, 31), "4992.00"),  # months 6–9: 4 × 1248.00
        (D(2021, 4, 30), "9828.00"),  # months 6–12: 7 × 1248.00 = 8736.00, + month 13 1092.00
    ],
)
def test_overpayment_arithmetic(as_of: D, overpaid: str) -> None:
    """N8: re-employed 2020-08-20 (month 5 from 08-10 paid, months 6–24 not): what was paid
    for months 6 on by `as_of` is recovered; the fraud fine range is 2–5 times that (SIL-88)."""
    s = stop("reemployed", D(2020, 8, 20), as_of=as_of)
    assert (s.months_paid, s.months_forfeited) == (5, 19)
    assert str(s.overpaid) == overpaid
    if s.overpaid:
        assert s.fraud_fine_range == (s.overpaid * 2, s.overpaid * 5)
    else:
        assert s.fraud_fine_range is None


def test_no_as_of_means_no_overpayment() -> None:
    """Without an audit date nothing is known to have been paid: overpaid is 0."""
    assert stop("reemployed", D(2020, 8, 20)).overpaid == 0


def test_an_event_that_is_not_a_stop_ground_is_refused(tmp_path: Path) -> None:
    """N6: only statutory grounds stop payment. A layer that repeals refused_job_or_training
    makes such an event bad input (InputError naming events[1].kind), not a silent no-op."""
    path = tmp_path / "no_refusal.yaml"
    path.write_text(
        textwrap.dedent(
            """
            format: 1
            layer: no_refusal
            extends: xingan
            document: {number: test, title: test, issuer: test, issued: 2026-01-01}
            stop_grounds:
              - {id: refused_job_or_training, change: repeal, clause: N6, reason: test}
            """
        ),
        encoding="utf-8",
    )
    policy = ub.load_policy(path)
    events = [
        ub.Event("reemployed", D(2021, 1, 1)),
        ub.Event("refused_job_or_training", D(2020, 11, 20)),
    ]
    with pytest.raises(ub.InputError) as caught:
        policy.stop(PERSON, events)
    assert caught.value.field == "events[1].kind"
    with pytest.raises(ub.InputError):
        policy.evaluate(PERSON, events)


@pytest.mark.parametrize(
    "events", [None, ub.Event("reemployed", D(2020, 5, 1)), [("reemployed", D(2020, 5, 1))]]
)
def test_events_must_be_a_list_of_events(events: object) -> None:
    """Anything but a list of Events is an InputError naming `events`, never a TypeError."""
    with pytest.raises(ub.InputError) as caught:
        POLICY.stop(PERSON, events)  # type: ignore[arg-type]
    assert caught.value.field is not None and caught.value.field.startswith("events")


def test_as_of_must_be_a_date() -> None:
    """as_of '2021-01-01' (text) is refused naming as_of."""
    with pytest.raises(ub.InputError) as caught:
        POLICY.stop(PERSON, [], as_of="2021-01-01")  # type: ignore[arg-type]
    assert caught.value.field == "as_of"


def test_not_entitled_means_nothing_to_stop() -> None:
    """A voluntary quit with a later job: nothing was payable, so nothing stops."""
    s = POLICY.stop(claimant(separation_reason="resigned"), [ub.Event("reemployed", D(2020, 6, 1))])
    assert (s.stopped, s.months_paid, s.months_forfeited, s.overpaid) == (False, 0, 0, 0)
    assert "not entitled" in s.ignored_events[0].text_en


def test_decision_marks_the_months_a_stop_takes() -> None:
    """In a Decision the months after a job (2020-11-20) are `forfeited` with no medical
    insurance; totals: 8 × 1248.00 = 9984.00 paid monthly, and by 2020-12-31 month 9 (due
    that day) went out although not due: 1248.00 overpaid."""
    decision = POLICY.evaluate(PERSON, [ub.Event("reemployed", D(2020, 11, 20))], D(2020, 12, 31))
    statuses = [p.status for p in decision.schedule]
    assert statuses == ["due"] * 8 + ["forfeited"] * 16
    assert not any(p.medical_insurance_paid for p in decision.schedule[8:])
    assert decision.totals == {"paid_monthly": Decimal("9984.00"), "overpaid": Decimal("1248.00")}


def test_decision_marks_a_lump_sum() -> None:
    """Self-employment on 2020-11-20: months 9–24 are `lump_sum`, without medical insurance
    (XC5); totals: 9984.00 monthly and the 18096.00 lump sum."""
    decision = POLICY.evaluate(PERSON, [ub.Event("self_employed", D(2020, 11, 20))])
    assert {p.status for p in decision.schedule[8:]} == {"lump_sum"}
    assert not any(p.medical_insurance_paid for p in decision.schedule[8:])
    assert decision.totals == {
        "paid_monthly": Decimal("9984.00"),
        "lump_sum": Decimal("18096.00"),
    }
    data = decision.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["stop"]["lump_sum"] == "18096.00"
    assert data["stop"]["lump_sum_medical_insurance"] is False


def test_public_stop_and_evaluate_agree() -> None:
    """policy.stop and policy.evaluate(...).stop give the same StopDecision."""
    events = [ub.Event("died", D(2021, 2, 3))]
    assert (
        POLICY.stop(PERSON, events, D(2021, 6, 30))
        == POLICY.evaluate(PERSON, events, D(2021, 6, 30)).stop
    )


def test_an_event_before_the_separation_is_refused() -> None:
    """Re-employed 2019-01-01, before the 2020-03-31 separation: InputError on events[0].on."""
    with pytest.raises(ub.InputError) as caught:
        POLICY.stop(claimant(), [ub.Event("reemployed", D(2019, 1, 1))])
    assert caught.value.field == "events[0].on"
    assert "before the separation" in str(caught.value)


def test_an_absurd_audit_date_is_refused() -> None:
    """as_of 1800-01-01 is outside 1900–2100: InputError on as_of, as for the claimant's dates."""
    with pytest.raises(ub.InputError) as caught:
        POLICY.evaluate(claimant(), [], as_of=D(1800, 1, 1))
    assert caught.value.field == "as_of"
