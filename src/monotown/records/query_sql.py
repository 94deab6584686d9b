"""The records vocabulary (`query.py`: `column__operator=value`) in SQL, for kinds too large to
list in memory (indicator values).

Text compares as stored (codes); `contains` and `startswith` ignore case. A statement is built and
compiled once per shape (which filters, which sort, which page style) and then run with its values
as driver parameters: building and compiling a statement cost more than running a keyed query.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from operator import ge as operator_ge
from operator import gt as operator_gt
from operator import le as operator_le
from operator import lt as operator_lt
from typing import Any

from sqlalchemy import String, and_, bindparam, cast, func, not_, or_
from sqlalchemy.orm import Session

from monotown.errors import InputError
from monotown.records.kinds import ColumnType
from monotown.records.query import TRUE_WORDS, Filter, fold, typed_value


@dataclass(frozen=True)
class SqlColumn:
    expression: Any  # a SQLAlchemy column expression
    type: ColumnType = "text"


@dataclass(frozen=True)
class SqlTable:
    """A kind as SQL reads it: its listed columns (name -> expression) and the columns whose
    values name a row (every sort ends with them, so keyset pages never skip or repeat)."""

    key: str
    columns: Mapping[str, SqlColumn]
    key_columns: tuple[str, ...]

    @property
    def filters(self) -> tuple[str, ...]:
        return tuple(self.columns)

    def column(self, name: str) -> SqlColumn | None:
        return self.columns.get(name)


def _sql_value(table: SqlTable, column: str, text: str) -> Any:
    typed = typed_value(table, column, text)
    return text.strip() if isinstance(typed, str) else typed


def sql_params(table: SqlTable, spec: Filter, name: str) -> dict[str, Any]:
    """The values of the parameters `sql_condition` binds for the filter (an InputError for a
    value not of its column's type), without building the condition: a statement compiled once
    per shape needs only these on every later request."""
    column = table.columns[spec.column]
    operator = spec.operator
    if operator == "isnull":
        return {f"{name}_empty": ""} if column.type == "text" else {}
    if operator in ("in", "notin"):
        parts = [_sql_value(table, spec.column, part) for part in spec.value.split(",")]
        return {f"{name}_{index}": part for index, part in enumerate(parts)}
    if operator in ("contains", "startswith"):
        # Matched on the text of the value: a number's digits as the in-memory filter reads them.
        text = spec.value.strip().lower()
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return {name: f"%{escaped}%" if operator == "contains" else f"{escaped}%"}
    return {name: _sql_value(table, spec.column, spec.value)}


def sql_condition(table: SqlTable, spec: Filter, name: str) -> tuple[Any, dict[str, Any]]:
    """The filter as a SQL condition on bound parameters named after `name`, and their values."""
    column = table.columns[spec.column]
    expression, operator = column.expression, spec.operator
    params = sql_params(table, spec, name)
    bound: list[Any] = [bindparam(key, value) for key, value in params.items()]
    if operator == "isnull":
        empty = expression.is_(None)
        if bound:
            empty = or_(empty, expression == bound[0])
        return (empty if fold(spec.value) in TRUE_WORDS else not_(empty)), params
    if operator in ("in", "notin"):
        listed = expression.in_(bound)
        return (listed if operator == "in" else or_(not_(listed), expression.is_(None))), params
    if operator in ("contains", "startswith"):
        # PostgreSQL has no lower() of an integer, so numbers are cast first.
        target = expression if column.type == "text" else cast(expression, String)
        return func.lower(target).like(bound[0], escape="\\"), params
    if operator == "exact":
        return expression == bound[0], params
    if operator == "not":
        return or_(expression != bound[0], expression.is_(None)), params
    comparisons = {"gt": operator_gt, "gte": operator_ge, "lt": operator_lt, "lte": operator_le}
    return comparisons[operator](expression, bound[0]), params


def sql_shape(spec: Filter) -> tuple[Any, ...]:
    """What the text of `sql_condition`'s condition depends on in a filter: its column, its
    operator, how many values an `in` list has, and whether `isnull` asks for empty or not."""
    if spec.operator in ("in", "notin"):
        return (spec.column, spec.operator, spec.value.count(","))
    if spec.operator == "isnull":
        return (spec.column, spec.operator, fold(spec.value) in TRUE_WORDS)
    return (spec.column, spec.operator)


def sql_order(table: SqlTable, sort: str) -> list[tuple[str, Any, bool]]:
    """(column, expression, descending): the sort column, then the key columns ascending (or,
    when the sort column is the key's first, in its direction: `-town` is the key order
    reversed)."""
    column = sort.lstrip("-")
    if column not in table.columns:
        raise InputError(
            f"{table.key} cannot be sorted by '{column}'; sort by one of "
            + ", ".join(table.columns),
            field="sort",
        )
    order = [(column, table.columns[column].expression, sort.startswith("-"))]
    ties_descending = sort.startswith("-") and table.key_columns[:1] == (column,)
    order += [
        (name, table.columns[name].expression, ties_descending)
        for name in table.key_columns
        if name != column
    ]
    return order


def sql_after(
    order: list[tuple[str, Any, bool]], values: Mapping[str, Any], prefix: str = "after"
) -> Any:
    """Rows strictly after the row whose values in `order` are `values` (prefix_0, prefix_1...,
    as `sql_cursor_values` gives them): the lexicographic comparison a keyset page starts at."""
    alternatives = []
    for index, (_name, expression, descending) in enumerate(order):
        bound: Any = bindparam(f"{prefix}_{index}", values.get(f"{prefix}_{index}"))
        beyond = expression < bound if descending else expression > bound
        same = [
            order[n][1] == bindparam(f"{prefix}_{n}", values.get(f"{prefix}_{n}"))
            for n in range(index)
        ]
        alternatives.append(and_(*same, beyond))
    return or_(*alternatives)


def sql_cursor(values: list[Any]) -> str:
    """An opaque `after=` cursor carrying a row's values in the listing's order."""
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def sql_cursor_values(cursor: str, count: int, prefix: str = "after") -> dict[str, Any]:
    """The parameters of `sql_after` from a cursor; a cursor not given out is an InputError."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError):
        raise InputError("is not a cursor this API gave out", field="after") from None
    if not (
        isinstance(values, list)
        and len(values) == count
        and all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in values)
    ):
        raise InputError("is not a cursor this API gave out", field="after")
    return {f"{prefix}_{index}": value for index, value in enumerate(values)}


# Per dialect and shape: the SQL text, the order of its parameters (positional drivers) and the
# values of its anonymous constants (`flag == 'synthetic'`, SQLite's OFFSET after a bound LIMIT).
# Everything that varies between requests must be a named `bindparam`, passed in `params`.
_COMPILED: dict[Hashable, tuple[str, tuple[str, ...] | None, dict[str, Any]]] = {}
MAX_COMPILED = 2000


def run_sql(
    session: Session, shape: Hashable, build: Callable[[], Any], params: Mapping[str, Any]
) -> list[Any]:
    """The rows of the statement `build()` makes, compiled once per dialect and `shape` (which
    must name everything the statement's text depends on) and run with `params`, which must
    hold every named parameter."""
    connection = session.connection()
    key = (connection.dialect.name, shape)
    found = _COMPILED.get(key)
    if found is None:
        compiled = build().compile(dialect=connection.dialect)
        names = compiled.positiontup if compiled.positional else None
        constants = {
            name: bind.effective_value
            for bind, name in compiled.bind_names.items()
            if bind.unique  # an anonymous constant (`flag == 'synthetic'`), not a named value
        }
        if len(_COMPILED) >= MAX_COMPILED:
            _COMPILED.clear()
        found = _COMPILED[key] = (compiled.string, tuple(names) if names else None, constants)
    sql, order, constants = found
    values = {**constants, **params} if constants else params
    arguments: Any = tuple(values[name] for name in order) if order else dict(values)
    return list(connection.exec_driver_sql(sql, arguments))
