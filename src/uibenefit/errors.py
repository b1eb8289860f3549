"""All errors uibenefit raises on purpose: one root, one class per kind of bad input."""

from __future__ import annotations


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
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        what = f"{field}: " if field else ""
        super().__init__(f"{where}{what}{message}")


class CalendarCoverageError(UIBenefitError, LookupError):
    """A date falls in a year whose official holiday schedule is not known yet."""

    def __init__(self, year: int, message: str | None = None) -> None:
        self.year = year
        super().__init__(
            message
            or (
                f"no working-day schedule for {year}: the State Council's holiday schedule for "
                f"{year} is not in chinesecalendar nor in policies/calendar.yaml; add it there "
                "rather than guess"
            )
        )
