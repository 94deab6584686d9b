"""Signed-in browser sessions kept on the server.

The browser holds only a random id (in a signed cookie); the row behind it says whose session it
is, from where, and until when. Deleting the row ends the session at once in every server
process: signing out, "sign out everywhere", a password change and disabling the account do so.
A session ends by itself after its lifetime, or earlier when unused for the idle time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from monotown.accounts.models import User, WebSession
from monotown.records.provenance import utcnow

TOUCH_EVERY = dt.timedelta(minutes=1)  # "last seen" is coarse, so reading pages rarely writes


def session_hash(plain: str) -> str:
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ActiveSession:
    """A live session found for a cookie, and whether its "last seen" is due to be written."""

    session_id: int
    user_id: int
    touch_due: bool


def start_session(
    session: Session,
    user_id: int,
    *,
    client: str,
    user_agent: str,
    lifetime: dt.timedelta,
) -> str:
    """Open a session for a user who just signed in; returns the id to put in the cookie."""
    now = utcnow()
    plain = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            id_hash=session_hash(plain),
            user_id=user_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime,
            client=client[:64],
            user_agent=user_agent[:300],
        )
    )
    session.execute(delete(WebSession).where(WebSession.expires_at <= now))
    return plain


def find_session(session: Session, plain: str, *, idle: dt.timedelta) -> ActiveSession | None:
    """The live session behind a cookie's id (unexpired, used within `idle`, active user)."""
    if not plain or len(plain) > 100:
        return None
    found = session.execute(
        select(WebSession.id, WebSession.user_id, WebSession.last_seen_at, WebSession.expires_at)
        .join(User, User.id == WebSession.user_id)
        .where(WebSession.id_hash == session_hash(plain), User.active.is_(True))
    ).one_or_none()
    now = utcnow()
    if found is None or found.expires_at <= now or now - found.last_seen_at >= idle:
        return None
    return ActiveSession(found.id, found.user_id, now - found.last_seen_at >= TOUCH_EVERY)


def touch_session(session: Session, session_id: int) -> None:
    session.execute(
        update(WebSession).where(WebSession.id == session_id).values(last_seen_at=utcnow())
    )


def end_session(session: Session, plain: str) -> None:
    """Sign out: the cookie's session ends (a copy of the cookie is worthless afterwards)."""
    session.execute(delete(WebSession).where(WebSession.id_hash == session_hash(plain)))


def end_user_session(session: Session, user_id: int, session_id: int) -> bool:
    """End one of a user's sessions (signing out another browser); False if there is none."""
    result = session.execute(
        delete(WebSession).where(WebSession.id == session_id, WebSession.user_id == user_id)
    )
    return bool(getattr(result, "rowcount", 0))


def end_sessions(session: Session, user_id: int, *, keep: int | None = None) -> int:
    """End every session of a user (but `keep`); returns how many ended."""
    query = delete(WebSession).where(WebSession.user_id == user_id)
    if keep is not None:
        query = query.where(WebSession.id != keep)
    result = session.execute(query)
    return int(getattr(result, "rowcount", 0) or 0)


def list_sessions(session: Session, user_id: int, *, idle: dt.timedelta) -> list[WebSession]:
    """A user's live sessions, most recently used first."""
    now = utcnow()
    return list(
        session.scalars(
            select(WebSession)
            .where(
                WebSession.user_id == user_id,
                WebSession.expires_at > now,
                WebSession.last_seen_at > now - idle,
            )
            .order_by(WebSession.last_seen_at.desc(), WebSession.id.desc())
        )
    )
