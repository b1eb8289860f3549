"""Refusals as data: an RFC 9457 problem document whose `problems` list is the library's.

Each problem has the fields of `ub.Issue`: `field` (a JSON path into the request, such as
`claimant.sex` or `events[0].on`), `line` (the line of an uploaded file, else null),
`message` (English) and `message_zh` (Chinese), one entry per problem found, so a form can
mark each field. `title` and `detail` are in the language the request asked for (its `lang`,
else `Accept-Language`). No traceback ever reaches a client.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..errors import CalendarCoverageError, InputError, PolicyError, UIBenefitError
from ..values._messages import zh
from ..values.claimant import Claimant

MEDIA_TYPE = "application/problem+json"
CLAIMANT_FIELDS = frozenset(f.name for f in dataclasses.fields(Claimant))

TITLES = {
    400: ("Bad request", "请求有误"),
    404: ("Not found", "未找到"),
    405: ("Method not allowed", "不允许的请求方法"),
    413: ("Request too large", "请求过大"),
    415: ("Unsupported media type", "不支持的内容类型"),
    422: ("The request cannot be evaluated", "无法测算该请求"),
    500: ("Internal error", "内部错误"),
    501: ("Not available in this installation", "本安装不提供此功能"),
    503: ("The request took too long", "请求耗时过长"),
}


class Problem(Exception):
    """A request refused with `status` and a list of problems (field, line, message).

    `lang` is the language the request asked for, once it is known ("zh" or "en")."""

    def __init__(self, status: int, problems: list[dict[str, Any]]) -> None:
        self.status = status
        self.problems = problems
        self.lang: str | None = None
        super().__init__("; ".join(str(p["message"]) for p in problems))

    def body(self, lang: str = "en") -> dict[str, Any]:
        """The JSON document sent to the client, `title` and `detail` in `lang`."""
        return document(self.status, self.problems, self.lang or lang)


def problem(message: str, field: str | None = None, line: int | None = None) -> dict[str, Any]:
    """One entry of a problem list, in English and Chinese; a file named in it by its place
    on the server is named by its file name alone (the policies are served by name: the
    server's folders are no client's business)."""
    message = without_paths(message)
    return {"field": field, "line": line, "message": message, "message_zh": zh(message)}


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


def title(status: int, lang: str = "en") -> str:
    """The problem's title in `lang`."""
    en, zh_ = TITLES.get(status, ("Error", "错误"))
    return zh_ if lang == "zh" else en


def document(status: int, problems: list[dict[str, Any]], lang: str = "en") -> dict[str, Any]:
    """`{"type", "title", "status", "detail", "problems"}`; `detail` tells every problem."""
    key = "message_zh" if lang == "zh" else "message"
    sep = "；" if lang == "zh" else "; "
    detail = sep.join(str(p.get(key) or p["message"]) for p in problems[:10])
    if len(problems) > 10:
        detail += f"{sep}…" if lang == "zh" else f"{sep}… ({len(problems) - 10} more)"
    return {
        "type": "about:blank",
        "title": title(status, lang),
        "status": status,
        "detail": detail or title(status, lang),
        "problems": problems,
    }


def language(accept: str | None) -> str | None:
    """zh or en, whichever `Accept-Language` prefers; None when it names neither."""
    best: str | None = None
    weight = 0.0
    for part in (accept or "").split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        primary = tag.strip().lower().split("-", 1)[0]
        if primary in ("zh", "en") and q > weight:  # q=0 means "not this one"
            best, weight = primary, q
    return best


def request_field(field: str | None, root: str = "claimant") -> str | None:
    """A library field name as a path into the request: `sex` -> `claimant.sex`."""
    if field is None:
        return None
    head = field.split(".", 1)[0].split("[", 1)[0]
    if head in CLAIMANT_FIELDS:
        return f"{root}.{field}"
    return field


def issues(exc: UIBenefitError, root: str = "claimant") -> list[dict[str, Any]]:
    """Every problem of a library error, one entry each, field as a request path."""
    if isinstance(exc, CalendarCoverageError):
        return [problem(exc.detail, request_field(exc.field, root), exc.line)]
    if isinstance(exc, PolicyError):
        return [
            {"field": None, "line": None, "message": i.message, "message_zh": i.message_zh}
            for i in exc.problems
        ]
    if isinstance(exc, InputError):
        return [
            {
                "field": request_field(i.field, root),
                "line": i.line if i.line is not None else exc.line,
                "message": i.message,
                "message_zh": i.message_zh,
            }
            for i in exc.problems
        ]
    return [problem(str(exc))]


def from_error(exc: UIBenefitError, root: str = "claimant") -> Problem:
    """The library's error as a 422 problem list, one entry per problem."""
    return Problem(422, issues(exc, root))
