"""lighter values table: the three low-selectivity indexes of 0012 (year, period type, flag)
replaced by one composite index that serves the same filters

Each secondary index of `indicator_value` is written on every imported value; the single-column
prefixes of 0012 cost a bulk import 40% of its insert time. `(period_type, year, flag)` serves a
filter by period type (its prefix), the latest annual year (`MAX(year)` on the prefix), a range
of years and a flag (SQLite skips over the three period types; PostgreSQL scans the index).

Revision ID: 0016_value_indexes
Revises: 0015_import_jobs
Create Date: 2026-12-01 15:15:00
"""

from __future__ import annotations

from alembic import op

revision = "0016_value_indexes"
down_revision = "0015_import_jobs"
branch_labels = None
depends_on = None

REPLACED = {
    "ix_indicator_value_year": ["year", "indicator_id"],
    "ix_indicator_value_period_type": ["period_type", "year"],
    "ix_indicator_value_flag": ["flag", "settlement_id"],
}
COMPOSITE = ("ix_indicator_value_period_year_flag", ["period_type", "year", "flag"])


def upgrade() -> None:
    for name in REPLACED:
        op.drop_index(name, table_name="indicator_value")
    op.create_index(COMPOSITE[0], "indicator_value", COMPOSITE[1])


def downgrade() -> None:
    op.drop_index(COMPOSITE[0], table_name="indicator_value")
    for name, columns in REPLACED.items():
        op.create_index(name, "indicator_value", columns)
