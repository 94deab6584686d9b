"""Benchmark: the two non-listing reads of the API mix, one settlement's profile and one town's
assessment result, and `registry.town_profile` (the API's /towns/{name}, `towns show`, the
reports) by code and by name, per call in process on the national database (bench/national_db.py,
7,000 settlements).

For each it times, on the same random towns in the same run, what the product runs
(`town_by_code`'s Core selects; `resolve_run_and_previous`, one select with only the run's
identity loaded; `town_profile`) and the baseline it replaced (the ORM's eager loading of the
settlement's object graph, kept here as `orm_settlement_query`; `resolve_run` plus
`previous_run`, whole ORM rows; the old `town_profile`: every settlement's names matched in
Python, then the ORM graph), alternating the two in rounds, and prints the CPU milliseconds per
call and the ratio. CPU time, not wall time: the fair figure on a shared machine.

    python bench/profile_reads_bench.py [--calls 500] [--rounds 3]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sqlalchemy import Select, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, selectinload

from monotown.assess import store
from monotown.db import make_engine
from monotown.registry import find_settlement, town_by_code, town_profile
from monotown.registry.models import (
    MonotownStatus,
    PopulationRecord,
    Settlement,
    TownFigure,
    TownFormingLink,
)
from monotown.registry.store import _town_view
from national_db import SETTLEMENTS, sqlite_url

Read = Callable[[Session, str], object]
# The benchmark database names its settlements `bench-NNNNN` and `Settlement NNNNN`.
NAMES = {f"bench-{number:05d}": f"Settlement {number:05d}" for number in range(SETTLEMENTS)}


def orm_settlement_query() -> Select[tuple[Settlement]]:
    """The baseline's read: the settlement's graph by the ORM's eager loading (the product's
    read path before `registry/settlement_graph.py`)."""
    return select(Settlement).options(
        selectinload(Settlement.region),
        selectinload(Settlement.source),
        selectinload(Settlement.populations).selectinload(PopulationRecord.source),
        selectinload(Settlement.figures).selectinload(TownFigure.source),
        selectinload(Settlement.statuses).selectinload(MonotownStatus.source),
        selectinload(Settlement.town_forming).selectinload(TownFormingLink.enterprise),
        selectinload(Settlement.town_forming).selectinload(TownFormingLink.shares),
    )


def profile_orm(session: Session, code: str) -> object:
    """The baseline: the settlement's graph by the ORM's eager loading, one select per link."""
    found = session.scalars(orm_settlement_query().where(Settlement.code == code)).one_or_none()
    return None if found is None else _town_view(cast(Any, found))


def town_profile_orm(session: Session, name: str) -> object:
    """The baseline: the old `town_profile`, every settlement's names matched, then the ORM."""
    settlement = find_settlement(session, name)
    query = orm_settlement_query().where(Settlement.id == settlement.id)
    return _town_view(cast(Any, session.scalars(query).one()))


def town_profile_by_name(session: Session, code: str) -> object:
    """`town_profile` given the settlement's English name (the bench's names are unique)."""
    return town_profile(session, NAMES[code])


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
        "town_profile by code": (town_profile, town_profile_orm),
        "town_profile by name": (
            town_profile_by_name,
            lambda session, code: town_profile_orm(session, NAMES[code]),
        ),
    }
    for label, (new, old) in pairs.items():
        # The old town_profile matches 7,000 settlements' names per call: a tenth of the calls.
        sample = codes[: max(20, args.calls // 10)] if label.startswith("town_profile") else codes
        for read in (new, old):
            cpu_ms(engine, read, codes[:20])  # warm the statement caches
        news, olds = [], []
        for _ in range(args.rounds):
            news.append(cpu_ms(engine, new, sample))
            olds.append(cpu_ms(engine, old, sample))
        now, before = min(news), min(olds)
        print(
            f"{label:36} {now:6.3f} ms CPU per call; baseline {before:6.3f} ms;"
            f" {before / now:5.1f}x less"
        )
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
