"""A two-to-four-page profile of one town, with the same traceability as the briefing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from monotown.registry import TownView, list_towns, town_profile
from monotown.reports.assessment_data import read_run
from monotown.reports.assessment_town import town_assessment_section
from monotown.reports.context import N_, ReportContext
from monotown.reports.fact_sections import facts_table
from monotown.reports.facts import Fact, read_facts
from monotown.reports.indicator_sections import trends_section
from monotown.reports.model import (
    Block,
    Chart,
    Columns,
    Paragraph,
    Report,
    Section,
    Stat,
    StatGrid,
    Table,
)
from monotown.reports.program_sections import town_program_blocks
from monotown.reports.registry_data import (
    KIND_NAMES,
    LIST_NAMES,
    RegistryData,
    list_names,
    population_cell,
    population_date,
    read_registry,
    sector_text,
)
from monotown.reports.registry_sections import map_chart
from monotown.reports.standards_sections import town_standards_section

ENTERPRISE_COLUMNS = (
    N_("Enterprise"),
    N_("Sector (OKED)"),
    N_("Owner"),
    N_("Year"),
    N_("Share of employment"),
    N_("Share of output"),
)
STATUS_COLUMNS = (N_("List"), N_("On it"), N_("From"), N_("To"), N_("Reason"))
MEMBERSHIP_NAMES = {"member": N_("yes"), "not_member": N_("no"), "unknown": N_("unknown")}


def _name_key(name: str) -> str:
    """Spelling-tolerant key for names in fact scopes ('Rudnyi' ~ 'Rudny', 'Abay' ~ 'Abai')."""
    key = name.strip().casefold()
    return key[:-1] if key.endswith(("i", "y")) else key


def facts_about(facts: Sequence[Fact], town: TownView) -> list[Fact]:
    """Stated facts whose scope names this town (e.g. a plan covering six towns)."""
    wanted = _name_key(town.name_en)
    return [fact for fact in facts if wanted in {_name_key(part) for part in fact.scope.split(",")}]


def overview_section(
    ctx: ReportContext, data: RegistryData, town: TownView, location: Chart
) -> Section:
    source = data.town_source(town)
    stats = [
        Stat(ctx._("Region"), ctx.cell(town.region_name(ctx.lang), source, "text")),
        Stat(
            ctx._("Population"),
            population_cell(ctx, data, town),
            population_date(town),
        ),
        Stat(ctx._("Lists"), ctx.cell(list_names(ctx, town), source, "text")),
        Stat(
            ctx._("Kind of settlement"),
            ctx.cell(ctx._(KIND_NAMES.get(town.kind, town.kind)), source, "text"),
        ),
        Stat(ctx._("Town-forming sector"), ctx.cell(sector_text(ctx, town), source, "text")),
    ]
    if town.latitude is not None and town.longitude is not None:
        coordinates = f"{town.latitude:.3f}° N, {town.longitude:.3f}° E"
        stats.append(Stat(ctx._("Coordinates"), ctx.cell(coordinates, source, "text")))
    blocks: list[Block] = [Columns(StatGrid(stats), location)]
    if town.note:
        label = ctx._("Registry note (as recorded, in English)")
        blocks.append(Paragraph(f"{label}: {town.note}", ctx.cite(source), small=True))
    return Section("overview", ctx._("Overview"), blocks)


def enterprises_table(ctx: ReportContext, data: RegistryData, town: TownView) -> Table | None:
    if not town.enterprises:
        return None
    source = data.town_source(town)
    rows = []
    for item in town.enterprises:
        sector = ctx._(item.sector) if item.sector else "–"
        employment = item.employment_share_pct
        output = item.output_share_pct
        rows.append(
            [
                ctx.cell(item.enterprise, source, "text"),
                ctx.label(f"{sector} ({item.sector_code})" if item.sector_code else sector),
                ctx.label(item.owner_group),
                ctx.label(str(item.year) if item.year else None),
                ctx.cell(employment, source, "pct", 0)
                if employment is not None
                else ctx.label(None),
                ctx.cell(output, source, "pct", 0) if output is not None else ctx.label(None),
            ]
        )
    caption = ctx._("Town-forming enterprises")
    return Table("enterprises", [ctx._(c) for c in ENTERPRISE_COLUMNS], rows, caption)


def status_table(ctx: ReportContext, data: RegistryData, town: TownView) -> Table:
    rows = [
        [
            ctx.cell(
                ctx._(LIST_NAMES.get(s.list_code, s.list_code)),
                data.status_source(s.source),
                "text",
            ),
            ctx.label(ctx._(MEMBERSHIP_NAMES.get(s.membership, s.membership))),
            ctx.label(s.date_from or ctx._("not recorded")),
            ctx.label(
                s.date_to or (ctx._("still on the list") if s.membership == "member" else None)
            ),
            ctx.label(ctx._(s.reason) if s.reason else None),
        ]
        for s in town.statuses
    ]
    return Table("statuses", [ctx._(c) for c in STATUS_COLUMNS], rows, ctx._("List membership"))


def economy_section(ctx: ReportContext, data: RegistryData, town: TownView) -> Section:
    blocks: list[Block] = []
    enterprises = enterprises_table(ctx, data, town)
    if enterprises is not None:
        blocks.append(enterprises)
    else:
        blocks.append(Paragraph(ctx._("No town-forming enterprise is recorded for this town.")))
    blocks.append(status_table(ctx, data, town))
    return Section("economy", ctx._("Town-forming enterprises and list membership"), blocks)


def facts_table_for_town(ctx: ReportContext, session: Session, town: TownView) -> Table | None:
    """Figures stated at government sessions for a group of towns that includes this one."""
    facts = facts_about(read_facts(session), town)
    if not facts:
        return None
    caption = ctx._("Stated program figures naming this town (with other towns)")
    return facts_table(ctx, "town_facts", caption, facts)


def gather_town_profile(session: Session, name: str, *, lang: str = "en") -> Report:
    """The profile of the town called `name` (any language; NotFoundError suggests a name)."""
    ctx = ReportContext(lang)
    town = town_profile(session, name)
    towns = list_towns(session)
    if all(other.code != town.code for other in towns):
        towns.append(town)
    data = read_registry(session, towns=towns)
    map_block = map_chart(
        ctx,
        data,
        highlight=town.code,
        title=ctx._("Location"),
        width_mm=80,
        height_mm=50,
        label_towns=False,
    )
    overview = overview_section(ctx, data, town, map_block)
    sections = [overview]
    view = read_run(ctx, session, None, None)
    assessed = town_assessment_section(ctx, session, view, town) if view is not None else None
    if assessed is not None:
        sections.append(assessed)
    trends = trends_section(ctx, session, town)
    if trends is not None:
        sections.append(trends)
    sections.append(economy_section(ctx, data, town))
    program_blocks = town_program_blocks(ctx, session, town.code)
    facts = facts_table_for_town(ctx, session, town)
    program_blocks += [facts] if facts is not None else []
    if program_blocks:
        sections.append(Section("program", ctx._("The program in the town"), program_blocks))
    standards = town_standards_section(ctx, session, town.code)
    if standards is not None:
        sections.append(standards)
    return Report(
        kind="town",
        lang=ctx.lang,
        title=town.name(ctx.lang),
        subtitle=ctx._("Town profile · {region}").format(region=town.region_name(ctx.lang)),
        generated=dt.date.today(),
        sections=sections,
        sources=ctx.book.numbered(),
    )
