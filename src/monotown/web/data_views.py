"""Indicator data shaped for the API and the pages: catalog rows, value rows with filters, sorting
and pages done in SQL (values can run to millions), and a town's series for trend charts.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Boolean, Select, and_, func, literal, or_, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from monotown.data.catalog_rows import indicator_rows as indicator_rows
from monotown.data.models import FLAGS, Indicator, IndicatorValue
from monotown.errors import InputError
from monotown.registry.models import Region, Settlement
from monotown.web.cache import ReadCache, data_stamp

REAL_FLAGS = ("official", "estimate")
COUNT_LIMIT = 100_000
VALUE_SORTS = {
    "town": Settlement.code,
    "indicator": Indicator.code,
    "period": IndicatorValue.period,
    "value": IndicatorValue.value,
    "flag": IndicatorValue.flag,
}


@dataclass(frozen=True)
class ValueQuery:
    """Which values to list; empty fields mean 'all'."""

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

    def select(self, *columns: Any, joined: bool = True) -> Select[Any]:
        """The filtered values; `joined=False` leaves out the joins (for counting), filtering
        by codes through subqueries instead."""
        query = select(*columns).select_from(IndicatorValue)
        if joined:
            query = (
                query.join(Settlement, Settlement.id == IndicatorValue.settlement_id)
                .join(Region, Region.id == Settlement.region_id)
                .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
            )
        else:
            query = self._by_subqueries(query)
        self.check()
        conditions = [(IndicatorValue.period_type, self.period_type)]
        if joined:
            conditions += [
                (Settlement.code, self.town),
                (Region.code, self.region),
                (Indicator.code, self.indicator),
                (Indicator.pillar, self.pillar),
            ]
        for column, value in conditions:
            if value:
                query = query.where(column == value)
        # Years keep a seventh of the rows; when a town, region or indicator narrows more,
        # SQLite is told so (it would otherwise walk the year index over every town).
        narrower = bool(self.town or self.region or self.indicator)
        years = even_odds if narrower else (lambda condition: condition)
        if self.year_from is not None:
            query = query.where(years(IndicatorValue.year >= self.year_from))
        if self.year_to is not None:
            query = query.where(years(IndicatorValue.year <= self.year_to))
        if self.flag:
            query = query.where(even_odds(IndicatorValue.flag == self.flag))
        if self.synthetic is True:
            query = query.where(even_odds(IndicatorValue.flag == "synthetic"))
        elif self.synthetic is False:
            # An IN list (not '<> synthetic') so that the flag index can serve it.
            query = query.where(even_odds(IndicatorValue.flag.in_(REAL_FLAGS)))
        return query

    def check(self) -> None:
        """Raise InputError for a selection no value can match (before a response starts)."""
        if (
            self.year_from is not None
            and self.year_to is not None
            and self.year_from > self.year_to
        ):
            raise InputError("the first year is after the last year", field="year_from")

    def _by_subqueries(self, query: Select[Any]) -> Select[Any]:
        if self.town:
            town = select(Settlement.id).where(Settlement.code == self.town)
            query = query.where(IndicatorValue.settlement_id.in_(town))
        if self.region:
            region = (
                select(Settlement.id)
                .join(Region, Region.id == Settlement.region_id)
                .where(Region.code == self.region)
            )
            query = query.where(IndicatorValue.settlement_id.in_(region))
        if self.indicator or self.pillar:
            indicators = select(Indicator.id)
            if self.indicator:
                indicators = indicators.where(Indicator.code == self.indicator)
            if self.pillar:
                indicators = indicators.where(Indicator.pillar == self.pillar)
            query = query.where(IndicatorValue.indicator_id.in_(indicators))
        return query


class even_odds(FunctionElement[bool]):
    """A condition SQLite's planner is told holds for about half the rows.

    Its statistics cannot tell a rare flag from a common one, and for `flag = ?` it would scan
    the whole values table and sort it; at even odds it walks the town order and uses the flag
    index instead. Other databases get the bare condition."""

    type = Boolean()
    inherit_cache = True


@compiles(even_odds)
def _even_odds(element: even_odds, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(even_odds, "sqlite")
def _even_odds_sqlite(element: even_odds, compiler: Any, **kw: Any) -> str:
    return f"likelihood({compiler.process(element.clauses, **kw)}, 0.5)"


VALUE_COLUMNS = (
    Settlement.code.label("town"),
    Settlement.name_en.label("town_en"),
    Settlement.name_ru.label("town_ru"),
    Settlement.name_kk.label("town_kk"),
    Region.code.label("region"),
    Indicator.code.label("indicator"),
    Indicator.pillar.label("pillar"),
    Indicator.unit.label("unit"),
    IndicatorValue.period,
    IndicatorValue.period_type,
    IndicatorValue.year,
    IndicatorValue.value,
    IndicatorValue.flag,
    IndicatorValue.source,
    IndicatorValue.note,
    IndicatorValue.batch_id,
)


def _row(row: Any) -> dict[str, Any]:
    item = dict(row._mapping)
    item["synthetic"] = item["flag"] == "synthetic"
    return item


def _order(query: ValueQuery) -> list[Any]:
    column = VALUE_SORTS[query.sort.lstrip("-")]
    first = column.desc() if query.sort.startswith("-") else column
    return [first, *TIEBREAK]


TIEBREAK = (Settlement.code, Indicator.code, IndicatorValue.period)


def encode_cursor(row: dict[str, Any], sort: str) -> str:
    """An opaque `after=` cursor: the sort value and the key of the last row of a page."""
    field = sort.lstrip("-")
    key = [row[field], row["town"], row["indicator"], row["period"]]
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError):
        raise InputError("is not a cursor this API gave out", field="after", value=cursor) from None
    if not (isinstance(key, list) and len(key) == 4 and all(isinstance(k, str) for k in key[1:])):
        raise InputError("is not a cursor this API gave out", field="after", value=cursor)
    if not isinstance(key[0], str | int | float) or isinstance(key[0], bool):
        raise InputError("is not a cursor this API gave out", field="after", value=cursor)
    return key


def _after(query: ValueQuery, cursor: str) -> Any:
    """Rows strictly after the cursor in the listing's order (sort field, then the key)."""
    first, town, indicator, period = _decode_cursor(cursor)
    column = VALUE_SORTS[query.sort.lstrip("-")]
    beyond = column < first if query.sort.startswith("-") else column > first
    key_after = or_(
        Settlement.code > town,
        and_(Settlement.code == town, Indicator.code > indicator),
        and_(Settlement.code == town, Indicator.code == indicator, IndicatorValue.period > period),
    )
    return or_(beyond, and_(column == first, key_after))


def bounded_total(session: Session, query: ValueQuery) -> int:
    """How many values match, counted up to COUNT_LIMIT + 1."""
    bounded = query.select(IndicatorValue.id, joined=False).limit(COUNT_LIMIT + 1).subquery()
    return session.scalar(select(func.count()).select_from(bounded)) or 0


def _total(session: Session, query: ValueQuery, cache: ReadCache | None) -> int:
    """The bounded total, kept in `cache` under the data stamp it was counted at: a count is
    reused only while no data changed at all, so it is always exact (the stamp is read again
    after counting, and a count that raced a write is not kept)."""
    if cache is None or query.town:
        return bounded_total(session, query)  # one town's values are few: counted at once
    stamp = data_stamp(session)
    key = ("value-total", replace(query, sort="town"), stamp)
    found = cache.peek(key)
    if isinstance(found, int):
        return found
    generation, started = cache.generation, time.monotonic()
    total = bounded_total(session, query)
    if data_stamp(session) == stamp:
        cache.put(key, total, generation, started)
    return total


def value_page(
    session: Session,
    query: ValueQuery,
    page: int,
    per_page: int,
    after: str | None = None,
    cache: ReadCache | None = None,
) -> dict[str, Any]:
    """One page of values, by page number (OFFSET) or after a cursor (keyset, any depth).

    The total is exact up to COUNT_LIMIT matching rows; beyond, `total_exact` is false and the
    total is that limit, so no page counts a million rows. A page by number that is not full
    gives the total itself; otherwise it is counted, or taken from `cache` when this selection
    was counted since the data last changed. `next` is the cursor of the next page.
    """
    offset = 0 if after else (page - 1) * per_page
    beyond = _after(query, after) if after else None
    if _flag_at_a_time(query):
        listing = _by_flag(query, per_page, offset, beyond)
    else:
        listing = query.select(*VALUE_COLUMNS).order_by(*_order(query)).limit(per_page)
        listing = listing.offset(offset) if beyond is None else listing.where(beyond)
    items = [_row(row) for row in session.execute(listing)]
    if not after and 0 < len(items) < per_page:
        total = (page - 1) * per_page + len(items)  # the last page: everything before is full
    else:
        total = _total(session, query, cache)
    return {
        "items": items,
        "total": min(total, COUNT_LIMIT),
        "total_exact": total <= COUNT_LIMIT,
        "page": page,
        "per_page": per_page,
        "next": encode_cursor(items[-1], query.sort) if len(items) == per_page else None,
    }


def _flag_at_a_time(query: ValueQuery) -> bool:
    """Sorted by flag over many values: one town's or region's few are sorted at once instead."""
    return (
        query.sort.lstrip("-") == "flag"
        and not (query.town or query.region)
        and bool(_flags(query))
    )


def _flags(query: ValueQuery) -> list[str]:
    """The flags a query can match, in its sort order."""
    flags = sorted(FLAGS, reverse=query.sort.startswith("-"))
    if query.flag:
        flags = [f for f in flags if f == query.flag]
    if query.synthetic is not None:
        flags = [f for f in flags if (f == "synthetic") == query.synthetic]
    return flags


def _by_flag(query: ValueQuery, limit: int, offset: int, beyond: Any) -> Select[Any]:
    """The listing sorted by flag, one flag at a time: each part walks the town order (an index)
    for the first offset + limit rows with that flag, instead of sorting every matching value by
    flag (a flag has a handful of values, so the rows of one flag are most of the table)."""
    parts = []
    for rank, flag in enumerate(_flags(query)):
        part = query.select(*VALUE_COLUMNS, literal(rank).label("flag_rank"))
        part = part.where(even_odds(IndicatorValue.flag == flag))
        if beyond is not None:
            part = part.where(beyond)
        parts.append(select(part.order_by(*TIEBREAK).limit(offset + limit).subquery()))
    merged = union_all(*parts).subquery()
    names = [column.key for column in VALUE_COLUMNS]
    return (
        select(*(merged.c[name] for name in names))
        .order_by(merged.c.flag_rank, merged.c.town, merged.c.indicator, merged.c.period)
        .limit(limit)
        .offset(offset)
    )


def value_rows(session: Session, query: ValueQuery, limit: int = 1_000_000) -> list[dict[str, Any]]:
    rows = session.execute(query.select(*VALUE_COLUMNS).order_by(*TIEBREAK).limit(limit))
    return [_row(row) for row in rows]


def iter_value_rows(
    session: Session, query: ValueQuery, chunk: int = 2_000
) -> Iterator[dict[str, Any]]:
    """Every matching value in key order, streamed from a server-side cursor (constant memory)."""
    statement = query.select(*VALUE_COLUMNS).order_by(*TIEBREAK)
    result = session.execute(statement, execution_options={"yield_per": chunk})
    try:
        for row in result:
            yield _row(row)
    finally:
        result.close()


def one_value(session: Session, town: str, indicator: str, period: str) -> dict[str, Any] | None:
    """One value by its key: a point query on the unique key."""
    statement = (
        ValueQuery(town=town, indicator=indicator)
        .select(*VALUE_COLUMNS)
        .where(IndicatorValue.period == period)
        .limit(1)
    )
    row = session.execute(statement).first()
    return _row(row) if row is not None else None
