"""Exporting program records to the same CSV/XLSX layout the importer reads.

Exporting and importing the file again changes nothing: every cell is written as the text its
column's parser turns back into the stored value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from monotown.program.entities import get_entity
from monotown.program.fields import Lookups
from monotown.program.tabular import write_table


def export_rows(session: Session, entity_name: str) -> list[dict[str, Any]]:
    """Every stored record of an entity as export values (JSON-able), in export order."""
    entity = get_entity(entity_name)
    lookups = Lookups(session)
    return [entity.export_row(record, lookups) for record in entity.records(session)]


def export_file(session: Session, entity_name: str, path: Path) -> int:
    """Write every record of an entity to `path` (.csv or .xlsx); returns the number of rows."""
    entity = get_entity(entity_name)
    rows = export_rows(session, entity.name)
    return write_table(path, entity.column_names, rows, sheet=entity.name)
