"""`monotown records export values` over many values: peak memory and CPU seconds of the streamed
export (keyset pages in SQL, `data.values_listing.stream_values`) against the former in-memory
export (every value listed by the records layer, then written) as the baseline, each in a fresh
child process, on a temporary SQLite database (or, with --postgres URL, a PostgreSQL schema).

    python bench/records_values_bench.py [--values 200000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import insert, select, text

WAYS = ("streamed", "in-memory")


def build(url: str, count: int) -> None:
    """Reference data, the catalog and `count` synthetic monthly values over every town."""
    from monotown import migrations
    from monotown.data import load_catalog
    from monotown.data.models import Indicator, IndicatorValue
    from monotown.db import make_engine, session_scope
    from monotown.registry import load_reference
    from monotown.registry.models import Settlement

    engine = make_engine(url)
    migrations.upgrade(engine)
    for load in (load_reference, load_catalog):
        with session_scope(engine) as session:
            load(session)
    with session_scope(engine) as session:
        towns = session.scalars(select(Settlement.id)).all()
        indicators = session.scalars(select(Indicator.id)).all()
        per_month = len(towns) * len(indicators)
        for start in range(0, count, 20_000):
            rows = [
                {"settlement_id": towns[n % len(towns)],
                 "indicator_id": indicators[n // len(towns) % len(indicators)],
                 "period": f"{1900 + n // per_month // 12}-{n // per_month % 12 + 1:02d}",
                 "period_type": "month", "year": 1900 + n // per_month // 12,
                 "value": float(n % 997), "flag": "synthetic", "source": "bench"}
                for n in range(start, min(count, start + 20_000))
            ]  # fmt: skip
            session.execute(insert(IndicatorValue), rows)
    engine.dispose()


def child(url: str, way: str, out: str) -> None:
    """One export in this process; prints its figures as JSON."""
    from monotown import catalog
    from monotown.cli.records import Selection, export_kind, select_rows, write_export
    from monotown.data.kinds import VALUES_KIND
    from monotown.db import DATABASE_URL_ENV

    os.environ[DATABASE_URL_ENV] = url
    catalog.install()
    everything = Selection(None, "all", None, None)
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # the code, no data yet
    started, cpu = time.perf_counter(), time.process_time()
    if way == "streamed":
        export_kind(VALUES_KIND, everything, "csv", Path(out))
    else:
        write_export(VALUES_KIND, select_rows(VALUES_KIND, everything), "csv", Path(out))
    print(json.dumps({
        "seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "loaded_mb": loaded,
        "bytes": Path(out).stat().st_size,
    }))  # fmt: skip


def run(url: str, way: str, out: Path) -> dict[str, float]:
    import subprocess

    done = subprocess.run(
        [sys.executable, __file__, "--child", way, "--url", url, "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"{way} export failed:\n{done.stderr[-2000:]}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--values", type=int, default=200_000)
    parser.add_argument("--postgres", help="a PostgreSQL URL (a schema of its own is used)")
    parser.add_argument("--child", choices=WAYS)
    parser.add_argument("--url")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child:
        child(args.url, args.child, args.out)
        return
    with tempfile.TemporaryDirectory() as folder:
        url, schema = f"sqlite:///{folder}/bench.sqlite", None
        if args.postgres:
            from monotown.db import make_engine, schema_url

            schema = f"bench_values_{uuid.uuid4().hex[:8]}"
            with make_engine(args.postgres).begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            url = schema_url(args.postgres, schema)
        try:
            started = time.perf_counter()
            build(url, args.values)
            print(f"built {args.values:,} values in {time.perf_counter() - started:.1f} s")
            found = {way: run(url, way, Path(folder) / f"{way}.csv") for way in WAYS}
        finally:
            if schema:
                with make_engine(args.postgres).begin() as connection:
                    connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    new, old = found["streamed"], found["in-memory"]
    assert new["bytes"] == old["bytes"], "the two exports differ"
    for way, figures in found.items():
        peak, cpu, wall = figures["peak_mb"], figures["cpu"], figures["seconds"]
        grown = peak - figures["loaded_mb"]
        print(f"{way}: peak RSS {peak:.0f} MB (+{grown:.0f} MB over the loaded code), "
              f"{cpu:.1f} CPU s, {wall:.1f} s")  # fmt: skip
    memory, cpu = old["peak_mb"] / new["peak_mb"], old["cpu"] / new["cpu"]
    print(f"{new['bytes'] / 1e6:.0f} MB of CSV each; ratio (baseline / streamed): peak memory "
          f"{memory:.1f}x, CPU {cpu:.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
