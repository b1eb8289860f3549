"""Decision.explain (zh, en) and Decision.to_dict: honest tables, clauses, JSON-native data.

Base claimant: a man born 1968-07-15, 168 months, claim 2020-04-10 in 乌兰浩特市: 24 months,
1248.00 for months 1–12 and 1092.00 for months 13–24 (1560 × 0.80, × 0.70).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from support import ULANHOT_MAN

import uibenefit as ub

D = dt.date
POLICY = ub.load_policy("xingan")
BASE = ULANHOT_MAN
PERSON = ub.Claimant(**BASE)


def rows(text: str) -> list[str]:
    """The schedule rows of an explanation (they begin with the month number)."""
    return [line for line in text.splitlines() if line.strip()[:2].strip().isdigit()]


def test_every_schedule_row_has_its_clause() -> None:
    """24 rows, each with its amount and a [clause document] mark, in both languages."""
    decision = POLICY.evaluate(PERSON)
    for lang in ("zh", "en"):
        lines = rows(decision.explain(lang, detail="full"))
        assert len(lines) == 24
        assert all("[IMS-2017 " in line for line in lines)
    assert "1248.00" in rows(decision.explain("en", detail="full"))[0]
    assert "第 1 个月" in rows(decision.explain("zh", detail="full"))[0]


def test_a_stop_marks_the_months_not_paid() -> None:
    """Re-employed 2020-11-20: rows 1–8 say paid monthly, rows 9–24 say stopped (停发), and
    the stop line gives 8 paid, 16 not, with IM5."""
    decision = POLICY.evaluate(PERSON, [ub.Event("reemployed", D(2020, 11, 20))], D(2020, 12, 31))
    zh, en = decision.explain("zh", detail="full"), decision.explain("en", detail="full")
    assert all("| 按月发放 |" in r for r in rows(zh)[:8])
    assert all("| 停发 |" in r for r in rows(zh)[8:])
    assert all("| STOPPED |" in r for r in rows(en)[8:])
    assert "已领 8 个月，停发 16 个月" in zh and "[IM5 " in zh
    assert "8 months paid, 16 not paid monthly" in en
    assert "1248.00 fell due by 2020-12-31" in en  # month 9, recovered if paid (N8)
    assert "| — |" not in zh and "|        — |" in rows(zh)[8]  # no amount on a stopped month


def test_a_lump_sum_says_no_medical_insurance() -> None:
    """Self-employed 2020-11-20: rows 9–24 say in lump sum with no medical insurance; the lump
    line gives 16 months, 18096.00 and no medical insurance (XC5)."""
    decision = POLICY.evaluate(PERSON, [ub.Event("self_employed", D(2020, 11, 20))])
    zh, en = decision.explain("zh", detail="full"), decision.explain("en", detail="full")
    assert all("| 否 | 一次性领取 |" in r for r in rows(zh)[8:])
    assert all("| no | in lump sum |" in r for r in rows(en)[8:])
    assert "剩余 16 个月失业保险金一次性领取，合计 18096.00 元；不享受代缴基本医疗保险费" in zh
    assert "18096.00 yuan in all; no medical insurance" in en
    assert "[XC5 " in zh


def test_death_tells_of_the_family() -> None:
    """SIL-49: the family note appears with its clause; no amount is given for the grant."""
    decision = POLICY.evaluate(PERSON, [ub.Event("died", D(2020, 11, 10))])
    zh = decision.explain("zh", detail="full")
    assert "丧葬补助金" in zh and "[SIL-49 " in zh
    assert all("| 按月发放 |" in r for r in rows(zh)[:8])


def test_an_event_after_the_end_is_told() -> None:
    """A job after the last day paid: the stop section says nothing stops, and why."""
    decision = POLICY.evaluate(PERSON, [ub.Event("reemployed", D(2023, 1, 1))])
    en = decision.explain("en", detail="full")
    assert "No event stops payment" in en and "after the last day paid (2022-04-09)" in en


def test_not_entitled_shows_the_failed_condition_and_no_table() -> None:
    """A voluntary quit: the decision says not entitled, marks the failed condition, and has
    no entitlement or payment table."""
    decision = POLICY.evaluate(PERSON.replace(separation_reason="resigned"))
    zh, en = decision.explain("zh", detail="full"), decision.explain("en", detail="full")
    assert "不符合领取失业保险金条件" in zh and "[不符合]" in zh
    assert "not entitled" in en and "NOT met" in en
    assert "Payments:" not in en and "Entitlement:" not in en
    assert decision.schedule == ()
    assert decision.entitlement is not None and decision.entitlement.total_months == 0


def test_national_amounts_are_not_set() -> None:
    """SIL-47: under the national layer the amount column says not set, with SIL-47."""
    decision = ub.load_policy("national").evaluate(PERSON)
    lines = rows(decision.explain("en", detail="full"))
    assert all("not set" in line and "[SIL-47 " in line for line in lines)
    assert "Total paid monthly" not in decision.explain("en", detail="full")


def test_merged_months_are_explained() -> None:
    """SIL-46: 60 months give 14 (5 full years, IMM-DURATION), merged with 10 unused months:
    24, at most 24; the entitlement line says so in both languages."""
    decision = POLICY.evaluate(PERSON.replace(contribution_months=60, prior_unused_months=10))
    assert "14 个月与前次失业应领未领的 10 个月合并计算，共 24 个月" in decision.explain(
        "zh", detail="full"
    )
    assert "14 months merged with 10 unused months of an earlier spell: 24" in decision.explain(
        "en", detail="full"
    )


def test_an_unknown_language_is_refused() -> None:
    """explain('fr') raises InputError naming lang."""
    with pytest.raises(ub.InputError) as caught:
        POLICY.evaluate(PERSON).explain("fr")
    assert caught.value.field == "lang"


def json_native(value: object) -> bool:
    """Only dict (str keys), list, str, int, bool and None, all the way down."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and json_native(v) for k, v in value.items())
    if isinstance(value, list):
        return all(json_native(v) for v in value)
    return value is None or isinstance(value, str | int | bool)


@pytest.mark.parametrize(
    ("person", "events", "as_of"),
    [
        (PERSON, [], None),
        (PERSON, [ub.Event("reemployed", D(2020, 8, 20))], D(2021, 4, 30)),
        (PERSON, [ub.Event("self_employed", D(2020, 11, 20))], D(2021, 1, 15)),
        (PERSON.replace(separation_reason="resigned"), [ub.Event("died", D(2020, 6, 1))], None),
    ],
)
def test_to_dict_is_json_native_and_round_trips(
    person: ub.Claimant, events: list[ub.Event], as_of: D | None
) -> None:
    """to_dict holds JSON-native values only and json.loads(json.dumps(d)) == d."""
    data = POLICY.evaluate(person, events, as_of).to_dict()
    assert json_native(data)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_to_dict_shapes() -> None:
    """Dates are ISO strings, money strings, tuples lists: the audit case of 2020-08-20."""
    events = [ub.Event("reemployed", D(2020, 8, 20))]
    data = POLICY.evaluate(PERSON, events, D(2021, 4, 30)).to_dict()
    assert data["policy"] == ["national", "inner_mongolia", "xingan"]
    assert data["as_of"] == "2021-04-30"
    assert data["events"] == [{"kind": "reemployed", "on": "2020-08-20"}]
    assert data["entitlement"]["end"] == "2022-04-09"
    first = data["schedule"][0]
    assert (first["amount"], first["pay_by"], first["status"]) == ("1248.00", "2020-04-30", "due")
    assert first["citation"]["clause"] == "IMS-2017"
    stop = data["stop"]
    assert (stop["overpaid"], stop["fraud_fine_range"]) == (
        "9828.00",
        ["19656.00", "49140.00"],
    )  # SIL-88: 2 to 5 times
    assert data["totals"] == {"paid_monthly": "6240.00", "overpaid": "9828.00"}


def test_retirement_inside_the_period_is_told_with_n5() -> None:
    """A woman cadre born 1971-04-20 retires at 55 years 4 months (RR-1): 2026-08-20, inside
    her 24 months from 2025-07-08. The period is paid in full, no continuation (N5), and the
    explanation says so in both languages."""
    person = ub.Claimant(
        birth_date=D(1971, 4, 20),
        sex="female",
        position="cadre",
        insured_as="employee",
        contribution_months=200,
        separation_date=D(2025, 6, 30),
        separation_reason="dismissed",
        application_date=D(2025, 7, 8),
        insured_area="152201",
    )
    decision = POLICY.evaluate(person)
    assert decision.entitlement is not None
    assert (decision.entitlement.total_months, decision.entitlement.continuation_months) == (24, 0)
    assert "N5" in [c.clause for c in decision.entitlement.citations]
    zh, en = decision.explain("zh", detail="full"), decision.explain("en", detail="full")
    assert "法定退休日期（2026-08-20）在领取期内：按核定期限领满，不再续发  [N5 " in zh
    assert "The statutory retirement date (2026-08-20) falls within the period" in en


WHAT_IF_DATES = """\
format: 1
layer: later_cutoff
extends: xingan
document:
  number: what-if
  title: A later cutoff, each month at its own standard
  issuer: analyst
  issued: 2020-01-01
parameters:
  - id: pay_by
    change: override
    clause: XC7
    description: Claims up to the 20th are paid by the month's end.
    values:
      - from: 2020-04-27
        value: {cutoff_day: 20, cutoff_day_counts_as: after}
  - id: standard_date
    change: override
    clause: N2b
    description: Each month at the standard in force when it begins.
    values:
      - from: 1999-01-22
        value: month_start
"""


def test_the_legends_tell_the_values_in_force(tmp_path: Any) -> None:
    """A what-if with cutoff_day 20 (the 20th itself after) and standard_date month_start is
    explained as such: "before the 20th" and the month's first day, in both languages."""
    path = tmp_path / "later_cutoff.yaml"
    path.write_text(WHAT_IF_DATES, encoding="utf-8")
    person = ub.Claimant(**{**BASE, "application_date": D(2020, 5, 18)})
    decision = ub.load_policy(path).evaluate(person)
    en, zh = decision.explain("en", detail="full"), decision.explain("zh", detail="full")
    assert "if claimed before the 20th, else the next month's end" in en
    assert "on or before the 15th" not in en
    assert "standard in force on the month's first day" in en
    assert "standard in force on the application date" not in en
    assert "当月20日前申领的当月底前到账" in zh
    assert "各月金额均按该月首日的失业保险金标准计算" in zh
    assert decision.schedule[0].pay_by == D(2020, 5, 31)  # the 18th is before the 20th
    summary = " ".join(decision.explain("en").split())  # the page's pay-by rule too
    assert "by the claim month's end if claimed before the 20th" in summary
    assert "当月20日前申领的当月底前到账" in "".join(decision.explain("zh").split())
    bundled = POLICY.evaluate(PERSON)
    assert "if claimed on or before the 15th" in bundled.explain("en", detail="full")
    assert "当月15日（含）前申领" in bundled.explain("zh", detail="full")
    assert "各月金额均按申请之日的失业保险金标准计算" in bundled.explain("zh", detail="full")
    assert "legend" not in bundled.to_dict()
