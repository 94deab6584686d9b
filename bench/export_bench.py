"""Export benchmark: every value of the national database (980,000 rows) as one CSV download.

Serves a copy of the shared national benchmark database (bench/national_db.py) with
`monotown serve --workers 1`, downloads /api/v1/values/export (streamed from a server-side
cursor) and reads the server's peak resident memory (VmHWM) afterwards. The baseline, in a child
process of its own, is the former way: every row read into a list, the whole file built in memory
(`export_response`). Target (issue 16): a 1-million-row export under 300 MB RSS.

An XLSX download is written whole into a temporary file before the answer starts (a zip cannot be
sent before its directory), which takes minutes for a million rows on a shared machine, longer
than an HTTP client waits; `--direct` therefore runs the writer the API uses (`write_xlsx` over
`iter_value_rows`, the same server-side cursor) in a child process and measures its peak RSS,
against the in-memory baseline over the same rows. `--rows N` limits both to the first N rows.

    python bench/export_bench.py [--format csv|xlsx] [--direct] [--rows N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_bench import serve_monotown, stop
from national_db import sqlite_url

TARGET_MB = 300


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def baseline(url: str, fmt: str, limit: int) -> None:
    """The former export: all rows in a list, the whole file in memory."""
    from sqlalchemy.orm import Session

    from monotown.db import make_engine
    from monotown.web.api.listing import ExportFormat, export_response
    from monotown.web.api.values import EXPORT_COLUMNS
    from monotown.web.data_views import ValueQuery, value_rows

    started = time.perf_counter()
    with Session(make_engine(url)) as session:
        rows = value_rows(session, ValueQuery(), limit=limit)
        body = export_response(rows, EXPORT_COLUMNS, ExportFormat(fmt), "values").body
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": len(rows), "bytes": len(body), "seconds": seconds, "peak": peak}))


def direct(url: str, limit: int) -> None:
    """The API's XLSX writer over its streamed rows, into a file (run in a child process)."""
    from itertools import islice

    from sqlalchemy.orm import Session

    from monotown.db import make_engine
    from monotown.web.api.streaming import write_xlsx
    from monotown.web.api.values import EXPORT_COLUMNS
    from monotown.web.data_views import ValueQuery, iter_value_rows

    with tempfile.TemporaryDirectory(prefix="monotown-bench-") as folder:
        path = Path(folder) / "values.xlsx"
        started = time.perf_counter()
        with Session(make_engine(url)) as session:
            counted = [0]

            def rows() -> Iterator[dict[str, Any]]:
                for row in islice(iter_value_rows(session, ValueQuery()), limit):
                    counted[0] += 1
                    yield row

            write_xlsx(rows(), EXPORT_COLUMNS, "values", str(path))
        seconds = time.perf_counter() - started
        size = path.stat().st_size
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": counted[0], "bytes": size, "seconds": seconds, "peak": peak}))


def _child(*arguments: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, *arguments], capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main_direct(url: str, limit: int) -> None:
    streamed = _child("--direct-child", url, "--rows", str(limit))
    base = _child("--baseline", url, "--format", "xlsx", "--rows", str(limit))
    print(
        f"streamed XLSX writer (write_xlsx over iter_value_rows): {streamed['rows']:,} rows, "
        f"{streamed['bytes'] / 1e6:.0f} MB in {streamed['seconds']:.1f} s, "
        f"peak RSS {streamed['peak']:.0f} MB"
    )
    print(f"baseline (rows in a list, workbook in memory): {base['rows']:,} rows in "
          f"{base['seconds']:.1f} s, peak RSS {base['peak']:.0f} MB")  # fmt: skip
    print(f"ratio: {streamed['peak'] / base['peak']:.2f}x the baseline's peak memory, "
          f"{streamed['seconds'] / base['seconds']:.2f}x its time")  # fmt: skip
    verdict = "met" if streamed["peak"] < TARGET_MB else "NOT met"
    print(f"target < {TARGET_MB} MB: {verdict}; machine load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--direct", action="store_true", help="XLSX writer without HTTP")
    parser.add_argument("--rows", type=int, default=1_000_000, help="at most this many rows")
    parser.add_argument("--baseline", help=argparse.SUPPRESS)
    parser.add_argument("--direct-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline:
        baseline(args.baseline, args.format, args.rows)
        return
    if args.direct_child:
        direct(args.direct_child, args.rows)
        return
    if args.direct:
        main_direct(sqlite_url(), args.rows)
        return
    with tempfile.TemporaryDirectory(prefix="monotown-bench-") as folder:
        copy = Path(folder) / "national.sqlite"
        shutil.copy(sqlite_url().removeprefix("sqlite:///"), copy)
        url = f"sqlite:///{copy}"
        server, port, tokens = serve_monotown(url, 1)
        try:
            idle = peak_mb(server.pid)
            started = time.perf_counter()
            size = lines = 0
            headers = {"Authorization": f"Bearer {tokens['viewer']}"}
            with httpx.stream(
                "GET", f"http://127.0.0.1:{port}/api/v1/values/export",
                params={"format": args.format}, headers=headers, timeout=600,
            ) as answer:  # fmt: skip
                answer.raise_for_status()
                for chunk in answer.iter_bytes():
                    size += len(chunk)
                    lines += chunk.count(b"\n")
            seconds = time.perf_counter() - started
            peak = peak_mb(server.pid)
        finally:
            stop(server)
        done = subprocess.run(
            [sys.executable, __file__, "--baseline", url, "--format", args.format,
             "--rows", str(args.rows)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        base = json.loads(done.stdout.strip().splitlines()[-1])
    rows = lines - 1 if args.format == "csv" else base["rows"]
    print(
        f"streamed export ({args.format}): {rows:,} lines, {size / 1e6:.0f} MB in {seconds:.1f} s;"
        f" server peak RSS {peak:.0f} MB (idle {idle:.0f} MB)"
    )
    print(f"baseline (rows in a list, file in memory): {base['rows']:,} rows in "
          f"{base['seconds']:.1f} s, peak RSS {base['peak']:.0f} MB")  # fmt: skip
    print(f"ratio: {peak / base['peak']:.2f}x the baseline's peak memory, "
          f"{seconds / base['seconds']:.2f}x its time")  # fmt: skip
    print(f"target < {TARGET_MB} MB: {'met' if peak < TARGET_MB else 'NOT met'}")


if __name__ == "__main__":
    main()
