"""Decision → a readable account in Chinese or English.

`summary` (the default) is what a caseworker hands over: it fits 100 columns (a CJK character
counts two) and about an A4 page: a summary block, the schedule in bands of months of equal
amount, the conditions (an entitled person's procedural notes only in the full form), stop and
paperwork, each source once, numbered, at the end, and the engine and policy files used.
`full` is the long form: every month on its own line, each line with its clause.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..values.results import Citation, Decision, Legend, Payment
from ._locator import locator_en

WIDTH = 100
"""Columns the summary fits in (a wide character counts two)."""

DETAILS = ("summary", "full")

LABELS: dict[str, dict[str, Any]] = {
    "zh": {
        "title": "失业保险金审核结果",
        "policy": "适用政策",
        "eligible": "结论：符合领取失业保险金条件。",
        "ineligible": "结论：不符合领取失业保险金条件。",
        "conditions": "条件",
        "pass": "符合",
        "fail": "不符合",
        "note": "提示",
        "entitlement": "领取期限",
        "regular": "按累计缴费时间核定 {n} 个月",
        "merged": "（{tier} 个月与前次失业应领未领的 {prior} 个月合并计算，共 {regular} 个月）",
        "continuation": "续发至法定退休年龄 {n} 个月",
        "period": "自 {start} 起至 {end} 止，共 {n} 个月；法定退休日期 {retire}",
        "schedule": "发放明细",
        "head": "月份 | 期间 | 金额（元） | 到账截止 | 代缴医保 | 状态 | 依据",
        "status_due": "按月发放",
        "status_forfeited": "停发",
        "status_lump_sum": "一次性领取",
        "yes": "是",
        "no": "否",
        "unknown": "未定",
        "stop": "停发",
        "stopped": "{on} 发生“{reason}”，停发失业保险金：已领 {paid} 个月，停发 {forfeited} 个月。",
        "stopped_lump": "{on} 发生“{reason}”，停止按月发放：已按月领取 {paid} 个月，其余 {forfeited} 个月一次性领取。",
        "lump": "剩余 {n} 个月失业保险金一次性领取，合计 {amount} 元；{medical}。",
        "lump_medical_yes": "含代缴基本医疗保险费",
        "lump_medical_no": "不享受代缴基本医疗保险费",
        "lump_medical_unset": "是否代缴基本医疗保险费，本政策未作规定",
        "lump_unknown": "剩余 {n} 个月可一次性领取，金额未定。",
        "not_stopped": "所列情形均不停止发放：",
        "later_events": "其他情形：",
        "paperwork": "办理事项",
        "bring": "需携带",
        "forbidden": "不得要求",
        "employer": "用人单位义务",
        "notices": "温馨提示",
        "office": "办理地点",
        "due_on": "截止",
        "date": "日期",
        "conflict": "同一事项有两个期限，以较早者为准",
        "warnings": "注意",
        "legend_pay_by": "到账截止：{rule}",
        "legend_standard_application_date": "各月金额均按申请之日的失业保险金标准计算",
        "legend_standard_month_start": "各月金额均按该月首日的失业保险金标准计算",
        "total": "按月发放合计 {amount} 元",
        "total_lump": "一次性领取 {amount} 元",
        "summary": "摘要",
        "s_eligible": "是否符合",
        "s_yes": "符合（{n} 项条件均符合）",
        "s_no": "不符合：{failed}",
        "s_months": "领取月数",
        "s_months_v": "{n} 个月（按缴费核定 {regular} 个月，续发 {cont} 个月）",
        "s_period": "起止日期",
        "s_period_v": "{start} 至 {end}（法定退休日期 {retire}）",
        "s_amount": "每月金额",
        "s_amount_band": "第 {months} 个月 {amount} 元",
        "s_total": "合计",
        "s_total_v": "按月发放 {amount} 元（{n} 个月）",
        "s_total_unknown": "金额未定",
        "s_lump_v": "；一次性领取 {amount} 元",
        "s_overpaid_v": "；应追回 {amount} 元",
        "s_overpaid_unknown": "；多发金额无法计算（见停发说明）",
        "s_pay_by": "到账规则",
        "s_pay_by_v": "第 1 个月 {first} 前到账；{rule}",
        "s_pay_by_plain": "第 1 个月 {first} 前到账，以后逐月顺延",
        "s_stops": "停发",
        "s_stopped_v": "{on} 因“{reason}”停发：已领 {paid} 个月，停发 {forfeited} 个月",
        "s_stopped_lump_v": "{on} 因“{reason}”停止按月发放：已领 {paid} 个月，其余 {forfeited} 个月一次性领取",
        "s_not_stopped_v": "所列情形均不停止发放",
        "s_no_events_v": "未登记停发情形；重新就业、领取养老金等情形应及时告知经办机构",
        "s_none": "无",
        "bands": "发放明细（金额相同的月份合并）",
        "band_head": ["月份", "期间", "每月金额（元）", "到账截止", "状态"],
        "band_months": "{first}–{last}",
        "sources": "依据",
        "summarised": "（大意）",
        "made_by": "由 uibenefit {version} 依据 {files} 计算",
        "and_more": "等",
    },
    "en": {
        "title": "Unemployment insurance benefit decision",
        "policy": "Policy",
        "eligible": "Decision: entitled to unemployment insurance benefit.",
        "ineligible": "Decision: not entitled to unemployment insurance benefit.",
        "conditions": "Conditions",
        "pass": "met",
        "fail": "NOT met",
        "note": "note",
        "entitlement": "Entitlement",
        "regular": "{n} months from cumulative contributions",
        "merged": " ({tier} months merged with {prior} unused months of an earlier spell: {regular})",
        "continuation": "{n} months of continuation until retirement age",
        "period": "from {start} to {end}, {n} months; statutory retirement date {retire}",
        "schedule": "Payments",
        "head": "month | period | amount (yuan) | paid by | medical insurance | status | basis",
        "status_due": "monthly",
        "status_forfeited": "STOPPED",
        "status_lump_sum": "in lump sum",
        "yes": "yes",
        "no": "no",
        "unknown": "not set",
        "stop": "Stop",
        "stopped": "On {on}, '{reason}': payment stops; {paid} months paid, {forfeited} not paid monthly.",
        "stopped_lump": "On {on}, '{reason}': monthly payment ends; {paid} months paid monthly, the other {forfeited} at once.",
        "lump": "The remaining {n} months are paid at once: {amount} yuan in all; {medical}.",
        "lump_medical_yes": "medical insurance is paid on the person's behalf",
        "lump_medical_no": "no medical insurance is paid on the person's behalf",
        "lump_medical_unset": "this policy does not say whether medical insurance is paid",
        "lump_unknown": "The remaining {n} months may be taken at once; the amount is not set.",
        "not_stopped": "No event stops payment:",
        "later_events": "Other events:",
        "paperwork": "Paperwork",
        "bring": "Bring",
        "forbidden": "Nobody may ask for",
        "employer": "The employer must",
        "notices": "Notices",
        "office": "Where to go",
        "due_on": "due",
        "date": "date",
        "conflict": "two deadlines for one act: only the earlier is safe",
        "warnings": "Warnings",
        "legend_pay_by": "Pay-by dates: {rule}",
        "legend_standard_application_date": "Every month at the benefit standard in force on the application date",
        "legend_standard_month_start": "Every month at the benefit standard in force on the month's first day",
        "total": "Total paid monthly: {amount} yuan",
        "total_lump": "Paid at once: {amount} yuan",
        "summary": "Summary",
        "s_eligible": "Entitled",
        "s_yes": "yes (all {n} conditions met)",
        "s_no": "no: {failed}",
        "s_months": "Months",
        "s_months_v": "{n} ({regular} from contributions, {cont} of continuation)",
        "s_period": "From – to",
        "s_period_v": "{start} to {end} (statutory retirement date {retire})",
        "s_amount": "Amount",
        "s_amount_band": "months {months}: {amount} a month",
        "s_total": "Total",
        "s_total_v": "{amount} yuan paid monthly ({n} months)",
        "s_total_unknown": "amount not set",
        "s_lump_v": "; {amount} paid at once",
        "s_overpaid_v": "; {amount} to recover",
        "s_overpaid_unknown": "; overpaid cannot be computed (see the stop's notes)",
        "s_pay_by": "Paid by",
        "s_pay_by_v": "month 1 by {first} ({rule})",
        "s_pay_by_plain": "month 1 by {first}, each later month a month later",
        "s_stops": "Stops",
        "s_stopped_v": "on {on}, '{reason}': {paid} months paid, {forfeited} not paid",
        "s_stopped_lump_v": "on {on}, '{reason}': {paid} months paid monthly, {forfeited} paid at once",
        "s_not_stopped_v": "no event given stops payment",
        "s_no_events_v": "no event given; a job, a pension or another ground stops it: tell the office",
        "s_none": "none",
        "bands": "Payments (months of equal amount together)",
        "band_head": ["months", "period", "yuan a month", "paid by", "status"],
        "band_months": "{first}–{last}",
        "sources": "Sources",
        "summarised": " (summary)",
        "made_by": "Made by uibenefit {version} from {files}",
        "and_more": "etc.",
    },
}


_TAG = re.compile(r" \(([A-Za-z]+[0-9]+)\)$")


def _name(decision: Decision, chinese: str, zh: bool) -> str:
    """A document's or item's name in the explanation's language (the policy's `names_en`)."""
    return chinese if zh else (decision.legend or Legend()).en(chinese)


def _address(address: str, zh: bool) -> str:
    """An address as written on site; quoted in English, where the policy gives no English."""
    return address if zh else f"“{address}”"


def _reading_tag(conflict: str) -> str:
    """` (G3)`: the reading a conflict's text ends with, if it names one."""
    found = _TAG.search(conflict)
    return f" ({found.group(1)})" if found else ""


def _cite(c: Citation | None, zh: bool, decision: Decision) -> str:
    """A line's source in brackets: its document and article; in an English account the
    document's English name (the policy's `names_en`) and the article in English words
    (`Art. 45`, `part 7`)."""
    if c is None:
        return ""
    if zh:
        return f"  [{c.short()}]"
    article = f" {locator_en(c.article)}" if c.article else ""
    gist = "" if c.quoted else LABELS["en"]["summarised"]
    return f"  [{c.clause} {_name(decision, c.document, False)}{article}{gist}]"


def explain(decision: Decision, lang: str, detail: str = "summary") -> str:
    """Render a Decision as text: the summary, or with `detail="full"` every month."""
    if not isinstance(lang, str) or lang not in LABELS:
        raise InputError(f"language must be one of {', '.join(LABELS)}, got {lang!r}", field="lang")
    if detail not in DETAILS:
        raise InputError(
            f"detail must be one of {', '.join(DETAILS)}, got {detail!r}", field="detail"
        )
    if detail == "summary":
        return _summary(decision, lang)
    return _full(decision, lang)


def _chain(decision: Decision, zh: bool) -> str:
    if zh and decision.documents:
        return " → ".join(decision.documents)
    if decision.documents:
        return " → ".join(
            f"{n} ({d})" for n, d in zip(decision.policy, decision.documents, strict=False)
        )
    return " → ".join(decision.policy)


def _full(decision: Decision, lang: str) -> str:
    """Today's long form: every line with its clause."""
    t = LABELS[lang]
    zh = lang == "zh"
    if zh and decision.documents:
        chain = " → ".join(decision.documents)
    elif decision.documents:
        chain = " → ".join(
            f"{n} ({d})" for n, d in zip(decision.policy, decision.documents, strict=False)
        )
    else:
        chain = " → ".join(decision.policy)
    out = [t["title"], f"{t['policy']}: {chain}", ""]
    elig = decision.eligibility
    out.append(t["eligible"] if elig.eligible else t["ineligible"])
    out.append(f"{t['conditions']}:")
    for f in elig.findings:
        mark = t["note"] if f.passed is None else (t["pass"] if f.passed else t["fail"])
        out.append(f"  - [{mark}] {f.text if zh else f.text_en}{_cite(f.citation, zh, decision)}")
    out += _entitlement(decision, t)
    out += _schedule(decision, t, zh)
    out += _stop(decision, t, zh)
    out += _paperwork(decision, t, zh)
    if decision.warnings:
        out += ["", f"{t['warnings']}:"]
        out.extend(f"  - {w}" for w in decision.warnings)
    return "\n".join(out) + "\n"


def _entitlement(decision: Decision, t: dict[str, str]) -> list[str]:
    zh = t is LABELS["zh"]
    ent = decision.entitlement
    if ent is None or not decision.eligibility.eligible:
        return []
    out = ["", f"{t['entitlement']}:"]
    merged = ""
    if ent.prior_unused_months:
        merged = t["merged"].format(
            tier=ent.contribution_tier_months,
            prior=ent.prior_unused_months,
            regular=ent.regular_months,
        )
    out.append(
        "  - "
        + t["regular"].format(n=ent.regular_months)
        + merged
        + "".join(_cite(c, zh, decision) for c in ent.citations[:1])
    )
    if ent.continuation_months:
        out.append(
            "  - "
            + t["continuation"].format(n=ent.continuation_months)
            + "".join(_cite(c, zh, decision) for c in ent.citations[-1:])
        )
    elif ent.start < ent.retirement_date <= ent.regular_end:
        # past the retirement age without a pension, the period is still paid in full (N5's
        # words, from the policy's messages)
        note = period_note(decision, "zh" if zh else "en")
        if note is not None:
            out.append("  - " + note[0] + _cite(note[1], zh, decision))
    out.append(
        "  - "
        + t["period"].format(
            start=ent.start, end=ent.end, n=ent.total_months, retire=ent.retirement_date
        )
        + _cite(ent.retirement_citation, zh, decision)
    )
    return out


def _schedule(decision: Decision, t: dict[str, str], zh: bool) -> list[str]:
    if not decision.schedule:
        return []
    out = ["", f"{t['schedule']}:", "  " + t["head"]]
    to = " 至 " if zh else " to "
    for p in decision.schedule:
        amount = str(p.amount) if p.amount is not None else t["unknown"]
        if p.status == "forfeited":
            amount = "—"
        pay_by = p.pay_by.isoformat() if p.pay_by else t["unknown"]
        medical = t["yes"] if p.medical_insurance_paid else t["no"]
        status = t.get(f"status_{p.status}", p.status)
        basis = p.basis_zh if zh and p.basis_zh else p.basis
        out.append(
            f"  {p.index:>2} | {p.period_start}{to}{p.period_end} | {amount:>8} | "
            f"{pay_by} | {medical} | {status} | {basis}{_cite(p.citation, zh, decision)}{_cite(p.base_citation, zh, decision)}"
        )
    for label, cite in _legends(decision, t, zh):
        if cite is not None:
            out.append(f"  {label}{_cite(cite, zh, decision)}")
    paid = decision.totals.get("paid_monthly")
    if paid is not None:
        out.append("  " + t["total"].format(amount=paid))
    lump = decision.totals.get("lump_sum")
    if lump is not None:
        out.append("  " + t["total_lump"].format(amount=lump))
    return out


def _ordinal(day: int) -> str:
    """15 → '15th', 1 → '1st', 22 → '22nd'."""
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _legends(decision: Decision, t: dict[str, str], zh: bool) -> list[tuple[str, Citation | None]]:
    """The schedule's legends, told from the values in force (pay-by cutoff, standard date)."""
    first = decision.schedule[0]
    legend = decision.legend or Legend()
    lang = "zh" if zh else "en"
    out: list[tuple[str, Citation | None]] = []
    rule = pay_by_rule(decision, lang)
    if rule:
        out.append((t["legend_pay_by"].format(rule=rule), first.pay_by_citation))
    medical, _ = legend.text("medical_insurance_while_receiving", lang)
    if medical:
        out.append((medical.rstrip("。."), first.medical_citation))
    standard = t.get(f"legend_standard_{legend.standard_date}")
    if standard is not None:
        out.append((standard, first.standard_date_citation))
    return out


def pay_by_rule(decision: Decision, lang: str) -> str:
    """The policy's words for its pay-by rule, with the cutoff day in force; or ""."""
    legend = decision.legend or Legend()
    day = legend.pay_by_cutoff_day
    if day is None:
        return ""
    which = (
        "pay_by_rule" if legend.pay_by_cutoff_day_counts_as == "before" else "pay_by_rule_exclusive"
    )
    return legend.text(which, lang, day=day, ordinal=_ordinal(day))[0]


def pay_by_line(decision: Decision, lang: str) -> tuple[str, Citation | None] | None:
    """The summary's pay-by line: month 1's date and the rule; None without pay-by dates."""
    if not decision.schedule or decision.schedule[0].pay_by is None:
        return None
    t = LABELS[lang]
    first = decision.schedule[0]
    rule = pay_by_rule(decision, lang)
    text = (
        t["s_pay_by_v"].format(first=first.pay_by, rule=rule)
        if rule
        else t["s_pay_by_plain"].format(first=first.pay_by)
    )
    return text, first.pay_by_citation


def medical_line(decision: Decision, lang: str) -> tuple[str, Citation | None] | None:
    """The medical-insurance legend (the policy's words), if some month pays it."""
    cite = next((p.medical_citation for p in decision.schedule if p.medical_insurance_paid), None)
    text = (decision.legend or Legend()).text("medical_insurance_while_receiving", lang)[0]
    if cite is None or not text:
        return None
    return text.rstrip("。."), cite


def period_note(decision: Decision, lang: str) -> tuple[str, Citation | None] | None:
    """The policy's words when the retirement date ends nothing: the regular months are paid in full
    and nothing is continued (also for a claimant past the retirement age at the claim)."""
    ent = decision.entitlement
    if not decision.eligibility.eligible or ent is None or ent.continuation_months:
        return None
    if not ent.total_months or ent.retirement_date > ent.regular_end:
        return None
    which = (
        "retirement_before_claim"
        if ent.retirement_date <= ent.start
        else "retirement_no_continuation"
    )
    text, cite = (decision.legend or Legend()).text(which, lang, retire=ent.retirement_date)
    return (text, cite) if text else None


def _stop(decision: Decision, t: dict[str, str], zh: bool) -> list[str]:
    stop = decision.stop
    if not decision.events:
        return []
    out = ["", f"{t['stop']}:"]
    if stop.stopped:
        at_once = any(p.status == "lump_sum" for p in decision.schedule)
        out.append(
            "  - "
            + t["stopped_lump" if at_once else "stopped"].format(
                on=stop.on,
                reason=stop.text if zh else stop.text_en,
                paid=stop.months_paid,
                forfeited=stop.months_forfeited,
            )
            + _cite(stop.citation, zh, decision)
        )
        if stop.lump_sum is not None:
            medical = {True: "yes", False: "no", None: "unset"}[stop.lump_sum_medical_insurance]
            out.append(
                "  - "
                + t["lump"].format(
                    n=stop.months_forfeited,
                    amount=stop.lump_sum,
                    medical=t[f"lump_medical_{medical}"],
                )
                + _cite(stop.citation, zh, decision)
            )
        elif stop.effect == "lump_sum" and any(p.status == "lump_sum" for p in decision.schedule):
            out.append("  - " + t["lump_unknown"].format(n=stop.months_forfeited))
        for n in stop.notes:
            out.append(f"  - {n.text if zh else n.text_en}{_cite(n.citation, zh, decision)}")
        if stop.ignored_events:
            out.append("  - " + t["later_events"])
    else:
        out.append("  - " + t["not_stopped"])
    for e in stop.ignored_events:
        out.append(f"    - {e.text if zh else e.text_en}{_cite(e.citation, zh, decision)}")
    return out


def _paperwork(decision: Decision, t: dict[str, str], zh: bool) -> list[str]:
    pw = decision.paperwork
    if pw is None:
        return []
    out = ["", f"{t['paperwork']}:"]
    groups = (
        ("bring", pw.claimant_documents),
        ("forbidden", pw.forbidden_requests),
        ("notices", pw.notices),
    )
    for key, items in groups:
        if items:
            out.append(f"  {t[key]}:")
            for r in items:
                when = f" ({t['date']} {r.due})" if r.due else ""
                what = "" if zh else f": {r.description}"
                name = _name(decision, r.name, zh)
                out.append(f"    - {name}{when}{what}{_cite(r.citation, zh, decision)}")
    if pw.employer_obligations:
        out.append(f"  {t['employer']}:")
        for o in pw.employer_obligations:
            due = f" ({t['due_on']} {o.due})" if o.due else ""
            conflict = f" ⚠ {t['conflict']}{_reading_tag(o.conflict)}" if o.conflict else ""
            what = "" if zh else f": {o.description}"
            name = _name(decision, o.name, zh)
            out.append(f"    - {name}{due}{what}{conflict}{_cite(o.citation, zh, decision)}")
    if pw.office is not None:
        office = pw.office
        out.append(
            f"  {t['office']}: {_name(decision, office.name, zh)}, {office.phone}, "
            f"{_address(office.address, zh)}"
            f"{_cite(office.citation, zh, decision)}"
        )
    shown = pw.warnings_zh if zh and pw.warnings_zh else pw.warnings
    if shown:
        out.append(f"  {t['warnings']}:")
        out.extend(f"    - {w}" for w in shown)
    return out


# ------------------------------------------------------------------------------ summary


def width(text: str) -> int:
    """Display columns: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,12}(?:[〔\[（(]\d{4}[〕\]）)]\d+号|第\d+号)")
"""A document number (文号), such as 人社厅发〔2020〕24号 or 兴人社办发[2020]57号: never broken."""

UNBROKEN = re.compile(rf"{DOCUMENT_NUMBER.pattern}|《[^《》\n]{{1,40}}》")
"""Kept on one line: a document number, and a title in 《》 short enough to fit one."""

NO_BREAK_BEFORE = frozenset("，。；：、）》」』”！？,.;:)")
"""Punctuation that never starts a line: it stays with what it follows."""


OPENING = frozenset("（(《「『“")


def _tokens(text: str) -> list[str]:
    """Words (with their trailing space), single wide characters, whole document numbers and
    titles: where a line may break; closing punctuation stays with the token before it."""
    out: list[str] = []
    at = 0
    for found in UNBROKEN.finditer(text):
        out += _split(text[at : found.start()], out)
        if out and out[-1][-1:] in OPENING:
            out[-1] += found.group()  # "(兴人社办发[2020]57号" keeps its bracket
        else:
            out.append(found.group())
        at = found.end()
    out += _split(text[at:], out)
    return out


def _split(text: str, before: list[str]) -> list[str]:
    out: list[str] = []
    word: list[str] = []
    for ch in text:
        if ch in NO_BREAK_BEFORE and not word and (out or before):
            if out:
                out[-1] += ch
            else:
                before[-1] += ch
        elif unicodedata.east_asian_width(ch) in "WF":
            if word:
                out.append("".join(word))
                word = []
            out.append(ch)
        elif ch == " ":
            word.append(" ")
            out.append("".join(word))
            word = []
        else:
            word.append(ch)
    if word:
        out.append("".join(word))
    return out


def _cut(token: str, room: int, next_room: int) -> tuple[list[str], str]:
    """A word too long for its line cut into pieces: the first fills `room` columns, the
    next ones `next_room` each; returns the full pieces and what is left (which fits).

    One pass with a running width: a 1.5 MB word takes time in proportion to its length."""
    pieces: list[str] = []
    start = 0
    used = 0
    limit = room
    for i, ch in enumerate(token):
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > limit and i > start and ch != " ":
            pieces.append(token[start:i])
            start, used, limit = i, 0, next_room
        used += w
    rest = token[start:]
    if width(rest.rstrip(" ")) > limit and rest.strip():
        pieces.append(rest)
        rest = ""
    return pieces, rest


def wrap(text: str, first: str, rest: str | None = None, limit: int = WIDTH) -> list[str]:
    """`first + text` broken into lines of at most `limit` columns, continued under `rest`."""
    rest = " " * width(first) if rest is None else rest
    lines: list[str] = []
    line = first
    room = limit - width(first)
    for token in _tokens(text):
        size = width(token.rstrip(" "))
        if size > room and line.strip():
            lines.append(line.rstrip())
            line, room = rest, limit - width(rest)
            token = token.lstrip(" ")
        if width(token.rstrip(" ")) > room:  # a word longer than a line: cut it
            pieces, token = _cut(token, room, limit - width(rest))
            lines.append(line + pieces[0])
            lines += [rest + piece for piece in pieces[1:]]
            line, room = rest, limit - width(rest)
        line += token
        room -= width(token)
    if line.strip():
        lines.append(line.rstrip())
    return lines


def pack(items: Sequence[str], first: str, rest: str, sep: str = "  ") -> list[str]:
    """Whole items side by side, as many as fit in `WIDTH` columns; a long one wraps alone."""
    lines: list[str] = []
    if items and width(first) + width(items[0]) > WIDTH:  # a long heading on lines of its own
        lines += wrap(first.strip(), first[: len(first) - len(first.lstrip())], rest)
        first = rest
    line = first
    for item in items:
        joined = item if not line.strip() or line == first else sep + item
        if line.strip() and width(line + joined) > WIDTH:
            lines.append(line.rstrip())
            line, joined = rest, item
        if width(line + joined) > WIDTH:
            wrapped = wrap(item, line, rest)
            lines += wrapped[:-1]
            line = wrapped[-1]
            continue
        line += joined
    if line.strip():
        lines.append(line.rstrip())
    return lines


@dataclass
class _Sources:
    """Citations numbered in the order they are first referred to, each listed once."""

    order: list[Citation] = field(default_factory=list)
    numbers: dict[tuple[str, str, str | None], int] = field(default_factory=dict)

    def ref(self, *cites: Citation | None) -> str:
        """` [3][4]` for the given citations (numbered on first use), or nothing."""
        marks = []
        for c in cites:
            if c is None:
                continue
            key = (c.clause, c.document, c.article)
            if key not in self.numbers:
                self.order.append(c)
                self.numbers[key] = len(self.order)
            mark = f"[{self.numbers[key]}]"
            if mark not in marks:
                marks.append(mark)
        return (" " + "".join(marks)) if marks else ""


def _pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def _rpad(text: str, columns: int) -> str:
    return " " * max(0, columns - width(text)) + text


def _bands(schedule: Sequence[Payment], key: Any) -> list[tuple[Payment, Payment, list[Payment]]]:
    """Runs of consecutive months that agree on `key(payment)`: (first, last, months)."""
    runs: list[list[Payment]] = []
    for p in schedule:
        if runs and key(runs[-1][-1]) == key(p):
            runs[-1].append(p)
        else:
            runs.append([p])
    return [(r[0], r[-1], r) for r in runs]


def _months(first: Payment, last: Payment) -> str:
    return str(first.index) if first.index == last.index else f"{first.index}–{last.index}"


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def _summary(decision: Decision, lang: str) -> str:
    """The caseworker's page; two passes so sources are numbered as they are first cited."""
    sources = _Sources()
    _summary_lines(decision, lang, sources)  # number the sources in reading order
    numbered = _Sources(list(sources.order), dict(sources.numbers))
    lines = _summary_lines(decision, lang, numbered)
    t = LABELS[lang]
    lines += ["", f"{t['sources']}:"]
    by_document: dict[str, list[str]] = {}
    for i, c in enumerate(numbered.order, 1):
        gist = "" if c.quoted else t["summarised"]
        article = "" if not c.article else c.article if lang == "zh" else locator_en(c.article)
        art = f"{article} " if article else ""
        document = _name(decision, c.document, lang == "zh")
        by_document.setdefault(document, []).append(f"[{i}] {art}({c.clause}){gist}")
    for document, refs in by_document.items():
        lines += pack(refs, f"  {document}: ", "      ")
    files = [f"{Path(f.path).name} (sha256 {f.sha256[:12]})" for f in decision.origin.policy_files]
    if files:
        made = t["made_by"].format(version=decision.origin.engine_version, files=", ".join(files))
        lines += wrap(made, "")
    return "\n".join(lines) + "\n"


def _summary_lines(decision: Decision, lang: str, src: _Sources) -> list[str]:
    t = LABELS[lang]
    zh = lang == "zh"
    out = [t["title"], *wrap(_chain(decision, zh), f"{t['policy']}: ")]
    out += ["", f"{t['summary']}:"]
    label_width = max(width(t[k]) for k in ("s_eligible", "s_months", "s_period", "s_amount"))
    label_width = max(label_width, *(width(t[k]) for k in ("s_total", "s_pay_by", "s_stops")))

    def row(key: str, text: str) -> None:
        out.extend(wrap(text, "  " + _pad(t[key] + ":", label_width + 2) + " "))

    elig = decision.eligibility
    conditions = [f for f in elig.findings if f.passed is not None]
    if elig.eligible:
        row(
            "s_eligible",
            t["s_yes"].format(n=len(conditions)) + src.ref(*(f.citation for f in conditions)),
        )
    else:
        failed = [f for f in conditions if not f.passed]
        names = "；".join(f.text for f in failed) if zh else "; ".join(f.text_en for f in failed)
        row("s_eligible", t["s_no"].format(failed=names) + src.ref(*(f.citation for f in failed)))
    ent = decision.entitlement
    schedule = decision.schedule
    if elig.eligible and schedule:
        row(
            "s_months",
            t["s_months_v"].format(
                n=ent.total_months, regular=ent.regular_months, cont=ent.continuation_months
            )
            + src.ref(*ent.citations),
        )
        note = period_note(decision, lang)
        row(
            "s_period",
            t["s_period_v"].format(start=ent.start, end=ent.end, retire=ent.retirement_date)
            + src.ref(ent.retirement_citation)
            + (("；" if zh else "; ") + note[0].rstrip("。.") + src.ref(note[1]) if note else ""),
        )
        amounts = []
        for first, last, _ in _bands(schedule, lambda p: (p.amount, p.rate, p.base, p.citation)):
            if first.amount is None:
                basis = first.basis_zh if zh and first.basis_zh else first.basis
                amounts.append(f"{t['unknown']}: {basis}{src.ref(first.citation)}")
                continue
            how = ""
            if first.rate is not None and first.base is not None:
                how = f" ({first.base} × {_percent(first.rate)})"
            amounts.append(
                t["s_amount_band"].format(months=_months(first, last), amount=first.amount)
                + how
                + src.ref(first.citation, first.base_citation, first.standard_date_citation)
            )
        row("s_amount", ("；" if zh else "; ").join(amounts))
        paid = decision.totals.get("paid_monthly")
        monthly = sum(1 for p in schedule if p.status == "due")
        total = (
            t["s_total_v"].format(amount=paid, n=monthly)
            if paid is not None
            else t["s_total_unknown"]
        )
        if "lump_sum" in decision.totals:
            total += t["s_lump_v"].format(amount=decision.totals["lump_sum"])
        if "overpaid" in decision.totals:
            total += t["s_overpaid_v"].format(amount=decision.totals["overpaid"])
        elif decision.stop is not None and decision.stop.overpaid is None:
            total += t["s_overpaid_unknown"]
        row("s_total", total)
        line = pay_by_line(decision, lang)
        if line is not None:
            row("s_pay_by", line[0] + src.ref(line[1]))
    stop = decision.stop
    if stop.stopped:
        at_once = any(p.status == "lump_sum" for p in schedule)
        text = t["s_stopped_lump_v" if at_once else "s_stopped_v"].format(
            on=stop.on,
            reason=stop.text if zh else stop.text_en,
            paid=stop.months_paid,
            forfeited=stop.months_forfeited,
        )
        row("s_stops", text + src.ref(stop.citation))
    elif decision.events:
        row("s_stops", t["s_not_stopped_v"] + src.ref(*(e.citation for e in stop.ignored_events)))
    elif elig.eligible:
        row("s_stops", t["s_no_events_v"])
    out += _summary_schedule(decision, t, src)
    out += _summary_details(decision, t, zh, src)
    return out


def _summary_schedule(decision: Decision, t: dict[str, Any], src: _Sources) -> list[str]:
    schedule = decision.schedule
    if not decision.eligibility.eligible or not schedule:
        return []
    to = " 至 " if t is LABELS["zh"] else " to "

    def shown(p: Payment) -> str:
        if p.status == "forfeited":
            return "—"  # a stopped month never shows an amount
        return str(p.amount) if p.amount is not None else t["unknown"]

    def key(p: Payment) -> tuple[Any, ...]:
        return (shown(p), p.status, p.medical_insurance_paid, p.pay_by is None)

    rows: list[list[str]] = []
    for first, last, _ in _bands(schedule, key):
        pay_by = (
            t["unknown"]
            if first.pay_by is None or last.pay_by is None
            else str(first.pay_by)
            if first.index == last.index
            else f"{first.pay_by}{to}{last.pay_by}"
        )
        status = t.get(f"status_{first.status}", first.status)
        cites = (first.pay_by_citation,) if first.pay_by is not None else ()
        rows.append(
            [
                _months(first, last),
                f"{first.period_start}{to}{last.period_end}",
                shown(first),
                pay_by,
                status + src.ref(*cites),
            ]
        )
    head = list(t["band_head"])
    widths = [max(width(r[i]) for r in [head, *rows]) for i in range(4)]
    out = ["", f"{t['bands']}:"]
    for r in [head, *rows]:
        cells = [_pad(r[0], widths[0]), _pad(r[1], widths[1]), _rpad(r[2], widths[2])]
        cells.append(_pad(r[3], widths[3]))
        lead = "  " + "  ".join(cells) + "  "
        out += wrap(r[4], lead, " " * width(lead))
    medical = medical_line(decision, "zh" if t is LABELS["zh"] else "en")
    if medical is not None:
        out += wrap(medical[0] + src.ref(medical[1]), "  ")
    return out


def _summary_details(decision: Decision, t: dict[str, Any], zh: bool, src: _Sources) -> list[str]:
    out = ["", f"{t['conditions']}:"]
    elig = decision.eligibility
    for f in elig.findings:
        if f.passed is None and elig.eligible:
            continue  # procedural notes: in the full form; the page keeps to this person
        mark = t["note"] if f.passed is None else (t["pass"] if f.passed else t["fail"])
        out += wrap(f"{f.text if zh else f.text_en}{src.ref(f.citation)}", f"  - [{mark}] ", "    ")
    stop = decision.stop
    details = list(stop.notes) + list(stop.ignored_events)
    if stop.stopped and stop.lump_sum is not None:
        medical = {True: "yes", False: "no", None: "unset"}[stop.lump_sum_medical_insurance]
        lump = t["lump"].format(
            n=stop.months_forfeited, amount=stop.lump_sum, medical=t[f"lump_medical_{medical}"]
        )
        out += ["", f"{t['stop']}:", *wrap(lump + src.ref(stop.citation), "  - ", "    ")]
    elif details:
        out += ["", f"{t['stop']}:"]
    for n in details:
        out += wrap(f"{n.text if zh else n.text_en}{src.ref(n.citation)}", "  - ", "    ")
    pw = decision.paperwork
    if pw is not None:
        out += ["", f"{t['paperwork']}:"]
        sep = "、" if zh else ", "
        for key, items in (("bring", pw.claimant_documents), ("forbidden", pw.forbidden_requests)):
            if items:
                listed = sep.join(
                    f"{_name(decision, r.name, zh)}{src.ref(r.citation)}" for r in items
                )
                out += wrap(listed, f"  {t[key]}: ", "    ")
        if pw.notices:
            out.append(f"  {t['notices']}:")
            for r in pw.notices:
                when = f" ({t['date']} {r.due})" if r.due else ""
                name = _name(decision, r.name, zh)
                out += wrap(f"{name}{when}{src.ref(r.citation)}", "    - ", "      ")
        if pw.employer_obligations:
            out.append(f"  {t['employer']}:")
            for o in pw.employer_obligations:
                due = f" ({t['due_on']} {o.due})" if o.due else ""
                conflict = f" ⚠ {t['conflict']}{_reading_tag(o.conflict)}" if o.conflict else ""
                name = _name(decision, o.name, zh)
                out += wrap(f"{name}{due}{conflict}{src.ref(o.citation)}", "    - ", "      ")
        if pw.office is not None:
            office = pw.office
            address = _address(office.address, zh)
            where = f"{_name(decision, office.name, zh)}, {office.phone}, {address}"
            text = where + src.ref(office.citation)
            out += wrap(text, f"  {t['office']}: ", "    ")
        shown = pw.warnings_zh if zh and pw.warnings_zh else pw.warnings
        for w in shown:
            out += wrap(w, f"  {t['warnings']}: ", "    ")
    if decision.warnings:
        out += ["", f"{t['warnings']}:"]
        for w in decision.warnings:
            out += wrap(w, "  - ", "    ")
    return out
