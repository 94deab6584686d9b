"""Assessment pages: run the index with the default or an uploaded methodology, see ranks with
uncertainty intervals and group probabilities, compare two runs."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from monotown.accounts.roles import Permission
from monotown.assess import run_from_database, store
from monotown.assess.methodology_files import load_methodology, methodology_from_text
from monotown.assess.runs import rerun
from monotown.errors import InputError, MonotownError
from monotown.program.rows import json_rows
from monotown.web.api.access import origin
from monotown.web.assessment_views import (
    explanation,
    result_rows,
    run_list,
    run_row,
    warning_rows,
)
from monotown.web.charts import figure_json
from monotown.web.context import PrincipalDep, SessionDep, request_language
from monotown.web.pages.common import Visit, VisitDep, pages, render_form, settlements, visit_as
from monotown.web.pages.forms import form_errors
from monotown.web.pages.indicators import indicators as indicator_rows_cached
from monotown.web.pages.listing import list_response, list_table
from monotown.web.rendering import N_, PILLARS, flash, localised

router = APIRouter(include_in_schema=False)
GROUP_LABELS = {
    "high": N_("high potential"),
    "average": N_("average potential"),
    "low": N_("low potential"),
}
MAX_YAML = 1024 * 1024
RANK_COLUMNS = (
    "rank", "unit", "town", "index", "group", "rank_p05", "rank_p95", "rank_change", "flagged",
)  # fmt: skip
RUN_COLUMNS = ("id", "created_at", "methodology_name", "label", "period", "replications",
               "synthetic_share")  # fmt: skip
LATEST_RANKS = list_table("/assessment", "ranks", RANK_COLUMNS)
LATEST_RUNS = list_table("/assessment", "runs", RUN_COLUMNS)
RUN_RANKS = list_table("/assessment/runs/{run_id}", "ranks", RANK_COLUMNS)
RUN_RUNS = list_table("/assessment/runs/{run_id}", "runs", RUN_COLUMNS)
COMPARISON = list_table(
    "/assessment/compare", "comparison",
    ("unit", "town", "rank_previous", "rank", "rank_change", "group_previous", "group",
     "group_changed", "index_change"),
)  # fmt: skip


def group_labels(request: Request) -> dict[str, str]:
    """The default methodology's group names in the reader's language (a methodology may name
    its groups otherwise; those are shown as written)."""
    translate = pages(request).gettext(request)
    return {name: translate(label) for name, label in GROUP_LABELS.items()}


def _run_context(
    request: Request, session: SessionDep, run_id: int | None, **extra: Any
) -> dict[str, Any]:
    lang = request_language(request)
    names = {row["code"]: localised(row, lang) for row in settlements(request, session)}
    runs = run_list(session)
    chosen = None
    if run_id is not None:
        chosen = run_row(session, store.get_run(session, run_id))
    elif runs:
        chosen = runs[0]
    rows = result_rows(session, chosen["id"]) if chosen else []
    sensitivity = sensitivity_view(request, session, chosen["id"]) if chosen else None
    for row in rows:
        row["town"] = names.get(row["unit"], row["name"])
        row["probabilities"] = [
            (key.removeprefix("prob_"), row[key]) for key in row if key.startswith("prob_")
        ]
    return {
        "run": chosen,
        "rows": rows,
        "runs": runs,
        "units": len(rows),
        "group_labels": group_labels(request),
        "sensitivity": sensitivity,
        "errors": {},
        **extra,
    }


def _run_page(request: Request, session: SessionDep, run_id: int | None, **extra: Any) -> Response:
    """The page again with a form's problems (a 422)."""
    return render_form(
        request, "assessment/index.html", _run_context(request, session, run_id, **extra)
    )


def _run_list_page(
    request: Request, session: SessionDep, run_id: int | None, ranks: Any, runs: Any
) -> Response:
    context = _run_context(request, session, run_id)
    tables = ((ranks, context["rows"]), (runs, context["runs"]))
    return list_response(request, "assessment/index.html", context, *tables)


@router.get("/assessment", response_class=HTMLResponse)
def latest(visit: VisitDep) -> Response:
    request, session = visit.request, visit.session
    return _run_list_page(request, session, None, LATEST_RANKS, LATEST_RUNS)


@router.get("/assessment/runs/{run_id}", response_class=HTMLResponse)
def one_run(run_id: int, visit: VisitDep) -> Response:
    request, session = visit.request, visit.session
    if not 1 <= run_id <= 2**31 - 1:
        store.get_run(session, 0)
    return _run_list_page(request, session, run_id, RUN_RANKS, RUN_RUNS)


@router.post("/assessment/run", response_class=HTMLResponse)
async def start_run(
    visit: Visit = visit_as(Permission.run_assessment),
    methodology: UploadFile | None = File(None),
    period: str = Form(""),
    replications: str = Form("200"),
    seed: str = Form(""),
    label: str = Form(""),
) -> Response:
    """Run the assessment on the stored values with the default or an uploaded methodology."""
    request, session, principal = visit
    _ = pages(request).gettext(request)
    try:
        recipe = load_methodology()
        if methodology is not None and methodology.filename:
            text = await methodology.read(MAX_YAML + 1)
            if len(text) > MAX_YAML:
                raise InputError("the methodology file is larger than 1 MB", field="methodology")
            recipe = methodology_from_text(
                text.decode("utf-8", "replace"), file=methodology.filename
            )
        stored, _assessed = await run_in_threadpool(
            run_from_database,
            session,
            recipe,
            period=_number(period, "period", 1990, 2100),
            replications=_number(replications, "replications", 0, 5000) or 0,
            seed=_number(seed, "seed", 0, 2**31 - 1),
            label=label.strip()[:200] or None,
            user=principal.username,
            origin=origin(request),
        )
    except MonotownError as error:
        session.rollback()
        return _run_page(request, session, None, errors=form_errors(error, _))
    flash(request, _("Assessment run %(id)s stored.") % {"id": stored.id})
    return RedirectResponse(f"/assessment/runs/{stored.id}", status_code=303)


MAX_SETTINGS = 20


@router.post("/assessment/runs/{run_id}/rerun", response_class=HTMLResponse)
def rerun_run(
    run_id: int,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    settings: str = Form(""),
    label: str = Form(""),
) -> Response:
    """Regenerate a stored run with settings changed (PATH=VALUE lines), store it as a new run
    and show what moved (the comparison page)."""
    principal.require(Permission.run_assessment)
    _ = pages(request).gettext(request)
    if not 1 <= run_id <= 2**31 - 1:
        store.get_run(session, 0)
    lines = [line.strip() for line in settings.splitlines() if line.strip()]
    try:
        if len(lines) > MAX_SETTINGS or len(settings) > 10_000:
            raise InputError(f"at most {MAX_SETTINGS} settings", field="settings")
        done = rerun(
            session,
            run_id,
            lines,
            label=label.strip()[:200] or None,
            user=principal.username,
            origin=origin(request),
        )
    except MonotownError as error:
        session.rollback()
        if isinstance(error, InputError) and error.field not in (None, "settings"):
            error = InputError(str(error), field="settings")
        return _run_page(request, session, run_id, errors=form_errors(error, _))
    new_id = done.run.id
    flash(request, _("Run %(id)s regenerated from run %(old)s.") % {"id": new_id, "old": run_id})
    return RedirectResponse(f"/assessment/compare?a={run_id}&b={new_id}", status_code=303)


def sensitivity_view(request: Request, session: SessionDep, run_id: int) -> dict[str, Any] | None:
    """The run's Sobol indices as bars with their bootstrap intervals, and their convergence."""
    run = store.get_run(session, run_id)
    rows = run.sensitivity
    if not rows:
        return None
    _ = pages(request).gettext(request)
    names = [str(row["input"]) for row in rows]
    chart = go.Figure()
    for key, label, colour in (
        ("first_order", _("first order"), "#1d5fa8"),
        ("total", _("total"), "#d9822b"),
    ):
        values = [row.get(key) for row in rows]
        trace: dict[str, Any] = {}
        if all(row.get(k) is not None for row in rows for k in (key, f"{key}_low", f"{key}_high")):
            trace["error_x"] = {
                "type": "data",
                "symmetric": False,
                "array": [row[f"{key}_high"] - row[key] for row in rows],
                "arrayminus": [row[key] - row[f"{key}_low"] for row in rows],
            }
        chart.add_trace(
            go.Bar(
                y=names, x=values, orientation="h", name=label, marker={"color": colour}, **trace
            )
        )
    chart.update_layout(
        barmode="group",
        height=120 + 60 * len(rows),
        margin={"l": 140, "r": 10, "t": 30, "b": 40},
        xaxis={"title": {"text": _("share of the variance")}},
        yaxis={"autorange": "reversed"},
        legend={"orientation": "h", "y": -0.25},
    )
    convergence = store.stored_convergence(session, run_id)
    steps: list[dict[str, Any]] = []
    if convergence is not None and not convergence.empty:
        for name, group in convergence.groupby("input", sort=False):
            steps.append(
                {
                    "input": name,
                    "values": [
                        (int(n), f, t)
                        for n, f, t in group[["n", "first_order", "total"]].itertuples(index=False)
                    ],
                }
            )
    return {
        "rows": rows,
        "chart": figure_json(chart),
        "estimator": str(rows[0].get("estimator", "jansen")),
        "n": rows[0].get("replications", run.replications),
        "convergence": steps,
    }


def _number(text: str, field: str, low: int, high: int) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not low <= int(text) <= high:
        raise InputError(f"must be a whole number from {low} to {high}", field=field, value=text)
    return int(text)


@router.get("/assessment/compare", response_class=HTMLResponse)
def compare(
    visit: VisitDep,
    a: int = Query(..., ge=1, le=2**31 - 1),
    b: int = Query(..., ge=1, le=2**31 - 1),
) -> Response:
    """How every town's rank, index and group moved from run a to run b."""
    request, session = visit.request, visit.session
    lang = request_language(request)
    names = {row["code"]: localised(row, lang) for row in settlements(request, session)}
    rows = json_rows(store.compare_runs(session, a, b))
    for row in rows:
        row["town"] = names.get(row["unit"], row["unit"])
    rows.sort(key=lambda row: -abs(row["rank_change"] or 0))
    context = {
        "a": run_row(session, store.get_run(session, a)),
        "b": run_row(session, store.get_run(session, b)),
        "rows": rows,
        "group_labels": group_labels(request),
    }
    return list_response(request, "assessment/compare.html", context, (COMPARISON, rows))


def town_assessment(request: Request, session: SessionDep, code: str) -> dict[str, Any]:
    """For a town's profile: its rank, group and interval in the latest run, pillar scores against
    its group's median (chart), strengths, weaknesses and this year's warnings."""
    _ = pages(request).gettext(request)
    run = store.latest_run(session)
    context: dict[str, Any] = {"assessment": None, "town_warnings": []}
    warnings, _year = warning_rows(session)
    context["town_warnings"] = [warning for warning in warnings if warning["unit"] == code]
    if run is None or code not in {row.unit_code for row in run.results}:
        return context
    explained = explanation(session, code, run.id)
    result = next(row for row in result_rows(session, run.id) if row["unit"] == code)
    pillars = explained["pillars"]
    chart = go.Figure()
    names = [translate_pillar(_, row["pillar"]) for row in pillars]
    chart.add_trace(
        go.Bar(
            y=names,
            x=[row["score"] for row in pillars],
            orientation="h",
            name=_("this town"),
            marker={"color": "#1d5fa8"},
        )
    )
    chart.add_trace(
        go.Scatter(
            y=names,
            x=[row["group_median"] for row in pillars],
            mode="markers",
            name=_("group median"),
            marker={"color": "#d9822b", "symbol": "line-ns-open", "size": 16, "line": {"width": 3}},
        )
    )
    chart.update_layout(
        height=360,
        margin={"l": 110, "r": 10, "t": 30, "b": 30},
        xaxis={"range": [0, 100], "title": {"text": _("score (0-100)")}},
        legend={"orientation": "h", "y": -0.15},
        title={"text": _("Pillar scores against the group median"), "font": {"size": 13}},
    )
    context["assessment"] = {
        "run": run_row(session, run),
        "result": result,
        "explanation": explained,
        "chart": figure_json(chart),
        "group_labels": group_labels(request),
    }
    lang = request_language(request)
    context["indicator_names"] = {
        row["code"]: localised(row, lang) for row in indicator_rows_cached(request, session)
    }
    return context


def translate_pillar(translate: Any, code: str) -> str:
    return str(translate(PILLARS.get(code, code)))
