"""Towns: the sortable, filterable table and each town's profile."""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from monotown.accounts.roles import Permission, Principal
from monotown.registry import town_profile
from monotown.registry.editing import get_settlement
from monotown.registry.rows import find_row
from monotown.registry.territory_store import support_villages_near
from monotown.web.api.listing import matches_text, sort_rows
from monotown.web.charts import series_chart
from monotown.web.context import SessionDep, request_language, request_records
from monotown.web.data_views import ValueQuery, value_rows
from monotown.web.pages.assessment import town_assessment
from monotown.web.pages.common import (
    VisitDep,
    code_query,
    page_query,
    pages,
    query_string,
    regions,
    search_query,
    settlements,
    sort_query,
)
from monotown.web.pages.indicators import indicators, town_series
from monotown.web.pages.listing import by_records, list_response, list_table
from monotown.web.pages.program import town_program
from monotown.web.rendering import localised

router = APIRouter(include_in_schema=False)

PER_PAGE = 50
SORTS = ("name", "region", "population", "sector", "kind")
TOWNS = list_table(
    "/towns", "towns",
    ("code", "name", "name_kk", "name_ru", "name_en", "region", "region_name", "population",
     "population_year", "population_approximate", "sector", "lists", "exited", "synthetic"),
)  # fmt: skip


def _localise(rows: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    return [
        {
            **row,
            "name": localised(row, lang),
            "region_name": localised(row, lang, "region"),
            "sector": ", ".join(row["sectors"]),
        }
        for row in rows
    ]


def may_edit(principal: Principal, region_id: int | None) -> bool:
    if not principal.can(Permission.edit_registry):
        return False
    return region_id is None or principal.may_touch_region(region_id)


@router.get("/towns", response_class=HTMLResponse)
def towns_page(
    visit: VisitDep,
    q: str | None = search_query(),
    region: str | None = code_query(),
    list_code: str | None = Query(None, alias="list", max_length=16),
    scope: str = Query("monotowns", pattern="^(monotowns|all)$"),
    sort: str = sort_query("name", SORTS),
    page: int = page_query(),
) -> Response:
    """All monotowns (or all settlements), filtered and sorted on the server; htmx swaps the
    table alone when a filter changes."""
    request, session = visit.request, visit.session
    lang = request_language(request)
    rows = by_records(request, settlements(request, session))
    if scope == "monotowns":
        rows = [row for row in rows if row["monotown"]]
    rows = [
        row
        for row in _localise(rows, lang)
        if (not region or row["region"] == region)
        and (list_code != "current" or "current" in row["lists"])
        and (list_code != "2012" or "2012" in row["lists"] + row["exited"])
        and (list_code != "left" or bool(row["exited"]))
        and (list_code != "unknown" or "current" in row["unknown_lists"])
        and matches_text(row, ("code", "name_en", "name_ru", "name_kk", "sector"), q)
    ]
    field = sort.lstrip("-")
    ordered = sort_rows(rows, sort.replace(field, "region_name") if field == "region" else sort)
    pages_total = max(1, math.ceil(len(ordered) / PER_PAGE))
    page = min(page, pages_total)
    filters = {"q": q, "region": region, "list": list_code, "scope": scope}
    context = {
        "rows": ordered[(page - 1) * PER_PAGE : page * PER_PAGE],
        "total": len(ordered),
        "page": page,
        "pages": pages_total,
        "sort": sort,
        "filters": filters,
        "query": query_string(filters),
        "regions": sorted(regions(request, session), key=lambda row: localised(row, lang)),
        "can_create": may_edit(visit.principal, None),
    }
    return list_response(
        request, "towns/list.html", context, (TOWNS, ordered), partial="towns/_table.html"
    )


KEY_INDICATORS = (
    "pop_total",
    "unemployment_rate_pct",
    "avg_monthly_wage_kzt",
    "industrial_output_index_pct",
    "tfe_employment_share_pct",
    "sme_per_1000",
)


def town_indicators(request: Request, session: SessionDep, code: str) -> dict[str, Any]:
    """Trend charts of the town's key indicators and its latest value of every indicator."""
    lang = request_language(request)
    _ = pages(request).gettext(request)
    catalog = {row["code"]: row for row in indicators(request, session)}
    values = value_rows(session, ValueQuery(town=code, period_type="year"))
    latest: dict[str, dict[str, Any]] = {}
    for value in values:
        latest[value["indicator"]] = value  # sorted by period: the last one wins
    charts = []
    for indicator in KEY_INDICATORS:
        points = [value for value in values if value["indicator"] == indicator]
        if points and indicator in catalog:
            entry = catalog[indicator]
            name = localised(entry, lang)
            series = town_series(points, lang, "indicator", lambda _item, name=name: name)
            chart = series_chart(
                series, title=name, unit=entry["unit"],
                synthetic_label=_("synthetic"),
            )  # fmt: skip
            charts.append({"id": f"trend-{indicator}", "json": chart})
    by_pillar: dict[str, list[dict[str, Any]]] = {}
    for indicator, value in latest.items():
        if indicator in catalog:
            entry = {**value, "name": localised(catalog[indicator], lang)}
            by_pillar.setdefault(catalog[indicator]["pillar"], []).append(entry)
    return {
        "trend_charts": charts,
        "latest_by_pillar": sorted(by_pillar.items()),
        "synthetic_values": sum(1 for value in latest.values() if value["synthetic"]),
    }


@router.get("/towns/{code}", response_class=HTMLResponse)
def town_page(code: str, visit: VisitDep) -> Response:
    """A town's profile: names, region, population, status history, enterprises and shares."""
    request, session = visit.request, visit.session
    lang = request_language(request)
    row = find_row(settlements(request, session), "code", code, "settlement")
    settlement = get_settlement(session, code)
    view = town_profile(session, code)
    context = {
        "town": _localise([row], lang)[0],
        "view": view,
        "parent": settlement.parent,
        "can_edit": may_edit(visit.principal, settlement.region_id),
        **town_assessment(request, session, code),
        **town_indicators(request, session, code),
        **town_program(session, code, request_records(request), lang),
        "town_tree": support_villages_near(session, settlement.id),
    }
    return pages(request).render(request, "towns/profile.html", context)
