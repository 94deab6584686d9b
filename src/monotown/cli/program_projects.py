"""`monotown projects list|summary|history`: investment and anchor projects."""

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
from monotown.errors import NotFoundError
from monotown.program import api_records
from monotown.program.summaries import PROJECT_GROUPS
from monotown.program.vocabulary import PROJECT_KINDS, PROJECT_STATUSES

projects_app = typer.Typer(
    help="Investment and anchor projects: list, summaries, status history.", no_args_is_help=True
)

COLUMNS = (
    "code",
    "name",
    "kind",
    "town",
    "region",
    "sector",
    "investor",
    "value_kzt",
    "planned_jobs",
    "actual_jobs",
    "start_on",
    "planned_end_on",
    "commissioned_on",
    "status",
    "status_on",
    "status_reason",
    "synthetic",
    "source",
    "note",
)
TABLE_COLUMNS = (
    "code", "name", "kind", "town", "sector", "value_kzt", "planned_jobs", "status", "status_on",
    "synthetic",
)  # fmt: skip
STATUS_OPTION = typer.Option(None, "--status", help=f"One of {', '.join(PROJECT_STATUSES)}.")
KIND_OPTION = typer.Option(None, "--kind", help=f"One of {', '.join(PROJECT_KINDS)}.")
SECTOR_OPTION = typer.Option(None, "--sector", help="Sector, as recorded.")


@projects_app.command("list")
def list_projects(
    town: str | None = TOWN_OPTION,
    region: str | None = REGION_OPTION,
    status: str | None = STATUS_OPTION,
    kind: str | None = KIND_OPTION,
    sector: str | None = SECTOR_OPTION,
    records: Records = RECORDS_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """List projects with their current status."""
    with open_session() as session:
        frame = api_records.projects(
            session,
            town=town,
            region=region,
            status=status,
            kind=kind,
            sector=sector,
            synthetic=synthetic_filter(records),
        )
    emit_frame(frame, COLUMNS, fmt, title=f"Projects: {len(frame)}", table_columns=TABLE_COLUMNS)


@projects_app.command("summary")
def summary(
    by: list[str] = by_option("status", PROJECT_GROUPS),
    town: str | None = TOWN_OPTION,
    region: str | None = REGION_OPTION,
    status: str | None = STATUS_OPTION,
    kind: str | None = KIND_OPTION,
    sector: str | None = SECTOR_OPTION,
    records: Records = RECORDS_OPTION,
    total: bool = TOTAL_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Count, value and jobs of projects by status, kind, town, region, sector or start year."""
    with open_session() as session:
        frame = api_records.projects_summary(
            session,
            by,
            total=total and fmt is OutputFormat.table,
            town=town,
            region=region,
            status=status,
            kind=kind,
            sector=sector,
            synthetic=synthetic_filter(records),
        )
    emit_frame(
        frame,
        list(frame.columns),
        fmt,
        title=f"Projects by {', '.join(by)}",
        footnote="Sums of stored records; 'monotown program overview' compares them with the "
        "figures stated at government sessions.",
    )


@projects_app.command("history")
def history(
    code: str = typer.Argument(..., help="Code of the project."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """A project's dated status history, with the reason for each change."""
    with open_session() as session:
        frame = api_records.project_history(session, code)
        if frame.empty and api_records.projects(session).query("code == @code").empty:
            raise NotFoundError(f"no project with code '{code}'")
    emit_frame(
        frame,
        ["status_on", "status", "reason", "synthetic", "source"],
        fmt,
        title=f"Status history of project {code}",
    )
