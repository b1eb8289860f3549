"""All errors uibenefit raises on purpose: one root, one class per kind of bad input."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_PROBLEMS = 50
"""At most this many problems are listed; the count of the rest is told."""


@dataclass(frozen=True)
class Issue:
    """One problem of a file: where it is (file, line, column, field or YAML path) and what.

    `message` is in English, `message_zh` in Chinese; `text(lang)` is the located line.
    """

    message: str
    field: str | None = None
    path: str | None = None
    line: int | None = None
    column: int | None = None

    @property
    def message_zh(self) -> str:
        """The message in Chinese."""
        from .values._messages import zh

        return zh(self.message)

    def text(self, lang: str = "en") -> str:
        """`file:line:col: field: message`, in English or (lang "zh") Chinese."""
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        at = f"{self.field}: " if self.field else ""
        return where + at + (self.message_zh if lang == "zh" else self.message)

    def __str__(self) -> str:
        return self.text()


def listing(issues: Sequence[Issue], lang: str = "en") -> str:
    """All problems, one a line, the first MAX_PROBLEMS of them and how many more."""
    if len(issues) == 1:
        return issues[0].text(lang)
    shown = issues[:MAX_PROBLEMS]
    if lang == "zh":
        head = f"共 {len(issues)} 处问题："
        more = (
            f"\n  …另有 {len(issues) - len(shown)} 处问题未列出" if len(issues) > len(shown) else ""
        )
    else:
        head = f"{len(issues)} problems:"
        more = f"\n  … and {len(issues) - len(shown)} more" if len(issues) > len(shown) else ""
    return head + "".join(f"\n  {i.text(lang)}" for i in shown) + more


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """` Did you mean 'x'?` for the closest of `known` to `name`, or nothing: the one
    suggestion helper of every message."""
    import difflib  # only when a name is unknown

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" Did you mean '{close[0]}'?" if close else ""


class UIBenefitError(Exception):
    """Root of every error uibenefit raises on purpose; catch this to catch them all.

    `problems` lists every problem found (one for most errors; a file checked as a whole
    gives all of its problems at once); `message` and `message_zh` tell them all.
    """

    problems: tuple[Issue, ...] = ()

    @property
    def message(self) -> str:
        """Every problem, in English."""
        return listing(self.problems) if self.problems else str(self)

    @property
    def message_zh(self) -> str:
        """Every problem, in Chinese."""
        if self.problems:
            return listing(self.problems, "zh")
        from .values._messages import zh

        return zh(str(self))

    def text(self, lang: str = "en") -> str:
        """The message in `lang` ("en" or "zh")."""
        return self.message_zh if lang == "zh" else self.message


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
        super().__init__(_bounded(f"{where}{at}{message}"))
        self.problems = (
            Issue(message, f"at {yaml_path}" if yaml_path else None, path, line, column),
        )

    @classmethod
    def several(cls, errors: Sequence[PolicyError]) -> PolicyError:
        """One error carrying every problem of `errors` (the first placed as the error is)."""
        if len(errors) == 1:
            return errors[0]
        first = errors[0]
        issues = tuple(
            sorted(
                dict.fromkeys(i for e in errors for i in e.problems),
                key=lambda i: (i.path or "", i.line or 0, i.column or 0),
            )
        )
        combined = cls(
            listing(issues),
            path=first.path,
            line=first.line,
            column=first.column,
            yaml_path=first.yaml_path,
        )
        combined.args = (listing(issues),)
        combined.problems = issues
        return combined

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


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
        super().__init__(_bounded(_where(path, line, field) + message))
        self.problems = (Issue(message, field, path, line),)

    @classmethod
    def several(cls, errors: Sequence[InputError]) -> InputError:
        """One error carrying every problem of `errors` (the first placed as the error is)."""
        if len(errors) == 1:
            return errors[0]
        first = errors[0]
        issues = tuple(dict.fromkeys(i for e in errors for i in e.problems))
        combined = cls(listing(issues), field=first.field, path=first.path, line=first.line)
        combined.args = (listing(issues),)
        combined.problems = issues
        return combined

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


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
        super().__init__(_bounded(_where(path, line, field) + self.detail))


def _where(path: str | None, line: int | None, field: str | None) -> str:
    """`person.yaml:9: insured_area: `: the prefix that places a message."""
    where = ""
    if path is not None:
        where = f"{path}:{line}: " if line is not None else f"{path}: "
    return where + (f"{field}: " if field else "")


def shorten(text: str, limit: int = 60) -> str:
    """`text` cut to `limit` characters with an ellipsis, control characters escaped.

    Every value echoed in a message goes through this: a 2 MB value gives a short line, and a
    newline or escape sequence in a file cannot forge or colour the terminal's output.
    """
    cut = text if len(text) <= limit else text[:limit] + "…"
    return escape(cut)


MAX_MESSAGE = 2000
"""The longest message an error carries: whatever a file holds, one error is a few lines."""


def _bounded(text: str) -> str:
    text = escape(text)
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + "…"


def escape(text: str) -> str:
    """Control characters (C0, DEL, C1, line and bidi separators) and lone surrogates as
    visible escapes."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
