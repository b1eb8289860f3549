"""Benchmark: the HTTP service under a bounded load on loopback, 8 concurrent clients.

    .venv/bin/python bench/serve.py [--workers 1] [--clients 8] [--requests 2000] [--seconds 60]
                                    [--client socket|http.client] [--rounds 1] [--only PATH]

Starts `uibenefit serve` on 127.0.0.1 and a free port (a child process, stopped at the end),
sends each endpoint at most `--requests` requests from `--clients` threads with keep-alive
connections, for at most `--seconds` each, and prints p50 and p99 latency and requests per
second, with the CPU time of the server and of this client. Only 127.0.0.1 is ever contacted.
The claimants are bench/evaluate.py's seeded random ones, so every run sends the same bodies.
A latency is the time from the request's first byte sent to the response's last byte read.
With `--rounds N` each endpoint is measured N times, each round on new connections (which the
workers share out anew), and the rounds' latencies are also pooled.

The client shares the machine's cores with the server, so its own CPU is taken from the
server's. `--client socket` (the default) writes each request's bytes as they were prepared
and reads the response by its Content-Length: ~0.1 ms of CPU a request. `--client
http.client`, the standard library's client that this script used before, parses every
response's headers in Python: ~0.45 ms a request, a fifth of what the server and client
together spend on 2 cores. A script, not a test: it prints figures and asserts nothing about
time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate import claimant

HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def _ticks(pid: int) -> float:
    """CPU seconds of a process and its children (Linux /proc), 0 where unreadable."""
    total = 0.0
    hz = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        proc, ppid = int(stat.parent.name), int(fields[1])
        if proc == pid or ppid == pid:
            total += (int(fields[11]) + int(fields[12])) / hz
    return total


def _bodies(n: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        person, events, as_of = claimant(rng)
        out.append(
            json.dumps(
                {
                    "claimant": person.to_dict(),
                    "events": [e.to_dict() for e in events],
                    "as_of": as_of.isoformat(),
                }
            ).encode()
        )
    return out


class _Socket:
    """One keep-alive connection that sends prepared requests and reads each response whole
    by its Content-Length (what `uibenefit serve` always sends)."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection((HOST, port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.rest = b""

    def exchange(self, request: bytes) -> int:
        """Send `request`, read its response; its status."""
        self.sock.sendall(request)
        data = self.rest
        while (end := data.find(b"\r\n\r\n")) < 0:
            data += self._more()
        head, body = data[:end], data[end + 4 :]
        at = head.lower().find(b"\r\ncontent-length:")
        if at < 0:
            raise SystemExit("a response without Content-Length")
        stop = head.find(b"\r\n", at + 2)
        length = int(head[at + 17 : stop if stop > 0 else len(head)])
        while len(body) < length:
            body += self._more()
        self.rest = body[length:]
        return int(head[9:12])

    def _more(self) -> bytes:
        chunk = self.sock.recv(262144)
        if not chunk:
            raise SystemExit("the server closed a connection")
        return chunk

    def close(self) -> None:
        self.sock.close()


def _request(method: str, path: str, body: bytes | None) -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nhost: {HOST}\r\n"
    if body is None:
        return (head + "\r\n").encode()
    head += f"content-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n"
    return head.encode() + body


def _load(
    port: int,
    method: str,
    path: str,
    bodies: list[bytes],
    clients: int,
    total: int,
    seconds: float,
    client_kind: str = "socket",
) -> tuple[list[float], float, dict[int, int]]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    counter = iter(range(total))
    deadline = time.monotonic() + seconds

    requests = [_request(method, path, body) for body in bodies or [None]]

    def fast() -> None:
        conn = _Socket(port)
        mine: list[float] = []
        seen: dict[int, int] = {}
        for i in counter:
            if time.monotonic() > deadline:
                break
            request = requests[i % len(requests)]
            start = time.perf_counter()
            status = conn.exchange(request)
            mine.append(time.perf_counter() - start)
            seen[status] = seen.get(status, 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for k, v in seen.items():
                statuses[k] = statuses.get(k, 0) + v

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        mine: list[float] = []
        seen: dict[int, int] = {}
        for i in counter:
            if time.monotonic() > deadline:
                break
            body = bodies[i % len(bodies)] if bodies else None
            headers = {"content-type": "application/json"} if body else {}
            start = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            seen[response.status] = seen.get(response.status, 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for k, v in seen.items():
                statuses[k] = statuses.get(k, 0) + v

    target = fast if client_kind == "socket" else client
    threads = [threading.Thread(target=target) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - start, statuses


def _quantiles(latencies: list[float]) -> tuple[float, float]:
    """p50 and p99 in ms."""
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) * 1000, p99 * 1000


def _row(
    name: str,
    lat: list[float],
    wall: float,
    cpu: float,
    client_cpu: float,
    statuses: dict[int, int],
) -> float:
    """Print one round's line; its p99."""
    p50, p99 = _quantiles(lat)
    print(
        f"{name:<22}{len(lat):>6}{p50:>9.2f}{p99:>9.2f}{len(lat) / wall:>9.0f}{cpu:>19.2f}"
        f"  {statuses}  (client CPU {client_cpu:.2f} ms/req)"
    )
    return p99


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=2000, help="per endpoint, at most")
    ap.add_argument("--seconds", type=float, default=60.0, help="per endpoint, at most")
    ap.add_argument("--seed", type=int, default=20200427)
    ap.add_argument("--client", choices=["socket", "http.client"], default="socket")
    ap.add_argument("--rounds", type=int, default=1, help="rounds per endpoint, new connections")
    ap.add_argument("--only", metavar="PATH", help="only this endpoint, e.g. /v1/evaluate")
    args = ap.parse_args()

    port = _free_port()
    exe = [sys.executable, "-m", "uibenefit", "serve", "--host", HOST, "--port", str(port)]
    server = subprocess.Popen(
        [*exe, "--workers", str(args.workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection(HOST, port, timeout=2)
                conn.request("GET", "/v1/health")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        bodies = _bodies(200, args.seed)
        plan = [
            ("POST", "/v1/evaluate", bodies),
            ("POST", "/v1/eligibility", [b.split(b', "events"')[0] + b"}" for b in bodies]),
            ("GET", "/v1/health", []),
        ]
        print(
            f"uibenefit serve, {args.workers} worker(s), {args.clients} clients ({args.client}), "
            "loopback; "
            f"{os.cpu_count()} CPUs (shared with other work: figures are noisy)"
        )
        print(
            f"{'endpoint':<22}{'n':>6}{'p50 ms':>9}{'p99 ms':>9}{'req/s':>9}"
            f"{'server CPU ms/req':>19}  statuses"
        )
        for method, path, payload in plan:
            if args.only and path != args.only:
                continue
            _load(port, method, path, payload, args.clients, 50, args.seconds, args.client)
            pooled: list[float] = []
            p99s: list[float] = []
            for _ in range(args.rounds):
                cpu0, client0 = _ticks(server.pid), time.process_time()
                lat, wall, statuses = _load(
                    port, method, path, payload, args.clients, args.requests, args.seconds,
                    args.client,
                )  # fmt: skip
                cpu = (_ticks(server.pid) - cpu0) * 1000 / len(lat)
                client_cpu = (time.process_time() - client0) * 1000 / len(lat)
                p99s.append(_row(f"{method} {path}", lat, wall, cpu, client_cpu, statuses))
                pooled.extend(lat)
            if args.rounds > 1:
                p50, p99 = _quantiles(pooled)
                print(
                    f"{'  all rounds':<22}{len(pooled):>6}{p50:>9.2f}{p99:>9.2f}"
                    f"   (p99 of each round: least {min(p99s):.2f}, median "
                    f"{statistics.median(p99s):.2f}, most {max(p99s):.2f})"
                )
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
