"""Checking a password, throttled (see `throttle.py`): signing in, and confirming the current
password before it is changed.

Each check is three short transactions: count the attempt (committed before the slow Argon2
check, so parallel guesses see each other), read the hash, and on success settle the counters.
None of them is open while the password is hashed, so a SQLite writer is never held up by it.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from monotown.accounts.models import User
from monotown.accounts.passwords import hash_password, needs_rehash, verify_password
from monotown.accounts.throttle import (
    attempt_for,
    count_attempt,
    settle_success,
)
from monotown.db import read_only, session_scope
from monotown.errors import TooManyAttemptsError
from monotown.records.kinds import Actor
from monotown.records.provenance import audit, utcnow

__all__ = ["TooManyAttemptsError", "authenticate", "check_password"]


def check_password(
    engine: Engine, username: str, password: str, *, client: str, sign_in: bool = False
) -> int | None:
    """The id of the active user with this name and password, or None; raises
    TooManyAttemptsError while throttled. With `sign_in`, the sign-in is recorded (last sign-in,
    audit log)."""
    attempt = attempt_for(username, client)
    with session_scope(engine) as session:
        count_attempt(session, attempt)
    with session_scope(read_only(engine)) as session:
        found = session.execute(
            select(User.id, User.password_hash, User.active).where(
                func.lower(User.username) == attempt.account
            )
        ).one_or_none()
    stored_hash = found.password_hash if found else None
    if not verify_password(stored_hash, password) or found is None or not found.active:
        return None
    with session_scope(engine) as session:
        settle_success(session, attempt)
        user = session.get_one(User, found.id)
        if user.password_hash and needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        if sign_in:
            user.last_login_at = utcnow()
            audit(
                session,
                Actor(user.username, "web"),
                "login",
                "user",
                user.username,
                note=f"signed in from {attempt.client}",
            )
    return int(found.id)


def authenticate(engine: Engine, username: str, password: str, *, client: str) -> int | None:
    """Sign in: the user's id if the password is right (recorded), None if not."""
    return check_password(engine, username, password, client=client, sign_in=True)
