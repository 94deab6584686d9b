"""API speed at national scale, measured honestly: mostly distinct reads, 5% writes, misses apart.

Serves the shared national benchmark database (bench/national_db.py: 7,000 settlements, 980,000
values, a national assessment run) with the production settings (`monotown serve --workers 2`) and
drives it from keep-alive clients on loopback with a mix of mostly distinct requests: value listings
with random filters, sort orders and deep pages, single values, settlement profiles and assessment
results, a few repeated (dashboard) reads, and 5% writes (single values through the API, each one
invalidating the cache). Latency is reported separately for cache misses and hits (the
`X-Monotown-Cache` header). In the same run the same reads (an equivalent Datasette URL per query,
with the SQL Monotown runs) go to Datasette serving a copy of the same SQLite file; the ratio is
printed. Then the same Monotown mix on PostgreSQL, when MONOTOWN_BENCH_POSTGRES_URL or
MONOTOWN_TEST_POSTGRES_URL is set.

    python bench/api_bench.py [--seconds 20] [--clients 16] [--workers 2]

The mix is in `api_bench_mix.py`, the load generator (and the CPU it and the servers use) in
`api_bench_load.py`.

Targets (issue 16): cache-miss p95 < 50 ms at >= 1,000 requests/s; Monotown at least as fast as
Datasette on the equivalent reads.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_bench_load import (
    Tally,
    Target,
    drive,
    load_average,
    percentile,
    process_tree_cpu,
    report,
    run_loop,
)
from api_bench_mix import Mix
from national_db import INDICATORS, SETTLEMENTS, YEARS, postgres_url, sqlite_url
from postgres_server import bench_postgres_url
from soak_mix import free_port, monotown

TARGET_P95_MS = 50.0
TARGET_RPS = 1000.0


def tokens_for(env: dict[str, str]) -> dict[str, str]:
    """A viewer (reads) and an analyst (writes) with fresh names, and a token each."""
    tokens = {}
    for role in ("viewer", "analyst"):
        name = f"bench-{role}-{uuid.uuid4().hex[:6]}"
        monotown("users", "add", name, "--role", role, "--random-password", env=env)
        tokens[role] = (
            monotown("users", "token", name, "--name", "bench", env=env).splitlines()[1].strip()
        )
    return tokens


def start(command: list[str], port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
            return process
        except httpx.TransportError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError(f"{command[2:4]} did not start") from None
            time.sleep(0.3)


def serve_monotown(url: str, workers: int) -> tuple[subprocess.Popen[bytes], int, dict[str, str]]:
    env = {**os.environ, "MONOTOWN_DATABASE_URL": url}
    tokens = tokens_for(env)
    port = free_port()
    command = [sys.executable, "-m", "monotown", "serve", "--port", str(port),
               "--workers", str(workers), "--no-prepare"]  # fmt: skip
    return start(command, port, env), port, tokens


def serve_datasette(path: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    command = [sys.executable, "-m", "datasette", "serve", str(path), "--port", str(port),
               "--setting", "sql_time_limit_ms", "10000"]  # fmt: skip
    return start(command, port, dict(os.environ)), port


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=30)


def bench_mixes(clients: int) -> list[Mix]:
    """The request mix of every client (a seed each; the same mixes in every run)."""
    return [Mix(INDICATORS_USED, SETTLEMENTS, YEARS, seed=1000 + n) for n in range(clients)]


def measure(
    server: subprocess.Popen[bytes], target: Target, mixes: list[Any], seconds: float
) -> tuple[Tally, float]:
    """One client per mix against `target` for `seconds`; the tally and the seconds it took,
    with the CPU the server's processes used."""
    cpu = lambda: process_tree_cpu(server.pid)  # noqa: E731
    return run_loop(drive(mixes, target, seconds, cpu))  # type: ignore[no-any-return]


INDICATORS_USED: list[str] = []


def _indicators(source: Path) -> list[str]:
    with sqlite3.connect(source) as connection:
        return [
            code for (code,) in connection.execute(
                "SELECT DISTINCT i.code FROM indicator i JOIN indicator_value v ON v.indicator_id"
                " = i.id JOIN settlement s ON s.id = v.settlement_id WHERE s.code = 'bench-00001'"
            )
        ]  # fmt: skip


def load_test_arguments(doc: str, seconds: float, clients: int) -> tuple[argparse.Namespace, Path]:
    """The options of a load test on the national database (`--seconds`, `--clients`,
    `--workers`), and that database's file, with the indicators its mixes draw from loaded."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=seconds)
    parser.add_argument("--clients", type=int, default=clients)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    source = Path(sqlite_url().removeprefix("sqlite:///"))
    INDICATORS_USED.extend(_indicators(source))
    assert len(INDICATORS_USED) == INDICATORS, INDICATORS_USED
    print(
        f"national database: {SETTLEMENTS:,} settlements, 980,000 values; {args.clients} clients, "
        f"{args.seconds:.0f} s per run, {args.workers} workers, loopback; {os.cpu_count()} CPUs, "
        f"load {load_average()}"
    )
    return args, source


@contextlib.contextmanager
def national_copy(source: Path) -> Iterator[Path]:
    """A copy of the national database for one run's servers (they add users and values)."""
    with tempfile.TemporaryDirectory(prefix="monotown-bench-") as folder:
        copy = Path(folder) / "national.sqlite"
        shutil.copy(source, copy)
        yield copy


def main() -> int:
    args, source = load_test_arguments(__doc__, seconds=20, clients=16)
    with national_copy(source) as copy:
        server, port, tokens = serve_monotown(f"sqlite:///{copy}", args.workers)
        try:
            mixes = bench_mixes(args.clients)
            mixed, mixed_seconds = measure(
                server, Target(port, tokens, True, None), mixes, args.seconds
            )
            mixes = bench_mixes(args.clients)
            reads, reads_seconds = measure(
                server, Target(port, tokens, False, None), mixes, args.seconds
            )
        finally:
            stop(server)
        report(f"Monotown, SQLite, serve --workers {args.workers}, 5% writes", mixed, mixed_seconds)
        report("Monotown, SQLite, reads only", reads, reads_seconds)
        peer, peer_port = serve_datasette(copy)
        try:
            target = Target(peer_port, tokens, False, copy.stem)
            theirs, theirs_seconds = measure(peer, target, bench_mixes(args.clients), args.seconds)
        finally:
            stop(peer)
        report("Datasette, same reads, same SQLite file", theirs, theirs_seconds)
    ours_rps = reads.count() / reads_seconds
    peer_rps = theirs.count() / theirs_seconds
    print(
        f"Monotown vs Datasette on the same reads: {ours_rps / peer_rps:.2f}x requests/s, p95 "
        f"{percentile(reads.latencies['miss'], 0.95):.1f} ms (misses) vs "
        f"{percentile(theirs.latencies['miss'], 0.95):.1f} ms; server CPU per request "
        f"{reads.server_cpu / max(1, reads.count()) * 1000:.2f} ms vs "
        f"{theirs.server_cpu / max(1, theirs.count()) * 1000:.2f} ms"
    )
    miss_rps = len(mixed.latencies["miss"]) / mixed_seconds
    miss_p95 = percentile(mixed.latencies["miss"], 0.95)
    ok = miss_p95 < TARGET_P95_MS and mixed.count() / mixed_seconds >= TARGET_RPS
    print(
        f"targets: cache-miss p95 < {TARGET_P95_MS:.0f} ms at >= {TARGET_RPS:,.0f} req/s: "
        f"{'met' if ok else 'NOT met'} (miss p95 {miss_p95:.1f} ms, {miss_rps:,.0f} misses/s); "
        f"at least as fast as Datasette: {'met' if ours_rps >= peer_rps else 'NOT met'}"
    )
    base = bench_postgres_url()
    if base:
        server, port, tokens = serve_monotown(postgres_url(base), args.workers)
        try:
            target = Target(port, tokens, True, None)
            pg, pg_seconds = measure(server, target, bench_mixes(args.clients), args.seconds)
        finally:
            stop(server)
        report(f"Monotown, PostgreSQL, serve --workers {args.workers}, 5% writes", pg, pg_seconds)
    else:
        print("(PostgreSQL skipped: set MONOTOWN_BENCH_POSTGRES_URL to include it)")
    return 0 if ok and not mixed.errors else 1


if __name__ == "__main__":
    sys.exit(main())
