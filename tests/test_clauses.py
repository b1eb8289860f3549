"""The clause registry (docs/clauses.yaml) against the bundled policies: nothing dropped.

Every clause of the three notices is quoted in the file of its layer with the scope the
registry gives; every disagreement G1–G11 is recorded as a reading; every computed clause is
cited by some parameter, rule or item (or is listed below with the reason it is not); and
background law lives in national.yaml or inner_mongolia.yaml with a declared source.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import uibenefit as ub
from uibenefit.law._layers import _clause_refs
from uibenefit.law._model import Clause
from uibenefit.law._resources import bundled_dir, bundled_names
from uibenefit.values import _yaml

REGISTRY = Path(__file__).resolve().parent.parent / "docs" / "clauses.yaml"
CJK = re.compile(r"[\u4e00-\u9fff]")

# Computed clauses no parameter, rule or item cites, each with the reason. Keep it short:
# when an item starts citing one, the test below asks for it to be removed from here.
NOT_CITED_BY_ITEMS = {
    "XA1": "the employer filing form: its columns are quoted in the clause; no answer lists them",
    "XE6": "the same seven offices as XC13, which the `offices` items cite",
    "UIR-20": "the 1999 wording of SIL-49 (death grant), which the `died` stop ground cites",
    "CC-201": "the first day of a period is not counted: applied in Python by the calendar's "
    "deadline counting for every 'N 日内' deadline",
    "CC-203": "a period ending on a holiday ends on the next working day: applied in Python by "
    "the calendar's deadline counting",
}


@cache
def registry() -> dict[str, Any]:
    data: dict[str, Any] = _yaml.load(REGISTRY, "docs/clauses.yaml").data
    return data


@cache
def layer_file(layer: str) -> dict[str, Any]:
    data: dict[str, Any] = _yaml.load(bundled_dir() / f"{layer}.yaml").data
    return data


def items(layer: str, section: str) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in layer_file(layer).get(section, [])}


CLAUSE_IDS = [c["id"] for c in registry()["clauses"]]
READING_IDS = [r["id"] for r in registry()["readings"]]


def test_registry_lists_every_clause_of_the_three_notices() -> None:
    """13 national, 8 regional, 7 league clauses, 2 + 6 + 13 in the attachments, G1–G11."""
    assert len(set(CLAUSE_IDS)) == len(CLAUSE_IDS)
    by_prefix: dict[str, list[str]] = {}
    for cid in CLAUSE_IDS:
        by_prefix.setdefault(re.sub(r"\d.*$", "", cid), []).append(cid)
    assert by_prefix["N"] == [
        *["N1", "N2a", "N2b", "N2c", "N3", "N4a", "N4b", "N4c"],
        *["N5", "N6", "N7", "N8", "N9"],
    ]
    assert by_prefix["IM"] == [f"IM{i}" for i in range(1, 9)]
    assert by_prefix["X"] == ["X1a", "X1b", "X2", "X3", "X4a", "X4b", "X5"]
    assert by_prefix["XA"] == ["XA1", "XA2"]
    assert by_prefix["XE"] == [f"XE{i}" for i in range(1, 7)]
    assert by_prefix["XC"] == [f"XC{i}" for i in range(1, 14)]
    assert set(by_prefix) == {"N", "IM", "X", "XA", "XE", "XC"}
    assert [r["id"] for r in registry()["readings"]] == [f"G{i}" for i in range(1, 12)]


def test_registry_entries_are_complete() -> None:
    """Each entry has a layer, a scope, a kind and a one-line summary, and nothing else."""
    for entry in registry()["clauses"]:
        assert set(entry) == {"id", "layer", "scope", "kind", "summary"}, entry["id"]
        assert entry["layer"] in bundled_names()
        assert entry["scope"] in ("computed", "administrative")
        assert entry["kind"] and entry["summary"].strip()
        assert "\n" not in entry["summary"]
    for entry in registry()["readings"]:
        assert set(entry) == {"id", "layer", "clauses", "summary"}, entry["id"]


@pytest.mark.parametrize("cid", CLAUSE_IDS)
def test_clause_is_quoted_in_its_layer(cid: str) -> None:
    """The clause is in its layer file's `clauses:`, quoted in Chinese, with the registry's scope."""
    entry = next(c for c in registry()["clauses"] if c["id"] == cid)
    clause = items(entry["layer"], "clauses").get(cid)
    assert clause is not None, f"{cid} is missing from policies/{entry['layer']}.yaml"
    assert CJK.search(clause["text"]), f"{cid}: the quoted text is not Chinese"
    assert clause["scope"] == entry["scope"]
    assert clause.get("source") is None, f"{cid} belongs to the layer's own document"
    assert clause.get("change", "add") == "add"  # quoted where it is issued, not overriding


def test_administrative_clauses() -> None:
    """N3, N9, IM8, X4b and X5 have nothing to compute and say so."""
    admin = {c["id"] for c in registry()["clauses"] if c["scope"] == "administrative"}
    assert admin >= {"N3", "N9", "IM8", "X4b", "X5"}
    for cid in admin:
        entry = next(c for c in registry()["clauses"] if c["id"] == cid)
        assert items(entry["layer"], "clauses")[cid]["scope"] == "administrative"


@pytest.mark.parametrize("gid", READING_IDS)
def test_reading_is_recorded_in_its_layer(gid: str) -> None:
    """Each disagreement G1–G11 is a reading of its layer that cites the clauses at issue."""
    entry = next(r for r in registry()["readings"] if r["id"] == gid)
    reading = items(entry["layer"], "readings").get(gid)
    assert reading is not None, f"{gid} is missing from policies/{entry['layer']}.yaml readings"
    assert set(entry["clauses"]) <= set(reading["clauses"]), gid
    assert reading["chosen"].strip()


def _cited_by_items() -> set[str]:
    """Clause ids cited by any parameter, value, rule, note, stop ground, paperwork item or repeal."""
    cited: set[str] = set()
    for name in bundled_names():  # an item a lower layer overrides still cites its clause
        resolved = ub.load_policy(name).resolved
        for section, entries in resolved.sections.items():
            if section in ("clauses", "readings"):
                continue
            for entry in entries.values():
                for e in (entry, *entry.restatements):
                    cited.update(ref for _, _, ref in _clause_refs(e))
        for repeal in resolved.repeals:
            cited.update(ref for _, ref in _clause_refs(repeal))
    return cited


def test_every_computed_clause_is_encoded() -> None:
    """Each computed clause (notices and background law) is cited by some item, or excused above."""
    clauses = ub.load_policy("xingan").resolved.sections["clauses"]
    computed = {
        cid
        for cid, e in clauses.items()
        if isinstance(e.item, Clause) and e.item.scope == "computed"
    }
    uncited = computed - _cited_by_items()
    assert not uncited - set(NOT_CITED_BY_ITEMS), (
        f"computed clauses no item cites: {sorted(uncited - set(NOT_CITED_BY_ITEMS))}"
    )
    stale = set(NOT_CITED_BY_ITEMS) - uncited
    assert not stale, f"now cited (or gone): remove {sorted(stale)} from NOT_CITED_BY_ITEMS"


def test_background_law_lives_in_the_upper_layers_with_a_source() -> None:
    """A clause not of the three notices is in national.yaml or inner_mongolia.yaml, with a source."""
    registered = set(CLAUSE_IDS)
    found = 0
    for layer in bundled_names():
        sources = {s["id"] for s in layer_file(layer).get("sources", [])}
        for cid, clause in items(layer, "clauses").items():
            if cid in registered:
                continue
            found += 1
            assert layer in ("national", "inner_mongolia"), f"{cid} is background law in {layer}"
            assert clause.get("source") in sources, f"{cid}: source {clause.get('source')!r}"
            assert clause["text"].strip() and clause["summary"].strip()
    assert found >= 20  # 社会保险法, 失业保险条例, 办法, 民法典, the standards …
    assert {"SIL-45", "SIL-46", "SIL-51", "UIR-14"} <= set(items("national", "clauses"))
