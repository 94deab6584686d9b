"""Registry lookups shared by the many program summaries of one report.

Every summary loads its records through `store.entity_frame`, which names each record's town
(`Lookups.town_label`) and adds its region (`store.region_of_town`); both read every settlement.
A briefing asks for a dozen summaries, so on a national database (7,000 settlements) it read them
a dozen times. Inside `shared_reads(session)` they are read once for that session. Only for
read-only work: a settlement added meanwhile is not seen until the block ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy.orm import Session

_KEY = "monotown.program.shared_reads"
T = TypeVar("T")


@contextmanager
def shared_reads(session: Session) -> Iterator[None]:
    """Within the block, settlements' labels and regions are read once for `session`."""
    if _KEY in session.info:  # nested: the outer block owns the shared reads
        yield
        return
    session.info[_KEY] = {}
    try:
        yield
    finally:
        session.info.pop(_KEY, None)


def shared_read(session: Session, name: str, read: Callable[[], T]) -> T:
    """`read()`, or what it returned before within the same `shared_reads` block."""
    memo: dict[str, Any] | None = session.info.get(_KEY)
    if memo is None:
        return read()
    if name not in memo:
        memo[name] = read()
    result: T = memo[name]
    return result
