"""Import batches and the audit log: every stored record knows the batch that wrote it, every write
is recorded with who, when, what, old and new values, and a batch can be undone.

Shared by every capability that imports, edits or deletes records; the undo handler of each batch
kind is registered explicitly (`register_undo`) by `monotown.catalog.install()`.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from collections.abc import Callable
from typing import Any

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from monotown.db import Base
from monotown.errors import ConflictError, or_not_found
from monotown.records.kinds import Actor

BATCH_STATUSES = ("committed", "undone")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def current_user() -> str:
    """Who is acting from the command line: MONOTOWN_USER, else the login name."""
    user = os.environ.get("MONOTOWN_USER", "").strip()
    if user:
        return user
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class ImportBatch(Base):
    """One import of one file (or one programmatic load): what came in, from where, by whom."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str | None] = mapped_column(String(500))
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    format: Mapped[str | None] = mapped_column(String(32))
    source: Mapped[str | None] = mapped_column(String(500))
    user: Mapped[str] = mapped_column(String(120))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="committed")
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    n_new: Mapped[int] = mapped_column(Integer, default=0)
    n_changed: Mapped[int] = mapped_column(Integer, default=0)
    n_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    n_invalid: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    undone_by: Mapped[str | None] = mapped_column(String(120))

    __table_args__ = (
        CheckConstraint("status IN ('committed', 'undone')", name="status_known"),
        CheckConstraint(
            "rows_total >= 0 AND n_new >= 0 AND n_changed >= 0 AND n_unchanged >= 0 "
            "AND n_invalid >= 0",
            name="counts_not_negative",
        ),
    )


class AuditEntry(Base):
    """One write: who, when, through what, to which record, with old and new values."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(120))
    origin: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(64), index=True)
    entity_key: Mapped[str] = mapped_column(String(300))
    old: Mapped[Any | None] = mapped_column(JSON)
    new: Mapped[Any | None] = mapped_column(JSON)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("origin IN ('cli', 'web', 'api', 'import', 'system')", name="origin"),
        CheckConstraint(
            "action IN ('create', 'update', 'delete', 'import', 'undo', 'login', 'run')",
            name="action",
        ),
    )


def audit(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    key: str,
    *,
    old: Any | None = None,
    new: Any | None = None,
    batch_id: int | None = None,
    note: str | None = None,
) -> AuditEntry:
    """Append one audit entry, by `actor` (its user and origin), in the caller's transaction (so
    it commits or rolls back with it)."""
    entry = AuditEntry(
        user=actor.user, origin=actor.origin, action=action, entity=entity, entity_key=key,
        old=old, new=new, batch_id=batch_id, note=note,
    )  # fmt: skip
    session.add(entry)
    return entry


def batch_entries(session: Session, batch_id: int, entity: str) -> list[AuditEntry]:
    """The audit entries of one batch about `entity`, newest first (the order undo replays)."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.batch_id == batch_id, AuditEntry.entity == entity)
        .order_by(AuditEntry.id.desc())
    )
    return list(session.scalars(query))


UndoHandler = Callable[[Session, ImportBatch], None]
_UNDO_HANDLERS: dict[str, UndoHandler] = {}


def finish_batch(
    session: Session,
    batch: ImportBatch,
    *,
    user: str,
    origin: str,
    summary: dict[str, Any],
    note: str | None = None,
) -> None:
    """Close an import batch: its finish time, and the one audit entry every import writes
    (action 'import' on the batch, with `summary` of what it did)."""
    batch.finished_at = utcnow()
    audit(
        session, Actor(user, origin), "import", "import_batch", str(batch.id), new=summary,
        batch_id=batch.id, note=note,
    )  # fmt: skip


def register_undo(kind: str, handler: UndoHandler) -> None:
    """Declare how batches of one kind are undone. Called explicitly, for every capability, by
    `monotown.catalog.install()`, never as the side effect of importing a module."""
    _UNDO_HANDLERS[kind] = handler


def undo_kinds() -> tuple[str, ...]:
    """The batch kinds that can be undone now (empty until `monotown.catalog.install()` ran)."""
    return tuple(sorted(_UNDO_HANDLERS))


def get_batch(session: Session, batch_id: int) -> ImportBatch:
    return or_not_found(session.get(ImportBatch, batch_id), f"no import batch {batch_id}")


def undo_batch(session: Session, batch_id: int, *, user: str, origin: str = "cli") -> ImportBatch:
    """Restore exactly the state before a batch, with the handler its kind registered.

    The handler refuses (ConflictError) when later batches changed the same records.
    """
    batch = get_batch(session, batch_id)
    if batch.status == "undone":
        raise ConflictError(f"import batch {batch_id} was already undone")
    handler = _UNDO_HANDLERS.get(batch.kind)
    if handler is None:
        known = ", ".join(undo_kinds()) or "none registered: call monotown.catalog.install()"
        raise ConflictError(
            f"import batch {batch_id} is of kind '{batch.kind}', which cannot be undone "
            f"(undoable kinds: {known})"
        )
    handler(session, batch)
    batch.status = "undone"
    batch.undone_at = utcnow()
    batch.undone_by = user
    audit(session, Actor(user, origin), "undo", "import_batch", str(batch.id), batch_id=batch.id)
    return batch
