"""/api/v1/regions: Kazakhstan's regions (oblasts and cities of republican significance)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from monotown.accounts.roles import Permission
from monotown.registry.editing import create_region, delete_region, update_region
from monotown.web.api.access import cached, cached_async, origin, payload, require_admin_for_regions
from monotown.web.api.listing import (
    ExportFormat,
    Page,
    PageQuery,
    PerPageQuery,
    export_response,
    json_bytes,
    json_response,
    matches_text,
    paginate,
    sort_query,
    sort_rows,
)
from monotown.web.context import PrincipalDep, SessionDep
from monotown.web.registry_views import find_row, region_rows

router = APIRouter(prefix="/regions", tags=["registry: regions"])

SORT_FIELDS = ("code", "name_en", "name_ru", "name_kk", "settlements", "monotowns")
COLUMNS = ("code", "name_en", "name_ru", "name_kk", "settlements", "monotowns")
REGION_CODE = r"^[A-Z]{2}-[A-Z0-9]{1,12}$"
Name = Annotated[str, Field(min_length=1, max_length=120)]


class RegionOut(BaseModel):
    code: str = Field(description="ISO 3166-2 code, e.g. KZ-35.")
    name_en: str
    name_ru: str
    name_kk: str | None
    settlements: int
    monotowns: int


class RegionCreate(BaseModel):
    code: str = Field(pattern=REGION_CODE)
    name_en: Name
    name_ru: Name
    name_kk: Annotated[str, Field(max_length=120)] | None = None


class RegionUpdate(BaseModel):
    code: str | None = Field(None, pattern=REGION_CODE)
    name_en: Name | None = None
    name_ru: Name | None = None
    name_kk: Annotated[str, Field(max_length=120)] | None = None


def _rows(request: Request, session: Session) -> list[dict[str, Any]]:
    return cached(request, session, "region_rows", lambda: region_rows(session))


TextFilter = Query(None, max_length=120, description="Text in the code or any name.")


@router.get("", response_model=Page[RegionOut], summary="List regions")
async def list_regions(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    q: str | None = TextFilter,
    sort: str = sort_query(SORT_FIELDS, "code"),
    page: int = PageQuery,
    per_page: int = PerPageQuery,
) -> Response:
    principal.require(Permission.read)

    def build() -> bytes:
        rows = [
            row
            for row in _rows(request, session)
            if matches_text(row, ("code", "name_en", "name_ru", "name_kk"), q)
        ]
        return json_bytes(paginate(sort_rows(rows, sort), page, per_page))

    key = ("regions", q, sort, page, per_page)
    return json_response(await cached_async(request, session, key, build))


@router.get("/export", response_class=Response, summary="Export regions")
def export_regions(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    format: ExportFormat = ExportFormat.csv,
    sort: str = sort_query(SORT_FIELDS, "code"),
) -> Response:
    principal.require(Permission.read)
    return export_response(sort_rows(_rows(request, session), sort), COLUMNS, format, "regions")


@router.get("/{code}", response_model=RegionOut, summary="Get a region")
async def get_one(
    code: str, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    principal.require(Permission.read)

    def build() -> bytes:
        return json_bytes(find_row(_rows(request, session), "code", code, "region"))

    return json_response(await cached_async(request, session, ("region", code), build))


@router.post("", response_model=RegionOut, status_code=201, summary="Add a region")
def create(
    body: RegionCreate, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """Add a region (admins only)."""
    require_admin_for_regions(principal)
    region = create_region(
        session, body.model_dump(), user=principal.username, origin=origin(request)
    )
    return _written(session, region.code, 201)


@router.patch("/{code}", response_model=RegionOut, summary="Change a region")
def update(
    code: str, body: RegionUpdate, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """Rename a region or change its code (admins only)."""
    require_admin_for_regions(principal)
    region = update_region(
        session, code, payload(body), user=principal.username, origin=origin(request)
    )
    return _written(session, region.code, 200)


@router.delete("/{code}", status_code=204, response_class=Response, summary="Delete a region")
def delete(code: str, request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    """Delete a region that holds no settlement (admins only)."""
    require_admin_for_regions(principal)
    delete_region(session, code, user=principal.username, origin=origin(request))
    return Response(status_code=204)


def _written(session: Session, code: str, status: int) -> Response:
    session.flush()
    return json_response(json_bytes(find_row(region_rows(session), "code", code, "region")), status)
