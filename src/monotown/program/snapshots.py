"""A program record's audit snapshot and its way back: what undo restores a record from.

Kept apart from the importer because undo and the API read snapshots too.
"""

from __future__ import annotations

from typing import Any

from monotown.program.entities import Entity
from monotown.program.entities.base import town_render, towns_render
from monotown.program.fields import Lookups

TOWN_CODES = "_town_codes"


def snapshot(entity: Entity, record: Any, lookups: Lookups) -> dict[str, Any]:
    """A record's audit snapshot: its export values, the batch that wrote it, and the codes of
    the towns it names (a name can become ambiguous later; a code cannot)."""
    stored = entity.read(record)
    codes: dict[str, Any] = {}
    for column in entity.columns:
        value = stored.get(column.name)
        if column.render is town_render and value is not None:
            codes[column.name] = lookups.town_code(value)
        elif column.render is towns_render and value:
            codes[column.name] = [lookups.town_code(item) for item in value]
    row = {**entity.export_row(record, lookups), "_batch_id": record.batch_id}
    if codes:
        row[TOWN_CODES] = codes
    return row


def parse_snapshot(entity: Entity, row: dict[str, Any], lookups: Lookups) -> dict[str, Any]:
    """Stored values from an export row (an audit snapshot); used by undo to restore a record.

    Towns are found by the codes the snapshot kept, when it kept them (older snapshots hold
    names only)."""
    from monotown.program.fields import to_text

    kept = row.get(TOWN_CODES)
    codes: dict[str, Any] = kept if isinstance(kept, dict) else {}
    values: dict[str, Any] = {}
    for column in entity.columns:
        if column.name not in row:
            continue
        code = codes.get(column.name)
        if isinstance(code, str):
            values[column.name] = lookups.town_by_code(code)
        elif isinstance(code, list):
            values[column.name] = [lookups.town_by_code(str(item)) for item in code]
        else:
            value = column.parse(to_text(row[column.name]), lookups)
            values[column.name] = column.default if value is None else value
    return values
