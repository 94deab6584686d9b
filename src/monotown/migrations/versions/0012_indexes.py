"""indexes: the values table indexed for the API's filters (indicator, years, period type, flag)

Revision ID: 0012_indexes
Revises: 0005_web
Create Date: 2026-12-01 10:55:00
"""

from __future__ import annotations

from alembic import op

revision = "0012_indexes"
down_revision = "0011_sensitivity"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_indicator_value_indicator_period": ["indicator_id", "period", "settlement_id"],
    "ix_indicator_value_year": ["year", "indicator_id"],
    "ix_indicator_value_period_type": ["period_type", "year"],
    "ix_indicator_value_flag": ["flag", "settlement_id"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "indicator_value", columns, unique=False)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="indicator_value")
