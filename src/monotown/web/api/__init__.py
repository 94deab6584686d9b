"""The JSON API under /api/v1: one router per entity, each with list, get, export and writes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.params import Depends as Dependency
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field

from monotown.web.api import (
    assessment,
    audit,
    enterprises,
    events,
    imports,
    indicators,
    intake,
    program,
    program_summaries,
    records,
    regions,
    reports,
    settlements,
    standards,
    towns,
    users,
    values,
)


class ErrorOut(BaseModel):
    """Every error: one readable line; validation errors also list each problem."""

    detail: str = Field(description="What went wrong, naming the field and the reason.")
    errors: list[dict[str, Any]] | None = Field(
        None, description="For 422 answers: each invalid field (location, field, message)."
    )


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": description}
    for status, description in (
        (401, "Not signed in: no, an unknown, a revoked or an expired token"),
        (403, "The role (or the region) does not allow this"),
        (404, "No such record"),
        (409, "Conflicts with stored data"),
        (422, "Invalid input"),
    )
}

# Declares the bearer scheme in the OpenAPI document (the "Authorize" button of /api/docs); the
# token itself is checked by `get_principal`, which also accepts the browser's session cookie.
bearer = HTTPBearer(auto_error=False, description="A token from `monotown users token NAME`.")
API_PREFIX = "/api/v1"
API_MODULES = (
    settlements,
    enterprises,
    regions,
    towns,
    indicators,
    values,
    imports,
    program,
    program_summaries,
    events,
    intake,
    assessment,
    reports,
    audit,
    users,
    standards,
)


def api_routers() -> list[APIRouter]:
    """The routers of the API, in the order their routes are matched (and documented)."""
    return [module.router for module in API_MODULES] + [records.records_router()]


def include_api(app: FastAPI, dependencies: Sequence[Dependency] = ()) -> None:
    """Add the API's routes to `app` under /api/v1, each router included directly: FastAPI
    matches a request against every router it passes on the way (twice, once to choose and
    once to handle), so one level of routers less is a cheaper match for every request."""
    for router in api_routers():
        app.include_router(
            router,
            prefix=API_PREFIX,
            responses=ERROR_RESPONSES,
            dependencies=[*dependencies, Depends(bearer)],
        )


__all__ = ["ERROR_RESPONSES", "ErrorOut", "api_routers", "include_api"]
