"""The per-request token check: the same rule as `accounts.find_token`, one cheap query, and its
"last used" note never waits for an import."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text, update

from monotown.accounts.accounts import find_token, update_user
from monotown.accounts.models import ApiToken
from monotown.db import WRITE_WAIT_ENV, read_only, session_scope
from monotown.records.provenance import utcnow
from tests.web.conftest import Web


def _both(web: Web, token: str) -> tuple[object, object]:
    credentials = web.app.state.credentials
    with session_scope(web.engine) as session:
        slow = find_token(session, token)
    return credentials.find_token(token), slow


def _set(web: Web, token_id: int, **values: object) -> None:
    with session_scope(web.engine) as session:
        session.execute(update(ApiToken).where(ApiToken.id == token_id).values(**values))


def test_the_quick_check_follows_the_accounts_rule(web: Web) -> None:
    token = web.tokens["analyst"]
    quick, slow = _both(web, token)
    assert quick == slow and quick is not None
    token_id = quick.token_id  # type: ignore[attr-defined]
    for wrong in ("", "mt_", "mt_nope", token + "x", "x" * 300, token.upper()):
        assert _both(web, wrong) == (None, None)
    _set(web, token_id, expires_at=utcnow() - dt.timedelta(seconds=1))
    assert _both(web, token) == (None, None)
    _set(web, token_id, expires_at=utcnow() + dt.timedelta(days=1), last_used_at=utcnow())
    quick, slow = _both(web, token)
    assert quick == slow and not quick.touch_due  # type: ignore[attr-defined]
    _set(web, token_id, revoked_at=utcnow())
    assert _both(web, token) == (None, None)
    viewer = web.tokens["viewer"]
    with session_scope(web.engine) as session:
        update_user(session, "viewer", active=False, actor="admin", origin="cli")
    assert _both(web, viewer) == (None, None)


def test_noting_last_use_does_not_wait_for_an_import(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    if web.engine.dialect.name == "sqlite":
        pytest.skip("SQLite has one writer at a time: the note queues like every write")
    monkeypatch.setenv(WRITE_WAIT_ENV, "1")
    token = web.tokens["viewer"]
    credentials = web.app.state.credentials
    found = credentials.find_token(token)
    assert found is not None and found.touch_due
    with session_scope(web.engine) as importing:
        importing.execute(text("SELECT 1"))  # a write transaction: it holds the writers' lock
        assert credentials.for_token(token) is not None
        with read_only(web.engine).connect() as other:
            query = select(ApiToken.last_used_at).where(ApiToken.id == found.token_id)
            assert other.execute(query).scalar_one() is not None


def test_a_read_checks_its_token_once(web: Web) -> None:
    """The read-through checks the bearer token and the route behind it trusts that check."""
    from sqlalchemy import event

    checks: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "api_token" in statement and "token_hash" in statement:
            checks.append(statement)

    with web.client("viewer") as client:
        event.listen(web.app.state.engine, "before_cursor_execute", note)
        try:
            answer = client.get("/api/v1/settlements/temirtau")  # a miss: read-through, route
            again = client.get("/api/v1/settlements/temirtau")  # a hit: read-through only
            values = client.get("/api/v1/values", params={"town": "temirtau"})  # the route only
            refused = client.get("/api/v1/values", headers={"Authorization": "Bearer mt_nope"})
        finally:
            event.remove(web.app.state.engine, "before_cursor_execute", note)
    assert answer.headers.get("x-monotown-cache") != "hit"
    assert again.headers["x-monotown-cache"] == "hit"
    assert values.status_code == 200 and refused.status_code == 401
    assert len(checks) == 4, checks
