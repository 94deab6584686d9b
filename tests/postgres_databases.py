"""PostgreSQL databases for the tests: each template built once per test process, a fresh copy
of one for every test.

Migrating a schema and loading the reference data takes seconds on a shared machine; copying a
database that already holds them (`CREATE DATABASE ... TEMPLATE ...`) takes tens of milliseconds.
Names derive from the configured database's name, the pytest-xdist worker and a token for this run
(`monotown_tpl_gw0_1a2b_reference`, `monotown_gw0_1a2b_t_...`), so parallel workers, parallel runs
and other people's databases on the same server never meet.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Engine, make_url

from monotown.db import engine_for

Build = Callable[[str], None]
MAX_NAME = 63  # PostgreSQL truncates longer identifiers


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PostgresDatabases:
    """The databases of one test process on one server: templates by name, and test copies."""

    def __init__(self, base_url: str) -> None:
        self.base = make_url(base_url)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        prefix = f"{self.base.database or 'monotown'}"[: MAX_NAME - 40]
        self.token = f"{worker}_{uuid.uuid4().hex[:6]}"
        self.template_prefix = f"{prefix}_tpl_{self.token}"
        self.test_prefix = f"{prefix}_{self.token}"
        self.admin: Engine = create_engine(self.base, isolation_level="AUTOCOMMIT")
        self.templates: dict[str, str] = {}

    def url(self, database: str) -> str:
        url: URL = self.base.set(database=database)
        return url.render_as_string(hide_password=False)

    def _execute(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(statement))

    def _release(self, database: str) -> None:
        """Close this process's pooled connections to `database` (a template must have none)."""
        engine_for(self.url(database)).dispose()

    def template(self, name: str, build: Build, *, based_on: str | None = None) -> str:
        """The database name of template `name`, built on first use: an empty database (or a
        copy of template `based_on`) that `build(url)` fills."""
        if name in self.templates:
            return self.templates[name]
        database = f"{self.template_prefix}_{name}"[:MAX_NAME]
        origin = self.templates[based_on] if based_on else "template0"
        self._execute(f"CREATE DATABASE {_quoted(database)} TEMPLATE {_quoted(origin)}")
        try:
            build(self.url(database))
        except BaseException:
            self.drop(database)
            raise
        self._release(database)
        self.templates[name] = database
        return database

    def new_name(self) -> str:
        return f"{self.test_prefix}_t_{uuid.uuid4().hex[:10]}"[:MAX_NAME]

    def create(self, database: str, *, template: str | None = None) -> str:
        """Create `database` (replacing it if this test made it already) as a copy of the
        template database `template`, or empty; returns its URL."""
        self.drop(database)
        origin = template or "template0"
        self._execute(f"CREATE DATABASE {_quoted(database)} TEMPLATE {_quoted(origin)}")
        return self.url(database)

    def drop(self, database: str) -> None:
        self._release(database)
        self._execute(f"DROP DATABASE IF EXISTS {_quoted(database)} WITH (FORCE)")

    def close(self) -> None:
        for database in self.templates.values():
            self.drop(database)
        self.templates.clear()
        self.admin.dispose()
