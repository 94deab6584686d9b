"""Single-value writes: the direct path (`data.single_value.write_value`) against the import path.

Builds a fresh demo database (SQLite, and PostgreSQL when MONOTOWN_BENCH_POSTGRES_URL or
MONOTOWN_TEST_POSTGRES_URL is set, in a schema of its own dropped afterwards) and stores N values,
each in a transaction of its own as `PUT /api/v1/values` does, alternating the two paths so both
see the same machine load. The baseline is the path the API used before: a one-row DataFrame
through `import_frame`. Each write replaces a stored value (a batch, a kept copy, an audit entry),
the common case in the soak benchmark. Prints per path the median, p95 and mean of a whole
transaction (the time the write lock is held) and the ratio.

    python bench/value_write_bench.py [--writes 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from monotown import migrations
from monotown.data import import_frame, load_demo_data
from monotown.data.single_value import write_value
from monotown.db import make_engine, scratch_schema, session_scope
from monotown.registry import load_reference
from monotown.registry.models import MonotownStatus, Settlement
from postgres_server import bench_postgres_url

INDICATOR = "unemployment_rate_pct"
YEARS = range(2016, 2025)
Write = Callable[[Session, str, str, float], str]


def direct(session: Session, town: str, period: str, value: float) -> str:
    report = write_value(session, town=town, indicator=INDICATOR, period=period, value=value,
                         flag="official", name="value from bench", user="bench")  # fmt: skip
    return report.status


def through_import(session: Session, town: str, period: str, value: float) -> str:
    frame = pd.DataFrame(
        [{"settlement": town, "indicator": INDICATOR, "period": period, "value": value,
          "flag": "official", "source": "", "note": ""}]
    )  # fmt: skip
    report = import_frame(session, frame, name="value from bench", update=True, user="bench")
    return report.status


def prepare(url: str) -> tuple[Engine, list[str]]:
    engine = make_engine(url)
    migrations.upgrade(engine)
    with session_scope(engine) as session:
        load_reference(session)
        load_demo_data(session, user="bench")
        towns = sorted(
            session.scalars(
                select(Settlement.code).where(
                    Settlement.id.in_(select(MonotownStatus.settlement_id))
                )
            )
        )
    return engine, towns


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(label: str, url: str, writes: int) -> None:
    engine, towns = prepare(url)
    paths: dict[str, Write] = {"direct": direct, "import_frame": through_import}
    times: dict[str, list[float]] = {name: [] for name in paths}
    for i in range(2 * writes):
        name = ("direct", "import_frame")[i % 2]
        town, period = towns[(i // 2) % len(towns)], str(YEARS[(i // 7) % len(YEARS)])
        value = 1.0 + (i % 997) / 100  # differs from the stored value: a replacement each time
        started = time.perf_counter()
        with session_scope(engine) as session:
            status = paths[name](session, town, period, value)
        times[name].append((time.perf_counter() - started) * 1000)
        assert status == "committed", status
    engine.dispose()
    fast, slow = times["direct"], times["import_frame"]
    print(f"\n{label}: {writes} writes per path, each its own transaction (ms per write)")
    for name, values in (("direct write_value", fast), ("baseline import_frame", slow)):
        shown = f"median {statistics.median(values):6.2f}  p95 {percentile(values, 0.95):6.2f}"
        print(f"  {name:22} {shown}  mean {statistics.fmean(values):6.2f}")
    ratio = statistics.median(slow) / statistics.median(fast)
    print(f"  ratio (median import_frame / direct): {ratio:.1f}x; "
          f"writes/s one writer: {1000 / statistics.fmean(fast):.0f} vs "
          f"{1000 / statistics.fmean(slow):.0f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=200)
    args = parser.parse_args()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load} (other work slows wall time)")
    with tempfile.TemporaryDirectory(prefix="monotown-bench-") as tmp:
        run("SQLite", f"sqlite:///{Path(tmp) / 'values.sqlite'}", args.writes)
    base = bench_postgres_url()
    if not base:
        print("\n(PostgreSQL skipped: set MONOTOWN_BENCH_POSTGRES_URL to include it)")
        return
    with scratch_schema(base, "bench") as url:
        run("PostgreSQL", url, args.writes)


if __name__ == "__main__":
    main()
