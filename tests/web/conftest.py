"""Fixtures for the web tests: an app on a reference database with one user per role, each with a
bearer token, and clients that act as those users (through tokens or a signed-in browser session).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from monotown.accounts.accounts import create_token, create_user, get_user
from monotown.accounts.passwords import hash_password
from monotown.db import make_engine, session_scope
from monotown.records.provenance import AuditEntry
from monotown.web.app import create_app
from monotown.web.settings import WebSettings
from tests.conftest import RECIPES, Recipe, database_fixtures, engine_on, load_make_run_data

PASSWORD = "correct-horse-42"
# username, role, regions: Karaganda (KZ-35) holds Temirtau, Balkhash, Saran, ...
USERS = (
    ("admin", "admin", ()),
    ("analyst", "analyst", ()),
    ("karaganda", "regional_editor", ("KZ-35",)),
    ("viewer", "viewer", ()),
)


@pytest.fixture(scope="session")
def password_hash() -> str:
    """Hashed once: Argon2 is slow on purpose."""
    return hash_password(PASSWORD)


@dataclass
class Web:
    """An app bound to a test database, with a token per user."""

    url: str
    engine: Engine
    app: FastAPI
    tokens: dict[str, str] = field(default_factory=dict)

    def client(self, user: str | None = None) -> TestClient:
        """A client calling as `user` with their bearer token (anonymous if None)."""
        headers = {"Authorization": f"Bearer {self.tokens[user]}"} if user else {}
        return TestClient(self.app, headers=headers)

    def browser(self, user: str | None = None, lang: str | None = None) -> TestClient:
        """A client that signs in through the login form, like a person in a browser."""
        client = TestClient(self.app, follow_redirects=False)
        if lang:
            client.cookies.set("monotown_lang", lang)
        if user:
            response = client.post(
                "/login",
                data={
                    "username": user,
                    "password": PASSWORD,
                    "next": "/",
                    "csrf_token": csrf_of(client, "/login"),
                },
            )
            assert response.status_code == 303, response.text
        return client

    def audit_count(self, **match: str) -> int:
        with session_scope(self.engine) as session:
            query = select(func.count()).select_from(AuditEntry).filter_by(**match)
            return int(session.scalar(query) or 0)


def csrf_of(client: TestClient, path: str) -> str:
    """The CSRF token of the form on a page (the session cookie ties it to this client)."""
    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, f"no CSRF token on {path} ({page.status_code})"
    return found.group(1)


def make_web(url: str, password_hash: str, settings: WebSettings | None = None) -> Web:
    engine = make_engine(url)
    web = Web(url, engine, create_app(url, settings or WebSettings(cache_seconds=0)))
    with session_scope(engine) as session:
        for username, role, regions in USERS:
            create_user(
                session,
                username,
                role=role,
                password=None,
                regions=regions,
                actor="test",
                origin="system",
            )
            get_user(session, username).password_hash = password_hash
            web.tokens[username] = create_token(
                session, username, name="tests", actor="test", origin="system"
            )[1]
    return web


@pytest.fixture
def web(reference_db_url: str, password_hash: str) -> Iterator[Web]:
    web = make_web(reference_db_url, password_hash)
    yield web
    web.engine.dispose()


def load_demo_database(url: str) -> None:
    """What `make run` puts in an empty database: reference data, the indicator catalog, the
    demo values, the program facts and demo records, and an assessment run (with a Monte Carlo)."""
    from monotown.assess import run_from_database

    with engine_on(url) as engine:
        load_make_run_data(engine)
        with session_scope(engine) as session:
            run_from_database(session, replications=100, seed=7, origin="system", label="demo run")


RECIPES["web_demo"] = Recipe(load_demo_database)


demo_db_url = database_fixtures("web_demo").url  # everything the demo has (copied from a template)


@pytest.fixture
def demo_web(demo_db_url: str, password_hash: str) -> Iterator[Web]:
    web = make_web(demo_db_url, password_hash)
    yield web
    web.engine.dispose()
