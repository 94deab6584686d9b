"""The pieces of DDL the migrations share: named constraints, index sets, repeated column groups.

FROZEN. A migration that ran once must issue the same DDL forever, so once a migration uses a
function here, that function never changes: not a name, a type, a length, a default or an order.
A new need is a new function (or a new argument with a default that keeps the old output).
`tests/test_migrations_schema.py` checks it: every revision sends the DDL text it always did.

The names are spelled out, not left to the metadata's naming convention, so that a change to the
models' convention can never rename a constraint of an old migration.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa
from alembic import op

Column = sa.Column[Any]


def primary_key(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    """`pk_<table>` on `columns` (by default the one column `id`)."""
    return sa.PrimaryKeyConstraint(*(columns or ("id",)), name=op.f(f"pk_{table}"))


def foreign_key(
    table: str, column: str, referred_table: str, *, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    """`fk_<table>_<column>_<referred_table>`: `column` refers to `referred_table.id`."""
    return sa.ForeignKeyConstraint(
        [column],
        [f"{referred_table}.id"],
        name=op.f(f"fk_{table}_{column}_{referred_table}"),
        ondelete=ondelete,
    )


def unique(table: str, *columns: str) -> sa.UniqueConstraint:
    """`uq_<table>_<column>_<column>...`: no two rows share these columns' values."""
    return sa.UniqueConstraint(*columns, name=op.f(f"uq_{table}_{'_'.join(columns)}"))


def check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    """`ck_<table>_<name>`: every row satisfies the SQL `condition`."""
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{name}"))


def create_indexes(table: str, *columns: str) -> None:
    """A plain index `ix_<table>_<column>` on each of `columns`, in that order."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def drop_indexes(table: str, *columns: str) -> None:
    """Undo `create_indexes(table, *columns)`: drop its indexes, the last created first."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in reversed(columns):
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))


class Reference(NamedTuple):
    """A foreign key of `column` to `table.id`, named `fk_<table>_<column>_<referred table>`;
    `indexed`: `create_table` gives the column a plain index too."""

    column: str
    table: str
    ondelete: str | None = None
    indexed: bool = False


@dataclass(frozen=True)
class Provenance:
    """The columns a kind of row ends with to say where it comes from, the foreign key of one of
    them, and whether that one is indexed."""

    columns: Callable[[], list[Column]]
    reference: Reference
    indexed: bool


def _program_record_columns() -> list[Column]:
    return [
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
    ]


def _measured_value_columns() -> list[Column]:
    return [
        sa.Column("flag", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
    ]


def _registry_fact_columns() -> list[Column]:
    return [
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
    ]


_IMPORT_BATCH = Reference("batch_id", "import_batch", ondelete="SET NULL")
# A program record: `synthetic` (demo data), `source`, `note`, the import `batch_id` (indexed).
PROGRAM_RECORD = Provenance(_program_record_columns, _IMPORT_BATCH, indexed=True)
# A measured value: its `flag` (official, estimate, synthetic...), `source`, `note`, `batch_id`.
MEASURED_VALUE = Provenance(_measured_value_columns, _IMPORT_BATCH, indexed=True)
# A registry fact: a `note` and the `source_id` of the data source it is taken from.
REGISTRY_FACT = Provenance(_registry_fact_columns, Reference("source_id", "data_source"), False)


def create_table(
    table: str,
    *columns: Column,
    checks: Mapping[str, str] | None = None,
    references: Sequence[Reference] = (),
    unique_together: Sequence[Sequence[str]] = (),
    indexes: Sequence[str] = (),
    primary_key_columns: Sequence[str] = ("id",),
    provenance: Provenance | None = None,
) -> None:
    """Create `table` and its plain indexes, in the order Alembic's autogenerate writes them.

    Columns: an integer `id` first when it is the primary key (the default), then `columns`, then
    the `provenance` columns (PROGRAM_RECORD, MEASURED_VALUE or REGISTRY_FACT). Constraints:
    `checks` (`ck_<table>_<name>`: condition) in their order, the `references` (and the
    provenance one) by column, the primary key, `unique_together` in its order. Then an index on
    each of `indexes`, of the indexed references and of the indexed provenance column, by
    column."""
    all_references = [*references, *([provenance.reference] if provenance else [])]
    indexed = [
        *indexes,
        *(ref.column for ref in references if ref.indexed),
        *([provenance.reference.column] if provenance and provenance.indexed else []),
    ]
    op.create_table(
        table,
        *(
            [sa.Column("id", sa.Integer(), nullable=False)]
            if primary_key_columns == ("id",)
            else []
        ),
        *columns,
        *(provenance.columns() if provenance else []),
        *(check(table, name, condition) for name, condition in (checks or {}).items()),
        *(
            foreign_key(table, ref.column, ref.table, ondelete=ref.ondelete)
            for ref in sorted(all_references, key=lambda ref: ref.column)
        ),
        primary_key(table, *primary_key_columns),
        *(unique(table, *columns_) for columns_ in unique_together),
    )
    if indexed:
        create_indexes(table, *sorted(indexed))


def drop_table(table: str, indexes: Sequence[str] = ()) -> None:
    """Undo `create_table`: drop the indexes on `indexes` (the provenance one included), then
    the table."""
    if indexes:
        drop_indexes(table, *sorted(indexes))
    op.drop_table(table)
