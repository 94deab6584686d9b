"""Benchmark: the national briefing (PDF) for a country of 7,000 settlements.

Builds a temporary SQLite database with what `make run` loads (reference data, the demo values of
the 27 towns, the program's facts and demo records) plus 7,000 synthetic settlements spread over
the regions with 20 indicators for 7 years each (980,000 values, imported through
`monotown.data.import_frame`), then times the whole briefing (gathering from the database, charts,
map, WeasyPrint layout and PDF) and, in the same run, the 27-town demo briefing as the baseline.
Target: < 10 s for the 7,000-settlement briefing.

    .venv/bin/python bench/report_bench.py [--settlements N]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from monotown import migrations
from monotown.assess import run_from_database
from monotown.data import catalog_frame, import_frame, load_demo_data
from monotown.db import make_engine, session_scope
from monotown.program import load_facts as load_program_facts
from monotown.program.demo import load_demo as load_program_demo
from monotown.registry import load_reference
from monotown.registry.models import MonotownStatus, Region, Settlement
from monotown.reports import render_briefing

TARGET_SECONDS = 10.0
SEED = 20260101


INDICATORS = 20
YEARS = range(2019, 2026)


def build_database(path: Path) -> Engine:
    """What `make run` loads: reference data, the catalog, the demo values, the program data."""
    engine = make_engine(f"sqlite:///{path}")
    migrations.upgrade(engine)
    with session_scope(engine) as session:
        load_reference(session)
    with session_scope(engine) as session:
        load_demo_data(session)
    with session_scope(engine) as session:
        load_program_facts(session)
    with session_scope(engine) as session:
        load_program_demo(session)
    return engine


def add_values(engine: Engine, codes: list[str]) -> int:
    """Synthetic values for every settlement: population and output first, then 18 others."""
    rng = np.random.default_rng(SEED)
    with session_scope(engine) as session:
        catalog = catalog_frame(session)
    others = [c for c in catalog["code"] if c not in ("pop_total", "industrial_output_kzt_bn")]
    indicators = ["pop_total", "industrial_output_kzt_bn", *others[: INDICATORS - 2]]
    bounds = {row.code: (row.min, row.max) for row in catalog.itertuples()}
    frames = []
    for code in indicators:
        low, high = bounds[code]
        high = min(high, low + 1000) if code != "pop_total" else 5000
        for year in YEARS:
            frames.append(
                pd.DataFrame(
                    {
                        "settlement": codes,
                        "indicator": code,
                        "period": str(year),
                        "value": np.round(rng.uniform(low, high, len(codes)), 2),
                    }
                )
            )
    frame = pd.concat(frames, ignore_index=True)
    with session_scope(engine) as session:
        import_frame(session, frame, name="bench values", source="bench", flag="synthetic")
    return len(frame)


def assess_all(engine: Engine) -> int:
    """A run over every settlement with values, so the briefing reports a national assessment."""
    with session_scope(engine) as session:
        run, _ = run_from_database(session, label="bench", origin="system")
        return run.n_units


def add_settlements(engine: Engine, count: int) -> list[str]:
    """`count` synthetic villages and towns over every region; a few are put on the current list."""
    rng = random.Random(SEED)
    with session_scope(engine) as session:
        regions = list(session.scalars(select(Region.id).order_by(Region.code)))
        rows = [
            {
                "code": f"bench-{index:05d}",
                "kind": "village" if index % 10 else "town",
                "name_en": f"Settlement {index:05d}",
                "name_ru": f"Населённый пункт {index:05d}",
                "name_kk": f"Елді мекен {index:05d}",
                "region_id": regions[index % len(regions)],
                "latitude": round(rng.uniform(41.5, 54.5), 5),
                "longitude": round(rng.uniform(50.0, 86.0), 5),
                "synthetic": True,
            }
            for index in range(count)
        ]
        session.execute(insert(Settlement), rows)
        ids = list(session.scalars(select(Settlement.id).where(Settlement.code.like("bench-%"))))
        listed = [{"settlement_id": sid, "list_code": "current"} for sid in ids[::500]]
        session.execute(insert(MonotownStatus), listed)
    return [row["code"] for row in rows]


def time_briefing(engine: Engine, runs: int = 1) -> tuple[float, int]:
    best = float("inf")
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        with session_scope(engine) as session:
            data = render_briefing(session, lang="en", fmt="pdf")
        best = min(best, time.perf_counter() - start)
        size = len(data)
    return best, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settlements", type=int, default=7000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        baseline_engine = build_database(Path(folder) / "demo.sqlite")
        time_briefing(baseline_engine)  # warm-up: fonts, Pango, matplotlib
        baseline, baseline_size = time_briefing(baseline_engine)
        baseline_engine.dispose()

        engine = build_database(Path(folder) / "country.sqlite")
        start = time.perf_counter()
        values = add_values(engine, add_settlements(engine, args.settlements))
        units = assess_all(engine)
        setup = time.perf_counter() - start
        seconds, size = time_briefing(engine)
        engine.dispose()
    print(
        f"setup: {args.settlements} synthetic settlements, {values:,} values, an assessment run "
        f"over {units} units in {setup:.1f} s"
    )
    print(f"baseline (27-town demo briefing): {baseline:.2f} s, {baseline_size / 1024:.0f} KiB")
    print(
        f"national briefing, {args.settlements} settlements: {seconds:.2f} s, {size / 1024:.0f} KiB"
    )
    print(f"ratio to baseline: {seconds / baseline:.2f}x")
    verdict = "OK" if seconds < TARGET_SECONDS else "SLOWER THAN TARGET"
    print(f"target < {TARGET_SECONDS:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
