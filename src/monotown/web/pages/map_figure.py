"""The overview map: Kazakhstan's regions as a base layer and the monotowns as markers.

Drawn by the vendored plotly.js with `Choroplethmap`/`Scattermap` on the empty "white-bg" style and
the vendored Natural Earth GeoJSON, so it needs nothing from the internet. The borders predate the
2022 reform; each town's region comes from the registry, never from the polygons.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

from monotown.models.names import localised

GEOJSON_FILE = Path(__file__).parent.parent / "static" / "map" / "kz_regions.geojson"
GEOJSON_URL = "/static/map/kz_regions.geojson"
DEFAULT_MARKER_SIZE = 9
# Natural Earth still uses the pre-2019/2022 names of the two capital cities.
RENAMED_CITIES = {"Алма-Ата": "Алматы", "Нур-Султан": "Астана"}
LIST_COLOURS = {"current": "#1d5fa8", "left": "#d9822b", "other": "#7b8794"}
GROUP_COLOURS = ("#1d7a46", "#d9a21b", "#b42318", "#6b4fa8", "#12355b")  # high, average, low...


@lru_cache(maxsize=1)
def _features() -> list[dict[str, Any]]:
    return [feature["properties"] for feature in json.loads(GEOJSON_FILE.read_text())["features"]]


def marker_size(population: int | None) -> float:
    """Marker area proportional to population (10k -> 8 px, 100k -> 25 px, capped at 30 px);
    towns whose population no source gives get the default size."""
    if not population:
        return DEFAULT_MARKER_SIZE
    return max(5.0, min(30.0, 8 * math.sqrt(population / 10_000)))


def region_layer(
    region_names: Mapping[str, Mapping[str, str | None]], lang: str
) -> go.Choroplethmap:
    """The regions in one pale colour, named in the chosen language on hover."""
    ids, names = [], []
    for props in _features():
        name_ru = RENAMED_CITIES.get(props["name_ru"], props["name_ru"])
        known = region_names.get(name_ru, {})
        label = localised(
            {**known, "name_ru": name_ru, "name_en": known.get("name_en") or props["name_en"]},
            lang,
        )
        ids.append(props["ne_id"])
        names.append(label)
    return go.Choroplethmap(
        geojson=GEOJSON_URL,
        featureidkey="properties.ne_id",
        locations=ids,
        z=[1] * len(ids),
        text=names,
        hovertemplate="%{text}<extra></extra>",
        colorscale=[[0, "#e8eef5"], [1, "#e8eef5"]],
        showscale=False,
        marker={"line": {"color": "#8a9bb0", "width": 1}, "opacity": 0.9},
        showlegend=False,
    )


def town_markers(
    towns: list[dict[str, Any]],
    categories: list[tuple[str, str, str]],
    category_of: Callable[[dict[str, Any]], str],
    hover_of: Callable[[dict[str, Any]], str],
) -> list[go.Scattermap]:
    """One marker layer per category (list status or assessment group), sized by population."""
    layers = []
    for key, label, colour in categories:
        members = [town for town in towns if category_of(town) == key and town["latitude"]]
        if not members:
            continue
        layers.append(
            go.Scattermap(
                lat=[town["latitude"] for town in members],
                lon=[town["longitude"] for town in members],
                mode="markers",
                name=label,
                marker={
                    "size": [marker_size(town["population"]) for town in members],
                    "color": colour,
                    "opacity": 0.85,
                },
                text=[hover_of(town) for town in members],
                customdata=[[f"/towns/{town['code']}"] for town in members],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    return layers


def map_figure(layers: list[Any], legend_title: str) -> str:
    """The figure as JSON for `Plotly.newPlot` (data, layout, config)."""
    figure = go.Figure(data=layers)
    figure.update_layout(
        map={"style": "white-bg", "center": {"lat": 48.0, "lon": 67.3}, "zoom": 3.7},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={
            "title": {"text": legend_title},
            "x": 0.01,
            "y": 0.99,
            "bgcolor": "rgba(255,255,255,0.85)",
        },
        height=520,
    )
    payload = figure.to_plotly_json()
    payload["config"] = {"scrollZoom": True}
    # Safe inside <script type="application/json">: no "</script>" can appear.
    return json.dumps(payload, cls=PlotlyJSONEncoder, ensure_ascii=False).replace("<", "\\u003c")
