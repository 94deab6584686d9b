"""program monitoring (1/2): facts, targets, directives, contracts, industrial zones

Revision ID: 0003_program
Revises: 0002_data
Create Date: 2026-11-21 22:26:26.241561
"""

from __future__ import annotations

import sqlalchemy as sa

from monotown.migrations.ddl import PROGRAM_RECORD, Reference, create_table, drop_table

revision = "0003_program"
down_revision = "0002_data"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_table(
        "program_directive",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.String(length=300), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("extended_to", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("control_notes", sa.Text(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        checks={
            "done_has_date": "status <> 'done' OR done_on IS NOT NULL",
            "extension_has_date": "status <> 'extended' OR extended_to IS NOT NULL",
            "status_known": "status IN ('open', 'done', 'extended')",
            "extension_later": "extended_to IS NULL OR extended_to > deadline",
            "code_not_empty": "length(code) > 0",
        },
        unique_together=[("code",)],
        provenance=PROGRAM_RECORD,
    )

    create_table(
        "program_fact",
        sa.Column("as_of", sa.String(length=32), nullable=False),
        sa.Column("event", sa.String(length=300), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("metric", sa.String(length=120), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=300), nullable=True),
        unique_together=[("as_of", "event", "metric")],
        provenance=PROGRAM_RECORD,
    )

    create_table(
        "program_target",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=300), nullable=True),
        sa.Column("baseline_year", sa.Integer(), nullable=True),
        sa.Column("baseline_value", sa.Float(), nullable=True),
        sa.Column("target_year", sa.Integer(), nullable=False),
        sa.Column("target_value", sa.Float(), nullable=False),
        checks={
            "baseline": "(baseline_year IS NULL) = (baseline_value IS NULL)",
            "years_ordered": "baseline_year IS NULL OR baseline_year < target_year",
            "code_not_empty": "length(code) > 0",
        },
        unique_together=[("code",)],
        provenance=PROGRAM_RECORD,
    )

    create_table(
        "program_directive_body",
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=300), nullable=False),
        references=[
            Reference("directive_id", "program_directive", ondelete="CASCADE", indexed=True)
        ],
        unique_together=[("directive_id", "body")],
    )

    create_table(
        "program_target_actual",
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        references=[Reference("target_id", "program_target", indexed=True)],
        unique_together=[("target_id", "year")],
        provenance=PROGRAM_RECORD,
    )

    create_table(
        "program_contract",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("buyer", sa.String(length=300), nullable=False),
        sa.Column("producer", sa.String(length=300), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=True),
        sa.Column("value_kzt", sa.Float(), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("term_months", sa.Integer(), nullable=True),
        checks={
            "kind_known": "kind IN ('offtake', 'long_term')",
            "code_not_empty": "length(code) > 0",
            "term_positive": "term_months IS NULL OR term_months > 0",
            "value_not_negative": "value_kzt IS NULL OR value_kzt >= 0",
        },
        references=[Reference("settlement_id", "settlement", indexed=True)],
        unique_together=[("code",)],
        provenance=PROGRAM_RECORD,
    )

    create_table(
        "program_directive_town",
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        references=[
            Reference("directive_id", "program_directive", ondelete="CASCADE", indexed=True),
            Reference("settlement_id", "settlement", indexed=True),
        ],
        unique_together=[("directive_id", "settlement_id")],
    )

    create_table(
        "program_industrial_zone",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("area_ha", sa.Float(), nullable=True),
        sa.Column("tenants", sa.Integer(), nullable=True),
        sa.Column("tenant_names", sa.Text(), nullable=True),
        sa.Column("established_on", sa.Date(), nullable=True),
        checks={
            "status_known": "status IN ('planned', 'under_construction', 'operating', 'closed')",
            "area_positive": "area_ha IS NULL OR area_ha > 0",
            "code_not_empty": "length(code) > 0",
            "tenants_not_negative": "tenants IS NULL OR tenants >= 0",
        },
        references=[Reference("settlement_id", "settlement", indexed=True)],
        unique_together=[("code",)],
        provenance=PROGRAM_RECORD,
    )


def downgrade() -> None:
    drop_table("program_industrial_zone", indexes=["batch_id", "settlement_id"])
    drop_table("program_directive_town", indexes=["directive_id", "settlement_id"])
    drop_table("program_contract", indexes=["batch_id", "settlement_id"])
    drop_table("program_target_actual", indexes=["batch_id", "target_id"])
    drop_table("program_directive_body", indexes=["directive_id"])
    drop_table("program_target", indexes=["batch_id"])
    drop_table("program_fact", indexes=["batch_id"])
    drop_table("program_directive", indexes=["batch_id"])
