"""Teeth: mutate a copy of the bundled policies, and the properties and scenarios must fail.

Each mutant changes one number the notices fix: the 24-month cap of 社会保险法 第四十六条
becomes 30, XC7's cutoff day 15 becomes 20, and the 2017 standard's 80% (内人社办发〔2017〕261号)
becomes 90%. A faithful copy (same files, `extends:` rewritten to relative paths) is the
control: it must pass what the mutant fails, so the failure is the mutation's doing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, find, settings
from test_properties import (
    check_amounts,
    check_pay_by,
    check_regular_months,
)

from uibenefit import Claimant, Policy, load_policy
from uibenefit.law._resources import bundled_dir
from uibenefit.testing import claimants

D = dt.date
LAYERS = ("national", "inner_mongolia", "xingan")
SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"

Check = Callable[[Policy, Claimant], None]


def person(**changes: object) -> Claimant:
    """A man of 50 in Ulanhot (152201, tier 3 until 2021-11) whose contract expired in 2021."""
    base = Claimant(
        birth_date=D(1971, 5, 1),
        sex="male",
        position="worker",
        insured_as="employee",
        contribution_months=130,
        separation_date=D(2021, 2, 28),
        separation_reason="contract_expired",
        application_date=D(2021, 3, 10),
        insured_area="152201",
    )
    return base.replace(**changes)


# name: (file, pattern, replacement, the check that must fail, a person it fails for)
MUTANTS: dict[str, tuple[str, str, str, Check, Claimant]] = {
    # 120 months → 24, plus 12 unused = 36: SIL-46 (from 2011-07-01) caps it at 24, the mutant at 30.
    "cap_24_to_30": (
        "national.yaml",
        r"(- id: regular_months_cap\n(?:(?!  - id:).*\n)*?\s+- from: 2011-07-01\n\s+value: )24\b",
        r"\g<1>30",
        check_regular_months,
        person(prior_unused_months=12),
    ),
    # Claimed on the 18th: XC7 pays month 1 by 2021-04-30; the mutant by 2021-03-31.
    "cutoff_15_to_20": (
        "xingan.yaml",
        r"cutoff_day: 15\b",
        "cutoff_day: 20",
        check_pay_by,
        person(application_date=D(2021, 3, 18)),
    ),
    # Claimed 2021-03-10 in 152201 (tier 3, 1560): 1560 × 80% = 1248.00; the mutant 1404.00.
    "standard_2017_80_to_90": (
        "inner_mongolia.yaml",
        r"\{through_month: 12, rate: 0\.80\}",
        "{through_month: 12, rate: 0.90}",
        check_amounts,
        person(),
    ),
}


def copy_policies(directory: Path, mutant: str | None = None) -> dict[str, Policy]:
    """The bundled layers copied to `directory`, chained by relative path, perhaps mutated."""
    directory.mkdir(parents=True, exist_ok=True)
    for layer in LAYERS:
        text = (bundled_dir() / f"{layer}.yaml").read_text(encoding="utf-8")
        text = re.sub(r"^extends: (\w+)\s*$", r"extends: \1.yaml", text, flags=re.MULTILINE)
        text = text.replace("extends: null.yaml", "extends: null")
        if mutant is not None and MUTANTS[mutant][0] == f"{layer}.yaml":
            _, pattern, replacement, _, _ = MUTANTS[mutant]
            text, n = re.subn(pattern, replacement, text)
            assert n == 1, f"mutation {mutant} matched {n} times in {layer}.yaml"
        (directory / f"{layer}.yaml").write_text(text, encoding="utf-8")
    return {layer: load_policy(directory / f"{layer}.yaml") for layer in LAYERS}


@pytest.fixture(scope="module")
def faithful(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Policy]:
    """An unmutated copy, chained by relative paths: the control."""
    return copy_policies(tmp_path_factory.mktemp("faithful"))


@pytest.fixture(scope="module", params=sorted(MUTANTS))
def mutant(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, dict[str, Policy]]:
    """A mutation's name and the mutated copy, loaded."""
    name: str = request.param
    return name, copy_policies(tmp_path_factory.mktemp(name), name)


def test_the_copy_is_faithful(faithful: dict[str, Policy]) -> None:
    """The copy chains the same layers and answers the fixed examples as the bundled policy does."""
    bundled = load_policy("xingan")
    assert faithful["xingan"].layers == LAYERS
    for _, _, _, _, example in MUTANTS.values():
        got = faithful["xingan"].evaluate(example).to_dict()
        want = bundled.evaluate(example).to_dict()
        assert got.pop("origin") != want.pop("origin")  # other files, other hashes
        assert got == want


def test_a_property_fails_on_each_mutant(
    faithful: dict[str, Policy], mutant: tuple[str, dict[str, Policy]]
) -> None:
    """The property check that guards the mutated number fails on the mutant, not on the copy."""
    name, policies = mutant
    _, _, _, check, example = MUTANTS[name]
    check(faithful["xingan"], example)
    policy = policies["xingan"]
    with pytest.raises(AssertionError, match="The case as a scenario"):
        check(policy, example)


FIND = settings(
    max_examples=1000,
    phases=[Phase.generate],
    database=None,
    suppress_health_check=list(HealthCheck),
)


def test_the_strategies_find_each_mutant(mutant: tuple[str, dict[str, Policy]]) -> None:
    """Hypothesis, unaided by the fixed example, draws a claimant the mutant's property fails."""
    name, policies = mutant
    _, _, _, check, _ = MUTANTS[name]
    policy = policies["xingan"]

    def fails(p: Claimant) -> bool:
        try:
            check(policy, p)
        except AssertionError:
            return True
        return False

    found = find(claimants(policy, eligible_only=True), fails, settings=FIND)
    assert fails(found)


def failing_scenarios(policies: dict[str, Policy]) -> set[str]:
    """The scenario library's cases that fail when each runs under the given layer chains.

    A case written for a bundled layer runs under the copy of that layer; other cases
    (a policy given by path) are left out.
    """
    scenarios = pytest.importorskip("uibenefit.tools.scenarios")
    files = sorted(p for p in SCENARIOS.glob("*.yaml") if scenarios.looks_like_scenarios(p))
    if not files:
        pytest.skip("no scenario library in scenarios/")
    runner = scenarios.Runner()
    failed: set[str] = set()
    for path in files:
        sf = runner.load(path)
        if sf.policy not in policies:
            continue
        for case in sf.cases:
            if not runner.run(case, policies[sf.policy]).passed:
                failed.add(f"{path.name}:{case.line} {case.name}")
    return failed


@pytest.fixture(scope="module")
def failing_on_the_copy(faithful: dict[str, Policy]) -> set[str]:
    """The scenarios that fail on the faithful copy (none, unless the library is broken)."""
    return failing_scenarios(faithful)


def test_the_scenario_library_fails_on_each_mutant(
    failing_on_the_copy: set[str], mutant: tuple[str, dict[str, Policy]]
) -> None:
    """Some scenario that passes on the faithful copy fails on the mutant."""
    name, policies = mutant
    broken = failing_scenarios(policies)
    assert broken - failing_on_the_copy, f"no scenario notices {name}"
