"""baseline: the whole schema the history up to 0016_value_indexes built, in one revision

The revisions 0001_foundation ... 0016_value_indexes were squashed into this one (as Django
squashes migrations and Rails loads `schema.rb`): it keeps the id of the old head, so a database
already there needs nothing and later revisions follow it. A database at an older revision is
refused with what to do (`monotown.migrations.refuse_squashed_revision`; docs/migrations.md).
The full history is at commit 5f3df1a.

Revision ID: 0016_value_indexes
Revises:
Create Date: 2026-12-01 18:00:00
"""

from __future__ import annotations

from monotown.migrations import ddl
from monotown.migrations.baseline import tables

revision = "0016_value_indexes"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in tables():
        ddl.create_table(table)


def downgrade() -> None:
    for table in reversed(tables()):
        ddl.drop_table(table)
