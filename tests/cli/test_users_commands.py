"""`monotown users ...`: accounts, roles, tokens and the first admin, with audit entries."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from monotown.accounts.accounts import get_user
from monotown.accounts.passwords import verify_password
from monotown.db import make_engine, session_scope
from monotown.web.app import create_app
from monotown.web.settings import WebSettings
from tests.conftest import Cli


def test_add_list_and_change_role(cli: Cli) -> None:
    added = cli(
        "users",
        "add",
        "aigerim",
        "--role",
        "regional_editor",
        "--region",
        "KZ-35",
        "--region",
        "Павлодарская область",
        "--name",
        "Aigerim S.",
        "--password-stdin",
        input="a-long-password\n",
    )
    assert added.exit_code == 0, added.stderr
    assert "aigerim' added as regional_editor for KZ-35, KZ-55" in added.stdout
    listed = json.loads(cli("users", "list", "--format", "json").stdout)
    assert listed[0]["regions"] == ["KZ-35", "KZ-55"] and listed[0]["name"] == "Aigerim S."
    promoted = cli("users", "set-role", "aigerim", "analyst")
    assert promoted.exit_code == 0 and "now analyst" in promoted.stdout
    listed = json.loads(cli("users", "list", "--format", "json").stdout)
    assert listed[0]["role"] == "analyst" and listed[0]["regions"] == []


def test_user_errors_are_one_line(cli: Cli) -> None:
    unknown_role = cli("users", "add", "x", "--role", "boss", "--random-password")
    assert unknown_role.exit_code == 1
    assert unknown_role.stderr.startswith("error: unknown role 'boss'")
    short = cli("users", "add", "x", "--role", "viewer", "--password-stdin", input="short\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.stderr
    editor = cli("users", "add", "x", "--role", "regional_editor", "--random-password")
    assert "needs at least one region" in editor.stderr
    bad_region = cli(
        "users",
        "add",
        "x",
        "--role",
        "regional_editor",
        "--region",
        "Atlantis",
        "--random-password",
    )
    assert "no region named 'Atlantis'" in bad_region.stderr
    assert cli("users", "set-role", "ghost", "viewer").stderr == "error: no user named 'ghost'\n"
    assert "Traceback" not in unknown_role.stderr + short.stderr + bad_region.stderr


def test_token_works_against_the_api_and_can_be_revoked(cli: Cli, reference_db_url: str) -> None:
    cli("users", "add", "script-owner", "--role", "viewer", "--random-password")
    issued = cli("users", "token", "script-owner", "--name", "nightly")
    assert issued.exit_code == 0
    token = issued.stdout.splitlines()[1]
    app = TestClient(create_app(reference_db_url, WebSettings(cache_seconds=0)))
    me = app.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["username"] == "script-owner"
    listing = cli("users", "token", "script-owner", "--list")
    assert "nightly" in listing.stdout and token not in listing.stdout
    token_id = issued.stdout.split()[1]
    assert cli("users", "token", "script-owner", "--revoke", token_id).exit_code == 0
    again = app.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert again.status_code == 401


def test_passwd_disable_enable_and_audit(cli: Cli, reference_db_url: str) -> None:
    cli("users", "add", "temp", "--role", "viewer", "--random-password")
    changed = cli("users", "passwd", "temp", "--password-stdin", input="new-password-77\n")
    assert changed.exit_code == 0
    engine = make_engine(reference_db_url)
    with session_scope(engine) as session:
        assert verify_password(get_user(session, "temp").password_hash, "new-password-77")
    assert cli("users", "disable", "temp").exit_code == 0
    with session_scope(engine) as session:
        assert not get_user(session, "temp").active
    assert cli("users", "enable", "temp").exit_code == 0
    app = TestClient(create_app(reference_db_url, WebSettings(cache_seconds=0)))
    admin_token = _admin_token(cli)
    audit = app.get(
        "/api/v1/audit",
        params={"entity": "user", "entity_key": "temp", "origin": "cli"},
        headers={"Authorization": f"Bearer {admin_token}"},
    ).json()
    assert [item["action"] for item in audit["items"]] == ["update", "update", "update", "create"]
    engine.dispose()


def _admin_token(cli: Cli) -> str:
    cli("users", "add", "root", "--role", "admin", "--random-password")
    return str(cli("users", "token", "root").stdout.splitlines()[1])


def test_ensure_admin_creates_one_admin_once(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MONOTOWN_ADMIN_PASSWORD", raising=False)
    first = cli("users", "ensure-admin", "--url", "http://127.0.0.1:9000")
    assert first.exit_code == 0
    assert "first administrator created: sign in at http://127.0.0.1:9000/login" in first.stdout
    password = first.stdout.split("password:")[1].split()[0]
    assert len(password) >= 12
    second = cli("users", "ensure-admin")
    assert "first administrator created" not in second.stdout
    assert "monotown users passwd admin" in second.stdout
    admins = [u for u in json.loads(cli("users", "list", "--format", "json").stdout)]
    assert [u["username"] for u in admins] == ["admin"]


def test_users_commands_need_a_schema(empty_cli: Cli) -> None:
    result = empty_cli("users", "list")
    assert result.exit_code == 1 and "monotown db upgrade" in result.stderr


def test_passwd_revokes_tokens_unless_asked_to_keep_them(cli: Cli, reference_db_url: str) -> None:
    cli("users", "add", "scripter", "--role", "viewer", "--random-password")
    token = cli("users", "token", "scripter").stdout.splitlines()[1]
    app = TestClient(create_app(reference_db_url, WebSettings(cache_seconds=0)))
    bearer = {"Authorization": f"Bearer {token}"}
    kept = cli(
        "users", "passwd", "scripter", "--keep-tokens", "--password-stdin", input="first-pass-77\n"
    )
    assert kept.exit_code == 0 and "1 API token(s) kept" in kept.stdout
    assert app.get("/api/v1/me", headers=bearer).status_code == 200
    revoked = cli("users", "passwd", "scripter", "--password-stdin", input="second-pass-77\n")
    assert revoked.exit_code == 0 and "API tokens revoked" in revoked.stdout
    assert app.get("/api/v1/me", headers=bearer).status_code == 401
