"""Sufficiency roll-up and standards pages at national scale: ~7,000 settlements, 42 standards,
10 years of provision records (~1.5 million), on SQLite and (if configured) PostgreSQL.

Measures, per backend:
- the national roll-up of one year (settlement levels, districts, regions, nation, gap list) as
  `monotown standards level` computes it, against a naive baseline that loops over settlements
  and asks the database for each one's records (the ratio is printed);
- the roll-up of all 10 years (the trend);
- the web pages /standards, /standards/regions/KZ-35 and a district page: the first (cold)
  request, then p50/p95 of repeated requests (warm, as users see them), with the ratio.

    python bench/standards_bench.py [--years 10] [--repeat 5] [--requests 40]
    MONOTOWN_BENCH_POSTGRES_URL=postgresql+psycopg://... python bench/standards_bench.py

Targets (issue 15): national roll-up < 1 s on both backends, pages < 200 ms p95.
"""

from __future__ import annotations

import argparse
import math
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine

from monotown import migrations
from monotown.db import make_engine, scratch_schema, session_scope
from monotown.registry import load_reference
from monotown.registry.territory import SettlementDesignation, TerritorialUnit
from monotown.standards import SufficiencyRule, sufficiency_report, trend
from monotown.standards.categories import category_of, expand_categories
from monotown.standards.demo import load_demo
from monotown.standards.models import RegionalStandard, StandardProvision
from postgres_server import bench_postgres_url

TARGET_ROLLUP_S = 1.0
TARGET_PAGE_P95_MS = 200.0


def naive_national_level(engine: Engine, year: int) -> float:
    """The baseline: one query per settlement for its records, applicability and the means in
    plain Python, then districts, regions and nation from the per-settlement levels."""
    with session_scope(engine) as session:
        standards = {s.id: s for s in session.scalars(select(RegionalStandard))}
        support = set(
            session.scalars(
                select(SettlementDesignation.unit_id).where(
                    SettlementDesignation.kind == "support_village"
                )
            )
        )
        settlements = list(
            session.scalars(select(TerritorialUnit).where(TerritorialUnit.level == "settlement"))
        )
        levels: dict[int, tuple[float, int, int | None]] = {}
        for unit in settlements:
            category = category_of(
                unit.settlement_type or "village",
                district_centre=unit.district_centre,
                rural_centre=unit.rural_centre,
                support_village=unit.id in support,
            )
            met = applicable = 0
            for record in session.scalars(
                select(StandardProvision).where(
                    StandardProvision.unit_id == unit.id, StandardProvision.year == year
                )
            ):
                standard = standards[record.standard_id]
                if category not in expand_categories(standard.categories):
                    continue
                if unit.population is not None and (
                    (
                        standard.min_population is not None
                        and unit.population < standard.min_population
                    )
                    or (
                        standard.max_population is not None
                        and unit.population > standard.max_population
                    )
                ):
                    continue
                applicable += 1
                met += int(record.met)
            if applicable:
                levels[unit.id] = (met / applicable, unit.region_id, unit.district_id)
    by_region: dict[int, list[float]] = {}
    by_district: dict[int | None, list[float]] = {}
    for level, region, district in levels.values():
        by_region.setdefault(region, []).append(level)
        by_district.setdefault(district, []).append(level)
    _ = {key: statistics.fmean(values) for key, values in by_region.items()}
    _ = {key: statistics.fmean(values) for key, values in by_district.items()}
    return 100 * statistics.fmean(level for level, _r, _d in levels.values())


def build(url: str, years: tuple[int, ...]) -> float:
    engine = make_engine(url)
    migrations.upgrade(engine)
    with session_scope(engine) as session:
        load_reference(session)
    started = time.perf_counter()
    with session_scope(engine) as session:
        report = load_demo(session, years=years, user="bench", origin="system")
    elapsed = time.perf_counter() - started
    print(f"  loaded: {report.summary()} in {elapsed:.1f} s")
    engine.dispose()
    return elapsed


def timed(function, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def pages(url: str, requests: int) -> None:
    from fastapi.testclient import TestClient

    from monotown.web.app import create_app
    from monotown.web.settings import WebSettings

    app = create_app(url, WebSettings(public_read=True, cache_seconds=1.0))
    engine = make_engine(url)
    with session_scope(engine) as session:
        district = session.scalar(
            select(TerritorialUnit.id).where(TerritorialUnit.level == "district").limit(1)
        )
    engine.dispose()
    client = TestClient(app)
    for path in ("/standards", "/standards/regions/KZ-35", f"/standards/districts/{district}"):
        started = time.perf_counter()
        first = client.get(path)
        cold = (time.perf_counter() - started) * 1000
        assert first.status_code == 200, (path, first.status_code)
        latencies = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(path)
            latencies.append((time.perf_counter() - started) * 1000)
        latencies.sort()
        p50 = latencies[len(latencies) // 2]
        p95 = latencies[min(len(latencies) - 1, math.ceil(0.95 * len(latencies)) - 1)]
        verdict = "ok" if p95 < TARGET_PAGE_P95_MS else "over target"
        print(
            f"  page {path}: cold {cold:.0f} ms (baseline), warm p50 {p50:.1f} ms, "
            f"p95 {p95:.1f} ms ({verdict}); cold/p95 = {cold / p95:.0f}x, "
            f"{len(first.content) // 1024} KB"
        )


def run(label: str, url: str, years: tuple[int, ...], repeat: int, requests: int) -> None:
    print(f"{label}:")
    build(url, years)
    engine = make_engine(url)
    year = max(years)
    rule = SufficiencyRule()

    def fast() -> float | None:
        with session_scope(engine) as session:
            return sufficiency_report(session, year, rule, gaps=50).national_pct

    fast_s, level = timed(fast, repeat)
    naive_s, naive_level = timed(lambda: naive_national_level(engine, year), 1)
    assert level is not None and abs(float(level) - float(naive_level)) < 0.01, (level, naive_level)  # type: ignore[arg-type]
    verdict = "ok" if fast_s < TARGET_ROLLUP_S else "over target"
    print(
        f"  national roll-up {year}: {fast_s * 1000:.0f} ms ({verdict}; level {level}%); "
        f"naive per-settlement loop {naive_s * 1000:.0f} ms; ratio {naive_s / fast_s:.1f}x"
    )

    def all_years() -> int:
        with session_scope(engine) as session:
            return len(trend(session, rule))

    trend_s, count = timed(all_years, 1)
    print(f"  roll-up of all {count} years (trend): {trend_s * 1000:.0f} ms")
    engine.dispose()
    pages(url, requests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    years = tuple(range(2026 - args.years, 2026))
    with tempfile.TemporaryDirectory() as folder:
        run(
            "SQLite",
            f"sqlite:///{Path(folder) / 'bench.sqlite'}",
            years,
            args.repeat,
            args.requests,
        )
    base = bench_postgres_url()
    if not base:
        print("PostgreSQL: skipped (set MONOTOWN_BENCH_POSTGRES_URL)")
        return
    with scratch_schema(base, "bench") as url:
        run("PostgreSQL", url, years, args.repeat, args.requests)


if __name__ == "__main__":
    main()
