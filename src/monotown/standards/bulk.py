"""Writing many rows fast: the driver's own bulk path (sqlite3 executemany, PostgreSQL COPY).

Used for provision records, which come by the hundred thousand; SQLAlchemy's per-row parameter
handling would take several seconds where the driver takes well under one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.orm import Session


def without_secondary_indexes(session: Session, table: str) -> list[str]:
    """On SQLite, drop `table`'s plain indexes (returning their DDL to recreate them): building an
    index once after a bulk insert is several times faster than maintaining it row by row."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return []
    rows = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL",
        (table,),
    ).all()
    for name, _sql in rows:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    return [str(sql) for _name, sql in rows]


def recreate_indexes(session: Session, statements: list[str]) -> None:
    for statement in statements:
        session.connection().exec_driver_sql(statement)


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


CHUNK = 5_000


def insert_rows(session: Session, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Insert dict rows through SQLAlchemy in chunks (one multi-row statement per chunk)."""
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(table), list(rows[start : start + CHUNK]))


def advance_sequence(session: Session, table: str) -> None:
    """Rows inserted with explicit ids leave PostgreSQL's id sequence behind; move it past them."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        )
