"""Briefing sections from the assessment: groups and their change, the ranking, early warnings.

Results come from a stored run (`monotown.assess.store`) and warnings from
`monotown.assess`'s warning rules and evaluator (`assessment_data.town_warnings`); nothing is
recomputed here. Each figure cites the run,
or for warnings the indicator values (and their import batches) that triggered them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from monotown.registry import TownView
from monotown.reports.assessment_data import (
    RunView,
    TownWarnings,
    group_name,
    rank_text,
)
from monotown.reports.charts import GROUP_COLOURS, bar_chart
from monotown.reports.citations import BatchBook, plain
from monotown.reports.context import N_, ReportContext
from monotown.reports.indicator_sections import IndicatorReader, value_cell
from monotown.reports.model import Block, Cell, Chart, Paragraph, Section, Source, Stat, Table

RANKING_ROWS = 40
WARNING_ROWS = 25
SEVERITY_NAMES = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
WARNING_COLUMNS = (
    N_("Town"),
    N_("Warning"),
    N_("Severity"),
    N_("Previous year"),
    N_("This year"),
    N_("Reference"),
)


def town_names(ctx: ReportContext, towns: list[TownView]) -> dict[str, str]:
    return {town.code: town.name(ctx.lang) for town in towns}


def _name(names: dict[str, str], unit: Any, fallback: Any) -> str:
    return names.get(str(unit), str(plain(fallback) or unit))


def _shown_units(results: pd.DataFrame, names: dict[str, str]) -> tuple[pd.DataFrame, int]:
    """The towns of the registry's lists if the run covers them, else the best-ranked units."""
    ours = results[results["unit"].isin(names)]
    chosen = ours if not ours.empty else results
    return chosen.head(RANKING_ROWS), max(len(chosen) - RANKING_ROWS, 0)


def group_counts_table(ctx: ReportContext, view: RunView) -> tuple[Table, Chart]:
    note = view.source
    current = view.results["group"].value_counts()
    before = (
        view.changes.dropna(subset=["rank_previous"])["group_previous"].value_counts()
        if view.changes is not None
        else None
    )
    rows = []
    for group in view.group_order:
        now = int(current.get(group, 0))
        then = int(before.get(group, 0)) if before is not None else None
        rows.append(
            [
                ctx.label(group_name(ctx, group)),
                ctx.cell(now, note),
                ctx.cell(then, note) if then is not None else ctx.label(None),
                ctx.cell(now - then, note, text=f"{now - then:+d}")
                if then is not None
                else ctx.label(None),
            ]
        )
    columns = [N_("Group"), N_("Towns"), N_("Previous run"), N_("Change")]
    table = Table("groups", [ctx._(c) for c in columns], rows, ctx._("Towns per group"))
    series = [(ctx._("this run"), [float(current.get(g, 0)) for g in view.group_order])]
    if before is not None:
        series.append((ctx._("previous run"), [float(before.get(g, 0)) for g in view.group_order]))
    chart = Chart(
        "groups_chart",
        ctx._("Towns per group"),
        bar_chart(
            [group_name(ctx, g) for g in view.group_order],
            series,
            value_label=lambda v: ctx.format(v),
            colours=(GROUP_COLOURS[0], "#9aa5b1"),
            width_mm=110,
            height_mm=45,
        ),
        [n for n in [ctx.cite(note)] if n is not None],
    )
    return table, chart


def movers_table(ctx: ReportContext, view: RunView, names: dict[str, str]) -> Table | None:
    if view.changes is None:
        return None
    moved = view.changes[view.changes["group_changed"] == True]  # noqa: E712 (object column)
    if moved.empty:
        return None
    note = view.source
    rows = [
        [
            ctx.label(_name(names, row["unit"], row["unit"])),
            ctx.label(group_name(ctx, row["group_previous"])),
            ctx.cell(group_name(ctx, row["group"]), note, "text"),
            ctx.cell(plain(row["rank_previous"]), note),
            ctx.cell(plain(row["rank"]), note),
            ctx.cell(plain(row["rank_change"]), note, text=f"{int(row['rank_change']):+d}"),
        ]
        for _, row in moved.iterrows()
    ]
    columns = [
        N_("Town"),
        N_("Previous group"),
        N_("Group"),
        N_("Previous rank"),
        N_("Rank"),
        N_("Rank change"),
    ]
    return Table(
        "group_changes",
        [ctx._(c) for c in columns],
        rows,
        ctx._("Towns that changed group since the previous run"),
    )


def ranking_table(ctx: ReportContext, view: RunView, names: dict[str, str]) -> Table:
    shown, omitted = _shown_units(view.results, names)
    changes = view.changes.set_index("unit") if view.changes is not None else None
    note = view.source
    rows = []
    for _, row in shown.iterrows():
        group = plain(row["group"])
        low, high = plain(row.get("rank_p05")), plain(row.get("rank_p95"))
        interval = (
            f"{rank_text(low)}–{rank_text(high)}" if low is not None and high is not None else "–"
        )
        probability = plain(row.get(f"prob_{group}")) if group is not None else None
        change = plain(changes.loc[row["unit"], "rank_change"]) if changes is not None else None
        rows.append(
            [
                ctx.cell(plain(row["rank"]), note),
                ctx.label(_name(names, row["unit"], row["name"])),
                ctx.cell(plain(row["index"]), note, "decimal"),
                ctx.cell(interval if interval != "–" else None, note, "text", text=interval),
                ctx.label(group_name(ctx, group)),
                ctx.cell(100 * probability, note, "pct", 0)
                if probability is not None
                else ctx.label(None),
                ctx.cell(change, note, text=f"{int(change):+d}")
                if change is not None
                else ctx.label(None),
            ]
        )
    columns = [
        N_("Rank"),
        N_("Town"),
        N_("Index"),
        N_("Rank interval 5–95%"),
        N_("Group"),
        N_("Probability of the group"),
        N_("Rank change"),
    ]
    return Table("ranking", [ctx._(c) for c in columns], rows, ctx._("Ranking"), omitted)


def assessment_section(ctx: ReportContext, view: RunView, towns: list[TownView]) -> Section:
    names = town_names(ctx, towns)
    run = view.run
    intro = ctx._(
        "Assessment run {run} (period {period}) places {units} units in groups by their "
        "composite index; the rank interval and the probability of the group come from the "
        "run's Monte Carlo uncertainty analysis where it was run."
    ).format(run=run.id, period=run.period if run.period is not None else "–", units=run.n_units)
    if view.previous is not None:
        intro += " " + ctx._("Changes are against run {run}.").format(run=view.previous.id)
    table, chart = group_counts_table(ctx, view)
    blocks: list[Block] = [Paragraph(intro, ctx.cite(view.source)), table, chart]
    movers = movers_table(ctx, view, names)
    if movers is not None:
        blocks.append(movers)
    blocks.append(ranking_table(ctx, view, names))
    title = ctx._("Assessment: groups and their change")
    return Section("assessment", title, blocks, page_break=True)


def warning_rows(
    ctx: ReportContext,
    session: Session,
    warned: TownWarnings,
    table: pd.DataFrame,
    names: dict[str, str],
) -> list[list[Cell]]:
    """Each warning with the figures that triggered it, citing the values it compared."""
    reader = IndicatorReader(ctx, session)
    cited = {
        (r["settlement_code"], r["indicator_code"], int(r["year"])): r
        for r in warned.values.to_dict("records")
    }
    rows = []
    for _, row in table.iterrows():
        code = str(row["indicator"])
        unit = reader.catalog.unit(code)
        stored = cited.get((row["unit"], code, int(row["year"])))
        source: Source | None = reader.cite(stored) if stored is not None else None
        reference = plain(row["reference_value"])
        rows.append(
            [
                ctx.label(_name(names, row["unit"], row["name"])),
                ctx.label(ctx._(str(row["title"]))),
                ctx.label(ctx._(SEVERITY_NAMES.get(str(row["severity"]), str(row["severity"])))),
                value_cell(ctx, row["previous"], unit, source),
                value_cell(ctx, row["value"], unit, source),
                value_cell(ctx, reference, unit, source)
                if reference is not None
                else ctx.label(None),
            ]
        )
    return rows


def headline_assessment_stats(
    ctx: ReportContext, session: Session, view: RunView | None, warned: TownWarnings | None
) -> list[Stat]:
    """Towns per group (and the change since the run before) and towns with early warnings."""
    stats: list[Stat] = []
    if view is not None:
        counts = view.results["group"].value_counts()
        before = (
            view.changes.dropna(subset=["rank_previous"])["group_previous"].value_counts()
            if view.changes is not None and view.previous is not None
            else None
        )
        for group in view.group_order:
            now = int(counts.get(group, 0))
            detail = ctx._("run {run}").format(run=view.run.id)
            if before is not None and view.previous is not None:
                change = now - int(before.get(group, 0))
                detail = ctx._("{change:+d} since run {run}").format(
                    change=change, run=view.previous.id
                )
            stats.append(Stat(group_name(ctx, group), ctx.cell(now, view.source), detail))
    if warned is not None:
        towns = int(warned.table["unit"].nunique())
        source = warnings_source(ctx, session, warned)
        detail = ctx._("{count} warnings in {year}").format(
            count=len(warned.table), year=warned.year
        )
        stats.append(Stat(ctx._("Towns with early warnings"), ctx.cell(towns, source), detail))
    return stats


def warnings_source(ctx: ReportContext, session: Session, warned: TownWarnings) -> Source:
    """The values the warning rules compared: their import batches, synthetic if any value is."""
    values = warned.values
    synthetic = bool((values["flag"] == "synthetic").any())
    batches = sorted(int(b) for b in values["batch_id"].dropna().unique())
    what = ctx._("Early warnings of monotown.assess's rules on the stored values of {year}")
    return BatchBook(session).source(
        ctx,
        key=f"warnings:{warned.year}:{batches}",
        what=what.format(year=warned.year),
        batch_ids=batches,
        synthetic=synthetic,
    )


def warnings_section(
    ctx: ReportContext,
    session: Session,
    towns: list[TownView],
    warned: TownWarnings | None,
) -> Section | None:
    """Towns with early warnings for the period, most severe first, with the figures behind them."""
    names = town_names(ctx, towns)
    if warned is None or warned.table.empty:
        return None
    chosen, year = warned.table, warned.year
    chosen = chosen.assign(order=chosen["severity"].map(SEVERITY_ORDER).fillna(9))
    chosen = chosen.sort_values(["order", "name", "rule"], kind="stable")
    shown = chosen.head(WARNING_ROWS)
    rows = warning_rows(ctx, session, warned, shown, names)
    columns = [ctx._(c) for c in WARNING_COLUMNS]
    caption = ctx._("Early warnings, {year}").format(year=year)
    table_block = Table("warnings", columns, rows, caption, omitted=len(chosen) - len(shown))
    towns_warned = chosen["unit"].nunique()
    intro = ctx._(
        "{count} towns have at least one early warning in {year}; each row gives the figures "
        "that triggered it (the rules are in the assessment's warnings file)."
    ).format(count=towns_warned, year=year)
    return Section("warnings", ctx._("Towns with early warnings"), [Paragraph(intro), table_block])
