"""intake: how precisely a directive's deadline is known (day, month or year)

Revision ID: 0013_deadline_precision
Revises: 0012_indexes
Create Date: 2026-12-01 12:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_deadline_precision"
down_revision = "0012_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("program_directive", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deadline_precision", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("program_directive", schema=None) as batch_op:
        batch_op.drop_column("deadline_precision")
