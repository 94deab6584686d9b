"""Regions: how many settlements and monotowns the registry holds in each."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from monotown.web.context import PrincipalDep, SessionDep, request_language
from monotown.web.pages.common import can_read, regions, render_rows
from monotown.web.rendering import localised

router = APIRouter(include_in_schema=False)


@router.get("/regions", response_class=HTMLResponse)
def regions_page(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    can_read(principal)
    lang = request_language(request)
    rows = sorted(regions(request, session), key=lambda row: localised(row, lang))
    return render_rows(request, "regions.html", {"rows": rows}, "regions", rows)
