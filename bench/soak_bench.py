"""Soak: 20 clients for 3 minutes with 5% single-value writes, on SQLite and on PostgreSQL.

Starts a real `monotown serve --workers 2` on a fresh demo database (loopback only) and drives it
with keep-alive clients: 95% reads (lists, profiles, results) with a viewer's token, 5% `PUT
/api/v1/values` with an analyst's token. Before the soak, the same server takes the same load with
no writes for a shorter while: the baseline. Prints, per backend, errors (by status), p50/p95,
requests/s, and the resident memory of all server processes (the supervisor and its workers)
after warm-up and at the end, with the growth.

    python bench/soak_bench.py [--seconds 180] [--baseline-seconds 30] [--clients 20]
                               [--write-share 0.05] [--workers 2] [--backend sqlite|postgresql]

PostgreSQL runs too when MONOTOWN_BENCH_POSTGRES_URL (or MONOTOWN_TEST_POSTGRES_URL) is set; the
benchmark works in a schema of its own there and drops it afterwards.

Targets (issue 10): 0 errors, p95 < 100 ms, memory growth < 20%.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from monotown.db import scratch_schema
from postgres_server import bench_postgres_url
from soak_mix import MAKE_RUN_STEPS, discover_paths, free_port, monotown, request_mix, run_loop

TARGET_P95_MS = 100.0
TARGET_GROWTH = 0.20
REQUEST_TIMEOUT = 30.0
WRITE_PATH = "PUT /api/v1/values"
WRITE_INDICATORS = ("unemployment_rate_pct", "avg_monthly_wage_kzt", "pop_total")


@dataclass
class Load:
    """What the clients measured."""

    latencies_ms: list[float] = field(default_factory=list)
    by_path: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    writes: int = 0
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def slowest(self, n: int = 4) -> str:
        """The paths with the slowest p95, to see what a miss is made of."""
        ranked = sorted(
            ((sorted(times)[int(0.95 * len(times))], len(times), path)
             for path, times in self.by_path.items()),
            reverse=True,
        )  # fmt: skip
        return "; ".join(f"{path} p95 {p95:.0f} ms (n={count})" for p95, count, path in ranked[:n])

    def write_p95(self) -> float:
        times = sorted(self.by_path.get(WRITE_PATH, []))
        return times[int(0.95 * len(times))] if times else float("nan")

    def line(self, label: str) -> str:
        errors = sum(self.errors.values())
        detail = f" {dict(self.errors)}" if errors else ""
        return (
            f"  {label:<22} {self.rps:7.0f} req/s  p50 {self.percentile(0.5):6.1f} ms  "
            f"p95 {self.percentile(0.95):6.1f} ms  writes {self.writes:5d} "
            f"(p95 {self.write_p95():.1f} ms)  errors {errors}{detail}"
        )


def process_tree(root: int) -> list[int]:
    """A process and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, []))
    return found


def cpu_seconds(root: int) -> float:
    """CPU time (user + system) the server's processes have used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in process_tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def rss_bytes(root: int) -> int:
    """Resident memory of a process and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid = int(entry.name)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        total += rss.get(pid, 0)
        pending.extend(children.get(pid, []))
    return total


async def client_loop(
    port: int,
    reads: list[str],
    writes: list[bytes],
    tokens: tuple[str, str],
    write_share: float,
    stop_at: float,
    load: Load,
    seed: int,
) -> None:
    """One keep-alive connection sending requests back to back until time is up."""
    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    viewer, analyst = tokens
    try:
        while time.perf_counter() < stop_at:
            is_write = rng.random() < write_share
            path = WRITE_PATH if is_write else rng.choice(reads)
            if is_write:
                body = rng.choice(writes)
                request = (
                    f"PUT /api/v1/values HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    f"Authorization: Bearer {analyst}\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n"
                ).encode() + body
            else:
                request = (
                    f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    f"Authorization: Bearer {viewer}\r\nAccept: application/json\r\n\r\n"
                ).encode()
            started = time.perf_counter()
            try:
                writer.write(request)
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), REQUEST_TIMEOUT)
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                await asyncio.wait_for(reader.readexactly(length), REQUEST_TIMEOUT)
            except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
                load.errors[type(error).__name__] += 1
                return
            elapsed_ms = (time.perf_counter() - started) * 1000
            load.latencies_ms.append(elapsed_ms)
            load.by_path.setdefault(path.split("?")[0], []).append(elapsed_ms)
            load.writes += is_write
            status = int(head[9:12])
            if status != 200:
                load.errors[f"{'PUT' if is_write else 'GET'} {status}"] += 1
    finally:
        writer.close()


async def drive(
    port: int,
    reads: list[str],
    writes: list[bytes],
    tokens: tuple[str, str],
    clients: int,
    seconds: float,
    write_share: float,
) -> Load:
    load = Load()
    started = time.perf_counter()
    stop_at = started + seconds
    await asyncio.gather(
        *(
            client_loop(port, reads, writes, tokens, write_share, stop_at, load, seed)
            for seed in range(clients)
        )
    )
    load.seconds = time.perf_counter() - started
    return load


def write_bodies(codes: list[str]) -> list[bytes]:
    """Single values to store: real towns, demo indicators, a spread of months."""
    rng = random.Random(20261201)
    bodies = []
    for _ in range(500):
        indicator = rng.choice(WRITE_INDICATORS)
        value = {"unemployment_rate_pct": rng.uniform(1, 15), "pop_total": rng.randint(5e3, 2e5)}
        bodies.append(
            json.dumps(
                {
                    "town": rng.choice(codes),
                    "indicator": indicator,
                    "period": f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}",
                    "value": round(value.get(indicator, rng.uniform(1e5, 9e5)), 2),
                    "flag": "estimate",
                    "source": "soak benchmark",
                }
            ).encode()
        )
    return bodies


def prepare(env: dict[str, str]) -> tuple[str, str]:
    """What `make run` loads, plus a viewer and an analyst with tokens."""
    for step in MAKE_RUN_STEPS:
        monotown(*step, env=env)
    tokens = []
    for name, role in (("soak-reader", "viewer"), ("soak-writer", "analyst")):
        monotown("users", "add", name, "--role", role, "--random-password", env=env)
        tokens.append(monotown("users", "token", name, env=env).splitlines()[1].strip())
    return tokens[0], tokens[1]


def start_server(env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "monotown", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers), "--no-prepare"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
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


class MemorySampler(threading.Thread):
    """Samples the server's memory every `every` seconds while the soak runs."""

    def __init__(self, pid: int, every: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.samples: list[int] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.every):
            self.samples.append(rss_bytes(self.pid))


def soak(label: str, env: dict[str, str], options: argparse.Namespace) -> bool:
    """Baseline (no writes) then the soak on one server; prints the figures, True if on target."""
    tokens = prepare(env)
    process, port = start_server(env, options.workers)
    try:
        found = discover_paths(f"http://127.0.0.1:{port}", tokens[0])
        reads = request_mix(found)
        codes = [path.rsplit("/", 1)[1] for path in found["profiles"]]
        writes = write_bodies(codes)
        args = (port, reads, writes, tokens, options.clients)
        run_loop(drive(*args, 5, options.write_share))  # warm-up: caches, pools, lazy imports
        cpu_before = cpu_seconds(process.pid)
        baseline = run_loop(drive(*args, options.baseline_seconds, 0.0))
        cpu_baseline = cpu_seconds(process.pid) - cpu_before
        memory_start = rss_bytes(process.pid)
        sampler = MemorySampler(process.pid, max(1.0, options.seconds / 10))
        sampler.start()
        cpu_before = cpu_seconds(process.pid)
        load = run_loop(drive(*args, options.seconds, options.write_share))
        cpu_load = cpu_seconds(process.pid) - cpu_before
        sampler.done.set()
        memory_end = rss_bytes(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
    growth = memory_end / memory_start - 1
    errors = sum(load.errors.values())
    print(f"{label}: serve --workers {options.workers}, {options.clients} clients")
    print(baseline.line(f"baseline (0% writes, {options.baseline_seconds:.0f} s)"))
    print(load.line(f"soak ({options.write_share:.0%} writes, {options.seconds:.0f} s)"))
    print(f"  slowest in the soak: {load.slowest()}")
    print(
        f"  server CPU per request: baseline {1000 * cpu_baseline / max(1, baseline.requests):.2f}"
        f" ms, soak {1000 * cpu_load / max(1, load.requests):.2f} ms "
        f"({cpu_load / load.seconds:.2f} cores busy of {os.cpu_count()})"
    )
    print(
        f"  soak vs baseline: {load.rps / baseline.rps:.2f}x req/s, "
        f"p95 {load.percentile(0.95) / baseline.percentile(0.95):.2f}x"
    )
    print(
        f"  server memory (all processes): {memory_start / 2**20:.0f} MB after warm-up and "
        f"baseline, {memory_end / 2**20:.0f} MB at the end, growth {growth:+.1%}"
    )
    series = ", ".join(f"{sample / 2**20:.0f}" for sample in sampler.samples)
    print(f"  memory during the soak (MB): {series}")
    ok = errors == 0 and load.percentile(0.95) < TARGET_P95_MS and growth < TARGET_GROWTH
    print(
        f"  targets (0 errors, p95 < {TARGET_P95_MS:.0f} ms, growth < {TARGET_GROWTH:.0%}): "
        + ("met" if ok else "MISSED")
    )
    return ok


def soak_postgres(base: str, options: argparse.Namespace) -> bool:
    with scratch_schema(base, "soak") as url:
        return soak("PostgreSQL", {**os.environ, "MONOTOWN_DATABASE_URL": url}, options)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--baseline-seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--write-share", type=float, default=0.05)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), action="append")
    options = parser.parse_args()
    backends = options.backend or ["sqlite", "postgresql"]
    results = []
    if "sqlite" in backends:
        with tempfile.TemporaryDirectory(prefix="monotown-soak-") as folder:
            env = {**os.environ, "MONOTOWN_DATABASE_URL": f"sqlite:///{folder}/soak.sqlite"}
            results.append(soak("SQLite", env, options))
    if "postgresql" in backends:
        base = bench_postgres_url()
        if base:
            results.append(soak_postgres(base, options))
        else:
            print("PostgreSQL: skipped (set MONOTOWN_BENCH_POSTGRES_URL to include it)")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
