"""The values kind listed and exported as the records layer spells it, in SQL.

Values run to millions, so `/api/v1/records/values`, `monotown records list values` and
`monotown records export values` never build every value in memory: their parameters (the
records filter vocabulary, `sort`, `records=all|real|synthetic`, a filter on the key
`town|indicator|period`) become one `ValueQuery` here, a list is one keyset page of
`values_query.value_page`, and an export streams the same rows in the same order from one
statement's server-side cursor (`values_query.iter_value_rows`: constant memory, any sort).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy.orm import Session

from monotown.data.kinds import VALUES_KIND
from monotown.data.values_query import ValueQuery, iter_value_rows, value_filters, value_page
from monotown.data.values_query_sql import VALUE_SORTS
from monotown.errors import InputError, NotFoundError
from monotown.records.query import records_filters

KEY_PARTS = ("town", "indicator", "period")  # a value's key: town|indicator|period
# Parameters of a records listing that are not filters.
NOT_FILTERS = frozenset({"q", "sort", "after", "size", "per_page", "format", "records", "columns"})


def records_query(params: Iterable[tuple[str, str]]) -> ValueQuery:
    """The values a records listing's parameters select, in its order; an InputError for a text
    search (values are filtered by column), an unknown column, operator or records choice."""
    given: dict[str, str] = {}
    sort, records = "town", None
    for name, value in params:
        if name == "q" and value:
            raise InputError("values are not searched by text: filter by a column", field="q")
        if name == "sort" and value:
            sort = value.replace(VALUES_KIND.key_column, KEY_PARTS[0]) if _on_key(value) else value
        elif name == "records":
            records = value
        elif name in (VALUES_KIND.key_column, f"{VALUES_KIND.key_column}__exact"):
            parts = zip(KEY_PARTS, key_parts(value), strict=True)
            given.update({f"{part}__exact": text for part, text in parts})
        elif name not in NOT_FILTERS:
            given[name] = value
    if sort.lstrip("-") not in VALUE_SORTS:  # refused before an export's first byte
        raise InputError(f"sort by one of {', '.join(VALUE_SORTS)}", field="sort")
    extra = (*value_filters(given), *records_filters(VALUES_KIND, records))
    query = ValueQuery(sort=sort, extra=extra)
    query.check()
    return query


def key_parts(key: str) -> list[str]:
    """A value's key cut into town, indicator and period (a NotFoundError if it is no key)."""
    parts = [part.strip() for part in key.split("|")]
    if len(parts) != len(KEY_PARTS) or not all(parts):
        raise NotFoundError(f"no values record '{key}': a key is town|indicator|period")
    return parts


def _on_key(sort: str) -> bool:
    return sort.lstrip("-") == VALUES_KIND.key_column


def records_page(
    session: Session, query: ValueQuery, size: int, after: str | None
) -> dict[str, Any]:
    """One page of the listing: items, total (bounded, see `value_page`) and the next cursor."""
    return value_page(session, query, 1, size, after)


def stream_values(session: Session, query: ValueQuery) -> Iterator[dict[str, Any]]:
    """Every selected value in the query's order, read from the database as it is written out:
    memory holds a chunk of rows whatever the number of values."""
    return iter_value_rows(session, query)
