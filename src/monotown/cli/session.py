"""Opening the configured database for a command, with a clear error if it is not ready."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from monotown import migrations
from monotown.db import get_engine, session_scope


@contextmanager
def open_session() -> Iterator[Session]:
    engine = get_engine()
    migrations.require_up_to_date(engine)
    with session_scope(engine) as session:
        yield session
