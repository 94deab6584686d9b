"""Alembic migrations: one history for SQLite and PostgreSQL.

`versions/` holds the revisions. The first, `0016_value_indexes`, is the baseline: the history
up to it (0001_foundation ... 0016_value_indexes, at commit 5f3df1a) squashed into one revision
that declares every table (`baseline/`) in the words of `ddl.py`; both are frozen
(`tests/test_migrations_schema.py` holds the schema the full history left and the DDL the
baseline sends, on SQLite and PostgreSQL). A database stamped with a squashed revision is refused
with what to do (`refuse_squashed_revision`, docs/migrations.md). The models are declared apart
(their shared column groups are in `monotown.models.columns`); `tests/test_migrations.py` checks
that the models and the history agree.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from monotown.errors import DatabaseNotReadyError

MIGRATIONS_DIR = Path(__file__).parent
BASELINE = "0016_value_indexes"
# The last commit whose history still has the revisions the baseline replaced.
FULL_HISTORY_COMMIT = "5f3df1a"
SQUASHED_REVISIONS = (
    "0001_foundation",
    "0002_data",
    "0003_program",
    "0003b_program_projects",
    "0004_assess",
    "0005_web",
    "0006_sessions",
    "0007_no_silent_loss",
    "0008_events_bodies",
    "0009_registry_real",
    "0010_standards",
    "0011_sensitivity",
    "0012_indexes",
    "0013_deadline_precision",
    "0014_value_order",
    "0015_import_jobs",
)


def alembic_config(engine: Engine) -> Config:
    """An Alembic config bound to an engine, without any ini file on disk."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the database to `revision`; refused, untouched, if it is at a revision this
    history does not have (see `refuse_squashed_revision`)."""
    refuse_squashed_revision(engine)
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    refuse_squashed_revision(engine)
    command.downgrade(alembic_config(engine), revision)


def refuse_squashed_revision(engine: Engine) -> None:
    """Raise DatabaseNotReadyError, one line naming the revision found and what to do, when the
    database is stamped with a revision this history does not know: one the baseline squashed
    (upgrade it first with the full history), or one from a newer or other version."""
    _refuse_unknown(engine, current_revisions(engine))


def require_up_to_date(engine: Engine) -> None:
    """Raise DatabaseNotReadyError, one line saying what to do, unless the database is at this
    history's heads: what every reader of the schema (`open_session`, the web app at start-up)
    checks first, so that a database not yet upgraded fails at once rather than with errors
    later. One query (the version table)."""
    found = current_revisions(engine)
    if found == head_revisions(engine):
        return
    _refuse_unknown(engine, found)
    where = engine.url.render_as_string(hide_password=True)
    if not found:
        raise DatabaseNotReadyError(
            f"the database at {where} has no tables; run 'monotown db upgrade' first"
        )
    raise DatabaseNotReadyError(
        f"the database at {where} is on an older schema; run 'monotown db upgrade' first"
    )


def _refuse_unknown(engine: Engine, revisions: set[str]) -> None:
    known = {script.revision for script in _scripts(engine).walk_revisions()}
    unknown = sorted(revisions - known)
    if not unknown:
        return
    where = engine.url.render_as_string(hide_password=True)
    found = ", ".join(unknown)
    if set(unknown) <= set(SQUASHED_REVISIONS):
        raise DatabaseNotReadyError(
            f"the database at {where} is at revision {found}, older than this version's baseline "
            f"{BASELINE} (the revisions before it were squashed into it): upgrade it first with "
            f"the last version that has the full history (a checkout of commit "
            f"{FULL_HISTORY_COMMIT}: 'git checkout {FULL_HISTORY_COMMIT} && make install', then "
            "'monotown db upgrade'), then run this version again; nothing was changed"
        )
    raise DatabaseNotReadyError(
        f"the database at {where} is at revision {found}, which this version of Monotown does "
        "not know (a newer or another version migrated it): run that version, or a newer one; "
        "nothing was changed"
    )


def _scripts(engine: Engine) -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(engine))


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def head_revisions(engine: Engine) -> set[str]:
    return set(_scripts(engine).get_heads())


def is_up_to_date(engine: Engine) -> bool:
    return current_revisions(engine) == head_revisions(engine)
