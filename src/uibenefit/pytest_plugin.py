"""pytest plugin: auditor scenario files run as tests (see `uibenefit.scenarios`).

Registered through the `pytest11` entry point. pytest collects every `*.yaml`/`*.yml` file
under a directory named `scenarios` (or named on the command line) whose top level has
`cases:`; other YAML is left alone. Each case is one test item named by the case; a failure
reads like `uibenefit test`: file:line, each mismatch, the explanation, no traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

try:
    import pytest
except ImportError as _missing:  # pragma: no cover - exercised in a venv without the extra
    raise ImportError(
        "uibenefit.pytest_plugin runs scenario files under pytest, which is not installed: "
        "pip install 'uibenefit[testing]'"
    ) from _missing

from .errors import UIBenefitError
from .scenarios import Case, Runner, looks_like_scenarios

_RUNNER = pytest.StashKey[Runner]()


class ScenarioFailure(Exception):
    """A case whose decision differs from its expectations; the message is the report."""


def _runner(config: pytest.Config) -> Runner:
    if _RUNNER not in config.stash:
        config.stash[_RUNNER] = Runner()
    return config.stash[_RUNNER]


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> ScenarioFile | None:
    """Collect scenario files; ignore other YAML (policies, calendars)."""
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    in_scenarios = "scenarios" in file_path.parent.parts
    if not (in_scenarios or parent.session.isinitpath(file_path)):
        return None
    if not looks_like_scenarios(file_path):
        return None
    node: ScenarioFile = ScenarioFile.from_parent(parent, path=file_path)
    return node


class ScenarioFile(pytest.File):
    """A scenario file: one item per case."""

    def collect(self) -> Iterator[ScenarioItem]:
        """Load and check the file; a bad file is a collection error with file and line."""
        try:
            sf = _runner(self.config).load(self.path)
        except UIBenefitError as exc:
            raise self.CollectError(str(exc)) from None
        for case in sf.cases:
            yield ScenarioItem.from_parent(self, name=case.name, case=case)


class ScenarioItem(pytest.Item):
    """One case."""

    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        """Evaluate and compare; raise the readable report on failure."""
        result = _runner(self.config).run(self.case, catch_bugs=False)
        if not result.passed:
            raise ScenarioFailure(result.report())

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str:
        """The report itself, not a traceback (a bug in uibenefit still shows one)."""
        if isinstance(excinfo.value, ScenarioFailure | UIBenefitError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        """Where the case is, for pytest's headers."""
        return self.path, self.case.line - 1, f"scenario: {self.case.name}"
