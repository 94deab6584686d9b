"""Regional standards: national and regional sufficiency with the map and the largest gaps,
drill-down region -> district -> settlement. Every figure comes from `standards.views`."""

from __future__ import annotations

import math
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.errors import NotFoundError
from monotown.registry.models import Region
from monotown.registry.territory import SettlementDesignation, TerritorialUnit
from monotown.registry.territory_store import find_unit
from monotown.standards import SufficiencyRule
from monotown.standards.catalog import as_dict, list_standards, read_sources
from monotown.standards.inputs import fetch_tuples
from monotown.standards.report import Computed, compute_year, latest_year, trend
from monotown.standards.views import level_view, map_points, settlement_view
from monotown.web.api.access import cached
from monotown.web.context import request_language
from monotown.web.pages.common import VisitDep, pages, regions
from monotown.web.pages.listing import ListTable, list_response, list_table
from monotown.web.pages.standards_map import standards_map
from monotown.web.rendering import N_

router = APIRouter(include_in_schema=False)
# Labels shown through the `t` filter: catalog areas and settlement types.
LABELS = (
    N_("education"), N_("healthcare"), N_("social"), N_("culture_leisure"), N_("sports"),
    N_("transport"), N_("engineering"), N_("digital"), N_("public_safety"), N_("household"),
    N_("city_republican"), N_("city_regional"), N_("city_district"), N_("town"), N_("village"),
)  # fmt: skip
Weighting = Literal["settlement", "population", "pooled"]
YearQuery = Query(None, ge=1990, le=2100)
NAMES = ("name_kk", "name_ru", "name_en")
GAP_COLUMNS = (
    "settlement_key", "settlement_kk", "settlement_ru", "settlement_en", "population", "standard",
    "standard_kk", "standard_ru", "standard_en", "area", "links", "synthetic",
)  # fmt: skip
LEVEL_COLUMNS = ("level_pct", "settlements", "synthetic")
REGIONS = list_table(
    "/standards", "regions",
    ("code", *NAMES, *LEVEL_COLUMNS, "stated_pct", "stated_source", "difference_pp"),
)  # fmt: skip
NATIONAL_GAPS = list_table("/standards", "gaps", GAP_COLUMNS)
CATALOG = list_table(
    "/standards/catalog", "catalog",
    ("code", "area", *NAMES, "categories", "min_population", "max_population", "measure",
     "comparison", "norm", "unit", "indicator_code", "source", "source_publisher", "source_date",
     "is_default"),
)  # fmt: skip
DISTRICTS = list_table("/standards/regions/{code}", "districts", ("id", *NAMES, *LEVEL_COLUMNS))
REGION_GAPS = list_table("/standards/regions/{code}", "gaps", GAP_COLUMNS)
SETTLEMENTS = list_table(
    "/standards/districts/{district_id}", "settlements",
    ("key", *NAMES, "settlement_type", "role", "population", "level_pct", "synthetic"),
)  # fmt: skip
DISTRICT_GAPS = list_table("/standards/districts/{district_id}", "gaps", GAP_COLUMNS)
TREND = list_table(
    "/standards/trend", "trend",
    ("year", "national_pct", "target_pct", "gap_to_target_pp", "progress_pct"),
)  # fmt: skip
PROVISION = list_table(
    "/standards/settlements/{key:path}", "provision",
    ("year", "standard", "area", *NAMES, "met", "value", "flag", "source", "batch_id"),
)  # fmt: skip


def _region_names(request: Request, session: Session) -> dict[str, dict[str, Any]]:
    return {row["name_ru"]: row for row in regions(request, session)}


def _links(session: Session, region_id: int | None) -> list[tuple[float, float, float, float]]:
    """Satellite -> support village segments (of one region, if given)."""
    sql = (
        "SELECT s.latitude, s.longitude, p.latitude, p.longitude FROM settlement_designation d "
        "JOIN territorial_unit s ON s.id = d.unit_id JOIN territorial_unit p "
        "ON p.id = d.support_unit_id WHERE d.kind = 'satellite_village' "
        "AND s.latitude IS NOT NULL AND p.latitude IS NOT NULL"
    )
    params: tuple[object, ...] = ()
    if region_id is not None:
        sql += " AND s.region_id = ?"
        params = (region_id,)
    rows = fetch_tuples(session, sql, params)
    return [(float(a), float(b), float(c), float(d)) for a, b, c, d in rows]


def _computed(request: Request, session: Session, year: int, rule: SufficiencyRule) -> Computed:
    """One roll-up per year and rule, shared by the tables and the map of every page."""
    return cached(
        request, session, ("standards-computed", year, rule),
        lambda: compute_year(session, year, rule),
    )  # fmt: skip


def _map_json(
    request: Request,
    session: Session,
    year: int,
    rule: SufficiencyRule,
    region_id: int | None = None,
) -> str:
    lang = request_language(request)

    def build() -> str:
        computed = _computed(request, session, year, rule)
        points = map_points(session, year, rule, computed)["points"]
        if region_id is not None:
            region_of = dict(fetch_tuples(
                session, "SELECT key, region_id FROM territorial_unit WHERE level = 'settlement'",
                (),
            ))  # fmt: skip
            keep = [i for i, key in enumerate(points["key"]) if region_of.get(key) == region_id]
            points = {name: [values[i] for i in keep] for name, values in points.items()}
        return standards_map(
            points, _links(session, region_id), _region_names(request, session), lang,
            pages(request).gettext(request), focus=region_id is not None,
        )  # fmt: skip

    return cached(request, session, ("standards-map", year, rule, region_id, lang), build)


def _level(
    request: Request, session: Session, year: int | None, rule: SufficiencyRule, **narrow: Any
) -> dict[str, Any]:
    year = year or latest_year(session)
    key = ("standards-level", year, rule, tuple(sorted(narrow.items())))

    def build() -> dict[str, Any]:
        computed = _computed(request, session, year, rule)
        return level_view(session, year, rule, with_trend=False, computed=computed, **narrow)

    return cached(request, session, key, build)


def _empty(request: Request, *tables: ListTable) -> Response:
    """No provision records yet: the page says so, a download is empty."""
    return list_response(request, "standards/empty.html", {}, *((table, []) for table in tables))


def _level_page(
    request: Request, template: str, context: dict[str, Any], table: ListTable, gaps: ListTable
) -> Response:
    """A page of one level: its table (the rows named like it, from the level or the page) and
    the largest gaps, each also a download."""
    data = context["data"]
    rows = context.get(table.name, data.get(table.name))
    return list_response(request, template, context, (table, rows), (gaps, data["gaps"]))


@router.get("/standards", response_class=HTMLResponse)
def standards_page(
    visit: VisitDep, year: int | None = YearQuery, weighting: Weighting = "settlement"
) -> Response:
    request, session = visit.request, visit.session
    rule = SufficiencyRule(weighting=weighting)
    try:
        data = _level(request, session, year, rule, gaps=25)
    except NotFoundError:
        return _empty(request, REGIONS, NATIONAL_GAPS)
    context = {
        "data": data,
        "weighting": weighting,
        "map_json": _map_json(request, session, data["year"], rule),
        "query": f"year={data['year']}&weighting={weighting}",
    }
    return _level_page(request, "standards/index.html", context, REGIONS, NATIONAL_GAPS)


@router.get("/standards/catalog", response_class=HTMLResponse)
def catalog_page(visit: VisitDep) -> Response:
    """Every standard with where it applies, its indicator and norm, and its source."""
    request, session = visit.request, visit.session
    sources = read_sources()
    rows = [
        {**as_dict(standard), "source_title": sources.get(standard.source, {}).get("title"),
         "source_publisher": sources.get(standard.source, {}).get("publisher"),
         "source_date": sources.get(standard.source, {}).get("date")}
        for standard in list_standards(session)
    ]  # fmt: skip
    return list_response(request, "standards/catalog.html", {"rows": rows}, (CATALOG, rows))


@router.get("/standards/trend", response_class=HTMLResponse)
def trend_fragment(visit: VisitDep, weighting: Weighting = "settlement") -> Response:
    """The national level of every year (a roll-up per year): loaded by the page after it shows,
    so the first view after new data does not wait for ten roll-ups."""
    request, session = visit.request, visit.session
    rule = SufficiencyRule(weighting=weighting)
    rows = cached(request, session, ("standards-trend", rule), lambda: trend(session, rule))
    return list_response(request, "standards/_trend.html", {"trend": rows}, (TREND, rows))


@router.get("/standards/regions/{code}", response_class=HTMLResponse)
def region_page(
    code: str, visit: VisitDep, year: int | None = YearQuery, weighting: Weighting = "settlement"
) -> Response:
    request, session = visit.request, visit.session
    rule = SufficiencyRule(weighting=weighting)
    try:
        data = _level(request, session, year, rule, gaps=25, region_code=code)
    except NotFoundError as error:
        if "provision" in error.message:
            return _empty(request, DISTRICTS, REGION_GAPS)
        raise
    region = next((row for row in data["regions"] if row["code"].lower() == code.lower()), None)
    if region is None:
        raise NotFoundError(f"no provision records in region '{code}'")
    region_id = session.scalars(select(Region.id).where(Region.code == region["code"])).one()
    context = {
        "data": data,
        "region": region,
        "weighting": weighting,
        "map_json": _map_json(request, session, data["year"], rule, region_id),
        "query": f"year={data['year']}&weighting={weighting}",
    }
    return _level_page(request, "standards/region.html", context, DISTRICTS, REGION_GAPS)


def _district_settlements(
    session: Session, computed: Computed, district_id: int
) -> list[dict[str, Any]]:
    result, (units, _standards) = computed
    level_of = dict(zip(units.id.tolist(), result.settlements.level.tolist(), strict=True))
    roles = dict(
        session.execute(
            select(SettlementDesignation.unit_id, SettlementDesignation.kind)
            .join(TerritorialUnit, TerritorialUnit.id == SettlementDesignation.unit_id)
            .where(TerritorialUnit.district_id == district_id)
        ).all()
    )
    rows = []
    for unit in session.scalars(
        select(TerritorialUnit)
        .where(TerritorialUnit.district_id == district_id, TerritorialUnit.level == "settlement")
        .order_by(TerritorialUnit.population.desc().nulls_last())
    ):
        level = level_of.get(unit.id, float("nan"))
        rows.append({
            "key": unit.key, "name_en": unit.name_en, "name_ru": unit.name_ru,
            "name_kk": unit.name_kk, "population": unit.population,
            "settlement_type": unit.settlement_type, "synthetic": unit.synthetic,
            "level_pct": None if math.isnan(level) else round(100 * level, 1),
            "role": roles.get(unit.id, ""),
        })  # fmt: skip
    return rows


@router.get("/standards/districts/{district_id}", response_class=HTMLResponse)
def district_page(
    district_id: int,
    visit: VisitDep,
    year: int | None = YearQuery,
    weighting: Weighting = "settlement",
) -> Response:
    request, session = visit.request, visit.session
    rule = SufficiencyRule(weighting=weighting)
    district = session.get(TerritorialUnit, district_id)
    if district is None or district.level not in ("district", "city"):
        raise NotFoundError(f"no district or city {district_id}")
    try:
        year = year or latest_year(session)
    except NotFoundError:
        return _empty(request, SETTLEMENTS, DISTRICT_GAPS)
    data = _level(request, session, year, rule, gaps=50, district_id=district_id)
    row = next((r for r in data["districts"] if r["id"] == district_id), None)
    settlements = cached(
        request, session, ("standards-district", year, rule, district_id),
        lambda: _district_settlements(
            session, _computed(request, session, year, rule), district_id
        ),
    )  # fmt: skip
    region = session.get(Region, district.region_id)
    context = {
        "data": data, "district": district, "row": row, "region": region,
        "settlements": settlements, "weighting": weighting,
        "query": f"year={year}&weighting={weighting}",
    }  # fmt: skip
    return _level_page(request, "standards/district.html", context, SETTLEMENTS, DISTRICT_GAPS)


@router.get("/standards/settlements/{key:path}", response_class=HTMLResponse)
def settlement_page(key: str, visit: VisitDep) -> Response:
    request, session = visit.request, visit.session
    unit = find_unit(session, key)
    view = settlement_view(session, unit)
    district = session.get(TerritorialUnit, unit.district_id) if unit.district_id else None
    context = {"unit": view, "district": district}
    rows = [{**row, "year": year} for year, items in view["records"].items() for row in items]
    return list_response(request, "standards/settlement.html", context, (PROVISION, rows))
