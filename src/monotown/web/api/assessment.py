"""/api/v1/assessment: runs of the composite index (run one, list, get, delete), their results
with rank intervals and group probabilities, a town's explanation, comparisons, warnings and the
official criteria."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Path, Query, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from monotown.accounts.roles import Permission
from monotown.assess import criteria_from_database, run_from_database, store
from monotown.assess.methodology_files import load_methodology, methodology_from_text
from monotown.errors import InputError
from monotown.program.rows import json_rows
from monotown.web.api.access import cached_json, origin
from monotown.web.api.kind_views import FILE_FORMAT, delete_response, file_response
from monotown.web.api.listing import Page, json_bytes, json_response, sort_rows
from monotown.web.api.numbered import PagingDep, rows_page
from monotown.web.assessment_views import explanation, result_rows, run_list, run_row, warning_rows
from monotown.web.context import PrincipalDep, SessionDep

router = APIRouter(prefix="/assessment", tags=["assessment"])
RunRef = Annotated[
    str, Path(pattern=r"^(latest|[1-9][0-9]{0,8})$", description="Number or 'latest'.")
]
Row = dict[str, Any]
MAX_METHODOLOGY_BYTES = 1024 * 1024
RESULT_SORTS = r"^-?(rank|index|unit|name|group|median_rank|rank_p05|rank_p95|coverage)$"


class RunOut(BaseModel):
    id: int
    created_at: dt.datetime
    user: str
    label: str | None
    period: int | None
    methodology_name: str
    methodology_hash: str
    input_snapshot: str
    n_units: int
    n_indicators: int
    replications: int
    seed: int | None
    seconds: float | None
    synthetic_share: float


@router.get("/runs", response_model=Page[RunOut], summary="List assessment runs")
def runs(session: SessionDep, principal: PrincipalDep, numbered: PagingDep) -> Response:
    """Every run, newest first, with the share of synthetic demo values in its input."""
    principal.require(Permission.read)
    return json_response(json_bytes(rows_page(run_list(session), numbered)))


@router.post("/runs", response_model=RunOut, status_code=201, summary="Run the assessment")
async def run(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    methodology: UploadFile | None = File(
        None, description="A methodology YAML (default if absent)."
    ),
    period: int | None = Form(None, ge=1990, le=2100, description="Year (default: latest)."),
    replications: int = Form(200, ge=0, le=5000, description="Monte Carlo replications."),
    seed: int | None = Form(None, ge=0, le=2**31 - 1),
    label: str | None = Form(None, max_length=200),
) -> Response:
    """Assess the stored values with a methodology and store the run (analysts and admins)."""
    principal.require(Permission.run_assessment)
    recipe = load_methodology()
    if methodology is not None and methodology.filename:
        text = await methodology.read(MAX_METHODOLOGY_BYTES + 1)
        if len(text) > MAX_METHODOLOGY_BYTES:
            raise InputError("the methodology file is larger than 1 MB", field="methodology")
        try:
            recipe = methodology_from_text(text.decode("utf-8"), file=methodology.filename)
        except UnicodeDecodeError:
            raise InputError("is not UTF-8 text", file=methodology.filename) from None
    stored, _assessed = await run_in_threadpool(
        run_from_database, session, recipe, period=period, replications=replications,
        seed=seed, label=label, user=principal.username, origin=origin(request),
    )  # fmt: skip
    return json_response(json_bytes(run_row(session, stored)), 201)


@router.get("/runs/{run_ref}", response_model=RunOut, summary="Get an assessment run")
def get_run(run_ref: RunRef, session: SessionDep, principal: PrincipalDep) -> Response:
    principal.require(Permission.read)
    return json_response(json_bytes(run_row(session, store.resolve_run(session, run_ref))))


@router.delete("/runs/{run_ref}", status_code=204, response_class=Response, summary="Delete a run")
def delete_run(
    run_ref: RunRef, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """Delete a stored run and its results (admins) as a batch that can be undone (its number in
    the `X-Monotown-Batch` header); the audit log keeps what it was."""
    principal.require(Permission.manage_users)
    run = str(store.resolve_run(session, run_ref).id)
    return delete_response(request, session, principal, "runs", run)


@router.get("/runs/{run_ref}/results", response_model=Page[Row], summary="Results of a run")
async def results(
    run_ref: RunRef,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    numbered: PagingDep,
    group: str | None = Query(None, max_length=60),
    sort: str = Query("rank", pattern=RESULT_SORTS),
) -> Response:
    """Index, rank, group, the rank interval (rank_p05 to rank_p95 over the Monte Carlo), the
    probability of each group (prob_*), pillar scores and the rank change on the run before."""
    principal.require(Permission.read)

    def build() -> dict[str, Any]:
        found = store.resolve_run(session, run_ref)
        rows = [row for row in result_rows(session, found.id) if not group or row["group"] == group]
        return rows_page(sort_rows(rows, sort), numbered)

    key = ("assessment-results", run_ref, group, sort, numbered)
    return await cached_json(request, session, key, build)


@router.get("/runs/{run_ref}/results/export", response_class=Response, summary="Export results")
def export_results(
    run_ref: RunRef,
    session: SessionDep,
    principal: PrincipalDep,
    format: str = FILE_FORMAT,
) -> Response:
    """Every town's result (as the list has them) in a CSV, XLSX or JSON file."""
    principal.require(Permission.read)
    found = store.resolve_run(session, run_ref)
    rows = result_rows(session, found.id)
    columns = list(rows[0]) if rows else ["unit"]
    return file_response(rows, columns, format, f"assessment-run-{found.id}")


class UncertaintyOut(BaseModel):
    run: int
    replications: int
    seed: int | None
    ranks: list[Row]
    sensitivity: list[Row] | None
    convergence: list[Row] | None = None


@router.get(
    "/runs/{run_ref}/uncertainty", response_model=UncertaintyOut, summary="Uncertainty of a run"
)
def uncertainty(run_ref: RunRef, session: SessionDep, principal: PrincipalDep) -> Response:
    """The Monte Carlo's answer per town: median rank, 5th and 95th percentile ranks and the
    probability of each group; Sobol sensitivity indices with their bootstrap intervals and
    their convergence (indices at N/4, N/2 and N) when the run computed them."""
    principal.require(Permission.read)
    found = store.resolve_run(session, run_ref)
    keep = ("unit", "name", "rank", "median_rank", "rank_p05", "rank_p95")
    ranks = [
        {key: value for key, value in row.items() if key in keep or key.startswith("prob_")}
        for row in result_rows(session, found.id)
    ]
    body = {
        "run": found.id,
        "replications": found.replications,
        "seed": found.seed,
        "ranks": ranks,
        "sensitivity": found.sensitivity,
        "convergence": None,
    }
    convergence = store.stored_convergence(session, found.id)
    if convergence is not None:
        body["convergence"] = json_rows(convergence)
    return json_response(json_bytes(body))


@router.get("/runs/{run_ref}/results/{unit}", response_model=Row, summary="Explain a town")
async def explain(
    run_ref: RunRef, unit: str, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """A town's pillar scores against its group's median, its strengths and weaknesses."""
    principal.require(Permission.read)

    run = None if run_ref == "latest" else int(run_ref)  # the run is read with the town's row
    return await cached_json(
        request, session, ("explain", run_ref, unit), lambda: explanation(session, unit, run)
    )


@router.get("/compare", response_model=list[Row], summary="Compare two runs")
def compare(
    session: SessionDep,
    principal: PrincipalDep,
    a: int = Query(..., ge=1, le=2**31 - 1, description="The earlier run."),
    b: int = Query(..., ge=1, le=2**31 - 1, description="The later run."),
) -> Response:
    """Rank, index and group of every town in both runs, and how they changed."""
    principal.require(Permission.read)
    return json_response(json_bytes(json_rows(store.compare_runs(session, a, b))))


@router.get("/warnings", response_model=list[Row], summary="Early warnings")
async def warnings(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    period: int | None = Query(None, ge=1990, le=2100),
) -> Response:
    """Warnings for a year (default: the latest with data), most severe first."""
    principal.require(Permission.read)
    return await cached_json(
        request, session, ("warnings", period), lambda: warning_rows(session, period)[0]
    )


@router.get("/criteria", response_model=list[Row], summary="Official monotown criteria")
def criteria(
    session: SessionDep,
    principal: PrincipalDep,
    rules: Literal["kz", "ru2014"] = "kz",
    period: int | None = Query(None, ge=1990, le=2100),
) -> Response:
    """Which settlements meet the criteria of a rule set (Kazakhstan's, or Russia's 2014 one)."""
    principal.require(Permission.read)
    result, _year = criteria_from_database(session, rules, period)
    return json_response(json_bytes(json_rows(result.summary)))
