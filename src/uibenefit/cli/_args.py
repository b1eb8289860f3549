"""Option types shared by subcommands: a bad value is a usage error (exit 2), as argparse says."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any


def date(text: str) -> dt.date:
    """`--as-of 2021-06-30`: an ISO date within the years a claimant's dates may take."""
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
