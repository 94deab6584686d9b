"""sensitivity: tables a run keeps whole (input snapshot, design, replications, convergence)

Revision ID: 0011_sensitivity
Revises: 0005_web
Create Date: 2026-12-01 09:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_sensitivity"
down_revision = "0010_standards"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessment_artifact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("media_type", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('input', 'design', 'replications', 'convergence')",
            name=op.f("ck_assessment_artifact_kind_known"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["assessment_run.id"],
            name=op.f("fk_assessment_artifact_run_id_assessment_run"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_artifact")),
        sa.UniqueConstraint("run_id", "kind", name=op.f("uq_assessment_artifact_run_id_kind")),
    )
    with op.batch_alter_table("assessment_artifact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_artifact_run_id"), ["run_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("assessment_artifact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_artifact_run_id"))
    op.drop_table("assessment_artifact")
