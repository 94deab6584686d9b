"""Undoing a provision batch: remove its records, put back the ones it replaced, exactly.

Refused while a later committed batch has replaced records of this one (undo that first).
"""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from monotown.data.bulk import affected
from monotown.errors import ConflictError
from monotown.records.provenance import ImportBatch
from monotown.standards.models import ReplacedProvision, StandardProvision

COLUMNS = ("unit_id", "standard_id", "year", "met", "value", "flag", "source", "note", "batch_id")


def undo_provision(session: Session, batch: ImportBatch) -> None:
    later = session.execute(
        select(ReplacedProvision.replaced_by, func.count())
        .join(ImportBatch, ImportBatch.id == ReplacedProvision.replaced_by)
        .where(
            ReplacedProvision.batch_id == batch.id,
            ReplacedProvision.replaced_by != batch.id,
            ImportBatch.status == "committed",
        )
        .group_by(ReplacedProvision.replaced_by)
        .order_by(ReplacedProvision.replaced_by)
    ).all()
    if later:
        which = ", ".join(f"batch {other} ({count} records)" for other, count in later)
        raise ConflictError(
            f"later imports replaced provision records of batch {batch.id}: {which}; "
            "undo them first"
        )
    removed = affected(
        session.execute(
            delete(StandardProvision)
            .where(StandardProvision.batch_id == batch.id)
            .execution_options(synchronize_session=False)
        )
    )
    mine = ReplacedProvision.replaced_by == batch.id
    restored = session.scalar(select(func.count()).where(mine)) or 0
    session.execute(
        insert(StandardProvision).from_select(
            list(COLUMNS),
            select(*(getattr(ReplacedProvision, name) for name in COLUMNS)).where(mine),
        )
    )
    done = f"undo: removed {removed} provision records, restored {restored}"
    batch.note = f"{batch.note}; {done}" if batch.note else done
