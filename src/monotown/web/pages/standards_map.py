"""The national map of settlements coloured by sufficiency, drawn efficiently: every settlement
in ONE `Scattermap` trace (colour = level, size ~ population), the support villages as one halo
trace under it and the satellite-to-support links as one line trace with breaks, over the
offline region base layer of the overview map. Three traces whatever the number of villages."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from typing import Any

from monotown.models.names import localised
from monotown.web.pages.map_figure import map_figure, region_layer

LEVEL_SCALE: list[tuple[float, str]] = [
    (0.0, "#b42318"),
    (0.5, "#d9a21b"),
    (0.7, "#8fbf4d"),
    (1.0, "#1d7a46"),
]
NO_DATA = "#9aa5b1"


def _size(population: int | None) -> float:
    """Small dots for villages, larger for towns (log scale): 500 -> 4 px, 10,000 -> 6 px,
    1 million -> 9 px; unknown population -> 3 px."""
    if not population:
        return 3.0
    return float(max(2.0, min(16.0, 2 + 1.6 * (math.log10(max(population, 10)) - 1.5))))


def standards_map(
    points: dict[str, list[Any]],
    links: list[tuple[float, float, float, float]],
    region_names: Mapping[str, Mapping[str, str | None]],
    lang: str,
    gettext: Callable[[str], str],
    *,
    focus: bool = False,
) -> str:
    """The figure JSON. `points` are the parallel lists of `standards.views.map_points`;
    `links` are (satellite lat, lon, support lat, lon); `focus` centres the map on the points
    (a region's page) instead of the whole country."""
    _ = gettext
    named = zip(points["key"], points["name_en"], points["name_ru"], points["name_kk"], strict=True)
    names = [
        localised({"key": key, "name_en": en, "name_ru": ru, "name_kk": kk}, lang)
        for key, en, ru, kk in named
    ]
    levels = points["level"]
    synthetic = _("synthetic")
    no_data = _("no applicable standard")
    hover = [
        f"<b>{name}</b>{' (' + synthetic + ')' if fake else ''}<br>"
        + (f"{level:.1f}%" if level is not None else no_data)
        + (f"<br>{_('support village')}" if role == "support" else "")
        + (f"<br>{_('satellite village')}" if role == "satellite" else "")
        for name, level, fake, role in zip(
            names, levels, points["synthetic"], points["role"], strict=True
        )
    ]
    support = [index for index, role in enumerate(points["role"]) if role == "support"]
    line_lat: list[float | None] = []
    line_lon: list[float | None] = []
    for lat, lon, support_lat, support_lon in links:
        line_lat += [lat, support_lat, None]
        line_lon += [lon, support_lon, None]
    # The three big traces are plain dicts added after plotly has built the (small) figure:
    # validating 7,000-point arrays through graph_objects would cost most of a second.
    base = json.loads(map_figure([region_layer(region_names, lang)], _("Sufficiency")))
    if focus and points["lat"]:
        latitudes, longitudes = points["lat"], points["lon"]
        span = max(max(latitudes) - min(latitudes), (max(longitudes) - min(longitudes)) / 1.6)
        base["layout"]["map"]["center"] = {
            "lat": (max(latitudes) + min(latitudes)) / 2,
            "lon": (max(longitudes) + min(longitudes)) / 2,
        }
        base["layout"]["map"]["zoom"] = max(3.7, min(8.0, 8.3 - math.log2(max(span, 0.05) * 4)))
    base["data"] += [
        {
            "type": "scattermap", "lat": line_lat, "lon": line_lon, "mode": "lines",
            "name": _("satellite to support village"), "hoverinfo": "skip",
            "line": {"width": 1, "color": "#4b5563"},
        },
        {
            "type": "scattermap", "lat": [points["lat"][i] for i in support],
            "lon": [points["lon"][i] for i in support], "mode": "markers",
            "name": _("support village"), "hoverinfo": "skip",
            "marker": {"size": [_size(points["population"][i]) + 4 for i in support],
                       "color": "#12355b", "opacity": 0.9},
        },
        {
            "type": "scattermap", "lat": points["lat"], "lon": points["lon"], "mode": "markers",
            "name": _("settlements by sufficiency"),
            "marker": {
                "size": [round(_size(population), 1) for population in points["population"]],
                "color": [level if level is not None else -1 for level in levels],
                "colorscale": [
                    [0.0, NO_DATA], [0.0099, NO_DATA],
                    *[[0.01 + 0.99 * stop, colour] for stop, colour in LEVEL_SCALE],
                ],
                "cmin": -1, "cmax": 100, "opacity": 0.85,
                "colorbar": {"title": {"text": "%"}, "x": 0.99, "len": 0.6},
            },
            "text": hover,
            "customdata": [[f"/standards/settlements/{key}"] for key in points["key"]],
            "hovertemplate": "%{text}<extra></extra>",
        },
    ]  # fmt: skip
    # Safe inside <script type="application/json">: no "</script>" can appear.
    return json.dumps(base, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
