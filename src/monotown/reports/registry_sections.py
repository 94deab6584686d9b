"""Briefing sections from the registry: the towns, where they are, and who joined or left a list."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from monotown.registry import TownView, list_coverage
from monotown.reports.charts import bar_chart
from monotown.reports.context import N_, ReportContext
from monotown.reports.facts import Fact, fact_source, latest_fact
from monotown.reports.geomap import MapPoint, town_map
from monotown.reports.model import Block, Cell, Chart, Note, Paragraph, Section, Stat, Table
from monotown.reports.registry_data import (
    LIST_NAMES,
    RegistryData,
    ever_on_list,
    list_names,
    on_list,
    population_cell,
    population_date,
    sector_text,
    synthetic_registry_source,
)

STATUS_COLOURS = {"current": "#1f5f8b", "unknown": "#9aa5b1", "2012": "#9aa5b1", "left": "#e08a1e"}
MAP_CAPTION = N_(
    "Region borders: Natural Earth, drawn as they were before the 2022 reform (no Abai, Zhetysu "
    "or Ulytau regions); a base map only. Towns are placed by their coordinates; each town's "
    "region is taken from the registry."
)
TOWN_COLUMNS = (N_("Town"), N_("Region"), N_("Lists"), N_("Population"), N_("Year"), N_("Sector"))


def list_status(town: TownView) -> str:
    """'current', 'left' (known to be off the current list), 'unknown' (no source says) or
    '2012' (on the 2012-2020 program list, the current list not considered)."""
    answer = town.membership("current")
    if answer == "yes":
        return "current"
    if answer == "no":
        return "left"
    return "unknown" if "current" in town.unknown_lists else "2012"


def status_colour(town: TownView) -> str:
    return STATUS_COLOURS[list_status(town)]


def registry_stats(ctx: ReportContext, data: RegistryData) -> list[Stat]:
    """Counts from the registry: towns of each list, towns that left, known population."""
    source = data.main_source()
    towns = data.towns
    program = [t for t in towns if ever_on_list(t, "2012")]
    current = [t for t in towns if on_list(t, "current")]
    left = [t for t in towns if list_status(t) == "left"]
    unknown = [t for t in towns if list_status(t) == "unknown"]
    known = [t for t in towns if t.population is not None]
    stats = [
        Stat(
            ctx._("Towns of the 2012–2020 program"),
            ctx.cell(len(program), source),
            ctx._("registry"),
        ),
        Stat(
            ctx._("Towns on the current list confirmed by sources"),
            ctx.cell(len(current), source),
            ctx._("registry"),
        ),
        Stat(
            ctx._("Towns not on the current list"),
            ctx.cell(len(left), source),
            ", ".join(town.name(ctx.lang) for town in left) or None,
        ),
        Stat(
            ctx._("Towns whose current-list membership is unknown"),
            ctx.cell(len(unknown), source),
            ", ".join(town.name(ctx.lang) for town in unknown) or None,
        ),
    ]
    if known:
        first = data.population_source(known[0])
        total = sum(t.population or 0 for t in known)
        detail = ctx._(
            "sum over the {count} towns whose population is recorded (city proper, latest date)"
        ).format(count=len(known))
        stats.append(
            Stat(ctx._("Population with a recorded figure"), ctx.cell(total, first), detail)
        )
    return stats


def map_chart(
    ctx: ReportContext,
    data: RegistryData,
    *,
    colour_of: Callable[[TownView], str] | None = None,
    legend: list[tuple[str, str]] | None = None,
    highlight: str | None = None,
    notes: list[Note] | None = None,
    title: str | None = None,
    width_mm: float = 170,
    height_mm: float = 95,
    label_towns: bool = True,
) -> Chart:
    """The base map with towns; coloured by list status unless another colouring is given."""
    if colour_of is None:
        colour_of = status_colour
        legend = [
            (ctx._("on the current list"), STATUS_COLOURS["current"]),
            (ctx._("current list: membership unknown"), STATUS_COLOURS["unknown"]),
            (ctx._("not on the current list"), STATUS_COLOURS["left"]),
        ]
    points = [
        MapPoint(
            # A synthetic town's name is marked where it is printed, as every synthetic figure is.
            town.name(ctx.lang) + (" ‡" if town.synthetic else ""),
            town.longitude,
            town.latitude,
            colour_of(town),
            size=60 if town.code == highlight else 18,
            emphasis=town.code == highlight,
            priority=1 if list_status(town) == "left" else 0,
        )
        for town in data.towns
        if town.longitude is not None and town.latitude is not None
    ]
    if notes is None:
        registry = ctx.cite(data.main_source())
        notes = [registry] if registry is not None else []
    if any(town.synthetic for town in data.towns):
        flagged = ctx.cite(synthetic_registry_source())
        if flagged is not None and flagged not in notes:
            notes = [*notes, flagged]
    return Chart(
        "map",
        title or ctx._("Single-industry towns"),
        town_map(
            points,
            legend or [],
            width_mm=width_mm,
            height_mm=height_mm,
            label_towns=label_towns and len(points) <= 60,
        ),
        notes,
        caption=ctx._(MAP_CAPTION),
        wide=True,
    )


def region_chart(ctx: ReportContext, data: RegistryData) -> Chart:
    """Towns per region (registry regions, after 2022), current list against the rest."""
    counts: Counter[tuple[str, str]] = Counter()
    for town in data.towns:
        counts[
            (town.region_name(ctx.lang), "current" if on_list(town, "current") else "other")
        ] += 1
    totals: Counter[str] = Counter()
    for (region, _kind), count in counts.items():
        totals[region] += count
    regions = sorted(totals, key=lambda region: (-totals[region], region))
    series = [
        (ctx._("on the current list"), [counts[(r, "current")] for r in regions]),
        (ctx._("other towns of the 2012–2020 program"), [counts[(r, "other")] for r in regions]),
    ]
    source = data.main_source()
    return Chart(
        "towns_by_region",
        ctx._("Towns by region"),
        bar_chart(
            regions,
            series,
            value_label=lambda v: ctx.format(v) if v else "",
            horizontal=True,
            stacked=True,
            colours=(STATUS_COLOURS["current"], STATUS_COLOURS["2012"]),
            height_mm=8 + 5 * len(regions),
        ),
        [n for n in [ctx.cite(source)] if n is not None],
    )


def town_row(ctx: ReportContext, data: RegistryData, town: TownView) -> list[Cell]:
    return [
        ctx.cell(town.name(ctx.lang), data.town_source(town), "text"),
        ctx.label(town.region_name(ctx.lang)),
        ctx.label(list_names(ctx, town)),
        population_cell(ctx, data, town),
        ctx.label(population_date(town)),
        ctx.label(sector_text(ctx, town)),
    ]


def towns_section(ctx: ReportContext, data: RegistryData) -> Section:
    towns = sorted(data.towns, key=lambda town: town.name(ctx.lang).casefold())
    rows = [town_row(ctx, data, town) for town in towns]
    table = Table("towns", [ctx._(c) for c in TOWN_COLUMNS], rows)
    intro = ctx._(
        "Every town of the 2012–2020 program and of the current list in the registry. Population "
        "is shown only where a source gives it; an empty figure is unknown, not zero."
    )
    return Section("towns", ctx._("The towns"), [Paragraph(intro), table], page_break=True)


def count_note(
    ctx: ReportContext, data: RegistryData, facts: Sequence[Fact], period: int | None
) -> Paragraph | None:
    """Why the stated count of the current list and the registry's count differ."""
    official = latest_fact(facts, "registry", "single_industry_towns", period)
    if official is None or official.end_year < 2023:
        return None
    coverage = list_coverage(data.towns)
    text = ctx._(
        "{official} towns as stated by the Government ({event}, {as_of}); the registry knows "
        "{members} on the list, {off} off it and {unknown} unknown: the official list of names "
        "is not published, so the others are not guessed here."
    ).format(
        official=ctx.format(official.value),
        event=ctx._(official.event),
        as_of=official.as_of,
        members=coverage.members,
        off=coverage.not_members,
        unknown=coverage.unknown,
    )
    return Paragraph(text, ctx.cite(fact_source(ctx, official)))


def membership_section(
    ctx: ReportContext, data: RegistryData, facts: Sequence[Fact], period: int | None
) -> Section:
    """Exits from the lists with their reasons, and how much of the current list is confirmed."""
    rows = []
    for town in data.towns:
        for status in town.statuses:
            if not status.left:
                continue
            rows.append(
                [
                    ctx.cell(town.name(ctx.lang), data.status_source(status.source), "text"),
                    ctx.label(ctx._(LIST_NAMES.get(status.list_code, status.list_code))),
                    ctx.label(status.date_to or status.date_from or ctx._("not stated")),
                    ctx.label(ctx._(status.reason) if status.reason else None),
                ]
            )
    columns = [N_("Town"), N_("List"), N_("Left or off it since"), N_("Reason")]
    blocks: list[Block] = []
    explanation = count_note(ctx, data, facts, period)
    if explanation is not None:
        blocks.append(explanation)
    if rows:
        blocks.append(
            Table("exits", [ctx._(c) for c in columns], rows, ctx._("Towns that left a list"))
        )
    else:
        blocks.append(Paragraph(ctx._("No town has left a list.")))
    return Section("membership", ctx._("List membership and exits"), blocks)
