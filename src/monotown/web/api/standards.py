"""/api/v1/standards: the sufficiency level (national, regional, district, gaps), the map points,
the catalog, one settlement of the national tree, provision imports and designations."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Query, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from monotown.accounts.roles import Permission, Principal
from monotown.data.uploads import check_size
from monotown.errors import InputError
from monotown.records.limits import body_limit_bytes
from monotown.registry.territory_store import designate, find_unit
from monotown.standards import SufficiencyRule, export_catalog, import_provision, list_standards
from monotown.standards.catalog import COLUMNS as CATALOG_COLUMNS
from monotown.standards.views import level_view, map_points, settlement_view
from monotown.web.api.access import cached_json, origin
from monotown.web.api.listing import json_bytes, json_response
from monotown.web.context import PrincipalDep, SessionDep

router = APIRouter(prefix="/standards", tags=["standards"])

Weighting = Literal["settlement", "population", "pooled"]
Missing = Literal["skip", "unmet"]
YearQuery = Query(None, ge=1990, le=2100, description="Year (default: the latest with data).")


@dataclass(frozen=True)
class LevelChoice:
    """Which year's level, computed by which rule."""

    year: int | None
    rule: SufficiencyRule


def level_choice(
    principal: PrincipalDep,
    year: int | None = YearQuery,
    weighting: Weighting = "settlement",
    standard_weights: bool = False,
    missing: Missing = "skip",
) -> LevelChoice:
    """The year and rule of a level (for readers): how settlements are weighted, whether the
    standards' own weights count, and whether a missing record counts as unmet."""
    principal.require(Permission.read)
    rule = SufficiencyRule(weighting=weighting, standard_weights=standard_weights, missing=missing)
    return LevelChoice(year, rule)


Level = Annotated[LevelChoice, Depends(level_choice)]


@router.get("/level", summary="Sufficiency level of one year")
async def level(
    request: Request,
    session: SessionDep,
    chosen: Level,
    region: str | None = Query(None, max_length=16, description="Region code, e.g. KZ-35."),
    district: int | None = Query(None, ge=1, description="District or city id (drill-down)."),
    gaps: int = Query(50, ge=0, le=1000),
) -> Response:
    """National, regional and district levels, the stated 64% and the 70%-by-2028 target, the
    trend by year and the largest gaps (most people first), computed from provision records."""
    year, rule = chosen.year, chosen.rule

    def build() -> Any:
        return level_view(session, year, rule, gaps=gaps, region_code=region, district_id=district)

    key = ("standards-level", chosen, region, district, gaps)
    return await cached_json(request, session, key, build)


@router.get("/map", summary="Every settlement's level, for a map")
async def map_data(request: Request, session: SessionDep, chosen: Level) -> Response:
    """Each settlement's level in the year, by the same rule as the level's."""
    key = ("standards-map", chosen)
    return await cached_json(
        request, session, key, lambda: map_points(session, chosen.year, chosen.rule)
    )


@router.get("/catalog", summary="The catalog of regional standards")
def catalog(session: SessionDep, principal: PrincipalDep, area: str | None = None) -> Response:
    principal.require(Permission.read)
    rows = [
        {column: getattr(standard, column) for column in CATALOG_COLUMNS}
        for standard in list_standards(session, area=area)
    ]
    return json_response(json_bytes({"items": rows, "total": len(rows)}))


@router.get("/catalog/export", response_class=Response, summary="Export the catalog as CSV")
def catalog_export(session: SessionDep, principal: PrincipalDep) -> Response:
    principal.require(Permission.read)
    return Response(
        "\ufeff" + export_catalog(session),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="standards_catalog.csv"'},
    )


@router.get("/settlements/{key:path}", summary="One settlement of the national tree")
def settlement(key: str, session: SessionDep, principal: PrincipalDep) -> Response:
    principal.require(Permission.read)
    return json_response(json_bytes(settlement_view(session, find_unit(session, key))))


def _national_editor(principal: Principal) -> None:
    """Provision and designations span regions: analysts and admins only."""
    principal.require(Permission.edit_data)
    if principal.region_scoped:
        principal.require(Permission.manage_users)


@router.post("/import", summary="Import provision records (CSV or XLSX)")
async def import_file(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    file: UploadFile = File(description="CSV or XLSX: settlement, standard, year, met/value."),
    update: bool = Query(False, description="Replace stored records that differ."),
    dry_run: bool = Query(False),
) -> Response:
    """All or nothing: with any problem the answer is 422 listing each, and nothing is written."""
    _national_editor(principal)
    content = await file.read(body_limit_bytes() + 1)
    name = Path(file.filename or "upload.csv").name
    check_size(content, name)
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError("must be a .csv or .xlsx file", file=name, field="file")

    def run() -> dict[str, Any]:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"upload{suffix}"
            path.write_bytes(content)
            report = import_provision(
                session, path, update=update, dry_run=dry_run, user=principal.username,
                origin=origin(request), file_name=name,
            )  # fmt: skip
            return report.to_dict()

    body = await run_in_threadpool(run)
    if body["status"] == "rejected":
        first = body["issues"][0] if body["issues"] else "rejected"
        detail = f"{first} ({len(body['issues'])} problem(s); nothing was imported)"
        return json_response(json_bytes({"detail": detail, **body}), 422)
    return json_response(json_bytes(body), 201 if body["status"] == "committed" else 200)


class DesignationIn(BaseModel):
    settlement: str = Field(min_length=1, max_length=120)
    kind: Literal["support_village", "satellite_village"]
    support: str | None = Field(None, max_length=120)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    source: str | None = Field(None, max_length=300)


@router.post("/designations", status_code=201, summary="Record a support or satellite village")
def create_designation(
    body: DesignationIn, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    _national_editor(principal)
    unit = find_unit(session, body.settlement)
    support = find_unit(session, body.support) if body.support else None
    designate(
        session, unit, kind=body.kind, support=support, date_from=body.date_from,
        date_to=body.date_to, source=body.source, user=principal.username,
        origin=origin(request),
    )  # fmt: skip
    return json_response(
        json_bytes({"settlement": unit.key, "kind": body.kind,
                    "support": support.key if support else None}),
        201,
    )  # fmt: skip
