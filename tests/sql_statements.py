"""The SQL an engine runs inside a block, for tests that pin how many round trips a read takes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """Every statement `engine` sends inside the block, in order."""
    seen: list[str] = []

    def note(_connection: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(statement)

    with ExitStack() as undo:
        event.listen(engine, "before_cursor_execute", note)
        undo.callback(event.remove, engine, "before_cursor_execute", note)
        yield seen
