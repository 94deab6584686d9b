"""Regions: how many settlements and monotowns the registry holds in each."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from monotown.web.context import request_language
from monotown.web.pages.common import VisitDep, regions
from monotown.web.pages.listing import list_response, list_table
from monotown.web.rendering import localised

router = APIRouter(include_in_schema=False)
REGIONS = list_table(
    "/regions",
    "regions",
    ("code", "name", "name_kk", "name_ru", "name_en", "settlements", "monotowns"),
)


@router.get("/regions", response_class=HTMLResponse)
def regions_page(visit: VisitDep) -> Response:
    request, session = visit.request, visit.session
    lang = request_language(request)
    rows = sorted(
        ({**row, "name": localised(row, lang)} for row in regions(request, session)),
        key=lambda row: row["name"],
    )
    return list_response(request, "regions.html", {"rows": rows}, (REGIONS, rows))
