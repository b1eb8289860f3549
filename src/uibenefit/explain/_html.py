"""Decision → the printed decision, as HTML: what `uibenefit evaluate --format html` writes and
what the caseworker's page prints.

One A4 sheet or two: the claimant's facts as given, the decision with its months and amounts
(months of equal amount in one row), the stop, the paperwork, each source once, numbered,
then the date, the policy and its version, and space for both signatures. Every value is
escaped; the only markup is this module's. The words of the law come from the decision (its
findings, citations and the policy's messages); the labels here are the form's own.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from importlib import resources
from typing import Any

from ..values.results import Citation, Decision, Payment
from ._explain import (
    DOCUMENT_NUMBER,
    _bands,
    _months,
    _name,
    _percent,
    _Sources,
    medical_line,
    pay_by_line,
    period_note,
)
from ._explain import LABELS as TEXT
from ._locator import locator_en

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "失业保险金审核决定书",
        "facts": "申请人情况",
        "decision": "审核结论",
        "birth_date": "出生日期",
        "sex": "性别",
        "position": "身份",
        "insured_as": "参保身份",
        "contribution_months": "累计缴费月数",
        "insured_area": "参保地区",
        "separation_date": "停保日期",
        "separation_reason": "停保原因",
        "application_date": "申领日期",
        "registration_date": "失业登记日期",
        "prior_unused_months": "前次应领未领月数",
        "events": "领取期间情形",
        "male": "男",
        "female": "女",
        "worker": "工人",
        "cadre": "干部",
        "employee": "职工",
        "flexible": "灵活就业人员",
        "eligible": "符合领取失业保险金条件",
        "ineligible": "不符合领取失业保险金条件",
        "months": "领取月数",
        "period": "领取期间",
        "amount": "每月金额",
        "total": "合计",
        "pay_by": "到账规则",
        "stop": "停发",
        "schedule": "发放明细",
        "conditions": "审核条件",
        "paperwork": "办理事项",
        "sources": "政策依据",
        "summarised": "（大意）",
        "made": "测算日期",
        "policy": "适用政策",
        "version": "版本",
        "caseworker": "经办人（签字）",
        "claimant": "申请人（签字）",
        "date": "日期",
        "seal": "经办机构（盖章）",
        "note": "本决定书依据所列政策条款测算，以经办机构核定为准。",
        "none": "无",
    },
    "en": {
        "title": "Unemployment insurance benefit decision",
        "facts": "The claimant",
        "decision": "Decision",
        "birth_date": "Date of birth",
        "sex": "Sex",
        "position": "Position",
        "insured_as": "Insured as",
        "contribution_months": "Contribution months",
        "insured_area": "Insured area",
        "separation_date": "Separation date",
        "separation_reason": "Separation reason",
        "application_date": "Application date",
        "registration_date": "Registration date",
        "prior_unused_months": "Unused months of an earlier spell",
        "events": "Events while receiving",
        "male": "male",
        "female": "female",
        "worker": "worker",
        "cadre": "cadre",
        "employee": "employee",
        "flexible": "flexible worker",
        "eligible": "Entitled to unemployment insurance benefit",
        "ineligible": "Not entitled to unemployment insurance benefit",
        "months": "Months",
        "period": "Period",
        "amount": "Amount",
        "total": "Total",
        "pay_by": "Paid by",
        "stop": "Stop",
        "schedule": "Payments",
        "conditions": "Conditions",
        "paperwork": "Paperwork",
        "sources": "Sources",
        "summarised": " (summary)",
        "made": "Date",
        "policy": "Policy",
        "version": "version",
        "caseworker": "Caseworker (signature)",
        "claimant": "Claimant (signature)",
        "date": "Date",
        "seal": "Office (seal)",
        "note": "Computed from the clauses listed; the agency's decision prevails.",
        "none": "none",
    },
}

FACTS = (
    "birth_date",
    "sex",
    "position",
    "insured_as",
    "contribution_months",
    "insured_area",
    "separation_date",
    "separation_reason",
    "application_date",
    "registration_date",
    "prior_unused_months",
)


def stylesheet() -> str:
    """The decision's CSS (also served as /static/decision.css)."""
    return resources.files("uibenefit.explain").joinpath("decision.css").read_text("utf-8")


def document(decision: Decision, lang: str = "zh", on: dt.date | None = None) -> str:
    """A whole HTML document, its stylesheet inside: `evaluate --format html`."""
    t = LABELS[lang]
    return (
        f'<!doctype html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>{escape(t["title"])}</title>\n'
        f"<style>\n{stylesheet()}</style>\n</head>\n<body>\n"
        f"{article(decision, lang, on)}</body>\n</html>\n"
    )


class _Html:
    """Numbered sources and the escaped pieces of one decision."""

    def __init__(self, decision: Decision, lang: str, src: _Sources) -> None:
        self.d = decision
        self.lang = lang
        self.zh = lang == "zh"
        self.t = LABELS[lang]
        self.x = TEXT[lang]
        self.src = src
        self.sep = "；" if self.zh else "; "

    def ref(self, *cites: Citation | None) -> str:
        marks = self.src.ref(*cites).strip()
        return f' <sup class="ref">{escape(marks)}</sup>' if marks else ""

    def row(self, key: str, value: str) -> str:
        return f"<tr><th>{escape(self.t[key])}</th><td>{value}</td></tr>\n"


def article(decision: Decision, lang: str = "zh", on: dt.date | None = None) -> str:
    """The decision as one `<article class="decision">`, sources numbered as first cited."""
    if lang not in LABELS:
        lang = "zh"
    first = _Sources()
    _body(_Html(decision, lang, first))  # number the sources in reading order
    h = _Html(decision, lang, _Sources(list(first.order), dict(first.numbers)))
    body = _body(h)
    return (
        f'<article class="decision" lang="{"zh-CN" if h.zh else "en"}">\n'
        f"<h1>{escape(h.t['title'])}</h1>\n{_head(h, on)}{body}{_sources(h)}{_signatures(h)}"
        "</article>\n"
    )


def _head(h: _Html, on: dt.date | None) -> str:
    d = h.d
    day = on or dt.date.today()
    chain = " → ".join(d.documents)  # document numbers; their names are under the sources
    version = d.origin.engine_version
    files = ", ".join(f"{f.layer} {f.sha256[:12]}" for f in d.origin.policy_files)
    return (
        '<p class="meta">'
        f"<span>{escape(h.t['policy'])}: {_nobreak(chain)}</span> "
        f"<span>uibenefit {escape(version)}{'；' if h.zh else '; '}{escape(files)}</span> "
        f"<span>{escape(h.t['made'])}: {day.isoformat()}</span>"
        "</p>\n"
    )


def _nobreak(text: str) -> str:
    """Escaped text whose document numbers never break inside (人社厅发〔2020〕24号)."""
    out, at = [], 0
    for found in DOCUMENT_NUMBER.finditer(text):
        out.append(escape(text[at : found.start()]))
        out.append(f'<span class="nb">{escape(found.group())}</span>')
        at = found.end()
    out.append(escape(text[at:]))
    return "".join(out)


def _body(h: _Html) -> str:
    return _facts(h) + _decision(h) + _schedule(h) + _conditions(h) + _paperwork(h)


def _value(h: _Html, key: str, value: Any) -> str:
    if value is None or value == "":
        return escape(h.t["none"])
    if key == "separation_reason":
        named = h.d.legend.name(key, str(value)) if h.d.legend is not None else None
        return escape(f"{named}（{value}）" if h.zh and named else str(value))
    if key == "insured_area":
        named = h.d.legend.name(key, str(value)) if h.d.legend is not None else None
        if named and not h.zh:
            named = f"“{named}”"  # the policy names its areas in Chinese only
        return escape(f"{value} {named}" if named else str(value))
    return escape(h.t.get(str(value), str(value)) if isinstance(value, str) else str(value))


def _facts(h: _Html) -> str:
    c = h.d.claimant
    cells = [
        f"<th>{escape(h.t[k])}</th><td>{_value(h, k, c.get(k))}</td>"
        for k in FACTS
        if k in c and not (k == "prior_unused_months" and not c.get(k))
    ]
    rows = "".join("<tr>" + "".join(cells[i : i + 2]) + "</tr>\n" for i in range(0, len(cells), 2))
    events = h.d.events
    if events:
        stop = h.d.stop
        said = stop.text if h.zh else stop.text_en

        def kind(e: dict[str, Any]) -> str:
            hit = stop.stopped and e.get("kind") == stop.reason and str(e.get("on")) == str(stop.on)
            return f"{said}（{e.get('kind')}）" if hit and said else str(e.get("kind"))

        shown = "；".join(f"{e.get('on')} {kind(e)}" for e in events)
        rows += f'<tr><th>{escape(h.t["events"])}</th><td colspan="3">{escape(shown)}</td></tr>\n'
    return (
        f'<section class="facts"><h2>{escape(h.t["facts"])}</h2>\n<table>{rows}</table></section>\n'
    )


def _decision(h: _Html) -> str:
    d, t, x = h.d, h.t, h.x
    elig = d.eligibility
    verdict = t["eligible"] if elig.eligible else t["ineligible"]
    conditions = [f for f in elig.findings if f.passed is not None]
    failed = [f for f in conditions if not f.passed]
    cited = h.ref(*(f.citation for f in (conditions if elig.eligible else failed)))
    out = f'<p class="verdict {"ok" if elig.eligible else "no"}">{escape(verdict)}{cited}</p>\n'
    rows = ""
    ent = d.entitlement
    if elig.eligible and d.schedule:
        rows += h.row(
            "months",
            escape(
                x["s_months_v"].format(
                    n=ent.total_months, regular=ent.regular_months, cont=ent.continuation_months
                )
            )
            + h.ref(*ent.citations),
        )
        note = period_note(d, h.lang)
        period = x["s_period_v"].format(start=ent.start, end=ent.end, retire=ent.retirement_date)
        rows += h.row(
            "period",
            escape(period)
            + h.ref(ent.retirement_citation)
            + (f"<br>{escape(note[0])}{h.ref(note[1])}" if note else ""),
        )
        rows += h.row("amount", _amounts(h))
        rows += h.row("total", escape(_total(h)))
        line = pay_by_line(d, h.lang)
        if line is not None:
            rows += h.row("pay_by", escape(line[0]) + h.ref(line[1]))
    stop = d.stop
    if stop.stopped:
        at_once = any(p.status == "lump_sum" for p in d.schedule)
        text = x["s_stopped_lump_v" if at_once else "s_stopped_v"].format(
            on=stop.on,
            reason=stop.text if h.zh else stop.text_en,
            paid=stop.months_paid,
            forfeited=stop.months_forfeited,
        )
        rows += h.row("stop", escape(text) + h.ref(stop.citation))
    elif d.events:
        rows += h.row(
            "stop", escape(x["s_not_stopped_v"]) + h.ref(*(e.citation for e in stop.ignored_events))
        )
    title = f"<h2>{escape(t['decision'])}</h2>\n"
    return (
        f'<section class="verdicts">{title}{out}<table class="summary">{rows}</table></section>\n'
    )


def _amounts(h: _Html) -> str:
    parts = []
    for first, last, _ in _bands(h.d.schedule, lambda p: (p.amount, p.rate, p.base, p.citation)):
        if first.amount is None:
            basis = first.basis_zh if h.zh and first.basis_zh else first.basis
            parts.append(escape(f"{h.x['unknown']}: {basis}") + h.ref(first.citation))
            continue
        how = ""
        if first.rate is not None and first.base is not None:
            how = f" ({first.base} × {_percent(first.rate)})"
        text = h.x["s_amount_band"].format(months=_months(first, last), amount=first.amount)
        parts.append(
            escape(text + how)
            + h.ref(first.citation, first.base_citation, first.standard_date_citation)
        )
    return "<br>".join(parts)


def _total(h: _Html) -> str:
    d, x = h.d, h.x
    paid = d.totals.get("paid_monthly")
    monthly = sum(1 for p in d.schedule if p.status == "due")
    total = (
        x["s_total_v"].format(amount=paid, n=monthly) if paid is not None else x["s_total_unknown"]
    )
    if "lump_sum" in d.totals:
        total += x["s_lump_v"].format(amount=d.totals["lump_sum"])
    if "overpaid" in d.totals:
        total += x["s_overpaid_v"].format(amount=d.totals["overpaid"])
    return str(total)


def _schedule(h: _Html) -> str:
    d, x = h.d, h.x
    if not d.eligibility.eligible or not d.schedule:
        return ""
    to = " 至 " if h.zh else " to "

    def shown(p: Payment) -> str:
        if p.status == "forfeited":
            return "—"
        return str(p.amount) if p.amount is not None else x["unknown"]

    def key(p: Payment) -> tuple[Any, ...]:
        return (shown(p), p.status, p.medical_insurance_paid, p.pay_by is None)

    head = "".join(f"<th>{escape(c)}</th>" for c in x["band_head"])
    rows = ""
    for first, last, _ in _bands(d.schedule, key):
        pay_by = (
            x["unknown"]
            if first.pay_by is None or last.pay_by is None
            else str(first.pay_by)
            if first.index == last.index
            else f"{first.pay_by}{to}{last.pay_by}"
        )
        cites = (first.pay_by_citation,) if first.pay_by is not None else ()
        rows += (
            f'<tr class="status-{escape(first.status)}"><td class="num">{_months(first, last)}</td>'
            f"<td>{escape(f'{first.period_start}{to}{last.period_end}')}</td>"
            f'<td class="num">{escape(shown(first))}</td><td>{escape(pay_by)}</td>'
            f"<td>{escape(x.get(f'status_{first.status}', first.status))}{h.ref(*cites)}</td></tr>\n"
        )
    medical = medical_line(d, h.lang)
    legends = f'<p class="legend">{escape(medical[0])}{h.ref(medical[1])}</p>\n' if medical else ""
    return (
        f'<section class="schedule"><h2>{escape(x["bands"])}</h2>\n'
        f"<table><thead><tr>{head}</tr></thead><tbody>\n{rows}</tbody></table>\n{legends}</section>\n"
    )


def _conditions(h: _Html) -> str:
    elig = h.d.eligibility
    items = ""
    for f in elig.findings:
        if f.passed is None and elig.eligible:
            continue  # procedural notes: in the full text; the page keeps to this person
        mark = h.x["note"] if f.passed is None else (h.x["pass"] if f.passed else h.x["fail"])
        text = f.text if h.zh else f.text_en
        items += f"<li><b>[{escape(mark)}]</b> {escape(text)}{h.ref(f.citation)}</li>\n"
    stop = h.d.stop
    for n in (*stop.notes, *stop.ignored_events):
        items += f"<li>{escape(n.text if h.zh else n.text_en)}{h.ref(n.citation)}</li>\n"
    return f'<section class="conditions"><h2>{escape(h.t["conditions"])}</h2>\n<ul>{items}</ul></section>\n'


def _paperwork(h: _Html) -> str:
    pw = h.d.paperwork
    if pw is None:
        return ""
    x = h.x
    sep = "、" if h.zh else ", "
    out = ""

    def name(r: Any) -> str:
        return _name(h.d, str(r.name), h.zh)

    for key, items in (("bring", pw.claimant_documents), ("forbidden", pw.forbidden_requests)):
        if items:
            listed = sep.join(f"{escape(name(r))}{h.ref(r.citation)}" for r in items)
            out += f"<p><b>{escape(x[key])}:</b> {listed}</p>\n"
    lines = []
    for r in pw.notices:
        when = f" ({x['date']} {r.due})" if r.due else ""
        lines.append(f"{escape(name(r) + when)}{h.ref(r.citation)}")
    if lines:
        out += f"<p><b>{escape(x['notices'])}:</b> " + h.sep.join(lines) + "</p>\n"
    duties = []
    for o in pw.employer_obligations:
        due = f" ({x['due_on']} {o.due})" if o.due else ""
        duties.append(f"{escape(name(o) + due)}{h.ref(o.citation)}")
    if duties:
        out += f"<p><b>{escape(x['employer'])}:</b> " + h.sep.join(duties) + "</p>\n"
    office = pw.office
    if office is not None:
        address = office.address if h.zh else f"“{office.address}”"  # as written on site
        where = f"{name(office)}, {office.phone}, {address}"
        out += f"<p><b>{escape(x['office'])}:</b> {escape(where)}{h.ref(office.citation)}</p>\n"
    for w in pw.warnings_zh if h.zh and pw.warnings_zh else pw.warnings:
        out += f'<p class="warning">{escape(w)}</p>\n'
    for w in h.d.warnings:
        out += f'<p class="warning">{escape(w)}</p>\n'
    return f'<section class="paperwork"><h2>{escape(x["paperwork"])}</h2>\n{out}</section>\n'


def _sources(h: _Html) -> str:
    """Each source once, numbered as first cited, grouped under its document."""
    by_document: dict[str, list[str]] = {}
    for i, c in enumerate(h.src.order, 1):
        gist = "" if c.quoted else h.t["summarised"]
        article = f"{c.article if h.zh else locator_en(c.article)} " if c.article else ""
        by_document.setdefault(c.document, []).append(
            f'<span class="src">[{i}] {escape(article)}({escape(c.clause)}){escape(gist)}</span>'
        )
    items = "".join(
        f"<li><b>{_nobreak(_name(h.d, document, h.zh))}</b>: {' '.join(refs)}</li>\n"
        for document, refs in by_document.items()
    )
    return (
        f'<section class="sources"><h2>{escape(h.t["sources"])}</h2>\n<ul>{items}</ul></section>\n'
    )


def _signatures(h: _Html) -> str:
    t = h.t
    cell = '<td><span class="label">{}</span><span class="line"></span></td>'
    row = "".join(cell.format(escape(t[k])) for k in ("caseworker", "claimant", "seal"))
    dates = "".join(cell.format(escape(t["date"])) for _ in range(3))
    return (
        f'<footer class="signatures"><p>{escape(t["note"])}</p>'
        f"<table><tr>{row}</tr><tr>{dates}</tr></table></footer>\n"
    )
