"""Accepting a press text: the time to store the five source texts with `accept_review` (event,
text, directives, facts, citations, duplicate checks, one audited batch) against a baseline in
the same run: the same directives and facts imported as plain program tables through the
program importer (what typing them into a CSV and running `monotown import` stores), without
the event, the text, the citations or the duplicate checks. Prints ms per text and the ratio.

The proposals are computed once, outside the timing: this measures storing, not extraction
(`bench/intake_bench.py` times that). SQLite files in a temporary folder.
Run: .venv/bin/python bench/intake_accept_bench.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from importlib import resources
from pathlib import Path

from monotown import migrations
from monotown.db import make_engine, session_scope
from monotown.intake import propose
from monotown.intake.input import parse_event_date
from monotown.intake.review import Review, review_of
from monotown.intake.store import accept_review
from monotown.intake.store_rows import directive_code, directive_row, fact_row
from monotown.program.bodies import load_bodies
from monotown.program.entities import get_entity
from monotown.program.importer import import_tables
from monotown.program.tabular import Table
from monotown.registry import load_reference

SOURCES = {
    "primeminister-2013-session-330": "2013",
    "primeminister-2024-04-02": "2024-04-02",
    "kazinform-2024-04-02-baibazarov": "2024-04-02",
    "pm-press-2025-06-18-seminar": "2025-06-18",
    "kazinform-2025-omarbekov": "2025",
}


def reviews() -> list[Review]:
    folder = resources.files("monotown.resources.events").joinpath("texts")
    result = []
    for code, when in SOURCES.items():
        text = folder.joinpath(f"{code}.txt").read_text("utf-8")
        review = review_of(propose(text, parse_event_date(when)), text)
        result.append(Review(**{**vars(review), "figures_only": not review.directives}))
    return result


def fresh_database(folder: Path, name: str) -> str:
    url = f"sqlite:///{folder / name}"
    engine = make_engine(url)
    migrations.upgrade(engine)
    with session_scope(engine) as session:
        load_reference(session)
        load_bodies(session)
    engine.dispose()
    return url


def plain_tables(review: Review) -> list[tuple[object, Table]]:
    """The directives and facts of a review as importer tables: the baseline's input."""
    title = review.title or "press text"
    directives = [
        directive_row(review, item, directive_code(review, item), title)
        for item in review.directives
    ]
    facts = []
    for number, figure in enumerate(review.figures):
        _key, row = fact_row(review, figure, f"{title} {number}", [])
        assert row is not None
        facts.append(row)
    tables = []
    for name, rows in (("directives", directives), ("facts", facts)):
        if rows:
            numbered = list(enumerate(rows, 2))
            tables.append((get_entity(name), Table(name, "csv", "", list(rows[0]), numbered)))
    return tables


def timed(url: str, work: list[Review], accept: bool) -> list[float]:
    engine = make_engine(url)
    times = []
    for review in work:
        started = time.perf_counter()
        with session_scope(engine) as session:
            if accept:
                accept_review(session, review, user="bench", file_name="bench.txt")
            else:
                import_tables(session, plain_tables(review), user="bench")  # type: ignore[arg-type]
        times.append(time.perf_counter() - started)
    engine.dispose()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = reviews()
    records = sum(len(r.directives) + len(r.figures) for r in work)
    accepted: list[float] = []
    baseline: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for round_number in range(args.rounds):
            accepted += timed(fresh_database(Path(folder), f"a{round_number}.sqlite"), work, True)
            baseline += timed(fresh_database(Path(folder), f"b{round_number}.sqlite"), work, False)
    accept_ms = statistics.median(accepted) * 1000
    baseline_ms = statistics.median(baseline) * 1000
    print(f"texts: {len(work)}, directives + figures: {records}, rounds: {args.rounds}")
    print(f"accept_review: {accept_ms:.0f} ms per text (median), max {max(accepted) * 1000:.0f}")
    print(f"baseline (plain importer tables): {baseline_ms:.0f} ms per text (median)")
    print(f"ratio accept / baseline: {accept_ms / baseline_ms:.2f}")


if __name__ == "__main__":
    main()
