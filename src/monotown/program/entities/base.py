"""What the importer, the exporter and undo need to know about one kind of program record.

An `Entity` names its file columns, which of them form the natural key, how each cell is parsed
and where it is stored. Values move through three forms:

- *stored* values (`read`): what the database holds, e.g. a settlement id or a date;
- *export* values (`export_row`): JSON-able, human-readable (a town name, an ISO date), written to
  files and kept as the old/new snapshot of every audit entry;
- *cell text*: `fields.to_text(export value)`, which the column's parser turns back into the stored
  value. Undo restores a record by parsing its audit snapshot, so the three forms must round-trip.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.program import fields
from monotown.program.fields import Lookups, Parser

Getter = Callable[[Any], Any]
Setter = Callable[[Session, Any, Any], None]
Renderer = Callable[[Any, Lookups], Any]


@dataclass(frozen=True)
class Column:
    """One column of an entity's file."""

    name: str
    parse: Parser
    help: str
    required: bool = False
    attr: str | None = None
    default: Any = None
    stored: bool = True
    get: Getter | None = None
    set: Setter | None = None
    render: Renderer | None = None

    @property
    def attribute(self) -> str:
        return self.attr or self.name


def town_render(value: Any, lookups: Lookups) -> Any:
    return lookups.town_label(value) if value is not None else None


def town_column(
    help_text: str = "the town (any language, or code)", *, required: bool = True
) -> Column:
    """The town a record is about: written in any language or by code, stored as its id."""
    return Column(
        "town",
        fields.town(),
        help_text,
        required=required,
        attr="settlement_id",
        render=town_render,
    )


def towns_render(value: Any, lookups: Lookups) -> Any:
    return [lookups.town_label(item) for item in value] or None


def code_render(model: type[Any]) -> Renderer:
    def render(value: Any, lookups: Lookups) -> Any:
        return lookups.label(model, value) if value is not None else None

    return render


def provenance_columns() -> tuple[Column, ...]:
    """The columns every entity ends with: demo flag, source and note."""
    return (
        Column(
            "synthetic",
            fields.boolean(),
            "yes for demo records made up by the generator, no (default) for real ones",
            default=False,
        ),
        Column("source", fields.text(500), "where a real record comes from (publication, date)"),
        Column("note", fields.text(5000), "free remarks"),
    )


@dataclass(frozen=True)
class Dependent:
    """A row of another entity to write after this one (a project's status history entry)."""

    entity: str
    values: dict[str, Any]


class Entity:
    """Base of every importable kind of record; subclasses set the class attributes."""

    name: ClassVar[str]
    title: ClassVar[str]
    model: ClassVar[type[Any]]
    key: ClassVar[tuple[str, ...]]
    columns: ClassVar[tuple[Column, ...]]
    has_dependents: ClassVar[bool] = False

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [column.name for column in self.columns if column.required]

    def records(self, session: Session) -> Sequence[Any]:
        """Every stored record, in export order."""
        return list(session.scalars(select(self.model).order_by(*self.order_by())))

    def order_by(self) -> list[Any]:
        return [getattr(self.model, "code", self.model.id)]

    def read(self, record: Any) -> dict[str, Any]:
        """The stored value of every column of `record`."""
        return {
            column.name: column.get(record) if column.get else getattr(record, column.attribute)
            for column in self.columns
        }

    def key_of(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(values.get(name) for name in self.key)

    def export_row(self, record: Any, lookups: Lookups) -> dict[str, Any]:
        """The record as JSON-able values, one per column, in column order."""
        row: dict[str, Any] = {}
        for column, value in zip(self.columns, self.read(record).values(), strict=True):
            if column.render is not None:
                value = column.render(value, lookups)
            if isinstance(value, dt.date):
                value = value.isoformat()
            row[column.name] = value
        return row

    def key_text(self, row: dict[str, Any]) -> str:
        """The natural key as one string, for audit entries and messages."""
        return " | ".join(fields.to_text(row.get(name)) for name in self.key)

    def new_record(self) -> Any:
        return self.model()

    def write(self, session: Session, record: Any, values: dict[str, Any]) -> None:
        """Store the given column values (only those given) on `record`.

        Plain attributes go first, so a custom setter that flushes sees a complete row.
        """
        given = [c for c in self.columns if c.stored and c.name in values]
        for column in given:
            if column.set is None:
                setattr(record, column.attribute, values[column.name])
        for column in given:
            if column.set is not None:
                column.set(session, record, values[column.name])

    def validate(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        """Rules across columns of one complete row: (column, reason) for each broken one."""
        return []

    def dependents(self, record: Any, incoming: dict[str, Any], today: dt.date) -> list[Dependent]:
        """Rows of other entities this row implies (written right after it)."""
        return []

    def remember(self, lookups: Lookups, record: Any) -> None:
        """Let later rows of the same import refer to a record created by this one."""
        code = getattr(record, "code", None)
        if code is not None:
            lookups.remember(self.model, code, record)


def require_order(
    values: dict[str, Any], earlier: str, later: str, *, strict: bool = False
) -> list[tuple[str, str]]:
    """A (column, reason) problem if the date or year in `later` comes before `earlier`."""
    first, second = values.get(earlier), values.get(later)
    if first is None or second is None:
        return []
    if second < first or (strict and second == first):
        word = "after" if strict else "on or after"
        return [(later, f"must be {word} {earlier} ({fields.to_text(first)})")]
    return []
