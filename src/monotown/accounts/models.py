"""Accounts of the web app and the API: users, the regions a regional editor may change, bearer
tokens, signed-in sessions, sign-in throttle counters and the key that signs session cookies.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monotown.accounts.roles import Role
from monotown.db import Base
from monotown.models.columns import Keyed, owned_by, sql_in
from monotown.records.provenance import utcnow
from monotown.registry.models import Region

# The words of the role column: the roles `accounts.roles` grants permissions to.
ROLES = tuple(role.value for role in Role)


class User(Keyed, Base):
    """A person who signs in to the dashboard or calls the API with a token."""

    __tablename__ = "app_user"

    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    regions: Mapped[list[Region]] = relationship(
        secondary="user_region", order_by="Region.code", lazy="selectin"
    )
    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="ApiToken.id"
    )
    sessions: Mapped[list[WebSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="WebSession.id"
    )

    __table_args__ = (
        CheckConstraint(sql_in("role", ROLES), name="role_known"),
        CheckConstraint("length(username) > 0", name="username_not_empty"),
    )


class UserRegion(Base):
    """A region whose settlements a regional editor may change."""

    __tablename__ = "user_region"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True
    )
    region_id: Mapped[int] = mapped_column(
        ForeignKey("region.id", ondelete="CASCADE"), primary_key=True
    )


class ApiToken(Keyed, Base):
    """A bearer token for scripts; only its SHA-256 is stored, the token is shown once."""

    __tablename__ = "api_token"

    user_id: Mapped[int] = owned_by("app_user")
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship(back_populates="tokens")


class WebSession(Keyed, Base):
    """A signed-in browser. The cookie carries a random id; only its SHA-256 is stored, so the
    table cannot be used to take over a session, and deleting the row ends the session."""

    __tablename__ = "web_session"

    id_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = owned_by("app_user")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    client: Mapped[str] = mapped_column(String(64))
    user_agent: Mapped[str] = mapped_column(String(300))

    user: Mapped[User] = relationship(back_populates="sessions")


class LoginThrottle(Base):
    """Failed password checks counted under one key (an address, an account, or an account from
    one address); counted before the password is checked, so parallel guesses see each other."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(220), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    blocked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class WebSecret(Base):
    """Random keys shared by every server process (the session-cookie signing key)."""

    __tablename__ = "web_secret"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
