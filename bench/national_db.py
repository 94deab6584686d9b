"""The national-scale benchmark database every benchmark shares: 7,000 synthetic settlements over
the regions with 20 indicators for 7 years each (980,000 values, imported through
`monotown.data.import_frame`) on top of what `make run` loads (reference data, the 27 demo towns,
the program's facts and demo records), and an assessment run over every settlement. Its planner
statistics are the ones the product keeps (`monotown.planner_statistics.keep_statistics`, run by
the import and by `monotown db upgrade`), not a hand-run ANALYZE: plans and figures are what a
user gets.

Built once and cached: SQLite under var/bench/national-v{VERSION}.sqlite, PostgreSQL in the
schema bench_national_v{VERSION} of the given database. Bump VERSION when the contents or the
way it is built change (2: statistics from the product's own path, no hand-run ANALYZE).

    python bench/national_db.py [--postgres URL]   # build (or report) the cached databases
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import create_engine, insert, inspect, select, text
from sqlalchemy.engine import Engine

from monotown import migrations
from monotown.assess import run_from_database
from monotown.data import catalog_frame, import_frame, load_demo_data
from monotown.db import make_engine, schema_url, session_scope
from monotown.program import load_facts as load_program_facts
from monotown.program.demo import load_demo as load_program_demo
from monotown.registry import load_reference
from monotown.registry.models import MonotownStatus, Region, Settlement

VERSION = 2
SETTLEMENTS = 7000
INDICATORS = 20
YEARS = range(2019, 2026)
SEED = 20260101
ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "var" / "bench"


def upgrade_schema(engine: Engine) -> None:
    """`monotown db upgrade`'s own path; an older checkout measured as a baseline
    (`--baseline-src`), which has no such function, gets its migrations alone."""
    try:
        from monotown.cli.db_commands import upgrade_schema as product_upgrade
    except ImportError:
        migrations.upgrade(engine)
        return
    product_upgrade(engine)


def load_make_run_data(engine: Engine) -> None:
    """What `make run` loads: reference data, the catalog, the demo values, the program data."""
    upgrade_schema(engine)
    with session_scope(engine) as session:
        load_reference(session)
    with session_scope(engine) as session:
        load_demo_data(session)
    with session_scope(engine) as session:
        load_program_facts(session)
    with session_scope(engine) as session:
        load_program_demo(session)


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


def value_frame(engine: Engine, codes: list[str]) -> pd.DataFrame:
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
    return pd.concat(frames, ignore_index=True)


def add_values(engine: Engine, codes: list[str]) -> int:
    frame = value_frame(engine, codes)
    with session_scope(engine) as session:
        import_frame(session, frame, name="bench values", source="bench", flag="synthetic")
    return len(frame)


def assess_all(engine: Engine) -> int:
    """A run over every settlement with values, so reports and the API have national results."""
    with session_scope(engine) as session:
        run, _ = run_from_database(session, label="bench", origin="system")
        return run.n_units


def build(engine: Engine, settlements: int = SETTLEMENTS) -> None:
    started = time.perf_counter()
    load_make_run_data(engine)
    values = add_values(engine, add_settlements(engine, settlements))
    units = assess_all(engine)
    print(
        f"built the national benchmark database: {settlements:,} settlements, {values:,} values, "
        f"an assessment over {units:,} units in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )


def _built(engine: Engine) -> bool:
    if "alembic_version" not in inspect(engine).get_table_names():
        return False
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM assessment_run")).scalar()
    return bool(count)


def sqlite_url() -> str:
    """The cached SQLite database (built on first use)."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    path = FOLDER / f"national-v{VERSION}.sqlite"
    ready = FOLDER / f"national-v{VERSION}.ready"
    url = f"sqlite:///{path}"
    if not ready.exists():
        path.unlink(missing_ok=True)
        engine = make_engine(url)
        build(engine)
        engine.dispose()
        ready.touch()
    _upgrade(url)
    return url


def _upgrade(url: str) -> None:
    """A cached database built before the latest migration gets it (e.g. a new index) as
    `monotown db upgrade` gives it, statistics included."""
    engine = make_engine(url)
    try:
        if not migrations.is_up_to_date(engine):
            upgrade_schema(engine)
    finally:
        engine.dispose()


def postgres_url(base: str) -> str:
    """The cached PostgreSQL database: a schema of its own in `base` (built on first use)."""
    schema = f"bench_national_v{VERSION}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    admin.dispose()
    rendered = schema_url(base, schema)
    engine = make_engine(rendered)
    try:
        if not _built(engine):
            with engine.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            build(engine)
    finally:
        engine.dispose()
    _upgrade(rendered)
    return rendered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="also build the PostgreSQL copy in this database")
    options = parser.parse_args()
    print(sqlite_url())
    if options.postgres:
        print(postgres_url(options.postgres))


if __name__ == "__main__":
    main()
