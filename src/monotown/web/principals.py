"""Who is asking, checked against the database on every request.

A bearer token or a session cookie is looked up each time (one indexed query), so a revoked or
expired token and an ended session stop working at once, in every server process, even while no
data changes. Only what the user may do (role and regions), which changes only through audited
edits, comes from the read cache.

A token is checked once per request (the read-through in front of the app passes what it found
on to the route: `remember_checked`), so its check is kept cheap: one statement built once, run
without an ORM session (on PostgreSQL in autocommit: one round trip, no BEGIN or COMMIT), and the
principal taken from the cache without a session when it is there. Run from the event loop
(`principal_for_token`) on SQLite, that one indexed read goes through a connection of the loop's
own (so it never waits for the pool, which the loop itself refills) and costs no thread hop: a
read of a WAL database never waits for a writer, so it cannot stall the loop. On PostgreSQL the
read is a round trip to a server that may be slow to answer, which would stall every request of
the worker, so it stays in the thread pool, as does what may wait on either backend (a "last
used" note to write, a principal to load).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import weakref
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from fastapi.concurrency import run_in_threadpool
from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from monotown.accounts.accounts import (
    TOKEN_PREFIX,
    TOKEN_TOUCH_EVERY,
    ActiveToken,
    principal_for,
    touch_token,
)
from monotown.accounts.models import ApiToken, User
from monotown.accounts.roles import Principal
from monotown.accounts.sessions import find_session, touch_session
from monotown.db import is_sqlite, row_writes, single_reads
from monotown.records.provenance import utcnow
from monotown.web.cache import ReadCache

log = logging.getLogger("monotown.web")
# `accounts.find_token`'s rule (known, unrevoked, of an active user; expiry checked after), built
# once: building a statement costs more than running it.
TOKEN_CHECK = (
    select(ApiToken.id, ApiToken.user_id, ApiToken.expires_at, ApiToken.last_used_at)
    .join(User, User.id == ApiToken.user_id)
    .where(
        ApiToken.token_hash == bindparam("token_hash"),
        ApiToken.revoked_at.is_(None),
        User.active.is_(True),
    )
)


# Where the read-through keeps the principal of the bearer token it checked, so that the route
# behind it does not check the same token a second time in the same request.
CHECKED_TOKEN = "monotown_checked_token"


def remember_checked(scope: MutableMapping[str, Any], token: str, principal: Principal) -> None:
    """Note in the request's scope that `token` was checked and found to be `principal`."""
    scope.setdefault("state", {})[CHECKED_TOKEN] = (token, principal)


def checked_principal(scope: Mapping[str, Any], token: str) -> Principal | None:
    """The principal of `token` if this request checked it already, else None."""
    found = scope.get("state", {}).get(CHECKED_TOKEN)
    return found[1] if found is not None and found[0] == token else None


@dataclass(frozen=True)
class SessionPrincipal:
    principal: Principal
    session_id: int


class Credentials:
    """Resolves tokens and session ids to principals (call from a worker thread: it blocks)."""

    def __init__(
        self,
        engine: Engine,
        read_sessions: Callable[[], Session],
        cache: ReadCache,
        idle: dt.timedelta,
    ) -> None:
        self.read_sessions = read_sessions
        self.write_sessions = sessionmaker(bind=row_writes(engine))
        self.token_engine = single_reads(engine)
        self.cache = cache
        self.idle = idle
        self._loop_lock = threading.Lock()
        self._loop_connection: Connection | None = None
        self._checks_on_loop = is_sqlite(engine)  # see the module

    def close(self) -> None:
        """Give the event loop's connection back (when the app stops)."""
        with self._loop_lock:
            if self._loop_connection is not None:
                _drop(self._loop_connection)
                self._loop_connection = None

    def _principal(self, session: Session, user_id: int, via: str) -> Principal | None:
        def load() -> Principal | None:
            user = session.get(User, user_id)
            return principal_for(user, via) if user is not None else None

        return self.cache.get(session, ("principal", user_id, via), load)

    def _touch(self, touch: Callable[[Session], None]) -> None:
        """Note "last used" in a short write transaction of its own; never fails the request."""
        session = self.write_sessions()
        try:
            touch(session)
            session.commit()
        except OperationalError as error:
            session.rollback()
            log.warning("could not note when a credential was last used: %s", error)
        finally:
            session.close()

    def find_token(self, token: str) -> ActiveToken | None:
        """The valid token (as `accounts.find_token`), else None: one query, no ORM session."""
        if not _well_formed(token):
            return None
        with self.token_engine.connect() as connection:
            return _valid_token(connection, token)

    def for_token(self, token: str) -> Principal | None:
        found = self.find_token(token)
        return None if found is None else self._token_principal(found)

    async def principal_for_token(self, token: str) -> Principal | None:
        """`for_token` from the event loop: on SQLite the token's read runs here on the loop's
        connection (no thread hop), and only what may wait runs in the thread pool."""
        if not _well_formed(token):
            return None
        if not self._checks_on_loop:
            return await run_in_threadpool(self.for_token, token)
        checked = self._check_on_loop(token)
        if checked is _NOT_CHECKED:
            return await run_in_threadpool(self._for_token_connecting, token)
        if not isinstance(checked, ActiveToken):
            return None
        principal = (
            None
            if checked.touch_due or self.cache.stale()
            else self.cache.peek(("principal", checked.user_id, "token"))
        )
        if isinstance(principal, Principal):
            return principal
        return await run_in_threadpool(self._token_principal, checked)

    def _for_token_connecting(self, token: str) -> Principal | None:
        """`for_token` in a thread, which also opens the loop's connection if it has none (the
        pool may make that wait: never on the loop)."""
        with self._loop_lock:
            if self._loop_connection is None:
                self._loop_connection = self._connect_for_loop()
        return self.for_token(token)

    def _check_on_loop(self, token: str) -> ActiveToken | object | None:
        """The token's check on the loop's connection, or _NOT_CHECKED when there is none yet,
        it is busy (another loop's) or it failed (the thread pool's check then answers)."""
        if not self._loop_lock.acquire(blocking=False):
            return _NOT_CHECKED
        try:
            connection = self._loop_connection
            if connection is None:
                return _NOT_CHECKED
            try:
                return _valid_token(connection, token)
            except DBAPIError as error:
                log.warning("the event loop's token check failed, using the pool: %s", error)
                self._loop_connection = None
                _drop(connection)
                return _NOT_CHECKED
        finally:
            self._loop_lock.release()

    def _connect_for_loop(self) -> Connection:
        """A connection the loop keeps for itself (closed by `close`, or when this object goes;
        never given back to the pool, so no thread ever shares it)."""
        connection = self.token_engine.connect()
        weakref.finalize(self, _drop, connection)
        return connection

    def _token_principal(self, found: ActiveToken) -> Principal | None:
        """The principal of a valid token (from the cache when there), noting its use if due."""
        principal = (
            None if self.cache.stale() else self.cache.peek(("principal", found.user_id, "token"))
        )
        if principal is None:
            session = self.read_sessions()
            try:
                principal = self._principal(session, found.user_id, "token")
                session.commit()
            finally:
                session.close()
        if found.touch_due:
            self._touch(lambda write: touch_token(write, found.token_id))
        return principal  # type: ignore[no-any-return]

    def for_session(self, plain: str) -> SessionPrincipal | None:
        session = self.read_sessions()
        try:
            found = find_session(session, plain, idle=self.idle)
            principal = self._principal(session, found.user_id, "session") if found else None
            session.commit()
        finally:
            session.close()
        if found is None or principal is None:
            return None
        if found.touch_due:
            self._touch(lambda write: touch_session(write, found.session_id))
        return SessionPrincipal(principal, found.session_id)


_NOT_CHECKED = object()


def _drop(connection: Connection) -> None:
    """Close the loop's connection for good (its statement timeout must not reach the pool)."""
    if not connection.closed:
        connection.invalidate()
        connection.close()


def _well_formed(token: str) -> bool:
    return token.startswith(TOKEN_PREFIX) and len(token) <= 200


def _valid_token(connection: Connection, token: str) -> ActiveToken | None:
    """`accounts.find_token`'s rule in one statement on `connection` (autocommit: it leaves no
    transaction open)."""
    digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
    try:
        found = connection.execute(TOKEN_CHECK, {"token_hash": digest}).one_or_none()
    finally:
        connection.rollback()
    now = utcnow()
    if found is None or (found.expires_at is not None and found.expires_at <= now):
        return None
    due = found.last_used_at is None or now - found.last_used_at > TOKEN_TOUCH_EVERY
    return ActiveToken(found.id, found.user_id, due)
