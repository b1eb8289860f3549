"""Refusals as data: an RFC 9457 problem document whose `problems` list is the library's.

Each problem has the fields of `ub.InputError`: `field` (a JSON path into the request, such as
`claimant.sex` or `events[0].on`), `line` (the line of an uploaded file, else null) and
`message` (the library's words). No traceback ever reaches a client.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..claimant import Claimant
from ..errors import CalendarCoverageError, InputError, PolicyError, UIBenefitError

MEDIA_TYPE = "application/problem+json"
CLAIMANT_FIELDS = frozenset(f.name for f in dataclasses.fields(Claimant))

TITLES = {
    400: "Bad request",
    404: "Not found",
    405: "Method not allowed",
    413: "Request too large",
    415: "Unsupported media type",
    422: "The request cannot be evaluated",
    500: "Internal error",
    501: "Not available in this installation",
    503: "The request took too long",
}


class Problem(Exception):
    """A request refused with `status` and a list of problems (field, line, message)."""

    def __init__(self, status: int, problems: list[dict[str, Any]]) -> None:
        self.status = status
        self.problems = problems
        super().__init__("; ".join(str(p["message"]) for p in problems))

    def body(self) -> dict[str, Any]:
        """The JSON document sent to the client."""
        return document(self.status, self.problems)


def problem(message: str, field: str | None = None, line: int | None = None) -> dict[str, Any]:
    """One entry of a problem list; a file named in it by its place on the server is named
    by its file name alone (the policies are served by name: the server's folders are no
    client's business)."""
    return {"field": field, "line": line, "message": without_paths(message)}


_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[\\/][^\s:()'\"\\/]+)+[\\/]([^\s:()'\"\\/]+)")


def without_paths(text: str) -> str:
    """`/srv/policies/reform.yaml:12` → `reform.yaml:12`: every absolute path cut to its last
    part."""
    return _PATH.sub(lambda m: m.group(1), text) if ("/" in text or "\\" in text) else text


def refuse(status: int, message: str, field: str | None = None) -> Problem:
    """A Problem with one entry."""
    return Problem(status, [problem(message, field)])


class NotFound(Problem):
    """A policy or clause that is not served here."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(404, [problem(message, field)])


def document(status: int, problems: list[dict[str, Any]]) -> dict[str, Any]:
    """`{"type", "title", "status", "detail", "problems"}`."""
    return {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": problems[0]["message"] if problems else TITLES.get(status, "Error"),
        "problems": problems,
    }


def request_field(field: str | None, root: str = "claimant") -> str | None:
    """A library field name as a path into the request: `sex` -> `claimant.sex`."""
    if field is None:
        return None
    head = field.split(".", 1)[0].split("[", 1)[0]
    if head in CLAIMANT_FIELDS:
        return f"{root}.{field}"
    return field


def from_error(exc: UIBenefitError, root: str = "claimant") -> Problem:
    """The library's error as a 422 problem list."""
    if isinstance(exc, InputError | CalendarCoverageError):
        return Problem(422, [problem(exc.detail, request_field(exc.field, root), exc.line)])
    if isinstance(exc, PolicyError):
        return Problem(422, [problem(exc.detail, None, None)])
    return Problem(422, [problem(str(exc))])
