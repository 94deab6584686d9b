"""program monitoring (2/2): plans, measures, projects, budget lines, infrastructure works

Revision ID: 0003b_program_projects
Revises: 0003_program
Create Date: 2026-11-21 22:26:26.241561
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003b_program_projects"
down_revision = "0003_program"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "program_infrastructure_work",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("object", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("planned_end_on", sa.Date(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("people_served", sa.Integer(), nullable=True),
        sa.Column("cost_kzt", sa.Float(), nullable=True),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('chp_repair', 'boiler', 'turbine', 'network', 'gasification')",
            name=op.f("ck_program_infrastructure_work_kind_known"),
        ),
        sa.CheckConstraint(
            "status IN ('planned', 'under_way', 'completed', 'cancelled')",
            name=op.f("ck_program_infrastructure_work_status_known"),
        ),
        sa.CheckConstraint(
            "cost_kzt IS NULL OR cost_kzt >= 0",
            name=op.f("ck_program_infrastructure_work_cost_not_negative"),
        ),
        sa.CheckConstraint(
            "length(code) > 0", name=op.f("ck_program_infrastructure_work_code_not_empty")
        ),
        sa.CheckConstraint(
            "people_served IS NULL OR people_served >= 0",
            name=op.f("ck_program_infrastructure_work_people_served"),
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_program_infrastructure_work_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["settlement.id"],
            name=op.f("fk_program_infrastructure_work_settlement_id_settlement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_infrastructure_work")),
        sa.UniqueConstraint("code", name=op.f("uq_program_infrastructure_work_code")),
    )
    with op.batch_alter_table("program_infrastructure_work", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_infrastructure_work_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_infrastructure_work_settlement_id"),
            ["settlement_id"],
            unique=False,
        )

    op.create_table(
        "program_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=True),
        sa.Column("year_from", sa.Integer(), nullable=False),
        sa.Column("year_to", sa.Integer(), nullable=False),
        sa.Column("cost_kzt", sa.Float(), nullable=True),
        sa.Column("responsible", sa.String(length=300), nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('program', 'plan')", name=op.f("ck_program_plan_kind_known")),
        sa.CheckConstraint(
            "cost_kzt IS NULL OR cost_kzt >= 0", name=op.f("ck_program_plan_cost_not_negative")
        ),
        sa.CheckConstraint("length(code) > 0", name=op.f("ck_program_plan_code_not_empty")),
        sa.CheckConstraint("year_to >= year_from", name=op.f("ck_program_plan_years_ordered")),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_program_plan_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["settlement.id"],
            name=op.f("fk_program_plan_settlement_id_settlement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_plan")),
        sa.UniqueConstraint("code", name=op.f("uq_program_plan_code")),
    )
    with op.batch_alter_table("program_plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_program_plan_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_program_plan_settlement_id"), ["settlement_id"], unique=False
        )

    op.create_table(
        "program_project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("sector", sa.String(length=120), nullable=True),
        sa.Column("investor", sa.String(length=300), nullable=True),
        sa.Column("value_kzt", sa.Float(), nullable=True),
        sa.Column("planned_jobs", sa.Integer(), nullable=True),
        sa.Column("actual_jobs", sa.Integer(), nullable=True),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("planned_end_on", sa.Date(), nullable=True),
        sa.Column("commissioned_on", sa.Date(), nullable=True),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('anchor', 'investment')", name=op.f("ck_program_project_kind_known")
        ),
        sa.CheckConstraint(
            "actual_jobs IS NULL OR actual_jobs >= 0", name=op.f("ck_program_project_actual_jobs")
        ),
        sa.CheckConstraint("length(code) > 0", name=op.f("ck_program_project_code_not_empty")),
        sa.CheckConstraint(
            "planned_jobs IS NULL OR planned_jobs >= 0",
            name=op.f("ck_program_project_planned_jobs"),
        ),
        sa.CheckConstraint(
            "value_kzt IS NULL OR value_kzt >= 0",
            name=op.f("ck_program_project_value_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_program_project_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["settlement.id"],
            name=op.f("fk_program_project_settlement_id_settlement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_project")),
        sa.UniqueConstraint("code", name=op.f("uq_program_project_code")),
    )
    with op.batch_alter_table("program_project", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_program_project_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_program_project_settlement_id"), ["settlement_id"], unique=False
        )

    op.create_table(
        "program_budget_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("settlement_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("budget_source", sa.String(length=16), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("planned_kzt", sa.Float(), nullable=True),
        sa.Column("allocated_kzt", sa.Float(), nullable=True),
        sa.Column("disbursed_kzt", sa.Float(), nullable=True),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "budget_source IN ('national', 'local', 'other')",
            name=op.f("ck_program_budget_line_budget_source_known"),
        ),
        sa.CheckConstraint(
            "(planned_kzt IS NULL OR planned_kzt >= 0) AND (allocated_kzt IS NULL OR allocated_kzt >= 0) AND (disbursed_kzt IS NULL OR disbursed_kzt >= 0)",
            name=op.f("ck_program_budget_line_amounts_not_negative"),
        ),
        sa.CheckConstraint(
            "length(purpose) > 0", name=op.f("ck_program_budget_line_purpose_not_empty")
        ),
        sa.CheckConstraint(
            "year >= 1990 AND year <= 2100", name=op.f("ck_program_budget_line_year_plausible")
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_program_budget_line_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["program_plan.id"],
            name=op.f("fk_program_budget_line_plan_id_program_plan"),
        ),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["settlement.id"],
            name=op.f("fk_program_budget_line_settlement_id_settlement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_budget_line")),
        sa.UniqueConstraint(
            "plan_id",
            "settlement_id",
            "year",
            "budget_source",
            "purpose",
            name=op.f("uq_program_budget_line_plan_id_settlement_id_year_budget_source_purpose"),
        ),
    )
    with op.batch_alter_table("program_budget_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_budget_line_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_budget_line_plan_id"), ["plan_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_budget_line_settlement_id"), ["settlement_id"], unique=False
        )

    op.create_table(
        "program_measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("cost_kzt", sa.Float(), nullable=True),
        sa.Column("responsible", sa.String(length=300), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('planned', 'in_progress', 'done', 'cancelled')",
            name=op.f("ck_program_measure_status_known"),
        ),
        sa.CheckConstraint(
            "cost_kzt IS NULL OR cost_kzt >= 0", name=op.f("ck_program_measure_cost_not_negative")
        ),
        sa.CheckConstraint("length(code) > 0", name=op.f("ck_program_measure_code_not_empty")),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_program_measure_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["program_plan.id"], name=op.f("fk_program_measure_plan_id_program_plan")
        ),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["settlement.id"],
            name=op.f("fk_program_measure_settlement_id_settlement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_measure")),
        sa.UniqueConstraint("code", name=op.f("uq_program_measure_code")),
    )
    with op.batch_alter_table("program_measure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_program_measure_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_program_measure_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_program_measure_settlement_id"), ["settlement_id"], unique=False
        )

    op.create_table(
        "program_project_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("status_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('planned', 'under_implementation', 'operating', 'idle', 'cancelled')",
            name=op.f("ck_program_project_status_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_program_project_status_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["program_project.id"],
            name=op.f("fk_program_project_status_project_id_program_project"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_project_status")),
        sa.UniqueConstraint(
            "project_id",
            "status_on",
            "status",
            name=op.f("uq_program_project_status_project_id_status_on_status"),
        ),
    )
    with op.batch_alter_table("program_project_status", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_project_status_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_project_status_project_id"), ["project_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("program_project_status", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_project_status_project_id"))
        batch_op.drop_index(batch_op.f("ix_program_project_status_batch_id"))

    op.drop_table("program_project_status")
    with op.batch_alter_table("program_measure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_measure_settlement_id"))
        batch_op.drop_index(batch_op.f("ix_program_measure_plan_id"))
        batch_op.drop_index(batch_op.f("ix_program_measure_batch_id"))

    op.drop_table("program_measure")
    with op.batch_alter_table("program_budget_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_budget_line_settlement_id"))
        batch_op.drop_index(batch_op.f("ix_program_budget_line_plan_id"))
        batch_op.drop_index(batch_op.f("ix_program_budget_line_batch_id"))

    op.drop_table("program_budget_line")
    with op.batch_alter_table("program_project", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_project_settlement_id"))
        batch_op.drop_index(batch_op.f("ix_program_project_batch_id"))

    op.drop_table("program_project")
    with op.batch_alter_table("program_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_plan_settlement_id"))
        batch_op.drop_index(batch_op.f("ix_program_plan_batch_id"))

    op.drop_table("program_plan")
    with op.batch_alter_table("program_infrastructure_work", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_infrastructure_work_settlement_id"))
        batch_op.drop_index(batch_op.f("ix_program_infrastructure_work_batch_id"))

    op.drop_table("program_infrastructure_work")
