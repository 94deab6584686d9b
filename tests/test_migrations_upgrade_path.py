"""A database at a revision the baseline squashed is refused by every command that upgrades or
downgrades the schema: one line naming the revision found and what to do, a non-zero exit, no
traceback, and the database exactly as it was. On SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from monotown import migrations
from monotown.db import make_engine
from tests.conftest import Cli
from tests.test_migrations_schema import schema_dump

ENTRY_POINTS = {
    "db upgrade": ("db", "upgrade"),  # the first step of `make run`
    "db downgrade": ("db", "downgrade", "base"),
    "db reset": ("db", "reset", "--yes"),
    "serve": ("serve", "--port", "1"),  # the app start: upgrades, seeds, then serves
}


def _stamp(url: str, revision: str) -> str:
    """Stamp the migrated database at `url` with `revision`, as an old server database is; the
    whole schema as it then stands."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})
        return schema_dump(engine)
    finally:
        engine.dispose()


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve` must stop before it starts a server: if it got that far, fail instead of serving."""
    import uvicorn

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("serve started a server on a database it had refused")

    monkeypatch.setattr(uvicorn, "run", refuse)


@pytest.mark.parametrize("command", ENTRY_POINTS)
@pytest.mark.usefixtures("no_server")
def test_a_squashed_revision_is_refused_with_the_way_up(db_url: str, command: str) -> None:
    before = _stamp(db_url, "0012_indexes")

    result = Cli(db_url)(*ENTRY_POINTS[command])

    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    message = lines[0]
    assert message.startswith("error: ")
    assert "0012_indexes" in message
    assert migrations.FULL_HISTORY_COMMIT in message
    assert "monotown db upgrade" in message
    assert "Traceback" not in result.output
    after = make_engine(db_url)
    try:
        assert schema_dump(after) == before
        assert migrations.current_revisions(after) == {"0012_indexes"}
    finally:
        after.dispose()


def test_a_revision_from_another_version_is_refused(db_url: str) -> None:
    before = _stamp(db_url, "0042_from_a_newer_version")

    result = Cli(db_url)("db", "upgrade")

    assert result.exit_code != 0
    (message,) = result.output.strip().splitlines()
    assert "0042_from_a_newer_version" in message
    assert "does not know" in message
    engine = make_engine(db_url)
    try:
        assert schema_dump(engine) == before
    finally:
        engine.dispose()
