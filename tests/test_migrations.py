"""The one migration history goes up and down cleanly on every backend."""

from __future__ import annotations

from sqlalchemy import inspect

from monotown import migrations
from monotown.db import Base, make_engine
from monotown.models import load_all_models


def test_upgrade_creates_every_model_table_and_downgrade_removes_them(empty_db_url: str) -> None:
    load_all_models()
    engine = make_engine(empty_db_url)
    try:
        assert not inspect(engine).get_table_names()
        migrations.upgrade(engine)
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert migrations.is_up_to_date(engine)

        migrations.downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}

        migrations.upgrade(engine)
        assert migrations.is_up_to_date(engine)
    finally:
        engine.dispose()


def test_migrations_match_the_models(db_url: str) -> None:
    """Autogenerate finds nothing to add: the models and the migration history agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    load_all_models()
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            diff = compare_metadata(context, Base.metadata)
        assert diff == []
    finally:
        engine.dispose()
