"""Baseline tables of program monitoring (2/2): plans and their measures, projects and their
status, budget lines, infrastructure works, agreements, initiatives and town statements."""

from __future__ import annotations

from monotown.migrations.ddl import (
    Table,
    coded,
    date,
    integer,
    key,
    program_record,
    real,
    string,
    table,
    text,
)

_COST = "cost_kzt IS NULL OR cost_kzt >= 0"


def tables() -> list[Table]:
    return [
        coded(
            "program_infrastructure_work",
            key("settlement_id", "settlement", indexed=True),
            string(300, "object"),
            string(16, "kind", "status"),
            date("start_on", "planned_end_on", "completed_on", null=True),
            integer("people_served", null=True),
            real("cost_kzt", null=True),
            program_record(),
            checks={
                "kind_known": "kind IN"
                " ('chp_repair', 'boiler', 'turbine', 'network', 'gasification')",
                "status_known": "status IN ('planned', 'under_way', 'completed', 'cancelled')",
                "cost_not_negative": _COST,
                "people_served": "people_served IS NULL OR people_served >= 0",
            },
        ),
        coded(
            "program_plan",
            string(16, "kind"),
            string(300, "name"),
            key("settlement_id", "settlement", null=True, indexed=True),
            integer("year_from", "year_to"),
            real("cost_kzt", null=True),
            string(300, "responsible", null=True),
            date("approved_on", null=True),
            program_record(),
            checks={
                "kind_known": "kind IN ('program', 'plan')",
                "cost_not_negative": _COST,
                "years_ordered": "year_to >= year_from",
            },
        ),
        coded(
            "program_project",
            string(300, "name"),
            string(16, "kind"),
            key("settlement_id", "settlement", indexed=True),
            string(120, "sector", null=True),
            string(300, "investor", null=True),
            real("value_kzt", null=True),
            integer("planned_jobs", "actual_jobs", null=True),
            date("start_on", "planned_end_on", "commissioned_on", null=True),
            program_record(),
            checks={
                "kind_known": "kind IN ('anchor', 'investment')",
                "actual_jobs": "actual_jobs IS NULL OR actual_jobs >= 0",
                "planned_jobs": "planned_jobs IS NULL OR planned_jobs >= 0",
                "value_not_negative": "value_kzt IS NULL OR value_kzt >= 0",
            },
        ),
        table(
            "program_budget_line",
            key("plan_id", "program_plan", null=True, indexed=True),
            key("settlement_id", "settlement", null=True, indexed=True),
            integer("year"),
            string(16, "budget_source"),
            string(300, "purpose"),
            real("planned_kzt", "allocated_kzt", "disbursed_kzt", null=True),
            program_record(),
            checks={
                "budget_source_known": "budget_source IN ('national', 'local', 'other')",
                "amounts_not_negative": "(planned_kzt IS NULL OR planned_kzt >= 0)"
                " AND (allocated_kzt IS NULL OR allocated_kzt >= 0)"
                " AND (disbursed_kzt IS NULL OR disbursed_kzt >= 0)",
                "purpose_not_empty": "length(purpose) > 0",
                "year_plausible": "year >= 1990 AND year <= 2100",
            },
            unique_together=[("plan_id", "settlement_id", "year", "budget_source", "purpose")],
        ),
        coded(
            "program_measure",
            key("plan_id", "program_plan", indexed=True),
            key("settlement_id", "settlement", null=True, indexed=True),
            text("action"),
            real("cost_kzt", null=True),
            string(300, "responsible", null=True),
            date("deadline", null=True),
            string(16, "status"),
            date("done_on", null=True),
            program_record(),
            checks={
                "status_known": "status IN ('planned', 'in_progress', 'done', 'cancelled')",
                "cost_not_negative": _COST,
            },
        ),
        table(
            "program_project_status",
            key("project_id", "program_project", indexed=True),
            string(24, "status"),
            date("status_on"),
            text("reason", null=True),
            program_record(),
            checks={
                "status_known": "status IN"
                " ('planned', 'under_implementation', 'operating', 'idle', 'cancelled')"
            },
            unique_together=[("project_id", "status_on", "status")],
        ),
        coded(
            "program_agreement",
            string(24, "kind"),
            string(400, "title"),
            integer("signed_year", null=True),
            text("subject", null=True),
            program_record(),
            checks={
                "kind_known": "kind IN ('memorandum', 'offtake', 'long_term_contract')",
            },
        ),
        coded(
            "program_initiative",
            string(24, "kind"),
            string(400, "name"),
            string(64, "parent_code", null=True),
            integer("year_from", "year_to", null=True),
            text("description", null=True),
            program_record(),
            checks={
                "kind_known": "kind IN ('direction', 'classification', 'group',"
                " 'priority_measure', 'regional_program', 'works_programme', 'exploration',"
                " 'support_centres')",
                "years_ordered": "year_from IS NULL OR year_to IS NULL OR year_to >= year_from",
            },
        ),
        coded(
            "program_town_statement",
            key("settlement_id", "settlement", indexed=True),
            string(32, "kind"),
            integer("year", null=True),
            text("statement"),
            program_record(),
            checks={
                "kind_known": "kind IN ('weakest_performance', 'output_decline',"
                " 'exited_status', 'growth_example')",
            },
        ),
    ]
