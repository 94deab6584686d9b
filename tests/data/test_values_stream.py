"""The values export's stream and the listing's counts on both backends: SQLite connections read
through a memory map, which an export's stream turns off while it reads (its pages would all
count in the process's memory) and gives back after; the bounded total counts every value, with
or without filters."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from monotown.data import values_query
from monotown.data.models import IndicatorValue
from monotown.data.values_query import ValueQuery, bounded_total, iter_value_rows, value_page
from monotown.db import SQLITE_MMAP_BYTES
from tests.web.test_value_plans import filled

__all__ = ["filled"]  # the fixture, filled as the EXPLAIN tests fill it


def _mapped(session: Session) -> int:
    return int(session.execute(text("PRAGMA mmap_size")).scalar_one())


def test_an_export_streams_unmapped_and_gives_the_map_back(filled: Engine) -> None:
    query = ValueQuery(region="KZ-35", sort="-value")
    with Session(filled) as session:
        sqlite = filled.dialect.name == "sqlite"
        if sqlite:
            assert _mapped(session) == SQLITE_MMAP_BYTES
        rows = iter_value_rows(session, query)
        first = next(rows)
        if sqlite:
            assert _mapped(session) == 0
        streamed = [first, *rows]
        if sqlite:
            assert _mapped(session) == SQLITE_MMAP_BYTES
        pages = [value_page(session, query, n, 100)["items"] for n in range(1, 4)]
    listed = [item for page in pages for item in page]
    assert len(listed) == 300 < len(streamed)
    assert streamed[:300] == listed


def test_a_stream_left_open_past_its_transaction_ends_quietly(filled: Engine) -> None:
    """A download abandoned by its client closes its stream after the session is gone: that
    must neither begin a transaction nor lose the map of the pooled connection."""
    with Session(filled) as session:
        rows = iter_value_rows(session, ValueQuery(region="KZ-35"))
        next(rows)
    rows.close()  # after the session closed: the pool has the connection back
    with Session(filled) as session:
        assert not session.in_transaction()
        if filled.dialect.name == "sqlite":
            assert _mapped(session) == SQLITE_MMAP_BYTES


@pytest.mark.parametrize(
    "query",
    [ValueQuery(), ValueQuery(region="KZ-35", pillar="labour"), ValueQuery(indicator="pop_total"),
     ValueQuery(region="KZ-35", year_from=2012, year_to=2013), ValueQuery(synthetic=False)],
    ids=["all", "region and pillar", "indicator", "region and years", "real"],
)  # fmt: skip
def test_the_bounded_total_counts_every_matching_value(filled: Engine, query: ValueQuery) -> None:
    with Session(filled) as session:
        expected = session.scalar(
            select(func.count()).select_from(query.select(IndicatorValue.id).subquery())
        )
        assert expected and bounded_total(session, query) == expected
        assert bounded_total(session, query) == expected  # counted directly: far under the bound


def test_a_selection_grown_past_the_bound_is_counted_bounded(
    filled: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Last counted far under the bound, then past it (here: the bound lowered): the direct
    count is capped like the bounded one, and the next count is bounded again."""
    query = ValueQuery(region="KZ-35")
    with Session(filled) as session:
        everything = bounded_total(session, query)
        assert bounded_total(session, query) == everything > 1000
        monkeypatch.setattr(values_query, "COUNT_LIMIT", 999)
        assert bounded_total(session, query) == 1000
        assert bounded_total(session, query) == 1000
        page = value_page(session, query, 1, 10)
    assert (page["total"], page["total_exact"]) == (999, False)
