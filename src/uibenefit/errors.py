"""All errors uibenefit raises on purpose: one root, one class per kind of bad input."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """` Did you mean 'x'?` for the closest of `known` to `name`, or nothing: the one
    suggestion helper of every message."""
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" Did you mean '{close[0]}'?" if close else ""


class UIBenefitError(Exception):
    """Root of every error uibenefit raises on purpose; catch this to catch them all."""


class PolicyError(UIBenefitError, ValueError):
    """A policy file is malformed, inconsistent, hostile or missing.

    The message names the file, line and column, the YAML path and what was expected.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        yaml_path: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.yaml_path = yaml_path
        self.detail = message
        where = ""
        if path is not None:
            where = path
            if line is not None:
                where += f":{line}"
                if column is not None:
                    where += f":{column}"
            where += ": "
        at = f"at {yaml_path}: " if yaml_path else ""
        super().__init__(f"{where}{at}{message}")


class InputError(UIBenefitError, ValueError):
    """A claimant, event, person file or scenario holds a bad value; the message names the field."""

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        path: str | None = None,
        line: int | None = None,
    ) -> None:
        self.field = field
        self.path = path
        self.line = line
        self.detail = message
        super().__init__(_where(path, line, field) + message)


class CalendarCoverageError(UIBenefitError, LookupError):
    """A date falls in a year whose official holiday schedule is not known yet.

    `field` names the claimant's date a deadline was counted from, when one was; `path` and
    `line` place that date in a person or scenario file.
    """

    def __init__(
        self,
        year: int,
        message: str | None = None,
        *,
        field: str | None = None,
        path: str | None = None,
        line: int | None = None,
    ) -> None:
        self.year = year
        self.field = field
        self.path = path
        self.line = line
        self.detail = message or (
            f"no working-day schedule for {year}: the State Council's holiday schedule for "
            f"{year} is not in chinesecalendar nor in policies/calendar.yaml; add it there "
            "rather than guess"
        )
        super().__init__(_where(path, line, field) + self.detail)


def _where(path: str | None, line: int | None, field: str | None) -> str:
    """`person.yaml:9: insured_area: `: the prefix that places a message."""
    where = ""
    if path is not None:
        where = f"{path}:{line}: " if line is not None else f"{path}: "
    return where + (f"{field}: " if field else "")
