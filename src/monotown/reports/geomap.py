"""A map of Kazakhstan drawn offline: Natural Earth region borders as a base map, towns on top.

The Natural Earth borders predate the 2022 reform (no Abai, Zhetysu or Ulytau regions), so they are
only a backdrop: towns are placed by their own coordinates and their region is the registry's, and
the map says so in its caption.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D

from monotown.reports.charts import TEXT_COLOUR, new_figure, to_data_uri

GEOJSON_FILE = "kz_regions_naturalearth.geojson"
MID_LATITUDE = 48.0
LONGITUDES = (46.0, 88.0)
LATITUDES = (40.3, 55.8)
ASPECT = 1 / math.cos(math.radians(MID_LATITUDE))
# Borders are drawn no finer than this: a tenth of a millimetre, a dot of a 254 dpi print and
# about half the width of the border line. The Natural Earth borders have 6,000 points, most of
# them closer together than that at the printed size, and drawing them was most of the time
# WeasyPrint spent writing the map into the PDF.
PRINTED_DETAIL_MM = 0.1
Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class MapPoint:
    label: str
    longitude: float
    latitude: float
    colour: str
    size: float = 18.0
    emphasis: bool = False
    priority: int = 0


@lru_cache(maxsize=1)
def region_rings() -> tuple[Ring, ...]:
    """Outer rings of every region polygon in the bundled GeoJSON (lon, lat)."""
    text = resources.files("monotown.resources.reference").joinpath(GEOJSON_FILE).read_text("utf-8")
    rings: list[Ring] = []
    for feature in json.loads(text)["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for polygon in polygons:
            rings.append([(float(x), float(y)) for x, y in polygon[0]])
    return tuple(rings)


def _kept_by_douglas_peucker(line: np.ndarray, tolerance: float) -> np.ndarray:
    """Which points of an open polyline Douglas-Peucker keeps: the ends, and every point farther
    than `tolerance` from the chord of the stretch it lies in, split there, stretch by stretch;
    so every point left out lies within `tolerance` of the simplified line."""
    keep = np.zeros(len(line), dtype=bool)
    keep[[0, -1]] = True
    stretches = [(0, len(line) - 1)]
    while stretches:
        first, last = stretches.pop()
        if last - first < 2:
            continue
        chord = line[last] - line[first]
        inner = line[first + 1 : last] - line[first]
        # Distance to the chord as a segment, not as a line: a point beyond its ends is far.
        squared = float(chord @ chord)
        along = np.clip(inner @ chord / squared, 0.0, 1.0) if squared else np.zeros(len(inner))
        offset = inner - along[:, None] * chord
        distance = np.hypot(offset[:, 0], offset[:, 1])
        farthest = int(np.argmax(distance))
        if distance[farthest] > tolerance:
            middle = first + 1 + farthest
            keep[middle] = True
            stretches += [(first, middle), (middle, last)]
    return keep


def simplify_ring(ring: Ring, tolerance: float) -> Ring:
    """A closed ring with the points that stray less than `tolerance` from it left out (the two
    halves either side of the point farthest from the first); a ring that would collapse stays."""
    points = np.asarray(ring, dtype=float)
    if len(points) < 5:
        return ring
    far = int(np.argmax(np.hypot(*(points - points[0]).T)))
    keep = np.zeros(len(points), dtype=bool)
    keep[: far + 1] |= _kept_by_douglas_peucker(points[: far + 1], tolerance)
    keep[far:] |= _kept_by_douglas_peucker(points[far:], tolerance)
    if keep.sum() < 4:
        return ring
    return [(float(x), float(y)) for x, y in points[keep]]


@lru_cache(maxsize=8)
def printed_rings(tolerance: float) -> tuple[Ring, ...]:
    """The region borders simplified to `tolerance` (degrees), computed once per tolerance."""
    return tuple(simplify_ring(ring, tolerance) for ring in region_rings())


def border_tolerance(width_mm: float, height_mm: float) -> float:
    """The detail a map of this printed size can show, in degrees: PRINTED_DETAIL_MM at the
    largest scale the map's extent could be drawn at (the axes fill at most the figure)."""
    mm_per_degree = min(
        width_mm / (LONGITUDES[1] - LONGITUDES[0]),
        height_mm / ((LATITUDES[1] - LATITUDES[0]) * ASPECT),
    )
    return round(PRINTED_DETAIL_MM / mm_per_degree, 4)


def _overlaps(box: tuple[float, float, float, float], placed: list[tuple[float, ...]]) -> bool:
    x0, y0, x1, y1 = box
    return any(not (x1 < a or x0 > c or y1 < b or y0 > d) for a, b, c, d in placed)


def _place_labels(axes: Axes, points: Sequence[MapPoint], fontsize: float) -> None:
    """Greedy placement: try right, left, above, below, then the diagonals; a label that would
    still collide is left out (the town's dot stays, and every town is named in the tables)."""
    char_w, line_h = 0.17 * fontsize / 6, 0.32 * fontsize / 6
    placed: list[tuple[float, ...]] = [
        (p.longitude - 0.15, p.latitude - 0.1, p.longitude + 0.15, p.latitude + 0.1) for p in points
    ]
    ordered = sorted(points, key=lambda p: (not p.emphasis, -p.priority, -p.size))
    for point in ordered:
        width = char_w * len(point.label)
        x, y = point.longitude, point.latitude
        options = (
            (x + 0.25, y - line_h / 2, "left"),
            (x - 0.25 - width, y - line_h / 2, "right"),
            (x - width / 2, y + 0.25, "center"),
            (x - width / 2, y - 0.25 - line_h, "center"),
            (x + 0.2, y + 0.15, "left"),
            (x + 0.2, y - 0.15 - line_h, "left"),
            (x - 0.2 - width, y + 0.15, "right"),
            (x - 0.2 - width, y - 0.15 - line_h, "right"),
        )
        for left, bottom, align in options:
            box = (left, bottom, left + width, bottom + line_h)
            if _overlaps(box, placed):
                continue
            placed.append(box)
            anchor = {"left": left, "right": left + width, "center": left + width / 2}[align]
            axes.text(
                anchor,
                bottom + line_h / 2,
                point.label,
                fontsize=fontsize,
                ha=align,
                va="center",
                color=TEXT_COLOUR,
                fontweight="bold" if point.emphasis else "normal",
            )
            break


def town_map(
    points: Sequence[MapPoint],
    legend: Sequence[tuple[str, str]],
    *,
    width_mm: float = 170,
    height_mm: float = 95,
    label_towns: bool = True,
) -> str:
    """Towns over the region base map; `legend` pairs a label with the colour it stands for."""
    figure = new_figure(width_mm, height_mm)
    axes = figure.add_subplot()
    borders = printed_rings(border_tolerance(width_mm, height_mm))
    axes.add_collection(
        PolyCollection(list(borders), facecolors="#eef1f4", edgecolors="#9aa5b1", linewidths=0.5)
    )
    axes.set_xlim(*LONGITUDES)
    axes.set_ylim(*LATITUDES)
    axes.set_aspect(ASPECT)
    axes.set_axis_off()
    ordered = sorted(points, key=lambda p: p.emphasis)
    axes.scatter(
        [p.longitude for p in ordered],
        [p.latitude for p in ordered],
        s=[p.size for p in ordered],
        c=[p.colour for p in ordered],
        edgecolors=["black" if p.emphasis else "white" for p in ordered],
        linewidths=[1.2 if p.emphasis else 0.4 for p in ordered],
        zorder=3,
    )
    if label_towns:
        _place_labels(axes, points, 6.0)
    else:  # too many towns to name: name the highlighted one only
        _place_labels(axes, [p for p in points if p.emphasis], 8.0)
    if legend:
        handles = [
            Line2D([], [], marker="o", linestyle="", color=colour, markersize=5, label=label)
            for label, colour in legend
        ]
        axes.legend(handles=handles, fontsize=6.5, frameon=False, loc="lower left")
    return to_data_uri(figure)
