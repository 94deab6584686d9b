"""/api/v1/enterprises: town-forming enterprises and the settlements they support."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from monotown.accounts.roles import Permission, Principal
from monotown.registry.editing import create_enterprise, get_enterprise, update_enterprise
from monotown.web.api import kind_views as views
from monotown.web.api.access import origin, payload, settlement_region_ids
from monotown.web.api.kind_routes import list_routes
from monotown.web.context import PrincipalDep, SessionDep

router = APIRouter(prefix="/enterprises", tags=["registry: enterprises"])

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


def older_parameters(
    sector: str | None = Query(None, max_length=16, description="OKED division code, e.g. C24."),
    settlement: str | None = Query(
        None, max_length=64, description="Code of a settlement it supports."
    ),
    region: str | None = Query(
        None, max_length=16, description="Region code of a settlement it supports."
    ),
) -> dict[str, str | None]:
    """The filters /enterprises took before the records layer, as its filters."""
    return {"sector_code__exact": sector, "settlements__exact": settlement,
            "regions__exact": region}  # fmt: skip


def _check_scope(session: Session, principal: Principal, codes: list[str], what: str) -> None:
    """Regional editors change only enterprises tied to settlements of their regions."""
    if principal.region_scoped:
        principal.require_regions(settlement_region_ids(session, codes), what)


list_routes(
    router, "enterprises", EnterpriseOut, "enterprises", mapped=older_parameters,
    own=("sector", "settlement", "region"), one="key",
)  # fmt: skip


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
    return views.written(session, "enterprises", created.key, 201)


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
    return views.written(session, "enterprises", updated.key)


@router.delete("/{key}", status_code=204, response_class=Response, summary="Delete an enterprise")
def delete(key: str, request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    """Delete an enterprise (regional editors: one tied to their regions), undoably."""
    return views.delete_response(request, session, principal, "enterprises", key)
