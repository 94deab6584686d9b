"""/api/v1/settlements: the registry's cities, towns and villages.

The list and its export are the settlements kind of the records layer (the rows of
/api/v1/records/settlements, its filters, keyset pages and formats); the older parameters
(`region` by any name, `kind`, `list`, `monotown`, `synthetic`, `page`, `per_page`) map onto its
filters. One settlement (`/{code}`) adds its enterprises, statuses and figures to that row.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from monotown import catalog
from monotown.accounts.roles import Permission, Principal
from monotown.registry import list_towns
from monotown.registry.editing import create_settlement, get_settlement, update_settlement
from monotown.registry.models import SETTLEMENT_KINDS
from monotown.registry.rows import settlement_detail_by_code
from monotown.web.api.access import cached, cached_json, check_settlement_write, region_of
from monotown.web.api.kind_routes import list_routes
from monotown.web.api.kind_views import delete_record, deleted
from monotown.web.api.listing import json_bytes, json_response
from monotown.web.api.write_routes import write_routes
from monotown.web.context import PrincipalDep, SessionDep

router = APIRouter(prefix="/settlements", tags=["registry: settlements"])

Kind = Literal["city", "town", "village", "support_village", "agglomeration", "district"]
assert set(Kind.__args__) == set(SETTLEMENT_KINDS)  # type: ignore[attr-defined]
CODE = r"^[a-z0-9][a-z0-9-]{0,63}$"
Text120 = Annotated[str, Field(min_length=1, max_length=120)]


class SettlementOut(BaseModel):
    code: str
    kind: str
    name_en: str
    name_ru: str
    name_kk: str | None
    region: str
    region_en: str
    region_ru: str
    region_kk: str | None
    latitude: float | None
    longitude: float | None
    parent: str | None
    synthetic: bool
    note: str | None
    population: int | None = Field(
        description="Latest population of the city proper (else the administration or district)"
        "; null if unknown."
    )
    population_year: int | None
    population_approximate: bool
    population_as_of: str | None = Field(None, description="Reference date at its precision.")
    population_scope: str | None = Field(
        None, description="city, administration, district or unclear."
    )
    population_source: str | None = Field(None, description="Title of the figure's source.")
    administration_population: int | None = None
    monotown: bool = Field(description="On a monotown list now or in the past.")
    current_list: Literal["yes", "no", "unknown"] = Field(
        "unknown", description="On the current list: yes, no, or unknown (no source says)."
    )
    lists: list[str]
    exited: list[str] = Field(description="Lists the settlement left or is known to be off.")
    unknown_lists: list[str] = Field(
        default_factory=list, description="Lists whose membership no source states."
    )
    sectors: list[str]


class SettlementDetail(SettlementOut):
    source: str | None
    enterprises: list[dict[str, Any]]
    statuses: list[dict[str, Any]]
    populations: list[dict[str, Any]] = Field(
        default_factory=list, description="Every population figure with scope, date and source."
    )
    figures: list[dict[str, Any]] = Field(
        default_factory=list, description="Town figures reported by the press, with sources."
    )


class SettlementCreate(BaseModel):
    code: str = Field(pattern=CODE, description="Lower-case letters, digits and '-'.")
    kind: Kind
    name_en: Text120
    name_ru: Text120
    name_kk: Annotated[str, Field(max_length=120)] | None = None
    region: Text120 = Field(description="Region code (e.g. KZ-35) or name.")
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    parent: Annotated[str, Field(max_length=64)] | None = None
    synthetic: bool = False
    note: Annotated[str, Field(max_length=4000)] | None = None


class SettlementUpdate(BaseModel):
    code: str | None = Field(None, pattern=CODE)
    kind: Kind | None = None
    name_en: Text120 | None = None
    name_ru: Text120 | None = None
    name_kk: Annotated[str, Field(max_length=120)] | None = None
    region: Text120 | None = None
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    parent: Annotated[str, Field(max_length=64)] | None = None
    synthetic: bool | None = None
    note: Annotated[str, Field(max_length=4000)] | None = None


def list_members(request: Request, session: Session, list_code: str) -> str:
    """The codes of the settlements on a list (`current`: on it now; `2012`: ever on the 2012-2020
    program), comma-separated for a `code__in` filter: the registry's one reading of a list."""
    return cached(request, session, ("list-members", list_code), lambda: ",".join(
        town.code for town in list_towns(session, list_code=list_code)
    ))  # fmt: skip


def flag(value: bool | None) -> str | None:
    return None if value is None else "1" if value else "0"


def older_parameters(
    request: Request,
    session: SessionDep,
    region: str | None = Query(
        None, max_length=120, description="Region code or name (any language)."
    ),
    kind: Kind | None = None,
    list_code: Literal["current", "2012"] | None = Query(
        None, alias="list", description="'current' list, or '2012' (ever on the 2012-2020 program)."
    ),
    monotown: bool | None = None,
    synthetic: bool | None = None,
) -> dict[str, str | None]:
    """The parameters /settlements and /towns took before the records layer, as its filters."""
    return {
        "region__exact": region_of(session, region).code if region else None,
        "kind__exact": kind,
        "code__in": list_members(request, session, list_code) if list_code else None,
        "monotown__exact": flag(monotown),
        "synthetic__exact": flag(synthetic),
    }


OLDER = ("region", "kind", "list", "monotown", "synthetic")
list_routes(
    router, "settlements", SettlementOut, "settlements", mapped=older_parameters, own=OLDER,
    default_sort="name_en", one=None,
)  # fmt: skip


@router.get("/{code}", response_model=SettlementDetail, summary="Get a settlement")
async def get_one(
    code: str, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """One settlement with its enterprises and monotown status history."""
    principal.require(Permission.read)

    detail = ("settlement", code)
    return await cached_json(
        request, session, detail, lambda: settlement_detail_by_code(session, code)
    )


def _check_write(
    session: Session, principal: Principal, key: str | None, values: dict[str, Any]
) -> None:
    """Admins anywhere; regional editors in their own regions (before and after a move)."""
    current = get_settlement(session, key).region_id if key else None
    check_settlement_write(session, principal, current, values.get("region"))


def _detail(session: Session, code: str, status: int) -> Response:
    """A write's answer: the settlement's detail as stored."""
    session.flush()
    session.expire_all()
    return json_response(json_bytes(settlement_detail_by_code(session, code)), status)


write_routes(
    router, "settlements", SettlementDetail, bodies=(SettlementCreate, SettlementUpdate),
    writers=(create_settlement, update_settlement), check=_check_write, answer=_detail,
    texts=("Add a settlement", "Add a settlement (admins; regional editors in their own regions).",
           "Change a settlement",
           "Change some fields of a settlement; fields not sent stay as they are."),
)  # fmt: skip


@router.delete("/{code}", status_code=204, response_class=Response, summary="Delete a settlement")
def delete(
    code: str,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    with_values: bool = Query(
        False,
        description="Also delete its indicator values and its own records (population, list "
        "status, figures, town-forming links), as one batch that can be undone.",
    ),
) -> Response:
    """Delete a settlement. One that has indicator values or records of its own (population, list
    status, figures, town-forming links) is refused (409, naming what would be lost) unless
    `with_values`; the answer names the batch (header `X-Monotown-Batch`) whose undo re-creates
    the settlement with all of them."""
    kind = catalog.kind("settlements")
    return deleted(delete_record(request, session, principal, kind, code, force=with_values))
