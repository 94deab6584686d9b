"""Moving many rows into the database fast, the way each backend does it best.

SQLite gets `executemany` with the fewest bound values possible and, for the length of an import,
a large page cache and in-memory temporary tables; PostgreSQL gets `COPY` and enough working
memory to sort and hash a million staged rows without spilling to disk.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any, cast

import pandas as pd
from sqlalchemy import text
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

# 256 MiB of page cache and in-memory temporary tables: a million-row import then barely touches
# the disk before the commit. Peak memory stays well under 1 GiB.
SQLITE_IMPORT_PRAGMAS = {"cache_size": -262_144, "temp_store": 2}


# PostgreSQL: room to sort and hash a million staged rows in memory, and to keep the temporary
# tables in memory (temp_buffers only takes effect before a session's first temporary table).
POSTGRES_IMPORT_SETTINGS = (
    "SET LOCAL work_mem = '128MB'",
    "SET LOCAL maintenance_work_mem = '256MB'",
    "SET temp_buffers = '256MB'",
)


def affected(result: Any) -> int:
    """Rows an INSERT/UPDATE/DELETE touched (typed access to the DBAPI rowcount)."""
    return int(cast(CursorResult[Any], result).rowcount)


def _literal(series: pd.Series) -> str | None:
    """The SQL literal of a column that holds one integer, one text or only NULLs, else None."""
    if series.isna().all():
        return "NULL"
    if pd.api.types.is_integer_dtype(series.dtype) and series.min() == series.max():
        return str(int(series.iloc[0]))
    if series.dtype == object and series.notna().all():
        first = series.iloc[0]
        if isinstance(first, str) and "\x00" not in first and (series == first).all():
            return "'" + first.replace("'", "''") + "'"
    return None


def _csv_texts(series: pd.Series) -> Iterable[str]:
    """The CSV field of each cell: NULL as nothing, text always quoted (so '' stays a text)."""
    if series.isna().all():
        return itertools.repeat("", len(series))
    if pd.api.types.is_integer_dtype(series.dtype):
        return map(str, series.tolist())
    if pd.api.types.is_float_dtype(series.dtype):
        return ("" if value != value else repr(value) for value in series.tolist())
    # Texts repeat (periods, flags, sources): each distinct one is quoted once.
    codes, distinct = pd.factorize(series)
    quoted = ['"' + str(text).replace('"', '""') + '"' for text in distinct]
    return map([*quoted, ""].__getitem__, codes.tolist())


def csv_payload(frame: pd.DataFrame, columns: tuple[str, ...]) -> str:
    """The frame's `columns` as CSV rows for PostgreSQL's COPY (a third of pandas' to_csv)."""
    fields = [_csv_texts(frame[column]) for column in columns]
    return "".join(f"{line}\n" for line in map(",".join, zip(*fields, strict=True)))


def _raw(session: Session) -> Any:
    return session.connection().connection.driver_connection


def bulk_insert(
    session: Session, table: str, columns: tuple[str, ...], frame: pd.DataFrame
) -> None:
    """Append the frame's `columns` to `table` in one round trip (COPY or executemany)."""
    if frame.empty:
        return
    raw = _raw(session)
    names = ", ".join(columns)
    if session.get_bind().dialect.name == "postgresql":
        payload = csv_payload(frame, columns)
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT csv)") as copy,
        ):
            copy.write(payload)
        return
    # Columns that hold one integer, one text or only NULLs in this chunk go into the statement
    # as literals: fewer Python objects to build and bind is most of the cost here.
    lists, marks = [], []
    for column in columns:
        series = frame[column]
        literal = _literal(series)
        if literal is not None:
            marks.append(literal)
        elif series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            lists.append(series.astype(object).where(series.notna(), None).tolist())
            marks.append("?")
        else:
            lists.append(series.tolist())
            marks.append("?")
    raw.executemany(
        f"INSERT INTO {table} ({names}) VALUES ({', '.join(marks)})", zip(*lists, strict=True)
    )


class ImportSettings:
    """Backend settings for the length of one import; `restore` undoes what can be undone."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.saved: dict[str, Any] = {}
        if session.get_bind().dialect.name == "postgresql":
            for setting in POSTGRES_IMPORT_SETTINGS:
                session.execute(text(setting))
            return
        raw = _raw(session)
        for name, value in SQLITE_IMPORT_PRAGMAS.items():
            # SQLite refuses to move temporary storage inside a transaction; it then stays put.
            if name == "temp_store" and raw.in_transaction:
                continue
            self.saved[name] = session.execute(text(f"PRAGMA {name}")).scalar()
            session.execute(text(f"PRAGMA {name} = {int(value)}"))

    def restore(self) -> None:
        """Put the page cache back; in-memory temporary storage is left (it cannot move inside
        a transaction, and it only speeds up later imports on this connection)."""
        for name, value in self.saved.items():
            if name != "temp_store":
                self.session.execute(text(f"PRAGMA {name} = {int(value)}"))
