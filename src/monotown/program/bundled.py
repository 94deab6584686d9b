"""The real program data shipped in `resources/program/`: headline facts, programs and plans,
targets, directives and the one industrial zone the sources name. Loaded through the importer,
so it gets a batch, audit entries and undo.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from monotown.program.entities import get_entity
from monotown.program.importer import ImportResult, import_tables
from monotown.program.models import ProgramFact
from monotown.program.tabular import Table, table_from_bytes

PROGRAM_RESOURCES = "monotown.resources.program"
FACTS_FILE = "program_facts.csv"
FACTS_SOURCE = "program_facts.csv: figures stated at government sessions (see resources/program)"
# Facts, plans and targets stand alone; directives and zones refer only to registry towns.
BUNDLED_FILES = (
    ("facts", FACTS_FILE),
    ("plans", "plans.csv"),
    ("targets", "targets.csv"),
    ("directives", "directives.csv"),
    ("zones", "zones.csv"),
)


def read_bundled_table(file_name: str) -> Table:
    """One bundled CSV as a table (its name shown as program/<file> in messages)."""
    data = resources.files(PROGRAM_RESOURCES).joinpath(file_name).read_bytes()
    return table_from_bytes(data, f"program/{file_name}", "csv")


def _with_source(table: Table, source: str) -> Table:
    rows = [
        (number, {**cells, "source": cells.get("source") or source}) for number, cells in table.rows
    ]
    header = table.header if "source" in table.header else [*table.header, "source"]
    return Table(table.file_name, table.format, table.sha256, header, rows)


def load_facts(
    session: Session, *, user: str | None = None, today: dt.date | None = None
) -> ImportResult:
    """Insert or update the bundled real records in one batch (loading twice changes nothing)."""
    tables = []
    for entity_name, file_name in BUNDLED_FILES:
        table = read_bundled_table(file_name)
        if file_name == FACTS_FILE:
            table = _with_source(table, FACTS_SOURCE)
        tables.append((get_entity(entity_name), table))
    return import_tables(
        session,
        tables,
        user=user or "monotown",
        source="bundled program data (resources/program)",
        origin="system",
        today=today,
        note="bundled program facts, plans, targets, directives and zones",
        fingerprint=("resources/program", "csv", ""),
    )


def facts_loaded(session: Session) -> bool:
    """True once any program fact is stored (the bundled load has run or facts were imported)."""
    return bool(session.scalar(select(exists().where(ProgramFact.id.is_not(None)))))
