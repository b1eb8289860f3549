"""Cross-layer consistency: where layers contradict each other or themselves.

Each Problem names both clauses, files and lines. Conflicts are warnings by default (the
higher layer wins and the engine says so) and errors with `strict=True`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ._layers import Entry, typed_values
from .policy import Policy


@dataclass(frozen=True)
class Problem:
    """One contradiction or gap found by the check."""

    severity: str
    code: str
    message: str
    locations: tuple[str, ...]
    clauses: tuple[str, ...]

    def __str__(self) -> str:
        where = "; ".join(self.locations)
        return (
            f"{self.severity}: [{self.code}] {self.message} ({', '.join(self.clauses)}) at {where}"
        )


def _loc(entry: Entry, at: tuple[str | int, ...] | None = None) -> str:
    mark = entry.doc.mark(at if at is not None else entry.at)
    return f"{Path(entry.doc.path).as_posix()}:{mark.line}"


def restatements(policy: Policy) -> list[Problem]:
    """A lower layer restating a higher layer's value differently (e.g. IM2 vs the 2025 reform)."""
    problems: list[Problem] = []
    params = policy.resolved.parameters
    for pid, table in params.items():
        parent = table.entry
        for restated in parent.restatements:
            for dated in typed_values(restated):
                checkpoints = sorted(
                    {dated.start, *(v.start for v in table.values if v.start > dated.start)}
                )
                for day in checkpoints:
                    higher = table.at(day)
                    if higher != dated.value:
                        problems.append(
                            Problem(
                                "warning",
                                "restated-differently",
                                f"parameter '{pid}': {restated.where.layer} restates it from "
                                f"{dated.start}, but from {day} {parent.where.layer} says "
                                f"otherwise; the higher layer applies",
                                (_loc(restated, dated.at), _loc(parent)),
                                (
                                    getattr(restated.item, "clause", "?"),
                                    policy.param_citation(pid, day).clause,
                                ),
                            )
                        )
                        break
    return problems


def check_policy(policy: Policy, strict: bool = False) -> list[Problem]:
    """Every problem of a loaded policy; with `strict`, conflicts become errors."""
    problems = restatements(policy)
    if strict:
        problems = [Problem("error", p.code, p.message, p.locations, p.clauses) for p in problems]
    return problems
