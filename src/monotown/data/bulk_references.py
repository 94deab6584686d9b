"""The references of an import's values checked once, as sets, instead of row by row.

A foreign key costs every inserted row a look-up of its parent (and, on SQLite, a set-up of that
look-up per `executemany` row). An import has resolved every settlement and indicator it writes
already, so it checks those ids as one query per parent table and has the backend skip its own
per-row checks:

- SQLite: `PRAGMA foreign_keys` can only change outside a transaction (inside one it is a
  no-op), so an import asks for it when it begins its transaction (`begin_without_foreign_keys`):
  the pragma is set on the connection as it leaves the pool, before its BEGIN, and set back
  when it returns to the pool, after the commit or rollback, whatever happened. Every write of that
  transaction then relies on `check_references` (the import writes nothing else that refers to
  rows it did not just create). The write lock is held from BEGIN IMMEDIATE to the commit, so no
  parent can be deleted between the check and the commit.
- PostgreSQL: the triggers are skipped for the insert (`session_replication_role`, see
  `bulk_write`), and the check locks the parents `FOR KEY SHARE`, as the triggers would.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from monotown.errors import ConflictError

# The references of the values table: (column, parent table).
REFERENCES = (("settlement_id", "settlement"), ("indicator_id", "indicator"))
# Set while an import's session checks its connection out of the pool (the one moment before
# its BEGIN that is certain), and the mark the connection carries until it is set back.
_asking: ContextVar[bool] = ContextVar("monotown_without_foreign_keys", default=False)
WITHOUT_FOREIGN_KEYS = "monotown_without_foreign_keys"


def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    if _asking.get():
        dbapi_connection.execute("PRAGMA foreign_keys = OFF")
        record.info[WITHOUT_FOREIGN_KEYS] = True


def _on_checkin(dbapi_connection: Any, record: Any) -> None:
    """Back in the pool (after its commit or rollback): foreign keys on again."""
    if record is not None and record.info.pop(WITHOUT_FOREIGN_KEYS, False):
        dbapi_connection.execute("PRAGMA foreign_keys = ON")


def begin_without_foreign_keys(session: Session) -> None:
    """Begin the session's transaction with SQLite's foreign keys off (see the module). Nothing
    happens on PostgreSQL or when the session has begun already (then they stay on)."""
    bind = session.get_bind()
    if session.in_transaction() or not isinstance(bind, Engine) or bind.dialect.name != "sqlite":
        return
    for name, listener in (("checkout", _on_checkout), ("checkin", _on_checkin)):
        if not event.contains(bind.pool, name, listener):
            event.listen(bind.pool, name, listener)
    asked = _asking.set(True)
    try:
        session.connection()  # checks a connection out, then begins
    finally:
        _asking.reset(asked)


def foreign_keys_enforced(session: Session) -> bool:
    """Whether the backend checks the values' references row by row in this transaction."""
    if session.get_bind().dialect.name != "sqlite":
        return True
    return bool(session.execute(text("PRAGMA foreign_keys")).scalar())


def _deleted(parent: str) -> ConflictError:
    return ConflictError(
        f"a {parent} this import writes to was deleted while it ran; nothing was "
        "written, run the import again"
    )


def check_references(session: Session, referenced: Mapping[str, Sequence[int]]) -> None:
    """Every parent row the good rows name exists (on PostgreSQL locked against deletion until
    commit). `referenced`: the distinct ids per reference column (see REFERENCES)."""
    postgresql = session.get_bind().dialect.name == "postgresql"
    for column, parent in REFERENCES:
        ids = [int(x) for x in referenced.get(column, ())]
        if not ids:
            continue
        if postgresql:
            query = (
                f"SELECT COUNT(*) FROM (SELECT p.id FROM {parent} p WHERE p.id = ANY(:ids) "
                "FOR KEY SHARE) f"
            )
            found = session.execute(text(query), {"ids": ids}).scalar_one()
        else:
            query = f"SELECT COUNT(*) FROM {parent} WHERE id IN (SELECT value FROM json_each(:ids))"
            found = session.execute(text(query), {"ids": json.dumps(ids)}).scalar_one()
        if found != len(ids):
            raise _deleted(parent)
