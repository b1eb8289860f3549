"""The `uibenefit` command: one module per subcommand, one root error, clear exit codes.

Exit codes: 0 success; 1 a user error (bad file, bad input, failed check or scenario) with a
message naming the file and line (under `--format json`, a JSON object on standard error with
the exception's fields); 2 bad command-line usage (argparse, also a bad option value such as
`--as-of 2021-13-01`); 3 a bug in uibenefit; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

from .._version import __version__
from ..errors import UIBenefitError
from . import _args, _output
from ._commands import COMMANDS


def _module(name: str) -> ModuleType:
    """The module that defines command `name` (imported now, not before it is needed)."""
    return importlib.import_module(f".{COMMANDS[name][0]}", __name__)


def _root(
    lang: str | None = None,
) -> tuple[argparse.ArgumentParser, argparse._SubParsersAction[Any]]:
    root = _args.parser_class(lang)(
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
    return root, root.add_subparsers(dest="command", required=True, metavar="COMMAND")


def parser(only: str | None = None, lang: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: every subcommand in full, or only `only` in full and the others
    as their one-line summary (what `uibenefit --help` and a usage error need); argparse's
    own words in `lang` (English unless zh)."""
    root, subs = _root(lang)
    if only in COMMANDS:
        _module(only).register(subs)  # its module may define more than one command
    for name in COMMANDS:
        if name in subs.choices:
            continue
        if only is None:
            _module(name).register(subs)
        else:
            subs.add_parser(name, help=COMMANDS[name][1])
    return root


def _command_in(argv: Sequence[str]) -> str:
    """The subcommand named on the command line ('' if none): the first word not an option."""
    return next((word for word in argv if not word.startswith("-")), "")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    with _output.guarded():
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    args = parser(only=_command_in(words), lang=_args.lang_in(words)).parse_args(words)
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
        from ..values._messages import label

        print(label("interrupted", getattr(args, "lang", None)), file=sys.stderr)
        return 130
    except Exception:  # pragma: no cover - a bug: say where the details are
        import tempfile
        import traceback

        with tempfile.NamedTemporaryFile(
            "w", prefix="uibenefit-crash-", suffix=".log", delete=False
        ) as log:
            traceback.print_exc(file=log)
        from ..values._messages import label

        lang = getattr(args, "lang", None)
        print(label("internal_error", lang, log=log.name), file=sys.stderr)
        return 3
