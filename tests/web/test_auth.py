"""Signing in: sessions, throttling, CSRF, tokens, disabled accounts, public reading."""

from __future__ import annotations

from fastapi.testclient import TestClient

from monotown.accounts.accounts import set_password, update_user
from monotown.db import session_scope
from monotown.web.settings import WebSettings
from tests.web.conftest import PASSWORD, Web, csrf_of, make_web


def _login(client: TestClient, username: str, password: str, next: str = "/") -> object:
    return client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "next": next,
            "csrf_token": csrf_of(client, "/login"),
        },
    )


def test_pages_ask_anonymous_visitors_to_sign_in(web: Web) -> None:
    client = web.browser()
    answer = client.get("/towns?region=KZ-35")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/towns%3Fregion%3DKZ-35"
    signed_in = _login(client, "viewer", PASSWORD, next="/towns?region=KZ-35")
    assert signed_in.status_code == 303  # type: ignore[attr-defined]
    assert signed_in.headers["location"] == "/towns?region=KZ-35"  # type: ignore[attr-defined]
    assert client.get("/towns").status_code == 200
    cookie = signed_in.headers["set-cookie"].lower()  # type: ignore[attr-defined]
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_a_crafted_next_never_leaves_the_site(web: Web) -> None:
    client = web.browser()
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        answer = _login(client, "viewer", PASSWORD, next=target)
        assert answer.headers["location"] == "/"  # type: ignore[attr-defined]


def test_wrong_passwords_are_throttled(web: Web) -> None:
    client = web.browser()
    wrong = _login(client, "viewer", "not-the-password")
    assert wrong.status_code == 401  # type: ignore[attr-defined]
    assert "Wrong user name or password" in wrong.text  # type: ignore[attr-defined]
    for _ in range(4):
        _login(client, "viewer", "not-the-password")
    blocked = _login(client, "viewer", PASSWORD)
    assert blocked.status_code == 429  # type: ignore[attr-defined]
    assert int(blocked.headers["retry-after"]) > 0  # type: ignore[attr-defined]
    assert client.get("/towns").status_code == 303  # still not signed in
    assert _login(web.browser(), "analyst", PASSWORD).status_code == 303  # type: ignore[attr-defined]
    assert web.audit_count(action="login", entity_key="viewer") == 0


def test_forms_without_the_csrf_token_are_refused(web: Web) -> None:
    client = web.browser("karaganda")
    forged = client.post(
        "/towns/temirtau/edit",
        data={
            "code": "temirtau",
            "kind": "town",
            "name_en": "Hacked",
            "name_ru": "Х",
            "region": "KZ-35",
        },
    )
    assert forged.status_code == 403
    api_forged = client.patch("/api/v1/settlements/temirtau", json={"name_en": "Hacked"})
    assert api_forged.status_code == 403
    assert web.client("viewer").get("/api/v1/settlements/temirtau").json()["name_en"] == "Temirtau"
    token = csrf_of(client, "/towns/temirtau/edit")
    allowed = client.patch(
        "/api/v1/settlements/temirtau", json={"note": "via htmx"}, headers={"X-CSRF-Token": token}
    )
    assert allowed.status_code == 200
    login_forged = web.browser().post("/login", data={"username": "viewer", "password": PASSWORD})
    assert login_forged.status_code == 403


def test_sign_out_and_password_change_end_sessions(web: Web) -> None:
    first, second = web.browser("viewer"), web.browser("viewer")
    assert first.get("/account").status_code == 200
    first.post("/logout", data={"csrf_token": csrf_of(first, "/account")})
    assert first.get("/account").status_code == 303
    changed = second.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "password": "a-brand-new-secret",
            "csrf_token": csrf_of(second, "/account"),
        },
    )
    assert changed.status_code == 303
    assert second.get("/account").status_code == 200  # the session that changed it stays
    third = web.browser()
    assert _login(third, "viewer", "a-brand-new-secret").status_code == 303  # type: ignore[attr-defined]
    with session_scope(web.engine) as session:
        set_password(session, "viewer", "another-secret-9", actor="admin", origin="cli")
    assert second.get("/account").status_code == 303
    assert third.get("/account").status_code == 303


def test_disabled_users_lose_sessions_and_tokens(web: Web) -> None:
    browser = web.browser("analyst")
    with session_scope(web.engine) as session:
        update_user(session, "analyst", active=False, actor="admin", origin="cli")
    assert web.client("analyst").get("/api/v1/me").status_code == 401
    assert browser.get("/account").status_code == 303
    assert _login(web.browser(), "analyst", PASSWORD).status_code == 401  # type: ignore[attr-defined]


def test_public_reading_when_configured(reference_db_url: str, password_hash: str) -> None:
    public = make_web(
        reference_db_url, password_hash, WebSettings(public_read=True, cache_seconds=0)
    )
    anonymous = TestClient(public.app, follow_redirects=False)
    assert anonymous.get("/").status_code == 200
    assert anonymous.get("/towns/temirtau").status_code == 200
    assert anonymous.get("/api/v1/settlements").status_code == 200
    assert anonymous.get("/api/v1/audit").status_code == 401
    assert anonymous.patch("/api/v1/settlements/temirtau", json={"note": "x"}).status_code == 401
    assert anonymous.get("/admin/users").status_code == 303
    public.engine.dispose()


def test_secure_cookies_when_configured(reference_db_url: str, password_hash: str) -> None:
    secure = make_web(
        reference_db_url, password_hash, WebSettings(secure_cookies=True, cache_seconds=0)
    )
    client = TestClient(secure.app, base_url="https://testserver", follow_redirects=False)
    answer = _login(client, "viewer", PASSWORD)
    assert "secure" in answer.headers["set-cookie"].lower()  # type: ignore[attr-defined]
    secure.engine.dispose()


def test_cached_reads_follow_writes_and_revocations(web: Web) -> None:
    viewer = web.client("viewer")
    first = viewer.get("/api/v1/settlements/temirtau").json()
    assert viewer.get("/api/v1/settlements/temirtau").json() == first  # served from the cache
    web.client("admin").patch("/api/v1/settlements/temirtau", json={"note": "changed"})
    assert viewer.get("/api/v1/settlements/temirtau").json()["note"] == "changed"
    issued = viewer.post("/api/v1/me/tokens", json={"name": "short-lived"}).json()
    script = web.client()
    script.headers["Authorization"] = f"Bearer {issued['token']}"
    assert script.get("/api/v1/regions").status_code == 200
    assert script.get("/api/v1/regions").status_code == 200
    viewer.delete(f"/api/v1/me/tokens/{issued['id']}")
    assert script.get("/api/v1/regions").status_code == 401
    assert web.client().get("/api/v1/regions").status_code == 401
