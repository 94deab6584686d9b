"""Sign-in throttling: counted atomically, per address and per account, never a lock-out for the
right password from the owner's own address, unlockable, and proxies believed only when trusted."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from monotown.accounts.throttle import ACCOUNT, ACCOUNT_FROM_ADDRESS, ADDRESS
from monotown.web.clients import choose_client
from monotown.web.settings import WebSettings, parse_networks
from tests.conftest import Cli
from tests.web.conftest import PASSWORD, Web, csrf_of, make_web

WRONG = "not-the-password"


def _browser(web: Web, address: str = "198.51.100.7") -> TestClient:
    return TestClient(web.app, follow_redirects=False, client=(address, 40000))


def _login(client: TestClient, username: str, password: str, **headers: str) -> Response:
    return client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "next": "/",
            "csrf_token": csrf_of(client, "/login"),
        },
        headers=headers,
    )


def _fail_from_as_many_forwarded_addresses(client: TestClient) -> None:
    """As many wrong passwords as one address may send, each for another account and each
    naming another client in X-Forwarded-For."""
    for n in range(ADDRESS.free_failures):
        forwarded = {"X-Forwarded-For": f"203.0.113.{n}"}
        assert _login(client, f"user{n}", WRONG, **forwarded).status_code == 401


def test_twenty_parallel_guesses_do_not_all_reach_the_password_check(web: Web) -> None:
    clients = [_browser(web) for _ in range(20)]
    tokens = [csrf_of(client, "/login") for client in clients]
    start = threading.Barrier(len(clients))
    statuses: list[int] = []

    def guess(client: TestClient, token: str) -> None:
        start.wait(timeout=30)
        answer = client.post(
            "/login", data={"username": "viewer", "password": WRONG, "csrf_token": token}
        )
        statuses.append(answer.status_code)

    pairs = zip(clients, tokens, strict=True)
    threads = [threading.Thread(target=guess, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(statuses) == 20
    assert statuses.count(401) <= ACCOUNT_FROM_ADDRESS.free_failures
    assert statuses.count(429) >= 20 - ACCOUNT_FROM_ADDRESS.free_failures


def test_the_address_counter_survives_a_successful_sign_in(web: Web) -> None:
    client = _browser(web)
    accounts = ["admin", "analyst", "karaganda", "viewer", "nobody"]
    failures = 0
    while failures < ADDRESS.free_failures - 1:  # 19, at most 4 per account
        assert _login(client, accounts[failures % 5], WRONG).status_code == 401
        failures += 1
    assert _login(client, "viewer", PASSWORD).status_code == 303  # an account of its own
    assert _login(client, "analyst", WRONG).status_code == 401  # the 20th failure
    blocked = _login(client, "karaganda", PASSWORD)
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) >= ADDRESS.first_wait_seconds - 1
    assert _login(_browser(web, "198.51.100.8"), "karaganda", PASSWORD).status_code == 303


def test_guessing_from_many_addresses_does_not_lock_the_owner_out(web: Web) -> None:
    assert _login(_browser(web, "192.0.2.10"), "admin", PASSWORD).status_code == 303  # usual
    for n in range(ACCOUNT.free_failures):
        assert _login(_browser(web, f"203.0.113.{n + 1}"), "admin", WRONG).status_code == 401
    stranger = _login(_browser(web, "203.0.113.200"), "admin", PASSWORD)
    assert stranger.status_code == 429  # new addresses are slowed down for this account
    assert int(stranger.headers["retry-after"]) <= ACCOUNT.max_wait_seconds
    assert _login(_browser(web, "192.0.2.10"), "admin", PASSWORD).status_code == 303


def test_the_right_password_waits_out_a_short_backoff_only(web: Web) -> None:
    client = _browser(web)
    for _ in range(ACCOUNT_FROM_ADDRESS.free_failures):
        assert _login(client, "viewer", WRONG).status_code == 401
    blocked = _login(client, "viewer", PASSWORD)
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["retry-after"]) <= ACCOUNT_FROM_ADDRESS.first_wait_seconds
    assert "Try again in" in blocked.text


def test_unlock_clears_an_accounts_throttle(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    client = _browser(web)
    for _ in range(ACCOUNT_FROM_ADDRESS.free_failures):
        _login(client, "viewer", WRONG)
    assert _login(client, "viewer", PASSWORD).status_code == 429
    monkeypatch.setenv("MONOTOWN_DATABASE_URL", web.url)
    unlocked = Cli(web.url)("users", "unlock", "viewer")
    assert unlocked.exit_code == 0, unlocked.output
    assert "sign-in throttle of 'viewer' cleared" in unlocked.stdout
    assert _login(client, "viewer", PASSWORD).status_code == 303
    assert Cli(web.url)("users", "unlock", "ghost").exit_code != 0
    assert web.audit_count(entity_key="viewer", note="sign-in throttle cleared") == 1


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(web: Web) -> None:
    client = _browser(web, "127.0.0.1")
    _fail_from_as_many_forwarded_addresses(client)
    fresh = {"X-Forwarded-For": "203.0.113.99"}
    assert _login(client, "viewer", PASSWORD, **fresh).status_code == 429


def test_forwarded_for_names_the_client_behind_a_trusted_proxy(
    reference_db_url: str, password_hash: str
) -> None:
    settings = WebSettings(cache_seconds=0, trusted_proxies=parse_networks("127.0.0.1"))
    web = make_web(reference_db_url, password_hash, settings)
    proxy = _browser(web, "127.0.0.1")
    _fail_from_as_many_forwarded_addresses(proxy)
    other = {"X-Forwarded-For": "203.0.113.99"}
    assert _login(proxy, "viewer", PASSWORD, **other).status_code == 303
    web.engine.dispose()


def test_choosing_the_client_address() -> None:
    trusted = parse_networks("10.0.0.0/8, 127.0.0.1")
    assert choose_client("127.0.0.1", "203.0.113.5", ()) == "127.0.0.1"
    assert choose_client("127.0.0.1", "203.0.113.5", trusted) == "203.0.113.5"
    assert choose_client("127.0.0.1", "1.2.3.4, 203.0.113.5, 10.1.1.1", trusted) == "203.0.113.5"
    assert choose_client("127.0.0.1", "not-an-ip", trusted) == "127.0.0.1"
    assert choose_client("198.51.100.1", "203.0.113.5", trusted) == "198.51.100.1"
    with pytest.raises(Exception, match="not an IP address"):
        parse_networks("10.0.0.0/8, proxy.local")


def test_the_current_password_check_is_throttled(web: Web) -> None:
    browser = web.browser("analyst")

    def change(current: str) -> Response:
        return browser.post(
            "/account/password",
            data={
                "current": current,
                "password": "a-brand-new-secret",
                "csrf_token": csrf_of(browser, "/account"),
            },
        )

    for _ in range(ACCOUNT_FROM_ADDRESS.free_failures):
        assert change(WRONG).status_code == 422
    refused = change(PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed password checks" in refused.text
    assert browser.get("/account").status_code == 200  # still signed in, password unchanged
    elsewhere = _browser(web)
    assert _login(elsewhere, "analyst", "a-brand-new-secret").status_code == 401
    assert _login(elsewhere, "analyst", PASSWORD).status_code == 303
