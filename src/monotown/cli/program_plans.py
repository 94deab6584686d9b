"""`monotown plans list|measures|summary`: programs, plans and their measures."""

from __future__ import annotations

import typer

from monotown.cli.output import OutputFormat
from monotown.cli.program_common import (
    FORMAT_OPTION,
    RECORDS_OPTION,
    REGION_OPTION,
    TODAY_OPTION,
    TOTAL_OPTION,
    TOWN_OPTION,
    Records,
    by_option,
    emit_frame,
    frame_as_of,
    synthetic_filter,
)
from monotown.cli.session import open_session
from monotown.program import api_records, cited
from monotown.program.summaries import MEASURE_GROUPS
from monotown.program.vocabulary import MEASURE_STATUSES, PLAN_KINDS

plans_app = typer.Typer(help="Programs and plans and their measures.", no_args_is_help=True)

PLAN_COLUMNS = (
    "code", "kind", "name", "town", "region", "year_from", "year_to", "cost_kzt", "measures",
    "measures_cost_kzt", "synthetic_measures", "basis", "responsible", "approved_on", "synthetic",
    "event", "citation", "quote", "sources", "source", "note",
)  # fmt: skip
MEASURE_COLUMNS = (
    "code", "plan", "town", "region", "action", "cost_kzt", "responsible", "deadline", "status",
    "days_left", "recorded_status", "done_on", "synthetic", "source", "note",
)  # fmt: skip
STATUS_HELP = f"One of {', '.join((*MEASURE_STATUSES, 'overdue'))}."


@plans_app.command("list")
def list_plans(
    kind: str | None = typer.Option(None, "--kind", help=f"One of {', '.join(PLAN_KINDS)}."),
    town: str | None = TOWN_OPTION,
    records: Records = RECORDS_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """List programs and plans with the number and cost of their measures; 'basis' says whether
    those counts and costs are sums of real or of synthetic demo measures."""
    with open_session() as session:
        frame = api_records.plans(
            session, kind=kind, town=town, synthetic=synthetic_filter(records)
        )
        frame = cited.with_sources(session, frame, "plans")
        frame = frame.sort_values(["synthetic", "code"], ignore_index=True)
    emit_frame(
        frame,
        PLAN_COLUMNS,
        fmt,
        title=f"Programs and plans: {len(frame)}",
        table_columns=(
            "code",
            "kind",
            "town",
            "year_from",
            "year_to",
            "measures",
            "measures_cost_kzt",
            "basis",
            "synthetic",
        ),
        footnote="'synthetic' marks a demo plan; 'basis' marks counts and costs summed from "
        "synthetic demo measures (made up by a fixed-seed generator), not official figures.",
    )


@plans_app.command("measures")
def list_measures(
    plan: str | None = typer.Option(None, "--plan", help="Code of the plan."),
    town: str | None = TOWN_OPTION,
    region: str | None = REGION_OPTION,
    status: str | None = typer.Option(None, "--status", help=STATUS_HELP),
    overdue: bool = typer.Option(False, "--overdue", help="Only overdue measures."),
    due_within: int | None = typer.Option(None, "--due-within", min=0, help="Due within N days."),
    records: Records = RECORDS_OPTION,
    today: str | None = TODAY_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """List measures with their status on a day ('overdue' derived from the deadline)."""
    day, frame = frame_as_of(
        today,
        records,
        api_records.measures,
        plan=plan,
        town=town,
        region=region,
        status=status,
        overdue=overdue,
        due_within=due_within,
    )
    emit_frame(
        frame,
        MEASURE_COLUMNS,
        fmt,
        title=f"Measures as of {day.isoformat()}: {len(frame)}",
        table_columns=(
            "code",
            "plan",
            "town",
            "action",
            "cost_kzt",
            "deadline",
            "status",
            "synthetic",
        ),
    )


@plans_app.command("summary")
def summary(
    by: list[str] = by_option("plan", MEASURE_GROUPS),
    plan: str | None = typer.Option(None, "--plan", help="Code of the plan."),
    town: str | None = TOWN_OPTION,
    region: str | None = REGION_OPTION,
    records: Records = RECORDS_OPTION,
    today: str | None = TODAY_OPTION,
    total: bool = TOTAL_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Number, cost, done and overdue measures by plan, status, town, region or body."""
    day, frame = frame_as_of(
        today,
        records,
        api_records.measures_summary,
        by,
        total=total and fmt is OutputFormat.table,
        plan=plan,
        town=town,
        region=region,
    )
    emit_frame(
        frame,
        list(frame.columns),
        fmt,
        title=f"Measures by {', '.join(by)} as of {day.isoformat()}",
        footnote="Sums of stored records.",
    )
