"""`monotown plans list|measures|summary`: programs, plans and their measures (`measures` and
`summary` are built from the measures' `RecordList`)."""

from __future__ import annotations

import typer

from monotown.cli.output import OutputFormat
from monotown.cli.program_common import (
    FORMAT_OPTION,
    RECORDS_OPTION,
    TOWN_OPTION,
    Records,
    emit_frame,
    synthetic_filter,
)
from monotown.cli.program_lists import (
    Option,
    RecordList,
    add_list_commands,
    region_option,
    town_option,
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


MEASURES = RecordList(
    noun="Measures", records=api_records.measures, summary=api_records.measures_summary,
    list_name="measures", as_of=True,
    options=(
        Option("--plan", "Code of the plan.", "plan"),
        town_option(), region_option(),
        Option("--status", STATUS_HELP, "status", in_summary=False),
        Option(
            "--overdue", "Only overdue measures.", "overdue", bool, in_summary=False, default=False
        ),
        Option("--due-within", "Due within N days.", "due_within", int, in_summary=False, min=0),
    ),
    columns=MEASURE_COLUMNS,
    table_columns=(
        "code", "plan", "town", "action", "cost_kzt", "deadline", "status", "synthetic",
    ),
    list_help="List measures with their status on a day ('overdue' derived from the deadline).",
    groups=MEASURE_GROUPS, default_by="plan",
    summary_help="Number, cost, done and overdue measures by plan, status, town, region or body.",
)  # fmt: skip
add_list_commands(plans_app, MEASURES)
