"""`uibenefit serve`: the library over HTTP and the caseworker's page (needs the `serve` extra)."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path
from typing import Any

from ..errors import UIBenefitError
from . import _output
from ._commands import summary as command_summary

CONFIG_ENV = "UIBENEFIT_SERVE_CONFIG"


def register(subs: Any) -> None:
    """Add the subcommand."""
    p = subs.add_parser(
        "serve",
        help=command_summary("serve"),
        description="The library over HTTP (see docs/integrators.md) and the caseworker's page.",
        epilog=_output.examples(
            "uibenefit serve --port 8000",
            "uibenefit serve --policies-dir examples/reforms --workers 2",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--policies-dir", help="also serve every policy .yaml file in this folder")
    p.add_argument(
        "--records",
        metavar="DIR",
        help="the agency's records (persons, contributions, separations, claims, events): the "
        "page looks a claimant up by id number and fills the form from them",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument(
        "--workers", type=int, default=1, help="worker processes (default: 1); see integrators.md"
    )
    p.add_argument("--max-rows", type=int, default=100_000, help="rows per /v1/batch request")
    p.add_argument(
        "--timeout", type=float, default=10.0, help="seconds one evaluation may take (batch: 6×)"
    )
    p.set_defaults(run=run)


SWITCH_INTERVAL = 0.001
"""Seconds a thread computing a decision keeps the GIL while the event loop waits for it.

Python's default, 5 ms, made the event loop (which reads requests and writes answers) wait
behind the threads computing other requests; at 1 ms the server answered 1.5 times as many
requests a second with 8 clients (bench/serve.py), for the same CPU per request."""


def factory() -> Any:
    """The app a worker process builds, configured through the environment by `run`."""
    from ..service import Limits, create_app

    sys.setswitchinterval(SWITCH_INTERVAL)

    config = json.loads(os.environ.get(CONFIG_ENV, "{}"))
    limits = Limits(
        batch_rows=config.get("max_rows", 100_000),
        seconds=config.get("timeout", 10.0),
        batch_seconds=6 * config.get("timeout", 10.0),
    )
    app = create_app(config.get("policies_dir"), limits, config.get("records"))
    # the loaded policies live as long as the process: kept out of the cyclic collector's
    # full passes, which otherwise walk them all again every few thousand requests
    gc.collect()
    gc.freeze()
    return app


LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "line"}},
    "loggers": {
        "uibenefit.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uibenefit.service": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


def run(args: argparse.Namespace) -> int:
    """Check the policies, then serve until interrupted."""
    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ImportError as exc:
        raise UIBenefitError(
            f"`uibenefit serve` needs the serve extra: pip install 'uibenefit[serve]' ({exc})"
        ) from None
    from ..service._corked import CorkedHttpTools

    policies_dir = str(Path(args.policies_dir).resolve()) if args.policies_dir else None
    records = str(Path(args.records).resolve()) if args.records else None
    config = {
        "policies_dir": policies_dir,
        "max_rows": args.max_rows,
        "timeout": args.timeout,
        "records": records,
    }
    os.environ[CONFIG_ENV] = json.dumps(config)
    app = factory()  # a bad policy file stops here, with its file and line
    uvicorn.run(
        # several workers each build their own app (a process shares nothing)
        "uibenefit.cli.serve:factory" if args.workers > 1 else app,
        factory=args.workers > 1,
        host=args.host,
        port=args.port,
        workers=args.workers if args.workers > 1 else None,
        access_log=False,
        log_config=LOG_CONFIG,
        server_header=False,
        http=CorkedHttpTools,
        limit_concurrency=512,
        timeout_keep_alive=5,
    )
    return 0
