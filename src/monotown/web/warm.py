"""Compiling the statements of the common API reads when a server worker starts.

Value listings compile each statement once per shape (which filters, which sort, which page
style) and per process (`records.query_sql.run_sql`), a few milliseconds each: without this, the
first readers of every worker pay for dozens of them. Here each listing parameter alone and the
usual pairs, in every sort order, first page and deeper, and the single-value read are run once
with values that match nothing (so every statement is compiled and each run is an index probe).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from itertools import product
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from monotown.data.values_query import ValueQuery, bounded_total, one_value, value_page
from monotown.data.values_query_sql import VALUE_SORTS
from monotown.errors import MonotownError

log = logging.getLogger("monotown.web")
# Values no stored row has: the statements are the real ones, their answers empty.
NOWHERE: dict[str, Any] = {
    "town": "~warm", "region": "~warm", "indicator": "~warm", "pillar": "~warm",
    "year_from": 1900, "year_to": 1900, "period_type": "month", "flag": "official",
}  # fmt: skip
# Each narrows to a town, a region or an indicator: with nothing to narrow to, a listing counts
# its total over every stored value (seconds at national scale), which warming must not do.
FILTER_SETS: tuple[tuple[str, ...], ...] = (
    ("town",),
    ("region",),
    ("indicator",),
    ("pillar",),
    ("town", "pillar"),
    ("town", "indicator"),
    ("region", "pillar"),
    ("region", "indicator"),
    ("region", "year_from", "year_to"),
    ("indicator", "year_from"),
    ("indicator", "year_from", "year_to"),
)
SORTS = tuple(f"{order}{field}" for field, order in product(VALUE_SORTS, ("", "-")))
PAGES = (1, 2)


def warm_statements(sessions: Callable[[], Session]) -> int:
    """Run the common listings once (in a read transaction that is rolled back); how many."""
    started, count = time.perf_counter(), 0
    session = sessions()
    try:
        for names, sort, page in product(FILTER_SETS, SORTS, PAGES):
            query = ValueQuery(**{name: NOWHERE[name] for name in names}, sort=sort)
            try:
                value_page(session, query, page, 50, None, bounded_total)
            except (MonotownError, SQLAlchemyError) as error:  # never keeps a worker from starting
                log.warning("not warmed: %s (%s)", query, error)
                session.rollback()
                continue
            count += 1
        one_value(session, NOWHERE["town"], NOWHERE["indicator"], "1900")
    finally:
        session.rollback()
        session.close()
    log.info("%d listings warmed in %.1f s", count, time.perf_counter() - started)
    return count
