"""Option types shared by subcommands: a bad value is a usage error (exit 2), as argparse says."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import datetime as dt
    import re


def date(text: str) -> dt.date:
    """`--as-of 2021-06-30`: an ISO date within the years a claimant's dates may take."""
    import datetime as dt

    from ..values.claimant import EARLIEST, LATEST

    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None
    if not EARLIEST <= value <= LATEST:
        raise argparse.ArgumentTypeError(f"{value} is outside {EARLIEST.year}–{LATEST.year}")
    return value


STDIN_CHUNK = 65_536


def read_stdin(limit: int | None = None) -> str:
    """Standard input as UTF-8 text, read in chunks and refused past `limit` bytes (the
    policy loader's file limit by default): `< /dev/zero` stops at the limit, not at memory.
    Closed or unreadable input and bytes that are not UTF-8 are InputErrors, not tracebacks."""
    from ..errors import InputError
    from ..values._yaml import MAX_BYTES

    cap = MAX_BYTES if limit is None else limit
    if sys.stdin is None or not hasattr(sys.stdin, "read"):
        raise InputError("standard input is closed: pipe the person file in", path="<stdin>")
    # the bytes underneath when there are (a terminal, a pipe, a file), else the text stream
    stream: Any = getattr(sys.stdin, "buffer", sys.stdin)
    chunks: list[bytes] = []
    size = 0
    try:
        while size <= cap:
            chunk = stream.read(min(STDIN_CHUNK, cap + 1 - size))
            if not chunk:
                break
            if isinstance(chunk, str):
                chunk = chunk.encode("utf-8", errors="surrogatepass")
            chunks.append(chunk)
            size += len(chunk)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "it is closed"
        raise InputError(f"cannot read standard input: {reason}", path="<stdin>") from None
    if size > cap:
        raise InputError(f"more than {cap} bytes on standard input is refused", path="<stdin>")
    raw = b"".join(chunks)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            path="<stdin>",
            line=line,
        ) from None


def lang_in(argv: Sequence[str]) -> str | None:
    """The `--lang` asked on the command line (`--lang zh`, `--lang=zh`), before parsing:
    argparse's own messages (usage, errors, help) follow it. None when not asked."""
    words = list(argv)
    for i, word in enumerate(words):
        if word == "--":
            break
        value = word[7:] if word.startswith("--lang=") else None
        if word == "--lang" and i + 1 < len(words):
            value = words[i + 1]
        if value in ("zh", "en"):
            return value
    return None


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose own words (usage, section titles, -h's help, its errors)
    are in `LANG`; the error's exit code (2) and stream (standard error) are argparse's."""

    LANG: str | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.LANG != "zh":
            return
        from ..values._messages import label

        self._positionals.title = label("argparse.positionals", "zh")
        self._optionals.title = label("argparse.options", "zh")
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = label("argparse.help", "zh")

    def _get_formatter(self) -> argparse.HelpFormatter:
        formatter = super()._get_formatter()
        if self.LANG == "zh":
            from ..values._messages import label

            plain = formatter.add_usage
            prefix = label("argparse.usage", "zh")

            def add_usage(usage: Any, actions: Any, groups: Any, _prefix: Any = None) -> None:
                plain(usage, actions, groups, prefix if _prefix is None else _prefix)

            formatter.add_usage = add_usage  # type: ignore[method-assign,assignment]
            formatter._split_lines = wrap_wide  # type: ignore[method-assign]
        return formatter

    def format_help(self) -> str:
        if self.LANG == "zh":
            self._in_chinese()
        text = super().format_help()
        if self.LANG == "zh":
            from ..values._messages import label

            text = text.replace("\nexamples:\n", "\n" + label("argparse.examples", "zh") + "\n")
        return text

    def _in_chinese(self) -> None:
        """The description, each option's help and each command's summary in Chinese."""
        from ..values._messages import help_zh

        if self.description:
            self.description = help_zh(self.description)
        for action in self._actions:
            if action.help and action.help != argparse.SUPPRESS:
                action.help = help_zh(action.help)
            for choice in getattr(action, "_choices_actions", []):
                choice.help = help_zh(choice.help) if choice.help else choice.help

    def error(self, message: str) -> NoReturn:
        """`prog: error: …` in the parser's language, after the usage; exit code 2."""
        if self.LANG != "zh":
            super().error(message)
        from ..values._messages import label, zh_usage

        self.print_usage(sys.stderr)
        self.exit(2, label("argparse.error", "zh", prog=self.prog, message=zh_usage(message)))


@cache
def _tokens() -> re.Pattern[str]:
    """A Han character or full-width sign, a run of other non-space characters, or spaces."""
    import re

    return re.compile(r"[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+|\s+")


_NO_START = frozenset("，。、；：）》」』”！？")
"""Signs a Chinese line never starts with: they stay at the end of the line before."""


def _width(text: str) -> int:
    """Columns on a terminal: a Han character or full-width sign takes two."""
    return sum(2 if "\u2e80" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" else 1 for c in text)


def wrap_wide(text: str, width: int) -> list[str]:
    """Help text in lines of at most `width` columns, Chinese counted two a character: a line
    breaks between Han characters or at spaces, never inside a Latin word, file or option."""
    lines: list[str] = []
    line = ""
    for token in _tokens().findall(" ".join(text.split())):
        if token.isspace():
            line += token if line else ""
        elif line and _width(line + token) > width and token not in _NO_START:
            lines.append(line.rstrip())
            line = token
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


class ChineseParser(Parser):
    """The parser under `--lang zh` (subcommands' parsers are of the same class)."""

    LANG = "zh"


def parser_class(lang: str | None) -> type[Parser]:
    """The parser class for `lang` (English, argparse's own, unless zh)."""
    return ChineseParser if lang == "zh" else Parser
