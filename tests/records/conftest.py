"""The web fixtures, for the tests that check every surface (CLI and web) at once, and `site`: one
demo database per backend for the whole module, shared by the tests generated from the kinds table
(they leave it as they found it: a deletion is undone, a formula cell put back)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from monotown.db import engine_for
from tests.conftest import POSTGRES_ENV, DatabaseTemplates
from tests.web.conftest import Web, make_web, password_hash, web

__all__ = ["password_hash", "site", "web"]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    database_templates: DatabaseTemplates,
    password_hash: str,
) -> Iterator[Web]:
    """The demo database (every kind has records) behind the web app, once per backend: a copy
    of the session's `web_demo` template."""
    name = ""
    if request.param == "postgresql":
        if not os.environ.get(POSTGRES_ENV):
            pytest.skip(f"{POSTGRES_ENV} is not set")
        databases = database_templates.postgres
        name = databases.new_name()
        url = databases.create(name, template=database_templates.postgres_database("web_demo"))
    else:
        path = tmp_path_factory.mktemp("records") / "demo.sqlite"
        shutil.copy(database_templates.sqlite_file("web_demo"), path)
        url = f"sqlite:///{path}"
    served = make_web(url, password_hash)
    try:
        yield served
    finally:
        served.engine.dispose()
        engine_for(url).dispose()
        if name:
            database_templates.postgres.drop(name)
