"""sensitivity: tables a run keeps whole (input snapshot, design, replications, convergence)

Revision ID: 0011_sensitivity
Revises: 0005_web
Create Date: 2026-12-01 09:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa

from monotown.migrations.ddl import Reference, create_table, drop_table

revision = "0011_sensitivity"
down_revision = "0010_standards"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_table(
        "assessment_artifact",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("media_type", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        checks={"kind_known": "kind IN ('input', 'design', 'replications', 'convergence')"},
        references=[Reference("run_id", "assessment_run", ondelete="CASCADE", indexed=True)],
        unique_together=[("run_id", "kind")],
    )


def downgrade() -> None:
    drop_table("assessment_artifact", indexes=["run_id"])
