"""a region's values of some years read from an index: (settlement_id, period, indicator_id)

A region-wide listing (`/api/v1/values?region=...&year_from=...`) reads each of the region's
settlements' values; the unique key (settlement_id, indicator_id, period) gives a town's values
of every indicator and year, so a year filter read all of them (7 times the rows for one year of
seven) and counting them read the rows too. With (settlement_id, period, indicator_id) the years
asked for are a range of the index per settlement, a region's total is counted from the index
alone, and a page sorted by town, indicator or period picks its rows without reading them (as
(indicator_id, period, settlement_id) does for an indicator's values).
It is the values table's one index written on every import for the region listings (the lead's
choice: region-wide listings before first-load import speed; `bench/import_bench.py` measures
its cost).

Revision ID: 0017_value_settlement_period
Revises: 0016_value_indexes
Create Date: 2026-12-01 21:00:00
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0017_value_settlement_period"
down_revision = "0016_value_indexes"
branch_labels = None
depends_on = None

INDEX = ("ix_indicator_value_settlement_period", ["settlement_id", "period", "indicator_id"])


def upgrade() -> None:
    op.create_index(INDEX[0], "indicator_value", INDEX[1])
    connection = op.get_bind()
    if connection.dialect.name == "sqlite" and connection.scalar(
        text("SELECT 1 FROM indicator_value LIMIT 1")
    ):
        # SQLite's planner knows the other indexes' selectivity from the statistics an earlier
        # ANALYZE kept; without the new one's it takes it for a town's key (a region's values
        # of one pillar would then read every period of each town). About 0.4 s a million.
        connection.execute(text("ANALYZE indicator_value"))


def downgrade() -> None:
    op.drop_index(INDEX[0], table_name="indicator_value")
