"""Line charts of indicator values for the pages (plotly.js draws them from embedded JSON).

Synthetic demo values are drawn dashed and named "(synthetic)" in the legend and on hover, so a
reader can never take them for official figures.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from typing import Any

import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

PALETTE = ("#1d5fa8", "#d9822b", "#1d7a46", "#b42318", "#6b4fa8", "#12355b", "#7b8794", "#c2185b")


def figure_json(figure: go.Figure) -> str:
    """JSON for `Plotly.newPlot`, safe inside <script type="application/json">."""
    payload = figure.to_plotly_json()
    payload["config"] = {"displaylogo": False, "responsive": True}
    return json.dumps(payload, cls=PlotlyJSONEncoder, ensure_ascii=False).replace("<", "\\u003c")


def series_chart(
    series: Sequence[dict[str, Any]],
    *,
    title: str,
    unit: str,
    synthetic_label: str,
    height: int = 260,
) -> str:
    """One line per series: {'name', 'x' (periods), 'y' (values), 'synthetic' (bools)}.

    A series mixing real and synthetic points is split so each part shows what it is.
    """
    figure = go.Figure()
    for index, item in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        for synthetic in (False, True):
            points = [
                (x, y)
                for x, y, flag in zip(item["x"], item["y"], item["synthetic"], strict=True)
                if flag == synthetic
            ]
            if not points:
                continue
            name = escape(str(item["name"])) + (f" ({synthetic_label})" if synthetic else "")
            figure.add_trace(
                go.Scatter(
                    x=[x for x, _ in points],
                    y=[y for _, y in points],
                    mode="lines+markers",
                    name=name,
                    line={"color": colour, "dash": "dot" if synthetic else "solid"},
                    marker={"size": 5, "symbol": "circle-open" if synthetic else "circle"},
                    hovertemplate=f"{name}<br>%{{x}}: %{{y}} {escape(unit)}<extra></extra>",
                )
            )
    figure.update_layout(
        title={"text": escape(title), "font": {"size": 13}},
        height=height,
        margin={"l": 50, "r": 10, "t": 36, "b": 30},
        showlegend=True,
        legend={"orientation": "h", "y": -0.2, "font": {"size": 10}},
        xaxis={"type": "category"},
        yaxis={"title": {"text": escape(unit)}},
        plot_bgcolor="#fff",
    )
    return figure_json(figure)
