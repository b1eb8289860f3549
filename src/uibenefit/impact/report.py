"""The files of an impact: summary.json, per_person.parquet, report.md, report.html, PNGs.

The report is built once as a list of blocks (heading, text, table, code, image) and
rendered twice, to Markdown and to HTML, so the two always say the same; the HTML embeds the
PNGs as data URIs and loads nothing from the internet.
"""

from __future__ import annotations

import base64
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow.parquet as pq

from ..values._messages import group_name, label, zh
from . import charts

if TYPE_CHECKING:
    from .analysis import Impact


@dataclass(frozen=True)
class Block:
    """One piece of the report: kind is heading, text, table, code or image."""

    kind: str
    content: Any
    level: int = 2


def write(result: Impact, out: Path, lang: str | None = None) -> list[Path]:
    """Every file of the impact into `out` (created); returns the paths written. The report
    and the charts are in `lang` (English unless zh); summary.json and the table as the
    contract names them."""
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "summary.json", out / "per_person.parquet"]
    written[0].write_text(
        json.dumps(result.summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    pq.write_table(result.per_person, written[1])
    images = _charts(result, out, lang)
    blocks = build(result.summary, images, lang)
    written.append(out / "report.md")
    written[-1].write_text(markdown(blocks), encoding="utf-8")
    written.append(out / "report.html")
    written[-1].write_text(to_html(blocks, out, lang), encoding="utf-8")
    return [*written, *images.values()]


def _charts(result: Impact, out: Path, lang: str | None) -> dict[str, Path]:
    """Each chart by its caption (title; axes and legend too where its words cannot be drawn)."""
    summary = result.summary
    baseline = summary["baseline"]["layers"][-1]
    reforms = list(summary["reforms"])
    images: dict[str, Path] = {}
    if summary["reforms"]:
        area = charts.Words.of(lang, "cost_by_area", "area", "cost", baseline)
        images[area.caption(reforms)] = charts.cost_by(
            summary, "area", out / "cost_by_area.png", area
        )
        changes = {
            name: np.asarray(
                result.per_person.column(f"{name}_change")
                .cast("float64")
                .to_numpy(zero_copy_only=False)
            )
            for name in summary["reforms"]
        }
        change = charts.Words.of(lang, "change", "change", "rows", baseline)
        images[change.caption(reforms, baseline=False)] = charts.change_distribution(
            changes, out / "change_distribution.png", change
        )
        year = charts.Words.of(lang, "cost_by_year", "year", "cost", baseline)
        images[year.caption(reforms)] = charts.cost_by(
            summary, "separation_year", out / "cost_by_separation_year.png", year
        )
    for sweep in result.sweeps:
        name = sweep["parameter"].replace(".", "_")
        words = charts.Words.of(lang, "sweep", "", "cost", baseline, parameter=sweep["parameter"])
        images[words.caption([])] = charts.sweep_curves(sweep, out / f"sweep_{name}.png", words)
    return images


def _number(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return f"{value:,.2f}"
    return f"{value:,}"


def build(summary: dict[str, Any], images: dict[str, Path], lang: str | None = None) -> list[Block]:
    """The report's blocks, in order, in `lang`."""
    blocks = [
        Block("heading", label("impact.title", lang), 1),
        *_intro(summary, lang),
        *_totals(summary, lang),
    ]
    for name, reform in summary["reforms"].items():
        blocks += _reform(name, reform, lang)
    for sweep in summary.get("sweeps", []):
        blocks += _sweep(sweep, lang)
    if images:
        blocks.append(Block("heading", label("impact.charts", lang)))
        blocks += [Block("image", (title, path.name)) for title, path in images.items()]
    blocks += _population(summary["population"], lang)
    return blocks


def _intro(summary: dict[str, Any], lang: str | None) -> list[Block]:
    pop = summary["population"]
    people = label("impact.rows", lang, rows=_number(pop["rows"]))
    if pop["weighted"]:
        people += label("impact.weighted", lang, people=_number(summary["baseline"]["people"]))
    text = label(
        "impact.intro",
        lang,
        layers=" → ".join(summary["baseline"]["layers"]),
        people=people,
        source=pop.get("source") or label("impact.in_memory", lang),
        as_of=summary["as_of"] or label("impact.each_claim", lang),
    )
    blocks = [Block("text", text)]
    if pop.get("synthetic"):
        blocks.append(Block("text", label("impact.synthetic", lang)))
    return blocks


TOTAL_COLUMNS = ("policy", "cost", "beneficiaries", "benefit_months", "eligible", "errors")
TOTAL_HEADER = [label(f"impact.col.{c}") for c in TOTAL_COLUMNS]


def _totals(summary: dict[str, Any], lang: str | None) -> list[Block]:
    rows = []
    for name, t in [("baseline", summary["baseline"]), *summary["reforms"].items()]:
        rows.append(
            [
                label("impact.baseline", lang) if name == "baseline" else name,
                t["cost"],
                *(_number(t[k]) for k in ("beneficiaries", "benefit_months", "eligible", "errors")),
            ]
        )
    header = [label(f"impact.col.{c}", lang) for c in TOTAL_COLUMNS]
    return [Block("heading", label("impact.totals", lang)), Block("table", (header, rows))]


WHO = (
    "better_off",
    "worse_off",
    "unchanged",
    "newly_eligible",
    "no_longer_eligible",
    "months_changed",
)


def _reform(name: str, r: dict[str, Any], lang: str | None) -> list[Block]:
    compared = [
        [label("impact.col.cost", lang), r["baseline_cost"], r["cost"], r["cost_change"]],
        [
            label("impact.col.beneficiaries", lang),
            *(
                _number(r[k])
                for k in ("baseline_beneficiaries", "beneficiaries", "beneficiaries_change")
            ),
        ],
        [
            label("impact.col.benefit_months", lang),
            *(
                _number(r[k])
                for k in ("baseline_benefit_months", "benefit_months", "benefit_months_change")
            ),
        ],
    ]
    who = [[label(f"impact.{key}", lang), _number(r[key])] for key in WHO]
    col = {k: label(f"impact.col.{k}", lang) for k in ("figure", "change", "people", "count")}
    blocks = [
        Block("heading", label("impact.reform", lang, name=name)),
        Block("text", label("impact.layers", lang, layers=" → ".join(r["layers"]))),
        Block(
            "table",
            ([col["figure"], label("impact.baseline", lang), name, col["change"]], compared),
        ),
        Block("table", ([col["people"], col["count"]], who)),
    ]
    header = group_header(lang)
    for dimension, rows in r["by_group"].items():
        title = label(f"impact.group.{dimension}", lang) if dimension in DIMENSIONS else dimension
        blocks.append(Block("heading", title, 3))
        blocks.append(Block("table", (header, [_group_row(g, lang) for g in rows])))
    blocks += _largest(name, r, lang)
    return blocks


DIMENSIONS = ("area", "sex", "age_band", "contribution_band", "separation_year")
GROUP_COLUMNS = (
    "group",
    "group_people",
    "baseline_cost",
    "group_cost",
    "change",
    "beneficiaries",
    "better_off",
    "worse_off",
)


def group_header(lang: str | None = None) -> list[str]:
    """The columns of a group table in `lang`."""
    return [
        label(f"impact.{c}" if c.endswith("_off") else f"impact.col.{c}", lang)
        for c in GROUP_COLUMNS
    ]


GROUP_HEADER = group_header()
GROUP_KEYS = (
    "people",
    "baseline_cost",
    "cost",
    "cost_change",
    "beneficiaries",
    "better_off",
    "worse_off",
)


def _group_row(g: dict[str, Any], lang: str | None) -> list[str]:
    """A group's row; a group's Chinese name (an area's) quoted in English."""
    group = group_name(str(g["group"]), lang)
    if "name" in g:
        group += f" {g['name']}" if lang == "zh" else f" “{g['name']}”"
    return [group, *(_number(g[k]) for k in GROUP_KEYS)]


def _largest(name: str, r: dict[str, Any], lang: str | None) -> list[Block]:
    blocks = [Block("heading", label("impact.largest", lang), 3)]
    if not r["largest_changes"]:
        return [*blocks, Block("text", label("impact.no_change", lang))]
    header = [
        "id",
        label("impact.col.change", lang),
        label("impact.col.baseline_months", lang),
        label("impact.col.baseline_due", lang),
        label("impact.col.reform_months", lang, name=name),
        label("impact.col.reform_due", lang, name=name),
    ]
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
        blocks.append(Block("heading", label("impact.why", lang, id=s["id"]), 3))
        if "error" in s:
            error = zh(s["error"]) if lang == "zh" else s["error"]
            blocks.append(Block("text", label("impact.not_explained", lang, error=error)))
        else:
            blocks.append(
                Block("text", label("impact.under", lang, name=label("impact.baseline", lang)))
            )
            blocks.append(Block("code", s["baseline_explanation"]))
            blocks.append(Block("text", label("impact.under", lang, name=name)))
            blocks.append(Block("code", s["reform_explanation"]))
    return blocks


def _sweep(sweep: dict[str, Any], lang: str | None) -> list[Block]:
    parameter = sweep["parameter"]
    header = [
        parameter,
        *(label(f"impact.col.{c}", lang) for c in ("cost", "change_yuan")),
        *(label(f"impact.col.{c}", lang) for c in ("beneficiaries", "benefit_months")),
    ]
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
    text = sweep["description"]
    if lang == "zh":
        key = parameter.partition(".")[0]
        text = label("impact.sweep_text", lang, item=key, parameter=parameter)
    return [
        Block("heading", label("impact.sweep", lang, parameter=parameter)),
        Block("text", text),
        Block("table", (header, rows)),
    ]


def _population(pop: dict[str, Any], lang: str | None) -> list[Block]:
    """Where the population comes from. A synthetic population's metadata is English prose
    written by its generator: under zh the report gives a Chinese account and the counts,
    and points to summary.json (or the English report) for the prose."""
    blocks = [Block("heading", label("impact.population", lang))]
    if not pop.get("synthetic"):
        note = label("impact.population.user", lang) if lang == "zh" else pop.get("note", "")
        return [*blocks, Block("text", note)]
    figures = pop.get("published_figures", [])
    assumptions = pop.get("assumptions", [])
    if lang == "zh":
        text = label("impact.population.synthetic", lang, **_n_seed(pop))
        text += label(
            "impact.population.more", lang, figures=len(figures), assumed=len(assumptions)
        )
        return [*blocks, Block("text", text)]
    note = pop.get("note") or label("impact.population.synthetic", lang, **_n_seed(pop))
    blocks.append(Block("text", _q(note)))
    if figures:
        blocks.append(Block("heading", label("impact.published", lang), 3))
        rows = [
            [_q(f["figure"]), str(f["value"]), str(f["year"]), _q(f["source"]), _q(f["use"])]
            for f in figures
        ]
        cols = ("pub_figure", "value", "year", "source", "use")
        blocks.append(Block("table", ([label(f"impact.col.{c}", lang) for c in cols], rows)))
    if assumptions:
        blocks.append(Block("heading", label("impact.assumptions", lang), 3))
        rows = [[_q(a["name"]), _q(a["value"])] for a in assumptions]
        named = ("distribution", "assumed")
        blocks.append(Block("table", ([label(f"impact.col.{c}", lang) for c in named], rows)))
    return blocks


def _n_seed(pop: dict[str, Any]) -> dict[str, Any]:
    return {"n": _number(pop.get("n", pop.get("rows", 0))), "seed": pop.get("seed", "")}


_HAN_RUN = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff\u3000-\u303f\uff08\uff09]*")


def _q(text: Any) -> str:
    """The generator's prose in the English report: Chinese names in it quoted as they are."""
    return _HAN_RUN.sub(lambda m: f"“{m.group()}”", str(text))


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


def to_html(blocks: list[Block], folder: Path, lang: str | None = None) -> str:
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
        f'<!DOCTYPE html>\n<html lang="{"zh" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8"><title>{e(label("impact.title", lang))}</title>'
        f"<style>{STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
