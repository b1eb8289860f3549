"""Prove two versions of the engine decide alike: dump decisions of generated claimants, compare.

    # from a checkout of the old commit (its src/ first on the path), then from this one:
    PYTHONPATH=/tmp/old/src .venv/bin/python bench/compare_decisions.py dump /tmp/before.jsonl
    .venv/bin/python bench/compare_decisions.py dump /tmp/after.jsonl
    .venv/bin/python bench/compare_decisions.py compare /tmp/before.jsonl /tmp/after.jsonl

Each line of a dump is one claimant of `bench/evaluate.py`'s generator (same seed, same
people): the decision's `to_dict()`, the lines of `explain("zh")` and `explain("en")`, or
the error's class and message. `compare` reports every field and line that differs, by case
and path, and exits 1 if any does, except differences `--allow` expects: a regular
expression matched against the path of a field (`case 3.decision.paperwork.claimant_documents
[id_or_card].citation.clause`: records with an id are named by it) and against both versions
of an explanation's line. A script, not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate import claimant

import uibenefit as ub


def dump(out: Path, policy_name: str, count: int, seed: int) -> None:
    """Write one JSON line per generated claimant."""
    policy = ub.load_policy(policy_name)
    rng = random.Random(seed)
    with out.open("w", encoding="utf-8") as fh:
        for i in range(count):
            person, events, as_of = claimant(rng)
            row: dict[str, Any] = {"case": i}
            try:
                decision = policy.evaluate(person, events, as_of=as_of)
                row["decision"] = decision.to_dict()
                row["explain_zh"] = decision.explain("zh").splitlines()
                row["explain_en"] = decision.explain("en").splitlines()
            except ub.UIBenefitError as exc:
                row["error"] = [type(exc).__name__, str(exc)]
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{count} decisions of {' -> '.join(policy.layers)} written to {out}")


def _differences(a: Any, b: Any, path: str, allow: list[re.Pattern[str]]) -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for key in sorted(a.keys() | b.keys()):
            if key not in a or key not in b:
                if not any(p.search(f"{path}.{key}") for p in allow):
                    out.append(f"{path}.{key}: only in {'after' if key in b else 'before'}")
            else:
                out += _differences(a[key], b[key], f"{path}.{key}", allow)
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            # a record with an id is named by it: `claimant_documents[id_or_card]`
            same_id = isinstance(x, dict) and isinstance(y, dict) and x.get("id") == y.get("id")
            key = x["id"] if same_id and isinstance(x.get("id"), str) else i
            out += _differences(x, y, f"{path}[{key}]", allow)
        return out
    if a == b:
        return []
    allowed = any(p.search(path) for p in allow)
    if isinstance(a, str) and isinstance(b, str) and ".explain_" in path:
        allowed = any(p.search(a) for p in allow) and any(p.search(b) for p in allow)
    return [] if allowed else [f"{path}: {a!r} != {b!r}"]


def compare(before: Path, after: Path, show: int, allow: list[re.Pattern[str]]) -> int:
    """Field-by-field comparison of two dumps; 0 when identical."""
    old = before.read_text(encoding="utf-8").splitlines()
    new = after.read_text(encoding="utf-8").splitlines()
    if len(old) != len(new):
        print(f"different case counts: {len(old)} before, {len(new)} after")
        return 1
    differing = 0
    fields = 0
    shown: list[str] = []
    for line_a, line_b in zip(old, new, strict=True):
        a, b = json.loads(line_a), json.loads(line_b)
        diffs = _differences(a, b, f"case {a['case']}", allow)
        if diffs:
            differing += 1
            fields += len(diffs)
            shown += diffs[: max(0, show - len(shown))]
    for d in shown:
        print(d)
    errors = sum(1 for line in old if "error" in json.loads(line))
    print(
        f"{len(old)} cases compared ({errors} of them input errors): {differing} differ "
        f"in {fields} field(s)"
    )
    return 1 if differing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="write the decisions of generated claimants")
    d.add_argument("out", type=Path)
    d.add_argument("--policy", default="xingan")
    d.add_argument("--count", type=int, default=10_000)
    d.add_argument("--seed", type=int, default=20200427)
    c = sub.add_parser("compare", help="compare two dumps field by field")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--show", type=int, default=20, help="differences to print")
    c.add_argument(
        "--allow",
        action="append",
        default=[],
        type=re.compile,
        help="a regular expression of field paths (and explanation lines) expected to differ",
    )
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.policy, args.count, args.seed)
        return 0
    return compare(args.before, args.after, args.show, args.allow)


if __name__ == "__main__":
    sys.exit(main())
