"""Tracing records to their sentences: the sources of every cited record, one query per kind
(`program.cited.with_sources`) against the naive loop of one query per record (the baseline).

Builds a fresh SQLite database with the reference data, the bundled program records with their
events and citations, and the demo records, then times both ways for directives and stated
figures and prints the milliseconds and the ratio.

    python bench/citations_bench.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd
from sqlalchemy.orm import Session

from monotown import migrations
from monotown.db import make_engine, session_scope
from monotown.events import citations_for
from monotown.program import cited, load_facts, store
from monotown.program.demo import load_demo
from monotown.program.entities import get_entity
from monotown.program.fields import to_text
from monotown.registry import load_reference


def _naive(session: Session, kind: str, frame: pd.DataFrame) -> int:
    entity = get_entity(kind)
    found = 0
    for row in frame.to_dict("records"):
        key = " | ".join(to_text(row.get(name)) for name in entity.key)
        found += len(citations_for(session, kind, key))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        migrations.upgrade(engine)
        started = time.perf_counter()
        with session_scope(engine) as session:
            load_reference(session)
            load_facts(session)
        load_seconds = time.perf_counter() - started
        with session_scope(engine) as session:
            load_demo(session)
        print(f"load bundled records with events and citations: {load_seconds * 1000:.0f} ms")
        with session_scope(engine) as session:
            for kind in ("directives", "facts"):
                frame = store.entity_frame(session, kind)
                t0 = time.perf_counter()
                for _ in range(args.repeat):
                    _naive(session, kind, frame)
                naive = (time.perf_counter() - t0) / args.repeat
                t0 = time.perf_counter()
                for _ in range(args.repeat):
                    cited.with_sources(session, frame, kind)
                batched = (time.perf_counter() - t0) / args.repeat
                print(
                    f"{kind}: {len(frame)} records; one query per record (baseline) "
                    f"{naive * 1000:.1f} ms, one query per kind {batched * 1000:.1f} ms, "
                    f"ratio {naive / batched:.1f}x"
                )
        engine.dispose()


if __name__ == "__main__":
    main()
