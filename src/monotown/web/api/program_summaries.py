"""/api/v1/program-summaries: projects by status, budget execution, contracts per year,
directives per responsible body and the program overview; each group says how many of its
records are synthetic (`synthetic_records`) and what its figures rest on (`basis`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from fastapi import APIRouter, Query, Request, Response

from monotown import program
from monotown.accounts.roles import Permission
from monotown.program.rows import json_rows
from monotown.web.api.access import cached_json
from monotown.web.context import PrincipalDep, SessionDep, records_filter

router = APIRouter(prefix="/program-summaries", tags=["program"])
Rows = list[dict[str, Any]]
ProjectGroup = Literal["status", "kind", "town", "region", "sector", "start_year", "investor"]
BudgetGroup = Literal["year", "budget_source", "town", "region", "plan", "purpose"]
ContractGroup = Literal["kind", "year", "town", "region", "buyer"]
Town = Query(None, max_length=120, description="Town code or any name.")
Synthetic = Query(None, description="Only demo (true) or only real records.")
RecordsChoice = Literal["all", "real", "synthetic"]
RecordsParam = Query(
    None,
    description="all, real (taken from sources) or synthetic (demo) records; "
    "overrides `synthetic`.",
)


def _chosen(records: str | None, synthetic: bool | None) -> bool | None:
    return records_filter(records) if records is not None else synthetic


async def _grouped_summary(
    request: Request,
    session: SessionDep,
    summarise: Any,
    by: Sequence[str],
    town: str | None,
    synthetic: bool | None,
) -> Response:
    """One program summary per group (duplicates in `by` dropped), with a 'total' row, cached."""
    groups = list(dict.fromkeys(by))

    def build() -> Rows:
        frame = summarise(session, groups, total=True, town=town, synthetic=synthetic)
        return json_rows(frame)

    key = (summarise.__name__, tuple(groups), town, synthetic)
    return await cached_json(request, session, key, build)


@router.get("/projects", response_model=Rows, summary="Projects by status (or other groups)")
async def projects(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    by: list[ProjectGroup] = Query(["status"]),
    town: str | None = Town,
    synthetic: bool | None = Synthetic,
    records: RecordsChoice | None = RecordsParam,
) -> Response:
    """Count, value (tenge), planned and actual jobs per group, with a 'total' row."""
    principal.require(Permission.read)
    synthetic = _chosen(records, synthetic)
    return await _grouped_summary(request, session, program.projects_summary, by, town, synthetic)


@router.get("/budget", response_model=Rows, summary="Budget execution")
async def budget(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    by: list[BudgetGroup] = Query(["year"]),
    town: str | None = Town,
    synthetic: bool | None = Synthetic,
    records: RecordsChoice | None = RecordsParam,
) -> Response:
    """Planned, allocated, disbursed (tenge) and execution (disbursed / allocated, %)."""
    principal.require(Permission.read)
    synthetic = _chosen(records, synthetic)
    return await _grouped_summary(request, session, program.budget_execution, by, town, synthetic)


@router.get("/contracts", response_model=Rows, summary="Contracts per year (or other groups)")
async def contracts(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    by: list[ContractGroup] = Query(["year"]),
    town: str | None = Town,
    synthetic: bool | None = Synthetic,
    records: RecordsChoice | None = RecordsParam,
) -> Response:
    principal.require(Permission.read)
    synthetic = _chosen(records, synthetic)
    return await _grouped_summary(request, session, program.contracts_summary, by, town, synthetic)


@router.get("/directives-by-body", response_model=Rows, summary="Directives per responsible body")
async def directives_by_body(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    within_days: int = Query(30, ge=1, le=3650, description="What counts as due soon."),
    synthetic: bool | None = Synthetic,
    records: RecordsChoice | None = RecordsParam,
) -> Response:
    """Per body: directives in total, done, open, overdue, and due within N days; a body counts
    once whatever the spelling its directives use (resolved through the body registry)."""
    principal.require(Permission.read)
    synthetic = _chosen(records, synthetic)

    def build() -> Rows:
        frame = program.directives_by_body(session, within_days=within_days, synthetic=synthetic)
        return json_rows(frame)

    return await cached_json(request, session, ("ps-bodies", within_days, synthetic), build)


@router.get("/overview", response_model=Rows, summary="Program overview")
async def overview(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    """Each figure stated at government sessions next to what the stored records add up to."""
    principal.require(Permission.read)
    return await cached_json(
        request, session, ("ps-overview",), lambda: json_rows(program.program_overview(session))
    )
