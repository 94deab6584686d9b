"""Benchmark: the national briefing (PDF) for a country of 7,000 settlements.

Uses the shared national benchmark database (bench/national_db.py: what `make run` loads plus
7,000 synthetic settlements with 980,000 values and a national assessment run), then times the
whole briefing (gathering from the database, charts, map, WeasyPrint layout and PDF) and, in the
same run, the 27-town demo briefing as the baseline.
Target (issue 16): < 3 s for the 7,000-settlement briefing.

    .venv/bin/python bench/report_bench.py
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent))
from monotown.db import make_engine, session_scope
from monotown.reports import render_briefing
from national_db import load_make_run_data, sqlite_url

TARGET_SECONDS = 3.0


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
    parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        baseline_engine = make_engine(f"sqlite:///{Path(folder) / 'demo.sqlite'}")
        load_make_run_data(baseline_engine)
        time_briefing(baseline_engine)  # warm-up: fonts, Pango, matplotlib
        baseline, baseline_size = time_briefing(baseline_engine)
        baseline_engine.dispose()
    engine = make_engine(sqlite_url())
    seconds, size = time_briefing(engine)
    engine.dispose()
    print("database: the shared national benchmark database (bench/national_db.py)")
    print(f"baseline (27-town demo briefing): {baseline:.2f} s, {baseline_size / 1024:.0f} KiB")
    print(f"national briefing, 7,000 settlements: {seconds:.2f} s, {size / 1024:.0f} KiB")
    print(f"ratio to baseline: {seconds / baseline:.2f}x")
    verdict = "OK" if seconds < TARGET_SECONDS else "SLOWER THAN TARGET"
    print(f"target < {TARGET_SECONDS:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
