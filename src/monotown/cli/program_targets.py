"""`monotown targets`: progress of every target against the straight line to its target year."""

from __future__ import annotations

import typer

from monotown.cli.output import OutputFormat
from monotown.cli.program_common import (
    FORMAT_OPTION,
    RECORDS_OPTION,
    Records,
    emit_frame,
    synthetic_filter,
)
from monotown.cli.session import open_session
from monotown.errors import NotFoundError
from monotown.program import api
from monotown.program.progress import PROGRESS_COLUMNS, TRACKS

targets_app = typer.Typer(
    help="Targets: baseline, target, latest actual, progress and whether it is on track.",
    invoke_without_command=True,
)

# The table leaves out the long name and the gap (the difference of the two shares it shows).
TABLE_COLUMNS = tuple(c for c in PROGRESS_COLUMNS if c not in ("name", "gap_pct"))
FOOTNOTE = (
    "progress = share of the way from baseline to target covered by the latest actual; "
    "expected = share the straight line from baseline year to target year had covered by then."
)


@targets_app.callback()
def list_targets(
    ctx: typer.Context,
    track: str | None = typer.Option(None, "--track", help=f"Only: {', '.join(TRACKS)}."),
    records: Records = RECORDS_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """List targets with their progress and track."""
    if ctx.invoked_subcommand is not None:
        return
    if track and track not in TRACKS:
        raise typer.BadParameter(f"must be one of {', '.join(TRACKS)}", param_hint="--track")
    with open_session() as session:
        frame = api.targets_progress(session, synthetic=synthetic_filter(records))
    if track:
        frame = frame[frame["track"] == track]
    emit_frame(
        frame,
        [*PROGRESS_COLUMNS, "scope", "source"],
        fmt,
        title=f"Targets: {len(frame)}",
        table_columns=TABLE_COLUMNS,
        footnote=FOOTNOTE,
    )


@targets_app.command("show")
def show_target(
    code: str = typer.Argument(..., help="Code of the target."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """One target's progress and every actual value recorded for it."""
    with open_session() as session:
        progress = api.targets_progress(session)
        row = progress[progress["code"] == code]
        if row.empty:
            known = ", ".join(progress["code"]) or "none stored"
            raise NotFoundError(f"no target with code '{code}' (known: {known})")
        actuals = api.target_actuals(session, code)
    emit_frame(row, PROGRESS_COLUMNS, fmt, title=f"Target {code}", footnote=FOOTNOTE)
    if fmt is OutputFormat.table:
        emit_frame(
            actuals,
            ["year", "value", "synthetic", "source"],
            fmt,
            title=f"Actual values of {code}: {len(actuals)}",
        )
