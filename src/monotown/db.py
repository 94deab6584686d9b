"""The one place that knows how to reach the database: URL, engine, sessions, migrations.

SQLite serves several users at once: the file is in WAL mode (readers never wait for the writer),
every transaction that may write starts with `BEGIN IMMEDIATE` (it takes the write lock up front,
so two writers queue on the busy timeout instead of one failing with "database is locked" when it
tries to upgrade a read), and only transactions known to read — web GETs — begin deferred
(`read_only(engine)`). This is SQLAlchemy's documented pysqlite recipe: the driver's own BEGIN is
switched off and the engine's `begin` event emits ours. On PostgreSQL, write transactions queue on
one advisory lock the same way (readers are never held up), except single-value writes: they hold
that lock shared (so they run side by side, yet still queue behind and ahead of imports, undo and
registry edits) and queue only on a lock of the value they write (`begin_keyed_write`,
`lock_key`). Either way a writer waits at most MONOTOWN_WRITE_WAIT_SECONDS (default 60) for its
turn.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

DEFAULT_SQLITE_PATH = Path("var") / "monotown.sqlite"
DATABASE_URL_ENV = "MONOTOWN_DATABASE_URL"
WRITE_WAIT_ENV = "MONOTOWN_WRITE_WAIT_SECONDS"
DEFAULT_WRITE_WAIT_SECONDS = 60.0
SQLITE_BEGIN = "monotown_sqlite_begin"
# Execution option: "shared" makes a PostgreSQL write transaction hold the writers' lock shared,
# "none" not at all (see `row_writes`).
WRITE_LOCK = "monotown_write_lock"

# Stable constraint names let Alembic drop and alter constraints on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base shared by every capability's models."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def database_url() -> str:
    """The configured database URL: `MONOTOWN_DATABASE_URL` or the embedded SQLite file."""
    url = os.environ.get(DATABASE_URL_ENV, "").strip()
    if url:
        return url
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def write_wait_seconds() -> float:
    """How long a writer waits for another's transaction before giving up."""
    try:
        return max(0.0, float(os.environ.get(WRITE_WAIT_ENV, "") or DEFAULT_WRITE_WAIT_SECONDS))
    except ValueError:
        return DEFAULT_WRITE_WAIT_SECONDS


# Reads through a memory map of the file (shared by every connection and worker, through the
# OS's page cache) instead of a read() per page into each connection's 2 MB cache: a listing
# that reads thousands of rows from all over the values table costs about 40% less CPU.
SQLITE_MMAP_BYTES = 256 * 1024 * 1024
UNMAPPED = "monotown_unmapped"  # a stream turned the map off: checkin gives it back


def _prepare_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite would BEGIN (deferred) on its own before the first write; `_begin_sqlite` does it.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(write_wait_seconds() * 1000)}")
    # WAL survives kill -9 like the rollback journal; NORMAL syncs at checkpoints rather than at
    # every commit, which a power cut (not a crash) can cost the last transactions of.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cursor.close()


class WriterQueue:
    """Writers of one SQLite file wait their turn here before `BEGIN IMMEDIATE`: in this process
    on a lock, across processes on a file lock beside the database. SQLite's own busy handler
    sleeps up to 100 ms between tries, so under a steady stream of writes most of a writer's wait
    was sleep; here the next writer goes as soon as the last one commits. SQLite's lock stays the
    guard: a writer that waited past the limit goes on to it regardless."""

    def __init__(self, path: str) -> None:
        self.path = f"{path}.writers"
        self.turn = threading.Lock()
        self.fd: int | None = None
        self.pid = 0

    def acquire(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        if not self.turn.acquire(timeout=seconds):
            return False
        try:
            if self.fd is None or self.pid != os.getpid():
                self.fd, self.pid = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644), os.getpid()
            while True:  # only this process's next writer polls; the others wait on `turn`
                try:
                    fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return True
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.0005)
        except OSError:
            self.turn.release()
            return False

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        self.turn.release()


QUEUED = "monotown_writer_queued"
_queues: dict[str, WriterQueue] = {}  # one per database file and process, for all its engines
_queues_lock = threading.Lock()


def _writer_queue(path: str) -> WriterQueue:
    with _queues_lock:
        return _queues.setdefault(str(Path(path).resolve()), WriterQueue(path))


def _begin_sqlite(connection: Connection) -> None:
    mode = connection.get_execution_options().get(SQLITE_BEGIN, "IMMEDIATE")
    if mode == "NONE":  # each statement on its own (see `single_reads`)
        return
    path = connection.engine.url.database
    if mode == "IMMEDIATE" and path and path != ":memory:" and not connection.info.get(QUEUED):
        connection.info[QUEUED] = _writer_queue(path).acquire(write_wait_seconds())
    # On the driver's connection: SQLAlchemy's execution (events, result) would cost more
    # than the statement, on every request's transaction.
    connection.connection.driver_connection.execute(f"BEGIN {mode}")  # type: ignore[union-attr]


def _end_sqlite(connection: Connection) -> None:
    """Commit or rollback (just before it): the next writer may go."""
    if connection.info.pop(QUEUED, False):
        _writer_queue(connection.engine.url.database or "").release()


def _checkin_sqlite(path: str) -> Any:
    def checkin(dbapi_connection: Any, record: Any) -> None:
        """A connection back in the pool never keeps the turn (e.g. after an error)."""
        if record is not None and record.info.pop(QUEUED, False):
            _writer_queue(path).release()
        if record is not None and record.info.pop(UNMAPPED, False):
            dbapi_connection.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")  # see UNMAPPED

    return checkin


def make_engine(url: str | None = None) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL, queueing writers and its folder."""
    url = url or database_url()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # Each request may hold two connections (the credential check and its own work) and a
        # writer may hold one while it waits its turn: a pool of SQLite connections costs little.
        pool = {"pool_size": 20, "max_overflow": 20} if path and path != ":memory:" else {}
        engine = create_engine(url, connect_args={"timeout": write_wait_seconds()}, **pool)
        event.listen(engine, "connect", _prepare_sqlite_connection)
        event.listen(engine, "begin", _begin_sqlite)
        if path and path != ":memory:":
            event.listen(engine, "commit", _end_sqlite)
            event.listen(engine, "rollback", _end_sqlite)
            event.listen(engine, "checkin", _checkin_sqlite(path))
        return engine
    engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=15)
    if engine.dialect.name == "postgresql":
        event.listen(engine, "begin", _begin_postgresql)
    return engine


def _begin_postgresql(connection: Connection) -> None:
    """Write transactions queue on one advisory lock, as SQLite's writers do: an import's check
    of what is stored and its write of what is new then cannot interleave with another's (which
    would end in a unique-key conflict). Readers never take it; keyed writes hold it shared."""
    options = connection.get_execution_options()
    if options.get(SQLITE_BEGIN) == "DEFERRED" or options.get(WRITE_LOCK) == "none":
        return
    shared = "_shared" if options.get(WRITE_LOCK) == "shared" else ""
    seconds = int(write_wait_seconds())
    # One round trip for both. One lock per schema: two Monotown databases in one PostgreSQL
    # database do not wait for each other.
    connection.exec_driver_sql(
        f"SELECT set_config('lock_timeout', '{seconds}s', true), "
        f"pg_advisory_xact_lock{shared}(hashtext('monotown writes in ' || current_schema()))"
    )


def begin_keyed_write(session: Session) -> None:
    """Begin the session's transaction as a keyed write: a write of a few records that names each
    with `lock_key` before it reads and writes it (single values). On PostgreSQL such writes run
    side by side and wait only for one writing the same key, or for an ordinary writer (imports,
    undo, edits), which waits for them in turn. On SQLite, and when the session has already begun
    (its transaction holds the whole lock), nothing changes."""
    if session.in_transaction() or is_sqlite(session.get_bind()):  # type: ignore[arg-type]
        return
    session.connection(execution_options={WRITE_LOCK: "shared"})


def lock_key(session: Session, key: str) -> None:
    """Wait until no other transaction holds `key`, then hold it until this one ends (PostgreSQL;
    SQLite has one writer at a time anyway). Keyed writes take their keys in a fixed order."""
    if is_sqlite(session.get_bind()):  # type: ignore[arg-type]
        return
    # The two-integer form: a key space apart from the writers' lock (a one-bigint key).
    session.execute(
        text("SELECT pg_advisory_xact_lock(hashtext(current_schema()), hashtext(:key))"),
        {"key": key},
    )


def row_writes(engine: Engine) -> Engine:
    """The same engine for writes that touch single rows nothing else writes in bulk (when a
    credential was last used): on PostgreSQL they take no writers' lock, so they never wait for
    an import. On SQLite they still queue like every writer."""
    return engine.execution_options(**{WRITE_LOCK: "none"})


def single_reads(engine: Engine) -> Engine:
    """The same engine for connections that run one read statement each, outside any
    transaction (autocommit): no BEGIN and COMMIT to pay for (on PostgreSQL two round trips).
    SQLite's driver runs in autocommit already (`_prepare_sqlite_connection`): it only skips the
    BEGIN; setting the isolation level there would restore the driver's own BEGINs on return."""
    options: dict[str, Any] = {SQLITE_BEGIN: "NONE", WRITE_LOCK: "none"}
    if not is_sqlite(engine):
        options["isolation_level"] = "AUTOCOMMIT"
    return engine.execution_options(**options)


def read_only(engine: Engine) -> Engine:
    """The same engine (and pool) for transactions that only read: on SQLite they begin deferred,
    so they neither wait for nor block a writer. Elsewhere it changes nothing."""
    return engine.execution_options(**{SQLITE_BEGIN: "DEFERRED"})


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """One engine per URL per process, so pools are shared."""
    return make_engine(url)


def schema_url(base: str, schema: str) -> str:
    """The PostgreSQL URL `base` working in `schema` (its search_path)."""
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@contextmanager
def scratch_schema(base: str, prefix: str) -> Iterator[str]:
    """The URL of a new, empty schema on the PostgreSQL server `base`, dropped afterwards.

    For tests and benchmarks: each run works apart from the others on one shared server.
    """
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = schema_url(base, schema)
    try:
        yield url
    finally:
        engine_for(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def get_engine() -> Engine:
    return engine_for(database_url())


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A transaction: committed when the block ends, rolled back if it raises."""
    factory = sessionmaker(bind=engine or get_engine(), expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
