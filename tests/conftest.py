"""Shared fixtures: every database test runs on SQLite and, when configured, on PostgreSQL.

Set MONOTOWN_TEST_POSTGRES_URL (e.g. postgresql+psycopg://app@127.0.0.1:55432/monotown) to run the
PostgreSQL half; each test then gets a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from monotown import catalog, migrations
from monotown.db import DATABASE_URL_ENV, make_engine, scratch_schema, session_scope
from monotown.registry import load_reference

POSTGRES_ENV = "MONOTOWN_TEST_POSTGRES_URL"
catalog.install()  # every kind and undo handler, as the CLI and the web app register them

# Property tests: no per-example deadline (CI machines are shared and slow), and in CI the same
# examples every run, so a red build is reproducible rather than a coin toss.
settings.register_profile("monotown", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "monotown")
BACKENDS = ["sqlite", "postgresql"]


def postgres_url_or_skip() -> str:
    """The test server's URL; without one the test is skipped (in CI: fails)."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        if os.environ.get("MONOTOWN_TEST_REQUIRE_POSTGRES"):
            pytest.fail(f"{POSTGRES_ENV} is required in CI but not set")
        pytest.skip(f"{POSTGRES_ENV} is not set")
    return base


@contextmanager
def engine_on(url: str) -> Iterator[Engine]:
    """An engine on `url`, disposed when the block ends (fixtures and loaders share it)."""
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def load_make_run_data(engine: Engine) -> None:
    """What `make run` loads before its first assessment run: the schema, the reference data,
    the indicator catalog with the demo values, the program facts and the program demo."""
    from monotown.data import load_demo_data
    from monotown.program import load_facts
    from monotown.program.demo import load_demo

    migrations.upgrade(engine)
    for load in (load_reference, load_demo_data, load_facts, load_demo):
        with session_scope(engine) as session:
            load(session)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql":
        postgres_url_or_skip()
    return str(request.param)


@pytest.fixture
def empty_db_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """URL of an empty database (no tables) on the chosen backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'monotown.sqlite'}"
        return
    with scratch_schema(postgres_url_or_skip(), "t") as url:
        yield url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with the reference data, copied for each test (fast)."""
    path = tmp_path_factory.mktemp("template") / "reference.sqlite"
    with engine_on(f"sqlite:///{path}") as engine:
        migrations.upgrade(engine)
        with session_scope(engine) as session:
            load_reference(session)
    return path


@pytest.fixture
def db_url(empty_db_url: str) -> str:
    """URL of a migrated, empty database."""
    with engine_on(empty_db_url) as engine:
        migrations.upgrade(engine)
    return empty_db_url


@pytest.fixture
def reference_db_url(backend: str, empty_db_url: str, sqlite_template: Path) -> str:
    """URL of a migrated database holding the bundled reference data."""
    if backend == "sqlite":
        shutil.copy(sqlite_template, empty_db_url.removeprefix("sqlite:///"))
        return empty_db_url
    with engine_on(empty_db_url) as engine:
        migrations.upgrade(engine)
        with session_scope(engine) as session:
            load_reference(session)
    return empty_db_url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    with engine_on(db_url) as engine:
        yield engine


@pytest.fixture
def reference_engine(reference_db_url: str) -> Iterator[Engine]:
    with engine_on(reference_db_url) as engine:
        yield engine


@pytest.fixture
def session(reference_engine: Engine) -> Iterator[Session]:
    """A session on a database with the reference data; committed at the end."""
    with session_scope(reference_engine) as session:
        yield session


class Cli:
    """Runs `monotown ...` in-process against one database, like a user at a terminal."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        from monotown.cli import app

        return self.runner.invoke(
            app, list(args), env={DATABASE_URL_ENV: self.url}, input=input, catch_exceptions=False
        )


@pytest.fixture
def cli(reference_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The CLI bound to a database that holds the reference data."""
    monkeypatch.setenv(DATABASE_URL_ENV, reference_db_url)
    return Cli(reference_db_url)


@pytest.fixture
def empty_cli(empty_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The CLI bound to a database with no tables yet."""
    monkeypatch.setenv(DATABASE_URL_ENV, empty_db_url)
    return Cli(empty_db_url)
