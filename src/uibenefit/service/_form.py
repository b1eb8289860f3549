"""GET /v1/policies/{name}/form: the choices of the caseworker's form, from the served policy.

The page draws its lists from here, never from its own copy: the separation reasons with
their Chinese names (`separation_reason_names`), the areas the policy names (`area_names`),
the event kinds of its stop grounds with their texts in both languages, and the codes of
the Claimant's closed fields. A code without a Chinese name in the policy is shown as the
code, so a policy that adds a reason or an area shows it at once.
"""

from __future__ import annotations

from typing import Any

from ..policy import Policy
from ..values.claimant import INSURED_AS, POSITIONS, SEPARATION_REASONS, SEXES


def _first(names: dict[str, tuple[str, ...]], code: str) -> str | None:
    listed = names.get(code)
    return listed[0] if listed else None


def form(policy: Policy) -> dict[str, Any]:
    """`{reasons, areas, event_kinds, sexes, positions, insured_as}`: code, zh, en each;
    `english`: the policy's English names of its documents and paperwork, by Chinese name."""
    names = policy.input_names()
    reason_names = names.get("separation_reason", {})
    area_names = names.get("insured_area", {})
    sex_names = names.get("sex", {})
    return {
        "policy": policy.name,
        "reasons": [
            {"code": c, "zh": _first(reason_names, c) or c, "en": c.replace("_", " ")}
            for c in SEPARATION_REASONS
        ],
        "areas": [
            {"code": code, "zh": listed[0], "names": list(listed)}
            for code, listed in sorted(area_names.items())
        ],
        "event_kinds": [
            {"code": kind, "zh": ground.text.zh, "en": ground.text.en}
            for kind, ground in policy.stop_grounds.items()
        ],
        "sexes": [{"code": c, "zh": _first(sex_names, c) or c, "en": c} for c in SEXES],
        "positions": [{"code": c} for c in POSITIONS],
        "insured_as": [{"code": c} for c in INSURED_AS],
        # the English names of documents, paperwork items and offices, by Chinese name
        "english": dict(policy.compiled.english),
    }
