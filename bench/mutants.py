"""A YAML mutation campaign: do the loader, the scenarios and the tests notice an analyst's slip?

    .venv/bin/python bench/mutants.py                  # every mutant (slow: tens of minutes)
    .venv/bin/python bench/mutants.py --sample 60      # a random sample, same seed each time
    .venv/bin/python bench/mutants.py --no-pytest      # loader and scenarios only (fast)
    .venv/bin/python bench/mutants.py --law-only       # pytest: the law tests only (busy machine)

Each mutant is one plausible mistake in one bundled layer (policies/*.yaml), made in the text
so everything else stays as written:

- number: a whole number off by one (24 -> 23 and 25), a decimal off in its last place
  (0.80 -> 0.79 and 0.81);
- date: a date a month late (2019-12-01 -> 2020-01-01);
- operator: a comparison flipped (ge <-> gt, le <-> lt, eq <-> ne, in <-> not_in);
- drop: one member of a list of values dropped (a tier, a band, a reason);
- reading: a reading switched to another the schema allows (league_seat -> insured_area,
  application_date -> month_start, true -> false …).

A mutant is killed by the first of: the loader (the mutated chain does not load), the scenario
library (a case of scenarios/ fails), pytest (the test suite, run on a copy of the repository
whose docs/policies/ were regenerated from the mutant first, so the docs-staleness test cannot
be what kills it; the law tests, tests/test_law_*.py, run first, the whole suite only if they
pass; tests/test_mutations.py is left out: its own mutants are patterns in the unmutated text). A mutant that leaves the text unparseable is not counted. The script prints
the score (killed / counted) and every survivor with its file, line and change.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("national", "inner_mongolia", "xingan")
_TAG = "tag:yaml.org,2002:"

FLIPS = {"ge": "gt", "gt": "ge", "le": "lt", "lt": "le", "eq": "ne", "ne": "eq"}
FLIPS.update({"in": "not_in", "not_in": "in"})

# readings the schema allows, by the key (or parameter id) that holds them
READINGS: dict[str, tuple[str, ...]] = {
    "benefit_start": ("registration_date", "application_date"),
    "standard_date": ("application_date", "month_start"),
    "pooling_base": ("league_seat", "insured_area", "region_tier1"),
    "partial_last_month": ("full", "pro_rata"),
    "arrears_exclusion": ("arrears_and_medical", "medical_only"),
    "cutoff_day_counts_as": ("before", "after"),
    "last_month_paid": ("started_before", "containing"),
    "effect": ("stop", "lump_sum"),
    "base": ("pooling_area_minimum_wage", "region_tier1_minimum_wage"),
    "mode": ("ROUND_HALF_UP", "ROUND_HALF_EVEN", "ROUND_DOWN", "ROUND_UP"),
    "unit": ("days", "working_days", "month_start", "day_after_months"),
    "after": ("separation_date", "application_date", "registration_date", "entitlement_end"),
}
SECTIONS = (
    "parameters",
    "eligibility",
    "notes",
    "stop_grounds",
    "claimant_documents",
    "forbidden_requests",
    "employer_obligations",
    "notices",
    "offices",
)
SKIP_KEYS = {"id", "clause", "clauses", "layer", "extends", "change", "source", "certainty"}
SKIP_KEYS |= {"description", "note", "summary", "text", "name", "passed", "failed", "reading"}
SKIP_KEYS |= {"phone", "address", "act", "document", "step", "unit_label"}


@dataclasses.dataclass(frozen=True)
class Mutant:
    """One change to one layer's text: the span replaced and what replaces it."""

    layer: str
    line: int
    kind: str
    start: int
    end: int
    new: str
    old: str

    def describe(self) -> str:
        old = " ".join(self.old.split())[:50]
        new = " ".join(self.new.split())[:50] or "(dropped)"
        return f"policies/{self.layer}.yaml:{self.line} {self.kind}: {old!r} -> {new!r}"

    def apply(self, text: str) -> str:
        return text[: self.start] + self.new + text[self.end :]


def _month_late(value: str) -> str:
    day = dt.date.fromisoformat(value)
    year, month = divmod(day.year * 12 + day.month, 12)
    first = dt.date(year, month + 1, 1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return first.replace(day=min(day.day, last.day)).isoformat()


def _last_place(value: str, step: int) -> str:
    whole, _, places = value.partition(".")
    scaled = int(whole + places) + step
    sign = "-" if scaled < 0 else ""
    digits = str(abs(scaled)).rjust(len(places) + 1, "0")
    return f"{sign}{digits[: -len(places)]}.{digits[-len(places) :]}" if places else str(scaled)


def mutants(layer: str, text: str) -> Iterator[Mutant]:
    """Every mutant of one layer's text."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)

    def m(
        node: yaml.Node, kind: str, new: str, start: int | None = None, end: int | None = None
    ) -> Mutant:
        s = node.start_mark.index if start is None else start
        e = node.end_mark.index if end is None else end
        return Mutant(layer, node.start_mark.line + 1, kind, s, e, new, text[s:e])

    def scalar(node: yaml.ScalarNode, key: str | None) -> Iterator[Mutant]:
        tag = node.tag.removeprefix(_TAG)
        if node.style is not None and not (tag == "str" and key in READINGS):
            return
        value = node.value
        if tag == "int" and re.fullmatch(r"-?\d+", value):
            for step in (-1, 1):
                yield m(node, "number", str(int(value) + step))
        elif tag == "float" and re.fullmatch(r"-?\d+\.\d+", value):
            for step in (-1, 1):
                yield m(node, "number", _last_place(value, step))
        elif tag == "timestamp" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            yield m(node, "date", _month_late(value))
        elif tag == "bool":
            yield m(node, "reading", "false" if value == "true" else "true")
        elif tag == "str" and key in READINGS and value in READINGS[key]:
            for other in READINGS[key]:
                if other != value:
                    yield m(node, "reading", other)

    def walk(node: yaml.Node, key: str | None, inside: bool) -> Iterator[Mutant]:
        if isinstance(node, yaml.ScalarNode):
            if inside:
                yield from scalar(node, key)
        elif isinstance(node, yaml.SequenceNode):
            items = node.value
            plain = inside and key not in SECTIONS and len(items) > 1
            for i, item in enumerate(items):
                if plain and i + 1 < len(items):
                    yield m(item, "drop", "", item.start_mark.index, items[i + 1].start_mark.index)
                elif plain:
                    yield m(item, "drop", "", items[i - 1].end_mark.index, item.end_mark.index)
                yield from walk(item, key, inside)
        elif isinstance(node, yaml.MappingNode):
            ids = [v.value for k, v in node.value if k.value == "id"]
            for k, v in node.value:
                name = k.value
                if name in SKIP_KEYS or (name == "unit" and ids):  # a parameter's unit: a label
                    continue
                here = inside or name in SECTIONS
                if here and name in FLIPS:
                    yield m(k, "operator", FLIPS[name])
                # a parameter's values are read by the parameter's id
                sub = (ids[0] if ids else key) if name in ("value", "values") else name
                yield from walk(v, sub, here)

    yield from walk(root, None, False)


def _chain_text(layer: str, text: str) -> str:
    """A layer's text chained by relative path, so a copy loads its own parents."""
    text = re.sub(r"^extends: (\w+)\s*$", r"extends: \1.yaml", text, flags=re.MULTILINE)
    return text.replace("extends: null.yaml", "extends: null")


class Campaign:
    """Runs mutants against a scratch copy of the repository."""

    def __init__(
        self,
        scratch: Path,
        use_pytest: bool,
        pytest_args: list[str] | None = None,
        law_only: bool = False,
    ) -> None:
        self.scratch = scratch
        self.use_pytest = use_pytest
        self.law_only = law_only
        self.pytest_args = pytest_args or []
        self.last_output = ""
        self.originals = {n: (ROOT / "policies" / f"{n}.yaml").read_text("utf-8") for n in LAYERS}
        self.chain_dir = scratch / "chain"
        self.chain_dir.mkdir()
        self.repo = scratch / "repo"
        if use_pytest:  # the whole work tree but the venv, git and caches
            ignore = shutil.ignore_patterns(".venv", ".git", "*.pyc", "__pycache__", ".*cache*")
            shutil.copytree(ROOT, self.repo, ignore=ignore)

    def _write_chain(self, layer: str, text: str) -> None:
        for name in LAYERS:
            body = text if name == layer else self.originals[name]
            (self.chain_dir / f"{name}.yaml").write_text(_chain_text(name, body), "utf-8")

    def loader_and_scenarios(self, mutant: Mutant) -> str | None:
        """'invalid', 'loader' or 'scenarios' when one of them kills the mutant, else None."""
        from uibenefit import PolicyError, load_policy
        from uibenefit.tools.scenarios import Runner, looks_like_scenarios

        text = mutant.apply(self.originals[mutant.layer])
        try:
            yaml.safe_load(text)
        except yaml.YAMLError:
            return "invalid"
        self._write_chain(mutant.layer, text)
        try:
            policies = {n: load_policy(self.chain_dir / f"{n}.yaml") for n in LAYERS}
        except PolicyError:
            return "loader"
        runner = Runner()
        for path in sorted((ROOT / "scenarios").glob("*.yaml")):
            if not looks_like_scenarios(path):
                continue
            sf = runner.load(path)
            if sf.policy not in policies:
                continue
            for case in sf.cases:
                if not runner.run(case, policies[sf.policy]).passed:
                    return "scenarios"
        return None

    def _suite(self) -> bool:
        """True if the copy's test suite passes (docs regenerated from its policies first)."""
        env = {**os.environ, "PYTHONPATH": str(self.repo / "src"), "HYPOTHESIS_PROFILE": "ci"}
        docs = [sys.executable, "-m", "uibenefit", "docs", "xingan", "-o", "docs/policies/"]
        subprocess.run(docs, cwd=self.repo, env=env, capture_output=True, check=False)
        run = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
        # the law tests first (seconds): most answer-changing mutants die there
        law = sorted(str(p.relative_to(self.repo)) for p in self.repo.glob("tests/test_law_*.py"))
        if law:
            first = subprocess.run([*run, *law], cwd=self.repo, env=env, capture_output=True)
            if first.returncode != 0 or self.law_only:
                self.last_output = first.stdout.decode("utf-8", "replace")[-2000:]
                return first.returncode == 0
        run += ["--ignore=tests/test_mutations.py", *self.pytest_args, "tests", "scenarios"]
        done = subprocess.run(run, cwd=self.repo, env=env, capture_output=True, check=False)
        self.last_output = done.stdout.decode("utf-8", "replace")[-2000:]
        return done.returncode == 0

    def baseline(self) -> bool:
        """True if the suite passes unmutated: else every mutant would look killed."""
        return self._suite()

    def pytest(self, mutant: Mutant) -> bool:
        """True if the test suite fails on the mutant (docs regenerated from it first)."""
        target = self.repo / "policies" / f"{mutant.layer}.yaml"
        target.write_text(mutant.apply(self.originals[mutant.layer]), "utf-8")
        try:
            return not self._suite()
        finally:
            target.write_text(self.originals[mutant.layer], "utf-8")

    def run(self, mutant: Mutant) -> str | None:
        """What killed the mutant ('invalid' for a text that no longer parses), or None."""
        found = self.loader_and_scenarios(mutant)
        if found is None and self.use_pytest and self.pytest(mutant):
            return "pytest"
        return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, help="run a random sample of this many mutants")
    parser.add_argument("--seed", type=int, default=17, help="seed of the sample (default 17)")
    parser.add_argument("--no-pytest", action="store_true", help="loader and scenarios only")
    parser.add_argument("--kind", action="append", help="only mutants of this kind (repeatable)")
    parser.add_argument("--layer", action="append", help="only mutants of this layer")
    parser.add_argument(
        "--match", action="append", help="only mutants whose description contains this text"
    )
    parser.add_argument(
        "--pytest-arg", action="append", default=[], help="passed to pytest (e.g. --ignore=…)"
    )
    parser.add_argument(
        "--law-only",
        action="store_true",
        help="pytest runs only the law tests (tests/test_law_*.py): for a busy machine",
    )
    args = parser.parse_args(argv)

    every = [
        mu
        for layer in LAYERS
        for mu in mutants(layer, (ROOT / "policies" / f"{layer}.yaml").read_text("utf-8"))
    ]
    chosen = [
        mu
        for mu in every
        if (not args.kind or mu.kind in args.kind)
        and (not args.layer or mu.layer in args.layer)
        and (not args.match or any(text in mu.describe() for text in args.match))
    ]
    if args.sample is not None and args.sample < len(chosen):
        chosen = sorted(random.Random(args.seed).sample(chosen, args.sample), key=every.index)
    print(f"{len(chosen)} of {len(every)} mutants", flush=True)
    started = time.process_time()
    killed: dict[str, int] = {}
    survivors: list[Mutant] = []
    with tempfile.TemporaryDirectory(prefix="uibenefit-mutants-") as scratch:
        campaign = Campaign(Path(scratch), not args.no_pytest, args.pytest_arg, args.law_only)
        if campaign.use_pytest and not campaign.baseline():
            print(campaign.last_output)
            print("the test suite fails without any mutant: fix it first (or --no-pytest)")
            return 2
        for i, mu in enumerate(chosen, 1):
            by = campaign.run(mu)
            killed[by or "survived"] = killed.get(by or "survived", 0) + 1
            if by is None:
                survivors.append(mu)
            print(f"[{i}/{len(chosen)}] {by or 'SURVIVED':<9} {mu.describe()}", flush=True)
    counted = len(chosen) - killed.get("invalid", 0)
    dead = counted - len(survivors)
    print()
    print("killed by: " + ", ".join(f"{k} {v}" for k, v in sorted(killed.items())))
    score = 100 * dead / counted if counted else 100.0
    print(
        f"score: {dead}/{counted} killed ({score:.1f}%), CPU {time.process_time() - started:.0f} s"
    )
    if survivors:
        print("survivors:")
        for mu in survivors:
            print(f"  {mu.describe()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
