"""The assessment part of a town profile: index, rank and group with their uncertainty, pillar
scores against the group's median, strengths and weaknesses, and the town's early warnings."""

from __future__ import annotations

from sqlalchemy.orm import Session

from monotown.assess import explain_unit
from monotown.registry import TownView
from monotown.reports.assessment_data import (
    RunView,
    group_name,
    pillar_name,
    rank_text,
    town_warnings,
)
from monotown.reports.assessment_sections import WARNING_COLUMNS, warning_rows
from monotown.reports.charts import bar_chart
from monotown.reports.citations import plain
from monotown.reports.context import N_, ReportContext
from monotown.reports.indicator_sections import read_catalog
from monotown.reports.model import Block, Chart, Paragraph, Section, Stat, StatGrid, Table

FACTORS = 4
FACTOR_COLUMNS = (N_("Indicator"), N_("Pillar"), N_("Score"), N_("Group median"))


def _standing(ctx: ReportContext, view: RunView, code: str) -> list[Stat]:
    rows = view.results[view.results["unit"] == code]
    if rows.empty:
        return []
    row = rows.iloc[0]
    note = view.source
    group = plain(row["group"])
    stats = [
        Stat(ctx._("Composite index"), ctx.cell(plain(row["index"]), note, "decimal")),
        Stat(
            ctx._("Rank"),
            ctx.cell(plain(row["rank"]), note),
            ctx._("of {count} units").format(count=len(view.results)),
        ),
        Stat(ctx._("Group"), ctx.cell(group_name(ctx, group), note, "text")),
    ]
    low, high = plain(row.get("rank_p05")), plain(row.get("rank_p95"))
    if low is not None and high is not None:
        text = f"{rank_text(low)}–{rank_text(high)}"
        stats.append(Stat(ctx._("Rank interval 5–95%"), ctx.cell(text, note, "text")))
    probability = plain(row.get(f"prob_{group}")) if group is not None else None
    if probability is not None:
        stats.append(
            Stat(ctx._("Probability of the group"), ctx.cell(100 * probability, note, "pct", 0))
        )
    return stats


def town_assessment_section(
    ctx: ReportContext, session: Session, view: RunView, town: TownView
) -> Section | None:
    stats = _standing(ctx, view, town.code)
    if not stats:
        return None
    note = view.source
    explanation = explain_unit(session, town.code, view.run.id, top=FACTORS)
    if explanation.previous_rank is not None:
        change = explanation.rank_change or 0
        detail = ctx._("previous run: rank {rank}, {group}").format(
            rank=explanation.previous_rank, group=group_name(ctx, explanation.previous_group)
        )
        stats.append(
            Stat(ctx._("Rank change"), ctx.cell(change, note, text=f"{change:+d}"), detail)
        )
    blocks: list[Block] = [StatGrid(stats)]
    pillars = explanation.pillars
    labels = [pillar_name(ctx, str(code)) for code in pillars["pillar"]]
    blocks.append(
        Chart(
            "pillars_chart",
            ctx._("Pillar scores against the group's median"),
            bar_chart(
                labels,
                [
                    (ctx._("this town"), [plain(v) for v in pillars["score"]]),
                    (ctx._("group median"), [plain(v) for v in pillars["group_median"]]),
                ],
                value_label=lambda v: ctx.format(v, "int"),
                horizontal=True,
                colours=("#1f5f8b", "#c9d3dd"),
                width_mm=150,
                height_mm=8 + 4 * len(labels),
            ),
            [n for n in [ctx.cite(note)] if n is not None],
        )
    )
    catalog = read_catalog(session)
    for key, title, frame in (
        ("strengths", N_("Strengths against the group's median"), explanation.strengths),
        ("weaknesses", N_("Weaknesses against the group's median"), explanation.weaknesses),
    ):
        if frame.empty:
            continue
        rows = [
            [
                ctx.label(catalog.name(ctx, str(r["indicator"]))),
                ctx.label(pillar_name(ctx, str(r["pillar"]))),
                ctx.cell(plain(r["score"]), note, "decimal"),
                ctx.cell(plain(r["group_median"]), note, "decimal"),
            ]
            for r in frame.to_dict("records")
        ]
        blocks.append(Table(key, [ctx._(c) for c in FACTOR_COLUMNS], rows, ctx._(title)))
    blocks += warnings_blocks(ctx, session, town, view.run.period)
    intro = ctx._("Normalised scores run from 0 (worst of all towns) to 100 (best).")
    title = ctx._("Assessment (run {run})").format(run=view.run.id)
    return Section("assessment", title, [Paragraph(intro), *blocks])


def warnings_blocks(
    ctx: ReportContext, session: Session, town: TownView, period: int | None
) -> list[Block]:
    warned = town_warnings(session, [town.code], period)
    if warned is None:
        return []
    if warned.table.empty:
        text = ctx._("No early warning for this town in {year}.").format(year=warned.year)
        return [Paragraph(text)]
    rows = warning_rows(ctx, session, warned, warned.table, {town.code: town.name(ctx.lang)})
    caption = ctx._("Early warnings, {year}").format(year=warned.year)
    return [Table("town_warnings", [ctx._(c) for c in WARNING_COLUMNS], rows, caption)]
