"""A per-process cache of what read endpoints compute from the database (town lists, profiles,
map figures, principals of tokens), reused until the data changes.

Every write in Monotown appends to the audit log or an import batch, so the largest ids of those
tables (plus registry row counts, for bulk loads) stamp the state of the data. A process checks the
stamp at most every `ttl` seconds; its own writes clear the cache at once. Other processes' writes
are therefore seen within `ttl` seconds (default 1 s).

Imported data is the exception: when only import batches and their values changed (single values
through the API, imports and their undo), answers that read no imported data (the registry, a
stored run's results, who a token belongs to: `reads_no_imports`) are kept as they are, and the
rest of the cache is cleared at most every `import_ttl` seconds (default 15 s). Under a steady
stream of value writes the cache would otherwise be empty all the time, and every read would pay
the full computation. The same computation asked for by several requests at once runs once.

The cache is bounded: at most MAX_ENTRIES entries and `max_bytes` (answers are counted by their
size, other values at OBJECT_COST each); when full it starts again empty.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Select, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from monotown.records.provenance import AuditEntry, ImportBatch
from monotown.registry.models import Enterprise, Region, Settlement

T = TypeVar("T")
MAX_ENTRIES = 2000
DEFAULT_MAX_BYTES = 64 * 2**20
# What a computed (non-bytes) value is assumed to cost when the cache counts its size.
OBJECT_COST = 16 * 1024
NUMBER_COST = 64  # a count or a figure

# Audit entries of these entities record imports (of values or program records) and their undo.
IMPORT_ENTITIES = ("import_batch", "indicator_value")
# More writes than this in flight at once could hide one from the data stamp.
RECENT_BATCHES = 1000
# Each query returns one value that changes when some stored data changes; the first ones change
# with anything but imports, the last ones with imports.
STAMP_QUERIES: list[Select[Any]] = [
    select(AuditEntry.id)
    .where(AuditEntry.entity.not_in(IMPORT_ENTITIES))
    .order_by(AuditEntry.id.desc())
    .limit(1),
    # count(*), not count(id): SQLite counts a table's rows from its b-tree without reading
    # them (0.003 ms against 0.22 ms for 7,000 settlements; the stamp is read on every count).
    select(func.count()).select_from(Settlement),
    select(func.count()).select_from(Enterprise),
    select(func.count()).select_from(Region),
    select(AuditEntry.id)
    .where(AuditEntry.entity.in_(IMPORT_ENTITIES))
    .order_by(AuditEntry.id.desc())
    .limit(1),
    select(func.max(ImportBatch.id)),
    # Single-value writes commit side by side (PostgreSQL), so a batch can commit after one with a
    # larger id: the largest id stays, the number of recent batches does not.
    select(func.count(ImportBatch.id)).where(
        ImportBatch.id > select(func.max(ImportBatch.id) - RECENT_BATCHES).scalar_subquery()
    ),
]
IMPORT_PARTS = 3


# Cache keys (their first part) and API paths whose answers read only tables that no import
# writes: the registry (settlements, regions, enterprises, towns; registry edits are audited as
# other changes), a stored run's results (written once with the run) and users. Imports write
# values, program records and standards, each with a batch.
IMPORT_FREE_KEYS = frozenset({
    "settlement", "settlements", "settlement_rows", "region", "regions", "region_rows",
    "enterprise", "enterprises", "enterprise_rows", "town", "towns", "explain",
    "assessment-results", "principal",
})  # fmt: skip
IMPORT_FREE_PATHS = re.compile(
    r"^/api/v1/(settlements|regions|enterprises|towns)(/[^/]+)?$"
    r"|^/api/v1/assessment/runs/[^/]+/results(/[^/]+)?$"
)


def reads_no_imports(key: Hashable) -> bool:
    """True for a cached answer that no import can change (kept when only imports changed)."""
    if isinstance(key, str):
        return key in IMPORT_FREE_KEYS
    if not isinstance(key, tuple) or not key:
        return False
    if key[0] == "raw":
        return len(key) > 1 and isinstance(key[1], str) and bool(IMPORT_FREE_PATHS.match(key[1]))
    return key[0] in IMPORT_FREE_KEYS


# The stamp's SQL and its parameters per dialect, compiled once: it is read on every counted
# total, and the ORM's execution (0.2 ms) would cost more than the query itself (0.005 ms).
_STAMP_SQL: dict[str, tuple[str, Any]] = {}


def data_stamp(session: Session) -> tuple[Any, ...]:
    """A tuple that changes whenever stored data changes (one round trip)."""
    connection = session.connection()
    dialect = connection.dialect
    found = _STAMP_SQL.get(dialect.name)
    if found is None:
        statement = select(*(query.scalar_subquery() for query in STAMP_QUERIES))
        compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
        params = compiled.construct_params()
        order = compiled.positiontup if compiled.positional else None
        arguments = tuple(params[name] for name in order) if order else params
        found = _STAMP_SQL[dialect.name] = (compiled.string, arguments)
    return tuple(connection.exec_driver_sql(*found).one())


def only_imports_changed(old: tuple[Any, ...], new: tuple[Any, ...]) -> bool:
    return old[:-IMPORT_PARTS] == new[:-IMPORT_PARTS]


def watch_writes(factory: sessionmaker[Session]) -> None:
    """Let sessions of `factory` remember what they wrote, for `written_change`."""
    event.listen(factory, "after_flush", _note_flush)


def _note_flush(session: Session, _context: Any) -> None:
    if session.new or session.dirty or session.deleted:
        session.info["flushed"] = True
    audited = session.info.setdefault("audited", set())
    audited.update(item.entity for item in session.new if isinstance(item, AuditEntry))


def written_change(session: Session) -> str | None:
    """What a finished transaction changed, as other processes will see it through the data
    stamp: "imports" (only imports and their values, by the audit log), "data" (anything else)
    or None (nothing: e.g. an import that found every value already stored)."""
    audited = session.info.get("audited", set())
    if audited:
        return "imports" if audited <= set(IMPORT_ENTITIES) else "data"
    return "data" if session.info.get("flushed") else None


class ReadCache:
    """Computed values keyed by what they depend on; cleared when the data stamp changes.

    After a change that only touched imports, the previous values are kept aside as *stale* (for
    at most `stale_limit` seconds after they were computed): requests arriving while a fresh value
    is being computed get the stale one instead of queueing behind the computation, and a value
    whose computation finished after yet another import-only change is kept as stale too.
    """

    def __init__(
        self, ttl: float, max_bytes: float = DEFAULT_MAX_BYTES, import_ttl: float | None = None
    ) -> None:
        self.ttl = ttl
        self.import_ttl = ttl if import_ttl is None else max(ttl, import_ttl)
        self.stale_limit = 4 * self.import_ttl
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._values: dict[Hashable, Any] = {}
        self._born: dict[Hashable, float] = {}
        self._stale: dict[Hashable, tuple[Any, float]] = {}
        self._bytes = 0
        self._stamp: tuple[Any, ...] | None = None
        self._checked_at = float("-inf")
        self._cleared_at = float("-inf")
        self._clear_pending = False
        self._generation = 0
        self._full_generation = 0  # the generation of the last full clear
        self._inflight: dict[Hashable, asyncio.Future[Any]] = {}

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def size(self) -> tuple[int, int]:
        """Entries and (estimated) bytes held, stale ones included."""
        return len(self._values) + len(self._stale), self._bytes

    def stale(self) -> bool:
        """True when the data stamp is due to be checked again (or a delayed clear is due)."""
        now = time.monotonic()
        return now - self._checked_at >= self.ttl or (
            self._clear_pending and now - self._cleared_at >= self.import_ttl
        )

    def peek(self, key: Hashable) -> Any:
        """The cached value or None, without touching the database."""
        return self._values.get(key)

    def peek_stale(self, key: Hashable) -> Any:
        """A value from before the last import-only change (recent enough), or None."""
        found = self._stale.get(key)
        if found is None or time.monotonic() - found[1] > self.stale_limit:
            return None
        return found[0]

    def put(self, key: Hashable, value: Any, generation: int, started: float) -> None:
        """Keep a value whose computation started at `started` (monotonic) when the cache was at
        `generation`."""
        self._store(key, value, generation, started)

    @staticmethod
    def _cost(value: Any) -> int:
        if isinstance(value, bytes):
            return len(value)
        return NUMBER_COST if isinstance(value, int | float) else OBJECT_COST

    def _store(self, key: Hashable, value: Any, generation: int, started: float) -> None:
        """Keep a fresh value, or a late one (computed before an import-only change) as stale;
        bounded in entries and bytes (when full, stale values go first, then the cache starts
        again empty: cheaper than bookkeeping for eviction, and rare)."""
        cost = self._cost(value)
        with self._lock:
            if generation != self._generation and not (
                generation >= self._full_generation and reads_no_imports(key)
            ):
                if generation >= self._full_generation and self.stale_limit:
                    previous = self._stale.get(key)
                    if previous is None or previous[1] < started:
                        self._make_room(cost)
                        self._stale[key] = (value, started)
                        self._bytes += cost
                return
            if key in self._values:
                return
            self._make_room(cost)
            self._values[key] = value
            self._born[key] = started
            self._stale.pop(key, None)
            self._bytes += cost

    def _make_room(self, cost: int) -> None:
        total = len(self._values) + len(self._stale)
        if total >= MAX_ENTRIES or self._bytes + cost > self.max_bytes:
            self._stale = {}
            self._bytes = sum(self._cost(value) for value in self._values.values())
        if len(self._values) >= MAX_ENTRIES or self._bytes + cost > self.max_bytes:
            self._clear()

    def _clear(self) -> None:
        self._values, self._born, self._stale = {}, {}, {}
        self._bytes = 0

    def _forget(self, now: float) -> None:
        """Clear everything now (the lock is held)."""
        self._clear()
        self._generation += 1
        self._full_generation = self._generation
        self._cleared_at = now
        self._clear_pending = False

    def _forget_imports(self, now: float) -> None:
        """Imports changed: set the values aside as stale now if the last clear is old enough,
        else as soon as it is (the lock is held)."""
        if now - self._cleared_at < self.import_ttl:
            self._clear_pending = True
            return
        fresh = {key: value for key, value in self._values.items() if reads_no_imports(key)}
        kept = {
            key: entry
            for key, entry in self._stale.items()
            if now - entry[1] <= self.stale_limit and key not in self._values
        }
        if self.stale_limit:
            kept.update(
                (key, (value, self._born[key]))
                for key, value in self._values.items()
                if key not in fresh
            )
        else:
            kept = {}
        self._stale, self._values = kept, fresh
        self._born = {key: self._born[key] for key in fresh}
        self._bytes = sum(self._cost(entry[0]) for entry in kept.values())
        self._bytes += sum(self._cost(value) for value in fresh.values())
        self._generation += 1
        self._cleared_at = now
        self._clear_pending = False

    def refresh(self, session: Session) -> None:
        """Check the data stamp now (if due) and forget what the change made stale."""
        self._refresh(session)

    def _refresh(self, session: Session) -> None:
        now = time.monotonic()
        if self._clear_pending and now - self._cleared_at >= self.import_ttl:
            with self._lock:
                self._forget_imports(now)
        if now - self._checked_at < self.ttl:
            return
        stamp = data_stamp(session)
        with self._lock:
            self._checked_at = now
            old, self._stamp = self._stamp, stamp
            if old is not None and stamp == old:
                return
            if old is not None and only_imports_changed(old, stamp):
                self._forget_imports(now)
            else:
                self._forget(now)

    def get(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value for `key`, computing (and keeping) it if absent or stale."""
        self._refresh(session)
        try:
            return self._values[key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        generation, started = self._generation, time.monotonic()
        value = compute()
        self._store(key, value, generation, started)
        return value

    async def aget(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        """Like `get`, for async handlers: a hit costs no thread hop, database work runs in the
        thread pool, and requests for a value being computed share that computation (or, when
        the value only went stale through an import, get the stale value meanwhile)."""
        if self.stale():
            await run_in_threadpool(self._refresh, session)
        try:
            return self._values[key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        generation, started = self._generation, time.monotonic()
        shared = self._inflight.get((generation, key))
        if shared is not None:
            stale = self.peek_stale(key)
            if stale is not None:
                return stale  # type: ignore[no-any-return]
            return await asyncio.shield(shared)  # type: ignore[no-any-return]
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._inflight[(generation, key)] = future
        try:
            value = await run_in_threadpool(compute)
        except BaseException as error:
            if isinstance(error, Exception):
                future.set_exception(error)
                future.exception()  # retrieved: no "never retrieved" warning when nobody waits
            else:
                future.cancel()
            raise
        finally:
            self._inflight.pop((generation, key), None)
        future.set_result(value)
        self._store(key, value, generation, started)
        return value

    def exact(self, session: Session, key: Hashable, compute: Callable[[], int]) -> int:
        """A number (a count) kept under the data stamp it was computed at: reused only while no
        data changed at all, so it is always exact (the stamp is read again after computing,
        and a number that raced a write is not kept)."""
        stamp = data_stamp(session)
        found = self.peek((key, stamp))
        if isinstance(found, int):
            return found
        generation, started = self._generation, time.monotonic()
        number = compute()
        if data_stamp(session) == stamp:
            self.put((key, stamp), number, generation, started)
        return number

    def invalidate(self, *, only_imports: bool = False) -> None:
        """Called after this process commits a write: forget everything, or (when only imports
        changed) set everything aside as stale as soon as `import_ttl` allows."""
        now = time.monotonic()
        with self._lock:
            if only_imports:
                self._forget_imports(now)
            else:
                self._forget(now)
                self._checked_at = float("-inf")
