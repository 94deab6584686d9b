"""Benchmark: the two non-listing reads of the API mix, one settlement's profile and one town's
assessment result, per call in process on the national database (bench/national_db.py).

For each it times, on the same random towns in the same run, what the API runs on a cache miss
(`town_by_code`'s Core selects; `resolve_run_and_previous`, one select with only the run's
identity loaded) and the baseline it replaced (the ORM's eager loading of the settlement's object
graph, `_settlement_query`; `resolve_run` plus `previous_run`, whole ORM rows), alternating the
two in rounds, and prints the CPU milliseconds per call and the ratio. CPU time, not wall time:
the fair figure on a shared machine.

    python bench/profile_reads_bench.py [--calls 500] [--rounds 3]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from monotown.assess import store
from monotown.db import make_engine
from monotown.registry import town_by_code
from monotown.registry.models import Settlement
from monotown.registry.store import _settlement_query, _town_view
from national_db import SETTLEMENTS, sqlite_url

Read = Callable[[Session, str], object]


def profile_orm(session: Session, code: str) -> object:
    """The baseline: the settlement's graph by the ORM's eager loading, one select per link."""
    found = session.scalars(_settlement_query().where(Settlement.code == code)).one_or_none()
    return None if found is None else _town_view(found)


def run_orm(session: Session, _code: str) -> object:
    """The baseline: the latest run and the run before it as whole ORM rows."""
    run = store.resolve_run(session, "latest")
    return run.id, store.previous_run(session, run)


def run_identity(session: Session, _code: str) -> object:
    return store.resolve_run_and_previous(session, "latest")


def cpu_ms(engine: Engine, read: Read, codes: list[str]) -> float:
    """CPU milliseconds per call, a session per call as a request has."""
    started = time.process_time()
    for code in codes:
        with Session(engine) as session:
            read(session, code)
    return (time.process_time() - started) / len(codes) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    engine = make_engine(sqlite_url())
    rng = random.Random(16)
    codes = [f"bench-{rng.randrange(SETTLEMENTS):05d}" for _ in range(args.calls)]
    pairs = {
        "settlement profile (town_by_code)": (town_by_code, profile_orm),
        "assessment run + previous": (run_identity, run_orm),
    }
    for label, (new, old) in pairs.items():
        for read in (new, old):
            cpu_ms(engine, read, codes[:20])  # warm the statement caches
        news, olds = [], []
        for _ in range(args.rounds):
            news.append(cpu_ms(engine, new, codes))
            olds.append(cpu_ms(engine, old, codes))
        now, before = min(news), min(olds)
        print(
            f"{label:36} {now:6.3f} ms CPU per call; baseline (ORM) {before:6.3f} ms;"
            f" {before / now:4.1f}x less"
        )
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
