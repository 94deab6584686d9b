"""The words the migrations declare tables in: typed column groups, foreign keys, named checks,
unique sets and indexes, and the two verbs `create_table` and `drop_table`.

FROZEN. A migration that ran once must issue the same DDL forever, so once a migration uses a
function here, that function never changes: not a name, a type, a length, a default or an order.
A new need is a new function (or a new argument with a default that keeps the old output).
`tests/test_migrations_schema.py` checks it: the baseline sends the DDL text it always did and
leaves the schema the full history left at `0016_value_indexes`.

The names are spelled out, not left to the metadata's naming convention, so that a change to the
models' convention can never rename a constraint of an old migration. Nothing here imports the
live models.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa
from alembic import op

Column = sa.Column[Any]
Columns = list[Column]
ServerDefault = str | sa.ColumnElement[Any] | None


def _typed(
    make_type: Callable[[], sa.types.TypeEngine[Any]],
    names: Sequence[str],
    null: bool,
    default: ServerDefault = None,
) -> Columns:
    return [sa.Column(name, make_type(), nullable=null, server_default=default) for name in names]


# One column per name, of one type, in the order given (as Rails' `t.string :a, :b`);
# `null=True`: the column may be NULL; `default`: its server default.
def string(length: int, *names: str, null: bool = False, default: str | None = None) -> Columns:
    return _typed(lambda: sa.String(length=length), names, null, default)


def integer(*names: str, null: bool = False) -> Columns:
    return _typed(sa.Integer, names, null)


def real(*names: str, null: bool = False) -> Columns:
    return _typed(sa.Float, names, null)


def boolean(*names: str, null: bool = False, default: ServerDefault = None) -> Columns:
    return _typed(sa.Boolean, names, null, default)


def date(*names: str, null: bool = False) -> Columns:
    return _typed(sa.Date, names, null)


def timestamp(*names: str, null: bool = False) -> Columns:
    return _typed(sa.DateTime, names, null)


def text(*names: str, null: bool = False) -> Columns:
    return _typed(sa.Text, names, null)


def json(*names: str, null: bool = False) -> Columns:
    return _typed(sa.JSON, names, null)


def blob(*names: str, null: bool = False) -> Columns:
    return _typed(sa.LargeBinary, names, null)


# The check that a date's precision is known: its day, its month or only its year.
DATE_PRECISION = "IN ('day', 'month', 'year')"


class Reference(NamedTuple):
    """A foreign key to `table.id`; `indexed`: the column gets a plain index too."""

    table: str
    ondelete: str | None
    indexed: bool


def key(
    name: str,
    table: str,
    *,
    null: bool = False,
    ondelete: str | None = None,
    indexed: bool = False,
) -> Columns:
    """An integer column that refers to `table.id`. `create_table` names its foreign key
    `fk_<table>_<column>_<referred table>` (and its index `ix_<table>_<column>`)."""
    column = sa.Column(name, sa.Integer(), nullable=null)
    column.info["reference"] = Reference(table, ondelete, indexed)
    return [column]


def localised(
    field: str, english: int, others: int | None = None, *, russian_required: bool = False
) -> Columns:
    """`<field>_en` (required), `<field>_ru` and `<field>_kk`: a name in the three languages."""
    others = others or english
    return [
        *string(english, f"{field}_en"),
        *string(others, f"{field}_ru", null=not russian_required),
        *string(others, f"{field}_kk", null=True),
    ]


def program_record() -> Columns:
    """What a program record ends with: `synthetic` (demo data), its `source`, a `note` and the
    import batch it came in (indexed)."""
    return [
        *boolean("synthetic"),
        *string(500, "source", null=True),
        *text("note", null=True),
        *key("batch_id", "import_batch", null=True, ondelete="SET NULL", indexed=True),
    ]


def measured_value() -> Columns:
    """What a measured value ends with: its `flag` (official, estimate, synthetic...), `source`,
    `note` and the import batch it came in (indexed)."""
    return [
        *string(10, "flag"),
        *string(500, "source", null=True),
        *text("note", null=True),
        *key("batch_id", "import_batch", null=True, ondelete="SET NULL", indexed=True),
    ]


def registry_fact() -> Columns:
    """What a registry fact ends with: a `note` and the data source it is taken from."""
    return [*text("note", null=True), *key("source_id", "data_source", null=True)]


class Index(NamedTuple):
    """An index with a name of its own on several columns (a plain one is named by `indexes`)."""

    name: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table as `create_table` builds it (see `table`)."""

    name: str
    columns: Columns
    checks: Mapping[str, str]
    unique_together: Sequence[Sequence[str]]
    indexes: Sequence[str | Index]
    primary_key: Sequence[str]


def table(
    name: str,
    *columns: Columns,
    checks: Mapping[str, str] | None = None,
    unique_together: Sequence[Sequence[str]] = (),
    indexes: Sequence[str | Index] = (),
    primary_key: Sequence[str] = ("id",),
) -> Table:
    """A table: an integer `id` first when it is the primary key (the default), then the
    `columns` in their order; `checks` (`ck_<table>_<name>`: condition), `unique_together`
    (`uq_<table>_<columns>`), and `indexes` (a column name: a plain `ix_<table>_<column>`)."""
    id_column = integer("id") if tuple(primary_key) == ("id",) else []
    flat = [column for group in (id_column, *columns) for column in group]
    return Table(name, flat, checks or {}, unique_together, indexes, primary_key)


def coded(
    name: str,
    *columns: Columns,
    checks: Mapping[str, str] | None = None,
    unique_together: Sequence[Sequence[str]] = (),
    indexes: Sequence[str | Index] = (),
) -> Table:
    """A table of records known by a stable code: a `table` whose first column after `id` is
    `code` (64 characters, not empty, unique), then `columns`."""
    return table(
        name,
        string(64, "code"),
        *columns,
        checks={**(checks or {}), "code_not_empty": "length(code) > 0"},
        unique_together=[("code",), *unique_together],
        indexes=indexes,
    )


def _reference(column: Column) -> Reference | None:
    reference = column.info.get("reference")
    return reference if isinstance(reference, Reference) else None


def create_table(spec: Table) -> None:
    """Create the table, its constraints (all named) and its indexes: those named by `indexes`
    and one on each indexed `key` column."""
    name = spec.name
    references = [(column.name, ref) for column in spec.columns if (ref := _reference(column))]
    op.create_table(
        name,
        *spec.columns,
        *(
            sa.CheckConstraint(condition, name=op.f(f"ck_{name}_{check}"))
            for check, condition in spec.checks.items()
        ),
        *(
            sa.ForeignKeyConstraint(
                [column],
                [f"{ref.table}.id"],
                name=op.f(f"fk_{name}_{column}_{ref.table}"),
                ondelete=ref.ondelete,
            )
            for column, ref in references
        ),
        sa.PrimaryKeyConstraint(*spec.primary_key, name=op.f(f"pk_{name}")),
        *(
            sa.UniqueConstraint(*columns, name=op.f(f"uq_{name}_{'_'.join(columns)}"))
            for columns in spec.unique_together
        ),
    )
    plain = [index for index in spec.indexes if isinstance(index, str)]
    plain += [column for column, ref in references if ref.indexed]
    for column in sorted(plain):
        op.create_index(op.f(f"ix_{name}_{column}"), name, [column])
    for index in spec.indexes:
        if isinstance(index, Index):
            op.create_index(op.f(index.name), name, list(index.columns))


def drop_table(spec: Table) -> None:
    """Drop the table; its indexes and constraints go with it."""
    op.drop_table(spec.name)
