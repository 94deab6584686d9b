"""`monotown budget list|execution`: budget lines and execution (disbursed / allocated)."""

from __future__ import annotations

import typer

from monotown.cli.output import OutputFormat
from monotown.cli.program_common import (
    FORMAT_OPTION,
    RECORDS_OPTION,
    REGION_OPTION,
    TOTAL_OPTION,
    TOWN_OPTION,
    Records,
    by_option,
    emit_frame,
    synthetic_filter,
)
from monotown.cli.session import open_session
from monotown.program import api_records
from monotown.program.summaries import BUDGET_GROUPS
from monotown.program.vocabulary import BUDGET_SOURCES

budget_app = typer.Typer(
    help="Budget lines and execution by year, source, town and region.", no_args_is_help=True
)

COLUMNS = (
    "plan", "town", "region", "year", "budget_source", "purpose", "planned_kzt", "allocated_kzt",
    "disbursed_kzt", "synthetic", "source", "note",
)  # fmt: skip
TABLE_COLUMNS = (
    "year", "budget_source", "town", "purpose", "planned_kzt", "allocated_kzt", "disbursed_kzt",
    "synthetic",
)  # fmt: skip
FROM_OPTION = typer.Option(None, "--from", help="First year.")
TO_OPTION = typer.Option(None, "--to", help="Last year.")
SOURCE_OPTION = typer.Option(None, "--source", help=f"One of {', '.join(BUDGET_SOURCES)}.")
PLAN_OPTION = typer.Option(None, "--plan", help="Code of a program or plan.")


@budget_app.command("list")
def list_lines(
    year_from: int | None = FROM_OPTION,
    year_to: int | None = TO_OPTION,
    source: str | None = SOURCE_OPTION,
    town: str | None = TOWN_OPTION,
    region: str | None = REGION_OPTION,
    plan: str | None = PLAN_OPTION,
    records: Records = RECORDS_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """List budget lines."""
    with open_session() as session:
        frame = api_records.budget_lines(
            session,
            year_from=year_from,
            year_to=year_to,
            budget_source=source,
            town=town,
            region=region,
            plan=plan,
            synthetic=synthetic_filter(records),
        )
    emit_frame(
        frame, COLUMNS, fmt, title=f"Budget lines: {len(frame)}", table_columns=TABLE_COLUMNS
    )


@budget_app.command("execution")
def execution(
    by: list[str] = by_option("year", BUDGET_GROUPS),
    year_from: int | None = FROM_OPTION,
    year_to: int | None = TO_OPTION,
    source: str | None = SOURCE_OPTION,
    town: str | None = TOWN_OPTION,
    region: str | None = REGION_OPTION,
    plan: str | None = PLAN_OPTION,
    records: Records = RECORDS_OPTION,
    total: bool = TOTAL_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Planned, allocated, disbursed and execution (disbursed / allocated, %) per group."""
    with open_session() as session:
        frame = api_records.budget_execution(
            session,
            by,
            total=total and fmt is OutputFormat.table,
            year_from=year_from,
            year_to=year_to,
            budget_source=source,
            town=town,
            region=region,
            plan=plan,
            synthetic=synthetic_filter(records),
        )
    emit_frame(
        frame,
        list(frame.columns),
        fmt,
        title=f"Budget execution by {', '.join(by)}",
        footnote="execution_pct = disbursed / allocated x 100 over lines that have both figures.",
    )
