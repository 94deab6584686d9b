"""Server-side sessions and tokens: a signed-out cookie is dead, sessions are listed and can be
ended, a password change ends sessions and revokes tokens, expiry and revocation count at once."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from monotown.accounts.accounts import update_user
from monotown.accounts.models import ApiToken, WebSession
from monotown.db import session_scope
from monotown.records.provenance import utcnow
from monotown.web.session_cookie import SESSION_COOKIE
from monotown.web.settings import WebSettings
from tests.web.conftest import PASSWORD, Web, csrf_of, make_web


def _sessions(web: Web, username: str) -> int:
    from monotown.accounts.models import User

    with session_scope(web.engine) as session:
        query = select(func.count()).select_from(WebSession).join(User)
        return int(session.scalar(query.where(User.username == username)) or 0)


def test_the_cookie_carries_only_a_random_id_whose_hash_is_stored(web: Web) -> None:
    browser = web.browser("viewer")
    cookie = browser.cookies[SESSION_COOKIE]
    value = cookie.strip('"').rsplit(".", 2)[0]  # itsdangerous: value.timestamp.signature
    assert re.fullmatch(r"[A-Za-z0-9_-]{40,}", value)
    with session_scope(web.engine) as session:
        stored = session.scalars(select(WebSession.id_hash)).all()
    assert hashlib.sha256(value.encode()).hexdigest() in stored
    assert value not in stored


def test_a_saved_cookie_is_dead_after_sign_out_and_cannot_mint_tokens(web: Web) -> None:
    browser = web.browser("analyst")
    saved = browser.cookies[SESSION_COOKIE]
    assert browser.get("/account").status_code == 200
    browser.post("/logout", data={"csrf_token": csrf_of(browser, "/account")})
    assert _sessions(web, "analyst") == 0

    thief = TestClient(web.app, follow_redirects=False)
    thief.cookies.set(SESSION_COOKIE, saved)
    assert thief.get("/account").status_code == 303
    assert thief.get("/api/v1/me").status_code == 401
    csrf = csrf_of(thief, "/login")  # a page still hands this cookie a CSRF token
    minted = thief.post(
        "/api/v1/me/tokens", json={"name": "stolen"}, headers={"X-CSRF-Token": csrf}
    )
    assert minted.status_code == 401
    with session_scope(web.engine) as session:
        assert not session.scalars(select(ApiToken).where(ApiToken.name == "stolen")).all()


def test_the_account_page_lists_sessions_and_ends_them(web: Web) -> None:
    laptop = web.browser("viewer")
    phone = TestClient(web.app, follow_redirects=False, headers={"User-Agent": "PhoneBrowser/1.0"})
    phone.post(
        "/login",
        data={"username": "viewer", "password": PASSWORD, "csrf_token": csrf_of(phone, "/login")},
    )
    page = laptop.get("/account").text
    assert "PhoneBrowser/1.0" in page and "this browser" in page
    rows = re.findall(r'action="/account/sessions/(\d+)/end"', page)
    assert len(rows) == 1  # the other session; this one is marked instead

    forged = laptop.post(f"/account/sessions/{rows[0]}/end", data={})
    assert forged.status_code == 403
    assert phone.get("/account").status_code == 200

    ended = laptop.post(
        f"/account/sessions/{rows[0]}/end", data={"csrf_token": csrf_of(laptop, "/account")}
    )
    assert ended.status_code == 303
    assert phone.get("/account").status_code == 303
    assert laptop.get("/account").status_code == 200

    other = web.browser("viewer")
    everywhere = laptop.post(
        "/account/sessions/end-all", data={"csrf_token": csrf_of(laptop, "/account")}
    )
    assert everywhere.headers["location"] == "/login"
    assert laptop.get("/account").status_code == 303
    assert other.get("/account").status_code == 303
    assert _sessions(web, "viewer") == 0


def test_someone_elses_session_cannot_be_ended(web: Web) -> None:
    victim = web.browser("analyst")
    with session_scope(web.engine) as session:
        victim_id = session.scalars(select(WebSession.id)).one()
    viewer = web.browser("viewer")
    viewer.post(
        f"/account/sessions/{victim_id}/end", data={"csrf_token": csrf_of(viewer, "/account")}
    )
    assert victim.get("/account").status_code == 200


@pytest.mark.parametrize("keep_tokens", [False, True])
def test_a_password_change_ends_other_sessions_and_revokes_tokens_unless_kept(
    web: Web, keep_tokens: bool
) -> None:
    here, elsewhere = web.browser("viewer"), web.browser("viewer")
    form = {
        "current": PASSWORD,
        "password": "a-brand-new-secret",
        "csrf_token": csrf_of(here, "/account"),
    }
    if keep_tokens:
        form["keep_tokens"] = "1"
    assert here.post("/account/password", data=form).status_code == 303
    assert here.get("/account").status_code == 200
    assert elsewhere.get("/account").status_code == 303
    expected = 200 if keep_tokens else 401
    assert web.client("viewer").get("/api/v1/me").status_code == expected


def test_disabling_ends_sessions_for_good(web: Web) -> None:
    browser = web.browser("analyst")
    with session_scope(web.engine) as session:
        update_user(session, "analyst", active=False, actor="admin", origin="cli")
    assert _sessions(web, "analyst") == 0
    with session_scope(web.engine) as session:
        update_user(session, "analyst", active=True, actor="admin", origin="cli")
    assert browser.get("/account").status_code == 303  # re-enabling revives no session


@pytest.fixture
def cached_web(reference_db_url: str, password_hash: str) -> Web:
    """The app with a read cache that trusts itself for a minute (as a busy server would)."""
    return make_web(reference_db_url, password_hash, WebSettings(cache_seconds=60))


@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/regions"])
@pytest.mark.parametrize("change", ["expire", "revoke"])
def test_an_expired_or_revoked_token_stops_at_once_while_no_data_changes(
    cached_web: Web, path: str, change: str
) -> None:
    viewer = cached_web.client("viewer")
    issued = viewer.post("/api/v1/me/tokens", json={"name": "short", "expires_days": 1}).json()
    script = TestClient(cached_web.app, headers={"Authorization": f"Bearer {issued['token']}"})
    assert script.get(path).status_code == 200
    assert script.get(path).status_code == 200  # now answered from the cache
    past = utcnow() - dt.timedelta(seconds=1)
    values = {"expires_at": past} if change == "expire" else {"revoked_at": past}
    with session_scope(cached_web.engine) as session:  # no audit entry: the data stamp stays
        session.execute(update(ApiToken).where(ApiToken.id == issued["id"]).values(**values))
    assert script.get(path).status_code == 401
    assert viewer.get(path).status_code == 200
    cached_web.engine.dispose()


def test_an_idle_session_ends(web: Web) -> None:
    browser = web.browser("viewer")
    long_ago = utcnow() - dt.timedelta(minutes=121)
    with session_scope(web.engine) as session:
        session.execute(update(WebSession).values(last_seen_at=long_ago))
    assert browser.get("/account").status_code == 303
