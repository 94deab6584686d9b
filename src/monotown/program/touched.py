"""The settlements a program import would write to, from its rows after names were resolved.

A record names its town directly (`town`), in a list (`towns`) or through its project; a record
that names none is program-wide. The stored record a row changes counts as well, so a change can
neither take another region's record nor move one into another region unseen.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.program.entities import Entity
from monotown.program.models import Project


def _settlements_of(session: Session, values: dict[str, Any]) -> set[int] | None:
    found: set[int] = set()
    if isinstance(values.get("town"), int):
        found.add(values["town"])
    if isinstance(values.get("towns"), list):
        found |= {town for town in values["towns"] if isinstance(town, int)}
    if not found and isinstance(values.get("project"), int):
        town = session.scalar(select(Project.settlement_id).where(Project.id == values["project"]))
        if town is not None:
            found.add(town)
    return found or None


def touched_settlements(
    session: Session, entity: Entity, rows: Iterable[dict[str, Any]]
) -> set[int] | None:
    """Settlement ids the rows (and the stored records they change) belong to; None if any of
    them belongs to no settlement."""
    stored = entity.by_key(session)
    touched: set[int] = set()
    for values in rows:
        record = stored.get(entity.key_of(values))
        candidates = [values] if record is None else [entity.read(record), values]
        merged: set[int] = set()
        for candidate in candidates:
            merged |= _settlements_of(session, candidate) or set()
        if not merged:
            return None
        touched |= merged
    return touched
