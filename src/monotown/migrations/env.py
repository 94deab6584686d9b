"""Alembic environment: runs against the engine handed over in the config."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Engine

from monotown.db import Base
from monotown.models import load_all_models

load_all_models()
config = context.config
engine: Engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
