"""`monotown budget list|execution`: budget lines and execution (disbursed / allocated)."""

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
from monotown.program.summaries import BUDGET_GROUPS
from monotown.program.vocabulary import BUDGET_SOURCES

budget_app = typer.Typer(
    help="Budget lines and execution by year, source, town and region.", no_args_is_help=True
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
add_list_commands(budget_app, BUDGET)
