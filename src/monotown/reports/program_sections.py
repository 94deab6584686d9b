"""Briefing sections from program monitoring: projects, budget, directives and targets.

Every figure comes from `monotown.program`'s public API (its summaries, never recomputed here) and
cites the import batches of the records it sums; sums of synthetic demo records are labelled so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

import monotown.program as program
from monotown.program.models import BudgetLine, Directive, Project, Target
from monotown.program.translations import translated
from monotown.reports.charts import bar_chart
from monotown.reports.citations import RecordCitations, plain
from monotown.reports.context import N_, ReportContext, Style
from monotown.reports.model import Block, Cell, Chart, Paragraph, Section, Source, Table

PROJECT_STATUS_NAMES = {
    "planned": N_("planned"),
    "under_implementation": N_("under implementation"),
    "operating": N_("operating"),
    "idle": N_("idle"),
    "cancelled": N_("cancelled"),
}
PROJECT_KIND_NAMES = {"anchor": N_("anchor"), "investment": N_("investment")}
BUDGET_SOURCE_NAMES = {
    "national": N_("national budget"),
    "local": N_("local budget"),
    "other": N_("other sources"),
}
TRACK_NAMES = {
    "achieved": N_("achieved"),
    "on track": N_("on track"),
    "off track": N_("off track"),
    "no actual yet": N_("no actual yet"),
    "no baseline": N_("no baseline"),
    "no change targeted": N_("no change targeted"),
}
DUE_SOON_DAYS = 30
DIRECTIVES_LISTED = 15


def _money(ctx: ReportContext, value: Any, source: Source | None) -> Cell:
    return ctx.cell(plain(value), source, "tenge")


def _count(ctx: ReportContext, value: Any, source: Source | None) -> Cell:
    number = plain(value)
    return ctx.cell(int(number) if number is not None else None, source)


# A project's (or a group of projects') figures, as every projects table shows them.
PROJECT_FIGURE_COLUMNS = [N_("Value"), N_("Planned jobs"), N_("Actual jobs")]


def _project_figures(ctx: ReportContext, row: Any, source: Source | None) -> list[Cell]:
    return [
        _money(ctx, row["value_kzt"], source),
        _count(ctx, row["planned_jobs"], source),
        _count(ctx, row["actual_jobs"], source),
    ]


def _summary_table(
    ctx: ReportContext,
    session: Session,
    summary: Any,
    model: Any,
    what: str,
    key: str,
    columns: list[str],
    caption: str,
    cells: Callable[[ReportContext, Any, Source | None], list[Cell]],
) -> Table | None:
    """A program summary as a table: `cells` of each summary row (the last the total) with the
    citation of the `model` records it sums; None when the summary counts no record."""
    cited = RecordCitations(ctx, session).summed_rows(summary, model, what)
    if not cited:
        return None
    rows = [cells(ctx, row, source) for row, source in cited]
    return Table(key, [ctx._(c) for c in columns], rows, caption)


def _projects_summary_cells(ctx: ReportContext, row: Any, source: Source | None) -> list[Cell]:
    total = row["kind"] == "total"
    return [
        ctx.label(
            ctx._("Total") if total else ctx._(PROJECT_KIND_NAMES.get(row["kind"], row["kind"]))
        ),
        ctx.label(None if total else ctx._(PROJECT_STATUS_NAMES.get(row["status"], row["status"]))),
        _count(ctx, row["records"], source),
        *_project_figures(ctx, row, source),
    ]


def projects_blocks(ctx: ReportContext, session: Session, **filters: Any) -> list[Block]:
    summary = program.projects_summary(session, by=["kind", "status"], total=True, **filters)
    table = _summary_table(
        ctx,
        session,
        summary,
        Project,
        ctx._("Program monitoring records: projects"),
        "projects",
        [N_("Kind"), N_("Status"), N_("Projects"), *PROJECT_FIGURE_COLUMNS],
        ctx._("Anchor and investment projects by their current status"),
        _projects_summary_cells,
    )
    if table is None:
        return []
    rows = table.rows
    parts = summary[summary["kind"] != "total"]
    statuses = [s for s in PROJECT_STATUS_NAMES if s in set(parts["status"])]
    series = []
    for kind in PROJECT_KIND_NAMES:
        values = [
            plain(parts[(parts["kind"] == kind) & (parts["status"] == s)]["records"].sum())
            for s in statuses
        ]
        if any(values):
            series.append((ctx._(PROJECT_KIND_NAMES[kind]), values))
    notes = [n for n in {c.note for row in rows for c in row[2:3]} if n is not None]
    chart = Chart(
        "projects_chart",
        ctx._("Projects by status"),
        bar_chart(
            [ctx._(PROJECT_STATUS_NAMES[s]) for s in statuses],
            series,
            value_label=lambda v: ctx.format(v) if v else "",
            horizontal=True,
            stacked=True,
            width_mm=120,
            height_mm=10 + 7 * len(statuses),
        ),
        sorted(notes, key=lambda n: n.number),
    )
    return [table, chart]


def _budget_summary_cells(ctx: ReportContext, row: Any, source: Source | None) -> list[Cell]:
    total = str(row["year"]) == "total"
    name = row["budget_source"]
    return [
        ctx.label(ctx._("Total") if total else str(row["year"])),
        ctx.label(None if total else ctx._(BUDGET_SOURCE_NAMES.get(name, name))),
        _money(ctx, row["planned_kzt"], source),
        _money(ctx, row["allocated_kzt"], source),
        _money(ctx, row["disbursed_kzt"], source),
        ctx.cell(plain(row["execution_pct"]), source, "pct"),
    ]


def budget_blocks(
    ctx: ReportContext, session: Session, period: int | None, **filters: Any
) -> list[Block]:
    by_source = program.budget_execution(
        session, by=["year", "budget_source"], total=True, year_to=period, **filters
    )
    table = _summary_table(
        ctx,
        session,
        by_source,
        BudgetLine,
        ctx._("Program monitoring records: budget lines"),
        "budget",
        [
            N_("Year"),
            N_("Budget"),
            N_("Planned"),
            N_("Allocated"),
            N_("Disbursed"),
            N_("Execution"),
        ],
        ctx._("Budget planned, allocated and disbursed by year and source"),
        _budget_summary_cells,
    )
    if table is None:
        return []
    rows = table.rows
    by_year = program.budget_execution(session, by=["year"], year_to=period, **filters)
    years = [str(plain(y)) for y in by_year["year"]]
    series = [
        (ctx._(label), [plain(v) for v in by_year[column]])
        for column, label in (
            ("planned_kzt", N_("Planned")),
            ("allocated_kzt", N_("Allocated")),
            ("disbursed_kzt", N_("Disbursed")),
        )
    ]
    notes = sorted({c.note for row in rows for c in row[2:3] if c.note}, key=lambda n: n.number)
    chart = Chart(
        "budget_chart",
        ctx._("Budget execution by year"),
        bar_chart(years, series, value_label=lambda v: "", height_mm=55),
        notes,
        caption=ctx._("Execution is disbursed over allocated, over lines that have both."),
    )
    return [table, chart]


def record_text(ctx: ReportContext, kind: str, row: Any, field: str) -> str:
    """A record's text in the report's language: the bundled translation of a real record, else
    the message catalogue's (demo records), else the original as written."""
    original = str(row[field])
    text, language = translated(kind, str(row["code"]), field, original, ctx.lang)
    return text if language == ctx.lang else ctx._(original)


def as_of_date(period: int | None) -> dt.date:
    """Deadlines are judged at the end of the period reported on (today for the current year)."""
    today = dt.date.today()
    return min(today, dt.date(period, 12, 31)) if period else today


def directives_blocks(
    ctx: ReportContext, session: Session, period: int | None, town: str | None = None
) -> list[Block]:
    today = as_of_date(period)
    listed = program.directives(
        session, today=today, overdue=True, due_within=DUE_SOON_DAYS, town=town, language=ctx.lang
    )
    blocks: list[Block] = []
    what = ctx._("Program monitoring records: directives")
    cites = RecordCitations(ctx, session)
    if town is None:
        by_body = program.directives_by_body(
            session, today=today, within_days=DUE_SOON_DAYS, language=ctx.lang
        )
        if by_body.empty:
            return []
        soon = f"due_within_{DUE_SOON_DAYS}_days"
        rows = []
        for _, row in by_body.iterrows():
            source = cites.summed(Directive, what, str(row["basis"]))
            rows.append(
                [ctx.label(ctx._(str(row["body"])))]
                + [
                    _count(ctx, row[column], source)
                    for column in ("records", "done", "open", "overdue", soon)
                ]
            )
        columns = [
            N_("Responsible body"),
            N_("Directives"),
            N_("Done"),
            N_("Open"),
            N_("Overdue"),
            N_("Due within 30 days"),
        ]
        blocks.append(
            Table(
                "directives_by_body",
                [ctx._(c) for c in columns],
                rows,
                ctx._("Directives by responsible body"),
            )
        )
    rows = []
    for row, source in cites.record_rows(listed.head(DIRECTIVES_LISTED), Directive, what):
        days = int(plain(row["days_left"]) or 0)
        state = (
            ctx._("overdue by {days} days").format(days=-days)
            if row["status"] == "overdue"
            else ctx._("due in {days} days").format(days=days)
        )
        rows.append(
            [
                ctx.cell(str(row["due_on"]), source, "text"),
                ctx.label(record_text(ctx, "directives", row, "text")),
                ctx.label(", ".join(ctx._(body) for body in row["bodies"]) or "\u2013"),
                ctx.label(state),
            ]
        )
    if rows:
        columns = [N_("Deadline"), N_("Directive"), N_("Responsible"), N_("Status")]
        caption = ctx._("Directives overdue or due within 30 days, as of {date}").format(
            date=today.isoformat()
        )
        blocks.append(
            Table(
                "directives_due",
                [ctx._(c) for c in columns],
                rows,
                caption,
                omitted=max(len(listed) - DIRECTIVES_LISTED, 0),
            )
        )
    elif town is None:
        blocks.append(Paragraph(ctx._("No directive is overdue or due within 30 days.")))
    return blocks


def _target_value(ctx: ReportContext, value: Any, unit: str, year: Any, source: Source) -> Cell:
    number = plain(value)
    if number is None:
        return ctx.label(None)
    style: Style = "pct" if unit == "percent" else ("decimal" if number % 1 else "int")
    text = ctx.format(number, style, 0 if style == "pct" and not number % 1 else None)
    when = plain(year)
    return ctx.cell(number, source, style, text=f"{text} ({when})" if when else text)


def targets_blocks(ctx: ReportContext, session: Session) -> list[Block]:
    progress = program.targets_progress(session)
    if progress.empty:
        return []
    what = ctx._("Program monitoring records: targets")
    rows = []
    for row, source in RecordCitations(ctx, session).record_rows(progress, Target, what):
        unit = str(row["unit"])
        rows.append(
            [
                ctx.cell(ctx._(str(row["name"])), source, "text"),
                _target_value(ctx, row["baseline_value"], unit, row["baseline_year"], source),
                _target_value(ctx, row["target_value"], unit, row["target_year"], source),
                _target_value(ctx, row["latest_value"], unit, row["latest_year"], source),
                ctx.cell(plain(row["progress_pct"]), source, "pct", 0),
                ctx.cell(plain(row["expected_pct"]), source, "pct", 0),
                ctx.label(ctx._(TRACK_NAMES.get(row["track"], row["track"]))),
            ]
        )
    columns = [
        N_("Target"),
        N_("Baseline"),
        N_("Target value"),
        N_("Latest"),
        N_("Progress"),
        N_("Expected by now"),
        N_("Track"),
    ]
    table = Table("targets", [ctx._(c) for c in columns], rows, ctx._("Targets progress"))
    intro = ctx._(
        "Progress is the share of the way from the baseline to the target covered by the latest "
        "actual; expected is the share a straight line from the baseline year to the target year "
        "would have covered by then."
    )
    return [Paragraph(intro), table]


def program_sections(ctx: ReportContext, session: Session, period: int | None) -> list[Section]:
    """Projects, budget, directives and targets sections (only those with records)."""
    found = [
        ("projects", N_("Projects by status"), projects_blocks(ctx, session)),
        ("budget", N_("Budget execution"), budget_blocks(ctx, session, period)),
        (
            "directives",
            N_("Directives overdue and due soon"),
            directives_blocks(ctx, session, period),
        ),
        ("targets", N_("Targets progress"), targets_blocks(ctx, session)),
    ]
    return [Section(key, ctx._(title), blocks) for key, title, blocks in found if blocks]


def town_program_blocks(ctx: ReportContext, session: Session, town_code: str) -> list[Block]:
    """Projects, budget and directives concerning one town."""
    blocks = projects_table_for_town(ctx, session, town_code)
    blocks += budget_blocks(ctx, session, None, town=town_code)[:1]
    blocks += directives_blocks(ctx, session, None, town=town_code)
    return blocks


def projects_table_for_town(ctx: ReportContext, session: Session, town_code: str) -> list[Block]:
    frame = program.projects(session, town=town_code)
    if frame.empty:
        return []
    what = ctx._("Program monitoring records: projects")
    rows = []
    for row, source in RecordCitations(ctx, session).record_rows(frame, Project, what):
        rows.append(
            [
                ctx.cell(str(row["name"]), source, "text"),
                ctx.label(ctx._(PROJECT_KIND_NAMES.get(row["kind"], row["kind"]))),
                ctx.label(ctx._(PROJECT_STATUS_NAMES.get(row["status"], row["status"]))),
                *_project_figures(ctx, row, source),
            ]
        )
    columns = [N_("Project"), N_("Kind"), N_("Status"), *PROJECT_FIGURE_COLUMNS]
    return [Table("town_projects", [ctx._(c) for c in columns], rows, ctx._("Projects"))]
