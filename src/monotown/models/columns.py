"""Column groups many tables share, declared once: the models mix them in.

- `Keyed`: the integer `id` primary key. `Coded`: that and the `code` people cite a record by.
- `Provenanced` (program records) and `ValueProvenance` (measured values): where a row comes
  from, its `source`, `note` and the import batch that last wrote it.
- `LocalisedName`: `name(lang)` over `name_en`, `name_ru`, `name_kk` (fallback order: `names`).
- `reference()` and `owned_by()`: a foreign key to another table's `id`.
- `sql_in()`: the condition of a CHECK that a column holds one of a vocabulary's words.
- `not_negative()`: the CHECK that an optional amount or count is not below zero.
- `coordinate_checks()`: the CHECKs that `latitude` and `longitude` lie on the globe.

The migrations do not use these (an old migration must never change): `tests/test_migrations.py`
checks that the tables declared here and the migration history agree.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, MappedColumn, mapped_column

from monotown.models.names import localised

# A mixin's columns come after the table's own, unless sorted first: the id, then (AFTER_ID) the
# code or what else identifies the row, as the migrations created them.
_ID_FIRST = -2
AFTER_ID = -1


def sql_in(column: str, values: tuple[str, ...]) -> str:
    """`column IN ('a', 'b')` for a CHECK constraint built from a vocabulary tuple."""
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def not_negative(column: str, name: str) -> CheckConstraint:
    """The CHECK named `name` that an optional amount or count, when given, is not below zero."""
    return CheckConstraint(f"{column} IS NULL OR {column} >= 0", name=name)


def coordinate_checks() -> tuple[CheckConstraint, CheckConstraint]:
    """`latitude` in [-90, 90] and `longitude` in [-180, 180] (either may be NULL)."""
    return (
        CheckConstraint("latitude IS NULL OR (latitude >= -90 AND latitude <= 90)", name="lat"),
        CheckConstraint(
            "longitude IS NULL OR (longitude >= -180 AND longitude <= 180)", name="lon"
        ),
    )


def reference(table: str, *, ondelete: str | None = None, index: bool | None = None) -> Any:
    """A foreign key to `table.id` (the Mapped annotation says whether it may be NULL)."""
    column: MappedColumn[Any] = mapped_column(
        ForeignKey(f"{table}.id", ondelete=ondelete), index=index
    )
    return column


def owned_by(table: str) -> Any:
    """A row that belongs to one row of `table` and goes when that row is deleted (indexed)."""
    return reference(table, ondelete="CASCADE", index=True)


class Keyed:
    """An integer `id` primary key, the first column."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=_ID_FIRST)


class Coded(Keyed):
    """A record people cite by its code: unique, not empty, up to 64 characters."""

    code: Mapped[str] = mapped_column(
        String(64),
        CheckConstraint("length(code) > 0", name="code_not_empty"),
        unique=True,
        sort_order=AFTER_ID,
    )


class _Sourced:
    source: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int | None] = reference("import_batch", ondelete="SET NULL", index=True)


class Provenanced(_Sourced):
    """Columns every program record has: demo flag, source, note and the batch that wrote it."""

    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)


class ValueProvenance(_Sourced):
    """Columns every measured value has: its flag (official, estimate, synthetic...), source,
    note and the batch that wrote it."""

    flag: Mapped[str] = mapped_column(String(10), default="official")


class LocalisedName:
    """`name(lang)`: the name in `lang` by the one fallback order (`models.names.localised`)."""

    name_en: Mapped[str]
    name_ru: Mapped[str | None]
    name_kk: Mapped[str | None]

    def name(self, lang: str = "en") -> str:
        return localised(self, lang)
