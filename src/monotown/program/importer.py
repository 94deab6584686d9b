"""Importing program records from CSV/XLSX: every row validated first, then all written or none.

Rows are matched to stored records on the entity's natural key: a new key creates a record, a known
key updates the columns the file has (absent columns keep their stored value) and an identical row
changes nothing. Every write is an audit entry holding the record's old and new export values, which
is what undo (`program.undo`) restores from. All rows of one call share one `ImportBatch`.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from monotown.errors import ImportProblems, InputError
from monotown.planner_statistics import keep_statistics
from monotown.program.entities import Entity, get_entity
from monotown.program.entities.base import StoredRecords
from monotown.program.fields import Lookups
from monotown.program.snapshots import snapshot
from monotown.program.tabular import Table, read_table
from monotown.program.touched import touched_settlements
from monotown.records import imports as records_imports
from monotown.records.kinds import Actor
from monotown.records.provenance import (
    ImportBatch,
    audit,
    current_user,
    finish_batch,
)
from monotown.registry.access import WriteScope, require_settlements

BATCH_KIND = "program"
AUDIT_PREFIX = "program."


@dataclass
class Counts:
    rows_total: int = 0
    n_new: int = 0
    n_changed: int = 0
    n_unchanged: int = 0

    def add(self, outcome: str) -> None:
        self.rows_total += 1
        setattr(self, f"n_{outcome}", getattr(self, f"n_{outcome}") + 1)


@dataclass
class ImportResult:
    """What one import did: its batch and the row counts per entity."""

    batch_id: int
    counts: dict[str, Counts] = field(default_factory=dict)

    @property
    def total(self) -> Counts:
        total = Counts()
        for counts in self.counts.values():
            total.rows_total += counts.rows_total
            total.n_new += counts.n_new
            total.n_changed += counts.n_changed
            total.n_unchanged += counts.n_unchanged
        return total

    def as_records_report(self, kind: str, file: str) -> records_imports.ImportReport:
        """The records layer's one report shape, the counts per entity in `details`."""
        total = self.total
        return records_imports.ImportReport(
            kind=kind, file=file, rows=total.rows_total, created=total.n_new,
            updated=total.n_changed, unchanged=total.n_unchanged, batch_id=self.batch_id,
            details={"entities": {name: vars(counts) for name, counts in self.counts.items()}},
        )  # fmt: skip


@dataclass(frozen=True)
class ParsedRow:
    number: int
    values: dict[str, Any]


def open_batch(
    session: Session,
    *,
    file_name: str | None,
    fmt: str | None = None,
    sha256: str | None = None,
    source: str | None = None,
    user: str | None = None,
    note: str | None = None,
) -> ImportBatch:
    """A new committed batch of kind 'program', flushed so rows can point at it."""
    batch = ImportBatch(
        kind=BATCH_KIND,
        file_name=file_name,
        sha256=sha256,
        format=fmt,
        source=source,
        user=user or current_user(),
        note=note,
        status="committed",
    )
    session.add(batch)
    session.flush()
    return batch


def close_batch(session: Session, batch: ImportBatch, result: ImportResult, origin: str) -> None:
    total = result.total
    batch.rows_total = total.rows_total
    batch.n_new = total.n_new
    batch.n_changed = total.n_changed
    batch.n_unchanged = total.n_unchanged
    finish_batch(
        session,
        batch,
        user=batch.user,
        origin=origin,
        summary={name: vars(counts) for name, counts in result.counts.items()},
        note=batch.note,
    )
    session.flush()


def import_file(
    session: Session,
    entity_name: str,
    path: Path,
    *,
    user: str | None = None,
    source: str | None = None,
    origin: str = "import",
    today: dt.date | None = None,
) -> ImportResult:
    """Validate every row of `path` and store them all in one batch, or raise and store nothing."""
    entity = get_entity(entity_name)
    table = read_table(path, sheet=entity.name)
    return import_tables(
        session,
        [(entity, table)],
        user=user,
        source=source,
        origin=origin,
        today=today,
        note=f"{entity.name} from {table.file_name}",
        fingerprint=(table.file_name, table.format, table.sha256),
    )


def import_tables(
    session: Session,
    tables: Sequence[tuple[Entity, Table]],
    *,
    user: str | None = None,
    source: str | None = None,
    origin: str = "import",
    today: dt.date | None = None,
    note: str | None = None,
    fingerprint: tuple[str, str, str] | None = None,
    scope: WriteScope | None = None,
) -> ImportResult:
    """Import several tables (in the order given) as one batch; all of them or nothing.

    `scope` (a regional editor) must cover every settlement the rows write to."""
    today = today or dt.date.today()
    lookups = Lookups(session)
    writer: _Writer | None = None
    result: ImportResult | None = None
    batch: ImportBatch | None = None
    for entity, table in tables:
        parsed = parse_table(session, entity, table, lookups)
        if scope is not None and scope.region_scoped:
            touched = touched_settlements(session, entity, [row.values for row in parsed])
            require_settlements(session, scope, touched, f"'{table.file_name}'")
        if batch is None:
            file_name, fmt, digest = fingerprint or (table.file_name, table.format, None)
            batch = open_batch(
                session,
                file_name=file_name,
                fmt=fmt,
                sha256=digest,
                source=source,
                user=user,
                note=note,
            )
            result = ImportResult(batch.id)
            writer = _Writer(session, batch, lookups, origin=origin, today=today)
        assert writer is not None and result is not None
        counts = result.counts.setdefault(entity.name, Counts())
        for row in parsed:
            counts.add(writer.upsert(entity, row.values))
    if batch is None or result is None:
        raise InputError("nothing to import")
    session.flush()
    close_batch(session, batch, result, origin)
    keep_statistics(session)  # in the import's transaction: they commit with its rows
    return result


def parse_table(
    session: Session, entity: Entity, table: Table, lookups: Lookups
) -> list[ParsedRow]:
    """Every row of `table` as stored values, or ImportProblems listing every bad cell and row."""
    _check_header(entity, table)
    existing = entity.by_key(session)
    problems: list[InputError] = []
    parsed: list[ParsedRow] = []
    seen: dict[tuple[Any, ...], int] = {}
    for number, cells in table.rows:
        values, row_problems = _parse_cells(entity, cells, lookups, table.file_name, number)
        problems += row_problems
        if row_problems:
            continue
        key = entity.key_of(values)
        if key in seen:
            problems.append(
                InputError(
                    f"repeats the key ({', '.join(entity.key)}) of row {seen[key]}",
                    file=table.file_name,
                    row=number,
                )
            )
            continue
        seen[key] = number
        record = existing.get(key)
        merged = entity.read(record) if record is not None else _defaults(entity)
        merged.update(values)
        for column_name, reason in entity.validate(merged):
            shown = cells.get(column_name, "")
            problems.append(
                InputError(reason, file=table.file_name, row=number, field=column_name, value=shown)
            )
        parsed.append(ParsedRow(number, values))
    if problems:
        raise ImportProblems(problems, file=table.file_name)
    return parsed


def _check_header(entity: Entity, table: Table) -> None:
    known = entity.column_names
    problems: list[InputError] = []
    for name in table.header:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                InputError(
                    f"unknown column '{name}'{hint}; {entity.name} files have the columns "
                    f"{', '.join(known)}",
                    file=table.file_name,
                    row=1,
                )
            )
    if len(set(table.header)) != len(table.header):
        problems.append(InputError("names a column twice", file=table.file_name, row=1))
    for name in entity.required_columns:
        if name not in table.header:
            problems.append(
                InputError(f"missing required column '{name}'", file=table.file_name, row=1)
            )
    if problems:
        raise ImportProblems(problems, file=table.file_name)


def _parse_cells(
    entity: Entity, cells: dict[str, str], lookups: Lookups, file_name: str, number: int
) -> tuple[dict[str, Any], list[InputError]]:
    values: dict[str, Any] = {}
    problems: list[InputError] = []
    for column in entity.columns:
        if column.name not in cells:
            continue
        text = cells[column.name]
        if not text and column.required:
            problems.append(
                InputError("is required", file=file_name, row=number, field=column.name, value="")
            )
            continue
        try:
            value = column.parse(text, lookups)
        except ValueError as error:
            problems.append(
                InputError(str(error), file=file_name, row=number, field=column.name, value=text)
            )
            continue
        values[column.name] = column.default if value is None else value
    return values, problems


def _defaults(entity: Entity) -> dict[str, Any]:
    return {column.name: column.default for column in entity.columns}


class _Writer:
    """Writes parsed rows of one batch, auditing every record it creates or changes."""

    def __init__(
        self,
        session: Session,
        batch: ImportBatch,
        lookups: Lookups,
        *,
        origin: str,
        today: dt.date,
    ) -> None:
        self.session = session
        self.batch = batch
        self.lookups = lookups
        self.origin = origin
        self.today = today
        self._stored = StoredRecords(session)

    def upsert(self, entity: Entity, values: dict[str, Any]) -> str:
        """Create or update one record (and what it implies); 'new', 'changed' or 'unchanged'."""
        index = self._stored.of(entity)
        key = entity.key_of(values)
        record = index.get(key)
        old: dict[str, Any] | None = None
        if record is None:
            outcome = "new"
            record = entity.new_record()
            entity.write(self.session, record, {**_defaults(entity), **values})
            self.session.add(record)
        else:
            current = entity.read(record)
            stored = [c.name for c in entity.columns if c.stored and c.name in values]
            if all(current[name] == values[name] for name in stored):
                outcome = "unchanged"
            else:
                outcome = "changed"
                old = self._snapshot(entity, record)
                entity.write(self.session, record, values)
        before = None
        if outcome == "unchanged" and entity.has_dependents:
            before = self._snapshot(entity, record)
        if outcome != "unchanged":
            # Not flushed here: rows are inserted together when the session next flushes.
            record.batch_id = self.batch.id
            index[key] = record
            entity.remember(self.lookups, record)
            self._audit(entity, old, self._snapshot(entity, record))
        if not entity.has_dependents:
            return outcome
        self.session.flush()  # the implied rows refer to this record's id
        implied = [
            self.upsert(get_entity(dependent.entity), dependent.values)
            for dependent in entity.dependents(record, values, self.today)
        ]
        if any(result != "unchanged" for result in implied):
            self.session.flush()
            self.session.expire(record)
            if before is not None:
                outcome = "changed"
                self._audit(entity, before, self._snapshot(entity, record))
        return outcome

    def _snapshot(self, entity: Entity, record: Any) -> dict[str, Any]:
        return snapshot(entity, record, self.lookups)

    def _audit(self, entity: Entity, old: dict[str, Any] | None, new: dict[str, Any]) -> None:
        audit(
            self.session, Actor(self.batch.user, self.origin),
            "create" if old is None else "update", AUDIT_PREFIX + entity.name,
            entity.key_text(new), old=old, new=new, batch_id=self.batch.id,
        )  # fmt: skip
