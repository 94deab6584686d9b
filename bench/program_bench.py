"""Program import throughput: validated, audited, undoable import of budget lines from CSV, against
a baseline of inserting the same rows with SQLAlchemy Core (no validation, no audit, no undo).

Also times the export -> re-import round trip (nothing changes), undo, and the demo load.
Run: .venv/bin/python bench/program_bench.py [ROWS]   (SQLite in a temporary folder)
"""

from __future__ import annotations

import csv
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select

from monotown import catalog, migrations
from monotown.db import make_engine, session_scope
from monotown.program import export_file, import_file
from monotown.program.demo import load_demo
from monotown.program.models import BudgetLine
from monotown.registry import load_reference
from monotown.registry.models import Settlement

TOWNS = ["Balkhash", "Temirtau", "Rudny", "Ekibastuz", "Ridder", "Kentau", "Satpayev", "Aksu"]


def _rows(count: int) -> list[dict[str, object]]:
    rng = random.Random(1)
    rows = []
    for index in range(count):
        allocated = rng.randint(100, 10_000) * 1_000_000
        rows.append(
            {
                "town": TOWNS[index % len(TOWNS)],
                "year": 2000 + index // 400,
                "budget_source": "national",
                "purpose": f"purpose {index % 400}",
                "planned_kzt": allocated,
                "allocated_kzt": allocated,
                "disbursed_kzt": allocated * 9 // 10,
            }
        )
    return rows


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _timed(label: str, seconds: float, rows: int) -> None:
    print(f"{label:<44} {seconds:8.3f} s  {rows / seconds:10,.0f} rows/s")


def main(count: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="program-bench-"))
    engine = make_engine(f"sqlite:///{folder / 'bench.sqlite'}")
    migrations.upgrade(engine)
    with session_scope(engine) as session:
        load_reference(session)
        towns = {
            name: id_ for name, id_ in session.execute(select(Settlement.name_en, Settlement.id))
        }
    rows = _rows(count)
    source = folder / "budget.csv"
    _write(source, rows)

    start = time.perf_counter()
    with session_scope(engine) as session:
        session.execute(
            insert(BudgetLine),
            [
                {
                    **{key: value for key, value in row.items() if key != "town"},
                    "settlement_id": towns[str(row["town"])],
                    "synthetic": False,
                }
                for row in rows
            ],
        )
    baseline = time.perf_counter() - start
    with session_scope(engine) as session:
        session.execute(BudgetLine.__table__.delete())

    start = time.perf_counter()
    with session_scope(engine) as session:
        batch = import_file(session, "budget", source).batch_id
    imported = time.perf_counter() - start

    exported = folder / "export.csv"
    start = time.perf_counter()
    with session_scope(engine) as session:
        export_file(session, "budget", exported)
    with session_scope(engine) as session:
        assert import_file(session, "budget", exported).total.n_unchanged == count
    round_trip = time.perf_counter() - start

    start = time.perf_counter()
    with session_scope(engine) as session:
        catalog.undo(session, batch, user="bench")
    undone = time.perf_counter() - start

    start = time.perf_counter()
    with session_scope(engine) as session:
        demo_rows = load_demo(session).total.rows_total
    demo = time.perf_counter() - start

    print(f"program import benchmark: {count:,} budget lines, SQLite")
    _timed("baseline: Core bulk insert (no checks)", baseline, count)
    _timed("import: validated, audited, undoable", imported, count)
    _timed("export + re-import (nothing changes)", round_trip, count)
    _timed("undo of the import", undone, count)
    _timed("demo load (all entities)", demo, demo_rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole run: {peak:.0f} MB")
    print(f"ratio import / baseline: {imported / baseline:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2_000)
