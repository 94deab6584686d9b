"""The overview: headline figures, the map of monotowns, towns with early warnings."""

from __future__ import annotations

from html import escape
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from monotown.i18n import format_number
from monotown.web.api.access import cached
from monotown.web.context import PrincipalDep, SessionDep, request_language
from monotown.web.pages.common import can_read, enterprises, monotowns, pages, regions
from monotown.web.pages.map_figure import LIST_COLOURS, map_figure, region_layer, town_markers
from monotown.web.rendering import localised

router = APIRouter(include_in_schema=False)


def headline(towns: list[dict[str, Any]], companies: list[dict[str, Any]]) -> dict[str, Any]:
    current = [town for town in towns if "current" in town["lists"]]
    known = [town for town in current if town["population"]]
    return {
        "current": len(current),
        "program_2012": sum(1 for town in towns if "2012" in town["lists"] + town["exited"]),
        "left": sum(1 for town in towns if "current" in town["exited"] or not town["lists"]),
        "population_known": sum(town["population"] for town in known),
        "population_towns": len(known),
        "enterprises": sum(1 for company in companies if company["settlements"]),
        "regions": len({town["region"] for town in current}),
    }


def _overview_map(request: Request, towns: list[dict[str, Any]], region_list: list[Any]) -> str:
    lang = request_language(request)
    _ = pages(request).gettext(request)
    by_ru = {row["name_ru"]: row for row in region_list}
    categories = [
        ("current", _("On the current list"), LIST_COLOURS["current"]),
        ("left", _("2012–2020 program only"), LIST_COLOURS["left"]),
    ]

    def category(town: dict[str, Any]) -> str:
        return "current" if "current" in town["lists"] else "left"

    def hover(town: dict[str, Any]) -> str:
        if town["population"]:
            population = _("population %(number)s") % {
                "number": format_number(town["population"], lang)
            }
        else:
            population = _("population unknown (default marker size)")
        name, region = escape(localised(town, lang)), escape(localised(town, lang, "region"))
        return f"<b>{name}</b><br>{region}<br>{population}"

    layers = [region_layer(by_ru, lang), *town_markers(towns, categories, category, hover)]
    return map_figure(layers, _("Monotowns"))


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    can_read(principal)
    lang = request_language(request)
    towns = monotowns(request, session)
    figure = cached(
        request,
        session,
        ("overview_map", lang),
        lambda: _overview_map(request, towns, regions(request, session)),
    )
    context = {
        "figures": headline(towns, enterprises(request, session)),
        "map_json": figure,
        "towns_total": len(towns),
        "unknown_population": sum(1 for town in towns if not town["population"]),
    }
    return pages(request).render(request, "home.html", context)
