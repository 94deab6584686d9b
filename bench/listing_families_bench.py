"""Benchmark: the API mix's value queries by URL family, in process on the national database,
this tree's code against a baseline tree's in the same run.

The reads of `api_bench.py`'s mix that run value queries (listings: the page and its uncached
total; single values) are grouped by family: which filters (town, indicator + years, region +
pillar, ...), which sort, shallow or deep page. For each family it prints the CPU milliseconds
per read (the page's statement and the total's apart) and its share of the mix, for the
baseline's code (`--baseline-src`, e.g. main's checkout) and this tree's, each in a fresh
process over the same requests, and the ratio. A first pass warms the statement caches; the
second is measured. CPU time, not wall time: the fair figure on a shared machine; on
PostgreSQL the queries' work is in the server's process, so there it is wall time (noisy).

    python bench/listing_families_bench.py [--reads 2000] [--baseline-src /work/wt/base-s14]
        [--postgres URL]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sqlalchemy.orm import Session

from api_bench import INDICATORS_USED, _indicators
from api_bench_mix import Mix, Request
from children import arguments_or_child, run_child
from monotown.data.values_query import ValueQuery, bounded_total, one_value, value_page
from monotown.db import make_engine
from national_db import SETTLEMENTS, YEARS, postgres_url, sqlite_url

CLOCK = time.process_time  # in process (SQLite); PostgreSQL works apart: its wall time
_FILTERS = {
    ("town",): "town", ("indicator", "year_from"): "indicator+year",
    ("pillar", "region"): "region+pillar", ("indicator",): "indicator",
    ("pillar", "town"): "town+pillar", ("region", "year_from", "year_to"): "region+year",
}  # fmt: skip


def family(request: Request) -> str:
    """The request's family: its filters, its sort and how deep its page is."""
    query = request.query
    assert query is not None
    if "?" not in request.path:
        return "one value"
    given = tuple(sorted(k for k in ("town", "indicator", "region", "pillar", "year_from",
                                     "year_to") if getattr(query, k) is not None))  # fmt: skip
    depth = "deep" if request.page > 3 else "p1-3"
    return f"{_FILTERS[given]:14} {query.sort:10} {depth}"


def _run(session: Session, requests: list[Request], spent: dict[str, list[float]]) -> None:
    for request in requests:
        name = family(request)
        query = request.query
        assert query is not None
        counted = [0.0]

        def count(session: Session, query: ValueQuery, counted: list[float] = counted) -> int:
            started = CLOCK()
            total = bounded_total(session, query)
            counted[0] += CLOCK() - started
            return total

        started = CLOCK()
        if name == "one value":
            town, indicator, period = request.path.rsplit("/", 3)[1:]
            one_value(session, town, indicator, period)
        else:
            value_page(session, query, request.page, request.per_page, None, count)
        whole = CLOCK() - started
        figures = spent[name]
        figures[0] += 1
        figures[1] += whole - counted[0]
        figures[2] += counted[0]


def measure(url: str, arguments: argparse.Namespace) -> dict[str, Any]:
    """Seconds per family over the mix's value reads (CPU on SQLite, wall on PostgreSQL):
    {family: [reads, page s, total s]}."""
    INDICATORS_USED.extend(_indicators(Path(sqlite_url().removeprefix("sqlite:///"))))
    mix = Mix(INDICATORS_USED, SETTLEMENTS, YEARS, seed=4242)
    requests = [r for r in (mix.read() for _ in range(arguments.reads)) if r.query is not None]
    global CLOCK
    CLOCK = time.perf_counter if url.startswith("postgresql") else time.process_time
    engine = make_engine(url)
    with Session(engine) as session:
        _run(session, requests, defaultdict(lambda: [0.0, 0.0, 0.0]))  # warm
        spent: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        _run(session, requests, spent)
    engine.dispose()
    return dict(spent)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=2000)
    parser.add_argument("--baseline-src", default="/work/wt/base-s14")
    parser.add_argument("--postgres")
    arguments = arguments_or_child(parser, measure)
    if arguments is None:
        return 0
    url = postgres_url(arguments.postgres) if arguments.postgres else sqlite_url()
    common = ["--reads", str(arguments.reads), "--child", url]
    script = str(Path(__file__).resolve())
    base = run_child(script, common, arguments.baseline_src, "the baseline")
    ours = run_child(script, common, str(Path(__file__).resolve().parents[1]), "this tree")
    reads = sum(int(figures[0]) for figures in base.values())
    clock = "wall (the database's own process works)" if arguments.postgres else "CPU"
    print(f"{reads} value reads of the api_bench mix, {url.split(':')[0]}; {clock} ms per read "
          f"(page + total), baseline {arguments.baseline_src} vs this tree")  # fmt: skip
    rows = sorted(base, key=lambda name: -(base[name][1] + base[name][2]))
    whole = [0.0, 0.0]
    spent = sum(figures[1] + figures[2] for figures in base.values())
    for name in rows:
        n, page, total = base[name]
        _, our_page, our_total = ours[name]
        whole[0] += page + total
        whole[1] += our_page + our_total
        print(
            f"{name:36} {int(n):4}  base {1000 * page / n:6.2f} + {1000 * total / n:5.2f}"
            f"  ours {1000 * our_page / n:6.2f} + {1000 * our_total / n:5.2f}"
            f"  share {100 * (page + total) / spent:5.1f}%"
            f"  x{(page + total) / max(1e-9, our_page + our_total):5.2f}"
        )
    print(
        f"{'all':36} {reads:4}  base {1000 * whole[0] / reads:6.2f} ms/read  ours "
        f"{1000 * whole[1] / reads:6.2f} ms/read  x{whole[0] / max(1e-9, whole[1]):.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
