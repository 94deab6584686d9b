"""Who is asking, checked against the database on every request.

A bearer token or a session cookie is looked up each time (one indexed query, in a read-only
transaction of its own), so a revoked or expired token and an ended session stop working at once,
in every server process, even while no data changes. Only what the user may do (role and
regions), which changes only through audited edits, comes from the read cache.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from monotown.accounts.accounts import find_token, principal_for, touch_token
from monotown.accounts.models import User
from monotown.accounts.roles import Principal
from monotown.accounts.sessions import find_session, touch_session
from monotown.web.cache import ReadCache

log = logging.getLogger("monotown.web")


@dataclass(frozen=True)
class SessionPrincipal:
    principal: Principal
    session_id: int


class Credentials:
    """Resolves tokens and session ids to principals (call from a worker thread: it blocks)."""

    def __init__(
        self,
        read_sessions: Callable[[], Session],
        write_sessions: Callable[[], Session],
        cache: ReadCache,
        idle: dt.timedelta,
    ) -> None:
        self.read_sessions = read_sessions
        self.write_sessions = write_sessions
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

    def for_token(self, token: str) -> Principal | None:
        session = self.read_sessions()
        try:
            found = find_token(session, token)
            principal = self._principal(session, found.user_id, "token") if found else None
            session.commit()
        finally:
            session.close()
        if found is not None and found.touch_due:
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
