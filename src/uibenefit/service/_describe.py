"""GET /v1/policies/{name}: the resolved policy as `uibenefit show` prints it, as JSON.

Each item names the layer, file and line that set it and how (add, override, restate), the
layers that restate it, and for a parameter its dated values (or the one in force on `as_of`),
each with the clause that set it. File names are given without the server's folders.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path, PurePath
from typing import Any

from pydantic_core import to_jsonable_python

from ..policy import Policy


def _where(p: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "layer": p.layer,
        "file": PurePath(p.path).name,
        "line": p.line,
        "change": p.change,
    }
    if p.overrode is not None:
        out["overrode"] = _where(p.overrode)
    return out


def _entry(
    section: str, item_id: str, entry: Any, policy: Policy, as_of: dt.date | None
) -> dict[str, Any]:
    item = entry.item
    out: dict[str, Any] = {"id": item_id, "clause": getattr(item, "clause", None)}
    description = getattr(item, "description", None)
    if isinstance(description, str):
        out["description"] = description
    out["where"] = _where(entry.where)
    out["restated_by"] = [
        {**_where(r.where), "clause": getattr(r.item, "clause", None)} for r in entry.restatements
    ]
    if section == "parameters":
        table = policy.table(item_id)
        values = table.values
        if as_of is not None:
            found = table.dated(as_of)
            values = [found] if found is not None else []
        out["values"] = [
            {
                "from": v.start.isoformat(),
                "value": to_jsonable_python(v.value),
                "clause": v.raw.clause,
                "line": entry.doc.mark(v.at).line,
            }
            for v in values
        ]
    return out


def describe(name: str, policy: Policy, source: str, as_of: dt.date | None) -> dict[str, Any]:
    """The resolved policy with provenance."""
    r = policy.resolved
    layers = []
    for layer in r.layers:
        d = layer.document
        layers.append(
            {
                "name": layer.name,
                "file": PurePath(layer.path).name,
                "document": {
                    "number": d.number,
                    "title": d.title,
                    "issuer": d.issuer,
                    "issued": d.issued.isoformat(),
                },
            }
        )
    sections: dict[str, list[dict[str, Any]]] = {}
    repealed: dict[str, list[dict[str, Any]]] = {}
    for section, entries in r.sections.items():
        if entries:
            sections[section] = [_entry(section, i, e, policy, as_of) for i, e in entries.items()]
        gone = r.repealed.get(section, {})
        if gone:
            repealed[section] = [{"id": i, "by": _where(w)} for i, w in gone.items()]
    return {
        "name": name,
        "source": source,
        "layers": layers,
        "as_of": as_of.isoformat() if as_of is not None else None,
        "sections": sections,
        "repealed": repealed,
    }


def summary(name: str, policy: Policy, source: str, sha256: str = "") -> dict[str, Any]:
    """One line of GET /v1/policies."""
    return {
        "name": name,
        "source": source,
        "layers": list(policy.layers),
        "documents": [layer.document.number for layer in policy.resolved.layers],
        "sha256": sha256 or fingerprint(policy),
    }


def fingerprint(policy: Policy) -> str:
    """SHA-256 over the policy's layer files, in chain order: which version of a policy
    answered, without saying where the server keeps it."""
    digest = hashlib.sha256()
    for layer in policy.resolved.layers:
        try:
            digest.update(Path(layer.path).read_bytes())
        except OSError:
            digest.update(str(PurePath(layer.path).name).encode())
    return digest.hexdigest()
