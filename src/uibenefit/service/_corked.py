"""uvicorn's HTTP protocol with a response's writes sent together.

uvicorn writes a response's head as soon as the app starts the response, then its body: two
`send` calls on the socket, and on loopback two wake-ups of the client, who reads the head and
then waits again for the body. Profiled under `bench/serve.py` (py-spy, one worker, 8 clients),
the head's write alone was a fifth of the worker's samples, more than writing the decision's
JSON. Here the writes made in one turn of the event loop are held and sent as one at the end of
that turn: the head and body of a response the app gives at once leave in one `send`; a
streamed body still leaves chunk by chunk, each turn's writes together, and nothing is held
past the turn.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class _Corked:
    """A transport whose writes in one turn of the loop leave in one write at its end; every
    other call is the transport's own (closing sends what is held first)."""

    __slots__ = ("_held", "_loop", "_transport")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._held: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not self._held:
            self._loop.call_soon(self.flush)
        self._held.append(bytes(data))

    def flush(self) -> None:
        """Send what is held (a closed transport drops it, as its own write would)."""
        held = self._held
        if held:
            self._held = []
            if not self._transport.is_closing():
                self._transport.write(held[0] if len(held) == 1 else b"".join(held))

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + sum(map(len, self._held))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class CorkedHttpTools(HttpToolsProtocol):
    """`HttpToolsProtocol` writing through `_Corked`: `uvicorn.run(..., http=CorkedHttpTools)`."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        corked: Any = _Corked(transport, asyncio.get_running_loop())
        super().connection_made(corked)
