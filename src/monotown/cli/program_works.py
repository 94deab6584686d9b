"""`monotown contracts|zones|works list|summary`: contracts, industrial zones and infrastructure."""

from __future__ import annotations

import typer

from monotown.cli.program_lists import (
    Option,
    RecordList,
    add_list_commands,
    choice_option,
    region_option,
    town_option,
)
from monotown.program import api_records
from monotown.program.summaries import CONTRACT_GROUPS, WORK_GROUPS, ZONE_GROUPS
from monotown.program.vocabulary import CONTRACT_KINDS, WORK_KINDS, WORK_STATUSES, ZONE_STATUSES

contracts_app = typer.Typer(help="Offtake and long-term contracts.", no_args_is_help=True)
zones_app = typer.Typer(help="Industrial zones.", no_args_is_help=True)
works_app = typer.Typer(
    help="Infrastructure works: CHP repairs, boilers, turbines, networks, gasification.",
    no_args_is_help=True,
)

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

add_list_commands(contracts_app, CONTRACTS)
add_list_commands(zones_app, ZONES)
add_list_commands(works_app, WORKS)
