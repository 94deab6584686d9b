"""value order: the values table indexed by indicator and value, so an indicator's values sorted
by value come in index order (a page reads its own rows, not all of the indicator's)

Revision ID: 0013_h4
Revises: 0012_indexes
Create Date: 2026-12-01 12:55:00
"""

from __future__ import annotations

from alembic import op

revision = "0013_h4"
down_revision = "0012_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_indicator_value_indicator_value", "indicator_value", ["indicator_id", "value"]
    )


def downgrade() -> None:
    op.drop_index("ix_indicator_value_indicator_value", table_name="indicator_value")
