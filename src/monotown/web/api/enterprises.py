"""/api/v1/enterprises: town-forming enterprises and the settlements they support."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from monotown import catalog
from monotown.accounts.roles import Permission, Principal
from monotown.records.query import Filter, list_rows
from monotown.registry.editing import (
    create_enterprise,
    get_enterprise,
    update_enterprise,
)
from monotown.registry.rows import enterprise_rows, find_row
from monotown.web.api import kind_views as views
from monotown.web.api import listing
from monotown.web.api.access import origin, payload, settlement_region_ids
from monotown.web.context import PrincipalDep, SessionDep

router = APIRouter(prefix="/enterprises", tags=["registry: enterprises"])

SORT_FIELDS = ("key", "name", "sector_code", "sector_label", "owner_group")
EXPORT_COLUMNS = (
    "key",
    "name",
    "sector_code",
    "sector_label",
    "owner_group",
    "settlements",
    "regions",
    "employment_share_pct",
    "output_share_pct",
    "share_year",
    "note",
)
KEY = r"^[a-z0-9][a-z0-9-]{0,63}$"
Codes = Annotated[list[Annotated[str, Field(max_length=64)]], Field(max_length=200)]


class EnterpriseOut(BaseModel):
    key: str
    name: str
    sector_code: str | None = Field(description="OKED division, e.g. B05 coal, C24 metals.")
    sector_label: str | None
    owner_group: str | None
    note: str | None
    settlements: list[str] = Field(description="Codes of the settlements it is town-forming for.")
    settlement_names_en: list[str]
    settlement_names_ru: list[str]
    settlement_names_kk: list[str]
    regions: list[str]
    employment_share_pct: float | None
    output_share_pct: float | None
    share_year: int | None


class EnterpriseCreate(BaseModel):
    key: str = Field(pattern=KEY)
    name: str = Field(min_length=1, max_length=300)
    sector_code: Annotated[str, Field(max_length=16)] | None = None
    sector_label: Annotated[str, Field(max_length=200)] | None = None
    owner_group: Annotated[str, Field(max_length=200)] | None = None
    note: Annotated[str, Field(max_length=4000)] | None = None
    settlements: Codes = Field(default_factory=list)


class EnterpriseUpdate(BaseModel):
    key: str | None = Field(None, pattern=KEY)
    name: Annotated[str, Field(min_length=1, max_length=300)] | None = None
    sector_code: Annotated[str, Field(max_length=16)] | None = None
    sector_label: Annotated[str, Field(max_length=200)] | None = None
    owner_group: Annotated[str, Field(max_length=200)] | None = None
    note: Annotated[str, Field(max_length=4000)] | None = None
    settlements: Codes | None = None


def _filters(sector: str | None, settlement: str | None, region: str | None) -> list[Filter]:
    kind = catalog.kind("enterprises")
    given = {"sector_code__exact": sector, "settlements__exact": settlement,
             "regions__exact": region}  # fmt: skip
    return views.legacy_filters(kind, given)


SectorFilter = Query(None, max_length=16, description="OKED division code, e.g. C24.")
SettlementFilter = Query(None, max_length=64, description="Code of a settlement it supports.")
RegionFilter = Query(None, max_length=16, description="Region code of a settlement it supports.")
TextFilter = Query(None, max_length=120, description="Text in the key, name, owner or sector.")


def _check_scope(session: Session, principal: Principal, codes: list[str], what: str) -> None:
    """Regional editors change only enterprises tied to settlements of their regions."""
    if principal.region_scoped:
        principal.require_regions(settlement_region_ids(session, codes), what)


@router.get("", response_model=listing.Page[EnterpriseOut], summary="List enterprises")
async def list_enterprises(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    sector: str | None = SectorFilter,
    settlement: str | None = SettlementFilter,
    region: str | None = RegionFilter,
    q: str | None = TextFilter,
    sort: str = listing.sort_query(SORT_FIELDS, "name"),
    page: int = listing.PageQuery,
    per_page: int = listing.PerPageQuery,
) -> Response:
    """Enterprises with filters, sorting and pages."""
    principal.require(Permission.read)
    return await views.page_response(
        request, session, catalog.kind("enterprises"),
        filters=_filters(sector, settlement, region), q=q, sort=sort, page=page,
        per_page=per_page,
    )  # fmt: skip


@router.get("/export", response_class=Response, summary="Export enterprises")
def export_enterprises(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    format: listing.ExportFormat = listing.ExportFormat.csv,
    sector: str | None = SectorFilter,
    settlement: str | None = SettlementFilter,
    region: str | None = RegionFilter,
    q: str | None = TextFilter,
    sort: str = listing.sort_query(SORT_FIELDS, "name"),
) -> Response:
    """All matching enterprises as CSV or XLSX."""
    principal.require(Permission.read)
    kind = catalog.kind("enterprises")
    rows = list_rows(
        kind,
        views.stored_rows(request, session, kind),
        filters=_filters(sector, settlement, region),
        q=q,
        sort=sort,
    )
    return views.download(rows, kind, format.value, EXPORT_COLUMNS)


@router.get("/{key}", response_model=EnterpriseOut, summary="Get an enterprise")
async def get_one(
    key: str, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    principal.require(Permission.read)
    return await views.one_response(request, session, catalog.kind("enterprises"), key)


@router.post("", response_model=EnterpriseOut, status_code=201, summary="Add an enterprise")
def create(
    body: EnterpriseCreate, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """Add an enterprise; regional editors must tie it to settlements of their regions."""
    principal.require(Permission.edit_registry)
    _check_scope(session, principal, body.settlements, f"enterprise '{body.key}'")
    created = create_enterprise(
        session, body.model_dump(), user=principal.username, origin=origin(request)
    )
    return _written(session, created.key, 201)


@router.patch("/{key}", response_model=EnterpriseOut, summary="Change an enterprise")
def update(
    key: str, body: EnterpriseUpdate, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """Change an enterprise; `settlements` replaces the list of settlements it supports."""
    principal.require(Permission.edit_registry)
    enterprise = get_enterprise(session, key)
    values = payload(body)
    current = [link.settlement.code for link in enterprise.links]
    _check_scope(session, principal, current + list(values.get("settlements") or []), key)
    updated = update_enterprise(
        session, key, values, user=principal.username, origin=origin(request)
    )
    return _written(session, updated.key, 200)


@router.delete("/{key}", status_code=204, response_class=Response, summary="Delete an enterprise")
def delete(key: str, request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    """Delete an enterprise (regional editors: one tied to their regions), undoably."""
    principal.require(Permission.edit_registry)
    enterprise = get_enterprise(session, key)
    _check_scope(session, principal, [link.settlement.code for link in enterprise.links], key)
    return views.deleted(
        views.delete_record(request, session, principal, catalog.kind("enterprises"), key)
    )


def _written(session: Session, key: str, status: int) -> Response:
    session.flush()
    session.expire_all()
    return listing.json_response(
        listing.json_bytes(find_row(enterprise_rows(session), "key", key, "enterprise")), status
    )
