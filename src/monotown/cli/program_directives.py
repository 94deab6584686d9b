"""`monotown directives`: directives with their derived status, and the by-body control table."""

from __future__ import annotations

import typer

from monotown.cli.output import OutputFormat
from monotown.cli.program_common import (
    FORMAT_OPTION,
    RECORDS_OPTION,
    TODAY_OPTION,
    Records,
    emit_frame,
    frame_as_of,
)
from monotown.program import api
from monotown.program.vocabulary import DIRECTIVE_DERIVED_STATUSES

directives_app = typer.Typer(
    help="Directives: overdue and due soon (derived from the deadline), by responsible body.",
    invoke_without_command=True,
)

COLUMNS = (
    "code",
    "due_on",
    "status",
    "days_left",
    "bodies",
    "responsible",
    "towns",
    "regions",
    "text",
    "deadline",
    "deadline_stated",
    "recorded_status",
    "extended_to",
    "done_on",
    "issued_at",
    "issued_on",
    "control_notes",
    "evidence",
    "synthetic",
    "event",
    "event_code",
    "speakers",
    "citation",
    "quote",
    "sources",
    "source",
    "note",
)
TABLE_COLUMNS = (
    "code",
    "due_on",
    "status",
    "days_left",
    "bodies",
    "towns",
    "text",
    "event",
    "synthetic",
)


@directives_app.callback()
def list_directives(
    ctx: typer.Context,
    overdue: bool = typer.Option(False, "--overdue", help="Only overdue directives."),
    due_within: int | None = typer.Option(
        None, "--due-within", min=0, help="Only directives due within N days (with --overdue: or)."
    ),
    body: str | None = typer.Option(None, "--body", help="Responsible body (part of its name)."),
    town: str | None = typer.Option(None, "--town", help="Town concerned (any language)."),
    status: str | None = typer.Option(
        None, "--status", help=f"Derived status: {', '.join(DIRECTIVE_DERIVED_STATUSES)}."
    ),
    records: Records = RECORDS_OPTION,
    today: str | None = TODAY_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """List directives, soonest deadline first ('overdue' follows from the deadline and today)."""
    if ctx.invoked_subcommand is not None:
        return
    if status and status not in DIRECTIVE_DERIVED_STATUSES:
        raise typer.BadParameter(
            f"must be one of {', '.join(DIRECTIVE_DERIVED_STATUSES)}", param_hint="--status"
        )
    day, frame = frame_as_of(
        today,
        records,
        api.directives,
        overdue=overdue,
        due_within=due_within,
        body=body,
        town=town,
        status=status,
    )
    what = "overdue " if overdue else ""
    if due_within is not None:
        what += f"{'or ' if overdue else ''}due within {due_within} days "
    emit_frame(
        frame,
        COLUMNS,
        fmt,
        title=f"Directives {what}as of {day.isoformat()}: {len(frame)}",
        table_columns=TABLE_COLUMNS,
        footnote="Real records first, then synthetic demo ones. 'overdue': not done and the "
        "deadline that counts (an extension, if any) has passed; days_left < 0: days late; no "
        "due date: the source set none. 'bodies' are the registry's names of the bodies the "
        "text names; --format json adds the sentence each directive was taken from.",
    )


@directives_app.command("by-body")
def by_body(
    within: int = typer.Option(30, "--within", min=0, help="Window for 'due soon', in days."),
    records: Records = RECORDS_OPTION,
    today: str | None = TODAY_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Per responsible body: directives total, done, open, overdue and due within N days."""
    day, frame = frame_as_of(today, records, api.directives_by_body, within_days=within)
    emit_frame(
        frame,
        list(frame.columns),
        fmt,
        title=f"Directives by responsible body as of {day.isoformat()}",
        footnote="A directive with several responsible bodies counts for each of them; a body "
        "counts once whatever the spelling its directives use (resolved through the registry "
        "of bodies).",
    )
