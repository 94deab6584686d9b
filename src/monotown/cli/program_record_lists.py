"""`monotown projects|budget|contracts|zones|works list|summary`: the program's record lists, one
`RecordList` each (the API function, its filters and columns), and the command groups built from
them."""

from __future__ import annotations

from monotown.cli.program_lists import (
    Option,
    RecordList,
    choice_option,
    list_app,
    region_option,
    town_option,
)
from monotown.program import api_records
from monotown.program.summaries import (
    BUDGET_GROUPS,
    CONTRACT_GROUPS,
    PROJECT_GROUPS,
    WORK_GROUPS,
    ZONE_GROUPS,
)
from monotown.program.vocabulary import (
    BUDGET_SOURCES,
    CONTRACT_KINDS,
    PROJECT_KINDS,
    PROJECT_STATUSES,
    WORK_KINDS,
    WORK_STATUSES,
    ZONE_STATUSES,
)

BUDGET = RecordList(
    noun="Budget lines", records=api_records.budget_lines,
    summary=api_records.budget_execution,
    options=(
        Option("--from", "First year.", "year_from", int, name="year_from"),
        Option("--to", "Last year.", "year_to", int, name="year_to"),
        choice_option("--source", BUDGET_SOURCES, "budget_source"),
        town_option(), region_option(), Option("--plan", "Code of a program or plan.", "plan"),
    ),
    columns=(
        "plan", "town", "region", "year", "budget_source", "purpose", "planned_kzt",
        "allocated_kzt", "disbursed_kzt", "synthetic", "source", "note",
    ),
    table_columns=(
        "year", "budget_source", "town", "purpose", "planned_kzt", "allocated_kzt",
        "disbursed_kzt", "synthetic",
    ),
    list_help="List budget lines.", groups=BUDGET_GROUPS, default_by="year",
    summary_name="execution", summary_title="Budget execution",
    summary_help="Planned, allocated, disbursed and execution (disbursed / allocated, %) per "
    "group.",
    footnote="execution_pct = disbursed / allocated x 100 over lines that have both figures.",
)  # fmt: skip
PROJECTS = RecordList(
    noun="Projects", records=api_records.projects, summary=api_records.projects_summary,
    options=(
        town_option(), region_option(), choice_option("--status", PROJECT_STATUSES),
        choice_option("--kind", PROJECT_KINDS),
        Option("--sector", "Sector, as recorded.", "sector"),
    ),
    columns=(
        "code", "name", "kind", "town", "region", "sector", "investor", "value_kzt",
        "planned_jobs", "actual_jobs", "start_on", "planned_end_on", "commissioned_on", "status",
        "status_on", "status_reason", "synthetic", "source", "note",
    ),
    table_columns=(
        "code", "name", "kind", "town", "sector", "value_kzt", "planned_jobs", "status",
        "status_on", "synthetic",
    ),
    list_help="List projects with their current status.", groups=PROJECT_GROUPS,
    default_by="status",
    summary_help="Count, value and jobs of projects by status, kind, town, region, sector or "
    "start year.",
    footnote="Sums of stored records; 'monotown program overview' compares them with the "
    "figures stated at government sessions.",
)  # fmt: skip
CONTRACTS = RecordList(
    noun="Contracts", records=api_records.contracts, summary=api_records.contracts_summary,
    options=(
        choice_option("--kind", CONTRACT_KINDS),
        Option("--year", "Year signed.", "year", int, in_summary=False),
        town_option(), region_option(),
    ),
    columns=(
        "code", "kind", "buyer", "producer", "town", "region", "subject", "value_kzt",
        "signed_on", "term_months", "synthetic", "source", "note",
    ),
    table_columns=(
        "code", "kind", "buyer", "producer", "town", "value_kzt", "signed_on", "synthetic",
    ),
    list_help="List contracts.", groups=CONTRACT_GROUPS, default_by="year",
    summary_help="Number and value of contracts by year, kind, town, region or buyer.",
)  # fmt: skip
ZONES = RecordList(
    noun="Industrial zones", records=api_records.zones, summary=api_records.zones_summary,
    options=(choice_option("--status", ZONE_STATUSES), town_option(), region_option()),
    columns=(
        "code", "name", "town", "region", "status", "area_ha", "tenants", "tenant_names",
        "established_on", "synthetic", "source", "note",
    ),
    table_columns=("code", "name", "town", "status", "area_ha", "tenants", "synthetic"),
    list_help="List industrial zones.", groups=ZONE_GROUPS, default_by="status",
    summary_help="Number, area and tenants of industrial zones by status, town or region.",
    summary_title="Zones",
)  # fmt: skip
WORKS = RecordList(
    noun="Infrastructure works", records=api_records.works, summary=api_records.works_summary,
    options=(
        choice_option("--kind", WORK_KINDS),
        Option("--status", f"One of {', '.join(WORK_STATUSES)}.", "status", in_summary=False),
        town_option(), region_option(),
    ),
    columns=(
        "code", "town", "region", "object", "kind", "status", "start_on", "planned_end_on",
        "completed_on", "people_served", "cost_kzt", "synthetic", "source", "note",
    ),
    table_columns=("code", "town", "object", "kind", "status", "people_served", "synthetic"),
    list_help="List infrastructure works.", groups=WORK_GROUPS, default_by="kind",
    summary_help="Number of works, people served and cost by kind, status, town or region.",
    summary_title="Works",
)  # fmt: skip


# The command groups `program.register()` adds, each with its help.
projects_app, budget_app, contracts_app, zones_app, works_app = (
    list_app(spec, help_text)
    for spec, help_text in (
        (PROJECTS, "Investment and anchor projects: list, summaries, status history."),
        (BUDGET, "Budget lines and execution by year, source, town and region."),
        (CONTRACTS, "Offtake and long-term contracts."),
        (ZONES, "Industrial zones."),
        (WORKS, "Infrastructure works: CHP repairs, boilers, turbines, networks, gasification."),
    )
)
