"""The subcommands, each with the module that defines it and its one-line summary.

`uibenefit --help` lists these lines without importing any command's module; a command's own
module (and what it needs) is imported only when that command is run.
"""

from __future__ import annotations

COMMANDS: dict[str, tuple[str, str]] = {
    "evaluate": ("evaluate", "evaluate a person file under a policy"),
    "check": ("check", "validate policies and report conflicts between layers"),
    "show": ("show", "print the resolved policy with provenance"),
    "schema": ("schema", "print the JSON Schema of policy files"),
    "docs": ("docs_cmd", "write a Markdown reference of each layer, generated from the YAML"),
    "test": ("scenario_cmd", "run auditor scenario files (YAML cases with expectations)"),
    "serve": ("serve", "serve the policies over HTTP, with a caseworker's page"),
    "batch": (
        "batch",
        "evaluate a table of claimants (Parquet or CSV) into a Parquet decision table",
    ),
    "synth": ("batch", "write synthetic claimants of the league, 2017–2026"),
    "impact": (
        "impact",
        "what one or more what-ifs do to a population: cost, winners, losers, a report",
    ),
    "audit": (
        "audit",
        "audit a payments ledger against stops, amounts, pay-by dates and continuation",
    ),
    "prefill": ("prefill_cmd", "pre-fill a person's claim from the agency's records, to confirm"),
    "records": (
        "records_cmd",
        "work with the agency's record tables (persons, contributions, ...)",
    ),
    "continuation": (
        "continuation_cmd",
        "list everyone owed continuation until retirement, from the records",
    ),
    "completion": ("completion", "print a shell completion script for bash or zsh"),
}


def summary(name: str) -> str:
    """The one line `uibenefit --help` shows for a command."""
    return COMMANDS[name][1]
