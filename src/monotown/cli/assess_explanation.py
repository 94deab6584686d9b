"""`assess show RUN --unit X`: one town's index, rank and group, its pillars against the group
median, and the indicators that lift or hold it back."""

from __future__ import annotations

import json
from typing import Any

import typer

from monotown.cli.output import OutputFormat, console, emit_rows, frame_rows


def print_explanation(explanation: Any, fmt: OutputFormat) -> None:
    """The explanation as JSON, or as a headline and three tables."""
    if fmt is OutputFormat.json:
        payload = {
            "unit": explanation.unit,
            "name": explanation.name,
            "index": explanation.index,
            "rank": explanation.rank,
            "group": explanation.group,
            "pillars": frame_rows(explanation.pillars),
            "strengths": frame_rows(explanation.strengths),
            "weaknesses": frame_rows(explanation.weaknesses),
            "imputed": explanation.imputed,
            "previous_run": explanation.previous_run,
            "previous_rank": explanation.previous_rank,
            "previous_group": explanation.previous_group,
            "rank_change": explanation.rank_change,
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    head = f"{explanation.name}: index {explanation.index:.1f}, rank {explanation.rank}, "
    head += f"group {explanation.group}"
    if explanation.previous_rank is not None:
        head += (
            f" (run {explanation.previous_run}: rank {explanation.previous_rank}, "
            f"group {explanation.previous_group})"
        )
    console().print(head)
    if explanation.imputed:
        console().print(f"imputed: {', '.join(explanation.imputed)}")
    pillar_cols = ["pillar", "score", "group_median", "difference"]
    emit_rows(frame_rows(explanation.pillars), pillar_cols, fmt, title="Pillars vs group median")
    cols = ["indicator", "pillar", "score", "group_median", "contribution"]
    emit_rows(frame_rows(explanation.strengths), cols, fmt, title="Strengths")
    emit_rows(frame_rows(explanation.weaknesses), cols, fmt, title="Weaknesses")
