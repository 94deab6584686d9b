"""/api/v1/enterprises: town-forming enterprises and the settlements they support."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from monotown.accounts.roles import Permission, Principal
from monotown.registry.editing import create_enterprise, get_enterprise, update_enterprise
from monotown.web.api import kind_views as views
from monotown.web.api.access import settlement_region_ids
from monotown.web.api.kind_routes import list_routes
from monotown.web.api.write_routes import write_routes
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


def _check_scope(
    session: Session, principal: Principal, key: str | None, values: dict[str, Any]
) -> None:
    """Regional editors write only enterprises tied to settlements of their regions (before
    and after the change)."""
    principal.require(Permission.edit_registry)
    if not principal.region_scoped:
        return
    current = [link.settlement.code for link in get_enterprise(session, key).links] if key else []
    codes = current + list(values.get("settlements") or [])
    principal.require_regions(
        settlement_region_ids(session, codes), f"enterprise '{key or values.get('key')}'"
    )


list_routes(
    router, "enterprises", EnterpriseOut, "enterprises", mapped=older_parameters,
    own=("sector", "settlement", "region"), one="key",
)  # fmt: skip


write_routes(
    router, "enterprises", EnterpriseOut, bodies=(EnterpriseCreate, EnterpriseUpdate),
    writers=(create_enterprise, update_enterprise), check=_check_scope, key_name="key",
    texts=("Add an enterprise",
           "Add an enterprise; regional editors must tie it to settlements of their regions.",
           "Change an enterprise",
           "Change an enterprise; `settlements` replaces the list of settlements it supports."),
)  # fmt: skip


@router.delete("/{key}", status_code=204, response_class=Response, summary="Delete an enterprise")
def delete(key: str, request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    """Delete an enterprise (regional editors: one tied to their regions), undoably."""
    return views.delete_response(request, session, principal, "enterprises", key)
