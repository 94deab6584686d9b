"""`list(kind, filter, sort, page)`: one filter vocabulary, one sort order, keyset pages.

Filters are written as Datasette writes them: `column__operator=value`, a bare `column=value`
meaning `__exact`. Operators: exact, not, contains, startswith, gt, gte, lt, lte, in, notin (a
comma-separated list) and isnull (1/true or 0/false). Text comparisons ignore case and treat
'ё' as 'е', so Russian and Kazakh names match as people type them; a list column (an enterprise's
settlements) matches when any of its items does. `q` searches the kind's search columns.

Pages are keyset pages: `after` is the opaque cursor of the last row of the previous page, so a
page is the same whatever was added before it, and paging never skips or repeats a row.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from monotown.errors import InputError
from monotown.records.kinds import Kind, Row

OPERATORS = (
    "exact", "not", "contains", "startswith", "gt", "gte", "lt", "lte", "in", "notin", "isnull",
)  # fmt: skip
MAX_PAGE = 500
TRUE_WORDS = ("1", "true", "yes")
FALSE_WORDS = ("0", "false", "no")


class Described(Protocol):
    """What filters are checked against: a kind, or a kind as SQL reads it (`query_sql`)."""

    @property
    def key(self) -> str: ...

    @property
    def filters(self) -> tuple[str, ...]: ...

    def column(self, name: str) -> Any: ...


@dataclass(frozen=True)
class Filter:
    column: str
    operator: str
    value: str

    def spelled(self) -> str:
        return f"{self.column}__{self.operator}={self.value}"


@dataclass(frozen=True)
class Page:
    """One page: its rows, how many rows match in all, and the cursor of the next page."""

    items: list[Row]
    total: int
    next_after: str | None


def fold(text: object) -> str:
    return str(text).casefold().replace("ё", "е").strip()


def parse_filters(kind: Described, params: Mapping[str, str]) -> list[Filter]:
    """Filters from `column__operator` parameters; an unknown column or operator is an error
    naming it and the valid ones."""
    filters = []
    for name, value in params.items():
        column, _, operator = name.partition("__")
        operator = operator or "exact"
        if column not in kind.filters:
            raise InputError(
                f"{kind.key} have no column '{column}'; columns: {', '.join(kind.filters)}",
                field=name,
            )
        if operator not in OPERATORS:
            raise InputError(
                f"unknown filter operator '{operator}'; operators: {', '.join(OPERATORS)}",
                field=name,
            )
        if operator == "isnull" and fold(value) not in TRUE_WORDS + FALSE_WORDS:
            raise InputError("must be 1/true or 0/false", field=name, value=value)
        filters.append(Filter(column, operator, value))
    return filters


def typed_value(kind: Described, column: str, text: str) -> Any:
    """The filter's text as the column's type, so 'population__gt=10000' compares numbers."""
    declared = kind.column(column)
    kind_of = declared.type if declared else "text"
    try:
        if kind_of == "integer":
            return int(text)
        if kind_of == "number":
            return float(text)
        if kind_of == "boolean":
            return fold(text) in TRUE_WORDS
    except ValueError:
        raise InputError(
            f"is not {'an' if kind_of[0] in 'aeiou' else 'a'} {kind_of}", field=column, value=text
        ) from None
    return fold(text)


def _comparable(value: Any) -> Any:
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _test(kind: Described, spec: Filter) -> Callable[[Any], bool]:
    operator = spec.operator
    if operator == "isnull":
        wanted = fold(spec.value) in TRUE_WORDS
        return lambda value: (value in (None, "", [])) is wanted
    if operator in ("in", "notin"):
        options = {typed_value(kind, spec.column, part) for part in spec.value.split(",")}
        if operator == "in":
            return lambda value: _comparable(value) in options
        return lambda value: _comparable(value) not in options
    target = typed_value(kind, spec.column, spec.value)
    if operator == "contains":
        return lambda value: value is not None and str(target) in fold(value)
    if operator == "startswith":
        return lambda value: value is not None and fold(value).startswith(str(target))
    if operator == "exact":
        return lambda value: _comparable(value) == target
    if operator == "not":
        return lambda value: _comparable(value) != target

    def ordered(value: Any) -> bool:
        if value is None:
            return False
        try:
            left = _comparable(value)
            if operator == "gt":
                return bool(left > target)
            if operator == "gte":
                return bool(left >= target)
            if operator == "lt":
                return bool(left < target)
            return bool(left <= target)
        except TypeError:
            return False

    return ordered


def _row_test(kind: Described, spec: Filter) -> Callable[[Row], bool]:
    test = _test(kind, spec)
    negative = spec.operator in ("not", "notin") or (
        spec.operator == "isnull" and fold(spec.value) in TRUE_WORDS
    )

    def check(row: Row) -> bool:
        value = row.get(spec.column)
        if isinstance(value, list) and value:
            hits = [test(item) for item in value]
            return all(hits) if negative else any(hits)
        return test(value)

    return check


def search(kind: Kind, rows: Iterable[Row], text: str | None) -> list[Row]:
    """Rows whose search columns hold `text` (any case; Cyrillic included)."""
    if not text or not text.strip():
        return list(rows)
    needle = fold(text)
    columns = kind.search_columns or kind.column_names
    found = []
    for row in rows:
        for column in columns:
            value = row.get(column)
            items = value if isinstance(value, list) else [value]
            if any(item is not None and needle in fold(item) for item in items):
                found.append(row)
                break
    return found


def apply_filters(kind: Described, rows: Iterable[Row], filters: Iterable[Filter]) -> list[Row]:
    tests = [_row_test(kind, spec) for spec in filters]
    return [row for row in rows if all(test(row) for test in tests)]


def _value_key(value: Any) -> tuple[int, Any]:
    """Present values first (text by its folded form), missing ones last."""
    if value in (None, "", []):
        return (1, "")
    if isinstance(value, list):
        return (0, ", ".join(map(str, value)).casefold())
    if isinstance(value, str):
        return (0, value.casefold())
    if isinstance(value, bool):
        return (0, int(value))
    return (0, value)


def check_sort(kind: Kind, sort: str | None) -> str:
    chosen = sort or kind.sort
    if chosen.lstrip("-") not in kind.sorts:
        raise InputError(
            f"{kind.key} cannot be sorted by '{chosen.lstrip('-')}'; sort by one of "
            f"{', '.join(kind.sorts)}",
            field="sort",
        )
    return chosen


def sort_rows(kind: Kind, rows: list[Row], sort: str | None) -> list[Row]:
    """Rows in the order of one column ('-' first for descending), ties by the key; missing
    values last either way."""
    chosen = check_sort(kind, sort)
    column = chosen.lstrip("-")
    present = [row for row in rows if row.get(column) not in (None, "", [])]
    missing = [row for row in rows if row.get(column) in (None, "", [])]
    key_column = kind.key_column
    present.sort(key=lambda row: _value_key(row.get(key_column)))
    present.sort(key=lambda row: _value_key(row.get(column)), reverse=chosen.startswith("-"))
    missing.sort(key=lambda row: _value_key(row.get(key_column)))
    return present + missing


def cursor_of(kind: Kind, row: Row) -> str:
    text = json.dumps(str(row.get(kind.key_column)), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _key_of_cursor(cursor: str) -> str:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InputError("is not a cursor this list gave out", field="after") from None
    if not isinstance(key, str):
        raise InputError("is not a cursor this list gave out", field="after")
    return key


def page_rows(kind: Kind, ordered: list[Row], *, after: str | None, size: int) -> Page:
    """The `size` rows that follow the row `after` names (from the start when None)."""
    start = 0
    if after:
        wanted = _key_of_cursor(after)
        keys = [str(row.get(kind.key_column)) for row in ordered]
        if wanted not in keys:
            raise InputError("names a row that is no longer listed; start again", field="after")
        start = keys.index(wanted) + 1
    items = ordered[start : start + size]
    more = start + size < len(ordered)
    return Page(items, len(ordered), cursor_of(kind, items[-1]) if items and more else None)


def list_rows(
    kind: Kind,
    rows: list[Row],
    *,
    filters: Iterable[Filter] = (),
    q: str | None = None,
    sort: str | None = None,
) -> list[Row]:
    """Every row that matches, in order: the whole `list` verb but the paging."""
    return sort_rows(kind, apply_filters(kind, search(kind, rows, q), filters), sort)


RECORDS_CHOICES = ("all", "real", "synthetic")


def records_filters(kind: Kind, records: str | None) -> list[Filter]:
    """The one synthetic filter, spelled `records=all|real|synthetic` on every surface."""
    if records in (None, "", "all"):
        return []
    if records not in RECORDS_CHOICES:
        raise InputError(f"must be one of {', '.join(RECORDS_CHOICES)}", field="records")
    if kind.synthetic_column is None:
        if records == "synthetic":
            return [Filter(kind.key_column, "isnull", "1")]  # no demo records of this kind
        return []
    return [Filter(kind.synthetic_column, "exact", "1" if records == "synthetic" else "0")]
