"""A very large insert into the values table, with the table's own costs paid once, in bulk.

Every secondary index and every foreign key of `indicator_value` is paid per inserted row. For an
import that is a large share of the table, the backends offer cheaper ways to the same end state,
inside the import's own transaction (a failed import still leaves nothing behind):

- SQLite: the secondary indexes are dropped before the insert and built again after it (one sort
  each instead of a million random index writes). DDL is transactional there, and readers in WAL
  mode keep reading the last committed snapshot, indexes included, until the import commits.
  The rows go in with `executemany` straight into the table, its foreign keys off for the
  import's transaction and its references checked as sets instead (`bulk_references`).
- PostgreSQL: dropping an index would take an ACCESS EXCLUSIVE lock and block every reader for
  the length of the import, so the indexes stay. What costs most there is the per-row trigger of
  each foreign key; the import has already resolved every reference, so it checks them as one
  set-based query instead (`bulk_references`), with the triggers skipped for the insert
  (`session_replication_role = replica`, which needs a superuser; without that privilege the
  triggers run as usual).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import numpy as np
import pandas as pd
from sqlalchemy import text
from sqlalchemy.orm import Session

from monotown.data.bulk import bulk_insert
from monotown.data.bulk_checks import key_order, period_codes
from monotown.data.bulk_references import check_references, foreign_keys_enforced
from monotown.data.models import IndicatorValue

VALUES_TABLE = "indicator_value"
# Below this many rows, index writes cost less than rebuilding the indexes could save.
LARGE_INSERT_ROWS = 50_000
# Every column of a value but its id (which the table gives).
VALUE_COLUMNS = tuple(
    column.name for column in IndicatorValue.__table__.columns if column.name != "id"
)
# Rows per bulk insert of the values: the Python objects of one slice at a time.
WRITE_ROWS = 100_000
# Helper threads of SQLite's sorter while the indexes are built again: one per core.
SORT_THREADS = min(os.cpu_count() or 1, 8)


def is_large(session: Session, incoming: int) -> bool:
    """True when `incoming` rows are many and at least half as many as the table holds already
    (its largest id stands in for its size: a count would read the whole table)."""
    if incoming < LARGE_INSERT_ROWS:
        return False
    stored = session.execute(text(f"SELECT MAX(id) FROM {VALUES_TABLE}")).scalar()
    return 2 * incoming >= int(stored or 0)


def _sqlite_indexes(session: Session) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the table's secondary indexes; the unique key's own index has
    no statement and stays, so duplicates are still refused row by row."""
    rows = session.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :table "
            "AND sql IS NOT NULL ORDER BY name"
        ),
        {"table": VALUES_TABLE},
    )
    return [(str(name), str(sql)) for name, sql in rows]


def _may_skip_triggers(session: Session) -> bool:
    return session.execute(text("SELECT current_setting('is_superuser')")).scalar() == "on"


@contextmanager
def large_insert(
    session: Session, incoming: int, referenced: Mapping[str, Sequence[int]]
) -> Iterator[None]:
    """Around an insert of `incoming` rows into the values table, which reference the ids in
    `referenced` (per column): the cheaper bulk path of the backend when the insert is large
    (see the module), else nothing. Where the backend checks no reference itself (SQLite without
    foreign keys, see `bulk_references`), they are checked here as sets, whatever the size."""
    if not foreign_keys_enforced(session):
        check_references(session, referenced)
    if not is_large(session, incoming):
        yield
        return
    if session.get_bind().dialect.name == "postgresql":
        if not _may_skip_triggers(session):
            yield
            return
        check_references(session, referenced)
        session.execute(text("SET LOCAL session_replication_role = replica"))
        yield
        session.execute(text("SET LOCAL session_replication_role = origin"))
        return
    indexes = _sqlite_indexes(session)
    for name, _ in indexes:
        session.execute(text(f'DROP INDEX "{name}"'))
    # The import has checked what the table's CHECK constraints say (a known flag, a period type
    # told by the period, a year within bounds); SQLite evaluates an `IN (...)` constraint at
    # about a microsecond a row, a third of the insert.
    # Both pragmas belong to the connection, not the transaction: they are set back even when
    # the insert fails, or the pooled connection would skip CHECK constraints on every later
    # write (and sort with helper threads on every later query).
    driver = session.connection().connection.driver_connection
    session.execute(text("PRAGMA ignore_check_constraints = 1"))
    try:
        yield
        # Each index is one large sort, which SQLite shares out to helper threads when allowed.
        session.execute(text(f"PRAGMA threads = {SORT_THREADS}"))
        for _, statement in indexes:
            session.execute(text(statement))
    finally:
        driver.execute("PRAGMA ignore_check_constraints = 0")  # type: ignore[union-attr]
        driver.execute("PRAGMA threads = 0")  # type: ignore[union-attr]


def write_rows(
    session: Session, rows: pd.DataFrame, batch_id: int, *, source: str, default_flag: str
) -> None:
    """Write checked good rows (row_no, col, settlement_id, indicator_id, period, value, note,
    flag, source) as new values of batch `batch_id`, in key order, in one bulk insert."""
    periods, distinct = period_codes(rows)
    order = key_order(rows, periods, ties=False)
    periods = periods[order]
    period_types = np.array(
        [{4: "year", 6: "quarter"}.get(len(period), "month") for period in distinct], dtype=object
    )
    years = np.array([int(period[:4]) for period in distinct], dtype="int64")

    def column(name: str, default: str | None = None) -> np.ndarray | str | None:
        values = rows[name]
        if values.isna().all():  # the usual case of note, flag and source: one literal
            return default
        filled = values.fillna(default) if default else values
        return np.asarray(filled.to_numpy()[order])

    frame = pd.DataFrame(
        {
            "settlement_id": rows["settlement_id"].to_numpy()[order],
            "indicator_id": rows["indicator_id"].to_numpy()[order],
            "period": distinct[periods] if len(distinct) else [],
            "period_type": period_types[periods] if len(distinct) else [],
            "year": years[periods] if len(distinct) else [],
            "value": rows["value"].to_numpy()[order],
            "flag": column("flag", default_flag),
            "source": column("source", source),
            "note": column("note"),
            "batch_id": batch_id,
        }
    )
    # Straight into the values table in key order (its unique index grows at its end): SQLite
    # `executemany`, its foreign keys off for an import (`bulk_references`; with them on it
    # would pay their set-up once a row), PostgreSQL COPY with its triggers skipped.
    for start in range(0, len(frame), WRITE_ROWS):  # bounded lists of Python objects
        bulk_insert(session, VALUES_TABLE, VALUE_COLUMNS, frame[start : start + WRITE_ROWS])
