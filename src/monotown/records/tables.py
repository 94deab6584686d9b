"""What the loaders ask of a whole stored table, asked one way (a loader that fills a table only
once, such as the bundled registry, catalogs or territorial tree, first checks it is empty)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session


def table_is_empty(session: Session, model: type[Any]) -> bool:
    """Whether the table of the mapped class `model` holds no row."""
    return not session.scalar(select(func.count()).select_from(model))
