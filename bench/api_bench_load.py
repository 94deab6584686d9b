"""The load generator of `api_bench.py`: keep-alive clients on raw sockets (one asyncio loop,
uvloop when installed), each sending requests back to back and timing each answer; misses and
hits are told apart by the `X-Monotown-Cache` header.

It shares the two cores with the server, so it is kept cheap per request (no HTTP library, the
answer's head parsed by hand) and its own CPU time is measured and printed, as is the servers'.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from api_bench_mix import WRITE_SHARE, Mix

TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(
        default_factory=lambda: {"miss": [], "hit": [], "write": []}
    )
    errors: list[str] = field(default_factory=list)
    client_cpu: float = 0.0  # seconds of CPU the load generator used
    server_cpu: float = 0.0  # seconds of CPU the server's processes used

    def count(self) -> int:
        return sum(len(v) for v in self.latencies.values())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def line(label: str, values: list[float], seconds: float) -> str:
    return (
        f"  {label:<30} {len(values) / seconds:7.0f} req/s   p50 {percentile(values, 0.5):6.1f} ms"
        f"   p95 {percentile(values, 0.95):6.1f} ms   p99 {percentile(values, 0.99):6.1f} ms"
        f"   ({len(values):,})"
    )


def report(label: str, tally: Tally, seconds: float) -> None:
    count = tally.count()
    print(f"{label}: {count / seconds:,.0f} requests/s in all, errors {len(tally.errors)}")
    for kind in ("miss", "hit", "write"):
        if tally.latencies[kind]:
            print(line({"miss": "cache misses", "hit": "cache hits", "write": "writes"}[kind],
                       tally.latencies[kind], seconds))  # fmt: skip
    if count:
        print(
            f"  CPU per request: server {tally.server_cpu / count * 1000:.2f} ms, load generator "
            f"{tally.client_cpu / count * 1000:.2f} ms ({tally.server_cpu:.1f} s and "
            f"{tally.client_cpu:.1f} s in {seconds:.0f} s); load {load_average()}"
        )
    for error in tally.errors[:3]:
        print(f"  error: {error}")


def load_average() -> str:
    """The machine's load averages (1, 5, 15 minutes), printed beside every figure."""
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def process_tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used by a process and its children still running."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICKS
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending.extend(int(child) for child in children)
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
    return total


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length, chunked = 0, False
    for raw in head.split(b"\r\n"):
        lower = raw.lower()
        if lower.startswith(b"content-length:"):
            length = int(raw.split(b":", 1)[1])
        elif lower.startswith(b"transfer-encoding:") and b"chunked" in lower:
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.readexactly(length)
    return status, head


@dataclass(frozen=True)
class Target:
    """Where the clients send what: the port, the tokens, writes or not, Datasette's URLs."""

    port: int
    tokens: dict[str, str]
    writes: bool
    datasette: str | None  # the database name in Datasette's URLs, or None for Monotown


def _message(mix: Mix, target: Target) -> tuple[bytes, str]:
    if target.writes and mix.rng.random() < WRITE_SHARE:
        path, body = mix.write()
        head = (
            f"PUT {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            f"{target.tokens['analyst']}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        return head.encode() + body, "write"
    request = mix.read()
    path = request.path if target.datasette is None else request.datasette(target.datasette)
    head = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
        f"{target.tokens['viewer']}\r\nAccept: application/json\r\n\r\n"
    )
    return head.encode(), ""


async def client_loop(mix: Mix, target: Target, stop_at: float, tally: Tally) -> None:
    """One keep-alive connection sending requests back to back until time is up."""
    reader, writer = await asyncio.open_connection("127.0.0.1", target.port)
    try:
        while time.perf_counter() < stop_at:
            message, kind = _message(mix, target)
            started = time.perf_counter()
            try:
                writer.write(message)
                status, head = await _read_answer(reader)
            except (asyncio.IncompleteReadError, ConnectionError) as error:
                # The server dropped the connection (e.g. a worker restarted): an error, and a
                # new connection for the next request.
                tally.errors.append(f"connection lost ({type(error).__name__}) {message[:80]!r}")
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", target.port)
                continue
            elapsed = (time.perf_counter() - started) * 1000
            if not kind:
                kind = "hit" if b"x-monotown-cache: hit" in head.lower() else "miss"
            tally.latencies[kind].append(elapsed)
            if status != 200:
                tally.errors.append(f"{status} {message[:120]!r}")
    finally:
        writer.close()


async def drive(
    mixes: list[Mix], target: Target, seconds: float, server_cpu: Callable[[], float]
) -> tuple[Tally, float]:
    """A 2-second warm-up, then `seconds` of load; the tally of the timed part."""
    warm = Tally()
    warm_until = time.perf_counter() + 2
    await asyncio.gather(*(client_loop(mix, target, warm_until, warm) for mix in mixes))
    tally = Tally()
    client_before, server_before = time.process_time(), server_cpu()
    started = time.perf_counter()
    stop_at = started + seconds
    await asyncio.gather(*(client_loop(mix, target, stop_at, tally) for mix in mixes))
    elapsed = time.perf_counter() - started
    tally.client_cpu = time.process_time() - client_before
    tally.server_cpu = server_cpu() - server_before
    return tally, elapsed


def run_loop(main: Any) -> Any:
    """uvloop when installed: the load generator shares the two cores with the server."""
    try:
        import uvloop

        return uvloop.run(main)
    except ImportError:
        return asyncio.run(main)
