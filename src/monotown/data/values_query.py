"""Indicator values as the API lists them: the records filter vocabulary in SQL (values run to
millions), sorts served by indexes, keyset pages, bounded totals, single values by key.

The API's older parameters (`town`, `region`, `indicator`, `pillar`, `year_from`, `year_to`,
`period_type`, `flag`, `synthetic`) are filters of that vocabulary (`ValueQuery.filters`), so
every surface filters values the same way. Statements are compiled once per shape
(`records.query_sql.run_sql`), so a listing costs its query and little else.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, Select, bindparam, func, literal_column, select
from sqlalchemy.orm import Session

from monotown.data.models import FLAGS, IndicatorValue
from monotown.data.values_query_sql import (
    COUNT_LIMIT,
    KEY_ORDER,
    REAL_FLAGS,
    VALUE_COLUMNS,
    VALUE_SORTS,
    VALUES,
    even_odds,
    joined,
    shape,
    value_conditions,
    value_row,
    walks_towns,
)
from monotown.db import SQLITE_MMAP_BYTES, UNMAPPED
from monotown.errors import InputError
from monotown.records.query import TRUE_WORDS, Filter, apply_filters, fold, parse_filters
from monotown.records.query_sql import (
    run_sql,
    sql_after,
    sql_cursor,
    sql_cursor_values,
    sql_order,
    sql_params,
)


@dataclass(frozen=True)
class ValueQuery:
    """Which values to list: the older parameters (empty means 'all'), any further filters of
    the records vocabulary (`extra`) and the sort."""

    town: str | None = None
    region: str | None = None
    indicator: str | None = None
    pillar: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    period_type: str | None = None
    flag: str | None = None
    synthetic: bool | None = None
    sort: str = "town"
    extra: tuple[Filter, ...] = ()

    def check(self) -> None:
        """Raise InputError for a selection no value can match or a filter value that is not of
        its column's type (before a response starts: an export streams)."""
        if (
            self.year_from is not None
            and self.year_to is not None
            and self.year_from > self.year_to
        ):
            raise InputError("the first year is after the last year", field="year_from")
        for index, spec in enumerate(self.extra):
            sql_params(VALUES, spec, f"check{index}")

    def filters(self) -> list[Filter]:
        """Every condition as a filter of the vocabulary; `synthetic` as the flags it means (an
        IN list, not '<> synthetic', so that the flag index can serve it)."""
        self.check()
        given = [
            Filter(column, "exact", value)
            for column, value in (
                ("town", self.town), ("region", self.region), ("indicator", self.indicator),
                ("pillar", self.pillar), ("period_type", self.period_type), ("flag", self.flag),
            )
            if value
        ]  # fmt: skip
        if self.year_from is not None:
            given.append(Filter("year", "gte", str(self.year_from)))
        if self.year_to is not None:
            given.append(Filter("year", "lte", str(self.year_to)))
        found = [*given, *self.extra]
        if self.synthetic is not None:
            found.append(Filter("synthetic", "exact", "1" if self.synthetic else "0"))
        return [_flag_form(spec) for spec in found]

    def select(self, *columns: Any) -> Select[Any]:
        """The filtered values, joined to their settlement, region and indicator."""
        conditions, _ = value_conditions(self.filters())
        return joined(select(*columns)).where(*conditions)


def value_filters(params: dict[str, str]) -> tuple[Filter, ...]:
    """Filters of the vocabulary (`year__gte=2020`, `indicator__in=a,b`...) from a request's
    parameters; an unknown column or operator is an InputError naming the valid ones."""
    return tuple(parse_filters(VALUES, params))


def _flag_form(spec: Filter) -> Filter:
    if spec.column != "synthetic" or spec.operator not in ("exact", "not"):
        return spec
    wanted = (fold(spec.value) in TRUE_WORDS) == (spec.operator == "exact")
    if wanted:
        return Filter("flag", "exact", "synthetic")
    return Filter("flag", "in", ",".join(REAL_FLAGS))


# Selections whose last count was far under the bound (by shape and values), counted directly:
# a count with a LIMIT goes through a subquery that hands every row over one at a time (45% of
# the count's CPU on SQLite). A selection that has since grown past the bound is counted in full
# once (an import's million rows: ~25 ms), then bounded again.
_SMALL: dict[Hashable, bool] = {}
_MAX_SMALL = 20_000


def bounded_total(session: Session, query: ValueQuery) -> int:
    """How many values match, counted up to COUNT_LIMIT + 1 (without the joins)."""
    filters = query.filters()
    _, params = value_conditions(filters, joined=False, expressions=False)
    values = tuple(sorted((name, repr(value)) for name, value in params.items()))
    key = (session.get_bind().dialect.name, shape(filters), values)
    direct = bool(_SMALL.get(key))
    found = int(run_sql(session, *_count_sql(filters, params, direct))[0][0])
    total = min(found, COUNT_LIMIT + 1)
    if len(_SMALL) >= _MAX_SMALL:
        _SMALL.clear()
    _SMALL[key] = total <= COUNT_LIMIT // 2
    return total


def count_statement(query: ValueQuery, direct: bool = False) -> Select[Any]:
    """The statement `bounded_total` runs, its values bound (for EXPLAIN); `direct`: the one
    for a selection last counted far under the bound."""
    filters = query.filters()
    _, params = value_conditions(filters, joined=False, expressions=False)
    return _count_sql(filters, params, direct)[1]()


def _count_sql(
    filters: list[Filter], params: dict[str, Any], direct: bool
) -> tuple[Hashable, Callable[[], Select[Any]], dict[str, Any]]:
    """The count of the values matching `filters`: bounded by COUNT_LIMIT + 1 rows, or
    `direct` (unbounded: for a selection known to be far under the bound)."""
    if not direct:
        params = {**params, "count_limit": COUNT_LIMIT + 1}

    def build() -> Select[Any]:
        conditions, _ = value_conditions(filters, joined=False)
        if direct:
            return select(func.count()).select_from(IndicatorValue).where(*conditions)
        limit = bindparam("count_limit", COUNT_LIMIT + 1, type_=Integer)
        # A constant, not the id: SQLite copies each counted row's columns out of the subquery
        # (a co-routine), and copying none counts 20-25% faster.
        counted: Select[Any] = select(literal_column("1")).select_from(IndicatorValue)
        bounded = counted.where(*conditions).limit(limit).subquery()
        return select(func.count()).select_from(bounded)

    return ("value-count", shape(filters), direct), build, params


def value_page(
    session: Session,
    query: ValueQuery,
    page: int,
    per_page: int,
    after: str | None = None,
    count: Callable[[Session, ValueQuery], int] = bounded_total,
) -> dict[str, Any]:
    """One page of values, by page number (OFFSET) or after a cursor (keyset, any depth).

    The total is exact up to COUNT_LIMIT matching rows; beyond, `total_exact` is false and the
    total is that limit, so no page counts a million rows. A page by number that is not full
    gives the total itself; otherwise `count` counts (the web keeps counts per data state).
    `next` is the cursor of the next page.
    """
    offset = 0 if after else (page - 1) * per_page
    filters = query.filters()
    if _flag_at_a_time(query.sort, filters):
        found = _by_flag(session, query, filters, per_page, offset, after)
    else:
        found = run_sql(session, *page_sql(query, per_page, offset, after))
    items = [value_row(row) for row in found]
    if not after and 0 < len(items) < per_page:
        total = (page - 1) * per_page + len(items)  # the last page: everything before is full
    else:
        total = count(session, query)
    last = items[-1] if len(items) == per_page else None
    return {
        "items": items,
        "total": min(total, COUNT_LIMIT),
        "total_exact": total <= COUNT_LIMIT,
        "page": page,
        "per_page": per_page,
        "next": sql_cursor([last[name] for name, _, _ in sql_order(VALUES, query.sort)])
        if last
        else None,
    }


def page_sql(
    query: ValueQuery, per_page: int, offset: int, after: str | None
) -> tuple[Hashable, Callable[[], Select[Any]], dict[str, Any]]:
    """A page's statement (one sort over every matching value): its shape, how it is built, and
    its parameters.

    The sort picks the page's ids only (narrow rows: the sorter's cost is in the width of what
    it sorts, and a region's page sorts thousands) and the page's own few rows are then read by
    id; the order is the same, the statement one."""
    if query.sort.lstrip("-") not in VALUE_SORTS:
        raise InputError(f"sort by one of {', '.join(VALUE_SORTS)}", field="sort")
    filters = query.filters()
    order = sql_order(VALUES, query.sort)
    cursor = sql_cursor_values(after, len(order)) if after else {}
    _, params = value_conditions(filters, sort=query.sort, expressions=False)
    params.update(cursor, page_limit=per_page, page_offset=offset)

    def build() -> Select[Any]:
        conditions, _ = value_conditions(filters, sort=query.sort)
        beyond = [sql_after(order, cursor)] if after else []
        sort = [e.desc() if d else e for _, e, d in order]
        walk = walks_towns(filters, query.sort)
        ids = joined(select(IndicatorValue.id), town_order=walk).where(*conditions, *beyond)
        ids = ids.order_by(*sort)
        limit = bindparam("page_limit", per_page, type_=Integer)
        page = ids.limit(limit).offset(bindparam("page_offset", offset, type_=Integer))
        return joined(select(*VALUE_COLUMNS)).where(IndicatorValue.id.in_(page)).order_by(*sort)

    return ("value-page", shape(filters), query.sort, bool(after)), build, params


def page_statement(
    query: ValueQuery, per_page: int, offset: int = 0, after: str | None = None
) -> Select[Any]:
    """The statement a page of the listing runs, its values bound (for EXPLAIN); sorted by flag
    over many values, the statement of the first flag's part."""
    filters = query.filters()
    if _flag_at_a_time(query.sort, filters):
        flag = _flags(query.sort, filters)[0]
        return _flag_part(filters, flag, offset + per_page, None)[1]()
    return page_sql(query, per_page, offset, after)[1]()


def _flag_at_a_time(sort: str, filters: Sequence[Filter]) -> bool:
    """Sorted by flag over many values: one town's or region's few are sorted at once instead."""
    narrow = any(spec.column in ("town", "region") and spec.operator == "exact" for spec in filters)
    return sort.lstrip("-") == "flag" and not narrow and bool(_flags(sort, filters))


def _flags(sort: str, filters: Sequence[Filter]) -> tuple[str, ...]:
    """The flags a listing can match, in its sort order."""
    on_flags = [spec for spec in filters if spec.column == "flag"]
    rows = apply_filters(VALUES, [{"flag": flag} for flag in FLAGS], on_flags)
    return tuple(sorted((row["flag"] for row in rows), reverse=sort.startswith("-")))


def _by_flag(
    session: Session,
    query: ValueQuery,
    filters: Sequence[Filter],
    per_page: int,
    offset: int,
    after: str | None,
) -> list[Any]:
    """The page sorted by flag, one flag at a time: each flag's part walks the town order (an
    index) for the rows it still needs, instead of sorting every matching value by flag (a flag
    has a handful of values, so one flag's rows are most of the table); the parts run one after
    the other and stop as soon as the page is full, so the later flags usually cost nothing."""
    flags = _flags(query.sort, filters)
    cursor = sql_cursor_values(after, 4) if after else None
    if cursor is not None:
        flags = tuple(flag for flag in flags if _not_before(flag, cursor["after_0"], query.sort))
    skip, rows = offset, list[Any]()
    for flag in flags:
        key = (
            [cursor[f"after_{n}"] for n in (1, 2, 3)]
            if cursor and flag == cursor["after_0"]
            else None
        )
        found = run_sql(session, *_flag_part(filters, flag, skip + per_page - len(rows), key))
        rows += found[skip:]
        skip = max(0, skip - len(found))
        if len(rows) >= per_page:
            break
    return rows[:per_page]


def _not_before(flag: str, cursor_flag: Any, sort: str) -> bool:
    return bool(flag <= cursor_flag if sort.startswith("-") else flag >= cursor_flag)


def _flag_part(
    filters: Sequence[Filter], flag: str, limit: int, key: list[Any] | None
) -> tuple[Hashable, Callable[[], Select[Any]], dict[str, Any]]:
    """The first `limit` values of one flag in key order (after `key` when given)."""
    _, params = value_conditions(filters, expressions=False)
    params.update(part_flag=flag, part_limit=limit)
    key_order = sql_order(VALUES, "town")
    if key is not None:
        params.update({f"key_{n}": value for n, value in enumerate(key)})

    def build() -> Select[Any]:
        conditions, _ = value_conditions(filters)
        beyond = [sql_after(key_order, params, prefix="key")] if key is not None else []
        flagged = even_odds(IndicatorValue.flag == bindparam("part_flag", flag))
        part = joined(select(*VALUE_COLUMNS)).where(*conditions, flagged, *beyond)
        ordered = part.order_by(*KEY_ORDER)
        return ordered.limit(bindparam("part_limit", limit, type_=Integer))

    return ("value-flag-part", shape(filters), key is not None), build, params


def value_rows(session: Session, query: ValueQuery, limit: int = 1_000_000) -> list[dict[str, Any]]:
    """Matching values in key order (for pages that show one town's or indicator's values)."""
    statement = query.select(*VALUE_COLUMNS).order_by(*KEY_ORDER).limit(limit)
    return [value_row(row) for row in session.execute(statement)]


def iter_value_rows(
    session: Session, query: ValueQuery, chunk: int = 2_000
) -> Iterator[dict[str, Any]]:
    """Every matching value in the query's order (as its pages list them), streamed from a
    server-side cursor (constant memory)."""
    order = sql_order(VALUES, query.sort)
    statement = query.select(*VALUE_COLUMNS).order_by(*(e.desc() if d else e for _, e, d in order))
    with _unmapped(session):
        result = session.execute(statement, execution_options={"yield_per": chunk})
        try:
            for row in result:
                yield value_row(row)
        finally:
            result.close()


@contextmanager
def _unmapped(session: Session) -> Iterator[None]:
    """SQLite reads without its memory map (`db.SQLITE_MMAP_BYTES`) meanwhile: a stream that
    reads the whole file once gains nothing from the map, whose pages would all count in the
    process's resident memory (an export stays in constant memory). The pragma goes to the
    driver (no transaction of its own); a stream closed after its transaction ended leaves
    the map to be given back when its connection returns to the pool (`db.UNMAPPED`)."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    connection = session.connection()
    pooled = connection.connection
    pooled.driver_connection.execute("PRAGMA mmap_size=0")  # type: ignore[union-attr]
    pooled.info[UNMAPPED] = True
    try:
        yield
    finally:
        if not connection.closed and pooled.info.pop(UNMAPPED, False):
            pooled.driver_connection.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")  # type: ignore[union-attr]


def one_value(session: Session, town: str, indicator: str, period: str) -> dict[str, Any] | None:
    """One value by its key: a point query on the unique key."""
    key = [Filter("town", "exact", town), Filter("indicator", "exact", indicator)]
    key.append(Filter("period", "exact", period))
    _, params = value_conditions(key, expressions=False)
    rows = run_sql(
        session,
        ("value-one",),
        lambda: joined(select(*VALUE_COLUMNS)).where(*value_conditions(key)[0]).limit(1),
        params,
    )
    return value_row(rows[0]) if rows else None
