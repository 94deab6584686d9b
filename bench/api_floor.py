"""The floor under the API target: what a request costs this machine's Python web stack before
any of Monotown's own work, next to Monotown's cheapest real miss.

Issue 16 asks for cache misses at >= 1,000 requests/s with p95 < 50 ms on the two cores that the
server and its load generator share. This prints, for the same load generator, clients and
workers as `api_bench.py`, the CPU one request costs (server + load generator) and the most
requests/s two cores could serve at that cost, for:

- `bare ASGI`: uvicorn answering a fixed JSON body from a raw ASGI callable (no framework);
- `FastAPI + sqlite3, keyed`: one value by its key from the national file (no ORM, no auth);
- `Monotown, one value`: `GET /api/v1/values/{town}/{indicator}/{period}`, random keys (misses);
- `Monotown, the api_bench mix`: the whole mix of `api_bench.py`, reads only;
- `its value queries alone`: the same reads' value queries (the page and its total, or the one
  value) run in this process with no HTTP, auth or encoding: the database's share of a miss.

    python bench/api_floor.py [--seconds 10] [--clients 8] [--workers 2]
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sqlalchemy.orm import Session

from api_bench import (
    INDICATORS_USED,
    bench_mixes,
    load_test_arguments,
    measure,
    national_copy,
    serve_monotown,
    start,
    stop,
)
from api_bench_load import Tally, Target, percentile
from api_bench_mix import Mix
from monotown.data.values_query import bounded_total, one_value, value_page
from monotown.db import make_engine
from national_db import SETTLEMENTS, YEARS
from soak_mix import free_port

CORES = 2


@dataclass
class _Path:
    path: str


class KeyedMix:
    """Random single-value keys over the whole country, as `prefix/{town}/{indicator}/{year}`."""

    def __init__(self, prefix: str, seed: int) -> None:
        self.rng = random.Random(seed)
        self.prefix = prefix

    def read(self) -> _Path:
        rng = self.rng
        town = f"bench-{rng.randrange(SETTLEMENTS):05d}"
        return _Path(f"{self.prefix}/{town}/{rng.choice(INDICATORS_USED)}/{rng.choice(YEARS)}")


def serve_floor(app: str, workers: int, database: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {**os.environ, "MONOTOWN_FLOOR_SQLITE": str(database)}
    command = [sys.executable, "-m", "uvicorn", f"api_floor_apps:{app}", "--app-dir",
               str(Path(__file__).resolve().parent), "--port", str(port), "--workers",
               str(workers), "--log-level", "warning", "--no-access-log"]  # fmt: skip
    return start(command, port, env), port


def line(label: str, tally: Tally, seconds: float) -> float:
    count = max(1, tally.count())
    server_ms = tally.server_cpu / count * 1000
    client_ms = tally.client_cpu / count * 1000
    latencies = [v for values in tally.latencies.values() for v in values]
    most = CORES * 1000 / (server_ms + client_ms)
    p95 = percentile(latencies, 0.95)
    print(
        f"{label:34} {tally.count() / seconds:7,.0f} req/s  p95 {p95:6.1f} ms"
        f"  CPU/request server {server_ms:5.2f} + clients {client_ms:4.2f} ms"
        f"  -> at most {most:6,.0f} req/s on {CORES} cores"
        + (f"  ({len(tally.errors)} errors, e.g. {tally.errors[0]})" if tally.errors else "")
    )
    return server_ms


def queries_alone(database: Path, count: int = 2000) -> float:
    """CPU milliseconds per read of the mix that Monotown's own value queries take in process
    (the page and its uncached total, or the one value), with no HTTP, auth or encoding."""
    engine = make_engine(f"sqlite:///{database}")
    mix = Mix(INDICATORS_USED, SETTLEMENTS, YEARS, seed=4242)
    requests = [mix.read() for _ in range(count)]
    with Session(engine) as session:
        started = time.process_time()
        for request in requests:
            if request.query is not None and "?" in request.path:
                value_page(session, request.query, request.page, request.per_page, None,
                           bounded_total)  # fmt: skip
            elif request.query is not None:
                town, indicator, period = request.path.rsplit("/", 3)[1:]
                one_value(session, town, indicator, period)
        spent = (time.process_time() - started) / count * 1000
    engine.dispose()
    print(f"{'its value queries alone, in process':34} {spent:5.2f} ms of CPU per read")
    return spent


def main() -> int:
    args, source = load_test_arguments(__doc__, seconds=10, clients=8)
    figures: dict[str, float] = {}
    with national_copy(source) as copy:
        for app, label in (("bare", "bare ASGI"), ("keyed", "FastAPI + sqlite3, keyed")):
            server, port = serve_floor(app, args.workers, copy)
            try:
                mixes = [KeyedMix("/v", 500 + n) for n in range(args.clients)]
                target = Target(port, {"viewer": "-"}, False, None)
                figures[label] = line(label, *measure(server, target, mixes, args.seconds))
            finally:
                stop(server)
        server, port, tokens = serve_monotown(f"sqlite:///{copy}", args.workers)
        target = Target(port, tokens, False, None)
        try:
            mixes = [KeyedMix("/api/v1/values", 700 + n) for n in range(args.clients)]
            figures["one value"] = line(
                "Monotown, one value (misses)", *measure(server, target, mixes, args.seconds)
            )
            figures["mix"] = line(
                "Monotown, the api_bench mix, reads",
                *measure(server, target, bench_mixes(args.clients), args.seconds),
            )
        finally:
            stop(server)
        figures["queries"] = queries_alone(copy)
    floor = figures["FastAPI + sqlite3, keyed"]
    print(
        f"1,000 requests/s on {CORES} cores leaves {CORES:.1f} ms of CPU per request for server "
        f"and clients together; the framework floor is {floor:.2f} ms (bare ASGI "
        f"{figures['bare ASGI']:.2f} ms); Monotown's one value costs "
        f"{figures['one value'] / floor:.1f}x the floor, the mix {figures['mix'] / floor:.1f}x; "
        f"its value queries alone take {figures['queries']:.2f} ms of that"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
