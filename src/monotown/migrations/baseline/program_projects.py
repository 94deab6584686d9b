"""Baseline tables of program monitoring (2/2): plans and their measures, projects and their
status, budget lines, infrastructure works, agreements, initiatives and town statements."""

from __future__ import annotations

from monotown.migrations import ddl

_COST = "cost_kzt IS NULL OR cost_kzt >= 0"


def tables() -> list[ddl.Table]:
    return [
        ddl.coded(
            "program_infrastructure_work",
            ddl.key("settlement_id", "settlement", indexed=True),
            ddl.string(300, "object"),
            ddl.string(16, "kind", "status"),
            ddl.date("start_on", "planned_end_on", "completed_on", null=True),
            ddl.integer("people_served", null=True),
            ddl.real("cost_kzt", null=True),
            ddl.program_record(),
            checks={
                "kind_known": "kind IN"
                " ('chp_repair', 'boiler', 'turbine', 'network', 'gasification')",
                "status_known": "status IN ('planned', 'under_way', 'completed', 'cancelled')",
                "cost_not_negative": _COST,
                "people_served": "people_served IS NULL OR people_served >= 0",
            },
        ),
        ddl.coded(
            "program_plan",
            ddl.string(16, "kind"),
            ddl.string(300, "name"),
            ddl.key("settlement_id", "settlement", null=True, indexed=True),
            ddl.integer("year_from", "year_to"),
            ddl.real("cost_kzt", null=True),
            ddl.string(300, "responsible", null=True),
            ddl.date("approved_on", null=True),
            ddl.program_record(),
            checks={
                "kind_known": "kind IN ('program', 'plan')",
                "cost_not_negative": _COST,
                "years_ordered": "year_to >= year_from",
            },
        ),
        ddl.coded(
            "program_project",
            ddl.string(300, "name"),
            ddl.string(16, "kind"),
            ddl.key("settlement_id", "settlement", indexed=True),
            ddl.string(120, "sector", null=True),
            ddl.string(300, "investor", null=True),
            ddl.real("value_kzt", null=True),
            ddl.integer("planned_jobs", "actual_jobs", null=True),
            ddl.date("start_on", "planned_end_on", "commissioned_on", null=True),
            ddl.program_record(),
            checks={
                "kind_known": "kind IN ('anchor', 'investment')",
                "actual_jobs": "actual_jobs IS NULL OR actual_jobs >= 0",
                "planned_jobs": "planned_jobs IS NULL OR planned_jobs >= 0",
                "value_not_negative": "value_kzt IS NULL OR value_kzt >= 0",
            },
        ),
        ddl.table(
            "program_budget_line",
            ddl.key("plan_id", "program_plan", null=True, indexed=True),
            ddl.key("settlement_id", "settlement", null=True, indexed=True),
            ddl.integer("year"),
            ddl.string(16, "budget_source"),
            ddl.string(300, "purpose"),
            ddl.real("planned_kzt", "allocated_kzt", "disbursed_kzt", null=True),
            ddl.program_record(),
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
        ddl.coded(
            "program_measure",
            ddl.key("plan_id", "program_plan", indexed=True),
            ddl.key("settlement_id", "settlement", null=True, indexed=True),
            ddl.text("action"),
            ddl.real("cost_kzt", null=True),
            ddl.string(300, "responsible", null=True),
            ddl.date("deadline", null=True),
            ddl.string(16, "status"),
            ddl.date("done_on", null=True),
            ddl.program_record(),
            checks={
                "status_known": "status IN ('planned', 'in_progress', 'done', 'cancelled')",
                "cost_not_negative": _COST,
            },
        ),
        ddl.table(
            "program_project_status",
            ddl.key("project_id", "program_project", indexed=True),
            ddl.string(24, "status"),
            ddl.date("status_on"),
            ddl.text("reason", null=True),
            ddl.program_record(),
            checks={
                "status_known": "status IN"
                " ('planned', 'under_implementation', 'operating', 'idle', 'cancelled')"
            },
            unique_together=[("project_id", "status_on", "status")],
        ),
        ddl.coded(
            "program_agreement",
            ddl.string(24, "kind"),
            ddl.string(400, "title"),
            ddl.integer("signed_year", null=True),
            ddl.text("subject", null=True),
            ddl.program_record(),
            checks={
                "kind_known": "kind IN ('memorandum', 'offtake', 'long_term_contract')",
            },
        ),
        ddl.coded(
            "program_initiative",
            ddl.string(24, "kind"),
            ddl.string(400, "name"),
            ddl.string(64, "parent_code", null=True),
            ddl.integer("year_from", "year_to", null=True),
            ddl.text("description", null=True),
            ddl.program_record(),
            checks={
                "kind_known": "kind IN ('direction', 'classification', 'group',"
                " 'priority_measure', 'regional_program', 'works_programme', 'exploration',"
                " 'support_centres')",
                "years_ordered": "year_from IS NULL OR year_to IS NULL OR year_to >= year_from",
            },
        ),
        ddl.coded(
            "program_town_statement",
            ddl.key("settlement_id", "settlement", indexed=True),
            ddl.string(32, "kind"),
            ddl.integer("year", null=True),
            ddl.text("statement"),
            ddl.program_record(),
            checks={
                "kind_known": "kind IN ('weakest_performance', 'output_decline',"
                " 'exited_status', 'growth_example')",
            },
        ),
    ]
