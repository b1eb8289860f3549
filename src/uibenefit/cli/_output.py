"""What every subcommand shares: `--format text|json`, the JSON envelope, errors as JSON.

Every JSON document the command line prints has a top-level `format_version` (this module's
`FORMAT_VERSION`; `evaluate` prints `Decision.to_dict()`, whose own version is
`results.DECISION_FORMAT`). Under `--format json` an error is one JSON object on standard
error: `{"format_version": 1, "error": {"type": "InputError", "message": …, "field": …,
"path": …, "line": …}}`, the fields of the exception.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from ..errors import CalendarCoverageError, InputError, PolicyError, UIBenefitError

FORMAT_VERSION = 1
"""The version of the JSON shapes of `check`, `show`, `test`, `schema` and errors."""

_FIELDS: dict[type[UIBenefitError], tuple[str, ...]] = {
    PolicyError: ("path", "line", "column", "yaml_path"),
    InputError: ("field", "path", "line"),
    CalendarCoverageError: ("year", "field", "path", "line"),
}


def add_format(p: Any, what: str) -> None:
    """`--format text|json` on a subcommand's parser."""
    p.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help=f"text for people (default) or json for programs: {what}, with a format_version",
    )


def envelope(**data: Any) -> dict[str, Any]:
    """A JSON document of the command line: `format_version` first, then `data`."""
    from ..values.results import to_jsonable  # the values module, imported once output is written

    return {"format_version": FORMAT_VERSION, **to_jsonable(data)}


def print_json(data: Any) -> None:
    """Print one JSON document, Chinese kept readable."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def error_dict(exc: UIBenefitError) -> dict[str, Any]:
    """An error as data: its type, message, detail and the fields its class carries."""
    kind = next((k for k in _FIELDS if isinstance(exc, k)), None)
    out: dict[str, Any] = {"type": type(exc).__name__, "message": str(exc)}
    out["detail"] = getattr(exc, "detail", str(exc))
    for name in _FIELDS.get(kind, ()) if kind is not None else ():
        out[name] = getattr(exc, name, None)
    out["message_zh"] = exc.message_zh
    # every problem of the file, each located, in English and Chinese
    out["problems"] = [
        {
            "field": i.field,
            "path": i.path,
            "line": i.line,
            "column": i.column,
            "message": i.message,
            "message_zh": i.message_zh,
        }
        for i in exc.problems
    ]
    return out


def print_error(exc: UIBenefitError, as_json: bool, lang: str = "en") -> None:
    """`error: …` (`错误：…` under --lang zh) on standard error, or under --format json the
    error as a JSON object (both languages)."""
    if as_json:
        doc = {"format_version": FORMAT_VERSION, "error": error_dict(exc)}
        print(json.dumps(doc, ensure_ascii=False), file=sys.stderr)
    elif lang == "zh":
        print(f"错误：{_located_zh(exc)}", file=sys.stderr)
    else:
        print(f"error: {exc}", file=sys.stderr)


_C0 = re.compile("[\x00-\x08\x0b-\x1f]")
_WIDE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def visible(text: str) -> str:
    """`text` with every control character a file could smuggle in (ESC, BEL, NUL, CR, C1,
    bidi overrides, lone surrogates) written as a visible escape; newlines and tabs kept.

    C0 characters become `\\x1b`; the others `\\u009b`, which is also a JSON escape, so a
    JSON document stays valid JSON with the same strings (json.dumps escapes C0 itself).
    """
    text = _C0.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return _WIDE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class Guarded:
    """A text stream that writes `visible(text)`: whatever a policy, scenario or person file
    holds, the terminal (or a pipe) receives no escape sequence from it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        if text.startswith("\r") and "\r" not in text[1:]:
            # a progress bar redrawing its line: the one carriage return is its own, the rest
            # (a name, a count) shown as it is
            self.stream.write("\r" + visible(text[1:]))
        else:
            self.stream.write(visible(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """Standard output and error guarded (see `Guarded`) for the duration of a command."""
    out, err = sys.stdout, sys.stderr
    sys.stdout = Guarded(out)
    sys.stderr = Guarded(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def _located_zh(exc: UIBenefitError) -> str:
    """The error in Chinese, each problem with its file, line and field."""
    if exc.problems:
        return exc.message_zh
    from ..values._messages import zh

    return zh(str(exc))


def add_lang(p: Any, default: str | None = None, what: str = "messages and errors") -> None:
    """`--lang zh|en`: the language of the command's messages and errors (and of `what`
    else it writes: a report)."""
    p.add_argument(
        "--lang",
        choices=["zh", "en"],
        default=default,
        help=f"language of {what} (default: " + ("en" if default is None else default) + ")",
    )


def examples(*commands: str) -> str:
    """The end of a command's --help: real examples, one a line."""
    return "examples:\n" + "\n".join(f"  {c}" for c in commands)
