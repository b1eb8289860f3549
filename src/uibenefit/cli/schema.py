"""`uibenefit schema`: a JSON Schema of the policy format, generated from the models."""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(subs: Any) -> None:
    """Add the subcommand."""
    p = subs.add_parser("schema", help="print the JSON Schema of policy files")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the schema."""
    from .._model import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0
