"""The files of an impact: summary.json, per_person.parquet, report.md, report.html, PNGs.

The report is built once as a list of blocks (heading, text, table, code, image) and
rendered twice, to Markdown and to HTML, so the two always say the same; the HTML embeds the
PNGs as data URIs and loads nothing from the internet.
"""

from __future__ import annotations

import base64
import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow.parquet as pq

from . import charts

if TYPE_CHECKING:
    from .analysis import Impact

GROUP_TITLES = {
    "area": "By insured area",
    "sex": "By sex",
    "age_band": "By age at separation",
    "contribution_band": "By contribution time",
    "separation_year": "By year of separation",
}


@dataclass(frozen=True)
class Block:
    """One piece of the report: kind is heading, text, table, code or image."""

    kind: str
    content: Any
    level: int = 2


def write(result: Impact, out: Path) -> list[Path]:
    """Every file of the impact into `out` (created); returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "summary.json", out / "per_person.parquet"]
    written[0].write_text(
        json.dumps(result.summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    pq.write_table(result.per_person, written[1])
    images = _charts(result, out)
    blocks = build(result.summary, images)
    written.append(out / "report.md")
    written[-1].write_text(markdown(blocks), encoding="utf-8")
    written.append(out / "report.html")
    written[-1].write_text(to_html(blocks, out), encoding="utf-8")
    return [*written, *images.values()]


def _charts(result: Impact, out: Path) -> dict[str, Path]:
    summary = result.summary
    images: dict[str, Path] = {}
    if summary["reforms"]:
        images["Cost by insured area, baseline and each reform"] = charts.cost_by(
            summary, "area", out / "cost_by_area.png", "Cost by insured area"
        )
        changes = {
            name: np.asarray(
                result.per_person.column(f"{name}_change")
                .cast("float64")
                .to_numpy(zero_copy_only=False)
            )
            for name in summary["reforms"]
        }
        images["Distribution of the per-person change"] = charts.change_distribution(
            changes, out / "change_distribution.png"
        )
        images["Cost by year of separation"] = charts.cost_by(
            summary,
            "separation_year",
            out / "cost_by_separation_year.png",
            "Cost by year of separation",
        )
    for sweep in result.sweeps:
        name = sweep["parameter"].replace(".", "_")
        images[f"Sweep of {sweep['parameter']}"] = charts.sweep_curves(
            sweep, out / f"sweep_{name}.png"
        )
    return images


def _number(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return f"{value:,.2f}"
    return f"{value:,}"


def build(summary: dict[str, Any], images: dict[str, Path]) -> list[Block]:
    """The report's blocks, in order."""
    blocks = [Block("heading", "Impact of the reforms", 1), *_intro(summary), *_totals(summary)]
    for name, reform in summary["reforms"].items():
        blocks += _reform(name, reform)
    for sweep in summary.get("sweeps", []):
        blocks += _sweep(sweep)
    if images:
        blocks.append(Block("heading", "Charts"))
        blocks += [Block("image", (title, path.name)) for title, path in images.items()]
    blocks += _population(summary["population"])
    return blocks


def _intro(summary: dict[str, Any]) -> list[Block]:
    pop = summary["population"]
    people = f"{_number(pop['rows'])} rows"
    if pop["weighted"]:
        people += f", weighted to {_number(summary['baseline']['people'])} people"
    text = (
        f"Baseline: {' → '.join(summary['baseline']['layers'])}. Population: {people}"
        f" ({pop.get('source') or 'given in memory'}). Decisions as of "
        f"{summary['as_of'] or 'the date each claim is decided'}. Money in yuan: all that is "
        "due to a person, the monthly payments and any lump sum; a person is a beneficiary "
        "when eligible and due some money; benefit months are the months paid monthly."
    )
    blocks = [Block("text", text)]
    if pop.get("synthetic"):
        blocks.append(
            Block(
                "text",
                "SYNTHETIC POPULATION: these totals are of made-up people, not official "
                "figures. See 'Population' at the end for what is sized to a published figure "
                "and what is an assumption.",
            )
        )
    return blocks


TOTAL_HEADER = ["policy", "cost (yuan)", "beneficiaries", "benefit months", "eligible", "errors"]


def _totals(summary: dict[str, Any]) -> list[Block]:
    rows = []
    for name, t in [("baseline", summary["baseline"]), *summary["reforms"].items()]:
        rows.append(
            [
                name,
                t["cost"],
                *(_number(t[k]) for k in ("beneficiaries", "benefit_months", "eligible", "errors")),
            ]
        )
    return [Block("heading", "Totals"), Block("table", (TOTAL_HEADER, rows))]


def _reform(name: str, r: dict[str, Any]) -> list[Block]:
    compared = [
        ["cost (yuan)", r["baseline_cost"], r["cost"], r["cost_change"]],
        [
            "beneficiaries",
            *(
                _number(r[k])
                for k in ("baseline_beneficiaries", "beneficiaries", "beneficiaries_change")
            ),
        ],
        [
            "benefit months",
            *(
                _number(r[k])
                for k in ("baseline_benefit_months", "benefit_months", "benefit_months_change")
            ),
        ],
    ]
    who = [
        [label, _number(r[key])]
        for key, label in (
            ("better_off", "better off"),
            ("worse_off", "worse off"),
            ("unchanged", "unchanged"),
            ("newly_eligible", "newly eligible"),
            ("no_longer_eligible", "no longer eligible"),
            ("months_changed", "benefit months changed"),
        )
    ]
    blocks = [
        Block("heading", f"Reform: {name}"),
        Block("text", f"Layers: {' → '.join(r['layers'])}."),
        Block("table", (["figure", "baseline", name, "change"], compared)),
        Block("table", (["people", "count"], who)),
    ]
    for dimension, rows in r["by_group"].items():
        blocks.append(Block("heading", GROUP_TITLES.get(dimension, dimension), 3))
        blocks.append(Block("table", (GROUP_HEADER, [_group_row(g) for g in rows])))
    blocks += _largest(name, r)
    return blocks


GROUP_HEADER = [
    "group",
    "people",
    "baseline cost",
    "cost",
    "change",
    "beneficiaries",
    "better off",
    "worse off",
]
GROUP_KEYS = (
    "people",
    "baseline_cost",
    "cost",
    "cost_change",
    "beneficiaries",
    "better_off",
    "worse_off",
)


def _group_row(g: dict[str, Any]) -> list[str]:
    label = f"{g['group']} {g['name']}" if "name" in g else g["group"]
    return [label, *(_number(g[k]) for k in GROUP_KEYS)]


def _largest(name: str, r: dict[str, Any]) -> list[Block]:
    blocks = [Block("heading", "Largest changes", 3)]
    if not r["largest_changes"]:
        return [*blocks, Block("text", "No person's money changes under this reform.")]
    header = ["id", "change", "baseline months", "baseline due", f"{name} months", f"{name} due"]
    rows = [
        [
            str(c["id"]),
            c["change"],
            str(c["baseline"]["total_months"]),
            c["baseline"]["total_due"],
            str(c["reform"]["total_months"]),
            c["reform"]["total_due"],
        ]
        for c in r["largest_changes"]
    ]
    blocks.append(Block("table", (header, rows)))
    s = r.get("sample")
    if s:
        blocks.append(Block("heading", f"Why: person {s['id']} under both policies", 3))
        if "error" in s:
            blocks.append(Block("text", f"Not explained: {s['error']}"))
        else:
            blocks.append(Block("text", "Baseline:"))
            blocks.append(Block("code", s["baseline_explanation"]))
            blocks.append(Block("text", f"{name}:"))
            blocks.append(Block("code", s["reform_explanation"]))
    return blocks


def _sweep(sweep: dict[str, Any]) -> list[Block]:
    header = [sweep["parameter"], "cost (yuan)", "change (yuan)", "beneficiaries", "benefit months"]
    rows = [
        [
            str(p["value"]),
            p["cost"],
            p["cost_change"],
            _number(p["beneficiaries"]),
            _number(p["benefit_months"]),
        ]
        for p in sweep["points"]
    ]
    return [
        Block("heading", f"Sweep: {sweep['parameter']}"),
        Block("text", sweep["description"]),
        Block("table", (header, rows)),
    ]


def _population(pop: dict[str, Any]) -> list[Block]:
    blocks = [Block("heading", "Population: where the figures come from")]
    if not pop.get("synthetic"):
        return [*blocks, Block("text", pop.get("note", ""))]
    blocks.append(Block("text", pop.get("note", "A synthetic population.")))
    figures = pop.get("published_figures", [])
    if figures:
        blocks.append(Block("heading", "Sized or checked against published figures", 3))
        rows = [
            [f["figure"], str(f["value"]), str(f["year"]), f["source"], f["use"]] for f in figures
        ]
        blocks.append(Block("table", (["figure", "value", "year", "source", "used for"], rows)))
    assumptions = pop.get("assumptions", [])
    if assumptions:
        blocks.append(Block("heading", "Assumptions (no published figure)", 3))
        rows = [[a["name"], a["value"]] for a in assumptions]
        blocks.append(Block("table", (["distribution", "assumed"], rows)))
    return blocks


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(blocks: list[Block]) -> str:
    """The blocks as Markdown."""
    out: list[str] = []
    for b in blocks:
        if b.kind == "heading":
            out.append(f"{'#' * b.level} {b.content}")
        elif b.kind == "text":
            out.append(str(b.content))
        elif b.kind == "code":
            out.append(f"```text\n{b.content.rstrip()}\n```")
        elif b.kind == "image":
            out.append(f"![{b.content[0]}]({b.content[1]})")
        else:
            header, rows = b.content
            lines = ["| " + " | ".join(map(_cell, header)) + " |"]
            lines.append("|" + "|".join("---" for _ in header) + "|")
            lines += ["| " + " | ".join(map(_cell, row)) + " |" for row in rows]
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


STYLE = (
    "body{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em}"
    "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #bbb;padding:2px 8px}"
    "td{text-align:right}td:first-child{text-align:left}pre{background:#f4f4f4;padding:1em;"
    "overflow-x:auto}img{max-width:100%}"
)


def to_html(blocks: list[Block], folder: Path) -> str:
    """The blocks as one HTML page, the charts embedded (nothing loaded from elsewhere)."""
    e = html.escape
    body: list[str] = []
    for b in blocks:
        if b.kind == "heading":
            body.append(f"<h{b.level}>{e(str(b.content))}</h{b.level}>")
        elif b.kind == "text":
            body.append(f"<p>{e(str(b.content))}</p>")
        elif b.kind == "code":
            body.append(f"<pre>{e(str(b.content))}</pre>")
        elif b.kind == "image":
            data = base64.b64encode((folder / b.content[1]).read_bytes()).decode("ascii")
            body.append(
                f'<figure><img alt="{e(b.content[0])}" src="data:image/png;base64,{data}">'
                f"<figcaption>{e(b.content[0])}</figcaption></figure>"
            )
        else:
            header, rows = b.content
            head = "".join(f"<th>{e(h)}</th>" for h in header)
            cells = "".join(
                "<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{cells}</tbody></table>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Impact of the reforms</title><style>{STYLE}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
