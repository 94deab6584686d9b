"""`monotown projects list|summary|history`: investment and anchor projects."""

from __future__ import annotations

import typer

from monotown.cli.output import OutputFormat
from monotown.cli.program_common import FORMAT_OPTION, emit_frame
from monotown.cli.program_lists import (
    Option,
    RecordList,
    add_list_commands,
    choice_option,
    region_option,
    town_option,
)
from monotown.cli.session import open_session
from monotown.errors import NotFoundError
from monotown.program import api_records
from monotown.program.summaries import PROJECT_GROUPS
from monotown.program.vocabulary import PROJECT_KINDS, PROJECT_STATUSES

projects_app = typer.Typer(
    help="Investment and anchor projects: list, summaries, status history.", no_args_is_help=True
)

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
add_list_commands(projects_app, PROJECTS)


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
