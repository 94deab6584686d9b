"""The values listing's statements, compiled once per shape: filters whose values change the SQL
text (isnull true or false, a year that cannot be read as periods) get statements of their own;
a page (its ids sorted, then its rows read by id) lists what one plain sorted statement lists;
a region's years are read from the (settlement_id, period, indicator_id) index."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, Select, func, select
from sqlalchemy.orm import Session

from monotown.data.models import IndicatorValue
from monotown.data.values_query import ValueQuery, count_statement, page_statement, value_page
from monotown.records.query import Filter
from tests.web.test_value_plans import _plan, filled, value_listing

__all__ = ["filled"]  # the fixture, filled as the EXPLAIN tests fill it

REGION_YEARS = ValueQuery(region="KZ-35", year_from=2012, year_to=2013)


def _keys(items: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [(item["town"], item["indicator"], item["period"]) for item in items]


def test_isnull_true_and_false_are_statements_of_their_own(filled: Engine) -> None:
    with Session(filled) as session:
        total = value_page(session, ValueQuery(), 1, 1)["total"]
        for column in ("note", "batch_id"):
            empty = ValueQuery(extra=(Filter(column, "isnull", "true"),))
            filled_in = ValueQuery(extra=(Filter(column, "isnull", "false"),))
            found = value_page(session, empty, 1, 1)["total"]
            assert found == total  # the fixture stores no note and no batch
            assert value_page(session, filled_in, 1, 1)["total"] == 0


def test_a_year_not_read_as_periods_after_one_that_is(filled: Engine) -> None:
    """`year >= 2020` in a region is a range of periods; `year >= 999` is not (three digits):
    the second must not run the first one's compiled statement."""
    with Session(filled) as session:
        for year in ("2020", "999", "2020"):
            query = ValueQuery(region="KZ-35", extra=(Filter("year", "gte", year),))
            found = value_page(session, query, 1, 5)
            expected = session.scalar(
                select(func.count()).select_from(query.select(IndicatorValue.id).subquery())
            )
            assert expected and found["total"] == expected


@pytest.mark.parametrize("sort", ["town", "-value", "period", "indicator", "-flag"])
def test_a_page_lists_what_one_sorted_statement_lists(filled: Engine, sort: str) -> None:
    query = ValueQuery(region="KZ-35", year_from=2012, year_to=2013, sort=sort)
    with Session(filled) as session:
        plain: Select = value_listing(query)  # type: ignore[type-arg]
        expected = [(row.town, row.indicator, row.period) for row in session.execute(plain)]
        pages = [value_page(session, query, n, 23)["items"] for n in range(1, 4)]
        total = value_page(session, query, 1, 23)["total"]
    assert [key for page in pages for key in _keys(page)] == expected[: 3 * 23]
    assert total == len(expected) > 3 * 23


def test_a_regions_years_are_read_from_the_settlement_period_index(filled: Engine) -> None:
    with Session(filled) as session:
        if session.get_bind().dialect.name != "sqlite":
            pytest.skip("the index SQLite's planner picks; PostgreSQL's plans are checked apart")
        for sort in ("town", "-value"):
            query = ValueQuery(region="KZ-35", year_from=2012, year_to=2013, sort=sort)
            plan = _plan(session, page_statement(query, 50))
            assert "ix_indicator_value_settlement_period (settlement_id=? AND period>" in plan
        count = _plan(session, count_statement(REGION_YEARS))
        assert "COVERING INDEX ix_indicator_value_settlement_period" in count, count


def test_a_regions_pillar_is_read_by_the_towns_key_not_every_period(filled: Engine) -> None:
    """With the statistics ANALYZE keeps (migration 0017_value_settlement_period runs it on a
    filled table), a region's values of one pillar seek each town's indicators in the unique key
    instead of reading each town's every period from the (settlement_id, period, indicator_id)
    index."""
    with Session(filled) as session:
        if session.get_bind().dialect.name != "sqlite":
            pytest.skip("the index SQLite's planner picks; PostgreSQL's plans are checked apart")
        query = ValueQuery(region="KZ-35", pillar="labour", sort="-value")
        plan = _plan(session, page_statement(query, 50))
        assert "indicator_value_1 (settlement_id=? AND indicator_id=?)" in plan, plan


@pytest.mark.parametrize("sort", ["town", "-town"])
@pytest.mark.parametrize(
    "query",
    [ValueQuery(region="KZ-35", pillar="labour"), REGION_YEARS, ValueQuery(region="KZ-35")],
    ids=["pillar", "years", "region"],
)
def test_a_regions_values_by_town_walk_the_towns_in_order(
    filled: Engine, query: ValueQuery, sort: str
) -> None:
    """Sorted by town, a region's values are read town by town in code order (each town's few
    sorted on their own) instead of all sorted at once; pages by number and by cursor list what
    one plain sorted statement lists, deep pages included."""
    query = ValueQuery(region=query.region, pillar=query.pillar, year_from=query.year_from,
                       year_to=query.year_to, sort=sort)  # fmt: skip
    with Session(filled) as session:
        plain: Select = value_listing(query)  # type: ignore[type-arg]
        expected = [(row.town, row.indicator, row.period) for row in session.execute(plain)]
        pages = [value_page(session, query, n, 29)["items"] for n in (1, 2, 3, 8)]
        after, by_cursor = None, []
        for _ in range(3):
            found = value_page(session, query, 1, 29, after)
            by_cursor += _keys(found["items"])
            after = found["next"]
        if session.get_bind().dialect.name == "sqlite":
            plan = _plan(session, page_statement(query, 50, offset=500))
            assert "SCAN settlement USING INDEX" in plan, plan  # the towns in code order
            # One sort: the page's own rows; none of every value of the region.
            assert plan.count("USE TEMP B-TREE FOR ORDER BY") == 1, plan
    assert len(expected) > 8 * 29
    assert [key for page in pages[:3] for key in _keys(page)] == expected[: 3 * 29]
    assert _keys(pages[3]) == expected[7 * 29 : 8 * 29]
    assert by_cursor == expected[: 3 * 29]
