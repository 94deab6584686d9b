"""Alembic migrations: one history for SQLite and PostgreSQL.

`versions/` holds the revisions; they build their tables from `ddl.py` (`create_table` with its
named checks, references, unique sets and indexes, and the provenance column groups), which is
frozen: a revision sends the same DDL forever (`tests/test_migrations_schema.py` holds the DDL
every revision up to `0015_import_jobs` sends on SQLite and PostgreSQL). The models are declared
apart (their shared column groups are in `monotown.models.columns`); `tests/test_migrations.py`
checks that the models and the history agree.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).parent


def alembic_config(engine: Engine) -> Config:
    """An Alembic config bound to an engine, without any ini file on disk."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    command.downgrade(alembic_config(engine), revision)


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def head_revisions(engine: Engine) -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())


def is_up_to_date(engine: Engine) -> bool:
    return current_revisions(engine) == head_revisions(engine)
