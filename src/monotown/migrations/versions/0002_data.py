"""data: indicator catalog, indicator values, values replaced by imports, DHIS2 org unit codes

Revision ID: 0002_data
Revises: 0001_foundation
Create Date: 2026-11-21 22:27:15.950409
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_data"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("pillar", sa.String(length=32), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("name_ru", sa.String(length=300), nullable=True),
        sa.Column("name_kk", sa.String(length=300), nullable=True),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("min_value", sa.Float(), nullable=True),
        sa.Column("max_value", sa.Float(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("dhis2_code", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "direction <> 'target' OR target IS NOT NULL",
            name=op.f("ck_indicator_target_given_for_target"),
        ),
        sa.CheckConstraint(
            "direction IN ('higher', 'lower', 'target')", name=op.f("ck_indicator_direction_known")
        ),
        sa.CheckConstraint(
            "role IN ('indicator', 'context')", name=op.f("ck_indicator_role_known")
        ),
        sa.CheckConstraint("length(code) > 0", name=op.f("ck_indicator_code_not_empty")),
        sa.CheckConstraint(
            "min_value IS NULL OR max_value IS NULL OR min_value <= max_value",
            name=op.f("ck_indicator_range_ordered"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator")),
        sa.UniqueConstraint("code", name=op.f("uq_indicator_code")),
        sa.UniqueConstraint("dhis2_code", name=op.f("uq_indicator_dhis2_code")),
    )
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_pillar"), ["pillar"], unique=False)

    op.create_table(
        "indicator_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("period_type", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("flag", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "flag IN ('official', 'estimate', 'synthetic')",
            name=op.f("ck_indicator_value_flag_known"),
        ),
        sa.CheckConstraint(
            "period_type IN ('year', 'quarter', 'month')",
            name=op.f("ck_indicator_value_period_type_known"),
        ),
        sa.CheckConstraint(
            "year >= 1900 AND year <= 2100", name=op.f("ck_indicator_value_year_plausible")
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_indicator_value_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicator_value_indicator_id_indicator"),
        ),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["settlement.id"],
            name=op.f("fk_indicator_value_settlement_id_settlement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_value")),
        sa.UniqueConstraint(
            "settlement_id",
            "indicator_id",
            "period",
            name=op.f("uq_indicator_value_settlement_id_indicator_id_period"),
        ),
    )
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_value_batch_id"), ["batch_id"], unique=False)

    op.create_table(
        "indicator_value_replaced",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("replaced_by", sa.Integer(), nullable=False),
        sa.Column("replaced_at", sa.DateTime(), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("period_type", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("flag", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_indicator_value_replaced_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicator_value_replaced_indicator_id_indicator"),
        ),
        sa.ForeignKeyConstraint(
            ["replaced_by"],
            ["import_batch.id"],
            name=op.f("fk_indicator_value_replaced_replaced_by_import_batch"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["settlement.id"],
            name=op.f("fk_indicator_value_replaced_settlement_id_settlement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_value_replaced")),
    )
    with op.batch_alter_table("indicator_value_replaced", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_value_replaced_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            "ix_indicator_value_replaced_key",
            ["settlement_id", "indicator_id", "period"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_indicator_value_replaced_replaced_by"), ["replaced_by"], unique=False
        )

    op.create_table(
        "settlement_dhis2",
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("org_unit", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "length(org_unit) > 0", name=op.f("ck_settlement_dhis2_org_unit_not_empty")
        ),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["settlement.id"],
            name=op.f("fk_settlement_dhis2_settlement_id_settlement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("settlement_id", name=op.f("pk_settlement_dhis2")),
        sa.UniqueConstraint("org_unit", name=op.f("uq_settlement_dhis2_org_unit")),
    )


def downgrade() -> None:
    op.drop_table("settlement_dhis2")
    with op.batch_alter_table("indicator_value_replaced", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_value_replaced_replaced_by"))
        batch_op.drop_index("ix_indicator_value_replaced_key")
        batch_op.drop_index(batch_op.f("ix_indicator_value_replaced_batch_id"))

    op.drop_table("indicator_value_replaced")
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_value_batch_id"))

    op.drop_table("indicator_value")
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_pillar"))

    op.drop_table("indicator")
