"""Decision → a readable account in Chinese or English, every line with its clause."""

from __future__ import annotations

from .errors import InputError
from .results import Citation, Decision

LABELS = {
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
        "continuation": "续发至法定退休年龄 {n} 个月",
        "period": "自 {start} 起至 {end} 止，共 {n} 个月；法定退休日期 {retire}",
        "schedule": "发放明细",
        "head": "月份 | 期间 | 金额（元） | 到账截止 | 代缴医保 | 依据",
        "yes": "是",
        "no": "否",
        "unknown": "未定",
        "stop": "停发",
        "stopped": "{on} 发生“{reason}”，停发失业保险金：已领 {paid} 个月，停发 {forfeited} 个月。",
        "lump": "一次性领取剩余失业保险金 {amount} 元（不享受代缴医保）。",
        "overpaid": "截至 {as_of} 多发 {amount} 元，应予追回。",
        "not_stopped": "所列情形均发生在领取期满之后，不影响发放。",
        "paperwork": "办理事项",
        "bring": "需携带",
        "forbidden": "不得要求",
        "employer": "用人单位义务",
        "notices": "温馨提示",
        "office": "办理地点",
        "due": "截止",
        "total": "按月发放合计 {amount} 元",
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
        "continuation": "{n} months of continuation until retirement age",
        "period": "from {start} to {end}, {n} months; statutory retirement date {retire}",
        "schedule": "Payments",
        "head": "month | period | amount (yuan) | paid by | medical insurance | basis",
        "yes": "yes",
        "no": "no",
        "unknown": "not set",
        "stop": "Stop",
        "stopped": "On {on}, '{reason}': payment stops; {paid} months paid, {forfeited} forfeited.",
        "lump": "The remaining benefit is paid at once: {amount} yuan (no medical insurance).",
        "overpaid": "By {as_of}, {amount} yuan was paid that was not due and is recovered.",
        "not_stopped": "Every event listed falls after the last day paid: nothing stops.",
        "paperwork": "Paperwork",
        "bring": "Bring",
        "forbidden": "Nobody may ask for",
        "employer": "The employer must",
        "notices": "Notices",
        "office": "Where to go",
        "due": "due",
        "total": "Total paid monthly: {amount} yuan",
    },
}


def _cite(c: Citation | None) -> str:
    return f"  [{c.short()}]" if c is not None else ""


def explain(decision: Decision, lang: str) -> str:
    """Render a Decision as text."""
    if lang not in LABELS:
        raise InputError(f"language must be one of {', '.join(LABELS)}, got {lang!r}", field="lang")
    t = LABELS[lang]
    zh = lang == "zh"
    out = [t["title"], f"{t['policy']}: {' → '.join(decision.policy)}", ""]
    elig = decision.eligibility
    out.append(t["eligible"] if elig.eligible else t["ineligible"])
    out.append(f"{t['conditions']}:")
    for f in elig.findings:
        mark = t["note"] if f.passed is None else (t["pass"] if f.passed else t["fail"])
        out.append(f"  - [{mark}] {f.text if zh else f.text_en}{_cite(f.citation)}")
    ent = decision.entitlement
    if ent is not None:
        out += ["", f"{t['entitlement']}:"]
        out.append(
            "  - "
            + t["regular"].format(n=ent.regular_months)
            + "".join(_cite(c) for c in ent.citations[:1])
        )
        if ent.continuation_months:
            out.append(
                "  - "
                + t["continuation"].format(n=ent.continuation_months)
                + "".join(_cite(c) for c in ent.citations[-1:])
            )
        out.append(
            "  - "
            + t["period"].format(
                start=ent.start, end=ent.end, n=ent.total_months, retire=ent.retirement_date
            )
        )
    if decision.schedule:
        out += ["", f"{t['schedule']}:", "  " + t["head"]]
        for p in decision.schedule:
            amount = str(p.amount) if p.amount is not None else t["unknown"]
            pay_by = p.pay_by.isoformat() if p.pay_by else t["unknown"]
            medical = t["yes"] if p.medical_insurance_paid else t["no"]
            out.append(
                f"  {p.index:>2} | {p.period_start}–{p.period_end} | {amount:>8} | "
                f"{pay_by} | {medical} | {p.basis}{_cite(p.citation)}"
            )
        paid = decision.totals.get("paid_monthly")
        if paid is not None:
            out.append("  " + t["total"].format(amount=paid))
    stop = decision.stop
    if stop is not None:
        out += ["", f"{t['stop']}:"]
        if stop.stopped:
            out.append(
                "  - "
                + t["stopped"].format(
                    on=stop.on,
                    reason=stop.text if zh else stop.text_en,
                    paid=stop.months_paid,
                    forfeited=stop.months_forfeited,
                )
                + _cite(stop.citation)
            )
            if stop.lump_sum is not None:
                out.append("  - " + t["lump"].format(amount=stop.lump_sum))
            if stop.overpaid and decision.as_of is not None:
                out.append(
                    "  - " + t["overpaid"].format(as_of=decision.as_of, amount=stop.overpaid)
                )
            for n in stop.notes:
                out.append(f"  - {n.text if zh else n.text_en}{_cite(n.citation)}")
        else:
            out.append("  - " + t["not_stopped"])
    pw = decision.paperwork
    if pw is not None:
        out += ["", f"{t['paperwork']}:"]
        groups = (
            ("bring", pw.claimant_documents),
            ("forbidden", pw.forbidden_requests),
            ("notices", pw.notices),
        )
        for key, items in groups:
            if items:
                out.append(f"  {t[key]}:")
                for r in items:
                    out.append(f"    - {r.name}: {r.description}{_cite(r.citation)}")
        if pw.employer_obligations:
            out.append(f"  {t['employer']}:")
            for o in pw.employer_obligations:
                due = f" ({t['due']} {o.due})" if o.due else ""
                conflict = f" ⚠ {o.conflict}" if o.conflict else ""
                out.append(f"    - {o.name}{due}: {o.description}{conflict}{_cite(o.citation)}")
        if pw.office is not None:
            office = pw.office
            out.append(
                f"  {t['office']}: {office.name}, {office.phone}, {office.address}"
                f"{_cite(office.citation)}"
            )
    return "\n".join(out) + "\n"
