"""no silent loss: deleting a settlement no longer deletes its indicator values by cascade

Revision ID: 0007_no_silent_loss
Revises: 0005_web
Create Date: 2026-12-01 09:50:00
"""

from __future__ import annotations

from alembic import op

revision = "0007_no_silent_loss"
down_revision = "0006_sessions"
branch_labels = None
depends_on = None

FK = "fk_indicator_value_settlement_id_settlement"


def _settlement_key(ondelete: str | None) -> None:
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.drop_constraint(FK, type_="foreignkey")
        batch_op.create_foreign_key(FK, "settlement", ["settlement_id"], ["id"], ondelete=ondelete)


def upgrade() -> None:
    # The database itself now refuses to drop a settlement that still has values; the registry
    # deletes them first, as an undoable batch, only when asked to.
    _settlement_key(None)


def downgrade() -> None:
    _settlement_key("CASCADE")
