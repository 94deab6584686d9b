"""The web fixtures, for the tests that check every surface (CLI and web) at once, and `site`: one
demo database per backend for the whole module, shared by the tests generated from the kinds table
(they leave it as they found it: a deletion is undone, a formula cell put back)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from monotown.db import engine_for
from tests.conftest import POSTGRES_ENV
from tests.web.conftest import (
    Web,
    demo_template,
    load_demo_database,
    make_web,
    password_hash,
    web,
)

__all__ = ["demo_template", "password_hash", "site", "web"]


def _postgres_schema(base: str) -> tuple[str, str]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return schema, url.render_as_string(hide_password=False)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    demo_template: Path,
    password_hash: str,
) -> Iterator[Web]:
    """The demo database (every kind has records) behind the web app, once per backend."""
    base = os.environ.get(POSTGRES_ENV)
    if request.param == "postgresql":
        if not base:
            pytest.skip(f"{POSTGRES_ENV} is not set")
        schema, url = _postgres_schema(base)
        load_demo_database(url)
    else:
        schema, path = "", tmp_path_factory.mktemp("records") / "demo.sqlite"
        shutil.copy(demo_template, path)
        url = f"sqlite:///{path}"
    served = make_web(url, password_hash)
    try:
        yield served
    finally:
        served.engine.dispose()
        engine_for(url).dispose()
        if schema and base:
            admin = create_engine(base, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
