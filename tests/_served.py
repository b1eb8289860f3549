"""An app served by uvicorn as `uibenefit serve` serves it (the corked httptools protocol), on
127.0.0.1 and a free port, in a thread of the test process."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest


@contextlib.contextmanager
def served(app: Any) -> Iterator[int]:
    """The port `app` is served on while the block runs; the server stopped after."""
    import uvicorn

    from uibenefit.service._corked import CorkedHttpTools

    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="warning", http=CorkedHttpTools
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    try:
        yield srv.servers[0].sockets[0].getsockname()[1]
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
