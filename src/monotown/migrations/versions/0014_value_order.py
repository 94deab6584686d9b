"""value order: the values table indexed by indicator and value, so an indicator's values sorted
by value come in index order (a page reads its own rows, not all of the indicator's)

Revision ID: 0014_value_order
Revises: 0013_deadline_precision
Create Date: 2026-12-01 12:55:00
"""

from __future__ import annotations

from alembic import op

revision = "0014_value_order"
down_revision = "0013_deadline_precision"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_indicator_value_indicator_value", "indicator_value", ["indicator_id", "value"]
    )


def downgrade() -> None:
    op.drop_index("ix_indicator_value_indicator_value", table_name="indicator_value")
