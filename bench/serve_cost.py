"""Benchmark: what one service request costs inside the server, without the network.

    .venv/bin/python bench/serve_cost.py [--path /v1/evaluate] [--requests 200] [--rounds 7]
    .venv/bin/python bench/serve_cost.py --instructions [--requests 50]

Builds the app as `uibenefit serve` does and calls it as an ASGI app with bench/serve.py's
bodies (the same seeded claimants): the request's whole path through the app (body limit, access
log, reading, deciding, writing the JSON), no socket. By default it prints the CPU time per
request (the least of `--rounds` rounds). On a shared machine that figure moves by a quarter
from one minute to the next; `--instructions` runs the requests under valgrind's callgrind,
counting instructions only while they run (not the app's start, nor the interpreter's exit),
which gives the
same count on a busy machine as on an idle one: the figure to compare two versions with.
A script, not a test: it prints figures and asserts nothing about time.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import _bodies

CONFIG = {"policies_dir": None, "max_rows": 100_000, "timeout": 10.0, "records": None}


def _app() -> Any:
    os.environ["UIBENEFIT_SERVE_CONFIG"] = json.dumps(CONFIG)
    from uibenefit.cli.serve import factory

    return factory()


def _caller(app: Any, path: str) -> Any:
    async def call(raw: bytes) -> int:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [
                (b"host", b"127.0.0.1"),
                (b"content-type", b"application/json"),
                (b"content-length", str(len(raw)).encode()),
            ],
            "client": ("127.0.0.1", 5000),
            "server": ("127.0.0.1", 8000),
            "state": {},
        }
        status = 0

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": raw, "more_body": False}

        async def send(message: Any) -> None:
            nonlocal status
            status = message.get("status", status)

        await app(scope, receive, send)
        return status

    return call


def _requests(path: str, count: int, seed: int) -> list[bytes]:
    bodies = _bodies(count + 20, seed)
    if path != "/v1/evaluate":  # eligibility: the claimant alone
        bodies = [b.split(b', "events"')[0] + b"}" for b in bodies]
    return bodies


async def _timed(args: argparse.Namespace) -> None:
    call = _caller(_app(), args.path)
    bodies = _requests(args.path, args.requests, args.seed)
    for raw in bodies:
        assert await call(raw) == 200, "a request was refused"
    gc.collect()
    best = float("inf")
    for _ in range(args.rounds):
        start = time.process_time()
        for raw in bodies[20:]:
            await call(raw)
        best = min(best, (time.process_time() - start) / args.requests)
    print(
        f"POST {args.path}: {best * 1e6:,.0f} µs of CPU a request (least of {args.rounds} rounds)"
    )


async def _counted(args: argparse.Namespace) -> None:
    """Run inside callgrind: warm up, say ready, wait for the go, run the requests."""
    call = _caller(_app(), args.path)
    bodies = _requests(args.path, args.requests, args.seed)
    for raw in bodies[:20]:
        await call(raw)
    Path(args.signal, "ready").touch()
    while not Path(args.signal, "go").exists():
        await asyncio.sleep(0.05)
    for raw in bodies[20:]:
        await call(raw)
    Path(args.signal, "done").touch()  # counting stops here: not the interpreter's exit
    while not Path(args.signal, "exit").exists():
        await asyncio.sleep(0.05)


def _instructions(args: argparse.Namespace) -> None:
    if not shutil.which("valgrind"):
        raise SystemExit("--instructions needs valgrind (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as signal:
        out = Path(signal, "callgrind.out")
        command = [
            "valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
            sys.executable, __file__, "--inside", signal, "--path", args.path,
            "--requests", str(args.requests), "--seed", str(args.seed),
        ]  # fmt: skip
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while not Path(signal, "ready").exists():
            if child.poll() is not None:
                raise SystemExit("the app did not start under valgrind")
            time.sleep(0.5)
        subprocess.run(["callgrind_control", "-i", "on", str(child.pid)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        Path(signal, "go").touch()
        while not Path(signal, "done").exists():
            if child.poll() is not None:
                raise SystemExit("the requests did not run under valgrind")
            time.sleep(0.2)
        subprocess.run(["callgrind_control", "--dump", str(child.pid)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        Path(signal, "exit").touch()
        child.wait()
        dumped = sorted(Path(signal).glob("callgrind.out.*"))  # the dump of the requests alone
        if not dumped:
            raise SystemExit("callgrind wrote no dump")
        total = re.search(r"^(?:summary|totals): (\d+)", dumped[0].read_text(), re.M)
        if total is None:
            raise SystemExit("callgrind wrote no total")
    per = int(total.group(1)) / args.requests
    print(f"POST {args.path}: {per / 1e6:.2f} M instructions a request ({args.requests} requests)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--path", default="/v1/evaluate", choices=["/v1/evaluate", "/v1/eligibility"])
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--seed", type=int, default=20200427)
    ap.add_argument("--instructions", action="store_true", help="count them under callgrind")
    ap.add_argument("--inside", metavar="DIR", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inside:
        args.signal = args.inside
        asyncio.run(_counted(args))
    elif args.instructions:
        _instructions(args)
    else:
        asyncio.run(_timed(args))


if __name__ == "__main__":
    main()
