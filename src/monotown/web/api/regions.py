"""/api/v1/regions: Kazakhstan's regions (oblasts and cities of republican significance)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from monotown import catalog
from monotown.accounts.roles import Permission
from monotown.records.query import list_rows
from monotown.registry.editing import create_region, update_region
from monotown.registry.rows import find_row, region_rows
from monotown.web.api import kind_views as views
from monotown.web.api import listing
from monotown.web.api.access import origin, payload, require_admin_for_regions
from monotown.web.context import PrincipalDep, SessionDep

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


TextFilter = Query(None, max_length=120, description="Text in the code or any name.")


@router.get("", response_model=listing.Page[RegionOut], summary="List regions")
async def list_regions(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    q: str | None = TextFilter,
    sort: str = listing.sort_query(SORT_FIELDS, "code"),
    page: int = listing.PageQuery,
    per_page: int = listing.PerPageQuery,
) -> Response:
    principal.require(Permission.read)
    kind = catalog.kind("regions")
    return await views.page_response(
        request, session, kind, filters=[], q=q, sort=sort, page=page, per_page=per_page
    )


@router.get("/export", response_class=Response, summary="Export regions")
def export_regions(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    format: listing.ExportFormat = listing.ExportFormat.csv,
    sort: str = listing.sort_query(SORT_FIELDS, "code"),
) -> Response:
    principal.require(Permission.read)
    kind = catalog.kind("regions")
    rows = list_rows(kind, views.stored_rows(request, session, kind), sort=sort)
    return views.download(rows, kind, format.value, COLUMNS)


@router.get("/{code}", response_model=RegionOut, summary="Get a region")
async def get_one(
    code: str, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    principal.require(Permission.read)
    return await views.one_response(request, session, catalog.kind("regions"), code)


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
    """Delete a region that holds no settlement (admins only), as a batch that can be undone."""
    return views.deleted(
        views.delete_record(request, session, principal, catalog.kind("regions"), code)
    )


def _written(session: Session, code: str, status: int) -> Response:
    session.flush()
    return listing.json_response(
        listing.json_bytes(find_row(region_rows(session), "code", code, "region")), status
    )
