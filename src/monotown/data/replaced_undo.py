"""Undoing a batch of a table whose replaced rows are kept in a mirror table.

Indicator values (`indicator_value` / `indicator_value_replaced`) and standard provision records
(`standard_provision` / `standard_provision_replaced`) are imported the same way: a row a batch
replaces moves to the mirror table with `replaced_by` naming the batch. Undoing a batch removes
its rows and moves back the ones it replaced, exactly; it is refused while a later committed
batch has replaced rows of this one (undo that first).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from monotown.data.bulk import affected
from monotown.errors import ConflictError
from monotown.records.provenance import ImportBatch


def undo_replacing_batch(
    session: Session,
    batch: ImportBatch,
    *,
    live: Any,
    replaced: Any,
    columns: tuple[str, ...],
    rows: str,
    counted: str,
) -> None:
    """Undo `batch` on the `live` model and its `replaced` mirror, copying back `columns`.

    `rows` names the rows in messages ("values"), `counted` the unit of a later batch's count;
    what the undo did is appended to the batch's note (undo_batch audits who undid it).
    """
    later = session.execute(
        select(replaced.replaced_by, func.count())
        .join(ImportBatch, ImportBatch.id == replaced.replaced_by)
        .where(
            replaced.batch_id == batch.id,
            replaced.replaced_by != batch.id,
            ImportBatch.status == "committed",
        )
        .group_by(replaced.replaced_by)
        .order_by(replaced.replaced_by)
    ).all()
    if later:
        which = ", ".join(f"batch {other} ({count} {counted})" for other, count in later)
        raise ConflictError(
            f"later imports replaced {rows} of batch {batch.id}: {which}; undo them first"
        )
    removed = affected(
        session.execute(
            delete(live)
            .where(live.batch_id == batch.id)
            .execution_options(synchronize_session=False)
        )
    )
    mine = replaced.replaced_by == batch.id
    restored = session.scalar(select(func.count()).where(mine)) or 0
    session.execute(
        insert(live).from_select(
            list(columns), select(*(getattr(replaced, name) for name in columns)).where(mine)
        )
    )
    done = f"undo: removed {removed} {rows}, restored {restored}"
    batch.note = f"{batch.note}; {done}" if batch.note else done
