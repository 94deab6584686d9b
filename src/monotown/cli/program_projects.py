"""`monotown projects history`: a project's status history (`list` and `summary` are built from
its `RecordList` in `program_record_lists`)."""

from __future__ import annotations

import typer

from monotown.cli.output import OutputFormat
from monotown.cli.program_common import FORMAT_OPTION, emit_frame
from monotown.cli.program_record_lists import projects_app
from monotown.cli.session import open_session
from monotown.errors import NotFoundError
from monotown.program import api_records

__all__ = ["projects_app"]  # with its `history` command added here


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
