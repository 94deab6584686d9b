"""/api/v1/program-summaries: projects by status, budget execution, contracts per year,
directives per responsible body and the program overview; each group says how many of its
records are synthetic (`synthetic_records`) and what its figures rest on (`basis`).

No `from __future__ import annotations` here: the grouped summaries are made by one function,
each with its own choice of groups (`by`), which FastAPI reads from the handler's annotation.
"""

from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

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
RecordsChoice = Literal["all", "real", "synthetic"]


def synthetic_choice(
    principal: PrincipalDep,
    synthetic: bool | None = Query(None, description="Only demo (true) or only real records."),
    records: RecordsChoice | None = Query(
        None,
        description="all, real (taken from sources) or synthetic (demo) records; "
        "overrides `synthetic`.",
    ),
) -> bool | None:
    """Who may read summaries, and which records they count: None (all), False (real), True."""
    principal.require(Permission.read)
    return records_filter(records) if records is not None else synthetic


Synthetic = Depends(synthetic_choice)


def grouped_summary(
    path: str,
    summary: str,
    description: str,
    groups: Any,
    default: str,
    summarise: Callable[..., Any],
) -> None:
    """`GET path`: one row per group of `by` (one of `groups`; duplicates dropped) with a
    'total' row, for a town or all, cached per data state."""

    @router.get(path, response_model=Rows, summary=summary, description=description, name=path[1:])
    async def grouped(
        request: Request,
        session: SessionDep,
        by: list[groups] = Query([default]),  # type: ignore[valid-type]
        town: str | None = Query(None, max_length=120, description="Town code or any name."),
        synthetic: bool | None = Synthetic,
    ) -> Response:
        chosen = list(dict.fromkeys(by))

        def build() -> Rows:
            frame = summarise(session, chosen, total=True, town=town, synthetic=synthetic)
            return json_rows(frame)

        key = (summarise.__name__, tuple(chosen), town, synthetic)
        return await cached_json(request, session, key, build)


grouped_summary(
    "/projects", "Projects by status (or other groups)",
    "Count, value (tenge), planned and actual jobs per group, with a 'total' row.",
    ProjectGroup, "status", program.projects_summary,
)  # fmt: skip
grouped_summary(
    "/budget", "Budget execution",
    "Planned, allocated, disbursed (tenge) and execution (disbursed / allocated, %).",
    BudgetGroup, "year", program.budget_execution,
)  # fmt: skip
grouped_summary(
    "/contracts", "Contracts per year (or other groups)",
    "How many contracts and their value (tenge) per group, with a 'total' row.",
    ContractGroup, "year", program.contracts_summary,
)  # fmt: skip


@router.get("/directives-by-body", response_model=Rows, summary="Directives per responsible body")
async def directives_by_body(
    request: Request,
    session: SessionDep,
    within_days: int = Query(30, ge=1, le=3650, description="What counts as due soon."),
    synthetic: bool | None = Synthetic,
) -> Response:
    """Per body: directives in total, done, open, overdue, and due within N days; a body counts
    once whatever the spelling its directives use (resolved through the body registry)."""

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
