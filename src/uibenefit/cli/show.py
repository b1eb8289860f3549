"""`uibenefit show POLICY [--as-of DATE]`: the resolved policy, each item with its provenance.

`--format json` prints `{"format_version": 1, "policy", "layers": [{"name", "path",
"document"}], "as_of", "sections": {section: [{"id", "clause", "set_by", "restated_by",
"values"}]}, "repealed": {section: [{"id", "by"}]}}`; `set_by` and `by` are
`{"layer", "path", "line", "change", "overrode"}`, a parameter's `values` are
`[{"from", "value", "clause", "line"}]` (only the one in force with --as-of).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from ..values._messages import label, section_name
from . import _args, _output
from ._commands import summary as command_summary

if TYPE_CHECKING:
    from ..law._layers import Entry, Layer, Provenance
    from ..law._model import Reading
    from ..policy import Policy

EXAMPLES = _output.examples(
    "uibenefit show xingan --as-of 2021-01-01",
    "uibenefit show examples/reforms/continuation_two_years.yaml --format json",
)


def register(subs: Any) -> None:
    """Add the subcommand."""
    p = subs.add_parser(
        "show",
        help=command_summary("show"),
        description="The resolved policy: every item with the layer, file and line that set "
        "it and what it overrode; every parameter with its dated values.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("policy", help="bundled name or path")
    p.add_argument("--as-of", type=_args.date, help="show only the values in force on this date")
    _output.add_format(p, "the layers, items, provenance and values")
    _output.add_lang(p)
    p.set_defaults(run=run)


def _where_dict(p: Provenance) -> dict[str, Any]:
    was = p.overrode
    return {
        "layer": p.layer,
        "path": p.path,
        "line": p.line,
        "change": p.change,
        "overrode": None
        if was is None
        else {"layer": was.layer, "path": was.path, "line": was.line},
    }


def as_data(policy: Policy, as_of: dt.date | None = None) -> dict[str, Any]:
    """What `show --format json` prints."""
    from pydantic_core import to_jsonable_python

    from ..law._model import Parameter

    r = policy.resolved
    layers = [
        {
            "name": layer.name,
            "path": layer.path,
            "document": {
                "number": layer.document.number,
                "title": layer.document.title,
                "issuer": layer.document.issuer,
                "issued": layer.document.issued,
            },
        }
        for layer in r.layers
    ]
    sections: dict[str, list[dict[str, Any]]] = {}
    for section, entries in r.sections.items():
        items = []
        for item_id, entry in entries.items():
            item: dict[str, Any] = {
                "id": item_id,
                "clause": getattr(entry.item, "clause", None),
                "set_by": _where_dict(entry.where),
                "restated_by": [_where_dict(x.where) for x in entry.restatements],
            }
            if isinstance(entry.item, Parameter):
                table = policy.table(item_id)
                values = table.values
                if as_of is not None:
                    found = table.dated(as_of)
                    values = [found] if found is not None else []
                item["values"] = [
                    {
                        "from": v.start,
                        "value": to_jsonable_python(v.value),
                        "clause": v.raw.clause,
                        "line": entry.doc.mark(v.at).line,
                    }
                    for v in values
                ]
            items.append(item)
        sections[section] = items
    repealed = {
        section: [{"id": i, "by": _where_dict(gone)} for i, gone in r.repealed[section].items()]
        for section in r.sections
    }
    return _output.envelope(
        policy=policy.name, layers=layers, as_of=as_of, sections=sections, repealed=repealed
    )


def _where(p: Provenance, lang: str | None = "en") -> str:
    """`inner_mongolia policies/inner_mongolia.yaml:360 (override of national …:556)`."""
    text = f"{p.layer} {p.path}:{p.line}"
    if p.change != "add":
        text += " (" if lang != "zh" else "（"
        text += label(f"show.change.{p.change}", lang)
        if p.overrode is not None:
            was = f"{p.overrode.layer} {p.overrode.path}:{p.overrode.line}"
            text += label("show.of", lang, where=was)
        text += ")" if lang != "zh" else "）"
    return text


def _value(value: Any) -> str:
    """A typed value (Decimal, date, model) as one line of JSON, Chinese kept readable."""
    from pydantic_core import to_jsonable_python

    return json.dumps(to_jsonable_python(value), ensure_ascii=False)


def _document(layer: Layer, lang: str | None) -> str:
    """The layer's document: its number, title and issuer; in English its English name."""
    d = layer.document
    english = layer.names_en.get("document")
    if lang == "en" and english:
        return english
    return (
        f"{d.number} {d.title}（{d.issuer}）"
        if lang == "zh"
        else f"{d.number} {d.title} ({d.issuer})"
    )


def render(policy: Policy, as_of: dt.date | None = None, lang: str | None = "en") -> str:
    """The text `show` prints, its labels in `lang` (en when None)."""
    r = policy.resolved
    out = [label("show.policy", lang, name=policy.name, chain=" -> ".join(policy.layers))]
    for layer in r.layers:
        out.append(
            label(
                "show.layer",
                lang,
                name=layer.name,
                document=_document(layer, lang),
                issued=layer.document.issued,
                path=layer.path,
            )
        )
    for section, entries in r.sections.items():
        if not entries:
            continue
        out.append(label("show.section", lang, section=section_name(section, lang)))
        for item_id, entry in entries.items():
            out.extend(_entry(item_id, entry, policy, as_of, lang))
        for item_id, gone in r.repealed[section].items():
            out.append(label("show.repealed", lang, id=item_id, where=_where(gone, lang)))
    return "\n".join(out) + "\n"


def _entry(
    item_id: str, entry: Entry, policy: Policy, as_of: dt.date | None, lang: str | None
) -> list[str]:
    """An item's lines: where it is set, who restates it and, for a parameter, its values."""
    from ..law._model import Parameter, Reading

    item = entry.item
    clause = getattr(item, "clause", None)
    head = f"  {item_id}" + (f" [{clause}]" if clause else "") + f"  <- {_where(entry.where, lang)}"
    lines = [head]
    for r in entry.restatements:
        w = r.where
        where = f"{w.layer} {w.path}:{w.line}"
        lines.append(
            label("show.restated", lang, where=where, clause=getattr(r.item, "clause", ""))
        )
    if isinstance(item, Parameter):
        lines.extend(_values(item_id, entry, policy, as_of, lang))
    if isinstance(item, Reading):
        lines.extend(_reading(item, lang))
    return lines


def _values(
    item_id: str, entry: Entry, policy: Policy, as_of: dt.date | None, lang: str | None
) -> list[str]:
    """A parameter's dated values (only the one in force on `as_of`, when given)."""
    lines = []
    table = policy.table(item_id)
    values = table.values
    if as_of is not None:
        found = table.dated(as_of)
        if found is None:
            lines.append(label("show.no_value", lang, on=as_of))
        values = [found] if found is not None else []
    for v in values:
        cite = f" [{v.raw.clause}]" if v.raw.clause else ""
        line = (v.doc or entry.doc).mark(v.at).line
        text = _value(v.value)
        lines.append(label("show.value", lang, start=v.start, value=text, cite=cite, line=line))
    return lines


def _reading(item: Reading, lang: str | None) -> list[str]:
    """A reading's choice, its alternatives and the parameters that hold it (in Chinese, the
    choice's Chinese text; the alternatives are written in English only, so counted)."""
    if lang == "zh" and item.chosen_zh:
        lines = [label("show.chosen", lang, text=" ".join(item.chosen_zh.split()))]
        if item.alternatives:
            lines.append(label("show.alternatives", lang, count=len(item.alternatives)))
    else:
        lines = [label("show.chosen", lang, text=" ".join(item.chosen.split()))]
        lines += [
            label("show.alternative", lang, text=" ".join(a.split())) for a in item.alternatives
        ]
    if item.parameters:
        lines.append(label("show.parameters", lang, ids=", ".join(item.parameters)))
    return lines


def run(args: argparse.Namespace) -> int:
    """Print the resolved policy."""
    from ..policy import load_policy

    policy = load_policy(args.policy)
    if args.format == "json":
        _output.print_json(as_data(policy, args.as_of))
    else:
        print(render(policy, args.as_of, args.lang), end="")
    return 0
