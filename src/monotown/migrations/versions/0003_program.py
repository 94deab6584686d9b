"""program monitoring (1/2): facts, targets, directives, contracts, industrial zones

Revision ID: 0003_program
Revises: 0002_data
Create Date: 2026-11-21 22:26:26.241561
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_program"
down_revision = "0002_data"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "program_directive",
        sa.Column("id", sa.Integer(), nullable=False),
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
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status <> 'done' OR done_on IS NOT NULL",
            name=op.f("ck_program_directive_done_has_date"),
        ),
        sa.CheckConstraint(
            "status <> 'extended' OR extended_to IS NOT NULL",
            name=op.f("ck_program_directive_extension_has_date"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'done', 'extended')", name=op.f("ck_program_directive_status_known")
        ),
        sa.CheckConstraint(
            "extended_to IS NULL OR extended_to > deadline",
            name=op.f("ck_program_directive_extension_later"),
        ),
        sa.CheckConstraint("length(code) > 0", name=op.f("ck_program_directive_code_not_empty")),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_program_directive_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_directive")),
        sa.UniqueConstraint("code", name=op.f("uq_program_directive_code")),
    )
    with op.batch_alter_table("program_directive", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_directive_batch_id"), ["batch_id"], unique=False
        )

    op.create_table(
        "program_fact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.String(length=32), nullable=False),
        sa.Column("event", sa.String(length=300), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("metric", sa.String(length=120), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=300), nullable=True),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_program_fact_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_fact")),
        sa.UniqueConstraint(
            "as_of", "event", "metric", name=op.f("uq_program_fact_as_of_event_metric")
        ),
    )
    with op.batch_alter_table("program_fact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_program_fact_batch_id"), ["batch_id"], unique=False)

    op.create_table(
        "program_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=300), nullable=True),
        sa.Column("baseline_year", sa.Integer(), nullable=True),
        sa.Column("baseline_value", sa.Float(), nullable=True),
        sa.Column("target_year", sa.Integer(), nullable=False),
        sa.Column("target_value", sa.Float(), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(baseline_year IS NULL) = (baseline_value IS NULL)",
            name=op.f("ck_program_target_baseline"),
        ),
        sa.CheckConstraint(
            "baseline_year IS NULL OR baseline_year < target_year",
            name=op.f("ck_program_target_years_ordered"),
        ),
        sa.CheckConstraint("length(code) > 0", name=op.f("ck_program_target_code_not_empty")),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_program_target_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_target")),
        sa.UniqueConstraint("code", name=op.f("uq_program_target_code")),
    )
    with op.batch_alter_table("program_target", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_program_target_batch_id"), ["batch_id"], unique=False)

    op.create_table(
        "program_directive_body",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["directive_id"],
            ["program_directive.id"],
            name=op.f("fk_program_directive_body_directive_id_program_directive"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_directive_body")),
        sa.UniqueConstraint(
            "directive_id", "body", name=op.f("uq_program_directive_body_directive_id_body")
        ),
    )
    with op.batch_alter_table("program_directive_body", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_directive_body_directive_id"), ["directive_id"], unique=False
        )

    op.create_table(
        "program_target_actual",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_program_target_actual_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["program_target.id"],
            name=op.f("fk_program_target_actual_target_id_program_target"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_target_actual")),
        sa.UniqueConstraint(
            "target_id", "year", name=op.f("uq_program_target_actual_target_id_year")
        ),
    )
    with op.batch_alter_table("program_target_actual", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_target_actual_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_target_actual_target_id"), ["target_id"], unique=False
        )

    op.create_table(
        "program_contract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("buyer", sa.String(length=300), nullable=False),
        sa.Column("producer", sa.String(length=300), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=True),
        sa.Column("value_kzt", sa.Float(), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("term_months", sa.Integer(), nullable=True),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('offtake', 'long_term')", name=op.f("ck_program_contract_kind_known")
        ),
        sa.CheckConstraint("length(code) > 0", name=op.f("ck_program_contract_code_not_empty")),
        sa.CheckConstraint(
            "term_months IS NULL OR term_months > 0", name=op.f("ck_program_contract_term_positive")
        ),
        sa.CheckConstraint(
            "value_kzt IS NULL OR value_kzt >= 0",
            name=op.f("ck_program_contract_value_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_program_contract_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["settlement.id"],
            name=op.f("fk_program_contract_settlement_id_settlement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_contract")),
        sa.UniqueConstraint("code", name=op.f("uq_program_contract_code")),
    )
    with op.batch_alter_table("program_contract", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_contract_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_contract_settlement_id"), ["settlement_id"], unique=False
        )

    op.create_table(
        "program_directive_town",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["directive_id"],
            ["program_directive.id"],
            name=op.f("fk_program_directive_town_directive_id_program_directive"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["settlement.id"],
            name=op.f("fk_program_directive_town_settlement_id_settlement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_directive_town")),
        sa.UniqueConstraint(
            "directive_id",
            "settlement_id",
            name=op.f("uq_program_directive_town_directive_id_settlement_id"),
        ),
    )
    with op.batch_alter_table("program_directive_town", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_directive_town_directive_id"), ["directive_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_directive_town_settlement_id"), ["settlement_id"], unique=False
        )

    op.create_table(
        "program_industrial_zone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("area_ha", sa.Float(), nullable=True),
        sa.Column("tenants", sa.Integer(), nullable=True),
        sa.Column("tenant_names", sa.Text(), nullable=True),
        sa.Column("established_on", sa.Date(), nullable=True),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('planned', 'under_construction', 'operating', 'closed')",
            name=op.f("ck_program_industrial_zone_status_known"),
        ),
        sa.CheckConstraint(
            "area_ha IS NULL OR area_ha > 0", name=op.f("ck_program_industrial_zone_area_positive")
        ),
        sa.CheckConstraint(
            "length(code) > 0", name=op.f("ck_program_industrial_zone_code_not_empty")
        ),
        sa.CheckConstraint(
            "tenants IS NULL OR tenants >= 0",
            name=op.f("ck_program_industrial_zone_tenants_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_program_industrial_zone_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["settlement.id"],
            name=op.f("fk_program_industrial_zone_settlement_id_settlement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_industrial_zone")),
        sa.UniqueConstraint("code", name=op.f("uq_program_industrial_zone_code")),
    )
    with op.batch_alter_table("program_industrial_zone", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_industrial_zone_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_industrial_zone_settlement_id"), ["settlement_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("program_industrial_zone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_industrial_zone_settlement_id"))
        batch_op.drop_index(batch_op.f("ix_program_industrial_zone_batch_id"))

    op.drop_table("program_industrial_zone")
    with op.batch_alter_table("program_directive_town", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_directive_town_settlement_id"))
        batch_op.drop_index(batch_op.f("ix_program_directive_town_directive_id"))

    op.drop_table("program_directive_town")
    with op.batch_alter_table("program_contract", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_contract_settlement_id"))
        batch_op.drop_index(batch_op.f("ix_program_contract_batch_id"))

    op.drop_table("program_contract")
    with op.batch_alter_table("program_target_actual", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_target_actual_target_id"))
        batch_op.drop_index(batch_op.f("ix_program_target_actual_batch_id"))

    op.drop_table("program_target_actual")
    with op.batch_alter_table("program_directive_body", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_directive_body_directive_id"))

    op.drop_table("program_directive_body")
    with op.batch_alter_table("program_target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_target_batch_id"))

    op.drop_table("program_target")
    with op.batch_alter_table("program_fact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_fact_batch_id"))

    op.drop_table("program_fact")
    with op.batch_alter_table("program_directive", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_directive_batch_id"))

    op.drop_table("program_directive")
