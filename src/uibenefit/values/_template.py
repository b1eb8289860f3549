"""Text templates in policy files are data: `{name}` and nothing else.

A finding's text may name a fact in braces, `缴费 {contribution_months} 个月`, and that is all
it may do: no format spec (`{x:>300000000}` would build a 300 MB string), no conversion
(`{x!r}`), no nesting, no attribute or index access (`{x.__class__}`). Every template is parsed
when the policy loads, its names checked against the facts there are, and rendered by plain
substitution, never by `str.format` on the file's text. `{{` and `}}` stand for one brace.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

_NAME = re.compile(r"[a-z_][a-z0-9_]*", re.ASCII)
MAX_PLACEHOLDERS = 20
"""A sentence names a few facts; more placeholders than this is not a sentence."""


@dataclass(frozen=True)
class TemplateError(Exception):
    """What is wrong with a template and at which character (0-based) of it."""

    message: str
    offset: int

    def __str__(self) -> str:
        return self.message


Part = tuple[bool, str]
"""(True, name) for a placeholder, (False, text) for literal text."""


def parse(template: str) -> tuple[Part, ...]:
    """The template as literal text and placeholder names, or TemplateError."""
    parts: list[Part] = []
    text: list[str] = []
    i = 0
    n = len(template)
    while i < n:
        c = template[i]
        if c == "}":
            if template.startswith("}}", i):
                text.append("}")
                i += 2
                continue
            raise TemplateError("a lone '}': write '}}' for a brace, or {name} for a fact", i)
        if c != "{":
            text.append(c)
            i += 1
            continue
        if template.startswith("{{", i):
            text.append("{")
            i += 2
            continue
        end = template.find("}", i + 1)
        inner = template[i + 1 : end] if end != -1 else template[i + 1 : i + 41]
        if end == -1:
            raise TemplateError("a '{' with no closing '}'", i)
        if not _NAME.fullmatch(inner):
            raise TemplateError(
                f"placeholder {{{_cut(inner)}}} is not allowed: a text may use only "
                "{name}, with no format spec (:), conversion (!), nesting, attribute or index",
                i,
            )
        if text:
            parts.append((False, "".join(text)))
            text = []
        parts.append((True, inner))
        if sum(1 for named, _ in parts if named) > MAX_PLACEHOLDERS:
            raise TemplateError(f"more than {MAX_PLACEHOLDERS} placeholders in one text", i)
        i = end + 1
    if text:
        parts.append((False, "".join(text)))
    return tuple(parts)


def check(template: str, names: Collection[str]) -> tuple[Part, ...]:
    """Parse `template` and refuse names not in `names` (with a suggestion)."""
    parts = parse(template)
    offset = 0
    for named, value in parts:
        if named and value not in names:
            close = difflib.get_close_matches(value, list(names), n=1)
            hint = f" Did you mean '{{{close[0]}}}'?" if close else ""
            allowed = f"use one of {', '.join(names)}" if names else "this text takes none"
            raise TemplateError(
                f"unknown placeholder '{{{value}}}': {allowed}.{hint}",
                template.find("{" + value + "}", offset),
            )
    return parts


_parsed = functools.lru_cache(maxsize=4096)(parse)
"""`parse`, kept for the templates a policy's texts hold (a bounded set)."""


def render(template: str, values: Mapping[str, Any]) -> str:
    """`template` with each `{name}` replaced by `str(values[name])`; nothing is evaluated."""
    out: list[str] = []
    for named, value in _parsed(template):
        out.append(str(values[value]) if named else value)
    return "".join(out)


def _cut(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def names(template: str) -> set[str]:
    """The names a template's placeholders name (none for a template that does not parse)."""
    try:
        return {value for named, value in parse(template) if named}
    except TemplateError:
        return set()
