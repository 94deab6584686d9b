"""Slowing down password guessing without letting a guesser lock the owner out.

Every password check (signing in, and the current password on the account page) is counted under
three keys before the password is looked at:

- the client address (`addr:`): 20 failures free, then an exponential backoff (30 s, 1 min, 2 min,
  ... up to 15 min). A successful sign-in does not reset it, so one address cannot guess at many
  accounts by mixing in sign-ins to an account of its own;
- the account from that address (`pair:`): 5 failures free, then the same backoff. Only this
  pair's own failures count, and a sign-in with the right password resets it;
- the account from anywhere (`acct:`): 30 failures free, then a backoff (5 s, 10 s, ... capped at
  one minute) that applies only to addresses the account has not signed in from during the last
  90 days. Guessing an admin's password from a thousand addresses therefore slows the guessers
  down to about one guess a minute, while the admin signs in from their usual address as ever.

A key forgets its failures after 15 minutes without one. Counting happens in its own short write
transaction before the (slow, Argon2) password check and is committed at once, so parallel
attempts see each other: of 20 simultaneous guesses only the free allowance reaches the check.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from monotown.accounts.models import LoginThrottle
from monotown.errors import TooManyAttemptsError
from monotown.records.provenance import utcnow

FORGET_AFTER = dt.timedelta(minutes=15)
KNOWN_ADDRESS_FOR = dt.timedelta(days=90)
KEEP_FAILURES_FOR = dt.timedelta(days=1)


@dataclass(frozen=True)
class Limit:
    """Failures allowed under one kind of key before each further one costs a growing wait."""

    prefix: str
    free_failures: int
    first_wait_seconds: float
    max_wait_seconds: float

    def wait_after(self, failures: int) -> float:
        """Seconds to wait after `failures` counted failures: 0 within the allowance, then the
        first wait, doubling with every further failure, capped."""
        over = failures - self.free_failures
        if over < 0:
            return 0.0
        return float(min(self.max_wait_seconds, self.first_wait_seconds * 2.0 ** min(over, 30)))


ADDRESS = Limit("addr", 20, 30, 900)
ACCOUNT_FROM_ADDRESS = Limit("pair", 5, 30, 900)
ACCOUNT = Limit("acct", 30, 5, 60)


def normalise_account(username: str) -> str:
    return username.strip().lower()[:80]


@dataclass(frozen=True)
class Attempt:
    """The keys one password check counts under."""

    account: str
    client: str

    @property
    def address_key(self) -> str:
        return f"{ADDRESS.prefix}:{self.client}"

    @property
    def pair_key(self) -> str:
        return f"{ACCOUNT_FROM_ADDRESS.prefix}:{self.account}|{self.client}"

    @property
    def account_key(self) -> str:
        return f"{ACCOUNT.prefix}:{self.account}"

    def keys(self) -> dict[str, Limit]:
        return {
            self.address_key: ADDRESS,
            self.pair_key: ACCOUNT_FROM_ADDRESS,
            self.account_key: ACCOUNT,
        }


def attempt_for(username: str, client: str) -> Attempt:
    return Attempt(normalise_account(username), client.strip()[:64] or "unknown")


def _locked_rows(session: Session, keys: Iterable[str]) -> dict[str, LoginThrottle]:
    """The counters of `keys`, created if missing, locked until the transaction ends (row locks on
    PostgreSQL; SQLite's write transactions already hold the whole database)."""
    ordered = sorted(set(keys))  # one lock order for everyone: no deadlocks
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for key in ordered:
        session.execute(insert(LoginThrottle).values(key=key, failures=0).on_conflict_do_nothing())
    rows = session.scalars(
        select(LoginThrottle)
        .where(LoginThrottle.key.in_(ordered))
        .order_by(LoginThrottle.key)
        .with_for_update()
    )
    return {row.key: row for row in rows}


def _forget_if_quiet(row: LoginThrottle, now: dt.datetime) -> None:
    if row.last_failure_at is not None and now - row.last_failure_at >= FORGET_AFTER:
        row.failures = 0
        row.blocked_until = None


def _refusal(wait_until: dt.datetime, now: dt.datetime) -> TooManyAttemptsError:
    wait = max(1, math.ceil((wait_until - now).total_seconds()))
    return TooManyAttemptsError(
        f"too many failed password checks; try again in {wait} second(s)", retry_after=wait
    )


def count_attempt(session: Session, attempt: Attempt) -> None:
    """Count this attempt as a failure before the password is checked (`settle_success` takes it
    back), or raise TooManyAttemptsError if one of its keys is still waiting out a backoff.

    Call it in a transaction of its own and commit before checking the password.
    """
    now = utcnow()
    rows = _locked_rows(session, attempt.keys())
    for row in rows.values():
        _forget_if_quiet(row, now)
    pair = rows[attempt.pair_key]
    known = pair.last_success_at is not None and now - pair.last_success_at < KNOWN_ADDRESS_FOR
    binding = [attempt.address_key, attempt.pair_key] + ([] if known else [attempt.account_key])
    waits = [
        until for key in binding if (until := rows[key].blocked_until) is not None and until > now
    ]
    if waits:
        raise _refusal(max(waits), now)
    for key, limit in attempt.keys().items():
        row = rows[key]
        row.failures += 1
        row.last_failure_at = now
        wait = limit.wait_after(row.failures)
        row.blocked_until = now + dt.timedelta(seconds=wait) if wait else None


def settle_success(session: Session, attempt: Attempt) -> None:
    """The password was right: the account-from-address counter starts again and remembers the
    address; the address and account counters only take back this attempt's presumed failure."""
    now = utcnow()
    rows = _locked_rows(session, attempt.keys())
    for key, limit in attempt.keys().items():
        row = rows[key]
        if key == attempt.pair_key:
            row.failures = 0
            row.blocked_until = None
            row.last_success_at = now
            continue
        row.failures = max(0, row.failures - 1)
        if limit.wait_after(row.failures) == 0:
            row.blocked_until = None
    session.execute(
        delete(LoginThrottle).where(
            or_(
                LoginThrottle.last_success_at.is_(None)
                & (LoginThrottle.last_failure_at < now - KEEP_FAILURES_FOR),
                LoginThrottle.last_success_at < now - KNOWN_ADDRESS_FOR,
            )
        )
    )


def unlock_account(session: Session, username: str) -> int:
    """Clear an account's counters (from anywhere and from every address); the addresses it signed
    in from stay known. Returns how many counters were cleared."""
    account = normalise_account(username)
    rows = session.scalars(
        select(LoginThrottle).where(
            or_(
                LoginThrottle.key == f"{ACCOUNT.prefix}:{account}",
                LoginThrottle.key.startswith(
                    f"{ACCOUNT_FROM_ADDRESS.prefix}:{account}|", autoescape=True
                ),
            )
        )
    ).all()
    cleared = 0
    for row in rows:
        cleared += row.failures > 0 or row.blocked_until is not None
        row.failures = 0
        row.blocked_until = None
    return cleared


def unlock_address(session: Session, client: str) -> bool:
    """Clear the counter of one client address (e.g. an office behind one NAT address)."""
    row = session.get(LoginThrottle, f"{ADDRESS.prefix}:{client.strip()}")
    if row is None or (row.failures == 0 and row.blocked_until is None):
        return False
    row.failures = 0
    row.blocked_until = None
    return True
