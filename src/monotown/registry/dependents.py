"""A settlement's own records (population, list membership, town figures, town-forming links with
their yearly shares): counted before a deletion, kept for its undo, put back exactly.

The database would delete them with the settlement (ON DELETE CASCADE); a deletion first keeps
them here, keyed by codes and keys (source, enterprise) rather than ids, which die with the rows
and could point elsewhere later, and in JSON types (dates as ISO text), to be stored in the
deletion's audit entry.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.errors import ConflictError
from monotown.registry.models import (
    DataSource,
    Enterprise,
    MonotownStatus,
    PopulationRecord,
    TownFigure,
    TownFormingLink,
    TownFormingShare,
)

# What each kind is called in a message, and the model whose rows hang off the settlement.
DEPENDENTS: dict[str, tuple[str, type[Any]]] = {
    "populations": ("population record(s)", PopulationRecord),
    "statuses": ("monotown list status record(s)", MonotownStatus),
    "figures": ("town figure(s)", TownFigure),
    "links": ("town-forming enterprise link(s)", TownFormingLink),
}
_SKIPPED = {"id", "settlement_id", "link_id"}


def count_dependents(session: Session, settlement_id: int) -> dict[str, int]:
    """How many records of each kind the settlement has (kinds with none left out)."""
    counts = {}
    for kind, (_, model) in DEPENDENTS.items():
        query = select(func.count()).select_from(model).where(model.settlement_id == settlement_id)
        found = int(session.scalar(query) or 0)
        if found:
            counts[kind] = found
    return counts


def describe_counts(counts: dict[str, int]) -> str:
    """'3 population record(s) and 2 monotown list status record(s)'."""
    parts = [f"{count} {DEPENDENTS[kind][0]}" for kind, count in counts.items()]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _row(session: Session, row: Any, keys: dict[int, str]) -> dict[str, Any]:
    """A row's columns by name, ids replaced by keys, in JSON types."""
    kept: dict[str, Any] = {}
    for column in row.__table__.columns:
        if column.name in _SKIPPED:
            continue
        value = getattr(row, column.key)
        if column.name == "source_id":
            kept["source"] = keys[value] if value is not None else None
        elif column.name == "enterprise_id":
            kept["enterprise"] = session.scalar(
                select(Enterprise.key).where(Enterprise.id == value)
            )
        else:
            kept[column.key] = _plain(value)
    return kept


def keep_dependents(session: Session, settlement_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every record of the settlement, as `restore_dependents` takes them back."""
    keys = {
        source_id: key for source_id, key in session.execute(select(DataSource.id, DataSource.key))
    }
    kept: dict[str, list[dict[str, Any]]] = {}
    for kind, (_, model) in DEPENDENTS.items():
        rows = session.scalars(
            select(model).where(model.settlement_id == settlement_id).order_by(model.id)
        ).all()
        kept[kind] = []
        for row in rows:
            item = _row(session, row, keys)
            if isinstance(row, TownFormingLink):
                item["shares"] = [_row(session, share, keys) for share in row.shares]
            kept[kind].append(item)
            session.expunge(row)  # the database deletes it with the settlement
    return kept


def _typed(model: type[Any], item: dict[str, Any], ids: dict[str, dict[str, int]]) -> Any:
    """A model instance from a kept row: keys back to ids, ISO text back to dates."""
    values: dict[str, Any] = {}
    for name, value in item.items():
        if name == "source":
            values["source_id"] = _id(ids["sources"], value, "source")
        elif name == "enterprise":
            values["enterprise_id"] = _id(ids["enterprises"], value, "enterprise")
        elif name != "shares":
            column = model.__table__.columns[name]
            is_date = isinstance(value, str) and column.type.python_type is dt.date
            values[name] = dt.date.fromisoformat(value) if is_date else value
    return model(**values)


def _id(known: dict[str, int], key: str | None, what: str) -> int | None:
    if key is None:
        return None
    if key not in known:
        raise ConflictError(f"cannot undo the deletion: the {what} '{key}' no longer exists")
    return known[key]


def restore_dependents(
    session: Session, settlement_id: int, kept: dict[str, list[dict[str, Any]]]
) -> int:
    """Put the kept records back on the (re-created) settlement; how many rows."""
    ids = {
        name: {key: id_ for key, id_ in session.execute(select(model.key, model.id))}
        for name, model in (("sources", DataSource), ("enterprises", Enterprise))
    }
    restored = 0
    for kind, (_, model) in DEPENDENTS.items():
        for item in kept.get(kind, []):
            row = _typed(model, item, ids)
            row.settlement_id = settlement_id
            if isinstance(row, TownFormingLink):
                row.shares = [_typed(TownFormingShare, share, ids) for share in item["shares"]]
                restored += len(row.shares)
            session.add(row)
            restored += 1
    session.flush()
    return restored
