"""Writing many rows fast: the driver's own bulk path (sqlite3 executemany, PostgreSQL COPY).

Used for provision records, which come by the hundred thousand; SQLAlchemy's per-row parameter
handling would take several seconds where the driver takes well under one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session


def insert_tuples(
    session: Session, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert `rows` (tuples in `columns` order) into `table` in the session's transaction."""
    if not rows:
        return
    session.flush()
    connection = session.connection()
    raw = connection.connection.cursor()
    names = ", ".join(columns)
    try:
        if connection.dialect.name == "postgresql":
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in columns)
            raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
    finally:
        raw.close()
