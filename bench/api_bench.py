"""API throughput and latency on the demo database: 50 concurrent clients on loopback.

Starts `monotown serve` twice on a fresh demo SQLite database — first with one worker (the
baseline), then with the production settings documented in the README — and drives each for
30 seconds with a mix of list, profile and results requests over keep-alive connections. Prints
requests per second and p50/p95/p99 latency for both, and the ratio between them.

    python bench/api_bench.py [--seconds 30] [--clients 50] [--workers 2]

Targets (issue 6): p95 < 50 ms and >= 500 requests/s on SQLite with the production settings.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
# What `make run` does to an empty database (the Makefile's run target).
MAKE_RUN_STEPS = (
    ("db", "upgrade"),
    ("data", "load-reference", "--if-empty"),
    ("data", "load-demo", "--if-empty"),
    ("program", "load-facts", "--if-empty"),
    ("program", "load-demo", "--if-empty"),
    ("assess", "run", "--if-empty", "--uncertainty", "200", "--seed", "20260101"),
)
TARGET_P95_MS = 50.0
TARGET_RPS = 500.0


@dataclass
class Result:
    label: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")

    def line(self) -> str:
        return (
            f"{self.label:<34} {self.rps:8.0f} req/s   p50 {self.percentile(0.50):6.1f} ms   "
            f"p95 {self.percentile(0.95):6.1f} ms   p99 {self.percentile(0.99):6.1f} ms   "
            f"errors {self.errors}"
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def monotown(*args: str, env: dict[str, str], capture: bool = True) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "monotown", *args],
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return done.stdout or ""


def prepare_demo_database(folder: Path) -> tuple[dict[str, str], str]:
    """A demo database (reference data and every demo loader present) and a viewer's token."""
    env = {**os.environ, "MONOTOWN_DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite'}"}
    for step in MAKE_RUN_STEPS:
        monotown(*step, env=env)
    monotown("users", "add", "bench", "--role", "viewer", "--random-password", env=env)
    token = monotown("users", "token", "bench", "--name", "benchmark", env=env).splitlines()[1]
    return env, token.strip()


def request_mix(base: dict[str, list[str]]) -> list[str]:
    """Paths weighted like a dashboard's traffic: lists, town profiles, results."""
    mix = []
    for path in base["lists"]:
        mix += [path] * 3
    for path in base["profiles"]:
        mix += [path] * 2
    for path in base["results"]:
        mix += [path] * 3
    return mix


def discover_paths(url: str, token: str) -> dict[str, list[str]]:
    headers = {"Authorization": f"Bearer {token}"}
    towns = httpx.get(f"{url}/api/v1/settlements", params={"monotown": "true"}, headers=headers)
    codes = [item["code"] for item in towns.json()["items"]]
    lists = [
        "/api/v1/settlements?monotown=true",
        "/api/v1/settlements?list=current&sort=-population",
        "/api/v1/settlements?region=KZ-35",
        "/api/v1/enterprises?sort=name",
        "/api/v1/regions",
    ]
    profiles = [f"/api/v1/settlements/{code}" for code in codes[:10]]
    profiles += [f"/api/v1/towns/{code}" for code in codes[10:15]]
    results = [
        "/api/v1/assessment/runs/latest/results?per_page=100",
        "/api/v1/assessment/runs/latest/uncertainty",
        *(f"/api/v1/assessment/runs/latest/results/{code}" for code in codes[:5]),
        "/api/v1/assessment/warnings",
        "/api/v1/program-summaries/projects",
        "/api/v1/program-summaries/budget",
        "/api/v1/program/directives?overdue=true",
        "/api/v1/indicators?pillar=labour",
    ]
    return {"lists": lists, "profiles": profiles, "results": results}


async def client_loop(
    port: int,
    paths: list[str],
    token: str,
    stop_at: float,
    latencies: list[float],
    errors: list[int],
) -> None:
    """One client: a keep-alive connection sending requests back to back until time is up."""
    rng = random.Random(port ^ id(latencies) ^ len(errors))
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < stop_at:
            path = rng.choice(paths)
            started = time.perf_counter()
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
                "Accept: application/json\r\n\r\n".encode()
            )
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - started) * 1000)
            if status != 200:
                errors.append(status)
    finally:
        writer.close()


async def drive(
    port: int, paths: list[str], token: str, clients: int, seconds: float
) -> tuple[list[float], list[int], float]:
    latencies: list[float] = []
    errors: list[int] = []
    warm_until = time.perf_counter() + 2
    await asyncio.gather(
        *(client_loop(port, paths, token, warm_until, [], []) for _ in range(clients))
    )
    started = time.perf_counter()
    stop_at = started + seconds
    await asyncio.gather(
        *(client_loop(port, paths, token, stop_at, latencies, errors) for _ in range(clients))
    )
    return latencies, errors, time.perf_counter() - started


def run_loop(main: Any) -> Any:
    """uvloop when installed (it comes with uvicorn[standard]): the load generator should cost as
    little CPU as it can, since it shares the machine with the server."""
    try:
        import uvloop

        return uvloop.run(main)
    except ImportError:
        return asyncio.run(main)


def run_server(env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "monotown",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-prepare",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process, port
        except httpx.TransportError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("the server did not start") from None
            time.sleep(0.2)


def measure(
    label: str, env: dict[str, str], token: str, workers: int, clients: int, seconds: float
) -> Result:
    process, port = run_server(env, workers)
    try:
        paths = request_mix(discover_paths(f"http://127.0.0.1:{port}", token))
        latencies, errors, elapsed = run_loop(drive(port, paths, token, clients, seconds))
    finally:
        process.terminate()
        process.wait(timeout=30)
    return Result(label, len(latencies), len(errors), elapsed, latencies)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="production worker processes")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="monotown-bench-") as folder:
        env, token = prepare_demo_database(Path(folder))
        print(f"{options.clients} clients, {options.seconds:.0f} s each, SQLite demo database")
        baseline = measure(
            "baseline: serve --workers 1", env, token, 1, options.clients, options.seconds
        )
        print(baseline.line())
        production = measure(
            f"production: serve --workers {options.workers}",
            env,
            token,
            options.workers,
            options.clients,
            options.seconds,
        )
        print(production.line())
    print(
        f"production vs baseline: {production.rps / baseline.rps:.2f}x requests/s, "
        f"p95 {production.percentile(0.95) / baseline.percentile(0.95):.2f}x"
    )
    ok = production.percentile(0.95) < TARGET_P95_MS and production.rps >= TARGET_RPS
    verdict = "meets" if ok else "misses"
    print(f"targets (p95 < {TARGET_P95_MS:.0f} ms, >= {TARGET_RPS:.0f} req/s): {verdict}")
    return 0 if ok and not production.errors else 1


if __name__ == "__main__":
    sys.exit(main())
