"""Accounts without the web: users and roles, passwords, throttled checks, tokens, sessions and
the cookie signing key, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from monotown.accounts.accounts import (
    create_token,
    create_user,
    find_token,
    get_user,
    principal_for,
    revoke_token,
    set_password,
)
from monotown.accounts.login import authenticate, check_password
from monotown.accounts.roles import Permission
from monotown.accounts.sessions import end_session, find_session, start_session
from monotown.accounts.signing import session_signing_key
from monotown.db import session_scope
from monotown.errors import (
    InputError,
    NotAuthenticatedError,
    PermissionDeniedError,
    TooManyAttemptsError,
)
from monotown.records.provenance import AuditEntry
from monotown.registry.models import Region

PASSWORD = "correct horse battery staple"
IDLE = dt.timedelta(hours=1)


def _editor(engine: Engine) -> tuple[int, str]:
    with session_scope(engine) as session:
        region = session.scalars(select(Region).order_by(Region.code)).first()
        assert region is not None
        user = create_user(
            session, "editor", role="regional_editor", password=PASSWORD,
            regions=[region.code], actor="test", origin="system",
        )  # fmt: skip
        return user.id, region.code


def test_a_regional_editor_may_edit_only_their_regions(reference_engine: Engine) -> None:
    _editor(reference_engine)
    with session_scope(reference_engine) as session:
        principal = principal_for(get_user(session, "editor"), "cli")
    assert principal.can(Permission.edit_data) and not principal.can(Permission.manage_users)
    with pytest.raises(PermissionDeniedError, match="may not manage_users"):
        principal.require(Permission.manage_users)
    (own,) = principal.region_ids
    principal.require_regions({own}, "the town")
    with pytest.raises(PermissionDeniedError, match="the other town is outside them"):
        principal.require_regions({own + 1000}, "the other town")


def test_passwords_are_checked_throttled_and_changed(reference_engine: Engine) -> None:
    user_id, _ = _editor(reference_engine)
    assert authenticate(reference_engine, "Editor", PASSWORD, client="192.0.2.1") == user_id
    with pytest.raises(TooManyAttemptsError) as raised:
        for _ in range(30):
            assert check_password(reference_engine, "editor", "wrong", client="192.0.2.9") is None
    assert raised.value.http_status == 429 and raised.value.retry_after > 0
    with session_scope(reference_engine) as session:
        with pytest.raises(InputError):
            set_password(session, "editor", "short", actor="test", origin="system")
        set_password(session, "editor", PASSWORD + "!", actor="test", origin="system")
    assert check_password(reference_engine, "editor", PASSWORD, client="192.0.2.2") is None
    assert check_password(reference_engine, "editor", PASSWORD + "!", client="192.0.2.2")
    with session_scope(reference_engine) as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity_key == "editor")
        ).all()
    assert "login" in actions


def test_tokens_and_sessions_stop_when_revoked_or_ended(reference_engine: Engine) -> None:
    user_id, _ = _editor(reference_engine)
    with session_scope(reference_engine) as session:
        token, plain = create_token(session, "editor", name="script", actor="test", origin="system")
        cookie = start_session(
            session, user_id, client="192.0.2.1", user_agent="test", lifetime=dt.timedelta(days=1)
        )
    with session_scope(reference_engine) as session:
        found = find_token(session, plain)
        assert found is not None and found.user_id == user_id
        live = find_session(session, cookie, idle=IDLE)
        assert live is not None and live.user_id == user_id
        revoke_token(session, token.id, actor="test", origin="system")
        end_session(session, cookie)
    with session_scope(reference_engine) as session:
        assert find_token(session, plain) is None
        assert find_session(session, cookie, idle=IDLE) is None
        assert find_token(session, plain[:-1] + "x") is None


def test_the_signing_key_is_made_once_and_shared(engine: Engine) -> None:
    key = session_signing_key(engine)
    assert len(key) >= 40 and session_signing_key(engine) == key


def test_nobody_is_let_in_unauthenticated() -> None:
    from monotown.accounts.roles import ANONYMOUS

    with pytest.raises(NotAuthenticatedError):
        ANONYMOUS.require(Permission.read)
