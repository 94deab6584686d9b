"""Opening the configured database for a command, with a clear error if it is not ready."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from monotown import migrations
from monotown.db import get_engine, has_schema, session_scope
from monotown.errors import DatabaseNotReadyError


@contextmanager
def open_session() -> Iterator[Session]:
    engine = get_engine()
    if not has_schema(engine):
        raise DatabaseNotReadyError(
            f"the database at {engine.url.render_as_string(hide_password=True)} has no tables; "
            "run 'monotown db upgrade' first"
        )
    if not migrations.is_up_to_date(engine):
        raise DatabaseNotReadyError(
            f"the database at {engine.url.render_as_string(hide_password=True)} is on an older "
            "schema; run 'monotown db upgrade' first"
        )
    with session_scope(engine) as session:
        yield session
