"""The one place every capability's kinds of record and undo handlers are put together.

`install()` fills the `KINDS` table from each capability's `kinds()` function and registers how
each batch kind is undone; the CLI, the web app and the tests call it once at start-up, so no
registration happens as the side effect of importing a module. `kinds()` returns the table.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from monotown.records.kinds import Kind, KindTable
from monotown.records.provenance import ImportBatch, get_batch, register_undo, undo_batch

KINDS = KindTable()
_installed = False


def install() -> KindTable:
    """Register every kind and undo handler (idempotent); returns the kinds table."""
    global _installed
    if _installed:
        return KINDS
    from monotown.assess import kinds as assess_kinds
    from monotown.data import kinds as data_kinds
    from monotown.data.batches import undo_values
    from monotown.events import kinds as event_kinds
    from monotown.program import kinds as program_kinds
    from monotown.program.importer import BATCH_KIND as PROGRAM_BATCHES
    from monotown.program.undo import undo_program_batch
    from monotown.records.deletion import BATCH_KIND as DELETIONS
    from monotown.records.deletion import undo_deletion
    from monotown.records.import_batches import BATCH_KIND as RECORD_IMPORTS
    from monotown.records.import_batches import undo_snapshot
    from monotown.registry import kinds as registry_kinds
    from monotown.standards.undo import undo_provision

    for capability in (registry_kinds, data_kinds, program_kinds, event_kinds, assess_kinds):
        KINDS.register(capability.kinds())
    register_undo("values", undo_values)
    register_undo(PROGRAM_BATCHES, undo_program_batch)
    register_undo("standards", undo_provision)
    register_undo(DELETIONS, undo_deletion)
    register_undo(RECORD_IMPORTS, undo_snapshot)
    _installed = True
    return KINDS


def kinds() -> KindTable:
    return install()


def kind(key: str) -> Kind:
    """A kind by its key or an alias ('towns', 'indicator'); NotFoundError with a suggestion."""
    return install().get(key)


def undo(session: Session, batch_id: int, *, user: str, origin: str = "cli") -> ImportBatch:
    """Undo any batch (an import, a deletion), with every handler registered."""
    install()
    return undo_batch(session, batch_id, user=user, origin=origin)


__all__ = ["KINDS", "get_batch", "install", "kind", "kinds", "undo"]
