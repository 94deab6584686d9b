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

    python bench/api_bench.py [--seconds 20] [--clients 16]

Targets (issue 16): cache-miss p95 < 50 ms at >= 1,000 requests/s; Monotown at least as fast as
Datasette on the equivalent reads.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.dialects import sqlite

sys.path.insert(0, str(Path(__file__).resolve().parent))
from monotown.web.data_views import VALUE_COLUMNS, ValueQuery, _order
from national_db import INDICATORS, SETTLEMENTS, YEARS, postgres_url, sqlite_url
from postgres_server import bench_postgres_url

TARGET_P95_MS = 50.0
TARGET_RPS = 1000.0
WRITE_SHARE = 0.05
HOT_SHARE = 0.10
PILLARS = ("demography", "labour", "economy", "infrastructure", "social", "budget", "housing")
REGIONS = ("KZ-35", "KZ-15", "KZ-63", "KZ-55", "KZ-23", "KZ-75")


@dataclass
class Request:
    """One read: the Monotown path and the equivalent Datasette path (None: no equivalent)."""

    path: str
    datasette: str | None


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(
        default_factory=lambda: {"miss": [], "hit": [], "write": []}
    )
    errors: list[str] = field(default_factory=list)

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


def _sql_for(query: ValueQuery, page: int, per_page: int, period: str | None = None) -> str:
    statement = query.select(*VALUE_COLUMNS).order_by(*_order(query))
    if period is not None:
        from monotown.data.models import IndicatorValue

        statement = statement.where(IndicatorValue.period == period)
    statement = statement.limit(per_page).offset((page - 1) * per_page)
    compiled = statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
    return str(compiled)


def _datasette(db: str, sql: str) -> str:
    return f"/{db}.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "array"})


class Mix:
    """Random requests over the whole country; a small hot set stands for dashboards."""

    def __init__(self, indicators: list[str], db: str, seed: int) -> None:
        self.rng = random.Random(seed)
        self.indicators = indicators
        self.db = db
        self.hot = [self.distinct() for _ in range(20)]

    def town(self) -> str:
        return f"bench-{self.rng.randrange(SETTLEMENTS):05d}"

    def read(self) -> Request:
        return self.rng.choice(self.hot) if self.rng.random() < HOT_SHARE else self.distinct()

    def distinct(self) -> Request:
        rng = self.rng
        kind = rng.random()
        if kind < 0.55:
            return self.listing()
        town, indicator, year = self.town(), rng.choice(self.indicators), rng.choice(YEARS)
        if kind < 0.75:
            sql = _sql_for(ValueQuery(town=town, indicator=indicator), 1, 1, str(year))
            return Request(f"/api/v1/values/{town}/{indicator}/{year}", _datasette(self.db, sql))
        if kind < 0.88:
            sql = f"SELECT * FROM settlement WHERE code = '{town}'"
            return Request(f"/api/v1/settlements/{town}", _datasette(self.db, sql))
        sql = (
            "SELECT * FROM assessment_result WHERE unit_code = '" + town + "' AND run_id = "
            "(SELECT max(id) FROM assessment_run)"
        )
        return Request(f"/api/v1/assessment/runs/latest/results/{town}", _datasette(self.db, sql))

    def listing(self) -> Request:
        rng = self.rng
        params: dict[str, Any] = {}
        choice = rng.randrange(6)
        if choice == 0:
            params["town"] = self.town()
        elif choice == 1:
            params["indicator"] = rng.choice(self.indicators)
            params["year_from"] = rng.choice(YEARS)
        elif choice == 2:
            params["region"] = rng.choice(REGIONS)
            params["pillar"] = rng.choice(PILLARS)
        elif choice == 3:
            params["indicator"] = rng.choice(self.indicators)
        elif choice == 4:
            params["town"] = self.town()
            params["pillar"] = rng.choice(PILLARS)
        else:
            params["region"] = rng.choice(REGIONS)
            params["year_from"] = params["year_to"] = rng.choice(YEARS)
        params["sort"] = rng.choice(["town", "-value", "value", "period", "indicator", "-flag"])
        page = rng.choice([1, 1, 2, 3, rng.randrange(1, 60)])  # deep pages among them
        per_page = rng.choice([20, 50, 100])
        query = ValueQuery(**{k: v for k, v in params.items()})
        path = "/api/v1/values?" + urllib.parse.urlencode(
            {**params, "page": page, "per_page": per_page}
        )
        return Request(path, _datasette(self.db, _sql_for(query, page, per_page)))

    def write(self) -> tuple[str, bytes]:
        body = json.dumps(
            {"town": self.town(), "indicator": "pop_total", "period": str(self.rng.choice(YEARS)),
             "value": round(self.rng.uniform(100, 5000), 2), "flag": "estimate"}
        )  # fmt: skip
        return "/api/v1/values", body.encode()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


async def client_loop(
    port: int, mix: Mix, tokens: dict[str, str], stop_at: float, tally: Tally, writes: bool,
    datasette: bool,
) -> None:  # fmt: skip
    """One keep-alive connection sending requests back to back until time is up."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < stop_at:
            if writes and mix.rng.random() < WRITE_SHARE:
                path, body = mix.write()
                message = (
                    f"PUT {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    f"{tokens['analyst']}\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n"
                ).encode() + body
                kind = "write"
            else:
                request = mix.read()
                target = request.datasette if datasette else request.path
                if target is None:
                    continue
                message = (
                    f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    f"{tokens['viewer']}\r\nAccept: application/json\r\n\r\n"
                ).encode()
                kind = ""
            started = time.perf_counter()
            try:
                writer.write(message)
                status, head = await _read_answer(reader)
            except (asyncio.IncompleteReadError, ConnectionError) as error:
                # The server dropped the connection (e.g. a worker restarted): an error, and a
                # new connection for the next request.
                tally.errors.append(f"connection lost ({type(error).__name__}) {message[:80]!r}")
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
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
    port: int, mixes: list[Mix], tokens: dict[str, str], seconds: float, writes: bool,
    datasette: bool,
) -> tuple[Tally, float]:  # fmt: skip
    warm = Tally()
    warm_until = time.perf_counter() + 2
    await asyncio.gather(
        *(client_loop(port, m, tokens, warm_until, warm, writes, datasette) for m in mixes)
    )
    tally = Tally()
    started = time.perf_counter()
    stop_at = started + seconds
    await asyncio.gather(
        *(client_loop(port, m, tokens, stop_at, tally, writes, datasette) for m in mixes)
    )
    return tally, time.perf_counter() - started


def run_loop(main: Any) -> Any:
    """uvloop when installed: the load generator shares the two cores with the server."""
    try:
        import uvloop

        return uvloop.run(main)
    except ImportError:
        return asyncio.run(main)


def monotown(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "monotown", *args], env=env, check=True, capture_output=True,
        text=True,
    )  # fmt: skip
    return done.stdout or ""


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


def measure(
    port: int, tokens: dict[str, str], args: argparse.Namespace, writes: bool, datasette: bool,
    db: str,
) -> tuple[Tally, float]:  # fmt: skip
    indicators = list(INDICATORS_USED)
    mixes = [Mix(indicators, db, seed=1000 + n) for n in range(args.clients)]
    return run_loop(drive(port, mixes, tokens, args.seconds, writes, datasette))  # type: ignore[no-any-return]


INDICATORS_USED: list[str] = []


def report(label: str, tally: Tally, seconds: float) -> None:
    print(f"{label}: {tally.count() / seconds:,.0f} requests/s in all, errors {len(tally.errors)}")
    for kind in ("miss", "hit", "write"):
        if tally.latencies[kind]:
            print(line({"miss": "cache misses", "hit": "cache hits", "write": "writes"}[kind],
                       tally.latencies[kind], seconds))  # fmt: skip
    for error in tally.errors[:3]:
        print(f"  error: {error}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    source = Path(sqlite_url().removeprefix("sqlite:///"))
    import sqlite3

    with sqlite3.connect(source) as connection:
        INDICATORS_USED.extend(
            code for (code,) in connection.execute(
                "SELECT DISTINCT i.code FROM indicator i JOIN indicator_value v ON v.indicator_id"
                " = i.id JOIN settlement s ON s.id = v.settlement_id WHERE s.code = 'bench-00001'"
            )
        )  # fmt: skip
    assert len(INDICATORS_USED) == INDICATORS, INDICATORS_USED
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"national database: {SETTLEMENTS:,} settlements, 980,000 values; {args.clients} clients, "
        f"{args.seconds:.0f} s per run, loopback; {os.cpu_count()} CPUs, load {load}"
    )
    with tempfile.TemporaryDirectory(prefix="monotown-bench-") as folder:
        copy = Path(folder) / "national.sqlite"
        shutil.copy(source, copy)
        server, port, tokens = serve_monotown(f"sqlite:///{copy}", args.workers)
        try:
            mixed, mixed_seconds = measure(port, tokens, args, True, False, copy.stem)
            reads, reads_seconds = measure(port, tokens, args, False, False, copy.stem)
        finally:
            stop(server)
        report(f"Monotown, SQLite, serve --workers {args.workers}, 5% writes", mixed, mixed_seconds)
        report("Monotown, SQLite, reads only", reads, reads_seconds)
        peer, peer_port = serve_datasette(copy)
        try:
            theirs, theirs_seconds = measure(peer_port, tokens, args, False, True, copy.stem)
        finally:
            stop(peer)
        report("Datasette, same reads, same SQLite file", theirs, theirs_seconds)
    ours_rps = reads.count() / reads_seconds
    peer_rps = theirs.count() / theirs_seconds
    print(
        f"Monotown vs Datasette on the same reads: {ours_rps / peer_rps:.2f}x requests/s, p95 "
        f"{percentile(reads.latencies['miss'], 0.95):.1f} ms (misses) vs "
        f"{percentile(theirs.latencies['miss'], 0.95):.1f} ms"
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
            pg, pg_seconds = measure(port, tokens, args, True, False, "national")
        finally:
            stop(server)
        report(f"Monotown, PostgreSQL, serve --workers {args.workers}, 5% writes", pg, pg_seconds)
    else:
        print("(PostgreSQL skipped: set MONOTOWN_BENCH_POSTGRES_URL to include it)")
    return 0 if ok and not mixed.errors else 1


if __name__ == "__main__":
    sys.exit(main())
