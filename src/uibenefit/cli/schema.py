"""`uibenefit schema`: a JSON Schema of the policy format, generated from the models.

By default the schema itself (for an editor's `yaml.schemas` setting); `--format json` wraps
it as `{"format_version": 1, "policy_format": 1, "schema": {…}}` like the other commands.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from . import _output
from ._commands import summary as command_summary

EXAMPLES = _output.examples(
    "uibenefit schema > policy.schema.json",
    "uibenefit schema --format json",
)


def register(subs: Any) -> None:
    """Add the subcommand."""
    p = subs.add_parser(
        "schema",
        help=command_summary("schema"),
        description="The JSON Schema of policy files, so an editor checks and completes them.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text: the bare JSON Schema (default); json: wrapped with a format_version",
    )
    _output.add_lang(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the schema."""
    from ..law._model import json_schema

    schema = json_schema()
    if args.format == "json":
        _output.print_json(_output.envelope(policy_format=1, schema=schema))
    else:
        print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0
