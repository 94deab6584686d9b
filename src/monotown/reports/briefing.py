"""The national briefing carried into a government session, gathered into a report model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

import monotown.program as program
from monotown.reports.assessment_data import (
    RunView,
    TownWarnings,
    group_name,
    read_run,
    town_warnings,
    warning_indicators,
)
from monotown.reports.assessment_sections import (
    assessment_section,
    headline_assessment_stats,
    warnings_section,
)
from monotown.reports.charts import GROUP_COLOURS
from monotown.reports.collector import collection_paused
from monotown.reports.context import ReportContext
from monotown.reports.fact_sections import headline_fact_stats, program_facts_section
from monotown.reports.facts import Fact, read_facts
from monotown.reports.indicator_sections import (
    figures_indicators,
    figures_year,
    towns_in_figures_section,
)
from monotown.reports.model import Block, Paragraph, Report, Section, Stat, StatGrid
from monotown.reports.program_sections import program_sections
from monotown.reports.registry_data import RegistryData, read_registry
from monotown.reports.registry_sections import (
    count_note,
    map_chart,
    membership_section,
    region_chart,
    registry_stats,
    towns_section,
)
from monotown.reports.shared_values import ReportValues
from monotown.reports.standards_sections import standards_section

UNASSESSED = "#c9d3dd"


@dataclass(frozen=True)
class BriefingOptions:
    """What the briefing is about: a period (year) and an assessment run; None means latest."""

    period: int | None = None
    run_id: int | None = None


def headline_section(
    ctx: ReportContext,
    data: RegistryData,
    facts: Sequence[Fact],
    period: int | None,
    assessed: list[Stat],
) -> Section:
    official = headline_fact_stats(ctx, facts, period)
    blocks: list[Block] = []
    if official:
        blocks.append(Paragraph(ctx._("Official figures, latest statement up to the period:")))
        blocks.append(StatGrid(official))
    if assessed:
        blocks.append(Paragraph(ctx._("Assessment groups and early warnings:")))
        blocks.append(StatGrid(assessed))
    blocks.append(Paragraph(ctx._("The registry today:")))
    blocks.append(StatGrid(registry_stats(ctx, data)))
    explanation = count_note(ctx, data, facts, period)
    if explanation is not None:
        blocks.append(explanation)
    return Section("headline", ctx._("Headline figures"), blocks)


def map_section(ctx: ReportContext, data: RegistryData, view: RunView | None) -> Section:
    """Towns on the map, coloured by assessment group if a run is reported, else by list."""
    if view is None:
        chart = map_chart(ctx, data)
    else:
        results = view.results  # every assessed settlement: read by column, not row by row
        pairs = zip(results["unit"], results["group"], strict=True)
        groups = {str(unit): group for unit, group in pairs}
        colours = dict(zip(view.group_order, GROUP_COLOURS, strict=False))
        legend = [(group_name(ctx, g), colours[g]) for g in view.group_order]
        legend.append((ctx._("not assessed"), UNASSESSED))
        notes = [n for n in (ctx.cite(data.main_source()), ctx.cite(view.source)) if n]
        chart = map_chart(
            ctx,
            data,
            colour_of=lambda town: colours.get(str(groups.get(town.code)), UNASSESSED),
            legend=legend,
            notes=notes,
            title=ctx._("Single-industry towns by assessment group"),
        )
    return Section(
        "map", ctx._("Where the towns are"), [chart, region_chart(ctx, data)], page_break=True
    )


def assessment_part(
    ctx: ReportContext,
    session: Session,
    data: RegistryData,
    view: RunView | None,
    warned: TownWarnings | None,
) -> list[Section]:
    """Groups and their change, the ranking, and towns with warnings (or why there is none)."""
    sections: list[Section] = []
    if view is not None:
        sections.append(assessment_section(ctx, view, data.towns))
    else:
        text = ctx._("No assessment run is stored for this period; run 'monotown assess run'.")
        sections.append(
            Section(
                "assessment",
                ctx._("Assessment: groups and their change"),
                [Paragraph(text)],
                page_break=True,
            )
        )
    warnings = warnings_section(ctx, session, data.towns, warned)
    if warnings is not None:
        sections.append(warnings)
    return sections


def shared_values(
    session: Session, period: int | None, towns: Collection[str] | None = None
) -> ReportValues:
    """The values the warnings and "the towns in figures" read, in one query for both, of the
    `towns` (codes) reported on (None: every settlement)."""
    values = ReportValues(session, towns)
    warning_year = values.latest_year(up_to=period)
    codes = figures_indicators(session)
    years = [year for year in (figures_year(values, codes, period), warning_year) if year]
    if warning_year:
        years.append(warning_year - 1)
    values.prefetch(set(warning_indicators(session)) | set(codes), years)
    return values


@collection_paused()
def gather_briefing(
    session: Session, *, lang: str = "en", options: BriefingOptions | None = None
) -> Report:
    """Every section of the national briefing, each figure cited, in reading order."""
    with program.shared_reads(session):  # a dozen program summaries, one read of the towns
        return _gather(session, ReportContext(lang), options or BriefingOptions())


def _gather(session: Session, ctx: ReportContext, options: BriefingOptions) -> Report:
    data = read_registry(session)
    view = read_run(ctx, session, options.run_id, options.period)
    period = options.period
    if period is None and options.run_id is not None and view is not None:
        period = view.run.period  # a briefing on a named run reports that run's year
    facts = read_facts(session)
    town_codes = [town.code for town in data.towns]
    values = shared_values(session, period, town_codes)
    warned = town_warnings(session, town_codes, period, values)
    assessed = headline_assessment_stats(ctx, session, view, warned)
    sections = [
        headline_section(ctx, data, facts, period, assessed),
        map_section(ctx, data, view),
    ]
    figures = towns_in_figures_section(ctx, session, data.towns, period, values)
    if figures is not None:
        sections.append(figures)
    sections += assessment_part(ctx, session, data, view, warned)
    stated = program_facts_section(ctx, facts, period)
    if stated is not None:
        stated.page_break = True
        sections.append(stated)
    records = program_sections(ctx, session, period)
    if records:
        records[0].page_break = True
    sections += records
    standards = standards_section(ctx, session, period)
    if standards is not None:
        sections.append(standards)
    sections += [towns_section(ctx, data), membership_section(ctx, data, facts, period)]
    subtitle = (
        ctx._("National briefing for {period}").format(period=period)
        if period
        else ctx._("National briefing, latest data")
    )
    return Report(
        kind="briefing",
        lang=ctx.lang,
        title=ctx._("Single-industry towns of Kazakhstan"),
        subtitle=subtitle,
        generated=dt.date.today(),
        sections=sections,
        sources=ctx.book.numbered(),
    )
