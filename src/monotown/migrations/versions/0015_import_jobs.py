"""import jobs: the progress and end of page imports, seen by every server process

Revision ID: 0015_import_jobs
Revises: 0014_value_order
Create Date: 2026-12-01 13:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from monotown.migrations.ddl import create_table

revision = "0015_import_jobs"
down_revision = "0014_value_order"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_table(
        "web_import_job",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("phase", sa.String(length=16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("error_status", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        unique_together=[("token",)],
    )


def downgrade() -> None:
    op.drop_table("web_import_job")
