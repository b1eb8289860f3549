"""The served protocol sends a response's writes of one loop turn as one write (service/_corked.py),
and a client still gets every response whole: head, body, keep-alive, errors."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest

uvicorn = pytest.importorskip("uvicorn")
pytest.importorskip("fastapi")

from _served import served  # noqa: E402

from uibenefit.service import create_app  # noqa: E402
from uibenefit.service._corked import _Corked  # noqa: E402
from uibenefit.service._openapi import EXAMPLE_CLAIMANT  # noqa: E402


class _Transport:
    """A transport that records what is written to it."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False
        self.extra = {"peername": ("127.0.0.1", 5)}

    def write(self, data: bytes) -> None:
        self.writes.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def get_write_buffer_size(self) -> int:
        return 7

    def get_extra_info(self, name: str) -> Any:
        return self.extra.get(name)


def _corked() -> tuple[_Corked, _Transport, asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    raw = _Transport()
    return _Corked(raw, loop), raw, loop  # type: ignore[arg-type]


def test_writes_of_one_turn_leave_as_one_at_its_end() -> None:
    corked, raw, loop = _corked()

    async def respond() -> None:
        corked.write(b"HTTP/1.1 200 OK\r\n\r\n")
        corked.write(memoryview(b'{"a": 1}'))
        assert raw.writes == []  # held within the turn
        assert corked.get_write_buffer_size() == 7 + 19 + 8
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        assert raw.writes == [b'HTTP/1.1 200 OK\r\n\r\n{"a": 1}']
        corked.write(b"next")  # a later turn: its own write
        await asyncio.sleep(0)
        await asyncio.sleep(0)

    loop.run_until_complete(respond())
    loop.close()
    assert raw.writes == [b'HTTP/1.1 200 OK\r\n\r\n{"a": 1}', b"next"]


def test_closing_sends_what_is_held_first() -> None:
    corked, raw, loop = _corked()
    corked.write(b"head")
    corked.write(b"body")
    corked.close()
    assert raw.writes == [b"headbody"] and raw.closed
    loop.run_until_complete(asyncio.sleep(0))  # the turn's flush finds nothing more
    loop.close()
    assert raw.writes == [b"headbody"]


def test_a_closed_transport_drops_what_is_held() -> None:
    corked, raw, loop = _corked()
    corked.write(b"late")
    raw.closed = True
    loop.run_until_complete(asyncio.sleep(0))
    loop.close()
    assert raw.writes == []


def test_other_calls_are_the_transports() -> None:
    corked, _raw, loop = _corked()
    assert corked.get_extra_info("peername") == ("127.0.0.1", 5)
    assert corked.is_closing() is False
    loop.close()


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    with served(create_app()) as port:
        yield port


def _response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 response with a Content-Length, read whole from a keep-alive socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, "the server closed the connection"
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:])
    length = int(headers["content-length"])
    while len(body) < length:
        body += sock.recv(65536)
    assert len(body) == length  # nothing of the next response, nothing short
    return int(lines[0].split()[1]), headers, body


def _post(path: str, body: bytes) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\n\r\n"
    ).encode() + body


def test_responses_arrive_whole_on_one_connection(port: int) -> None:
    good = json.dumps({"claimant": EXAMPLE_CLAIMANT}).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(_post("/v1/evaluate", good))
        status, headers, body = _response(sock)
        assert status == 200 and headers["content-type"] == "application/json"
        assert json.loads(body)["eligibility"]["eligible"] is True
        sock.sendall(_post("/v1/evaluate", b'{"claimant": {}}'))  # refused, same connection
        status, headers, body = _response(sock)
        assert status == 422 and json.loads(body)["status"] == 422
        sock.sendall(b"GET /v1/health HTTP/1.1\r\nhost: x\r\n\r\n")
        status, _, body = _response(sock)
        assert status == 200 and json.loads(body)["status"] == "ok"
