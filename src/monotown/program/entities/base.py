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
from sqlalchemy.orm import Session, selectinload

from monotown.models.columns import Provenanced
from monotown.program import fields
from monotown.program.fields import Lookups, Parser
from monotown.program.vocabulary import CLOSED_STATUSES

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
    # The words a vocabulary column accepts (None: any value its parser takes).
    choices: tuple[str, ...] | None = None

    @property
    def attribute(self) -> str:
        return self.attr or self.name


def code_column(help_text: str) -> Column:
    """The natural key most entities have: a unique code of at most 64 characters."""
    return Column("code", fields.text(64), help_text, required=True)


def in_words(words: Sequence[str]) -> str:
    """'a, b or c'."""
    return f"{', '.join(words[:-1])} or {words[-1]}" if len(words) > 1 else words[0]


def choice_column(
    name: str,
    choices: tuple[str, ...],
    help_text: str | None = None,
    *,
    required: bool = True,
    overdue_instead: str | None = None,
    **options: Any,
) -> Column:
    """One word of a vocabulary; the help lists the words ('a, b or c') unless given.

    `overdue_instead` names the statuses to record instead of a derived 'overdue'.
    """
    refused = fields.overdue_is_derived(overdue_instead) if overdue_instead else None
    return Column(
        name,
        fields.choice(choices, refused=refused),
        help_text or in_words(choices),
        required=required,
        choices=choices,
        **options,
    )


def deadline_status_column(statuses: tuple[str, ...], help_text: str) -> Column:
    """The stored status of a record with a deadline: a typed-in 'overdue' is refused (it is
    derived), naming the statuses to record instead, those not closed."""
    still_open = [status for status in statuses if status not in CLOSED_STATUSES]
    return choice_column("status", statuses, help_text, overdue_instead=in_words(still_open))


def reference_column(
    name: str, model: type[Any], what: str, help_text: str, *, required: bool = True
) -> Column:
    """A record of another entity, written by its code and stored as its id (`{name}_id`)."""
    return Column(
        name,
        fields.reference(model, what),
        help_text,
        required=required,
        attr=f"{name}_id",
        render=code_render(model),
    )


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
    """The columns every entity of a `Provenanced` model ends with: demo flag, source and note."""
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
    """Base of every importable kind of record; subclasses set the class attributes.

    The columns of an entity whose model has the `Provenanced` columns (every program record)
    end with `provenance_columns()`, added here once rather than by each entity.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    model: ClassVar[type[Any]]
    key: ClassVar[tuple[str, ...]] = ("code",)
    columns: ClassVar[tuple[Column, ...]]
    has_dependents: ClassVar[bool] = False
    # Export order (default: by code, else as stored), the models joined to sort by, and the
    # relationships loaded with every record.
    order: ClassVar[tuple[Any, ...]] = ()
    joins: ClassVar[tuple[type[Any], ...]] = ()
    loads: ClassVar[tuple[Any, ...]] = ()
    # Rules across columns: (earlier, later) dates or years that may not go backwards (strictly:
    # nor be equal), and (column, status): what a record in that status must have.
    strictly_in_order: ClassVar[tuple[tuple[str, str], ...]] = ()
    in_order: ClassVar[tuple[tuple[str, str], ...]] = ()
    needed_in_status: ClassVar[tuple[tuple[str, str], ...]] = ()

    def __init_subclass__(cls, **options: Any) -> None:
        super().__init_subclass__(**options)
        if "columns" in vars(cls) and issubclass(cls.model, Provenanced):
            cls.columns = (*cls.columns, *provenance_columns())

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
        query = select(self.model).options(*(selectinload(load) for load in self.loads))
        for joined in self.joins:
            query = query.join(joined)
        order = self.order or (getattr(self.model, "code", self.model.id),)
        return list(session.scalars(query.order_by(*order)))

    def read(self, record: Any) -> dict[str, Any]:
        """The stored value of every column of `record`."""
        return {
            column.name: column.get(record) if column.get else getattr(record, column.attribute)
            for column in self.columns
        }

    def key_of(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(values.get(name) for name in self.key)

    def by_key(self, session: Session) -> dict[tuple[Any, ...], Any]:
        """Every stored record by its natural key (stored values), in export order."""
        return {self.key_of(self.read(record)): record for record in self.records(session)}

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
        problems = [
            problem
            for earlier, later in self.strictly_in_order
            for problem in require_order(values, earlier, later, strict=True)
        ]
        problems += [
            problem
            for earlier, later in self.in_order
            for problem in require_order(values, earlier, later)
        ]
        problems += self.checks(values)
        problems += [
            problem
            for column, status in self.needed_in_status
            for problem in require_when(values, column, status)
        ]
        return problems

    def checks(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        """The rules of one entity the declarations above cannot say."""
        return []

    def dependents(self, record: Any, incoming: dict[str, Any], today: dt.date) -> list[Dependent]:
        """Rows of other entities this row implies (written right after it)."""
        return []

    def remember(self, lookups: Lookups, record: Any) -> None:
        """Let later rows of the same import refer to a record created by this one."""
        code = getattr(record, "code", None)
        if code is not None:
            lookups.remember(self.model, code, record)


class StoredRecords:
    """Stored records of each entity by natural key, each entity read once; an import or an
    undo keeps the index up to date as it writes."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._index: dict[str, dict[tuple[Any, ...], Any]] = {}

    def of(self, entity: Entity) -> dict[tuple[Any, ...], Any]:
        if entity.name not in self._index:
            self._index[entity.name] = entity.by_key(self.session)
        return self._index[entity.name]


def require_when(values: dict[str, Any], column: str, status: str) -> list[tuple[str, str]]:
    """A (column, reason) problem if a record in `status` lacks `column` (done needs done_on)."""
    if values.get("status") == status and values.get(column) is None:
        return [(column, f"is required when status is {status}")]
    return []


def child_list(
    relation: str, show: Callable[[Any], Any], make: Callable[[Session, int, Any], Any]
) -> tuple[Getter, Setter]:
    """Getter and setter of a column kept as an ordered relationship of child rows.

    `show` gives a child's value in the column, `make` a new child for (position from 0, value).
    Children are replaced only when the list changed.
    """

    def get(record: Any) -> list[Any]:
        return [show(child) for child in getattr(record, relation)]

    def set_(session: Session, record: Any, value: list[Any] | None) -> None:
        wanted = list(value or [])
        if get(record) == wanted:
            return
        children = getattr(record, relation)
        if children:
            # Old rows must be gone before new ones reuse their (record, value) pair.
            children.clear()
            session.flush()
        children.extend(make(session, index, item) for index, item in enumerate(wanted))

    return get, set_


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
