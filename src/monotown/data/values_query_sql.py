"""Indicator values as SQL reads them for the API: the listed columns (a `records.query_sql`
table), how each filter of the records vocabulary becomes a condition the indexes serve, and the
hints SQLite's planner needs. `values_query` builds the listing's statements from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Boolean, Integer, Select, bindparam, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from monotown.data.models import FLAGS, Indicator, IndicatorValue
from monotown.records.query import Filter, typed_value
from monotown.records.query_sql import SqlColumn, SqlTable, sql_condition, sql_params, sql_shape
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


class unindexed(FunctionElement[int]):
    """A column SQLite's planner is told not to look up by index (`+column`).

    A region's values sorted by town: by the (region_id) index SQLite reads every value of the
    region and sorts them all (12 ms for 27,000 values), whatever the page; kept off that
    index it walks the settlements in code order instead, checks each one's region and reads
    its values in key order, so a page stops after its own rows (0.1 ms; 0.6 ms 1,450 rows
    deep). Other databases get the bare column."""

    type = Integer()
    inherit_cache = True


@compiles(unindexed)
def _unindexed(element: unindexed, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(unindexed, "sqlite")
def _unindexed_sqlite(element: unindexed, compiler: Any, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"


def joined(query: Select[Any], *, town_order: bool = False) -> Select[Any]:
    """The values joined to their settlement, region and indicator; `town_order` for a
    region's values in town order (see `unindexed`)."""
    region_id = unindexed(Settlement.region_id) if town_order else Settlement.region_id
    return (
        query.select_from(IndicatorValue)
        .join(Settlement, Settlement.id == IndicatorValue.settlement_id)
        .join(Region, Region.id == region_id)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
    )


def walks_towns(filters: Sequence[Filter], sort: str) -> bool:
    """A region's values (no one town) sorted by town: walked in town order (`unindexed`)."""
    exact = {spec.column for spec in filters if spec.operator == "exact"}
    return sort.lstrip("-") == "town" and "region" in exact and "town" not in exact


def value_conditions(
    filters: Sequence[Filter],
    *,
    joined: bool = True,
    sort: str | None = None,
    expressions: bool = True,
) -> tuple[list[Any], dict[str, Any]]:
    """SQL conditions and their parameters; `joined=False` filters the joined tables' columns
    through subqueries (for counting without the joins). Years become periods for counts, for
    an indicator's values sorted by period (whose index then walks the years asked for) and for
    a region's values (each settlement's years are a range of the (settlement_id, period)
    index). `expressions=False` gives the parameters alone (no conditions are built): what a
    statement already compiled for the filters' `shape` needs."""
    narrower = any(spec.column in _NARROWING and spec.operator == "exact" for spec in filters)
    exact = {spec.column for spec in filters if spec.operator == "exact"}
    by_period = (sort or "").lstrip("-") == "period"
    by_indicator = by_period and "indicator" in exact and not exact & {"town", "region"}
    by_region = "region" in exact and "town" not in exact  # (settlement_id, period) serves it
    conditions, params = [], {}
    for index, spec in enumerate(filters):
        name = f"f{index}"
        as_periods = narrower and spec.column == "year" and _four_digit_year(spec)
        if as_periods and (not joined or by_indicator or by_region):
            values = _period_params(spec, name)
            params.update(values)
            if expressions:
                conditions += _period_range(values)
            continue  # the periods are the years: read from an index, with no row at all
        if not expressions:
            params.update(sql_params(VALUES, spec, name))
            continue
        condition, values = sql_condition(VALUES, spec, name)
        params.update(values)
        if spec.column == "flag" or (spec.column == "year" and narrower):
            condition = even_odds(condition)
        if not joined:
            condition = _unjoined(spec.column, condition)
        conditions.append(condition)
    return conditions, params


# A year condition as a range of periods: (first, after last) as years added to the year.
_YEAR_AS_PERIODS = {"gte": (0, None), "gt": (1, None), "lte": (None, 1), "lt": (None, 0)}
_YEAR_AS_PERIODS["exact"] = (0, 1)


def _four_digit_year(spec: Filter) -> bool:
    """A year filter whose years are all written with four digits (the periods' prefix)."""
    if spec.operator not in _YEAR_AS_PERIODS:
        return False
    year = typed_value(VALUES, "year", spec.value)  # not a number: the InputError it is
    return bool(1000 <= year <= 9998)


def _period_params(spec: Filter, name: str) -> dict[str, Any]:
    """The periods of the years a year filter keeps: a stored period starts with its four-digit
    year ('2023', '2023Q1', '2023-05'; `data.cells.parse_period`), so `year >= 2021` is
    `period >= '2021'`, which the (town, indicator, period), (indicator, period) and
    (settlement, period) indexes serve without reading the values' rows. `{name}_first` is the
    first period kept, `{name}_after` the first one after those kept."""
    year = int(spec.value)
    first, after = _YEAR_AS_PERIODS[spec.operator]
    params = {}
    if first is not None:
        params[f"{name}_first"] = str(year + first)
    if after is not None:
        params[f"{name}_after"] = str(year + after)
    return params


def _period_range(params: dict[str, Any]) -> list[Any]:
    return [
        IndicatorValue.period >= bindparam(key, value)
        if key.endswith("_first")
        else IndicatorValue.period < bindparam(key, value)
        for key, value in params.items()
    ]


def _unjoined(column: str, condition: Any) -> Any:
    if column in _SETTLEMENT_COLUMNS:
        return IndicatorValue.settlement_id.in_(select(Settlement.id).where(condition))
    if column == "region":
        towns = select(Settlement.id).join(Region, Region.id == Settlement.region_id)
        return IndicatorValue.settlement_id.in_(towns.where(condition))
    if column in _INDICATOR_COLUMNS:
        return IndicatorValue.indicator_id.in_(select(Indicator.id).where(condition))
    return condition


def shape(filters: Sequence[Filter]) -> tuple[Any, ...]:
    """What a statement's text depends on in its filters (not their values): each condition's
    form, and whether a year filter can be read as periods."""
    return tuple(
        (*sql_shape(spec), spec.column == "year" and _four_digit_year(spec)) for spec in filters
    )


def value_row(row: Sequence[Any]) -> dict[str, Any]:
    item = dict(zip(LISTED, row, strict=True))
    item["synthetic"] = item["flag"] == "synthetic"
    item["key"] = f"{item['town']}|{item['indicator']}|{item['period']}"  # the values kind's key
    return item
