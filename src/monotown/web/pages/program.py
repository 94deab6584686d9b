"""Program monitoring pages: overview, projects by status, budget execution, the directives
board (overdue first) and targets progress. Demo records are marked wherever they are summed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import plotly.graph_objects as go
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from monotown import program
from monotown.program.kind_rows import program_rows
from monotown.program.rows import json_rows
from monotown.web.api.access import cached
from monotown.web.api.listing import sort_rows
from monotown.web.charts import figure_json
from monotown.web.context import (
    SessionDep,
    records_filter,
    request_language,
    request_records,
)
from monotown.web.pages.common import VisitDep, code_query, pages, search_query, sort_query
from monotown.web.pages.listing import list_response, list_table
from monotown.web.rendering import N_

router = APIRouter(include_in_schema=False)
SORTS = ("name", "town", "status", "value_kzt", "planned_jobs", "start_on")
BOARD = (
    ("overdue", N_("Overdue")),
    ("due_soon", N_("Due within 30 days")),
    ("open", N_("Open")),
    ("extended", N_("Extended")),
    ("done", N_("Done")),
)
STATUS_LABELS = {
    "planned": N_("planned"),
    "under_implementation": N_("under implementation"),
    "operating": N_("operating"),
    "idle": N_("idle"),
    "cancelled": N_("cancelled"),
    "total": N_("total"),
}
OVERVIEW = list_table(
    "/program", "overview",
    ("figure", "fact_value", "unit", "fact_as_of", "fact_event", "fact_citation", "records_value",
     "basis", "records"),
)  # fmt: skip
PROJECTS = list_table(
    "/program/projects", "projects",
    ("key", "name", "town", "status", "value_kzt", "planned_jobs", "start_on", "synthetic",
     "event", "citation"),
)  # fmt: skip
PROJECT_SUMMARY = list_table(
    "/program/projects",
    "project-summary",
    ("status", "records", "value_kzt", "planned_jobs", "actual_jobs", "basis"),
)
BUDGET_COLUMNS = ("planned_kzt", "allocated_kzt", "disbursed_kzt", "execution_pct", "records",
                  "basis")  # fmt: skip
BUDGET_BY_YEAR = list_table("/program/budget", "budget-year", ("year", *BUDGET_COLUMNS))
BUDGET_BY_SOURCE = list_table(
    "/program/budget", "budget-source", ("budget_source", *BUDGET_COLUMNS),
    ("budget-budget_source",),
)  # fmt: skip
DIRECTIVES = list_table(
    "/program/directives", "directives",
    ("code", "column", "status", "text", "text_language", "due_on", "deadline_stated",
     "days_left", "bodies", "responsible", "towns", "synthetic", "event", "citation"),
    ("board", "board-demo"),
)  # fmt: skip
TARGETS = list_table(
    "/program/targets", "targets",
    ("key", "name", "scope", "baseline_value", "baseline_year", "target_value", "target_year",
     "unit", "latest_value", "latest_year", "progress_pct", "expected_pct", "track", "synthetic",
     "event", "citation"),
)  # fmt: skip
SOURCE_LABELS = {
    "national": N_("national budget"),
    "local": N_("local budget"),
    "other": N_("other sources"),
}


def _synthetic_title(rows: list[dict[str, Any]], gettext: Any) -> str:
    """A chart title that says when its figures are sums of made-up demo records."""
    bases = {row.get("basis") for row in rows}
    if bases & {"synthetic records", "mixed"}:
        return str(gettext("Synthetic demo records: not official figures"))
    return ""


def _frame_rows(request: Request, session: SessionDep, key: str, build: Any) -> Any:
    return cached(request, session, ("program-page", key), build)


@router.get("/program", response_class=HTMLResponse)
def overview(visit: VisitDep) -> Response:
    request, session = visit.request, visit.session
    rows = _frame_rows(
        request, session, "overview", lambda: json_rows(program.program_overview(session))
    )
    return list_response(request, "program/overview.html", {"rows": rows}, (OVERVIEW, rows))


@router.get("/program/projects", response_class=HTMLResponse)
def projects(
    visit: VisitDep, status: str | None = code_query(), sort: str = sort_query("-value_kzt", SORTS)
) -> Response:
    """Projects by status (counts, value, jobs) and the list of projects."""
    request, session = visit.request, visit.session
    _ = pages(request).gettext(request)
    records = request_records(request)
    synthetic = records_filter(records)
    summary = _frame_rows(
        request, session, f"projects-summary-{records}",
        lambda: json_rows(
            program.projects_summary(session, ["status"], total=True, synthetic=synthetic)
        ),
    )  # fmt: skip
    listed = program_rows(
        session,
        "projects",
        {"status": status, "synthetic": synthetic},
        language=request_language(request),
    )
    listed = sorted(listed, key=lambda row: bool(row["synthetic"]))
    groups = [row for row in summary if row["status"] != "total"]
    chart = go.Figure(
        go.Bar(
            x=[_(STATUS_LABELS.get(row["status"], row["status"])) for row in groups],
            y=[row["records"] for row in groups],
            marker={"color": "#1d5fa8"},
        )
    )
    chart.update_layout(
        height=260, margin={"l": 40, "r": 10, "t": 30, "b": 40},
        title={"text": _synthetic_title(summary, _), "font": {"size": 12, "color": "#7a4fbf"}},
    )  # fmt: skip
    rows = sorted(sort_rows(listed, sort), key=lambda row: bool(row["synthetic"]))
    context = {
        "summary": summary,
        "rows": rows,
        "status": status,
        "sort": sort,
        "status_labels": STATUS_LABELS,
        "chart": figure_json(chart),
    }
    return list_response(
        request, "program/projects.html", context, (PROJECTS, rows), (PROJECT_SUMMARY, summary)
    )


@router.get("/program/budget", response_class=HTMLResponse)
def budget(visit: VisitDep) -> Response:
    """Budget execution by year and by source: planned, allocated, disbursed, execution %."""
    request, session = visit.request, visit.session
    _ = pages(request).gettext(request)
    records = request_records(request)

    def execution(by: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = _frame_rows(
            request, session, f"budget-{by}-{records}",
            lambda: json_rows(program.budget_execution(
                session, [by], total=True, synthetic=records_filter(records)
            )),
        )  # fmt: skip
        return rows

    by_year, by_source = execution("year"), execution("budget_source")
    years = [row for row in by_year if row["year"] != "total"]
    chart = go.Figure()
    for column, label, colour in (
        ("planned_kzt", _("planned"), "#9ec5f4"),
        ("allocated_kzt", _("allocated"), "#1d5fa8"),
        ("disbursed_kzt", _("disbursed"), "#1d7a46"),
    ):
        chart.add_trace(
            go.Bar(
                x=[str(row["year"]) for row in years],
                y=[(row[column] or 0) / 1e9 for row in years],
                name=label,
                marker={"color": colour},
            )
        )
    chart.update_layout(
        title={"text": _synthetic_title(by_year, _), "font": {"size": 12, "color": "#7a4fbf"}},
        barmode="group", height=300, margin={"l": 50, "r": 10, "t": 30, "b": 40},
        yaxis={"title": {"text": _("bn tenge")}}, legend={"orientation": "h", "y": -0.2},
    )  # fmt: skip
    context = {
        "by_year": by_year,
        "by_source": by_source,
        "source_labels": SOURCE_LABELS,
        "chart": figure_json(chart),
    }
    return list_response(
        request, "program/budget.html", context, (BUDGET_BY_YEAR, by_year),
        (BUDGET_BY_SOURCE, by_source),
    )  # fmt: skip


def directive_board(
    rows: list[dict[str, Any]], today: dt.date
) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """Directives in columns, overdue first; 'due soon' are open ones due within 30 days."""
    columns: dict[str, list[dict[str, Any]]] = {key: [] for key, _label in BOARD}
    for row in sorted(rows, key=lambda item: (item["due_on"] or "", item["code"])):
        column = row["status"]
        if (
            column in ("open", "extended")
            and row["days_left"] is not None
            and row["days_left"] <= 30
        ):
            column = "due_soon"
        columns.setdefault(column, []).append(row)
    return [(key, label, columns[key]) for key, label in BOARD]


@router.get("/program/directives", response_class=HTMLResponse)
def directives(visit: VisitDep, town: str | None = search_query()) -> Response:
    """The directives board: overdue first, then due soon, open, extended and done."""
    request, session = visit.request, visit.session
    today = dt.date.today()
    records = request_records(request)
    rows = program_rows(
        session,
        "directives",
        {"town": town, "synthetic": records_filter(records)},
        today=today,
        language=request_language(request),
    )
    real = [row for row in rows if not row["synthetic"]]
    demo = [row for row in rows if row["synthetic"]]
    boards = [
        ("real", directive_board(real, today), len(real)),
        ("synthetic", directive_board(demo, today), len(demo)),
    ]
    shown = [
        {**item, "column": column}
        for _which, board, _count in boards
        for column, _label, items in board
        for item in items
    ]
    context = {"boards": boards, "today": today, "town": town, "records": records}
    return list_response(request, "program/directives.html", context, (DIRECTIVES, shown))


@router.get("/program/targets", response_class=HTMLResponse)
def targets(visit: VisitDep) -> Response:
    """Every target: the share of the way from baseline to target covered, against the share the
    straight line expects by now."""
    request, session = visit.request, visit.session
    chosen = {"synthetic": records_filter(request_records(request))}
    rows = program_rows(session, "targets", chosen, language=request_language(request))
    return list_response(request, "program/targets.html", {"rows": rows}, (TARGETS, rows))


def town_program(
    session: SessionDep, code: str, records: str = "all", language: str = "en"
) -> dict[str, Any]:
    """A town's projects, budget by year and the directives concerning it (for its profile),
    real records first; `records` (all, real, synthetic) is the page's switch."""
    today = dt.date.today()
    synthetic = records_filter(records)
    budget_rows = json_rows(
        program.budget_execution(session, ["year"], total=True, town=code, synthetic=synthetic)
    )
    chosen = {"town": code, "synthetic": synthetic}
    return {
        "town_projects": sorted(
            program_rows(session, "projects", chosen, language=language),
            key=lambda row: bool(row["synthetic"]),
        ),
        "town_budget": budget_rows if len(budget_rows) > 1 else [],
        "town_directives": sorted(
            program_rows(session, "directives", chosen, today=today, language=language),
            key=lambda row: (row["synthetic"], row["status"] != "overdue", row["due_on"] or ""),
        ),
        "status_labels": STATUS_LABELS,
    }
