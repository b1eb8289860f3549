"""The audit's files: tables (Parquet, CSV), summary.json, report.md, report.html, charts.

The reports are built from `audit.summary` only, so their totals are the JSON's. Charts are
drawn by matplotlib's Agg backend (no display, nothing fetched) and embedded in the HTML as
PNG data, so report.html stands alone.
"""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from ..errors import InputError
from ..values._fonts import can_draw, han_font
from ..values._messages import label

if TYPE_CHECKING:
    from .result import Audit


def write_all(audit: Audit, out: Path, lang: str | None = None) -> list[Path]:
    """Every file of the contract into `out` (created); the reports and charts in `lang`
    (English unless zh), the tables and summary.json as the contract names them."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the output folder: {exc}", path=str(out)) from None
    files = [
        out / "findings.parquet",
        out / "findings.csv",
        out / "recipients.parquet",
        out / "ledger.parquet",
        out / "summary.json",
        out / "report.md",
        out / "report.html",
    ]
    pq.write_table(audit.findings, files[0])
    pcsv.write_csv(_flat(audit.findings), files[1])
    pq.write_table(audit.per_recipient(), files[2])
    pq.write_table(audit.ledger_rows(), files[3])
    summary = audit.summary
    files[4].write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", "utf-8")
    charts = _charts(summary, out, lang)
    files[5].write_text(markdown(summary, [c.name for c in charts], lang), "utf-8")
    files[6].write_text(html_report(summary, charts, lang), "utf-8")
    return files + charts


def _flat(table: Any) -> Any:
    """Lists as 'a;b;c' text: CSV has no lists."""
    import pyarrow as pa

    for i, field in enumerate(table.schema):
        if pa.types.is_list(field.type):
            col = table.column(i)
            text = [";".join(str(x) for x in v) if v is not None else None for v in col.to_pylist()]
            table = table.set_column(i, field.name, pa.array(text, pa.string()))
    return table


def kind_name(kind: str, lang: str | None) -> str:
    """A finding kind (or `matched`) as the report names it: its code in English, its
    Chinese name with the code (as in findings.csv) in Chinese."""
    if lang != "zh":
        return kind
    return f"{label(f'audit.kind.{kind}', lang)}（{kind}）"


def tables(
    summary: dict[str, Any], lang: str | None = None
) -> list[tuple[str, list[str], list[list[str]]]]:
    """The report's tables: (title, header, rows), shared by Markdown and HTML."""
    kinds = [k for k, v in summary["by_kind"].items() if v["findings"]]
    by_kind = [
        [kind_name(k, lang), str(v["findings"]), str(v["months"]), v["amount"]]
        for k, v in summary["by_kind"].items()
        if v["findings"]
    ]
    area_rows = [
        [
            label("unknown", lang) if area == "unknown" else area,
            *[vals.get(k, "0.00") for k in kinds],
        ]
        for area, vals in summary["by_area"].items()
    ]
    month_kinds = sorted(
        {k for v in summary["by_month"].values() for k in v}, key=list(summary["by_kind"]).index
    )
    month_rows = [
        [m, *[vals.get(k, "0.00") for k in month_kinds]] for m, vals in summary["by_month"].items()
    ]
    ledger = summary["ledger"]
    ledger_rows = [[kind_name(k, lang), str(v)] for k, v in ledger["by_disposition"].items()]
    ledger_rows.append([label("audit.total", lang), str(ledger["rows"])])

    def col(key: str) -> str:
        return label(f"audit.col.{key}", lang)

    named = [kind_name(k, lang) for k in kinds]
    return [
        (
            label("audit.by_kind", lang),
            [col("kind"), col("findings"), col("months"), col("amount")],
            by_kind,
        ),
        (label("audit.by_area", lang), [col("area"), *named], area_rows),
        (
            label("audit.by_month", lang),
            [col("month"), *[kind_name(k, lang) for k in month_kinds]],
            month_rows,
        ),
        (label("audit.ledger", lang), [col("disposition"), col("rows")], ledger_rows),
    ]


def _head(summary: dict[str, Any], lang: str | None) -> list[tuple[str, str]]:
    return [
        (label("audit.policy", lang), " -> ".join(summary["layers"])),
        (label("audit.as_of", lang), summary["as_of"]),
        (label("audit.recipients", lang), str(summary["recipients"])),
        (label("audit.findings", lang), str(summary["findings"])),
        (label("audit.to_recover", lang), summary["to_recover"]),
        (label("audit.to_pay", lang), summary["to_pay"]),
    ]


def _fraud(fraud: dict[str, Any], lang: str | None) -> str:
    """The fine range if the auditor finds fraud: information, not a finding."""
    return label("audit.fraud", lang, clause=fraud["clause"], low=fraud["low"], high=fraud["high"])


def markdown(summary: dict[str, Any], charts: list[str], lang: str | None = None) -> str:
    """report.md, in `lang`."""
    lines = [f"# {label('audit.title', lang)}", ""]
    lines += [f"- {k}: {v}" if lang != "zh" else f"- {k}：{v}" for k, v in _head(summary, lang)]
    fraud = summary.get("fraud_fine")
    if fraud:
        lines.append("- " + _fraud(fraud, lang))
    for title, header, rows in tables(summary, lang):
        lines += [
            "",
            f"## {title}",
            "",
            "| " + " | ".join(header) + " |",
            "|" + "---|" * len(header),
        ]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
    lines += ["", f"## {label('audit.charts', lang)}", ""]
    lines += [f"![{_caption(c, summary, lang)}]({c})" for c in charts]
    return "\n".join(lines) + "\n"


def html_report(summary: dict[str, Any], charts: list[Path], lang: str | None = None) -> str:
    """report.html in `lang`, with the charts embedded as PNG data."""
    e = html.escape
    title = label("audit.title", lang)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:2px 8px;text-align:right}"
        "td:first-child,th:first-child{text-align:left}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        '<dl id="head">',
    ]
    parts += [f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in _head(summary, lang)]
    fraud = summary.get("fraud_fine")
    if fraud:
        parts.append(f"<dd>{e(_fraud(fraud, lang))}</dd>")
    parts.append("</dl>")
    ids = ("by-kind", "by-area", "by-month", "ledger")
    for key, (name, header, rows) in zip(ids, tables(summary, lang), strict=True):
        parts.append(f"<h2>{e(name)}</h2>")
        parts.append(
            f'<table id="{key}"><thead><tr>'
            + "".join(f"<th>{e(h)}</th>" for h in header)
            + "</tr></thead><tbody>"
        )
        parts += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows]
        parts.append("</tbody></table>")
    for chart in charts:
        data = base64.b64encode(chart.read_bytes()).decode("ascii")
        caption = e(_caption(chart.name, summary, lang))
        parts.append(
            f'<figure><img alt="{caption}" src="data:image/png;base64,{data}">'
            f"<figcaption>{caption}</figcaption></figure>"
        )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


CHARTS = {
    "amounts_by_kind.png": ("audit.chart.by_kind", "audit.chart.amount", "audit.col.kind"),
    "amounts_by_month.png": ("audit.chart.by_month", "audit.chart.month", "audit.chart.amount"),
}
"""Each chart's title and axes (x, y) by file name: drawn, and said again in its caption."""


def _caption(name: str, summary: dict[str, Any], lang: str | None) -> str:
    """A chart's caption: its title; where the chart could not draw its words (Chinese
    without a Chinese font), its axes and legend too."""
    title, x, y = (label(k, lang) for k in CHARTS[name])
    if can_draw(lang):
        return title
    text = label("chart.caption", lang, title=title, x=x, y=y)
    drawn = month_kinds(summary) if name == "amounts_by_month.png" else kind_kinds(summary)
    if drawn:
        names = "，".join(kind_name(k, lang) for k in drawn)
        text += label("chart.legend", lang, names=names)
    return text


def _charts(summary: dict[str, Any], out: Path, lang: str | None = None) -> list[Path]:
    """amounts_by_kind.png and amounts_by_month.png (stacked by kind), their words in `lang`
    where they can be drawn (see `_caption`)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    words = can_draw(lang)
    font = han_font() if lang == "zh" and words else None
    style: Any = {"font.sans-serif": [font, "DejaVu Sans"]} if font else {}

    def name(kind: str) -> str:
        return label(f"audit.kind.{kind}", lang) if words else kind

    def say(ax: Any, chart: str) -> None:
        if words:
            title, x, y = (label(k, lang) for k in CHARTS[chart])
            ax.set_title(title)
            ax.set_xlabel(x)
            ax.set_ylabel(y)

    with plt.rc_context(style):
        written = [_by_kind(plt, summary, out, name, say), _by_month(plt, summary, out, name, say)]
    return written


def kind_kinds(summary: dict[str, Any]) -> list[str]:
    """The kinds drawn in the kinds chart: those found, but the suspected cases' checks."""
    by_kind = summary["by_kind"]
    return [k for k, v in by_kind.items() if v["findings"] and not k.startswith("suspected")]


def _by_kind(plt: Any, summary: dict[str, Any], out: Path, name: Any, say: Any) -> Path:
    kinds = {name(k): float(summary["by_kind"][k]["amount"]) for k in kind_kinds(summary)}
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.barh(list(kinds), list(kinds.values()), color="#4477aa")
    say(ax, "amounts_by_kind.png")
    fig.tight_layout()
    path = out / "amounts_by_kind.png"
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return path


def month_kinds(summary: dict[str, Any]) -> list[str]:
    """The kinds drawn in the month chart: those with money in some month."""
    months = summary["by_month"]
    return [k for k in summary["by_kind"] if any(float(months[m].get(k, 0)) for m in months)]


def _by_month(plt: Any, summary: dict[str, Any], out: Path, name: Any, say: Any) -> Path:
    months = list(summary["by_month"])
    fig, ax = plt.subplots(figsize=(10, 4))
    bottom_pos = [0.0] * len(months)
    bottom_neg = [0.0] * len(months)
    for kind in month_kinds(summary):
        values = [float(summary["by_month"][m].get(kind, 0)) for m in months]
        base = [
            bp if v >= 0 else bn for v, bp, bn in zip(values, bottom_pos, bottom_neg, strict=True)
        ]
        ax.bar(range(len(months)), values, bottom=base, label=name(kind))
        for i, v in enumerate(values):
            if v >= 0:
                bottom_pos[i] += v
            else:
                bottom_neg[i] += v
    step = max(1, len(months) // 12)
    ax.set_xticks(range(0, len(months), step), months[::step], rotation=45, ha="right")
    say(ax, "amounts_by_month.png")
    if months:
        ax.legend(fontsize="small")
    fig.tight_layout()
    path = out / "amounts_by_month.png"
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return path
