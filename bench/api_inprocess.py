"""The CPU one read of the api_bench mix costs the app itself: the mix's reads sent straight to the
ASGI app in this process (no HTTP server, no sockets, no load generator), one at a time.

What `api_floor.py` measures over HTTP, less uvicorn and the clients: quick and steady enough to
profile one worker's work (`py-spy record -- python bench/api_inprocess.py`) and to compare two
trees in one run (`--baseline-src DIR` runs the same reads with that worktree's code in a child).

    python bench/api_inprocess.py [--reads 3000] [--baseline-src /path/to/main-worktree]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_answers import prepare
from api_bench import INDICATORS_USED, _indicators
from api_bench_mix import Mix
from children import arguments_or_child, run_child
from national_db import SETTLEMENTS, YEARS, sqlite_url


async def _get(app: Any, path: str, token: str) -> int:
    """One GET through the ASGI app; its status."""
    route, _, query = path.partition("?")
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": route, "raw_path": route.encode(), "root_path": "",
        "query_string": query.encode(), "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 5555),
        "headers": [(b"host", b"127.0.0.1:8000"), (b"authorization", f"Bearer {token}".encode())],
    }  # fmt: skip
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


def measure(_target: str, arguments: argparse.Namespace) -> dict[str, float]:
    """CPU ms per read (all threads) over `arguments.reads` reads of the mix, after a warm-up."""
    from monotown.web.app import create_app

    INDICATORS_USED.extend(_indicators(Path(sqlite_url().removeprefix("sqlite:///"))))
    mixes = [Mix(INDICATORS_USED, SETTLEMENTS, YEARS, seed=1000 + n) for n in range(8)]
    paths = [mixes[n % 8].read().path for n in range(arguments.reads + arguments.warm)]
    with tempfile.TemporaryDirectory(prefix="monotown-inprocess-") as folder:
        copy = Path(folder) / "national.sqlite"
        shutil.copy(sqlite_url().removeprefix("sqlite:///"), copy)
        prepare(copy)
        token = copy.with_name(copy.name + ".token").read_text().strip()
        app = create_app(f"sqlite:///{copy}")

        async def run() -> tuple[float, float, int]:
            async with app.router.lifespan_context(app):
                bad = 0
                for path in paths[: arguments.warm]:
                    bad += await _get(app, path, token) != 200
                cpu, wall = time.process_time(), time.perf_counter()
                for path in paths[arguments.warm :]:
                    bad += await _get(app, path, token) != 200
                return time.process_time() - cpu, time.perf_counter() - wall, bad

        cpu, wall, bad = asyncio.run(run())
    return {"cpu_ms": cpu / arguments.reads * 1000, "wall_ms": wall / arguments.reads * 1000,
            "errors": bad}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=3000)
    parser.add_argument("--warm", type=int, default=300)
    parser.add_argument("--baseline-src", help="a worktree whose code is the baseline")
    arguments = arguments_or_child(parser, measure)
    if arguments is None:
        return 0
    passed = ["--reads", str(arguments.reads), "--warm", str(arguments.warm), "--child", "x"]
    script = str(Path(__file__).resolve())
    rows = [("this tree", run_child(script, passed, None, "this tree's run"))]
    if arguments.baseline_src:
        baseline = run_child(script, passed, arguments.baseline_src, "the baseline's run")
        rows.insert(0, ("baseline", baseline))
    print(f"{arguments.reads} reads of the api_bench mix through the ASGI app in process "
          f"(after {arguments.warm} to warm up)")  # fmt: skip
    for label, figures in rows:
        print(f"{label:10} {figures['cpu_ms']:5.2f} ms CPU per read ({figures['wall_ms']:5.2f} ms "
              f"wall), {figures['errors']:.0f} not 200")  # fmt: skip
    if len(rows) == 2:
        print(f"ratio baseline/this tree: {rows[0][1]['cpu_ms'] / rows[1][1]['cpu_ms']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
