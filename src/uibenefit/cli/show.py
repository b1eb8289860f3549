"""`uibenefit show POLICY [--as-of DATE]`: the resolved policy, each item with its provenance."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from . import _args

if TYPE_CHECKING:
    from .._layers import Entry, Provenance
    from .._model import Reading
    from ..policy import Policy


def register(subs: Any) -> None:
    """Add the subcommand."""
    p = subs.add_parser("show", help="print the resolved policy with provenance")
    p.add_argument("policy", help="bundled name or path")
    p.add_argument("--as-of", type=_args.date, help="show only the values in force on this date")
    p.set_defaults(run=run)


def _where(p: Provenance) -> str:
    """`inner_mongolia policies/inner_mongolia.yaml:360 (override of national …:556)`."""
    text = f"{p.layer} {p.path}:{p.line}"
    if p.change != "add":
        text += f" ({p.change}"
        if p.overrode is not None:
            text += f" of {p.overrode.layer} {p.overrode.path}:{p.overrode.line}"
        text += ")"
    return text


def _value(value: Any) -> str:
    """A typed value (Decimal, date, model) as one line of JSON, Chinese kept readable."""
    from pydantic_core import to_jsonable_python

    return json.dumps(to_jsonable_python(value), ensure_ascii=False)


def render(policy: Policy, as_of: dt.date | None = None) -> str:
    """The text `show` prints."""
    r = policy.resolved
    out = [f"policy {policy.name}: {' -> '.join(policy.layers)}"]
    for layer in r.layers:
        d = layer.document
        out.append(
            f"  layer {layer.name}: {d.number} {d.title} ({d.issuer}, {d.issued}) [{layer.path}]"
        )
    for section, entries in r.sections.items():
        if not entries:
            continue
        out.append(f"\n{section}:")
        for item_id, entry in entries.items():
            out.extend(_entry(item_id, entry, policy, as_of))
        for item_id, gone in r.repealed[section].items():
            out.append(f"  {item_id}: repealed by {_where(gone)}")
    return "\n".join(out) + "\n"


def _entry(item_id: str, entry: Entry, policy: Policy, as_of: dt.date | None) -> list[str]:
    from .._model import Parameter, Reading

    """An item's lines: where it is set, who restates it and, for a parameter, its values."""
    item = entry.item
    clause = getattr(item, "clause", None)
    head = f"  {item_id}" + (f" [{clause}]" if clause else "") + f"  <- {_where(entry.where)}"
    lines = [head]
    for r in entry.restatements:
        w = r.where
        clause_of = getattr(r.item, "clause", "")
        lines.append(f"      restated by {w.layer} {w.path}:{w.line} [{clause_of}]")
    if isinstance(item, Parameter):
        table = policy.table(item_id)
        values = table.values
        if as_of is not None:
            found = table.dated(as_of)
            if found is None:
                lines.append(f"      no value in force on {as_of}")
            values = [found] if found is not None else []
        for v in values:
            cite = f" [{v.raw.clause}]" if v.raw.clause else ""
            line = entry.doc.mark(v.at).line
            lines.append(f"      from {v.start}: {_value(v.value)}{cite} (line {line})")
    if isinstance(item, Reading):
        lines.extend(_reading(item))
    return lines


def _reading(item: Reading) -> list[str]:
    """A reading's choice, its alternatives and the parameters that hold it."""
    lines = [f"      chosen: {' '.join(item.chosen.split())}"]
    lines += [f"      alternative: {' '.join(a.split())}" for a in item.alternatives]
    if item.parameters:
        lines.append(f"      parameters: {', '.join(item.parameters)}")
    return lines


def run(args: argparse.Namespace) -> int:
    """Print the resolved policy."""
    from ..policy import load_policy

    print(render(load_policy(args.policy), args.as_of), end="")
    return 0
