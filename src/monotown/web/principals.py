"""Who is asking, checked against the database on every request.

A bearer token or a session cookie is looked up each time (one indexed query), so a revoked or
expired token and an ended session stop working at once, in every server process, even while no
data changes. Only what the user may do (role and regions), which changes only through audited
edits, comes from the read cache.

A token is checked once per request (the read-through in front of the app passes what it found
on to the route: `remember_checked`), so its check is kept cheap: one statement built once, run on
a pooled connection without an ORM session (on PostgreSQL in autocommit: one round trip, no BEGIN
or COMMIT), and the principal taken from the cache without a session when it is there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
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
from monotown.db import row_writes, single_reads
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
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
        with self.token_engine.connect() as connection:
            found = connection.execute(TOKEN_CHECK, {"token_hash": digest}).one_or_none()
        now = utcnow()
        if found is None or (found.expires_at is not None and found.expires_at <= now):
            return None
        due = found.last_used_at is None or now - found.last_used_at > TOKEN_TOUCH_EVERY
        return ActiveToken(found.id, found.user_id, due)

    def for_token(self, token: str) -> Principal | None:
        found = self.find_token(token)
        if found is None:
            return None
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
        return principal

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
