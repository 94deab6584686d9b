"""An undoable batch for imports whose writer keeps no batch of its own (the indicator catalog,
the responsible bodies, the registry's settlements and enterprises).

`snapshot_batch` reads every row of the tables the import may touch before and after it runs, and
keeps in the audit log (entity `records.import`, under a new batch of kind 'records.import') the
keys of the rows it created and the former values of the rows it changed or removed. Undoing the
batch (`undo_snapshot`) removes the created rows, puts the changed ones back as they were and
re-inserts the removed ones; it is refused when one of those rows was changed since. Meant for
reference tables of hundreds or thousands of rows: it reads them whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monotown.db import Base
from monotown.errors import ConflictError
from monotown.records.deletion import TableLike, _from_json, _to_json, table_of
from monotown.records.kinds import Actor
from monotown.records.provenance import ImportBatch, audit, batch_entries, finish_batch

BATCH_KIND = "records.import"
SNAPSHOT_ENTITY = "records.import"
T = TypeVar("T")
Rows = dict[tuple[Any, ...], dict[str, Any]]


def _stored(session: Session, table: Table) -> Rows:
    keys = [column.name for column in table.primary_key.columns]
    rows: Rows = {}
    for row in session.execute(select(table)).mappings():
        encoded = {name: _to_json(value) for name, value in row.items()}
        rows[tuple(encoded[name] for name in keys)] = encoded
    return rows


def _difference(table: Table, before: Rows, after: Rows) -> dict[str, Any] | None:
    created = [after[key] for key in after if key not in before]
    updated = [before[key] for key in after if key in before and after[key] != before[key]]
    removed = [before[key] for key in before if key not in after]
    if not (created or updated or removed):
        return None
    now = [after[key] for key in after if key not in before or after[key] != before[key]]
    return {"table": table.name, "created": created, "updated": updated, "removed": removed,
            "after": now}  # fmt: skip


def snapshot_batch(
    session: Session,
    tables: Sequence[TableLike],
    write: Callable[[], T],
    *,
    kind: str,
    file_name: str,
    actor: Actor,
) -> tuple[T, int | None]:
    """Run `write()` and keep what it changed in `tables` (parents first) as one undoable batch;
    returns its result and the batch id (None when nothing changed)."""
    chosen = [table_of(table) for table in tables]
    before = {table.name: _stored(session, table) for table in chosen}
    result = write()
    session.flush()
    changes = [
        change
        for table in chosen
        if (change := _difference(table, before[table.name], _stored(session, table)))
    ]
    if not changes:
        return result, None
    batch = ImportBatch(
        kind=BATCH_KIND, file_name=file_name, format=kind, user=actor.user, status="committed",
        rows_total=sum(len(change["after"]) + len(change["removed"]) for change in changes),
        n_new=sum(len(change["created"]) for change in changes),
        n_changed=sum(len(change["updated"]) for change in changes),
    )  # fmt: skip
    session.add(batch)
    session.flush()
    for change in changes:
        audit(
            session,
            actor,
            "import",
            SNAPSHOT_ENTITY,
            change["table"],
            old=change,
            batch_id=batch.id,
        )
    finish_batch(
        session, batch, user=actor.user, origin=actor.origin,
        summary={"kind": kind, "file": file_name, "new": batch.n_new, "changed": batch.n_changed},
    )  # fmt: skip
    session.flush()
    return result, batch.id


def _decoded(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{name: _from_json(value) for name, value in row.items()} for row in rows]


def _match(table: Table, row: dict[str, Any]) -> list[Any]:
    return [column == row[column.name] for column in table.primary_key.columns]


def undo_snapshot(session: Session, batch: ImportBatch) -> None:
    """Put the tables back as they were before the batch (see the module docstring)."""
    changes = [
        (Base.metadata.tables[change["table"]], change)
        for change in (
            dict(entry.old or {}) for entry in batch_entries(session, batch.id, SNAPSHOT_ENTITY)
        )
    ]
    for table, change in changes:
        current = _stored(session, table)
        keys = [column.name for column in table.primary_key.columns]
        for row in change["after"]:
            if current.get(tuple(row[name] for name in keys)) != row:
                raise ConflictError(
                    f"cannot undo batch {batch.id}: records of {table.name} it wrote were "
                    "changed since; undo those changes first"
                )
    try:
        with session.begin_nested():
            for table, change in changes:  # children first: the tables came parents first
                for row in _decoded(change["created"]):
                    session.execute(delete(table).where(*_match(table, row)))
            for table, change in reversed(changes):
                for row in _decoded(change["updated"]):
                    session.execute(update(table).where(*_match(table, row)).values(row))
                if change["removed"]:
                    session.execute(insert(table), _decoded(change["removed"]))
    except IntegrityError:
        raise ConflictError(
            f"cannot undo batch {batch.id}: other records now refer to the records it created; "
            "delete those first"
        ) from None
    session.expire_all()
