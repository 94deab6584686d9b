"""The indicator catalog and, for each indicator, its values across towns over time."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from monotown.registry.rows import find_row
from monotown.web.api.access import cached
from monotown.web.charts import series_chart
from monotown.web.context import SessionDep, request_language
from monotown.web.data_views import ValueQuery, indicator_rows, value_rows
from monotown.web.pages.common import VisitDep, code_query, pages
from monotown.web.pages.listing import by_records, list_response, list_table
from monotown.web.rendering import PILLARS, localised

router = APIRouter(include_in_schema=False)
INDICATORS = list_table(
    "/indicators", "indicators",
    ("code", "name", "pillar", "unit", "direction", "values", "synthetic_values", "year_from",
     "year_to"),
)  # fmt: skip
LATEST = list_table(
    "/indicators/{code}", "latest",
    ("indicator", "town", "town_name", "period", "value", "source", "synthetic"),
)  # fmt: skip


def indicators(request: Request, session: SessionDep) -> list[dict[str, Any]]:
    return cached(request, session, "indicator_rows", lambda: indicator_rows(session))


@router.get("/indicators", response_class=HTMLResponse)
def catalog_page(visit: VisitDep, pillar: str | None = code_query()) -> Response:
    request, session = visit.request, visit.session
    lang = request_language(request)
    rows = indicators(request, session)
    pillars = {code: PILLARS.get(code, code) for code in sorted({row["pillar"] for row in rows})}
    shown = [
        {**row, "name": localised(row, lang)}
        for row in rows
        if not pillar or row["pillar"] == pillar
    ]
    context = {"rows": shown, "pillars": pillars, "pillar": pillar}
    return list_response(request, "indicators/list.html", context, (INDICATORS, shown))


def town_series(
    values: list[dict[str, Any]], lang: str, key: str, name_of: Any
) -> list[dict[str, Any]]:
    """Values grouped into one series per `key` (town or indicator), periods in order."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for value in values:
        grouped[value[key]].append(value)
    series = []
    for group, items in grouped.items():
        items.sort(key=lambda item: item["period"])
        series.append(
            {
                "name": name_of(items[0]),
                "x": [item["period"] for item in items],
                "y": [item["value"] for item in items],
                "synthetic": [item["synthetic"] for item in items],
                "key": group,
            }
        )
    return series


@router.get("/indicators/{code}", response_class=HTMLResponse)
def indicator_page(code: str, visit: VisitDep) -> Response:
    """One indicator: definition, a chart of every monotown's values, the latest values."""
    request, session = visit.request, visit.session
    lang = request_language(request)
    _ = pages(request).gettext(request)
    row = find_row(indicators(request, session), "code", code, "indicator")
    values = by_records(
        request, value_rows(session, ValueQuery(indicator=code, period_type="year"))
    )
    series = town_series(values, lang, "town", lambda item: localised(item, lang, "town"))
    latest = sorted(
        (
            {**items_last, "town_name": localised(items_last, lang, "town")}
            for items_last in {item["town"]: item for item in values}.values()
        ),
        key=lambda item: item["town_name"],
    )
    chart = series_chart(
        series, title=localised(row, lang), unit=row["unit"], synthetic_label=_("synthetic"),
        height=420,
    )  # fmt: skip
    context = {
        "indicator": row,
        "chart": chart if series else None,
        "latest": latest,
        "synthetic_shown": any(item["synthetic"] for item in values),
    }
    return list_response(request, "indicators/detail.html", context, (LATEST, latest))
