"""The token check on the event loop (SQLite): one indexed read on the loop's own connection (no
thread hop), which sees a revocation or an expiry at the very next request, leaves no transaction
open, and gives way to the thread pool's check when it cannot answer. On PostgreSQL, a round trip
that could stall the loop, the check stays in the thread pool and sees the same ends at once."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, text, update

from monotown.accounts.models import ApiToken
from monotown.db import session_scope
from monotown.records.provenance import utcnow
from monotown.web.settings import WebSettings
from tests.web.conftest import Web, make_web


@pytest.fixture
def cached_web(reference_db_url: str, password_hash: str) -> Iterator[Web]:
    """The app with a read cache that trusts itself for a minute (principals come from it)."""
    web = make_web(reference_db_url, password_hash, WebSettings(cache_seconds=60))
    yield web
    web.app.state.credentials.close()
    web.engine.dispose()


@contextmanager
def token_checks(web: Web) -> Iterator[list[str]]:
    """The names of the threads each token check of the app ran in."""
    threads: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "api_token" in statement and "token_hash" in statement:
            threads.append(threading.current_thread().name)

    event.listen(web.app.state.engine, "before_cursor_execute", note)
    try:
        yield threads
    finally:
        event.remove(web.app.state.engine, "before_cursor_execute", note)


def _in_the_right_place(web: Web, threads: list[str]) -> bool:
    """SQLite checks on the loop (no worker thread), PostgreSQL in the thread pool."""
    on_loop = web.engine.dialect.name == "sqlite"
    return all(("worker" in name.lower()) != on_loop for name in threads)


def _sqlite_only(web: Web) -> None:
    if web.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL checks tokens in the thread pool: the loop keeps no connection")


def _issued(web: Web) -> tuple[TestClient, int]:
    viewer = web.client("viewer")
    issued = viewer.post("/api/v1/me/tokens", json={"name": "loop", "expires_days": 2}).json()
    script = TestClient(web.app, headers={"Authorization": f"Bearer {issued['token']}"})
    return script, int(issued["id"])


@pytest.mark.parametrize("change", ["revoke", "expire", "deactivate"])
def test_the_loop_checks_a_token_and_sees_its_end_at_once(cached_web: Web, change: str) -> None:
    script, token_id = _issued(cached_web)
    paths = ("/api/v1/values?town=temirtau&per_page=2", "/api/v1/regions", "/api/v1/me")
    for path in paths:
        assert script.get(path).status_code == 200  # the first one opens the loop's connection
    with token_checks(cached_web) as threads:
        for path in paths:
            assert script.get(path).status_code == 200
    assert len(threads) == 3 and _in_the_right_place(cached_web, threads), threads
    past = utcnow() - dt.timedelta(seconds=1)
    with session_scope(cached_web.engine) as session:  # no audit entry: the data stamp stays
        if change == "deactivate":
            session.execute(text("UPDATE app_user SET active = false WHERE username = 'viewer'"))
        else:
            values = {"revoked_at": past} if change == "revoke" else {"expires_at": past}
            session.execute(update(ApiToken).where(ApiToken.id == token_id).values(**values))
    with token_checks(cached_web) as threads:
        for path in paths:
            answer = script.get(path)
            assert answer.status_code == 401, (path, answer.text)
            assert answer.json()["detail"] == "the bearer token is unknown, revoked or expired"
    # (a refused token is checked by the read-through and again by the route it passes on to)
    assert len(threads) >= 3 and _in_the_right_place(cached_web, threads), threads
    if change != "deactivate":
        assert cached_web.client("viewer").get("/api/v1/me").status_code == 200


def test_the_loops_connection_keeps_no_transaction_open(cached_web: Web) -> None:
    script, _token_id = _issued(cached_web)
    assert script.get("/api/v1/me").status_code == 200
    assert script.get("/api/v1/me").status_code == 200
    connection = cached_web.app.state.credentials._loop_connection
    if cached_web.engine.dialect.name != "sqlite":
        assert connection is None  # PostgreSQL: the thread pool's check only
        return
    assert connection is not None
    assert not connection.connection.dbapi_connection.in_transaction


def test_a_broken_loop_connection_gives_way_to_the_pool(cached_web: Web) -> None:
    _sqlite_only(cached_web)
    script, token_id = _issued(cached_web)
    assert script.get("/api/v1/me").status_code == 200
    credentials = cached_web.app.state.credentials
    broken = credentials._loop_connection
    broken.connection.dbapi_connection.close()  # as when the server drops it
    with token_checks(cached_web) as threads:
        assert script.get("/api/v1/me").status_code == 200
    assert any("worker" in name.lower() for name in threads), threads  # the pool answered
    assert credentials._loop_connection is not None and credentials._loop_connection is not broken
    with session_scope(cached_web.engine) as session:
        session.execute(update(ApiToken).where(ApiToken.id == token_id).values(revoked_at=utcnow()))
    assert script.get("/api/v1/me").status_code == 401


def test_bad_tokens_are_refused_without_a_query(cached_web: Web) -> None:
    client = TestClient(cached_web.app)
    with token_checks(cached_web) as threads:
        for token in ("nope", "mt_" + "x" * 300):
            answer = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
            assert answer.status_code == 401
    assert threads == []
