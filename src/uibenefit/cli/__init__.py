"""The `uibenefit` command: one module per subcommand, one root error, clear exit codes.

Exit codes: 0 success; 1 a user error (bad file, bad input, failed check or scenario) with a
message naming the file and line (under `--format json`, a JSON object on standard error with
the exception's fields); 2 bad command-line usage (argparse, also a bad option value such as
`--as-of 2021-13-01`); 3 a bug in uibenefit; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from collections.abc import Sequence

from .._version import __version__
from ..errors import UIBenefitError
from . import (
    _output,
    audit,
    batch,
    check,
    completion,
    continuation_cmd,
    docs_cmd,
    evaluate,
    impact,
    prefill_cmd,
    records_cmd,
    scenario_cmd,
    schema,
    serve,
    show,
)

COMMANDS = [
    evaluate,
    check,
    show,
    schema,
    docs_cmd,
    scenario_cmd,
    serve,
    batch,
    impact,
    audit,
    prefill_cmd,
    records_cmd,
    continuation_cmd,
    completion,
]


def parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    root = argparse.ArgumentParser(
        prog="uibenefit",
        description="China's unemployment insurance benefit rules as layered, cited YAML.",
        epilog=_output.examples(
            "uibenefit evaluate examples/person.yaml --lang en",
            "uibenefit check xingan --format json",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    root.add_argument(
        "--version", action="version", version=f"uibenefit {__version__}", help="print the version"
    )
    subs = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(subs)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    with _output.guarded():
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except UIBenefitError as exc:
        lang = getattr(args, "lang", None) or "en"
        _output.print_error(exc, getattr(args, "format", "text") == "json", lang)
        return 1
    except BrokenPipeError:  # pragma: no cover
        return 0
    except KeyboardInterrupt:  # pragma: no cover - Ctrl-C is the user's choice, not a bug
        print("interrupted", file=sys.stderr)
        return 130
    except Exception:  # pragma: no cover - a bug: say where the details are
        with tempfile.NamedTemporaryFile(
            "w", prefix="uibenefit-crash-", suffix=".log", delete=False
        ) as log:
            traceback.print_exc(file=log)
        print(f"internal error in uibenefit; details in {log.name}", file=sys.stderr)
        return 3
