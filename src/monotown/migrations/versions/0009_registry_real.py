"""registry made real: population scope/kind/date, list membership state, town figures

Revision ID: 0009_registry_real
Revises: 0005_web
Create Date: 2026-12-01 09:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from monotown.migrations.ddl import REGISTRY_FACT, Reference, create_table, drop_table

revision = "0009_registry_real"
down_revision = "0008_events_bodies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("population_record", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("scope", sa.String(length=16), server_default="unclear", nullable=False)
        )
        batch_op.add_column(
            sa.Column("kind", sa.String(length=12), server_default="estimate", nullable=False)
        )
        batch_op.add_column(sa.Column("as_of", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("as_of_precision", sa.String(length=8), server_default="year", nullable=False)
        )
        batch_op.add_column(
            sa.Column("lower_bound", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("figure", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("quote", sa.Text(), nullable=True))
        batch_op.drop_constraint(
            "uq_population_record_settlement_id_year_source_id", type_="unique"
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_population_record_settlement_id_year_scope_source_id"),
            ["settlement_id", "year", "scope", "source_id"],
        )
        batch_op.create_check_constraint(
            "scope_known", "scope IN ('city', 'administration', 'district', 'unclear')"
        )
        batch_op.create_check_constraint("kind_known", "kind IN ('census', 'estimate')")
        batch_op.create_check_constraint(
            "as_of_precision", "as_of_precision IN ('day', 'month', 'year')"
        )
    with op.batch_alter_table("monotown_status", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("membership", sa.String(length=12), server_default="member", nullable=False)
        )
        batch_op.add_column(sa.Column("confidence", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("quote", sa.Text(), nullable=True))
        batch_op.create_check_constraint(
            "membership_known", "membership IN ('member', 'not_member', 'unknown')"
        )
    create_table(
        "town_figure",
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=120), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("value_text", sa.String(length=120), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("bound", sa.String(length=12), nullable=False),
        sa.Column("unit", sa.String(length=60), nullable=True),
        sa.Column("indicator_code", sa.String(length=64), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        checks={
            "bound_known": "bound IN ('exact', 'approximate', 'lower', 'upper', 'text')",
            "metric_not_empty": "length(metric) > 0",
            "year_plausible": "year IS NULL OR (year >= 1800 AND year <= 2200)",
        },
        references=[Reference("settlement_id", "settlement", ondelete="CASCADE", indexed=True)],
        unique_together=[("settlement_id", "metric", "period", "source_id")],
        provenance=REGISTRY_FACT,
    )


def downgrade() -> None:
    drop_table("town_figure", indexes=["settlement_id"])
    with op.batch_alter_table("monotown_status", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_monotown_status_membership_known"), type_="check")
        batch_op.drop_column("quote")
        batch_op.drop_column("confidence")
        batch_op.drop_column("membership")
    # The old key has no scope: keep one figure per town, year and source (the first stored).
    op.execute(
        "DELETE FROM population_record WHERE id NOT IN (SELECT MIN(id) FROM population_record "
        "GROUP BY settlement_id, year, source_id)"
    )
    with op.batch_alter_table("population_record", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_population_record_as_of_precision"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_population_record_kind_known"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_population_record_scope_known"), type_="check")
        batch_op.drop_constraint(
            "uq_population_record_settlement_id_year_scope_source_id", type_="unique"
        )
        batch_op.create_unique_constraint(
            "uq_population_record_settlement_id_year_source_id",
            ["settlement_id", "year", "source_id"],
        )
        batch_op.drop_column("quote")
        batch_op.drop_column("figure")
        batch_op.drop_column("lower_bound")
        batch_op.drop_column("as_of_precision")
        batch_op.drop_column("as_of")
        batch_op.drop_column("kind")
        batch_op.drop_column("scope")
