"""A very large insert into the values table, with the table's own costs paid once, in bulk.

Every secondary index and every foreign key of `indicator_value` is paid per inserted row. For an
import that is a large share of the table, the backends offer cheaper ways to the same end state,
inside the import's own transaction (a failed import still leaves nothing behind):

- SQLite: the secondary indexes are dropped before the insert and built again after it (one sort
  each instead of a million random index writes). DDL is transactional there, and readers in WAL
  mode keep reading the last committed snapshot, indexes included, until the import commits.
- PostgreSQL: dropping an index would take an ACCESS EXCLUSIVE lock and block every reader for
  the length of the import, so the indexes stay. What costs most there is the per-row trigger of
  each foreign key; the import has already resolved every reference, so it checks them as one
  set-based query instead (locking the referenced rows `FOR KEY SHARE`, as the triggers would),
  with the triggers skipped for the insert (`session_replication_role = replica`, which needs a
  superuser; without that privilege the triggers run as usual).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session

from monotown.errors import ConflictError

VALUES_TABLE = "indicator_value"
# Below this many rows, index writes cost less than rebuilding the indexes could save.
LARGE_INSERT_ROWS = 50_000
# The references of the values table, checked in bulk on PostgreSQL: (column, parent table).
REFERENCES = (("settlement_id", "settlement"), ("indicator_id", "indicator"))


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


def check_references(session: Session, staged: str) -> None:
    """Every parent row the staged good rows name exists, locked against deletion until commit."""
    for column, parent in REFERENCES:
        wanted = f"SELECT DISTINCT {column} FROM {staged} WHERE bad = 0"
        needed = session.execute(text(f"SELECT COUNT(*) FROM ({wanted}) w")).scalar_one()
        found = session.execute(
            text(
                f"SELECT COUNT(*) FROM (SELECT p.id FROM {parent} p WHERE p.id IN ({wanted}) "
                "FOR KEY SHARE) f"
            )
        ).scalar_one()
        if found != needed:
            raise ConflictError(
                f"a {parent} this import writes to was deleted while it ran; nothing was "
                "written, run the import again"
            )


@contextmanager
def large_insert(session: Session, staged: str, incoming: int) -> Iterator[None]:
    """Around an insert of `incoming` rows from the table `staged` into the values table: the
    cheaper bulk path of the backend when the insert is large (see the module), else nothing."""
    if not is_large(session, incoming):
        yield
        return
    if session.get_bind().dialect.name == "postgresql":
        if not _may_skip_triggers(session):
            yield
            return
        check_references(session, staged)
        session.execute(text("SET LOCAL session_replication_role = replica"))
        yield
        session.execute(text("SET LOCAL session_replication_role = origin"))
        return
    indexes = _sqlite_indexes(session)
    for name, _ in indexes:
        session.execute(text(f'DROP INDEX "{name}"'))
    yield
    for _, statement in indexes:
        session.execute(text(statement))
