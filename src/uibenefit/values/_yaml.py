"""Safe YAML reading that remembers where every value came from.

YAML is data, never code: only the safe loader's resolution of plain scalars is used, aliases
and custom tags are refused (no alias bombs, no objects), and size, node count and nesting are
bounded while streaming events, before anything is built. Floats become `Decimal` from their
source text, so money written in YAML is exact. Scalars follow YAML 1.2 where 1.1 surprises:
`yes`/`on` and `1:20` (sexagesimal) stay text. libyaml parses when it is available (25 times
faster than the pure-Python parser, same marks); the pure-Python parser is the fallback.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..errors import PolicyError, shorten

MAX_BYTES = 2_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000
MAX_CHAIN_BYTES = 4_000_000
"""All the files of one chain of layers together (the bundled three are under 110 kB)."""
MAX_CHAIN_NODES = 250_000
"""All the YAML nodes of one chain together (the bundled three have about 10,000)."""
MAX_NAME_BYTES = 255
"""The longest file name (one path component) any common file system stores."""
MAX_PATH_BYTES = 4096

YamlPath = tuple[str | int, ...]

# libyaml when compiled in, else pure Python: identical events and marks, only faster
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Mark:
    """A position in a file, 1-based as editors show it."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass
class LocatedDocument:
    """Plain data (dict, list, str, int, Decimal, bool, date, None) plus where each part sits."""

    path: str
    data: Any
    marks: dict[YamlPath, Mark] = field(default_factory=dict)
    key_marks: dict[YamlPath, Mark] = field(default_factory=dict)

    def mark(self, at: YamlPath) -> Mark:
        """The mark of the deepest known prefix of `at` (a key's own position when known)."""
        for end in range(len(at), -1, -1):
            prefix = at[:end]
            if prefix in self.key_marks:
                return self.key_marks[prefix]
            if prefix in self.marks:
                return self.marks[prefix]
        return Mark(self.path, 1, 1)

    def error(self, at: YamlPath, message: str) -> PolicyError:
        """A PolicyError located at `at`."""
        m = self.mark(at)
        return PolicyError(
            message, path=self.path, line=m.line, column=m.column, yaml_path=format_path(at)
        )


def format_path(at: YamlPath) -> str:
    """`parameters[3].values[0].from`: the way a person would point at a value."""
    out = ""
    for part in at:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _mark(path: str, node: yaml.Node | yaml.Event) -> Mark:
    start = node.start_mark
    if start is None:  # pragma: no cover - the composer always sets marks
        return Mark(path, 1, 1)
    return Mark(path, start.line + 1, start.column + 1)


def _refused(path: str, event: yaml.Event, message: str) -> PolicyError:
    m = _mark(path, event)
    return PolicyError(message, path=path, line=m.line, column=m.column)


class BudgetError(PolicyError):
    """A whole chain of files is over its budget of bytes or nodes (see `Budget`)."""


@dataclass
class Budget:
    """What a chain of files may still use in all: bytes and YAML nodes.

    One `Budget` is passed to every `load` of a chain, so 15 files of 190,000 nodes each are
    not parsed before the chain is refused: the file that goes over stops at that node.
    """

    bytes_left: int = field(default_factory=lambda: MAX_CHAIN_BYTES)
    nodes_left: int = field(default_factory=lambda: MAX_CHAIN_NODES)


def _prescan(text: str, path: str, budget: Budget | None = None) -> int:
    """Refuse aliases, deep nesting and huge node counts before composing anything.

    Returns the number of nodes, which `budget` (if given) has been charged.
    """
    depth = 0
    nodes = 0
    allowed = MAX_NODES if budget is None else min(MAX_NODES, budget.nodes_left)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                raise _refused(
                    path,
                    event,
                    f"YAML alias '*{event.anchor}' is not allowed: write the value out "
                    "(aliases are refused to rule out alias bombs)",
                )
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _refused(
                        path, event, f"nesting deeper than {MAX_DEPTH} levels is refused"
                    )
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
                if nodes > allowed:
                    if nodes > MAX_NODES:
                        raise _refused(path, event, f"more than {MAX_NODES} YAML nodes is refused")
                    m = _mark(path, event)
                    raise BudgetError(
                        f"more than {MAX_CHAIN_NODES} YAML nodes in all the files of the chain "
                        "is refused",
                        path=path,
                        line=m.line,
                        column=m.column,
                    )
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text, path) from None
    if budget is not None:
        budget.nodes_left -= nodes
    return nodes


def _yaml_error(exc: yaml.YAMLError, text: str, path: str) -> PolicyError:
    """PyYAML's error re-told with the file's line and column."""
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return PolicyError(
            f"not valid YAML: character U+{char:04X} is not allowed in YAML text",
            path=path,
            line=line,
            column=column,
        )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or "malformed YAML"
    context = getattr(exc, "context", None)
    plain = _plain_yaml_error(exc, text, path)
    if plain is not None:
        return plain
    if context:
        problem = f"{context}: {problem}"
    if mark is None:
        return PolicyError(f"not valid YAML: {problem}", path=path)
    return PolicyError(
        f"not valid YAML: {problem}", path=path, line=mark.line + 1, column=mark.column + 1
    )


def _plain_yaml_error(exc: yaml.YAMLError, text: str, path: str) -> PolicyError | None:
    """The parser's errors people make most, in plain words: a tab used for indentation (at
    the tab's line and column) and a quote never closed (at the line where it opened)."""
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    context = getattr(exc, "context", None) or ""
    lines = text.splitlines()
    if problem_mark is not None and problem_mark.line < len(lines):
        row = lines[problem_mark.line]
        indent = row[: len(row) - len(row.lstrip(" \t"))]
        if "\t" in indent or row[problem_mark.column : problem_mark.column + 1] == "\t":
            column = (indent.index("\t") if "\t" in indent else problem_mark.column) + 1
            return PolicyError(
                "a tab is not allowed for indentation in YAML; use spaces",
                path=path,
                line=problem_mark.line + 1,
                column=column,
            )
    if "quoted scalar" in context and context_mark is not None:
        return PolicyError(
            f"the quote opened at line {context_mark.line + 1}, column "
            f"{context_mark.column + 1} is never closed: add the closing quote",
            path=path,
            line=context_mark.line + 1,
            column=context_mark.column + 1,
        )
    return None


_TAG = "tag:yaml.org,2002:"
_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


MAX_NUMBER_CHARS = 24
"""The longest number a policy or person file may write: bounded by its text, before it is built."""
MAX_EXPONENT = 12
"""Decimals from 1e-12 to under 1e13 in size: enough for rates, wages and counts alike."""
_WHOLE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)", re.ASCII)
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]*(?:[eE][-+]?[0-9]+)?", re.ASCII)


def _whole(value: str, fail: Callable[[str], PolicyError]) -> int:
    """A whole number written in decimal digits, refused by its text's size and form first."""
    if len(value) > MAX_NUMBER_CHARS:
        raise fail(f"a number of {len(value)} characters is refused (at most {MAX_NUMBER_CHARS})")
    if not _WHOLE.fullmatch(value):
        if "_" in value:
            why = "digit separators (_) are not allowed"
        elif value.lstrip("+-")[:2].lower() in ("0x", "0o", "0b"):
            why = "only decimal numbers are allowed, no hexadecimal, octal or binary"
        else:
            why = "a leading zero is not allowed (write 17, or quote a code as text)"
        raise fail(f"{shorten(value)!r} is not a whole number as policy files write them: {why}")
    return int(value)


def _decimal(value: str, fail: Callable[[str], PolicyError]) -> Decimal:
    """A decimal number (1560.00, 0.8, 1.5e2), exact, with a bounded size and exponent."""
    if len(value) > MAX_NUMBER_CHARS:
        raise fail(f"a number of {len(value)} characters is refused (at most {MAX_NUMBER_CHARS})")
    if not _DECIMAL.fullmatch(value):
        if value.lstrip("+-").lower() in (".inf", ".nan"):
            raise fail(f"{value!r} is not a finite number")
        why = (
            "digit separators (_) are not allowed" if "_" in value else "write it as 0.8 or 1560.00"
        )
        raise fail(f"{shorten(value)!r} is not a decimal number as policy files write them: {why}")
    _mantissa, _, exponent = value.lower().partition("e")
    if exponent and abs(int(exponent)) > MAX_EXPONENT:
        raise fail(f"{value!r}: an exponent beyond ±{MAX_EXPONENT} is refused")
    number = Decimal(value)
    if number != 0 and not -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
        raise fail(f"{value!r} is out of the range numbers in these files take")
    return number


def _scalar(node: yaml.ScalarNode, at: YamlPath, path: str) -> Any:
    tag = node.tag.removeprefix(_TAG)
    value = node.value

    def fail(message: str) -> PolicyError:
        m = _mark(path, node)
        return PolicyError(
            message, path=path, line=m.line, column=m.column, yaml_path=format_path(at)
        )

    if tag == "str":
        return value
    if tag == "null":
        return None
    if tag == "bool":
        # YAML 1.2 booleans only: yes/no/on/off stay text (the "Norway problem")
        lowered = value.lower()
        return lowered == "true" if lowered in ("true", "false") else value
    if tag in ("int", "float") and ":" in value:
        return value  # YAML 1.1 sexagesimal (1:20): text, as in YAML 1.2
    if tag == "int":
        return _whole(value, fail)
    if tag == "float":
        return _decimal(value, fail)
    if tag == "timestamp":
        if not _DATE_SHAPE.match(value):
            raise fail(f"'{value}' is a date-time; write a date as YYYY-MM-DD")
        try:
            return _dt.date.fromisoformat(value)
        except ValueError as exc:
            raise fail(f"'{value}' is not a valid date ({exc})") from None
    raise fail(f"unsupported YAML tag '{node.tag}': policy files hold plain data")


def _build(node: yaml.Node, at: YamlPath, doc: LocatedDocument) -> Any:
    doc.marks[at] = _mark(doc.path, node)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, at, doc.path)
    expected = "seq" if isinstance(node, yaml.SequenceNode) else "map"
    if node.tag != _TAG + expected:
        m = doc.marks[at]
        raise PolicyError(
            f"unsupported YAML tag '{node.tag}': policy files hold plain data",
            path=doc.path,
            line=m.line,
            column=m.column,
            yaml_path=format_path(at),
        )
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*at, i), doc) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            # keys are always text: `on:` is a key named "on", `1:` a key named "1"
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                m = _mark(doc.path, key_node)
                raise PolicyError(
                    "mapping keys must be plain text",
                    path=doc.path,
                    line=m.line,
                    column=m.column,
                    yaml_path=format_path(at),
                )
            if key in out:
                m = _mark(doc.path, key_node)
                raise PolicyError(
                    f"duplicate key '{shorten(key)}' (first at line {doc.key_marks[(*at, key)].line})",
                    path=doc.path,
                    line=m.line,
                    column=m.column,
                    yaml_path=format_path(at),
                )
            doc.key_marks[(*at, key)] = _mark(doc.path, key_node)
            out[key] = _build(value_node, (*at, key), doc)
        return out
    raise PolicyError("unsupported YAML node", path=doc.path)  # pragma: no cover


def loads(text: str, path: str = "<string>", budget: Budget | None = None) -> LocatedDocument:
    """Parse YAML text into a LocatedDocument, refusing hostile or malformed input."""
    size = len(text.encode("utf-8", errors="replace"))
    if size > MAX_BYTES:
        raise PolicyError(f"file larger than {MAX_BYTES} bytes is refused", path=path)
    _charge(budget, size, path)
    _prescan(text, path, budget)
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text, path) from None
    if len(nodes) > 1:
        raise PolicyError("one YAML document per file, found several", path=path)
    doc = LocatedDocument(path=path, data=None)
    if nodes and nodes[0] is not None:
        doc.data = _build(nodes[0], (), doc)
    return doc


def _charge(budget: Budget | None, size: int, path: str) -> None:
    if budget is None:
        return
    if size > budget.bytes_left:
        raise BudgetError(
            f"more than {MAX_CHAIN_BYTES} bytes in all the files of the chain is refused",
            path=path,
        )
    budget.bytes_left -= size


def check_path(path: str | Path, shown: str | None = None) -> None:
    """Refuse a file name no file system holds: a NUL, a lone surrogate, over-long parts.

    These are input like any other: a one-line PolicyError, never an OSError, ValueError
    or UnicodeEncodeError from deep inside `open`.
    """
    text = str(path)
    where = shorten(shown if shown is not None else text, 80)
    if "\0" in text:
        raise PolicyError("a file name cannot hold a NUL character", path=where)
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        raise PolicyError(
            "the file name is not valid text (it holds a lone surrogate)", path=where
        ) from None
    longest = max((len(part) for part in encoded.split(b"/")), default=0)
    if longest > MAX_NAME_BYTES:
        raise PolicyError(
            f"a file name of {longest} bytes is refused (at most {MAX_NAME_BYTES})", path=where
        )
    if len(encoded) > MAX_PATH_BYTES:
        raise PolicyError(
            f"a path of {len(encoded)} bytes is refused (at most {MAX_PATH_BYTES})", path=where
        )


def read_bytes(path: str | Path, shown: str, limit: int = MAX_BYTES) -> bytes:
    """At most `limit` + 1 bytes of a regular file; anything else is refused, never opened.

    A FIFO would block `open` forever and a device (/dev/zero, a terminal) read forever or
    wait for input: the file's kind is checked with `os.stat` first, opened without blocking
    and checked again on the open descriptor (the name may have changed in between).
    """
    check_path(path, shown)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise PolicyError(f"cannot read file: {exc.strerror}", path=shown) from None
    if not stat.S_ISREG(info.st_mode):
        raise PolicyError(_not_regular(info.st_mode), path=shown)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise PolicyError(f"cannot read file: {exc.strerror}", path=shown) from None
    with os.fdopen(fd, "rb") as f:
        mode = os.fstat(f.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise PolicyError(_not_regular(mode), path=shown)
        try:
            return f.read(limit + 1)
        except OSError as exc:
            raise PolicyError(f"cannot read file: {exc.strerror}", path=shown) from None


def _not_regular(mode: int) -> str:
    kind = (
        "a folder"
        if stat.S_ISDIR(mode)
        else "a FIFO (named pipe)"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "not a regular file"
    )
    return f"cannot read file: it is {kind}, and only regular files are read"


def load(
    path: str | Path, display: str | None = None, budget: Budget | None = None
) -> LocatedDocument:
    """Read and parse a YAML file; `display` is the name used in messages.

    `budget`, shared by the files of one chain, bounds their bytes and nodes together.
    """
    shown = display or str(path)
    raw = read_bytes(path, shown)
    if len(raw) > MAX_BYTES:
        raise PolicyError(f"file larger than {MAX_BYTES} bytes is refused", path=shown)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw[:line_start].count(b"\n") + 1
        column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise PolicyError(
            f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            path=shown,
            line=line,
            column=column,
        ) from None
    return loads(text, shown, budget)


def walk(data: Any, at: YamlPath = ()) -> Iterator[tuple[YamlPath, Any]]:
    """Every (path, value) pair in plain data, depth first."""
    yield at, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from walk(v, (*at, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from walk(v, (*at, i))
