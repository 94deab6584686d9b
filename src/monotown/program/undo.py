"""Undoing a program import: every record the batch created is deleted, every record it changed
gets back the values (and the batch) it had before, newest write first.

A batch cannot be undone once a later import or an edit changed one of its records, or another
import added records that refer to one it created: undo those first. The check keeps undo exact.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monotown.errors import ConflictError, MonotownError
from monotown.program.entities import Entity, audited_entity
from monotown.program.entities.base import StoredRecords
from monotown.program.fields import Lookups
from monotown.program.importer import AUDIT_PREFIX
from monotown.program.snapshots import parse_snapshot
from monotown.records.kinds import Actor
from monotown.records.provenance import (
    AuditEntry,
    ImportBatch,
    audit,
    current_user,
)

WRITE_ACTIONS = ("create", "update", "delete")


def _entries(session: Session, batch: ImportBatch) -> list[AuditEntry]:
    query = (
        select(AuditEntry)
        .where(
            AuditEntry.batch_id == batch.id,
            AuditEntry.action.in_(("create", "update")),
            AuditEntry.entity.startswith(AUDIT_PREFIX),
        )
        .order_by(AuditEntry.id.desc())
    )
    return list(session.scalars(query))


def _refuse_if_changed_later(
    session: Session, batch: ImportBatch, entries: list[AuditEntry]
) -> None:
    if not entries:
        return
    touched = {(entry.entity, entry.entity_key) for entry in entries}
    later = session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.id > min(entry.id for entry in entries),
            AuditEntry.entity.startswith(AUDIT_PREFIX),
            AuditEntry.action.in_(WRITE_ACTIONS),
        )
        .order_by(AuditEntry.id)
    )
    for entry in later:
        if (entry.entity, entry.entity_key) not in touched or entry.batch_id == batch.id:
            continue
        other = session.get(ImportBatch, entry.batch_id) if entry.batch_id else None
        if other is not None and other.status == "undone":
            continue
        by = (
            f"import batch {other.id}"
            if other
            else f"an edit by {entry.user} on {entry.at:%Y-%m-%d}"
        )
        name = entry.entity.removeprefix(AUDIT_PREFIX)
        raise ConflictError(
            f"cannot undo import batch {batch.id}: {name} '{entry.entity_key}' was changed "
            f"since by {by}; undo that first"
        )


class _Records(StoredRecords):
    """Stored records of each entity by natural key, read once per undo."""

    def __init__(self, session: Session, lookups: Lookups) -> None:
        super().__init__(session)
        self.lookups = lookups

    def key(self, entity: Entity, row: dict[str, Any]) -> tuple[Any, ...]:
        given = {name: row.get(name) for name in entity.key}
        return entity.key_of(parse_snapshot(entity, given, self.lookups))

    def find(self, entity: Entity, key: tuple[Any, ...]) -> Any:
        return self.of(entity).get(key)

    def forget(self, entity: Entity, key: tuple[Any, ...]) -> None:
        self.of(entity).pop(key, None)


def undo_program_batch(session: Session, batch: ImportBatch) -> None:
    """Restore exactly the state before `batch` (registered for batches of kind 'program')."""
    entries = _entries(session, batch)
    _refuse_if_changed_later(session, batch, entries)
    lookups = Lookups(session)
    records = _Records(session, lookups)
    user = current_user()
    batch_id = batch.id
    for entry in entries:
        entity = audited_entity(entry.entity.removeprefix(AUDIT_PREFIX))
        # Read before writing: a failed flush leaves loaded objects unreadable.
        what = f"{entity.name} '{entry.entity_key}'"
        try:
            key = records.key(entity, entry.new or {})
            old = None if entry.old is None else parse_snapshot(entity, entry.old, lookups)
        except (ValueError, MonotownError) as error:
            # An old snapshot naming a town by a name that has since become ambiguous.
            reason = error.message if isinstance(error, MonotownError) else str(error)
            raise ConflictError(f"cannot undo import batch {batch_id}: {what}: {reason}") from None
        record = records.find(entity, key)
        if record is None:
            raise ConflictError(f"cannot undo import batch {batch_id}: {what} no longer exists")
        try:
            if entry.old is None or old is None:
                session.delete(record)
                records.forget(entity, key)
            else:
                entity.write(session, record, old)
                record.batch_id = entry.old.get("_batch_id")
            session.flush()
        except IntegrityError:
            raise ConflictError(
                f"cannot undo import batch {batch_id}: {what} is referred to by records "
                "another import added; undo that import first"
            ) from None
        audit(
            session, Actor(user, "system"), "delete" if entry.old is None else "update",
            entry.entity, entry.entity_key, old=entry.new, new=entry.old, batch_id=batch.id,
            note=f"undo of import batch {batch.id}",
        )  # fmt: skip
