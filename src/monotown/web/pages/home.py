"""The overview: headline figures, the map of monotowns, towns with early warnings."""

from __future__ import annotations

from html import escape
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from monotown.assess import store
from monotown.data import value_count
from monotown.i18n import format_number
from monotown.program import stated_town_count
from monotown.registry import ListCoverage
from monotown.web.api.access import cached
from monotown.web.assessment_views import latest_groups, run_row, warning_rows
from monotown.web.context import PrincipalDep, SessionDep, request_language
from monotown.web.pages.assessment import group_labels
from monotown.web.pages.common import can_read, enterprises, monotowns, pages, regions
from monotown.web.pages.map_figure import (
    GROUP_COLOURS,
    LIST_COLOURS,
    map_figure,
    region_layer,
    town_markers,
)
from monotown.web.rendering import localised

router = APIRouter(include_in_schema=False)


def headline(towns: list[dict[str, Any]], companies: list[dict[str, Any]]) -> dict[str, Any]:
    current = [town for town in towns if "current" in town["lists"]]
    known = [town for town in current if town["population"]]
    return {
        "current": len(current),
        "program_2012": sum(1 for town in towns if "2012" in town["lists"] + town["exited"]),
        "left": sum(1 for town in towns if "current" in town["exited"] or not town["lists"]),
        "unknown": sum(1 for town in towns if "current" in town.get("unknown_lists", [])),
        "population_known": sum(town["population"] for town in known),
        "population_towns": len(known),
        "enterprises": sum(1 for company in companies if company["settlements"]),
        "regions": len({town["region"] for town in current}),
    }


def _overview_map(
    request: Request,
    towns: list[dict[str, Any]],
    region_list: list[Any],
    groups: dict[str, str],
) -> str:
    lang = request_language(request)
    _ = pages(request).gettext(request)
    by_ru = {row["name_ru"]: row for row in region_list}
    if groups:
        labels = group_labels(request)
        names = list(dict.fromkeys([*labels, *groups.values()]))
        categories = [
            (name, labels.get(name, name), GROUP_COLOURS[index % len(GROUP_COLOURS)])
            for index, name in enumerate(names)
        ]
        categories.append(("", _("not assessed"), LIST_COLOURS["other"]))
        title = _("Assessment group")

        def category(town: dict[str, Any]) -> str:
            return groups.get(town["code"], "")

    else:
        categories = [
            ("current", _("On the current list"), LIST_COLOURS["current"]),
            ("unknown", _("Current list: unknown"), LIST_COLOURS["other"]),
            ("left", _("Not on the current list"), LIST_COLOURS["left"]),
        ]
        title = _("Monotowns")

        def category(town: dict[str, Any]) -> str:
            if "current" in town["lists"]:
                return "current"
            return "unknown" if "current" in town.get("unknown_lists", []) else "left"

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
    return map_figure(layers, title)


SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def assessment_overview(
    request: Request, session: SessionDep, towns: list[dict[str, Any]]
) -> dict[str, Any]:
    """Group counts of the latest run and the towns with early warnings, most severe first."""
    lang = request_language(request)
    run = store.latest_run(session)
    group_counts: dict[str, int] = {}
    for row in run.results if run else []:
        if row.group_name:
            group_counts[row.group_name] = group_counts.get(row.group_name, 0) + 1
    names = {town["code"]: localised(town, lang) for town in towns}
    warnings, year = warning_rows(session)
    by_town: dict[str, list[dict[str, Any]]] = {}
    for warning in warnings:
        by_town.setdefault(warning["unit"], []).append(warning)
    flagged = sorted(
        (
            {
                "code": code,
                "name": names.get(code, items[0]["name"]),
                "warnings": sorted(items, key=lambda item: SEVERITY_ORDER.get(item["severity"], 9)),
            }
            for code, items in by_town.items()
        ),
        key=lambda town: (
            min(SEVERITY_ORDER.get(item["severity"], 9) for item in town["warnings"]),
            -len(town["warnings"]),
            town["name"],
        ),
    )
    return {
        "run": run_row(session, run) if run else None,
        "group_counts": group_counts,
        "group_labels": group_labels(request),
        "warning_towns": flagged,
        "warning_year": year,
        "synthetic_values": value_count(session, flag="synthetic") > 0,
    }


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    can_read(principal)
    lang = request_language(request)
    towns = monotowns(request, session)
    groups = cached(request, session, "latest_groups", lambda: latest_groups(session))
    figure = cached(
        request,
        session,
        ("overview_map", lang),
        lambda: _overview_map(request, towns, regions(request, session), groups),
    )
    figures = headline(towns, enterprises(request, session))
    coverage = ListCoverage("current", figures["current"], figures["left"], figures["unknown"])
    stated = cached(request, session, "stated_town_count", lambda: stated_town_count(session))
    context = {
        "figures": figures,
        "coverage": coverage,
        "stated": stated,
        "map_json": figure,
        "towns_total": len(towns),
        "unknown_population": sum(1 for town in towns if not town["population"]),
        **cached(
            request,
            session,
            ("assessment_overview", lang),
            lambda: assessment_overview(request, session, towns),
        ),
    }
    return pages(request).render(request, "home.html", context)
