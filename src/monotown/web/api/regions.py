"""/api/v1/regions: Kazakhstan's regions (oblasts and cities of republican significance)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from monotown.accounts.roles import Principal
from monotown.registry.editing import create_region, update_region
from monotown.web.api import kind_views as views
from monotown.web.api.access import require_admin_for_regions
from monotown.web.api.kind_routes import list_routes
from monotown.web.api.write_routes import write_routes
from monotown.web.context import PrincipalDep, SessionDep

router = APIRouter(prefix="/regions", tags=["registry: regions"])

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


list_routes(router, "regions", RegionOut, "regions")


def _admins_only(session: Session, principal: Principal, key: str | None, values: Any) -> None:
    require_admin_for_regions(principal)


write_routes(
    router, "regions", RegionOut, bodies=(RegionCreate, RegionUpdate),
    writers=(create_region, update_region), check=_admins_only,
    texts=("Add a region", "Add a region (admins only).", "Change a region",
           "Rename a region or change its code (admins only)."),
)  # fmt: skip


@router.delete("/{code}", status_code=204, response_class=Response, summary="Delete a region")
def delete(code: str, request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    """Delete a region that holds no settlement (admins only), as a batch that can be undone."""
    return views.delete_response(request, session, principal, "regions", code)
