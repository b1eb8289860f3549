"""Decision → a readable account in Chinese or English, every line with its clause."""

from __future__ import annotations

import re

from .errors import InputError
from .results import Citation, Decision, Legend

LABELS: dict[str, dict[str, str]] = {
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
        "retire_inside": "法定退休日期（{retire}）在领取期内：按核定期限领满，不再续发",
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
        "legend_pay_by": "到账截止：当月{day}日{counts}前申领的当月底前到账，之后的次月底前到账，以后逐月顺延",
        "legend_pay_by_before": "（含）",
        "legend_pay_by_after": "",
        "legend_medical": "领取期间基本医疗保险费由失业保险基金代缴",
        "legend_standard_application_date": "各月金额均按申请之日的失业保险金标准计算",
        "legend_standard_month_start": "各月金额均按该月首日的失业保险金标准计算",
        "total": "按月发放合计 {amount} 元",
        "total_lump": "一次性领取 {amount} 元",
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
        "retire_inside": "The statutory retirement date ({retire}) falls within the period: it is paid in full, with no continuation",
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
        "legend_pay_by": "Paid by: the end of the claim month for claims {counts} the {day}, else the next month's end; each later month a month later",
        "legend_pay_by_before": "on or before",
        "legend_pay_by_after": "before",
        "legend_medical": "While receiving, the fund pays the basic medical insurance",
        "legend_standard_application_date": "Every month at the benefit standard in force on the application date",
        "legend_standard_month_start": "Every month at the benefit standard in force on the month's first day",
        "total": "Total paid monthly: {amount} yuan",
        "total_lump": "Paid at once: {amount} yuan",
    },
}


_TAG = re.compile(r" \(([A-Za-z]+[0-9]+)\)$")


def _reading_tag(conflict: str) -> str:
    """` (G3)`: the reading a conflict's text ends with, if it names one."""
    found = _TAG.search(conflict)
    return f" ({found.group(1)})" if found else ""


def _cite(c: Citation | None) -> str:
    return f"  [{c.short()}]" if c is not None else ""


def explain(decision: Decision, lang: str) -> str:
    """Render a Decision as text."""
    if not isinstance(lang, str) or lang not in LABELS:
        raise InputError(f"language must be one of {', '.join(LABELS)}, got {lang!r}", field="lang")
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
        out.append(f"  - [{mark}] {f.text if zh else f.text_en}{_cite(f.citation)}")
    out += _entitlement(decision, t)
    out += _schedule(decision, t, zh)
    out += _stop(decision, t, zh)
    out += _paperwork(decision, t, zh)
    if decision.warnings:
        out += ["", f"{t['warnings']}:"]
        out.extend(f"  - {w}" for w in decision.warnings)
    return "\n".join(out) + "\n"


def _entitlement(decision: Decision, t: dict[str, str]) -> list[str]:
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
        + "".join(_cite(c) for c in ent.citations[:1])
    )
    if ent.continuation_months:
        out.append(
            "  - "
            + t["continuation"].format(n=ent.continuation_months)
            + "".join(_cite(c) for c in ent.citations[-1:])
        )
    elif ent.start < ent.retirement_date <= ent.regular_end:
        # past the retirement age without a pension, the period is still paid in full: the
        # clause that says so is cited after the tiers' (and the cap's, with unused months)
        said = ent.citations[1 + bool(ent.prior_unused_months) :]
        out.append(
            "  - "
            + t["retire_inside"].format(retire=ent.retirement_date)
            + "".join(_cite(c) for c in said[:1])
        )
    out.append(
        "  - "
        + t["period"].format(
            start=ent.start, end=ent.end, n=ent.total_months, retire=ent.retirement_date
        )
        + _cite(ent.retirement_citation)
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
            f"{pay_by} | {medical} | {status} | {basis}{_cite(p.citation)}{_cite(p.base_citation)}"
        )
    for label, cite in _legends(decision, t, zh):
        if cite is not None:
            out.append(f"  {label}{_cite(cite)}")
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
    out: list[tuple[str, Citation | None]] = []
    if legend.pay_by_cutoff_day is not None:
        counts = t[f"legend_pay_by_{legend.pay_by_cutoff_day_counts_as}"]
        day = str(legend.pay_by_cutoff_day) if zh else _ordinal(legend.pay_by_cutoff_day)
        out.append((t["legend_pay_by"].format(day=day, counts=counts), first.pay_by_citation))
    out.append((t["legend_medical"], first.medical_citation))
    standard = t.get(f"legend_standard_{legend.standard_date}")
    if standard is not None:
        out.append((standard, first.standard_date_citation))
    return out


def _stop(decision: Decision, t: dict[str, str], zh: bool) -> list[str]:
    stop = decision.stop
    if stop is None:
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
            + _cite(stop.citation)
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
                + _cite(stop.citation)
            )
        elif stop.effect == "lump_sum" and any(p.status == "lump_sum" for p in decision.schedule):
            out.append("  - " + t["lump_unknown"].format(n=stop.months_forfeited))
        for n in stop.notes:
            out.append(f"  - {n.text if zh else n.text_en}{_cite(n.citation)}")
        if stop.ignored_events:
            out.append("  - " + t["later_events"])
    else:
        out.append("  - " + t["not_stopped"])
    for e in stop.ignored_events:
        out.append(f"    - {e.text if zh else e.text_en}{_cite(e.citation)}")
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
                out.append(f"    - {r.name}{when}{what}{_cite(r.citation)}")
    if pw.employer_obligations:
        out.append(f"  {t['employer']}:")
        for o in pw.employer_obligations:
            due = f" ({t['due_on']} {o.due})" if o.due else ""
            conflict = f" ⚠ {t['conflict']}{_reading_tag(o.conflict)}" if o.conflict else ""
            what = "" if zh else f": {o.description}"
            out.append(f"    - {o.name}{due}{what}{conflict}{_cite(o.citation)}")
    if pw.office is not None:
        office = pw.office
        out.append(
            f"  {t['office']}: {office.name}, {office.phone}, {office.address}"
            f"{_cite(office.citation)}"
        )
    shown = pw.warnings_zh if zh and pw.warnings_zh else pw.warnings
    if shown:
        out.append(f"  {t['warnings']}:")
        out.extend(f"    - {w}" for w in shown)
    return out
