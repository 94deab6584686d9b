"""data: indicator catalog, indicator values, values replaced by imports, DHIS2 org unit codes

Revision ID: 0002_data
Revises: 0001_foundation
Create Date: 2026-11-21 22:27:15.950409
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from monotown.migrations.ddl import (
    MEASURED_VALUE,
    Reference,
    create_table,
    drop_table,
    foreign_key,
    primary_key,
)

revision = "0002_data"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def _value_columns() -> list[sa.Column[object]]:
    """What a value says: a stored value and a replaced one have these columns alike."""
    return [
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("period_type", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
    ]


def upgrade() -> None:
    create_table(
        "indicator",
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
        checks={
            "target_given_for_target": "direction <> 'target' OR target IS NOT NULL",
            "direction_known": "direction IN ('higher', 'lower', 'target')",
            "role_known": "role IN ('indicator', 'context')",
            "code_not_empty": "length(code) > 0",
            "range_ordered": "min_value IS NULL OR max_value IS NULL OR min_value <= max_value",
        },
        unique_together=[("code",), ("dhis2_code",)],
        indexes=["pillar"],
    )

    create_table(
        "indicator_value",
        *_value_columns(),
        checks={
            "flag_known": "flag IN ('official', 'estimate', 'synthetic')",
            "period_type_known": "period_type IN ('year', 'quarter', 'month')",
            "year_plausible": "year >= 1900 AND year <= 2100",
        },
        references=[
            Reference("indicator_id", "indicator"),
            Reference("settlement_id", "settlement", ondelete="CASCADE"),
        ],
        unique_together=[("settlement_id", "indicator_id", "period")],
        provenance=MEASURED_VALUE,
    )

    op.create_table(
        "indicator_value_replaced",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("replaced_by", sa.Integer(), nullable=False),
        sa.Column("replaced_at", sa.DateTime(), nullable=False),
        *_value_columns(),
        *MEASURED_VALUE.columns(),
        foreign_key("indicator_value_replaced", "batch_id", "import_batch", ondelete="SET NULL"),
        foreign_key("indicator_value_replaced", "indicator_id", "indicator"),
        foreign_key("indicator_value_replaced", "replaced_by", "import_batch", ondelete="CASCADE"),
        foreign_key("indicator_value_replaced", "settlement_id", "settlement", ondelete="CASCADE"),
        primary_key("indicator_value_replaced"),
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

    create_table(
        "settlement_dhis2",
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("org_unit", sa.String(length=64), nullable=False),
        checks={"org_unit_not_empty": "length(org_unit) > 0"},
        references=[Reference("settlement_id", "settlement", ondelete="CASCADE")],
        unique_together=[("org_unit",)],
        primary_key_columns=("settlement_id",),
    )


def downgrade() -> None:
    op.drop_table("settlement_dhis2")
    with op.batch_alter_table("indicator_value_replaced", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_value_replaced_replaced_by"))
        batch_op.drop_index("ix_indicator_value_replaced_key")
        batch_op.drop_index(batch_op.f("ix_indicator_value_replaced_batch_id"))

    op.drop_table("indicator_value_replaced")
    drop_table("indicator_value", indexes=["batch_id"])
    drop_table("indicator", indexes=["pillar"])
