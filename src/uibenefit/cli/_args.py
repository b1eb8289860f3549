"""Option types shared by subcommands: a bad value is a usage error (exit 2), as argparse says."""

from __future__ import annotations

import argparse
import datetime as dt


def date(text: str) -> dt.date:
    """`--as-of 2021-06-30`: an ISO date within the years a claimant's dates may take."""
    from ..claimant import EARLIEST, LATEST

    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None
    if not EARLIEST <= value <= LATEST:
        raise argparse.ArgumentTypeError(f"{value} is outside {EARLIEST.year}–{LATEST.year}")
    return value
