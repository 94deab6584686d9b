"""Managing accounts: create users, change roles, regions and passwords, issue and revoke tokens.

Shared by `monotown users ...` and the admin pages; every change is written to the audit log with
who did it and through what (cli, web or api). Password hashes never enter the audit log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from monotown.accounts.models import ApiToken, User
from monotown.accounts.passwords import (
    check_password_strength,
    generate_password,
    hash_password,
)
from monotown.accounts.roles import Principal, Role, parse_role
from monotown.accounts.sessions import end_sessions
from monotown.errors import ConflictError, InputError, NotFoundError, or_not_found
from monotown.records.kinds import Actor
from monotown.records.provenance import audit, utcnow
from monotown.registry import find_region
from monotown.registry.models import Region

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,79}$")
TOKEN_PREFIX = "mt_"
FIRST_ADMIN = "admin"
TOKEN_TOUCH_EVERY = dt.timedelta(minutes=5)


def user_summary(user: User) -> dict[str, Any]:
    """What the audit log keeps about a user (never the password hash)."""
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "regions": [region.code for region in user.regions],
        "active": user.active,
    }


def _audit(
    session: Session, action: str, entity: str, key: str, actor: str, origin: str, **change: Any
) -> None:
    """One audit row for a change to an account or a token (`change`: old, new or note)."""
    audit(session, Actor(actor, origin), action, entity, key, **change)


def get_user(session: Session, username: str) -> User:
    user = session.scalars(
        select(User).where(func.lower(User.username) == username.strip().lower())
    ).one_or_none()
    return or_not_found(user, f"no user named '{username}'")


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def _regions(session: Session, names: Iterable[str]) -> list[Region]:
    found: dict[int, Region] = {}
    for name in names:
        if name.strip():
            region = find_region(session, name.strip())
            found[region.id] = region
    return sorted(found.values(), key=lambda region: region.code)


def _check_role_regions(role: Role, regions: Sequence[Region]) -> None:
    if role is Role.regional_editor and not regions:
        raise InputError("a regional editor needs at least one region", field="regions")


def create_user(
    session: Session,
    username: str,
    *,
    role: str,
    password: str | None,
    regions: Iterable[str] = (),
    display_name: str | None = None,
    actor: str,
    origin: str,
) -> User:
    """Add a user; `password=None` creates an account that cannot sign in until one is set."""
    username = username.strip()
    if not USERNAME_PATTERN.match(username):
        raise InputError(
            "use 1-80 letters, digits, '.', '_', '@' or '-', starting with a letter or digit",
            field="username",
            value=username,
        )
    parsed = parse_role(role)
    chosen = _regions(session, regions)
    _check_role_regions(parsed, chosen)
    exists = session.scalar(
        select(func.count()).select_from(User).where(func.lower(User.username) == username.lower())
    )
    if exists:
        raise ConflictError(f"a user named '{username}' already exists")
    if password is not None:
        check_password_strength(password)
    user = User(
        username=username,
        display_name=(display_name or "").strip() or None,
        role=parsed.value,
        password_hash=hash_password(password) if password is not None else None,
        password_changed_at=utcnow() if password is not None else None,
        active=True,
    )
    user.regions = chosen
    session.add(user)
    session.flush()
    _audit(session, "create", "user", user.username, actor, origin, new=user_summary(user))
    return user


def update_user(
    session: Session,
    username: str,
    *,
    role: str | None = None,
    regions: Iterable[str] | None = None,
    active: bool | None = None,
    display_name: str | None = None,
    actor: str,
    origin: str,
) -> User:
    """Change a user's role, regions, display name or whether the account may sign in."""
    user = get_user(session, username)
    old = user_summary(user)
    parsed = parse_role(role) if role is not None else Role(user.role)
    chosen = _regions(session, regions) if regions is not None else list(user.regions)
    if parsed is not Role.regional_editor and regions is None:
        chosen = []
    _check_role_regions(parsed, chosen)
    if Role(user.role) is Role.admin and (parsed is not Role.admin or active is False):
        _keep_one_admin(session, user)
    user.role = parsed.value
    user.regions = chosen
    if active is not None:
        user.active = active
        if not active:
            end_sessions(session, user.id)
    if display_name is not None:
        user.display_name = display_name.strip() or None
    session.flush()
    new = user_summary(user)
    if new != old:
        _audit(session, "update", "user", user.username, actor, origin, old=old, new=new)
    return user


def _keep_one_admin(session: Session, user: User) -> None:
    others = session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.admin.value, User.active.is_(True), User.id != user.id)
    )
    if not others:
        raise ConflictError(f"'{user.username}' is the last active admin; appoint another first")


def set_password(
    session: Session,
    username: str,
    password: str,
    *,
    actor: str,
    origin: str,
    keep_session: int | None = None,
    keep_tokens: bool = False,
) -> User:
    """Set a new password. Every session of the user ends (but `keep_session`, the browser that
    changed it) and, unless `keep_tokens`, every API token is revoked: whoever knew the old
    password may have kept a session or made a token with it."""
    check_password_strength(password)
    user = get_user(session, username)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    ended = end_sessions(session, user.id, keep=keep_session)
    revoked = 0
    if not keep_tokens:
        now = utcnow()
        for token in user.tokens:
            if token.revoked_at is None:
                token.revoked_at = now
                revoked += 1
    note = f"password changed; {ended} session(s) ended, {revoked} token(s) revoked"
    _audit(session, "update", "user", user.username, actor, origin, note=note)
    return user


def delete_user(session: Session, username: str, *, actor: str, origin: str) -> None:
    user = get_user(session, username)
    if Role(user.role) is Role.admin:
        _keep_one_admin(session, user)
    old = user_summary(user)
    session.delete(user)
    session.flush()
    _audit(session, "delete", "user", old["username"], actor, origin, old=old)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    session: Session,
    username: str,
    *,
    name: str,
    expires_days: int | None = None,
    actor: str,
    origin: str,
) -> tuple[ApiToken, str]:
    """Issue a bearer token; the plain token is returned once and only its hash is stored."""
    user = get_user(session, username)
    name = name.strip()
    if not name or len(name) > 120:
        raise InputError("give the token a name of 1-120 characters", field="name")
    if expires_days is not None and not 1 <= expires_days <= 3660:
        raise InputError("expiry must be 1-3660 days", field="expires_days", value=expires_days)
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=_token_hash(plain),
        prefix=plain[:10],
        expires_at=utcnow() + dt.timedelta(days=expires_days) if expires_days else None,
    )
    session.add(token)
    session.flush()
    new = {"name": name, "prefix": token.prefix, "expires_at": str(token.expires_at or "")}
    _audit(session, "create", "api_token", f"{user.username}#{token.id}", actor, origin, new=new)
    return token, plain


def revoke_token(
    session: Session, token_id: int, *, actor: str, origin: str, owner: str | None = None
) -> ApiToken:
    """Revoke a token; with `owner`, only a token of that user (people revoke their own)."""
    token = session.get(ApiToken, token_id)
    if token is None or (owner is not None and token.user.username != owner):
        raise NotFoundError(f"no API token {token_id}")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        old = {"name": token.name, "prefix": token.prefix}
        key = f"{token.user.username}#{token.id}"
        _audit(session, "delete", "api_token", key, actor, origin, old=old)
    return token


def principal_for(user: User, via: str) -> Principal:
    return Principal(
        user_id=user.id,
        username=user.username,
        role=Role(user.role),
        region_ids=frozenset(region.id for region in user.regions),
        region_codes=tuple(region.code for region in user.regions),
        via=via,
    )


@dataclass(frozen=True)
class ActiveToken:
    """A valid token found for a bearer header, and whether its "last used" is due."""

    token_id: int
    user_id: int
    touch_due: bool


def find_token(session: Session, token: str) -> ActiveToken | None:
    """The valid (known, unrevoked, unexpired, of an active user) token, else None. Checked on
    every request: a revoked or expired token stops working at once."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    found = session.execute(
        select(ApiToken.id, ApiToken.user_id, ApiToken.expires_at, ApiToken.last_used_at)
        .join(User, User.id == ApiToken.user_id)
        .where(
            ApiToken.token_hash == _token_hash(token),
            ApiToken.revoked_at.is_(None),
            User.active.is_(True),
        )
    ).one_or_none()
    now = utcnow()
    if found is None or (found.expires_at is not None and found.expires_at <= now):
        return None
    # coarse, so busy scripts do not write on every request
    due = found.last_used_at is None or now - found.last_used_at > TOKEN_TOUCH_EVERY
    return ActiveToken(found.id, found.user_id, due)


def touch_token(session: Session, token_id: int) -> None:
    session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=utcnow()))


def ensure_admin(
    session: Session, *, password: str | None = None, actor: str = "system"
) -> tuple[User, str | None]:
    """Create the first admin if no admin exists; returns the admin and the new password (if any).

    `password` (e.g. from MONOTOWN_ADMIN_PASSWORD) is used instead of a random one.
    """
    existing = session.scalars(
        select(User).where(User.role == Role.admin.value).order_by(User.id)
    ).first()
    if existing is not None:
        return existing, None
    chosen = password or generate_password()
    if session.scalar(select(func.count()).where(User.username == FIRST_ADMIN)):
        raise ConflictError(f"a non-admin user '{FIRST_ADMIN}' exists; promote an admin by hand")
    user = create_user(
        session, FIRST_ADMIN, role="admin", password=chosen, actor=actor, origin="system"
    )
    user.display_name = "Administrator"
    return user, chosen
