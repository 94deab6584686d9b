"""Import batches of indicator values: listing, details, and undo.

Undoing a batch deletes the values it wrote and puts back, unchanged, the values it replaced (kept
in `indicator_value_replaced`). It is refused while a later, still committed batch has replaced
values of this one: that batch must be undone first, or the restored state would not be exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from monotown.data.models import Indicator, IndicatorValue, ReplacedValue
from monotown.data.replaced_undo import undo_replacing_batch
from monotown.data.settlement_values import DELETION_FORMAT, undo_settlement_deletion
from monotown.records.provenance import ImportBatch, get_batch
from monotown.registry.models import Settlement

# What a value holds besides its id: what an undo puts back, what a replaced value keeps.
VALUE_COLUMNS = tuple(
    column.key for column in IndicatorValue.__table__.columns if column.key != "id"
)


def undo_values(session: Session, batch: ImportBatch) -> None:
    """Remove the batch's values and restore the ones it replaced (see the module docstring)."""
    if batch.format == DELETION_FORMAT:
        undo_settlement_deletion(session, batch)
        return
    undo_replacing_batch(
        session,
        batch,
        live=IndicatorValue,
        replaced=ReplacedValue,
        columns=VALUE_COLUMNS,
        rows="values",
        counted="values",
    )


def list_batches(
    session: Session, *, kind: str | None = None, limit: int | None = None
) -> list[ImportBatch]:
    """Import batches of every capability (or one kind), newest first."""
    query = select(ImportBatch).order_by(ImportBatch.id.desc())
    if kind:
        query = query.where(ImportBatch.kind == kind)
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


@dataclass
class BatchDetail:
    """A batch with what it holds now: values still stored, values it replaced, by whom replaced."""

    batch: ImportBatch
    values_stored: int = 0
    values_replaced: int = 0
    replaced_later_by: dict[int, int] = field(default_factory=dict)
    by_indicator: list[tuple[str, int]] = field(default_factory=list)
    by_settlement: list[tuple[str, int]] = field(default_factory=list)
    flags: dict[str, int] = field(default_factory=dict)


def batch_detail(session: Session, batch_id: int) -> BatchDetail:
    batch = get_batch(session, batch_id)
    detail = BatchDetail(batch=batch)
    if batch.kind != "values":
        return detail
    mine = IndicatorValue.batch_id == batch.id
    detail.values_stored = session.scalar(select(func.count()).where(mine)) or 0
    detail.values_replaced = (
        session.scalar(select(func.count()).where(ReplacedValue.replaced_by == batch.id)) or 0
    )
    detail.replaced_later_by = {
        int(other): int(count)
        for other, count in session.execute(
            select(ReplacedValue.replaced_by, func.count())
            .where(ReplacedValue.batch_id == batch.id, ReplacedValue.replaced_by != batch.id)
            .group_by(ReplacedValue.replaced_by)
        )
    }
    detail.by_indicator = _values_by(
        session, Indicator.code, IndicatorValue.indicator_id == Indicator.id, mine
    )
    detail.by_settlement = _values_by(
        session, Settlement.name_en, IndicatorValue.settlement_id == Settlement.id, mine
    )
    detail.flags = {
        flag: int(count)
        for flag, count in session.execute(
            select(IndicatorValue.flag, func.count()).where(mine).group_by(IndicatorValue.flag)
        )
    }
    return detail


def _values_by(
    session: Session,
    label: InstrumentedAttribute[str],
    link: ColumnElement[bool],
    mine: ColumnElement[bool],
) -> list[tuple[str, int]]:
    """How many of the batch's values (`mine`) each `label` of the table joined by `link`
    holds, the most first and ties in `label` order."""
    counted = (
        select(label, func.count())
        .join(IndicatorValue, link)
        .where(mine)
        .group_by(label)
        .order_by(func.count().desc(), label)
    )
    return [(name, int(count)) for name, count in session.execute(counted)]
