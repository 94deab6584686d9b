"""/api/v1/settlements: the registry's cities, towns and villages."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from monotown.accounts.roles import Permission
from monotown.data.settlement_values import delete_settlement
from monotown.registry.editing import (
    create_settlement,
    get_settlement,
    update_settlement,
)
from monotown.registry.models import SETTLEMENT_KINDS
from monotown.registry.rows import settlement_detail_by_code, settlement_rows
from monotown.web.api.access import cached, cached_async, origin, payload, region_id_of
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

router = APIRouter(prefix="/settlements", tags=["registry: settlements"])

Kind = Literal["city", "town", "village", "support_village", "agglomeration", "district"]
assert set(Kind.__args__) == set(SETTLEMENT_KINDS)  # type: ignore[attr-defined]
SORT_FIELDS = (
    "code",
    "name_en",
    "name_ru",
    "name_kk",
    "region",
    "kind",
    "population",
    "population_year",
)
EXPORT_COLUMNS = (
    "code",
    "kind",
    "name_en",
    "name_ru",
    "name_kk",
    "region",
    "region_en",
    "latitude",
    "longitude",
    "parent",
    "population",
    "population_year",
    "population_as_of",
    "population_scope",
    "population_source",
    "current_list",
    "lists",
    "exited",
    "unknown_lists",
    "sectors",
    "synthetic",
    "note",
)
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


def _rows(request: Request, session: SessionDep) -> list[dict[str, Any]]:
    return cached(request, session, "settlement_rows", lambda: settlement_rows(session))


def _filtered(
    rows: list[dict[str, Any]],
    region: str | None,
    kind: str | None,
    list_code: str | None,
    monotown: bool | None,
    synthetic: bool | None,
    q: str | None,
) -> list[dict[str, Any]]:
    region_key = region.casefold() if region else None
    out = []
    for row in rows:
        if region_key and region_key not in {
            str(row[f]).casefold() for f in ("region", "region_en", "region_ru", "region_kk")
        }:
            continue
        if kind and row["kind"] != kind:
            continue
        if list_code == "current" and "current" not in row["lists"]:
            continue
        if list_code == "2012" and "2012" not in row["lists"] + row["exited"]:
            continue
        if monotown is not None and row["monotown"] != monotown:
            continue
        if synthetic is not None and row["synthetic"] != synthetic:
            continue
        if not matches_text(row, ("code", "name_en", "name_ru", "name_kk"), q):
            continue
        out.append(row)
    return out


RegionFilter = Query(None, max_length=120, description="Region code or name (any language).")
ListFilter = Query(
    None, alias="list", description="'current' list, or '2012' (ever on the 2012-2020 program)."
)
TextFilter = Query(None, max_length=120, description="Text in the code or any name.")


@router.get("", response_model=Page[SettlementOut], summary="List settlements")
async def list_settlements(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    region: str | None = RegionFilter,
    kind: Kind | None = None,
    list_code: Literal["current", "2012"] | None = ListFilter,
    monotown: bool | None = None,
    synthetic: bool | None = None,
    q: str | None = TextFilter,
    sort: str = sort_query(SORT_FIELDS, "name_en"),
    page: int = PageQuery,
    per_page: int = PerPageQuery,
) -> Response:
    """Settlements with filters; monotowns are those with `monotown=true`."""
    principal.require(Permission.read)
    key = ("settlements", region, kind, list_code, monotown, synthetic, q, sort, page, per_page)

    def build() -> bytes:
        rows = _filtered(_rows(request, session), region, kind, list_code, monotown, synthetic, q)
        return json_bytes(paginate(sort_rows(rows, sort), page, per_page))

    return json_response(await cached_async(request, session, key, build))


@router.get("/export", response_class=Response, summary="Export settlements")
def export_settlements(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    format: ExportFormat = ExportFormat.csv,
    region: str | None = RegionFilter,
    kind: Kind | None = None,
    list_code: Literal["current", "2012"] | None = ListFilter,
    monotown: bool | None = None,
    synthetic: bool | None = None,
    q: str | None = TextFilter,
    sort: str = sort_query(SORT_FIELDS, "name_en"),
) -> Response:
    """All matching settlements as CSV or XLSX."""
    principal.require(Permission.read)
    rows = _filtered(_rows(request, session), region, kind, list_code, monotown, synthetic, q)
    return export_response(sort_rows(rows, sort), EXPORT_COLUMNS, format, "settlements")


@router.get("/{code}", response_model=SettlementDetail, summary="Get a settlement")
async def get_one(
    code: str, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """One settlement with its enterprises and monotown status history."""
    principal.require(Permission.read)

    def build() -> bytes:
        return json_bytes(settlement_detail_by_code(session, code))

    return json_response(await cached_async(request, session, ("settlement", code), build))


@router.post("", response_model=SettlementDetail, status_code=201, summary="Add a settlement")
def create(
    body: SettlementCreate, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """Add a settlement (admins; regional editors in their own regions)."""
    principal.require(Permission.edit_registry)
    principal.require_regions({region_id_of(session, body.region)}, f"region '{body.region}'")
    created = create_settlement(
        session, body.model_dump(), user=principal.username, origin=origin(request)
    )
    session.flush()
    return _written(request, session, created.code, 201)


@router.patch("/{code}", response_model=SettlementDetail, summary="Change a settlement")
def update(
    code: str,
    body: SettlementUpdate,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
) -> Response:
    """Change some fields of a settlement; fields not sent stay as they are."""
    principal.require(Permission.edit_registry)
    settlement = get_settlement(session, code)
    regions = {settlement.region_id}
    values = payload(body)
    if values.get("region"):
        regions.add(region_id_of(session, values["region"]))
    principal.require_regions(regions, f"settlement '{code}'")
    updated = update_settlement(
        session, code, values, user=principal.username, origin=origin(request)
    )
    return _written(request, session, updated.code, 200)


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
    `with_values`; the answer then names the batch (header `X-Monotown-Batch`) whose undo
    re-creates the settlement with all of them."""
    principal.require(Permission.edit_registry)
    settlement = get_settlement(session, code)
    principal.require_regions({settlement.region_id}, f"settlement '{code}'")
    batch_id = delete_settlement(
        session, code, user=principal.username, origin=origin(request), with_values=with_values
    )
    headers = {"X-Monotown-Batch": str(batch_id)} if batch_id else None
    return Response(status_code=204, headers=headers)


def _written(request: Request, session: SessionDep, code: str, status: int) -> Response:
    session.expire_all()
    return json_response(json_bytes(settlement_detail_by_code(session, code)), status)
