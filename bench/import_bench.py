"""Import benchmark: 980,000 long-form values (7,000 settlements x 20 indicators x 7 years).

Builds a fresh database (SQLite, and PostgreSQL when MONOTOWN_BENCH_POSTGRES_URL or
MONOTOWN_TEST_POSTGRES_URL is set), adds synthetic settlements until the registry holds 7,000,
writes the CSV, and imports it with `monotown.data.import_file` in a child process so that the peak
memory measured (ru_maxrss) is the import's own. It then times a re-import of the same file (a
no-op). While the import runs, another connection keeps reading the values table and the
longest of its reads is printed (a lock that blocked readers would show as seconds).
Baselines, each in a fresh database of its own, in the same run:

- the same import by an older checkout of the code (`--baseline-src`, default the main worktree,
  i.e. the import path and the values table before this branch), in a child process with that
  code on its path, into a database migrated by that code;
- the engine floor (this branch's schema): the same values, ids resolved in advance, written
  by the bare engine the fastest way the schema allows, with no staging, no checks and no
  provenance (SQLite: foreign keys off, secondary indexes dropped, a key-sorted `executemany`,
  the indexes built again, commit; PostgreSQL: `COPY` into the indexed table, foreign-key
  triggers skipped). It prints what share of the target's time budget the engine alone takes;
- the naive loop: row-by-row ORM inserts (look up the town and the indicator, add, flush) on a
  20,000-row sample, extrapolated to the full file.

Run: `python bench/import_bench.py [--settlements 7000] [--years 7] [--sample 20000]`.
Targets (issue 16): >= 500,000 values/s on SQLite, >= 300,000 on PostgreSQL, peak < 1 GiB.
CPU seconds are of the importing process only (on PostgreSQL the server's work is not in them).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import insert, select

from children import run_child
from monotown import migrations
from monotown.data import import_file, load_catalog
from monotown.data.models import Indicator, IndicatorValue
from monotown.db import make_engine, read_only, scratch_schema, session_scope
from monotown.registry import load_reference
from monotown.registry.models import Region, Settlement
from postgres_server import bench_postgres_url

INDICATORS = (
    "pop_total",
    "unemployment_rate_pct",
    "avg_monthly_wage_kzt",
    "regional_avg_wage_kzt",
    "wage_to_regional_avg_pct",
    "poverty_rate_pct",
    "industrial_output_kzt_bn",
    "tfe_employment_share_pct",
    "sme_active",
    "sme_per_1000",
    "fixed_investment_kzt_bn",
    "water_supply_coverage_pct",
    "heat_network_wear_pct",
    "housing_per_capita_m2",
    "housing_queue",
    "doctors_per_10000",
    "life_expectancy_years",
    "air_pollution_index",
    "local_budget_revenue_kzt_bn",
    "own_revenue_share_pct",
)
GIB = 1 << 30


def prepare(url: str, settlements: int) -> None:
    """Migrate, load the reference data and catalog, and add synthetic settlements."""
    engine = make_engine(url)
    migrations.upgrade(engine)
    with session_scope(engine) as session:
        load_reference(session)
        load_catalog(session)
        existing = session.scalar(select(Settlement.id).order_by(Settlement.id.desc()).limit(1))
        regions = list(session.scalars(select(Region.id).order_by(Region.id)))
        count = settlements - len(list(session.scalars(select(Settlement.id))))
        rows = [
            {
                "code": f"bench-{i:05d}",
                "kind": "village",
                "name_en": f"Bench village {i}",
                "name_ru": f"Тестовое село {i}",
                "name_kk": f"Сынақ ауылы {i}",
                "region_id": regions[i % len(regions)],
                "synthetic": True,
                "note": "made up for the import benchmark",
            }
            for i in range(1, count + 1)
        ]
        if rows:
            session.execute(insert(Settlement), rows)
        assert existing is not None
    engine.dispose()


def write_file(url: str, path: Path, years: int) -> int:
    """The long CSV: every settlement x indicator x year, values inside each range."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        codes = list(session.scalars(select(Settlement.code).order_by(Settlement.id)))
        ranges = {
            code: (low or 0.0, high or 100.0)
            for code, low, high in session.execute(
                select(Indicator.code, Indicator.min_value, Indicator.max_value)
            )
        }
    engine.dispose()
    rng = np.random.default_rng(7)
    year_list = [str(2026 - years + k) for k in range(years)]
    per_indicator = len(codes) * years
    with path.open("w", encoding="utf-8") as handle:
        handle.write("settlement,indicator,period,value\n")
        for code in INDICATORS:
            low, high = ranges[code]
            frame = pd.DataFrame(
                {
                    "settlement": np.repeat(codes, years),
                    "indicator": code,
                    "period": np.tile(year_list, len(codes)),
                    "value": np.round(rng.uniform(low, min(high, low + 100), per_indicator), 2),
                }
            )
            frame.to_csv(handle, header=False, index=False)
    return len(INDICATORS) * per_indicator


def child(url: str, path: str) -> None:
    """Import the file and print timing and peak memory as JSON (run in its own process)."""
    engine = make_engine(url)
    started, cpu = time.perf_counter(), time.process_time()
    report = import_file(engine, path, user="bench")
    first, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    started = time.perf_counter()
    again = import_file(engine, path, user="bench")
    second = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(
        json.dumps(
            {
                "status": report.status,
                "values": report.n_new,
                "seconds": first,
                "cpu": first_cpu,
                "reimport_status": again.status,
                "reimport_summary": again.summary(),
                "reimport_seconds": second,
                "peak_bytes": peak,
            }
        )
    )


def engine_floor(url: str, path: str) -> None:
    """The same rows, ids resolved in advance, written by the bare engine the fastest way the
    schema allows, nothing checked (run in its own process). SQLite: foreign keys off, the
    secondary indexes dropped, a key-sorted `executemany`, the indexes built again, commit.
    PostgreSQL: COPY into the indexed table, foreign-key triggers skipped where allowed."""
    frame = pd.read_csv(path, dtype={"period": str})
    engine = make_engine(url)
    with engine.connect() as connection:
        towns = dict(connection.execute(select(Settlement.code, Settlement.id)).all())
        indicators = dict(connection.execute(select(Indicator.code, Indicator.id)).all())
    frame["settlement"] = frame["settlement"].map(towns)
    frame["indicator"] = frame["indicator"].map(indicators)
    frame["year"] = frame["period"].astype(int)
    frame = frame.sort_values(["settlement", "indicator", "period"], ignore_index=True)
    columns = "settlement_id, indicator_id, period, year, value, period_type, flag"
    started, cpu = time.perf_counter(), time.process_time()
    if engine.dialect.name == "postgresql":
        _copy_floor(engine, frame, columns)
    else:
        _sqlite_floor(url, frame, columns)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    engine.dispose()
    print(json.dumps({"seconds": seconds, "cpu": cpu, "values": len(frame)}))


def _copy_floor(engine: Any, frame: pd.DataFrame, columns: str) -> None:
    ordered = frame.assign(period_type="year", flag="official")[
        ["settlement", "indicator", "period", "year", "value", "period_type", "flag"]
    ]
    payload = ordered.to_csv(index=False, header=False)
    with engine.begin() as connection:
        superuser = connection.exec_driver_sql("SELECT current_setting('is_superuser')").scalar()
        if superuser == "on":
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        raw = connection.connection.driver_connection
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY indicator_value ({columns}) FROM STDIN (FORMAT csv)") as copy,
        ):
            copy.write(payload)


def _sqlite_floor(url: str, frame: pd.DataFrame, columns: str) -> None:
    raw = sqlite3.connect(url.split("///", 1)[1], isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = OFF"):
        raw.execute(f"PRAGMA {pragma}")
    raw.execute("PRAGMA cache_size = -262144")  # as the import sets it
    raw.execute("BEGIN IMMEDIATE")
    indexes = raw.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
        "AND tbl_name = 'indicator_value' AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        raw.execute(f'DROP INDEX "{name}"')
    raw.execute("PRAGMA ignore_check_constraints = 1")
    rows = zip(
        frame["settlement"].tolist(),
        frame["indicator"].tolist(),
        frame["period"].tolist(),
        frame["year"].tolist(),
        frame["value"].tolist(),
        strict=True,
    )
    raw.executemany(
        f"INSERT INTO indicator_value ({columns}) VALUES (?, ?, ?, ?, ?, 'year', 'official')", rows
    )
    raw.execute(f"PRAGMA threads = {min(os.cpu_count() or 1, 8)}")
    for _, statement in indexes:
        raw.execute(statement)
    raw.execute("COMMIT")
    raw.close()


def _child(mode: str, url: str, path: Path, src: str | None = None) -> dict[str, Any]:
    return run_child(__file__, [mode, url, str(path)], src, mode)


def _while_reading(url: str, work: Callable[[], dict[str, Any]]) -> tuple[dict[str, Any], float]:
    """`work()` while another connection keeps reading the values table; returns its result and
    the longest single read (a lock held by the import would show here as seconds)."""
    engine = read_only(make_engine(url))  # as the web's GETs read: deferred on SQLite
    stop, longest = threading.Event(), [0.0]

    def read() -> None:
        while not stop.is_set():
            started = time.perf_counter()
            with engine.connect() as connection:
                connection.execute(
                    select(IndicatorValue.value).where(IndicatorValue.settlement_id == 1).limit(5)
                ).all()
            longest[0] = max(longest[0], time.perf_counter() - started)
            time.sleep(0.05)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        result = work()
    finally:
        stop.set()
        reader.join()
        engine.dispose()
    return result, longest[0]


def naive(url: str, path: Path, sample: int) -> tuple[float, float]:
    """Row-by-row ORM inserts of the first `sample` rows; returns wall and CPU seconds."""
    rows = pd.read_csv(path, nrows=sample, dtype={"period": str})
    engine = make_engine(url)
    started, cpu = time.perf_counter(), time.process_time()
    with session_scope(engine) as session:
        for settlement, indicator, period, value in rows.itertuples(index=False):
            settlement_id = session.scalars(
                select(Settlement.id).where(Settlement.code == settlement)
            ).one()
            indicator_id = session.scalars(
                select(Indicator.id).where(Indicator.code == indicator)
            ).one()
            session.add(
                IndicatorValue(
                    settlement_id=settlement_id,
                    indicator_id=indicator_id,
                    period=period,
                    period_type="year",
                    year=int(period),
                    value=float(value),
                    flag="official",
                )
            )
            session.flush()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    engine.dispose()
    return seconds, cpu


def _rate_line(label: str, figures: dict[str, Any], total: int) -> str:
    return (
        f"{label:14}{figures['seconds']:7.1f} s {total / figures['seconds']:11,.0f} values/s "
        f"(CPU of the process {figures['cpu']:.1f} s)"
    )


def run(label: str, urls: list[str], args: argparse.Namespace, folder: Path) -> None:
    """`urls`: four fresh databases (this import, the older code's, the engine floor, naive)."""
    started = time.perf_counter()
    fast_url, older_url, floor_url, naive_url = urls
    older_code = Path(args.baseline_src).is_dir()
    for url in urls:
        if url == older_url and older_code:
            # The older code on its own schema (its migrations): the baseline is what main does.
            _child("--prepare", url, Path(str(args.settlements)), args.baseline_src)
        else:
            prepare(url, args.settlements)
    path = folder / f"values-{label}.csv"
    total = write_file(fast_url, path, args.years)
    size = path.stat().st_size / 1e6
    print(
        f"\n== {label}: {total:,} values, {args.settlements:,} settlements, file {size:.0f} MB "
        f"(set-up {time.perf_counter() - started:.0f} s)"
    )
    fast, longest_read = _while_reading(fast_url, lambda: _child("--child", fast_url, path))
    assert fast["status"] == "committed" and fast["values"] == total, fast
    rate = total / fast["seconds"]
    peak = fast["peak_bytes"] / GIB
    print(
        f"{_rate_line('bulk import:', fast, total)}; peak memory {peak:.2f} GiB "
        f"({fast['peak_bytes'] / 1e6:.0f} MB)"
    )
    print(f"readers:      longest read of the values table during the import {longest_read:.3f} s")
    print(
        f"re-import:    {fast['reimport_seconds']:7.1f} s  {fast['reimport_summary']} "
        f"({fast['reimport_status']})"
    )
    older = None
    if older_code:
        older = _child("--child", older_url, path, args.baseline_src)
        print(
            f"{_rate_line('older code:', older, total)}; peak memory "
            f"{older['peak_bytes'] / 1e6:.0f} MB ({args.baseline_src})"
        )
    floor = _child("--engine-floor", floor_url, path)
    goal = 500_000 if label == "SQLite" else 300_000
    budget = total / goal
    print(
        f"{_rate_line('engine floor:', floor, total)}: the bare engine's write, no checks; "
        f"{floor['seconds'] / budget:.0%} of the target's {budget:.2f} s"
    )
    seconds, cpu = naive(naive_url, path, args.sample)
    naive_rate = args.sample / seconds
    print(
        f"naive ORM:    {seconds:7.1f} s for {args.sample:,} rows = {naive_rate:11,.0f} values/s "
        f"(CPU {cpu:.1f} s); extrapolated to {total:,}: {total / naive_rate:,.0f} s"
    )
    ratios = [f"{rate / naive_rate:,.0f}x the naive loop"]
    if older is not None:
        ratios.append(f"{older['seconds'] / fast['seconds']:.2f}x the older code")
    ratios.append(f"{floor['seconds'] / fast['seconds']:.2f}x the engine floor's speed")
    print("ratio:        " + ", ".join(ratios) + " (wall clock)")
    cpu_ratios = [f"this import {fast['cpu']:.2f} s"]
    if older is not None:
        cpu_ratios.append(f"older code {older['cpu']:.2f} s ({older['cpu'] / fast['cpu']:.2f}x)")
    cpu_ratios.append(f"engine floor {floor['cpu']:.2f} s ({floor['cpu'] / fast['cpu']:.2f}x)")
    print("CPU seconds:  " + ", ".join(cpu_ratios) + " (of the importing process)")
    targets = [
        f">= {goal:,} values/s: {'met' if rate >= goal else 'NOT met'}",
        f"peak < 1 GiB: {'met' if peak < 1 else 'NOT met'}",
    ]
    print("targets:      " + "; ".join(targets))
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"machine:      {os.cpu_count()} CPUs, load average {load} (other work slows wall time)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settlements", type=int, default=7_000)
    parser.add_argument("--years", type=int, default=7)
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument("--baseline-src", default=str(Path(__file__).resolve().parents[3] / "main"))
    parser.add_argument("--child", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--engine-floor", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--prepare", nargs=2, metavar=("URL", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare[0], int(args.prepare[1]))
        print("{}")
        return
    if args.child:
        child(*args.child)
        return
    if args.engine_floor:
        engine_floor(*args.engine_floor)
        return
    with tempfile.TemporaryDirectory(prefix="monotown-bench-") as tmp:
        folder = Path(tmp)
        names = ("fast", "older", "floor", "naive")
        run("SQLite", [f"sqlite:///{folder / name}.sqlite" for name in names], args, folder)
        base = bench_postgres_url()
        if not base:
            print("\n(PostgreSQL skipped: set MONOTOWN_BENCH_POSTGRES_URL to include it)")
            return
        with contextlib.ExitStack() as stack:
            urls = [stack.enter_context(scratch_schema(base, "bench")) for _ in names]
            run("PostgreSQL", urls, args, folder)


if __name__ == "__main__":
    main()
