"""The pre-filled claim as a form to confirm: text (Chinese first, then English) and HTML."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .prefill import Prefill

WORDS = {
    "zh": {
        "title": "失业保险金申领表（根据经办系统内部信息自动生成，请确认）",
        "person": "人员编号",
        "on": "日期",
        "source": "来源",
        "row": "第{row}行",
        "answer": "请您回答",
        "questions": "需要您回答的问题",
        "findings": "核查发现",
        "decision": "按上述信息的审核结果",
        "none": "（缺少必要信息，待补充后审核）",
        "employed": "（记录显示离职后仍在缴费，不能确认失业状态）",
        "yes": "是",
        "no": "否",
        "rows": "计入的缴费记录行",
        "confirm": "以上信息无误，本人确认。签名：__________",
    },
    "en": {
        "title": "Unemployment benefit claim (pre-filled from the agency's records; please confirm)",
        "person": "Person",
        "on": "Date",
        "source": "source",
        "row": "row {row}",
        "answer": "your answer",
        "questions": "Questions for you",
        "findings": "Found in the records",
        "decision": "Decision on these facts",
        "none": "(a required fact is missing; decided once it is given)",
        "employed": "(contributions continue after the separation: unemployment not confirmed)",
        "yes": "yes",
        "no": "no",
        "rows": "contribution rows counted",
        "confirm": "I confirm the above is correct. Signature: __________",
    },
}


CODES_ZH = {"worker": "工人", "cadre": "干部", "employee": "职工", "flexible": "灵活就业人员"}
"""Screen names of the codes the policy has no names for."""


def _value(value: Any, w: dict[str, str]) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return w["yes"] if value else w["no"]
    return str(value)


def _lines(form: Prefill, lang: str) -> list[str]:
    from .prefill import LABELS, TABLE_NAMES

    w = WORDS[lang]
    zh = lang == "zh"
    out = [w["title"], f"{w['person']}: {form.person_id}    {w['on']}: {form.on}"]
    if form.citation is not None:
        out.append(f"  [{form.citation.clause}] {form.citation.document}")
    out.append("")
    for name, labels in LABELS.items():
        value = getattr(form.claimant, name) if form.claimant is not None else None
        table, row = form.sources.get(name, ("form", None))
        where = TABLE_NAMES.get(table, table) if zh else table
        src = (
            w["answer"]
            if table == "form"
            else where + (" " + w["row"].format(row=row) if row is not None else "")
        )
        text = _value(value, w)
        if zh:
            text = form.names_zh.get(name, CODES_ZH.get(text, text))
        out.append(f"  {labels[0] if zh else labels[1]}: {text}    ({w['source']}: {src})")
    if form.contribution_rows:
        shown = ", ".join(str(r) for r in form.contribution_rows[:20])
        more = " …" if len(form.contribution_rows) > 20 else ""
        out.append(f"  {w['rows']}: {shown}{more}")
    if form.questions:
        out += ["", w["questions"] + ":"]
        out += [
            f"  - {q.text(lang)}" + (f" [{q.citation.clause}]" if q.citation else "")
            for q in form.questions
        ]
    if form.findings:
        out += ["", w["findings"] + ":"]
        out += [
            f"  - {f.text()}" + (f" [{f.citation.clause}]" if f.citation else "")
            for f in form.findings
        ]
    out += ["", w["decision"] + ":"]
    if form.decision is None:
        employed = form.claimant is not None and not form.facts.get("unemployed", True)
        out.append("  " + w["employed" if employed else "none"])
    else:
        out += [
            "  " + line
            for line in form.decision.explain(lang="zh" if zh else "en").rstrip().splitlines()
        ]
    out += ["", w["confirm"]]
    return out


def text(form: Prefill, lang: str | None = None) -> str:
    """The form, Chinese then English (or only `lang`)."""
    langs = [lang] if lang else ["zh", "en"]
    parts = ["\n".join(_lines(form, one)) for one in langs]
    return ("\n\n" + "=" * 60 + "\n\n").join(parts) + "\n"


def page(form: Prefill, lang: str | None = None) -> str:
    """A standalone HTML page of the form (escaped; no script)."""
    langs = [lang] if lang else ["zh", "en"]
    sections = []
    for one in langs:
        body = "\n".join(html.escape(line) for line in _lines(form, one))
        sections.append(f'<section lang="{one}"><pre>{body}</pre></section>')
    title = html.escape(WORDS[langs[0]]["title"])
    return (
        '<!doctype html>\n<html><head><meta charset="utf-8">'
        f"<title>{title}</title></head>\n<body>\n" + "\n".join(sections) + "\n</body></html>\n"
    )
