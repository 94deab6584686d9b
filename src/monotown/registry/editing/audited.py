"""One audited create, update and delete for every kind of registry record.

A kind declares what differs (its model, key, required fields, how given values are checked and
applied, what its audit snapshot holds); these functions do what every kind shares: refuse a key
in use, apply the values without autoflush, turn a constraint the checks missed into a 409, and
write the audit entry with the old and the new snapshot.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.errors import ConflictError
from monotown.registry.editing.fields import (
    audit_edit,
    delete_row,
    flush_or_conflict,
    get_by,
    require,
)

Row = TypeVar("Row")

# Parse the given fields onto the row and check what must stay unique; `creating` is False for
# an update. Runs without autoflush, so a half-applied row is never flushed.
Apply = Callable[[Session, Row, Mapping[str, Any], bool], None]


@dataclass(frozen=True)
class EditedKind(Generic[Row]):
    """What the registry's editor needs to know about one kind of record."""

    entity: str
    model: type[Row]
    key: str
    required: tuple[str, ...]
    new: Callable[[], Row]
    record: Callable[[Row], dict[str, Any]]
    apply: Apply[Row]
    # 'a settlement': a key in use is refused before anything else, with that article.
    taken: str | None = None
    # Also refuse an update that renames the record to a key in use (before applying).
    taken_on_update: bool = False
    # Raises ConflictError when the record may not be deleted (it still has dependants).
    refuse_delete: Callable[[Session, Row], None] | None = None

    def get(self, session: Session, key: str) -> Row:
        """The record with this key; else 404 'no {entity} with {key} '...''."""
        found: Row = get_by(
            session, getattr(self.model, self.key), key, f"{self.entity} with {self.key}"
        )
        return found

    def find(self, session: Session, key: str) -> Row | None:
        """The record with this key, or None."""
        found: Row | None = session.scalars(
            select(self.model).where(getattr(self.model, self.key) == key)
        ).one_or_none()
        return found

    def check_deletable(self, session: Session, row: Row) -> None:
        """Raise ConflictError (409) while other records still need `row`."""
        if self.refuse_delete is not None:
            self.refuse_delete(session, row)

    def refuse_taken(self, session: Session, key: str) -> None:
        column = getattr(self.model, self.key)
        if self.taken and session.scalar(select(func.count()).where(column == key)):
            raise ConflictError(f"{self.taken} with {self.key} '{key}' already exists")

    def create(self, session: Session, values: Mapping[str, Any], *, user: str, origin: str) -> Row:
        """A new record from `values` (422 naming a bad field, 409 on a clash), audited."""
        require(values, self.required)
        key = str(values[self.key]).strip()
        self.refuse_taken(session, key)
        return self._write(session, self.new(), values, key, (user, origin), None)

    def update(
        self,
        session: Session,
        key: str,
        values: Mapping[str, Any],
        *,
        user: str,
        origin: str,
    ) -> Row:
        """Change the given fields of the record `key`; the audit keeps only what changed."""
        row = self.get(session, key)
        old = self.record(row)
        new_key = str(values.get(self.key) or "").strip()
        if self.taken_on_update and new_key and new_key != key:
            self.refuse_taken(session, new_key)
        return self._write(session, row, values, key, (user, origin), old)

    def save(
        self,
        session: Session,
        key: str | None,
        values: Mapping[str, Any],
        *,
        user: str,
        origin: str,
    ) -> Row:
        """`create` the record from `values` when no `key` is given, else `update` the one `key`."""
        if key is None:
            return self.create(session, values, user=user, origin=origin)
        return self.update(session, key, values, user=user, origin=origin)

    def delete(
        self,
        session: Session,
        key: str,
        *,
        user: str,
        origin: str,
        batch_id: int | None = None,
    ) -> None:
        """Delete the record `key` (409 while others need it); the audit keeps its last state."""
        row = self.get(session, key)
        self.check_deletable(session, row)
        old = self.record(row)
        delete_row(session, row, f"{self.entity} '{key}'")
        self._audit(session, "delete", key, (user, origin), old, None, batch_id)

    def _write(
        self,
        session: Session,
        row: Row,
        values: Mapping[str, Any],
        key: str,
        actor: tuple[str, str],
        old: dict[str, Any] | None,
    ) -> Row:
        """Apply `values` to a new row (`old` None) or a stored one, flush, and audit it."""
        creating = old is None
        with session.no_autoflush:
            self.apply(session, row, values, creating)
            session.add(row)
        flush_or_conflict(session, f"{self.entity} '{key}'")
        action = "create" if creating else "update"
        self._audit(session, action, getattr(row, self.key), actor, old, row)
        return row

    def _audit(
        self,
        session: Session,
        action: str,
        key: str,
        actor: tuple[str, str],
        old: dict[str, Any] | None,
        row: Row | None,
        batch_id: int | None = None,
    ) -> None:
        """The edit's audit entry: `old` the snapshot before it, `row` the record after it."""
        new = self.record(row) if row is not None else None
        user, origin = actor
        audit_edit(
            session, action, self.entity, key, user=user, origin=origin, old=old, new=new,
            batch_id=batch_id,
        )  # fmt: skip
