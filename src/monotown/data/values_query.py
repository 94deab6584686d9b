"""Indicator values as the API lists them: the records filter vocabulary in SQL (values run to
millions), sorts served by indexes, keyset pages, bounded totals, single values by key.

The API's older parameters (`town`, `region`, `indicator`, `pillar`, `year_from`, `year_to`,
`period_type`, `flag`, `synthetic`) are filters of that vocabulary (`ValueQuery.filters`), so
every surface filters values the same way. Statements are compiled once per shape
(`records.query_sql.run_sql`), so a listing costs its query and little else.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Integer, Select, bindparam, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from monotown.data.models import FLAGS, Indicator, IndicatorValue
from monotown.errors import InputError
from monotown.records.query import TRUE_WORDS, Filter, apply_filters, fold, parse_filters
from monotown.records.query_sql import (
    SqlColumn,
    SqlTable,
    run_sql,
    sql_after,
    sql_condition,
    sql_cursor,
    sql_cursor_values,
    sql_order,
)
from monotown.registry.models import Region, Settlement

REAL_FLAGS = tuple(flag for flag in FLAGS if flag != "synthetic")
COUNT_LIMIT = 100_000
VALUES = SqlTable(
    "values",
    {
        "town": SqlColumn(Settlement.code),
        "town_en": SqlColumn(Settlement.name_en),
        "town_ru": SqlColumn(Settlement.name_ru),
        "town_kk": SqlColumn(Settlement.name_kk),
        "region": SqlColumn(Region.code),
        "indicator": SqlColumn(Indicator.code),
        "pillar": SqlColumn(Indicator.pillar),
        "unit": SqlColumn(Indicator.unit),
        "period": SqlColumn(IndicatorValue.period),
        "period_type": SqlColumn(IndicatorValue.period_type),
        "year": SqlColumn(IndicatorValue.year, "integer"),
        "value": SqlColumn(IndicatorValue.value, "number"),
        "flag": SqlColumn(IndicatorValue.flag),
        "source": SqlColumn(IndicatorValue.source),
        "note": SqlColumn(IndicatorValue.note),
        "batch_id": SqlColumn(IndicatorValue.batch_id, "integer"),
        "synthetic": SqlColumn(IndicatorValue.flag == "synthetic", "boolean"),
    },
    key_columns=("town", "indicator", "period"),
)
LISTED = tuple(name for name in VALUES.columns if name != "synthetic")
VALUE_COLUMNS = tuple(VALUES.columns[name].expression.label(name) for name in LISTED)
VALUE_SORTS = ("town", "indicator", "period", "value", "flag")
KEY_ORDER = tuple(VALUES.columns[name].expression for name in VALUES.key_columns)
# Columns of the joined tables, and how a count filters on them without the joins.
_SETTLEMENT_COLUMNS = frozenset({"town", "town_en", "town_ru", "town_kk"})
_INDICATOR_COLUMNS = frozenset({"indicator", "pillar", "unit"})
# Conditions on these narrow to a town, a region or an indicator: SQLite is told so for years.
_NARROWING = frozenset({"town", "region", "indicator"})


class even_odds(FunctionElement[bool]):
    """A condition SQLite's planner is told holds for about half the rows.

    Its statistics cannot tell a rare flag from a common one, and for `flag = ?` it would scan
    the whole values table and sort it; at even odds it walks the town order and uses the flag
    index instead. Other databases get the bare condition."""

    type = Boolean()
    inherit_cache = True


@compiles(even_odds)
def _even_odds(element: even_odds, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.clauses, **kw)})"  # an OR inside stays one condition


@compiles(even_odds, "sqlite")
def _even_odds_sqlite(element: even_odds, compiler: Any, **kw: Any) -> str:
    return f"likelihood({compiler.process(element.clauses, **kw)}, 0.5)"


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
        """Raise InputError for a selection no value can match (before a response starts)."""
        if (
            self.year_from is not None
            and self.year_to is not None
            and self.year_from > self.year_to
        ):
            raise InputError("the first year is after the last year", field="year_from")

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
        conditions, _ = _conditions(self.filters())
        return _joined(select(*columns)).where(*conditions)


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


def _joined(query: Select[Any]) -> Select[Any]:
    return (
        query.select_from(IndicatorValue)
        .join(Settlement, Settlement.id == IndicatorValue.settlement_id)
        .join(Region, Region.id == Settlement.region_id)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
    )


def _conditions(
    filters: Sequence[Filter], *, joined: bool = True
) -> tuple[list[Any], dict[str, Any]]:
    """SQL conditions and their parameters; `joined=False` filters the joined tables' columns
    through subqueries (for counting without the joins)."""
    narrower = any(spec.column in _NARROWING and spec.operator == "exact" for spec in filters)
    conditions, params = [], {}
    for index, spec in enumerate(filters):
        condition, values = sql_condition(VALUES, spec, f"f{index}")
        params.update(values)
        if spec.column == "flag" or (spec.column == "year" and narrower):
            condition = even_odds(condition)
        if not joined:
            condition = _unjoined(spec.column, condition)
        conditions.append(condition)
    return conditions, params


def _unjoined(column: str, condition: Any) -> Any:
    if column in _SETTLEMENT_COLUMNS:
        return IndicatorValue.settlement_id.in_(select(Settlement.id).where(condition))
    if column == "region":
        towns = select(Settlement.id).join(Region, Region.id == Settlement.region_id)
        return IndicatorValue.settlement_id.in_(towns.where(condition))
    if column in _INDICATOR_COLUMNS:
        return IndicatorValue.indicator_id.in_(select(Indicator.id).where(condition))
    return condition


def _shape(filters: Sequence[Filter]) -> tuple[Any, ...]:
    """What a statement's text depends on in its filters (not their values)."""
    return tuple(
        (
            spec.column,
            spec.operator,
            spec.value.count(",") if spec.operator in ("in", "notin") else 0,
        )
        for spec in filters
    )


def _row(row: Sequence[Any]) -> dict[str, Any]:
    item = dict(zip(LISTED, row, strict=True))
    item["synthetic"] = item["flag"] == "synthetic"
    return item


def bounded_total(session: Session, query: ValueQuery) -> int:
    """How many values match, counted up to COUNT_LIMIT + 1 (without the joins)."""
    filters = query.filters()
    conditions, params = _conditions(filters, joined=False)

    def build() -> Any:
        limit = bindparam("count_limit", COUNT_LIMIT + 1, type_=Integer)
        bounded = select(IndicatorValue.id).where(*conditions).limit(limit).subquery()
        return select(func.count()).select_from(bounded)

    params["count_limit"] = COUNT_LIMIT + 1
    rows = run_sql(session, ("value-count", _shape(filters)), build, params)
    return int(rows[0][0])


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
    items = [_row(row) for row in found]
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
    its parameters."""
    if query.sort.lstrip("-") not in VALUE_SORTS:
        raise InputError(f"sort by one of {', '.join(VALUE_SORTS)}", field="sort")
    filters = query.filters()
    order = sql_order(VALUES, query.sort)
    cursor = sql_cursor_values(after, len(order)) if after else {}
    conditions, params = _conditions(filters)
    params.update(cursor, page_limit=per_page, page_offset=offset)
    beyond = [sql_after(order, cursor)] if after else []

    def build() -> Select[Any]:
        listing = _joined(select(*VALUE_COLUMNS)).where(*conditions, *beyond)
        ordered = listing.order_by(*(e.desc() if d else e for _, e, d in order))
        limit = bindparam("page_limit", per_page, type_=Integer)
        return ordered.limit(limit).offset(bindparam("page_offset", offset, type_=Integer))

    return ("value-page", _shape(filters), query.sort, bool(after)), build, params


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
    conditions, params = _conditions(filters)
    params.update(part_flag=flag, part_limit=limit)
    key_order = sql_order(VALUES, "town")
    if key is not None:
        params.update({f"key_{n}": value for n, value in enumerate(key)})

    def build() -> Select[Any]:
        beyond = [sql_after(key_order, params, prefix="key")] if key is not None else []
        flagged = even_odds(IndicatorValue.flag == bindparam("part_flag", flag))
        part = _joined(select(*VALUE_COLUMNS)).where(*conditions, flagged, *beyond)
        ordered = part.order_by(*KEY_ORDER)
        return ordered.limit(bindparam("part_limit", limit, type_=Integer))

    return ("value-flag-part", _shape(filters), key is not None), build, params


def value_rows(session: Session, query: ValueQuery, limit: int = 1_000_000) -> list[dict[str, Any]]:
    """Matching values in key order (for pages that show one town's or indicator's values)."""
    statement = query.select(*VALUE_COLUMNS).order_by(*KEY_ORDER).limit(limit)
    return [_row(row) for row in session.execute(statement)]


def iter_value_rows(
    session: Session, query: ValueQuery, chunk: int = 2_000
) -> Iterator[dict[str, Any]]:
    """Every matching value in key order, streamed from a server-side cursor (constant memory)."""
    statement = query.select(*VALUE_COLUMNS).order_by(*KEY_ORDER)
    result = session.execute(statement, execution_options={"yield_per": chunk})
    try:
        for row in result:
            yield _row(row)
    finally:
        result.close()


def one_value(session: Session, town: str, indicator: str, period: str) -> dict[str, Any] | None:
    """One value by its key: a point query on the unique key."""
    key = [Filter("town", "exact", town), Filter("indicator", "exact", indicator)]
    key.append(Filter("period", "exact", period))
    conditions, params = _conditions(key)
    rows = run_sql(
        session,
        ("value-one",),
        lambda: _joined(select(*VALUE_COLUMNS)).where(*conditions).limit(1),
        params,
    )
    return _row(rows[0]) if rows else None
