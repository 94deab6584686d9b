"""The values and records of a settlement being deleted: never dropped silently, kept to be put
back by undo.

Deleting a settlement that has values or records of its own (population, list status, figures,
town-forming links) is refused unless asked for explicitly; then they go as one batch of kind
'values' (format 'settlement-delete') whose audit entry keeps the settlement, every value and
every record, keyed by codes (settlement, indicator, source, enterprise), since the ids are gone
with the rows. Undoing the batch re-creates the settlement from that record (with its DHIS2 org
unit code) and puts its values and records back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from monotown.data.models import Indicator, IndicatorValue, SettlementDhis2
from monotown.errors import ConflictError
from monotown.records.kinds import Actor
from monotown.records.provenance import AuditEntry, ImportBatch, audit, utcnow
from monotown.registry.dependents import (
    count_dependents,
    describe_counts,
    keep_dependents,
    restore_dependents,
)
from monotown.registry.editing import (
    create_settlement,
    get_settlement,
    remove_settlement,
    require_childless,
    settlement_record,
)
from monotown.registry.models import Settlement

DELETION_FORMAT = "settlement-delete"
KEPT_ENTITY = "settlement_values"
KEPT_COLUMNS = ("indicator", "period", "period_type", "year", "value", "flag", "source", "note",
                "batch_id")  # fmt: skip


def settlement_value_count(session: Session, settlement_id: int) -> int:
    query = select(func.count()).where(IndicatorValue.settlement_id == settlement_id)
    return int(session.scalar(query) or 0)


def delete_settlement_values(
    session: Session, settlement_id: int, settlement: dict[str, Any], *, user: str, origin: str
) -> ImportBatch:
    """Delete a settlement's values as one undoable batch that also keeps its own records (the
    database deletes those with the settlement); `settlement` is its audit record (with its
    code), kept so that undo can re-create it."""
    code = str(settlement["code"])
    rows = session.execute(
        select(
            Indicator.code, IndicatorValue.period, IndicatorValue.period_type,
            IndicatorValue.year, IndicatorValue.value, IndicatorValue.flag,
            IndicatorValue.source, IndicatorValue.note, IndicatorValue.batch_id,
        )
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .where(IndicatorValue.settlement_id == settlement_id)
        .order_by(Indicator.code, IndicatorValue.period)
    ).all()  # fmt: skip
    records = keep_dependents(session, settlement_id)
    n_records = sum(len(kept) for kept in records.values())
    batch = ImportBatch(
        kind="values", file_name=f"deletion of settlement {code}", format=DELETION_FORMAT,
        user=user, status="committed", rows_total=len(rows), n_changed=len(rows),
        finished_at=utcnow(),
        note=f"the {len(rows)} values and {n_records} other records of '{code}', deleted with it",
    )  # fmt: skip
    session.add(batch)
    session.flush()
    org_unit = session.scalar(
        select(SettlementDhis2.org_unit).where(SettlementDhis2.settlement_id == settlement_id)
    )
    kept = {"settlement": settlement, "values": [list(row) for row in rows], "org_unit": org_unit,
            "records": records}  # fmt: skip
    audit(session, Actor(user, origin), "delete", KEPT_ENTITY, code, old=kept, batch_id=batch.id)
    session.execute(delete(IndicatorValue).where(IndicatorValue.settlement_id == settlement_id))
    return batch


def delete_settlement(
    session: Session, code: str, *, user: str, origin: str, with_values: bool = False
) -> int | None:
    """Delete a settlement, refusing to lose anything silently.

    Refused (409) while other settlements name it as parent, and while it has indicator values
    or records of its own (population, list status, town figures, town-forming links) unless
    `with_values`: then they go first as one undoable batch, whose id is returned (undoing it
    re-creates the settlement with all of them). See `registry.editing.remove_settlement`.
    """
    settlement = get_settlement(session, code)
    require_childless(session, settlement)
    values = settlement_value_count(session, settlement.id)
    records = count_dependents(session, settlement.id)
    if (values or records) and not with_values:
        held = [f"{values} indicator value(s)"] if values else []
        held += [describe_counts(records)] if records else []
        raise ConflictError(
            f"settlement '{code}' has {' and '.join(held)}, which deleting it would lose; delete "
            "it with them explicitly (API: ?with_values=true, CLI: --with-values), which can be "
            "undone"
        )
    batch_id = None
    if values or records:
        record = settlement_record(settlement)
        batch_id = delete_settlement_values(
            session, settlement.id, record, user=user, origin=origin
        ).id
    remove_settlement(session, code, user=user, origin=origin, batch_id=batch_id)
    return batch_id


def undo_settlement_deletion(session: Session, batch: ImportBatch) -> None:
    """Re-create the deleted settlement (by its code) and put its values back exactly."""
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.batch_id == batch.id, AuditEntry.entity == KEPT_ENTITY)
    ).one()
    kept: dict[str, Any] = entry.old or {}
    record = dict(kept["settlement"])
    code = str(record["code"])
    if session.scalar(select(Settlement.id).where(Settlement.code == code)) is not None:
        raise ConflictError(
            f"cannot undo import batch {batch.id}: a settlement with code '{code}' exists again; "
            "delete it first"
        )
    settlement = create_settlement(session, record, user=batch.user, origin="system")
    session.flush()
    indicators = {code: id_ for code, id_ in session.execute(select(Indicator.code, Indicator.id))}
    values = []
    for row in kept["values"]:
        item = dict(zip(KEPT_COLUMNS, row, strict=True))
        indicator_id = indicators.get(str(item.pop("indicator")))
        if indicator_id is None:
            raise ConflictError(
                f"cannot undo import batch {batch.id}: an indicator of its values was deleted"
            )
        values.append(
            IndicatorValue(settlement_id=settlement.id, indicator_id=indicator_id, **item)
        )
    session.add_all(values)
    if kept.get("org_unit"):
        session.add(SettlementDhis2(settlement_id=settlement.id, org_unit=str(kept["org_unit"])))
    session.flush()
    restored = restore_dependents(session, settlement.id, kept.get("records", {}))
    done = f"undo: settlement '{code}' re-created with {len(values)} values, {restored} records"
    batch.note = f"{batch.note}; {done}" if batch.note else done
