"""Signing in with a password, throttled: after repeated failures for one account or from one
client address, further attempts are refused for a while (HTTP 429), whatever the password.
"""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from monotown.data.provenance import record_audit, utcnow
from monotown.errors import MonotownError
from monotown.web.auth.models import LoginAttempt, User
from monotown.web.auth.passwords import hash_password, needs_rehash, verify_password

WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_CLIENT = 20
KEEP_ATTEMPTS = dt.timedelta(days=1)


class TooManyAttemptsError(MonotownError):
    """Sign-in refused because of recent failures."""

    http_status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class LoginFailedError(MonotownError):
    """Wrong user name or password (which of the two is not said)."""

    http_status = 401


def _recent_failures(session: Session, since: dt.datetime, **match: str) -> list[dt.datetime]:
    column = LoginAttempt.username if "username" in match else LoginAttempt.client
    value = match.get("username") or match.get("client") or ""
    last_success = session.scalar(
        select(func.max(LoginAttempt.at)).where(column == value, LoginAttempt.success.is_(True))
    )
    start = max(since, last_success) if last_success else since
    return list(
        session.scalars(
            select(LoginAttempt.at)
            .where(column == value, LoginAttempt.success.is_(False), LoginAttempt.at > start)
            .order_by(LoginAttempt.at)
        )
    )


def check_throttle(session: Session, username: str, client: str) -> None:
    """Raise TooManyAttemptsError if this account or client failed too often recently."""
    now = utcnow()
    since = now - WINDOW
    for failures, limit in (
        (_recent_failures(session, since, username=username), MAX_FAILURES_PER_ACCOUNT),
        (_recent_failures(session, since, client=client), MAX_FAILURES_PER_CLIENT),
    ):
        if len(failures) >= limit:
            free_at = failures[-limit] + WINDOW
            wait = max(1, math.ceil((free_at - now).total_seconds()))
            minutes = math.ceil(wait / 60)
            raise TooManyAttemptsError(
                f"too many failed sign-ins; try again in {minutes} minute(s)", retry_after=wait
            )


def authenticate(session: Session, username: str, password: str, *, client: str) -> User | None:
    """The active user with this name and password, or None; every try is recorded.

    Returns rather than raises on a wrong password, so the caller's transaction commits the failed
    attempt (it must count towards the throttle); raises TooManyAttemptsError when throttled.
    """
    name = username.strip().lower()[:80]
    client = client[:64]
    check_throttle(session, name, client)
    user = session.scalars(select(User).where(func.lower(User.username) == name)).one_or_none()
    ok = verify_password(user.password_hash if user else None, password)
    ok = ok and user is not None and user.active
    session.add(LoginAttempt(username=name, client=client, success=ok))
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < utcnow() - KEEP_ATTEMPTS))
    if not ok or user is None:
        return None
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    record_audit(
        session,
        user=user.username,
        origin="web",
        action="login",
        entity="user",
        entity_key=user.username,
        note=f"signed in from {client}",
    )
    return user
