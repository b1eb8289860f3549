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

if TYPE_CHECKING:
    from .result import Audit

TITLE = "失业保险金发放核查报告 / Audit of benefit payments"


def write_all(audit: Audit, out: Path) -> list[Path]:
    """Every file of the contract into `out` (created)."""
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
    charts = _charts(summary, out)
    files[5].write_text(markdown(summary, [c.name for c in charts]), "utf-8")
    files[6].write_text(html_report(summary, charts), "utf-8")
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


def tables(summary: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    """The report's tables: (title, header, rows), shared by Markdown and HTML."""
    kinds = [k for k, v in summary["by_kind"].items() if v["findings"]]
    by_kind = [
        [k, str(v["findings"]), str(v["months"]), v["amount"]]
        for k, v in summary["by_kind"].items()
        if v["findings"]
    ]
    area_rows = [
        [area, *[vals.get(k, "0.00") for k in kinds]] for area, vals in summary["by_area"].items()
    ]
    month_kinds = sorted(
        {k for v in summary["by_month"].values() for k in v}, key=list(summary["by_kind"]).index
    )
    month_rows = [
        [m, *[vals.get(k, "0.00") for k in month_kinds]] for m, vals in summary["by_month"].items()
    ]
    ledger = summary["ledger"]
    ledger_rows = [[k, str(v)] for k, v in ledger["by_disposition"].items()]
    ledger_rows.append(["total", str(ledger["rows"])])
    return [
        (
            "Totals by finding kind / 按核查结果分类",
            ["kind", "findings", "months", "amount"],
            by_kind,
        ),
        ("Totals by area / 按地区", ["area", *kinds], area_rows),
        ("Totals by month / 按月份", ["month", *month_kinds], month_rows),
        ("Ledger rows / 台账行", ["disposition", "rows"], ledger_rows),
    ]


def _head(summary: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        ("policy", " -> ".join(summary["layers"])),
        ("as of / 审计日", summary["as_of"]),
        ("recipients / 领金人员", str(summary["recipients"])),
        ("findings / 核查发现", str(summary["findings"])),
        ("to recover / 应追回", summary["to_recover"]),
        ("to pay / 应补发", summary["to_pay"]),
    ]


def markdown(summary: dict[str, Any], charts: list[str]) -> str:
    """report.md."""
    lines = [f"# {TITLE}", ""]
    lines += [f"- {k}: {v}" for k, v in _head(summary)]
    fraud = summary.get("fraud_fine")
    if fraud:
        lines.append(
            f"- fine range if fraud ({fraud['clause']}, information only): "
            f"{fraud['low']} – {fraud['high']}"
        )
    for title, header, rows in tables(summary):
        lines += [
            "",
            f"## {title}",
            "",
            "| " + " | ".join(header) + " |",
            "|" + "---|" * len(header),
        ]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
    lines += ["", "## Charts", ""] + [f"![{c}]({c})" for c in charts]
    return "\n".join(lines) + "\n"


def html_report(summary: dict[str, Any], charts: list[Path]) -> str:
    """report.html, with the charts embedded as PNG data."""
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh"><head><meta charset="utf-8">',
        f"<title>{e(TITLE)}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:2px 8px;text-align:right}"
        "td:first-child,th:first-child{text-align:left}</style></head><body>",
        f"<h1>{e(TITLE)}</h1>",
        '<dl id="head">',
    ]
    parts += [f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in _head(summary)]
    parts.append("</dl>")
    ids = ("by-kind", "by-area", "by-month", "ledger")
    for key, (title, header, rows) in zip(ids, tables(summary), strict=True):
        parts.append(f"<h2>{e(title)}</h2>")
        parts.append(
            f'<table id="{key}"><thead><tr>'
            + "".join(f"<th>{e(h)}</th>" for h in header)
            + "</tr></thead><tbody>"
        )
        parts += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows]
        parts.append("</tbody></table>")
    for chart in charts:
        data = base64.b64encode(chart.read_bytes()).decode("ascii")
        parts.append(
            f'<h2>{e(chart.stem)}</h2><img alt="{e(chart.stem)}" '
            f'src="data:image/png;base64,{data}">'
        )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _charts(summary: dict[str, Any], out: Path) -> list[Path]:
    """amounts_by_kind.png and amounts_by_month.png (stacked by kind)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    written = []
    kinds = {
        k: float(v["amount"])
        for k, v in summary["by_kind"].items()
        if v["findings"] and not k.startswith("suspected")
    }
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.barh(list(kinds), list(kinds.values()), color="#4477aa")
    ax.set_xlabel("amount (yuan)")
    ax.set_title("Amounts by finding kind")
    fig.tight_layout()
    path = out / "amounts_by_kind.png"
    fig.savefig(path, dpi=80)
    plt.close(fig)
    written.append(path)
    months = list(summary["by_month"])
    fig, ax = plt.subplots(figsize=(10, 4))
    bottom_pos = [0.0] * len(months)
    bottom_neg = [0.0] * len(months)
    for kind in summary["by_kind"]:
        values = [float(summary["by_month"][m].get(kind, 0)) for m in months]
        if not any(values):
            continue
        base = [
            bp if v >= 0 else bn for v, bp, bn in zip(values, bottom_pos, bottom_neg, strict=True)
        ]
        ax.bar(range(len(months)), values, bottom=base, label=kind)
        for i, v in enumerate(values):
            if v >= 0:
                bottom_pos[i] += v
            else:
                bottom_neg[i] += v
    step = max(1, len(months) // 12)
    ax.set_xticks(range(0, len(months), step), months[::step], rotation=45, ha="right")
    ax.set_ylabel("amount (yuan)")
    ax.set_title("Amounts by finding and month (paid on, or due by)")
    if months:
        ax.legend(fontsize="small")
    fig.tight_layout()
    path = out / "amounts_by_month.png"
    fig.savefig(path, dpi=80)
    plt.close(fig)
    written.append(path)
    return written
