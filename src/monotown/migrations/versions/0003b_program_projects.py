"""program monitoring (2/2): plans, measures, projects, budget lines, infrastructure works

Revision ID: 0003b_program_projects
Revises: 0003_program
Create Date: 2026-11-21 22:26:26.241561
"""

from __future__ import annotations

import sqlalchemy as sa

from monotown.migrations.ddl import PROGRAM_RECORD, Reference, create_table, drop_table

revision = "0003b_program_projects"
down_revision = "0003_program"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_table(
        "program_infrastructure_work",
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
        checks={
            "kind_known": "kind IN ('chp_repair', 'boiler', 'turbine', 'network', 'gasification')",
            "status_known": "status IN ('planned', 'under_way', 'completed', 'cancelled')",
            "cost_not_negative": "cost_kzt IS NULL OR cost_kzt >= 0",
            "code_not_empty": "length(code) > 0",
            "people_served": "people_served IS NULL OR people_served >= 0",
        },
        references=[Reference("settlement_id", "settlement", indexed=True)],
        unique_together=[("code",)],
        provenance=PROGRAM_RECORD,
    )

    create_table(
        "program_plan",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=True),
        sa.Column("year_from", sa.Integer(), nullable=False),
        sa.Column("year_to", sa.Integer(), nullable=False),
        sa.Column("cost_kzt", sa.Float(), nullable=True),
        sa.Column("responsible", sa.String(length=300), nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        checks={
            "kind_known": "kind IN ('program', 'plan')",
            "cost_not_negative": "cost_kzt IS NULL OR cost_kzt >= 0",
            "code_not_empty": "length(code) > 0",
            "years_ordered": "year_to >= year_from",
        },
        references=[Reference("settlement_id", "settlement", indexed=True)],
        unique_together=[("code",)],
        provenance=PROGRAM_RECORD,
    )

    create_table(
        "program_project",
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
        checks={
            "kind_known": "kind IN ('anchor', 'investment')",
            "actual_jobs": "actual_jobs IS NULL OR actual_jobs >= 0",
            "code_not_empty": "length(code) > 0",
            "planned_jobs": "planned_jobs IS NULL OR planned_jobs >= 0",
            "value_not_negative": "value_kzt IS NULL OR value_kzt >= 0",
        },
        references=[Reference("settlement_id", "settlement", indexed=True)],
        unique_together=[("code",)],
        provenance=PROGRAM_RECORD,
    )

    create_table(
        "program_budget_line",
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("settlement_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("budget_source", sa.String(length=16), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("planned_kzt", sa.Float(), nullable=True),
        sa.Column("allocated_kzt", sa.Float(), nullable=True),
        sa.Column("disbursed_kzt", sa.Float(), nullable=True),
        checks={
            "budget_source_known": "budget_source IN ('national', 'local', 'other')",
            "amounts_not_negative": "(planned_kzt IS NULL OR planned_kzt >= 0) AND (allocated_kzt IS NULL OR allocated_kzt >= 0) AND (disbursed_kzt IS NULL OR disbursed_kzt >= 0)",
            "purpose_not_empty": "length(purpose) > 0",
            "year_plausible": "year >= 1990 AND year <= 2100",
        },
        references=[
            Reference("plan_id", "program_plan", indexed=True),
            Reference("settlement_id", "settlement", indexed=True),
        ],
        unique_together=[("plan_id", "settlement_id", "year", "budget_source", "purpose")],
        provenance=PROGRAM_RECORD,
    )

    create_table(
        "program_measure",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("cost_kzt", sa.Float(), nullable=True),
        sa.Column("responsible", sa.String(length=300), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        checks={
            "status_known": "status IN ('planned', 'in_progress', 'done', 'cancelled')",
            "cost_not_negative": "cost_kzt IS NULL OR cost_kzt >= 0",
            "code_not_empty": "length(code) > 0",
        },
        references=[
            Reference("plan_id", "program_plan", indexed=True),
            Reference("settlement_id", "settlement", indexed=True),
        ],
        unique_together=[("code",)],
        provenance=PROGRAM_RECORD,
    )

    create_table(
        "program_project_status",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("status_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        checks={
            "status_known": "status IN ('planned', 'under_implementation', 'operating', 'idle', 'cancelled')"
        },
        references=[Reference("project_id", "program_project", indexed=True)],
        unique_together=[("project_id", "status_on", "status")],
        provenance=PROGRAM_RECORD,
    )


def downgrade() -> None:
    drop_table("program_project_status", indexes=["batch_id", "project_id"])
    drop_table("program_measure", indexes=["batch_id", "plan_id", "settlement_id"])
    drop_table("program_budget_line", indexes=["batch_id", "plan_id", "settlement_id"])
    drop_table("program_project", indexes=["batch_id", "settlement_id"])
    drop_table("program_plan", indexes=["batch_id", "settlement_id"])
    drop_table("program_infrastructure_work", indexes=["batch_id", "settlement_id"])
