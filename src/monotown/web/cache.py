"""A per-process cache of what read endpoints compute from the database (town lists, profiles,
map figures, principals of tokens), reused until the data changes.

Every write in Monotown appends to the audit log or an import batch, so the largest ids of those
tables (plus registry row counts, for bulk loads) stamp the state of the data. A process checks the
stamp at most every `ttl` seconds; its own writes clear the cache at once. Other processes' writes
are therefore seen within `ttl` seconds (default 1 s).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from monotown.data.provenance import AuditEntry, ImportBatch
from monotown.registry.models import Enterprise, Region, Settlement

T = TypeVar("T")
MAX_ENTRIES = 2000
DEFAULT_MAX_BYTES = 64 * 2**20
# What a computed (non-bytes) value is assumed to cost when the cache counts its size.
OBJECT_COST = 16 * 1024

# Each query returns one value that changes when some stored data changes.
STAMP_QUERIES: list[Select[Any]] = [
    select(func.max(AuditEntry.id)),
    select(func.max(ImportBatch.id)),
    select(func.count(Settlement.id)),
    select(func.count(Enterprise.id)),
    select(func.count(Region.id)),
]


def data_stamp(session: Session) -> tuple[Any, ...]:
    """A tuple that changes whenever stored data changes (one round trip)."""
    row = session.execute(select(*(query.scalar_subquery() for query in STAMP_QUERIES))).one()
    return tuple(row)


class ReadCache:
    """Computed values keyed by what they depend on; cleared when the data stamp changes."""

    def __init__(self, ttl: float, max_bytes: float = DEFAULT_MAX_BYTES) -> None:
        self.ttl = ttl
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._values: dict[Hashable, Any] = {}
        self._bytes = 0
        self._stamp: tuple[Any, ...] | None = None
        self._checked_at = float("-inf")
        self._generation = 0

    @property
    def generation(self) -> int:
        return self._generation

    def stale(self) -> bool:
        """True when the data stamp is due to be checked again."""
        return time.monotonic() - self._checked_at >= self.ttl

    def peek(self, key: Hashable) -> Any:
        """The cached value or None, without touching the database."""
        return self._values.get(key)

    def put(self, key: Hashable, value: Any, generation: int) -> None:
        """Keep a value computed when the cache was at `generation` (dropped if it moved on)."""
        self._store(key, value, generation)

    @property
    def size(self) -> tuple[int, int]:
        """Entries and (estimated) bytes held."""
        return len(self._values), self._bytes

    def _store(self, key: Hashable, value: Any, generation: int) -> None:
        """Keep a value unless the data moved on; bounded in entries and bytes (when full, the
        cache starts again empty: cheaper than bookkeeping for eviction, and rare)."""
        cost = len(value) if isinstance(value, bytes) else OBJECT_COST
        with self._lock:
            if generation != self._generation or key in self._values:
                return
            if len(self._values) >= MAX_ENTRIES or self._bytes + cost > self.max_bytes:
                self._clear()
            self._values[key] = value
            self._bytes += cost

    def _clear(self) -> None:
        self._values.clear()
        self._bytes = 0

    def refresh(self, session: Session) -> None:
        """Check the data stamp now (if due) and forget everything if the data changed."""
        self._refresh(session)

    def _refresh(self, session: Session) -> None:
        now = time.monotonic()
        if now - self._checked_at < self.ttl:
            return
        stamp = data_stamp(session)
        with self._lock:
            self._checked_at = now
            if stamp != self._stamp:
                self._stamp = stamp
                self._clear()
                self._generation += 1

    def get(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value for `key`, computing (and keeping) it if absent or stale."""
        self._refresh(session)
        try:
            return self._values[key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        generation = self._generation
        value = compute()
        self._store(key, value, generation)
        return value

    async def aget(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        """Like `get`, for async handlers: a hit costs no thread hop, database work runs in the
        thread pool."""
        if time.monotonic() - self._checked_at >= self.ttl:
            await run_in_threadpool(self._refresh, session)
        try:
            return self._values[key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        generation = self._generation
        value = await run_in_threadpool(compute)
        self._store(key, value, generation)
        return value

    def invalidate(self) -> None:
        """Forget everything (called after this process commits a write)."""
        with self._lock:
            self._clear()
            self._generation += 1
            self._checked_at = float("-inf")
