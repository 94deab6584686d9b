"""`delete` and `undo` for any kind: a deletion is a batch that keeps every row it removed.

A kind's delete names the rows that go with the record (its dependants first, the record last);
`delete_rows` copies each of them, column by column, into the audit log (entity
`records.deletion`, under the batch) before removing them, and records one `delete` entry with the
record's last values. Undoing the batch (`undo_deletion`, registered for batch kind 'deletion')
puts the rows back in the reverse order with the same primary keys, so links to them hold again;
it is refused when a row with one of those keys was stored since.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monotown.db import Base
from monotown.errors import ConflictError, or_not_found
from monotown.records.kinds import Actor
from monotown.records.provenance import (
    ImportBatch,
    audit,
    batch_entries,
    utcnow,
)

BATCH_KIND = "deletion"
SNAPSHOT_ENTITY = "records.deletion"


TableLike = Table | type[Base] | Any


def table_of(model: TableLike) -> Table:
    """The table of a declared model (or the table itself)."""
    return model if isinstance(model, Table) else cast(Table, model.__table__)


@dataclass(frozen=True)
class Removal:
    """Rows of one table (or a model's table) that a deletion removes."""

    table: Table
    where: ColumnElement[bool]

    @classmethod
    def of(cls, model: TableLike, where: ColumnElement[bool]) -> Removal:
        return cls(table_of(model), where)


def with_dependants(model: TableLike, where: ColumnElement[bool]) -> list[Removal]:
    """The rows of `table` matching `where` and every row the database would remove with them
    (foreign keys declared ON DELETE CASCADE, followed down), dependants first."""
    table = table_of(model)
    removals: list[Removal] = []
    for child in Base.metadata.sorted_tables:
        for key in child.foreign_keys:
            if key.column.table is table and key.ondelete == "CASCADE":
                parent_ids = select(key.column).where(where)
                removals.extend(with_dependants(child, key.parent.in_(parent_ids)))
    removals.append(Removal(table, where))
    return removals


def _links_to(table: Table, where: ColumnElement[bool]) -> list[tuple[Table, Any, Any]]:
    """(child table, its column, the rows' condition) for links ON DELETE SET NULL to the rows."""
    links = []
    for child in Base.metadata.sorted_tables:
        for key in child.foreign_keys:
            if key.column.table is table and key.ondelete == "SET NULL":
                links.append((child, key.parent, key.parent.in_(select(key.column).where(where))))
    return links


def _to_json(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"decimal": str(value)}
    if isinstance(value, bytes):
        return {"bytes": base64.b64encode(value).decode()}
    if isinstance(value, dict | list):
        return {"json": value}
    return value


def _from_json(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    (tag, text), *_ = value.items()
    if tag == "datetime":
        return dt.datetime.fromisoformat(text)
    if tag == "date":
        return dt.date.fromisoformat(text)
    if tag == "decimal":
        return decimal.Decimal(text)
    if tag == "bytes":
        return base64.b64decode(text)
    return text


def delete_rows(
    session: Session,
    removals: Sequence[Removal],
    *,
    kind: str,
    key: str,
    audit_entity: str,
    old: Any,
    actor: Actor,
) -> int:
    """Remove the rows (in the order given) as one undoable batch; returns the batch id."""
    batch = ImportBatch(
        kind=BATCH_KIND, file_name=f"deletion of {kind} {key}", format=kind, user=actor.user,
        status="committed", finished_at=utcnow(), note=f"delete {kind} '{key}'",
    )  # fmt: skip
    session.add(batch)
    session.flush()
    removed = 0
    for removal in removals:
        rows = [
            {name: _to_json(value) for name, value in row.items()}
            for row in session.execute(select(removal.table).where(removal.where)).mappings()
        ]
        for child, column, linked in _links_to(removal.table, removal.where):
            primary = list(child.primary_key.columns)
            relinks = [
                {name: _to_json(value) for name, value in row.items()}
                for row in session.execute(select(*primary, column).where(linked)).mappings()
            ]
            if relinks:
                audit(
                    session, actor, "update", SNAPSHOT_ENTITY, child.name,
                    old={"table": child.name, "relink": column.name, "rows": relinks},
                    batch_id=batch.id,
                )  # fmt: skip
        if not rows:
            continue
        audit(
            session, actor, "delete", SNAPSHOT_ENTITY, removal.table.name,
            old={"table": removal.table.name, "rows": rows}, batch_id=batch.id,
        )  # fmt: skip
        try:
            with session.begin_nested():
                session.execute(
                    delete(removal.table)
                    .where(removal.where)
                    .execution_options(synchronize_session=False)
                )
        except IntegrityError:
            raise ConflictError(
                f"{kind} '{key}' is still referred to by other records; delete those first"
            ) from None
        removed += len(rows)
    batch.rows_total = removed
    audit(session, actor, "delete", audit_entity, key, old=old, batch_id=batch.id)
    session.flush()
    session.expire_all()
    return batch.id


def undo_deletion(session: Session, batch: ImportBatch) -> None:
    """Put back every row the deletion batch removed, parents first (see the module docstring)."""
    snapshots = batch_entries(session, batch.id, SNAPSHOT_ENTITY)
    restored = 0
    for entry in snapshots:
        snapshot: dict[str, Any] = entry.old or {}
        table = Base.metadata.tables[snapshot["table"]]
        rows = [
            {name: _from_json(value) for name, value in row.items()} for row in snapshot["rows"]
        ]
        if "relink" in snapshot:
            _relink(session, table, snapshot["relink"], rows)
            continue
        try:
            with session.begin_nested():
                session.execute(insert(table), rows)
        except IntegrityError:
            raise ConflictError(
                f"cannot undo batch {batch.id}: records of {table.name} with the same keys or "
                "names were stored since; delete or rename them first"
            ) from None
        restored += len(rows)
    done = f"undo: restored {restored} rows"
    batch.note = f"{batch.note}; {done}" if batch.note else done
    session.expire_all()


def _relink(session: Session, table: Table, column: str, rows: list[dict[str, Any]]) -> None:
    """Set the links the deletion cleared (ON DELETE SET NULL) back to the restored rows."""
    primary = list(table.primary_key.columns)
    for row in rows:
        match = [key == row[key.name] for key in primary]
        session.execute(update(table).where(*match).values({column: row[column]}))


def delete_record(
    session: Session,
    record: Any,
    *,
    kind: str,
    key: str,
    audit_entity: str,
    old: Any,
    actor: Actor,
    before: Sequence[Removal] = (),
) -> int:
    """Delete one stored record (a model instance with an `id`) with its dependants, after the
    `before` removals, as one undoable batch; returns the batch id."""
    model = type(record)
    removals = [*before, *with_dependants(model, model.id == record.id)]
    return delete_rows(
        session, removals, kind=kind, key=key, audit_entity=audit_entity, old=old, actor=actor
    )


def delete_by_code(
    session: Session,
    model: Any,
    code: str,
    *,
    kind: str,
    audit_entity: str,
    old_fields: Sequence[str],
    actor: Actor,
) -> int:
    """Delete the record of `model` whose `code` is `code` (NotFoundError if none)."""
    record = or_not_found(
        session.scalars(select(model).where(model.code == code)).one_or_none(),
        f"no {kind} record with code '{code}'",
    )
    old = {name: getattr(record, name) for name in old_fields}
    return delete_record(
        session, record, kind=kind, key=code, audit_entity=audit_entity, old=old, actor=actor
    )
