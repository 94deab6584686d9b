"""The national briefing carried into a government session, gathered into a report model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from monotown.reports.context import ReportContext
from monotown.reports.fact_sections import headline_fact_stats, program_facts_section
from monotown.reports.facts import Fact, read_facts
from monotown.reports.indicator_sections import towns_in_figures_section
from monotown.reports.model import Block, Paragraph, Report, Section, StatGrid
from monotown.reports.program_sections import program_sections
from monotown.reports.registry_data import RegistryData, read_registry
from monotown.reports.registry_sections import (
    map_chart,
    membership_section,
    region_chart,
    registry_stats,
    towns_section,
)


@dataclass(frozen=True)
class BriefingOptions:
    """What the briefing is about: a period (year) and an assessment run; None means latest."""

    period: int | None = None
    run_id: int | None = None


def headline_section(
    ctx: ReportContext, data: RegistryData, facts: Sequence[Fact], period: int | None
) -> Section:
    official = headline_fact_stats(ctx, facts, period)
    blocks: list[Block] = []
    if official:
        blocks.append(Paragraph(ctx._("Official figures, latest statement up to the period:")))
        blocks.append(StatGrid(official))
    blocks.append(Paragraph(ctx._("The registry today:")))
    blocks.append(StatGrid(registry_stats(ctx, data)))
    return Section("headline", ctx._("Headline figures"), blocks)


def map_section(ctx: ReportContext, data: RegistryData) -> Section:
    return Section(
        "map",
        ctx._("Where the towns are"),
        [map_chart(ctx, data), region_chart(ctx, data)],
        page_break=True,
    )


def gather_briefing(
    session: Session, *, lang: str = "en", options: BriefingOptions | None = None
) -> Report:
    """Every section of the national briefing, each figure cited, in reading order."""
    options = options or BriefingOptions()
    ctx = ReportContext(lang)
    data = read_registry(session)
    period = options.period
    facts = read_facts(session)
    sections = [headline_section(ctx, data, facts, period), map_section(ctx, data)]
    figures = towns_in_figures_section(ctx, session, data.towns, period)
    if figures is not None:
        sections.append(figures)
    program = program_facts_section(ctx, facts, period)
    if program is not None:
        program.page_break = True
        sections.append(program)
    records = program_sections(ctx, session, period)
    if records:
        records[0].page_break = True
    sections += records
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
