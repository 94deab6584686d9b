"""Shared fixtures: every database test runs on SQLite and, when configured, on PostgreSQL.

Set MONOTOWN_TEST_POSTGRES_URL (e.g. postgresql+psycopg://app@127.0.0.1:55432/monotown) to run the
PostgreSQL half; each test then gets a database of its own, dropped afterwards: a copy of a
template migrated (and filled with the reference data) once per test process
(`tests/postgres_databases.py`), as on SQLite a template file is copied.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from monotown import catalog, migrations
from monotown.data import load_catalog, load_demo_data
from monotown.db import DATABASE_URL_ENV, make_engine, session_scope
from monotown.program import load_facts
from monotown.program.bodies import load_bodies
from monotown.registry import load_reference
from tests.postgres_databases import PostgresDatabases

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


def _migrate(url: str) -> None:
    with engine_on(url) as engine:
        migrations.upgrade(engine)


def loading(load: Callable[[Session], object]) -> Callable[[str], None]:
    """A template's step that runs `load` in one transaction on the database at a URL."""

    def build(url: str) -> None:
        with engine_on(url) as engine, session_scope(engine) as session:
            load(session)

    return build


@dataclass(frozen=True)
class Recipe:
    """How a template database is made: `build(url)` on a copy of `based_on` (or on nothing)."""

    build: Callable[[str], None]
    based_on: str | None = None


# Templates by name; the conftest of a test folder adds its own (a catalog, the demo data).
RECIPES: dict[str, Recipe] = {
    "migrated": Recipe(_migrate),
    "reference": Recipe(loading(load_reference), based_on="migrated"),
    "catalog": Recipe(loading(load_catalog), based_on="reference"),
    "demo_values": Recipe(loading(partial(load_demo_data, user="test")), based_on="catalog"),
    "program_facts": Recipe(loading(load_facts), based_on="reference"),
    "program_bodies": Recipe(loading(load_bodies), based_on="reference"),
}


class DatabaseTemplates:
    """Databases built once per test process from a recipe, then copied for each test that wants
    one: an SQLite file copied, or a PostgreSQL database created from a template database."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[str, Path] = {}
        self._postgres: PostgresDatabases | None = None

    @property
    def postgres(self) -> PostgresDatabases:
        if self._postgres is None:
            base = os.environ.get(POSTGRES_ENV)
            assert base, f"{POSTGRES_ENV} is not set"
            self._postgres = PostgresDatabases(base)
        return self._postgres

    def sqlite_file(self, name: str) -> Path:
        if name not in self.files:
            recipe = RECIPES[name]
            path = self.folder / f"{name}.sqlite"
            if recipe.based_on:
                shutil.copy(self.sqlite_file(recipe.based_on), path)
            recipe.build(f"sqlite:///{path}")
            self.files[name] = path
        return self.files[name]

    def postgres_database(self, name: str) -> str:
        recipe = RECIPES[name]
        based_on = recipe.based_on
        if based_on:
            self.postgres_database(based_on)
        return self.postgres.template(name, recipe.build, based_on=based_on)

    def close(self) -> None:
        if self._postgres is not None:
            self._postgres.close()


@pytest.fixture(scope="session")
def database_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseTemplates]:
    templates = DatabaseTemplates(tmp_path_factory.mktemp("templates"))
    yield templates
    templates.close()


def recipe_chain(name: str) -> list[str]:
    """The templates `name` is built on, from the first, ending with `name`."""
    chain = [name]
    while (based_on := RECIPES[chain[0]].based_on) is not None:
        chain.insert(0, based_on)
    return chain


@dataclass
class TestDatabase:
    """The one database a test works on (an SQLite file or a PostgreSQL database), empty until
    `fill` makes it a copy of a template."""

    __test__ = False  # not a test class, whatever its name

    backend: str
    url: str
    templates: DatabaseTemplates
    name: str = ""
    built: list[str] = field(default_factory=list)

    def fill(self, template: str) -> str:
        """Make the database hold what template `template` holds (see RECIPES); its URL.

        An empty database becomes a copy of the template. One that fixtures filled already (a
        test asking for the CLI and the catalog, say) keeps what it has, and the steps it lacks
        are run on it, as if every fixture loaded its part in turn."""
        chain = recipe_chain(template)
        if not self.built:
            self._copy(template)
            self.built = chain
        for step in chain:
            if step not in self.built:
                RECIPES[step].build(self.url)
                self.built.append(step)
        return self.url

    def _copy(self, template: str) -> None:
        if self.backend == "sqlite":
            path = self.url.removeprefix("sqlite:///")
            shutil.copy(self.templates.sqlite_file(template), path)
            return
        source = self.templates.postgres_database(template)
        self.url = self.templates.postgres.create(self.name, template=source)


@pytest.fixture
def test_database(
    backend: str, tmp_path: Path, database_templates: DatabaseTemplates
) -> Iterator[TestDatabase]:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'monotown.sqlite'}"
        yield TestDatabase(backend, url, database_templates)
        return
    databases = database_templates.postgres
    name = databases.new_name()
    database = TestDatabase(backend, databases.create(name), database_templates, name)
    try:
        yield database
    finally:
        databases.drop(name)


@pytest.fixture(scope="session")
def sqlite_template(database_templates: DatabaseTemplates) -> Path:
    """A migrated SQLite file with the reference data (copy it, never change it)."""
    return database_templates.sqlite_file("reference")


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


@dataclass(frozen=True)
class DatabaseFixtures:
    """The fixtures of a test on its database filled from one template: its URL, an engine, a
    session (committed at the end) and the CLI bound to it. A conftest gives the ones it uses
    their names (`catalog_db_url = CATALOG.url`); pytest knows a fixture by that name."""

    url: Any
    engine: Any
    session: Any
    cli: Any


def database_fixtures(template: str | None) -> DatabaseFixtures:
    """The fixtures on a copy of `template` (see RECIPES); None: the database as the test's other
    fixtures left it, empty (no tables) unless one of them filled it."""

    def url_of(test_database: TestDatabase) -> str:
        return test_database.url if template is None else test_database.fill(template)

    @pytest.fixture
    def url(test_database: TestDatabase) -> str:
        return url_of(test_database)

    @pytest.fixture
    def engine(test_database: TestDatabase) -> Iterator[Engine]:
        with engine_on(url_of(test_database)) as engine:
            yield engine

    @pytest.fixture
    def session(test_database: TestDatabase) -> Iterator[Session]:
        with engine_on(url_of(test_database)) as engine, session_scope(engine) as session:
            yield session

    @pytest.fixture
    def cli(test_database: TestDatabase, monkeypatch: pytest.MonkeyPatch) -> Cli:
        bound = url_of(test_database)
        monkeypatch.setenv(DATABASE_URL_ENV, bound)
        return Cli(bound)

    return DatabaseFixtures(url, engine, session, cli)


EMPTY = database_fixtures(None)
empty_db_url, empty_cli = EMPTY.url, EMPTY.cli
MIGRATED = database_fixtures("migrated")
db_url, engine = MIGRATED.url, MIGRATED.engine
REFERENCE = database_fixtures("reference")  # the bundled reference data
reference_db_url, reference_engine, session, cli = (
    REFERENCE.url, REFERENCE.engine, REFERENCE.session, REFERENCE.cli
)  # fmt: skip
DEMO_VALUES = database_fixtures("demo_values")  # the reference data, the catalog, the demo values
demo_url, demo_engine, demo_cli = DEMO_VALUES.url, DEMO_VALUES.engine, DEMO_VALUES.cli
FACTS = database_fixtures("program_facts")  # the reference data and the bundled program facts
facts_db_url, facts_engine, facts_session, facts_cli = (
    FACTS.url, FACTS.engine, FACTS.session, FACTS.cli
)  # fmt: skip
