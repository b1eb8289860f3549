"""Markdown reference pages generated from a resolved policy, one page per layer.

Nothing here restates the law: every word and number on a page comes from the YAML, so the
pages are only as right as the files, and a test regenerates them to catch stale copies.
Output is deterministic (file order, no clock, paths as the chain names them).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from ..law import _layers
from ..law._conditions import describe
from ..law._layers import Entry, Layer, Provenance, Resolved
from ..law._model import SECTION_MODELS, Clause, Due, Parameter, Reading, Repeal, Rule, Texts
from ..law._resources import bundled_names
from ..policy import Policy, load_policy

SECTION_TITLES = {
    "clauses": "Clauses",
    "parameters": "Parameters",
    "readings": "Readings",
    "conditions": "Shared conditions",
    "eligibility": "Eligibility rules",
    "notes": "Notes",
    "stop_grounds": "Stop grounds",
    "claimant_documents": "Claimant documents",
    "forbidden_requests": "Forbidden requests",
    "employer_obligations": "Employer obligations",
    "notices": "Notices",
    "offices": "Offices",
    "messages": "Messages",
}
ITEM_NOUNS = {
    "clauses": "Clause",
    "parameters": "Parameter",
    "readings": "Reading",
    "conditions": "Condition",
    "eligibility": "Rule",
    "notes": "Note",
    "stop_grounds": "Stop ground",
    "claimant_documents": "Document",
    "forbidden_requests": "Forbidden",
    "employer_obligations": "Obligation",
    "notices": "Notice",
    "offices": "Office",
    "messages": "Message",
}
PAGE_ORDER = (
    "readings",
    "clauses",
    *(s for s in SECTION_MODELS if s not in ("readings", "clauses")),
)
INLINE_LIMIT = 100
INDEX = "index.md"


# -- the model of a chain's pages ---------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One item as a layer file writes it: added, overriding, restating or repealing."""

    section: str
    id: str
    layer: str
    change: str
    where: Provenance
    entry: Entry | None  # None for a repeal
    repeal: Repeal | None = None


@dataclass(frozen=True)
class Chain:
    """The full resolved policy plus each layer's own items, in file order."""

    policy: Policy
    layers: tuple[Layer, ...]
    items: dict[str, tuple[Item, ...]]  # layer name -> its items

    @property
    def final(self) -> Resolved:
        """The fold of the whole chain."""
        return self.policy.resolved


def _layer_spec(layer: Layer) -> str:
    """The spec that loads the chain ending at `layer`: its bundled name, or its path."""
    if layer.name in bundled_names() and layer.path == f"policies/{layer.name}.yaml":
        return layer.name
    return layer.path


def _own_items(layer: Layer, prefix: Resolved) -> tuple[Item, ...]:
    """The items `layer`'s file writes, looked up in the fold of the chain ending at it."""
    out: list[Item] = []
    data = layer.doc.data if isinstance(layer.doc.data, dict) else {}
    for section in SECTION_MODELS:
        for raw in data.get(section) or []:
            item_id, change = raw["id"], raw.get("change", "add")
            if change == "repeal":
                gone = prefix.repealed[section][item_id]
                out.append(Item(section, item_id, layer.name, change, gone, None, Repeal(**raw)))
                continue
            entry = prefix.sections[section][item_id]
            if change == "restate":
                entry = next(r for r in entry.restatements if r.where.layer == layer.name)
            out.append(Item(section, item_id, layer.name, change, entry.where, entry))
    return tuple(out)


def build(spec: str | Path) -> Chain:
    """Load `spec` and each shorter chain inside it, to know what every layer wrote."""
    policy = load_policy(spec)
    layers = tuple(policy.resolved.layers)
    items: dict[str, tuple[Item, ...]] = {}
    for i, layer in enumerate(layers):
        prefix = policy.resolved if i == len(layers) - 1 else _layers.resolve(_layer_spec(layer))
        items[layer.name] = _own_items(layer, prefix)
    return Chain(policy, layers, items)


# -- small renderers ----------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """YAML for display: Decimals as written, unicode as is."""


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


_Dumper.add_representer(Decimal, _decimal)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(by_alias=True, exclude_none=True)
    return value


def _dump(value: Any, *, flow_style: bool | None, width: int) -> str:
    """YAML for display, keys in file order."""
    return yaml.dump(
        _plain(value),
        Dumper=_Dumper,
        default_flow_style=flow_style,
        allow_unicode=True,
        sort_keys=False,
        width=width,
    )


def flow(value: Any) -> str:
    """A value on one line, in YAML flow style: `{var: sex, eq: male}`."""
    text = _dump(value, flow_style=True, width=10**6)
    return text.strip().removesuffix("...").strip()


def block(value: Any) -> str:
    """A value as a YAML block, small collections kept on one line."""
    return _dump(value, flow_style=None, width=100).rstrip()


def _value_item(label: str, value: Any, tail: str = "") -> list[str]:
    """`- label: value` with the value as inline code when short, else a fenced YAML block
    under the list item."""
    one = flow(value)
    if len(one) <= INLINE_LIMIT:
        return [f"- {label}: `{one}`{tail}"]
    body = [f"  {x}" for x in block(value).splitlines()]
    return [f"- {label}{tail}:", "", "  ```yaml", *body, "  ```"]


def slug(text: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as dashes."""
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


def heading(section: str, item_id: str) -> str:
    """The heading text of an item, unique across sections of a page."""
    return f"{ITEM_NOUNS[section]} {item_id}"


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def windows(values: Iterable[Any]) -> list[str]:
    """`from 2019-12-01 until 2024-12-31` for each dated value, the last open-ended."""
    starts = [v.from_ for v in values]
    out = []
    for i, start in enumerate(starts):
        if i + 1 < len(starts):
            out.append(f"from {start} until {starts[i + 1] - dt.timedelta(days=1)}")
        else:
            out.append(f"from {start} on")
    return out


def _anchor(page: str, section: str, item_id: str, here: str) -> str:
    """A Markdown link to an item's heading on `page` (just the anchor when it is `here`)."""
    target = "" if page == here else page
    return f"[{item_id}]({target}#{slug(heading(section, item_id))})"


def _loc(p: Provenance) -> str:
    return f"`{Path(p.path).as_posix()}:{p.line}`"


class Pages:
    """Renders the pages of one chain."""

    def __init__(self, chain: Chain) -> None:
        self.chain = chain
        self.final = chain.final
        self.uses = self._uses()

    # -- links ----------------------------------------------------------------------------

    def link(self, section: str, item_id: str, here: str) -> str:
        """A link to an item where it is in force in the chain (plain id if it is not)."""
        entry = self.final.sections[section].get(item_id)
        if entry is None:
            return f"`{item_id}`"
        return _anchor(f"{entry.where.layer}.md", section, item_id, here)

    def item_link(self, item: Item, here: str) -> str:
        """A link to the item on the page of the layer that wrote it."""
        return _anchor(f"{item.layer}.md", item.section, item.id, here)

    # -- what each clause yields ----------------------------------------------------------

    def _uses(self) -> dict[str, list[tuple[Item, str]]]:
        """Clause id → the items (and dated values) of every layer that cite it, for Yields."""
        uses: dict[str, list[tuple[Item, str]]] = {}

        def add(clause: str | None, item: Item, what: str) -> None:
            if clause:
                uses.setdefault(clause, []).append((item, what))

        for items in self.chain.items.values():
            for item in items:
                if item.repeal is not None:
                    add(item.repeal.clause, item, "repeals it")
                    continue
                assert item.entry is not None
                model = item.entry.item
                if isinstance(model, Parameter):
                    spans = windows(model.values)
                    for dv, span in zip(model.values, spans, strict=True):
                        add(dv.clause or model.clause, item, f"{span}: `{_short(dv.value)}`")
                    continue
                if isinstance(model, Reading):
                    for c in model.clauses:
                        add(c, item, "")
                    continue
                add(getattr(model, "clause", None), item, "")
        return uses

    # -- status of an item in the whole chain ---------------------------------------------

    def status(self, item: Item) -> str:
        """In force, or which later layer overrides, restates or repeals it."""
        name = self.chain.policy.name
        current = self.final.sections[item.section].get(item.id)
        if current is None:
            gone = self.final.repealed[item.section].get(item.id)
            if item.repeal is not None:
                return f"repealed in the {name} chain"
            return f"repealed by {gone.layer} {_loc(gone)}" if gone else "not in force"
        if item.repeal is not None:
            return f"added again by {current.where.layer} {_loc(current.where)}"
        if item.change == "restate":
            return f"restates it; {current.where.layer} {_loc(current.where)} applies"
        if _same(current.where, item.where):
            later = [r for r in current.restatements if r.where.layer != item.layer]
            text = "in force"
            if later:
                text += "; restated by " + ", ".join(
                    f"{r.where.layer} {_loc(r.where)}" for r in later
                )
            return text
        p: Provenance | None = current.where
        while p is not None and p.overrode is not None and not _same(p.overrode, item.where):
            p = p.overrode
        by = p if p is not None else current.where
        return f"overridden by {by.layer} {_loc(by)}"

    def in_force(self, item: Item) -> bool:
        """Whether the item, as this layer wrote it, is what the whole chain applies."""
        current = self.final.sections[item.section].get(item.id)
        return (
            item.repeal is None
            and item.change != "restate"
            and current is not None
            and _same(current.where, item.where)
        )

    def change(self, item: Item) -> str:
        """What the item does to its parent layers."""
        if item.change == "add":
            return "added here"
        parent = item.where.overrode
        of = f" of {parent.layer} {_loc(parent)}" if parent is not None else ""
        return f"{item.change}{of}"

    # -- pages ----------------------------------------------------------------------------

    def header(self, title: str, source: str) -> list[str]:
        """A page's title and the do-not-edit note naming the command that generated it."""
        spec = self.chain.policy.name
        return [
            f"# {title}",
            "",
            f"<!-- Generated by `uibenefit docs {spec}` from {source}. Do not edit by hand: "
            "run `make docs`. -->",
            "",
        ]

    def layer_page(self, layer: Layer) -> str:
        """The reference page of one layer."""
        here = f"{layer.name}.md"
        d = layer.document
        names = [x.name for x in self.chain.layers]
        i = names.index(layer.name)
        out = self.header(f"{layer.name}: {d.number}", f"`{Path(layer.path).as_posix()}`")
        out += [f"**{d.title}**", "", "| | |", "|---|---|"]
        out.append(f"| Document | {cell(d.number)} |")
        out.append(f"| Issuer | {cell(d.issuer)} |")
        out.append(f"| Issued | {d.issued} |")
        if d.in_force:
            out.append(f"| In force | {d.in_force} |")
        if d.url:
            out.append(f"| URL | <{d.url}> |")
        out.append(f"| File | `{Path(layer.path).as_posix()}` |")
        parent = f"[{names[i - 1]}]({names[i - 1]}.md)" if i else "nothing (the root layer)"
        out.append(f"| Extends | {parent} |")
        out.append(f"| Chain | {' → '.join(names[: i + 1])} |")
        if i + 1 < len(names):
            later = ", ".join(f"[{n}]({n}.md)" for n in names[i + 1 :])
            out.append(f"| Extended by | {later} |")
        chain = " → ".join(names)
        out += [
            "",
            f'"In the chain" gives each item\'s status in the whole chain, {chain}. '
            f"[All layers and readings]({INDEX}).",
            "",
        ]
        items = self.chain.items[layer.name]
        by_section: dict[str, list[Item]] = {}
        for item in items:
            by_section.setdefault(item.section, []).append(item)
        present = [s for s in PAGE_ORDER if s in by_section]
        toc = []
        if layer.sources:
            toc.append("[Sources](#sources)")
        changes = [it for it in items if it.change != "add"]
        if changes:
            toc.append("[Changes to parent layers](#changes-to-parent-layers)")
        toc += [f"[{SECTION_TITLES[s]}](#{slug(SECTION_TITLES[s])})" for s in present]
        out += ["Contents: " + " · ".join(toc), ""]
        if layer.sources:
            out += self.sources(layer)
        if changes:
            out += self.changes(changes, here)
        for section in present:
            out += [f"## {SECTION_TITLES[section]}", ""]
            for item in by_section[section]:
                out += self.item(item, here)
        return "\n".join(out).rstrip() + "\n"

    def sources(self, layer: Layer) -> list[str]:
        """The background documents a layer cites."""
        out = [
            "## Sources",
            "",
            "| Id | Document | Issuer | Issued | In force | Certainty | Note |",
        ]
        out.append("|---|---|---|---|---|---|---|")
        for s in layer.sources:
            doc = s.number if not s.title or s.title == s.number else f"{s.number} {s.title}"
            out.append(
                f"| {s.id} | {cell(doc)} | {cell(s.issuer or '')} | {s.issued or ''} | "
                f"{s.in_force or ''} | {s.certainty} | {cell(s.note or '')} |"
            )
        return [*out, ""]

    def changes(self, changes: list[Item], here: str) -> list[str]:
        """This layer's overrides, restatements and repeals, and what they act on."""
        out = [
            "## Changes to parent layers",
            "",
            "| Section | Id | Change | Clause | In the chain |",
            "|---|---|---|---|---|",
        ]
        for it in changes:
            name, ref = self._change_cells(it, here)
            out.append(
                f"| {it.section} | {name} | {self.change(it)} | {ref} | {cell(self.status(it))} |"
            )
        return [*out, ""]

    def _change_cells(self, it: Item, here: str) -> tuple[str, str]:
        """A changed item's Id and Clause cells: a repeal has no page of its own to link."""
        clause = it.repeal.clause if it.repeal else getattr(_model(it), "clause", None)
        ref = self.link("clauses", clause, here) if clause else ""
        name = it.id if it.repeal else self.item_link(it, here)
        return name, ref

    def item(self, item: Item, here: str) -> list[str]:
        """One item: heading, change, status, then its fields."""
        out = [f"### {heading(item.section, item.id)}", ""]
        if item.repeal is not None:
            out.append(f"- Change: {self.change(item)}")
            out.append(f"- Clause: {self.link('clauses', item.repeal.clause, here)}")
            if item.repeal.reason:
                out.append(f"- Reason: {item.repeal.reason}")
            out.append(f"- In the chain: {self.status(item)}")
            return [*out, ""]
        model = _model(item)
        if isinstance(model, Clause):
            out += self.clause(model, here)
        if item.change != "add":
            out.append(f"- Change: {self.change(item)}")
        if item.change == "override" and item.entry is not None:
            own = ", ".join(f"`{k}`" for k in item.entry.own_keys() if k != "change")
            out.append(f"- Writes: {own or 'nothing but its id'}; every other key is inherited")
        out.append(f"- Where: {_loc(item.where)}")
        out.append(f"- In the chain: {self.status(item)}")
        if isinstance(model, Clause):
            out += self.yields(model.id, here)
        elif isinstance(model, Parameter):
            out += self.parameter(model, here)
        elif isinstance(model, Reading):
            out += self.reading(model, here)
        else:
            out += self.fields(model, here)
        if isinstance(model, Rule):
            out += self.exceptions(model.id, here)
        return [*out, ""]

    def exceptions(self, rule_id: str, here: str) -> list[str]:
        """Under a base rule, the exceptions to it in the chain, each with when it applies."""
        found = self.chain.policy.compiled.exceptions.get(rule_id, ())
        if not found:
            return []
        out = ["- Exceptions (each decides instead of this rule where its `when` holds):"]
        for e in found:
            assert e.when is not None
            out.append(f"  - {self.link('eligibility', e.id, here)}: {describe(e.when.source)}")
        return out

    def clause(self, c: Clause, here: str) -> list[str]:
        """A clause's Chinese words, summary and origin."""
        out = [f"> {line}" if line else ">" for line in c.text.strip().splitlines()]
        if not c.quoted:
            out += [
                "",
                "*Not a quotation: the rule restated in Chinese (大意); the original was not read.*",
            ]
        out += ["", c.summary.strip(), ""]
        doc = self._document(c)
        art = f", {c.article}" if c.article else ""
        out.append(f"- Source: {doc}{art}")
        kinds = f"; kind: {', '.join(c.kind)}" if c.kind else ""
        out.append(f"- Scope: {c.scope}{kinds}; certainty: {c.certainty}")
        return out

    def _document(self, c: Clause) -> str:
        if c.source is None:
            entry = self.final.sections["clauses"].get(c.id)
            layer = entry.where.layer if entry else None
            for lay in self.chain.layers:
                if lay.name == layer:
                    return lay.document.number
            return ""
        for lay in self.chain.layers:
            for s in lay.sources:
                if s.id == c.source:
                    return f"{s.number} (source {s.id}, {s.certainty})"
        return c.source

    def yields(self, clause_id: str, here: str) -> list[str]:
        """The items and dated values that cite a clause, with their layer and status."""
        uses = self.uses.get(clause_id, [])
        if not uses:
            return ["- Yields: nothing (no rule, parameter, reading or other item cites it)"]
        out = ["- Yields:"]
        for item, what in uses:
            noun = ITEM_NOUNS[item.section].lower()
            detail = f" {what}" if what else ""
            mark = "" if self.in_force(item) else f" ({self.status(item)})"
            out.append(f"  - {noun} {self.item_link(item, here)} ({item.layer}){detail}{mark}")
        return out

    def parameter(self, p: Parameter, here: str) -> list[str]:
        """A parameter: description, clause, reading, and each dated value with its window."""
        out = [f"- Clause: {self.link('clauses', p.clause, here)}"]
        if p.unit:
            out.append(f"- Unit: {p.unit}")
        if p.reading:
            out.append(f"- Reading: {self.link('readings', p.reading, here)}")
        if p.certainty:
            out.append(f"- Certainty: {p.certainty}")
        out += ["", " ".join(p.description.split()), "", "Values:", ""]
        for dv, span in zip(p.values, windows(p.values), strict=True):
            extra = []
            if dv.clause:
                extra.append(f"clause {self.link('clauses', dv.clause, here)}")
            if dv.certainty:
                extra.append(f"certainty {dv.certainty}")
            if dv.note:
                extra.append(f"note: {' '.join(dv.note.split())}")
            tail = f" ({'; '.join(extra)})" if extra else ""
            out += _value_item(span, dv.value, tail)
        return out

    def reading(self, r: Reading, here: str) -> list[str]:
        """A reading of an ambiguity: the question, the choice, the alternatives."""
        clauses = ", ".join(self.link("clauses", c, here) for c in r.clauses)
        out = [f"- Clauses: {clauses}"]
        if r.parameters:
            params = ", ".join(self.link("parameters", p, here) for p in r.parameters)
            out.append(f"- Parameters: {params}")
        out.append(f"- Conflict reported by `uibenefit check`: {'yes' if r.conflict else 'no'}")
        out += ["", f"**Question.** {' '.join(r.question.split())}", ""]
        out.append(f"**Chosen.** {' '.join(r.chosen.split())}")
        if r.alternatives:
            out += ["", "**Alternatives.**", ""]
            out += [f"- {' '.join(a.split())}" for a in r.alternatives]
        return out

    def fields(self, model: BaseModel, here: str) -> list[str]:
        """Any other item: its fields in file order, texts in both languages."""
        out: list[str] = []
        for name in type(model).model_fields:
            if name == "id":
                continue
            value = getattr(model, name)
            if value is None or value == [] or value == ():
                continue
            label = name.replace("_", " ").capitalize()
            if name == "clause":
                out.append(f"- Clause: {self.link('clauses', value, here)}")
            elif name == "exception":
                out.append(
                    f"- Exception to: {self.link('eligibility', value, here)}: where `when` "
                    "holds, this rule decides instead"
                )
            elif isinstance(value, Due):
                out.append(f"- {label}: {_due(value)}")
            elif isinstance(value, Texts):
                out.append(f"- {label}: {value.zh} / {value.en}")
            elif isinstance(value, str):
                out.append(f"- {label}: {' '.join(value.split())}")
            else:
                out += _value_item(label, value)
        return out

    def index_page(self) -> str:
        """The chain: its layers, every reading, every parameter in force and every change."""
        policy = self.chain.policy
        out = self.header(
            f"Policy reference: {policy.name}",
            ", ".join(f"`{Path(x.path).as_posix()}`" for x in self.chain.layers),
        )
        out += [f"Chain: {' → '.join(policy.layers)}", "", "## Layers", ""]
        out += [
            "| Layer | Document | Issuer | Issued | File | Items |",
            "|---|---|---|---|---|---|",
        ]
        for layer in self.chain.layers:
            d = layer.document
            n = len(self.chain.items[layer.name])
            out.append(
                f"| [{layer.name}]({layer.name}.md) | {cell(d.number)} | {cell(d.issuer)} | "
                f"{d.issued} | `{Path(layer.path).as_posix()}` | {n} |"
            )
        out += ["", "## Readings", ""]
        out.append(
            "Where the texts disagree or leave a gap (G1–G11): the reading chosen, the "
            "parameters that hold it and the layer that records it."
        )
        out += ["", "| Reading | Clauses | Chosen | Parameters | Layer |", "|---|---|---|---|---|"]
        readings = sorted(self.final.sections["readings"].items(), key=lambda kv: _natural(kv[0]))
        for rid, entry in readings:
            r = entry.item
            assert isinstance(r, Reading)
            clauses = ", ".join(self.link("clauses", c, INDEX) for c in r.clauses)
            params = ", ".join(self.link("parameters", p, INDEX) for p in r.parameters)
            conflict = " (conflict)" if r.conflict else ""
            out.append(
                f"| {self.link('readings', rid, INDEX)}{conflict} | {clauses} | "
                f"{cell(r.chosen)} | {params} | {entry.where.layer} |"
            )
        out += ["", "## Parameters in force", ""]
        out += ["| Parameter | Set by | Clause | Dated values |", "|---|---|---|---|"]
        for pid, table in self.final.parameters.items():
            p = table.entry.item
            assert isinstance(p, Parameter)
            spans = windows(p.values)
            vals = "<br>".join(
                f"{span}: `{cell(_short(dv.value))}`"
                for dv, span in zip(p.values, spans, strict=True)
            )
            out.append(
                f"| {self.link('parameters', pid, INDEX)} | {table.entry.where.layer} | "
                f"{self.link('clauses', p.clause, INDEX)} | {vals} |"
            )
        out += ["", "## Overrides, restatements and repeals", ""]
        out += ["| Layer | Section | Id | Change | Clause |", "|---|---|---|---|---|"]
        for layer in self.chain.layers:
            for it in self.chain.items[layer.name]:
                if it.change == "add":
                    continue
                name, ref = self._change_cells(it, INDEX)
                out.append(
                    f"| {layer.name} | {it.section} | {name} | {cell(self.change(it))} | {ref} |"
                )
        return "\n".join(out).rstrip() + "\n"


def _model(item: Item) -> BaseModel:
    assert item.entry is not None
    return item.entry.item


def _same(a: Provenance, b: Provenance) -> bool:
    return (a.layer, a.path, a.line) == (b.layer, b.path, b.line)


def _due(due: Due) -> str:
    if due.unit == "same_day":
        return f"the same day as the {due.after.replace('_', ' ')}"
    if due.unit in ("days", "working_days"):
        unit = due.unit.replace("_", " ")
        return f"{due.count} {unit} after the {due.after.replace('_', ' ')} (`{flow(due)}`)"
    return f"`{flow(due)}`"


def _short(value: Any) -> str:
    text = flow(value)
    return text if len(text) <= INLINE_LIMIT else text[: INLINE_LIMIT - 1] + "…"


def _natural(text: str) -> tuple[Any, ...]:
    """Sort key putting G2 before G10."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


# -- entry points -------------------------------------------------------------------------


def generate(spec: str | Path) -> dict[str, str]:
    """File name → Markdown: one page per layer of the chain, and `index.md`."""
    pages = Pages(build(spec))
    out = {f"{layer.name}.md": pages.layer_page(layer) for layer in pages.chain.layers}
    out[INDEX] = pages.index_page()
    return out


def write(spec: str | Path, out_dir: str | Path) -> list[Path]:
    """Write the pages into `out_dir` (created if missing); returns the paths written."""
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generate(spec).items():
        path = target / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale(spec: str | Path, out_dir: str | Path) -> list[str]:
    """Names of the pages in `out_dir` that are missing or differ from a fresh generation."""
    target = Path(out_dir)
    out = []
    for name, text in generate(spec).items():
        path = target / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(name)
    return out
