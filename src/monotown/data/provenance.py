"""Moved to `monotown.records.provenance` (batches, the audit log, undo); kept importable for code
written before the records layer. New code imports `monotown.records.provenance`."""

from monotown.records.provenance import (
    BATCH_STATUSES,
    AuditEntry,
    ImportBatch,
    UndoHandler,
    current_user,
    finish_batch,
    get_batch,
    record_audit,
    register_undo,
    undo_batch,
    undo_kinds,
    utcnow,
)

__all__ = [
    "BATCH_STATUSES",
    "AuditEntry",
    "ImportBatch",
    "UndoHandler",
    "current_user",
    "finish_batch",
    "get_batch",
    "record_audit",
    "register_undo",
    "undo_batch",
    "undo_kinds",
    "utcnow",
]
