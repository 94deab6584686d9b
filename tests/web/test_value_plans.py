"""The values listing never scans the whole values table: EXPLAIN for every filter the API takes,
on a table with enough rows that the planners choose as they would in production; and keyset
paging walks the same rows as page numbers do."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import Select, event, func, insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from monotown.data import load_catalog
from monotown.data.models import Indicator, IndicatorValue
from monotown.data.single_value import write_value
from monotown.data.values_query import (
    ValueQuery,
    count_statement,
    one_value,
    page_statement,
    value_page,
)
from monotown.data.values_query_sql import VALUE_COLUMNS
from monotown.db import session_scope
from monotown.planner_statistics import keep_statistics
from monotown.registry.models import Region, Settlement
from monotown.web.api.values import _counter
from monotown.web.cache import ReadCache

PATTERNS = {
    "no filter": ValueQuery(),
    "town": ValueQuery(town="temirtau"),
    "region": ValueQuery(region="KZ-35"),
    "indicator": ValueQuery(indicator="pop_total"),
    "pillar": ValueQuery(pillar="labour"),
    "years": ValueQuery(year_from=2020, year_to=2021),
    "period type": ValueQuery(period_type="quarter"),
    "flag": ValueQuery(flag="estimate"),
    "synthetic only": ValueQuery(synthetic=True),
    "real only": ValueQuery(synthetic=False),
    "indicator and years, by value": ValueQuery(
        indicator="pop_total", year_from=2022, sort="-value"
    ),
    "region and pillar, by period": ValueQuery(region="KZ-35", pillar="labour", sort="period"),
    "region and a year, by value": ValueQuery(
        region="KZ-35", year_from=2021, year_to=2021, sort="value"
    ),
    "indicator from a year, by period": ValueQuery(
        indicator="pop_total", year_from=2020, sort="period"
    ),
}
# Patterns that narrow to a town, region or indicator: their totals are counted from indexes.
NARROW = [name for name, query in PATTERNS.items() if query.town or query.region or query.indicator]


def _fill(engine: Engine) -> None:
    """20 indicators x the reference's settlements (27) x 24 periods, mostly real, then the
    planner statistics the product keeps."""
    with session_scope(engine) as session:
        load_catalog(session)
    with session_scope(engine) as session:
        settlements = list(session.scalars(select(Settlement.id).order_by(Settlement.id).limit(40)))
        indicators = list(session.scalars(select(Indicator.id).order_by(Indicator.id).limit(20)))
        periods = [(str(y), "year", y) for y in range(2010, 2026)]
        periods += [(f"2024Q{q}", "quarter", 2024) for q in range(1, 5)]
        periods += [(f"2025-{m:02d}", "month", 2025) for m in range(1, 5)]
        rows = [
            {
                "settlement_id": s, "indicator_id": i, "period": p, "period_type": kind,
                "year": year, "value": float(n % 997), "flag": ("official", "estimate",
                "official", "synthetic")[n % 4] if n % 50 == 0 else "official",
            }
            for n, (s, i, (p, kind, year)) in enumerate(
                itertools.product(settlements, indicators, periods)
            )
        ]  # fmt: skip
        session.execute(insert(IndicatorValue), rows)
        keep_statistics(session)  # as an import does (tests/data/test_import_statistics.py)


def _plan(session: Session, statement: Select) -> str:  # type: ignore[type-arg]
    sql = str(
        statement.compile(
            dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
        )
    )
    if session.get_bind().dialect.name == "sqlite":
        rows = session.execute(text("EXPLAIN QUERY PLAN " + sql)).all()
        return "\n".join(str(row[-1]) for row in rows)
    session.execute(text("SET LOCAL enable_seqscan = off"))
    return "\n".join(row[0] for row in session.execute(text("EXPLAIN " + sql)))


def _full_scan(plan: str) -> bool:
    """SQLite: 'SCAN indicator_value' (with or without an index, it reads every row);
    PostgreSQL: a sequential scan of it even with sequential scans priced out."""
    return bool(
        re.search(r"\bSCAN indicator_value\b", plan)
        or re.search(r"Seq Scan on indicator_value\b", plan)
    )


@pytest.fixture
def filled(reference_engine: Engine) -> Engine:
    _fill(reference_engine)
    return reference_engine


@pytest.mark.parametrize("pattern", list(PATTERNS))
def test_no_filter_pattern_scans_the_values_table(filled: Engine, pattern: str) -> None:
    query = PATTERNS[pattern]
    with Session(filled) as session:
        # The page itself; the total is a count bounded by COUNT_LIMIT, so it reads at most that
        # many rows whatever the plan.
        plan = _plan(session, page_statement(query, 50))
        assert not _full_scan(plan), f"{pattern}: full scan of indicator_value\n{plan}"


@pytest.mark.parametrize("direct", [False, True], ids=["bounded", "direct"])
@pytest.mark.parametrize("pattern", NARROW)
def test_a_narrow_total_is_counted_without_a_scan(
    filled: Engine, pattern: str, direct: bool
) -> None:
    with Session(filled) as session:
        plan = _plan(session, count_statement(PATTERNS[pattern], direct))
        assert not _full_scan(plan), f"{pattern}: full scan of indicator_value\n{plan}"
        if "year" in pattern and session.get_bind().dialect.name == "sqlite":
            assert "indicator_value USING COVERING INDEX" in plan, plan  # no row is read


def value_listing(query: ValueQuery) -> Select:  # type: ignore[type-arg]
    from monotown.data.values_query_sql import VALUES
    from monotown.records.query_sql import sql_order

    order = sql_order(VALUES, query.sort)
    return query.select(*VALUE_COLUMNS).order_by(*(e.desc() if d else e for _, e, d in order))


@pytest.mark.parametrize("sort", ["town", "-value", "period", "-flag", "indicator"])
def test_keyset_pages_walk_the_same_rows_as_page_numbers(filled: Engine, sort: str) -> None:
    query = ValueQuery(region="KZ-35", pillar="labour", sort=sort)
    with Session(filled) as session:
        by_number = [value_page(session, query, n, 37)["items"] for n in range(1, 6)]
        by_cursor, after = [], None
        for _ in range(5):
            found = value_page(session, query, 1, 37, after)
            by_cursor.append(found["items"])
            after = found["next"]
        key = [(r["town"], r["indicator"], r["period"]) for page in by_number for r in page]
        assert key == [(r["town"], r["indicator"], r["period"]) for p in by_cursor for r in p]
        assert len(set(key)) == len(key) == 5 * 37


def test_the_total_is_bounded_and_single_values_are_found_by_key(filled: Engine) -> None:
    with Session(filled) as session:
        found = value_page(session, ValueQuery(), 1, 10)
        stored = session.scalar(select(func.count()).select_from(IndicatorValue))
        assert stored is not None and stored > 10_000
        assert found["total"] == stored and found["total_exact"]
        town = session.scalar(select(Settlement.code).order_by(Settlement.id).limit(1))
        assert town is not None
        value = one_value(session, town, "pop_total", "2024Q3")
        missing = one_value(session, town, "pop_total", "1999")
        assert value is not None and value["period"] == "2024Q3" and missing is None
        assert session.scalar(select(func.count()).select_from(Region)) > 0


def test_totals_are_counted_once_per_data_state_and_stay_exact(filled: Engine) -> None:
    cache = ReadCache(ttl=60)
    query = ValueQuery(indicator="pop_total")
    statements: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    with Session(filled) as session:
        first = value_page(session, query, 1, 10, count=_counter(cache))["total"]
        event.listen(filled, "before_cursor_execute", note)
        try:
            again = value_page(session, replace(query, sort="-value"), 2, 10, count=_counter(cache))
        finally:
            event.remove(filled, "before_cursor_execute", note)
        assert again["total"] == first
        counts = [s for s in statements if "count(" in s.lower() and "indicator_value" in s]
        assert not counts, counts
        town = session.scalar(select(Settlement.code).order_by(Settlement.id).limit(1))
    with session_scope(filled) as session:
        write_value(
            session, town=town, indicator="pop_total", period="1999", value=5.0, flag="official",
            source=None, note=None, name="test", update=True, user="test", origin="cli",
        )  # fmt: skip
    with Session(filled) as session:
        assert value_page(session, query, 1, 10, count=_counter(cache))["total"] == first + 1
        last = value_page(session, query, (first + 1) // 7 + 1, 7, count=_counter(cache))
        assert 0 < len(last["items"]) < 7 and last["total"] == first + 1


def test_a_towns_detail_and_explanation_are_point_queries(filled: Engine) -> None:
    """The per-request reads of a settlement's detail and a town's explanation use keys: no scan
    of the settlements, the values or a run's results."""
    from monotown.assess.models import AssessmentResultRow

    statements = [
        select(AssessmentResultRow.unit_code, AssessmentResultRow.pillars).where(
            AssessmentResultRow.run_id == 1, AssessmentResultRow.unit_code == "temirtau"
        ),
        select(Settlement.id, Settlement.name_en).where(Settlement.code == "temirtau"),
    ]
    with Session(filled) as session:
        for statement in statements:
            plan = _plan(session, statement)
            assert not re.search(r"\bSCAN (assessment_result|settlement)\b", plan), plan
            assert not re.search(r"Seq Scan on (assessment_result|settlement)\b", plan), plan


@pytest.mark.parametrize(
    "query",
    [ValueQuery(sort="-flag"), ValueQuery(pillar="labour", sort="flag"),
     ValueQuery(indicator="pop_total", synthetic=False, sort="-flag")],
    ids=["no filter", "pillar", "indicator, real only"],
)  # fmt: skip
def test_sorting_by_flag_one_flag_at_a_time_keeps_the_order(filled: Engine, query: Any) -> None:
    with Session(filled) as session:
        plan = _plan(session, page_statement(query, 50, 100))  # the first flag's part
        assert not _full_scan(plan), plan
        plain = value_listing(query)
        expected = [tuple(row) for row in session.execute(plain.limit(120))]
        pages = [value_page(session, query, n, 30)["items"] for n in range(1, 5)]
        by_cursor, after = [], None
        for _ in range(4):
            found = value_page(session, query, 1, 30, after)
            by_cursor += found["items"]
            after = found["next"]
    key = [(row[0], row[5], row[8]) for row in expected]
    assert [(r["town"], r["indicator"], r["period"]) for page in pages for r in page] == key
    assert [(r["town"], r["indicator"], r["period"]) for r in by_cursor] == key
    flags = [row[12] for row in expected]
    assert flags == sorted(flags, reverse=query.sort.startswith("-"))
