"""pytest plugin: auditor scenario files run as tests (see `uibenefit.tools.scenarios`).

Registered through the `pytest11` entry point (install `uibenefit[testing]`). pytest collects
a `*.yaml`/`*.yml` file with a top-level `cases:` that is

- marked, wherever it is: a top-level `uibenefit-scenarios: 1` key;
- or matched by a glob of the `uibenefit_scenarios` ini option (e.g. in pyproject.toml,
  `[tool.pytest.ini_options] uibenefit_scenarios = ["audit/**/*.yaml"]`, relative to rootdir);
- or under a directory named `scenarios`, or named on the command line.

Other YAML is left alone. Each case is one test item named by the case; a failure reads like
`uibenefit test`: file:line, each mismatch, the explanation, no traceback. A malformed case is
one failed item with its file, line and message; the file's other cases still run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fnmatch import fnmatch
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
from .tools.scenarios import MARKER, BrokenCase, Case, Runner, looks_like_scenarios

_RUNNER = pytest.StashKey[Runner]()


class ScenarioFailure(Exception):
    """A case whose decision differs from its expectations; the message is the report."""


def _runner(config: pytest.Config) -> Runner:
    if _RUNNER not in config.stash:
        config.stash[_RUNNER] = Runner()
    return config.stash[_RUNNER]


def pytest_addoption(parser: pytest.Parser) -> None:
    """The `uibenefit_scenarios` ini option: globs of scenario files to collect."""
    parser.addini(
        "uibenefit_scenarios",
        type="linelist",
        default=[],
        help="globs (relative to rootdir) of uibenefit scenario files to collect anywhere",
    )


_MARKED = re.compile(rf"^{re.escape(MARKER)}\s*:\s*1\s*(#.*)?$", re.MULTILINE)


def _marked(path: Path) -> bool:
    try:
        return _MARKED.search(path.read_text(encoding="utf-8")) is not None
    except (OSError, UnicodeDecodeError):
        return False


def _globbed(path: Path, config: pytest.Config) -> bool:
    globs = config.getini("uibenefit_scenarios")
    if not globs:
        return False
    try:
        relative = path.resolve().relative_to(config.rootpath.resolve())
    except ValueError:
        return False
    text = relative.as_posix()
    # fnmatch's * crosses folders; `a/**/*.yaml` also matches a/x.yaml, as in a shell's globstar
    return any(fnmatch(text, g) or fnmatch(text, g.replace("**/", "")) for g in globs)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> ScenarioFile | None:
    """Collect scenario files; ignore other YAML (policies, calendars)."""
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    wanted = (
        "scenarios" in file_path.parent.parts
        or parent.session.isinitpath(file_path)
        or _globbed(file_path, parent.config)
        or _marked(file_path)
    )
    if not wanted or not looks_like_scenarios(file_path):
        return None
    node: ScenarioFile = ScenarioFile.from_parent(parent, path=file_path)
    return node


class ScenarioFile(pytest.File):
    """A scenario file: one item per case."""

    def collect(self) -> Iterator[ScenarioItem | BrokenItem]:
        """Load and check the file; a bad file is a collection error with file and line, a bad
        case one failing item (the other cases still run)."""
        try:
            sf = _runner(self.config).load(self.path, lenient=True)
        except UIBenefitError as exc:
            raise self.CollectError(str(exc)) from None
        for case in sf.cases:
            yield ScenarioItem.from_parent(self, name=case.name, case=case)
        for broken in sf.broken:
            yield BrokenItem.from_parent(self, name=broken.name, broken=broken)


class BrokenItem(pytest.Item):
    """A malformed case: it fails with its error, and the rest of the file runs."""

    def __init__(self, *, broken: BrokenCase, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.broken = broken

    def runtest(self) -> None:
        """Fail with the message that names the file, line and field."""
        raise self.broken.error

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str:
        """The error itself, no traceback."""
        return str(excinfo.value)

    def reportinfo(self) -> tuple[Path, int, str]:
        """Where the case is."""
        return self.path, self.broken.line - 1, f"scenario: {self.broken.name}"


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
