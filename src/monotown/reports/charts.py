"""Charts drawn offline with matplotlib and embedded in reports as SVG data URIs.

Nothing is fetched from the internet: the same bytes go into the HTML and the PDF. Figures are built
with the object API (no pyplot state), so rendering is safe inside a web server.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Sequence
from typing import Any

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

PALETTE = ("#1f5f8b", "#e08a1e", "#5b9a3c", "#b03a2e", "#7d5ba6", "#6b6b6b", "#2a9d8f")
GROUP_COLOURS = ("#2e7d32", "#f9a825", "#c62828", "#6a1b9a", "#455a64")
TEXT_COLOUR = "#222222"
MM = 1 / 25.4
# The report's fonts (report.css), so that chart labels look like the text around them.
CHART_FONTS = ["DejaVu Sans", "Noto Sans", "Arial", "sans-serif"]


def new_figure(width_mm: float = 170, height_mm: float = 70) -> Figure:
    figure = Figure(figsize=(width_mm * MM, height_mm * MM), dpi=100)
    figure.set_layout_engine("constrained")
    return figure


def to_data_uri(figure: Figure, fmt: str = "svg") -> str:
    """Serialise a figure. SVG text stays text (one element per label, not one per glyph: a
    glyph drawn as a path costs the PDF layout as much as a bar), set in the report's own font,
    which has every Kazakh letter."""
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {}
    with rc_context({"svg.fonttype": "none", "font.family": CHART_FONTS}):
        figure.savefig(buffer, format=fmt, metadata=metadata, dpi=150)
    mime = "image/svg+xml" if fmt == "svg" else "image/png"
    return f"data:{mime};base64,{base64.b64encode(buffer.getvalue()).decode('ascii')}"


def _style_axes(axes: Axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=7, colors=TEXT_COLOUR)


def bar_chart(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    value_label: Callable[[float], str],
    horizontal: bool = False,
    stacked: bool = False,
    colours: Sequence[str] = PALETTE,
    width_mm: float = 170,
    height_mm: float = 70,
    hatch_series: Sequence[bool] | None = None,
) -> str:
    """Grouped (or stacked) bars with each bar labelled by `value_label`.

    `hatch_series[i]` hatches series i, which the reports use for synthetic figures.
    """
    figure = new_figure(width_mm, height_mm)
    axes = figure.add_subplot()
    _style_axes(axes)
    count = max(len(series), 1)
    width = 0.8 if stacked else 0.8 / count
    bottoms = [0.0] * len(categories)
    positions = list(range(len(categories)))
    for index, (name, values) in enumerate(series):
        numbers = [float(value) if value is not None else 0.0 for value in values]
        offset = 0.0 if stacked else (index - (count - 1) / 2) * width
        where = [position + offset for position in positions]
        hatch = "///" if hatch_series and hatch_series[index] else None
        style: dict[str, Any] = {
            "label": name,
            "color": colours[index % len(colours)],
            "hatch": hatch,
            "edgecolor": "white" if hatch else None,
        }
        start = bottoms if stacked else None
        if horizontal:
            bars = axes.barh(where, numbers, width, left=start, **style)
        else:
            bars = axes.bar(where, numbers, width, bottom=start, **style)
        labels = [value_label(v) if v is not None else "" for v in values]
        if stacked:
            axes.bar_label(bars, labels=labels, fontsize=6, label_type="center", color="white")
        else:
            axes.bar_label(bars, labels=labels, fontsize=6, padding=2, color=TEXT_COLOUR)
        if stacked:
            bottoms = [b + n for b, n in zip(bottoms, numbers, strict=True)]
    if horizontal:
        axes.set_yticks(positions, list(categories))
        axes.invert_yaxis()
        axes.xaxis.set_visible(False)
        axes.spines["bottom"].set_visible(False)
        axes.margins(x=0.18)
    else:
        axes.set_xticks(positions, list(categories))
        axes.yaxis.set_visible(False)
        axes.spines["left"].set_visible(False)
        axes.margins(y=0.18)
    if len(series) > 1:
        axes.legend(fontsize=7, frameon=False)
    return to_data_uri(figure)


def line_chart(
    x: Sequence[int],
    series: Sequence[tuple[str, Sequence[float | None], bool]],
    *,
    title: str,
    width_mm: float = 80,
    height_mm: float = 45,
) -> str:
    """Small-multiple trend lines; a series flagged True (synthetic) is drawn dashed."""
    figure = new_figure(width_mm, height_mm)
    axes = figure.add_subplot()
    _style_axes(axes)
    for index, (name, values, dashed) in enumerate(series):
        points = [(year, v) for year, v in zip(x, values, strict=True) if v is not None]
        if not points:
            continue
        axes.plot(
            [p[0] for p in points],
            [p[1] for p in points],
            marker="o",
            markersize=2.5,
            linewidth=1.4,
            linestyle="--" if dashed else "-",
            color=PALETTE[index % len(PALETTE)],
            label=name,
        )
    axes.set_title(title, fontsize=7.5, color=TEXT_COLOUR, loc="left")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    if len(series) > 1:
        axes.legend(fontsize=6, frameon=False)
    return to_data_uri(figure)
