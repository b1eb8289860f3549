"""Batches run in worker processes the server can stop: a request past its time limit is
answered 503 and its worker killed, so its computation ends and its memory goes back.

A thread cannot be stopped in Python: a timed-out batch used to run on after its 503
(three 100,000-row uploads: +32 s of CPU and 0.7 GB kept). Each worker is a spawned process
that loads its policies once and answers one task at a time over a pipe; a worker that served
a large upload is replaced, so what it unpacked is not kept either.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import queue
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

LOG = logging.getLogger("uibenefit.service")
RECYCLE_BYTES = 4 * 1024 * 1024
"""A worker that read an upload this large is replaced after answering (its memory freed)."""

Task = tuple[str, Callable[..., Any], tuple[Any, ...]]
"""(policy spec, function, arguments): the function gets the loaded policy first."""


def _serve(conn: Connection) -> None:  # pragma: no cover - runs in the worker process
    from ..errors import UIBenefitError
    from ..policy import load_policy
    from ._problems import Problem, from_error, problem

    policies: dict[str, Any] = {}
    while True:
        try:
            spec, fn, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if spec not in policies:
                policies[spec] = load_policy(spec)
            out: tuple[Any, ...] = ("ok", fn(policies[spec], *args))
        except Problem as exc:
            out = ("problem", exc.status, exc.problems)
        except UIBenefitError as exc:
            p = from_error(exc)
            out = ("problem", p.status, p.problems)
        except MemoryError:
            out = ("problem", 413, [problem("the upload needs more memory than the server has")])
        except Exception:
            LOG.exception("internal error in a batch worker")
            out = ("crash",)
        try:
            conn.send(out)
        except (OSError, ValueError):
            return


class Worker:
    """One spawned process and the pipe to it."""

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def call(self, task: Task, seconds: float) -> tuple[Any, ...]:
        """The worker's answer, or TimeoutError when it takes longer than `seconds`."""
        self.conn.send(task)
        if not self.conn.poll(max(seconds, 0.0)):
            raise TimeoutError
        answer: tuple[Any, ...] = self.conn.recv()
        return answer

    def stop(self) -> None:
        """Kill the process (its computation stops, its memory is freed) and wait for it."""
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
        self.process.join(5)
        with contextlib.suppress(OSError):
            self.conn.close()


class Pool:
    """At most `size` workers, started when first needed."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.started = 0
        self.lock = threading.Lock()

    def _take(self, seconds: float) -> Worker:
        with contextlib.suppress(queue.Empty):
            return self.idle.get_nowait()
        with self.lock:
            if self.started < self.size:
                self.started += 1
                try:
                    return Worker()
                except Exception:
                    self.started -= 1
                    raise
        try:
            return self.idle.get(timeout=max(seconds, 0.0))
        except queue.Empty:
            raise TimeoutError from None

    def _drop(self, worker: Worker) -> None:
        worker.stop()
        with self.lock:
            self.started -= 1

    def run(self, task: Task, seconds: float, size: int = 0) -> tuple[Any, ...]:
        """Run `task` in a worker within `seconds` (TimeoutError past them, the worker killed);
        `size`, the upload's bytes, decides whether the worker is replaced afterwards."""
        deadline = time.monotonic() + seconds
        worker = self._take(seconds)
        try:
            answer = worker.call(task, deadline - time.monotonic())
        except BaseException:
            self._drop(worker)
            raise
        if size > RECYCLE_BYTES or answer[0] == "crash":
            self._drop(worker)
        else:
            self.idle.put(worker)
        return answer

    def close(self) -> None:
        """Stop every idle worker (a busy one is stopped when its request ends)."""
        while True:
            try:
                worker = self.idle.get_nowait()
            except queue.Empty:
                return
            self._drop(worker)
