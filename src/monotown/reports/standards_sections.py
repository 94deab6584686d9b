"""The briefing section and the workbook sheet on regional standards: the computed national
sufficiency against the stated 64% and the 70%-by-2028 target, the regions, the largest gaps.

Every figure comes from `monotown.standards.sufficiency_report` and cites the provision batches
it was computed from (flagged synthetic when the demo records are among them).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.errors import NotFoundError
from monotown.models.names import localised
from monotown.records.provenance import ImportBatch
from monotown.registry.models import Settlement
from monotown.registry.territory import TerritorialUnit
from monotown.registry.territory_store import support_villages_near
from monotown.reports.context import ReportContext
from monotown.reports.model import Block, Paragraph, Section, Source, Stat, StatGrid, Table
from monotown.reports.workbook import PERCENT, Column, SheetData
from monotown.standards import sufficiency_report
from monotown.standards.models import StandardProvision
from monotown.standards.report import SufficiencyReport, compute_year

GAPS_LISTED = 10


def _report(session: Session, year: int | None) -> SufficiencyReport | None:
    try:
        return sufficiency_report(session, year, gaps=GAPS_LISTED)
    except NotFoundError:
        return None


def provision_source(session: Session, report: SufficiencyReport) -> Source:
    """The provision batches of the year, as one citation."""
    batches = session.execute(
        select(ImportBatch.id, ImportBatch.file_name, func.count())
        .join(StandardProvision, StandardProvision.batch_id == ImportBatch.id)
        .where(StandardProvision.year == report.year)
        .group_by(ImportBatch.id, ImportBatch.file_name)
        .order_by(ImportBatch.id)
    ).all()
    listed = ", ".join(f"{batch_id} ({name}, {count:,})" for batch_id, name, count in batches)
    text = (
        f"Provision records of {report.year}, import batches {listed}; sufficiency computed by "
        f"Monotown: {report.rule.describe()}"
    )
    if report.synthetic:
        text += " (synthetic demonstration records)"
    return Source(key=f"standards:{report.year}", text=text, synthetic=report.synthetic)


def _stated_source(data: dict[str, Any]) -> Source:
    return Source(key="standards:stated", text=data["source"])


def standards_section(ctx: ReportContext, session: Session, period: int | None) -> Section | None:
    """None when no provision record is stored (or none for the period)."""
    report = _report(session, period)
    if report is None:
        return None
    computed = provision_source(session, report)
    stated = _stated_source(report.stated)
    target = _stated_source(report.target)
    stats = [
        Stat(ctx._("Computed national sufficiency, {year}").format(year=report.year),
             ctx.cell(report.national_pct, computed, "pct")),
        Stat(ctx._("Stated level"), ctx.cell(report.stated["value_pct"], stated, "pct")),
        Stat(ctx._("Target for {year}").format(year=report.target["year"]),
             ctx.cell(report.target["value_pct"], target, "pct")),
        Stat(ctx._("Settlements counted"), ctx.cell(report.settlements_counted, computed)),
    ]  # fmt: skip
    blocks: list[Block] = [StatGrid(stats)]
    if report.synthetic:
        blocks.append(Paragraph(ctx._(
            "Computed from synthetic demonstration records calibrated to the stated figures: "
            "not an official result."
        )))  # fmt: skip
    regions = Table(
        "standards-regions",
        [ctx._("Region"), ctx._("Sufficiency"), ctx._("Settlements"), ctx._("Stated")],
        [
            [
                ctx.label(localised(row, ctx.lang)),
                ctx.cell(row["level_pct"], computed, "pct"),
                ctx.cell(row["settlements"], computed),
                ctx.cell(row["stated_pct"], Source("standards:regional", row["stated_source"])
                         if row["stated_source"] else None, "pct"),
            ]
            for row in report.regions
        ],
    )  # fmt: skip
    gaps = Table(
        "standards-gaps",
        [ctx._("Settlement"), ctx._("Population"), ctx._("Standard"), ctx._("Addressed by")],
        [
            [
                ctx.label(localised(gap, ctx.lang, "settlement")),
                ctx.cell(gap["population"], computed),
                ctx.label(localised(gap, ctx.lang, "standard")),
                ctx.label("; ".join(gap["links"]) or "–"),
            ]
            for gap in report.gaps
        ],
        caption=ctx._("The largest gaps, most people affected first ({shown} of {total}).").format(
            shown=len(report.gaps), total=report.gaps_total
        ),
    )
    return Section(
        "standards",
        ctx._("Regional standards: sufficiency of settlements"),
        [*blocks, regions, gaps],
        page_break=True,
    )


def standards_sheet(session: Session) -> SheetData | None:
    """The latest year's levels: nation, regions, districts, with the rule and batches cited."""
    report = _report(session, None)
    if report is None:
        return None
    source = provision_source(session, report).text
    flag = "synthetic" if report.synthetic else None
    columns = [
        Column("year", 6), Column("level", 9), Column("key", 14), Column("name", 28),
        Column("sufficiency_pct", 12, PERCENT), Column("settlements", 11),
        Column("stated_pct", 10, PERCENT), Column("source", 60), Column("flag", 10),
    ]  # fmt: skip
    rows: list[tuple[Any, ...]] = [
        (report.year, "nation", "KZ", "Kazakhstan", report.national_pct,
         report.settlements_counted, report.stated["value_pct"], source, flag)
    ]  # fmt: skip
    rows += [
        (report.year, "region", row["code"], row["name_en"], row["level_pct"],
         row["settlements"], row["stated_pct"], source, flag)
        for row in report.regions
    ]  # fmt: skip
    rows += [
        (report.year, row["kind"], row["key"], row["name_en"], row["level_pct"],
         row["settlements"], None, source, flag)
        for row in report.districts
    ]  # fmt: skip
    return SheetData("Regional standards", columns, rows, synthetic_column="flag")


def town_standards_section(ctx: ReportContext, session: Session, code: str) -> Section | None:
    """For a town profile: the town's own sufficiency and the support villages of its district
    or city with their satellites. None when the town is not in the national tree."""
    settlement_id = session.scalar(select(Settlement.id).where(Settlement.code == code))
    context = support_villages_near(session, settlement_id) if settlement_id else None
    if context is None:
        return None
    blocks: list[Block] = []
    report = _report(session, None)
    if report is not None:
        result, (units, _standards) = compute_year(session, report.year, report.rule)
        unit_id = session.scalar(
            select(TerritorialUnit.id).where(TerritorialUnit.settlement_id == settlement_id)
        )
        position = int(np.searchsorted(units.id, unit_id)) if unit_id is not None else -1
        if 0 <= position < len(units.id) and units.id[position] == unit_id:
            level = float(result.settlements.level[position])
            if not math.isnan(level):
                label = ctx._("Sufficiency of the town, {year}").format(year=report.year)
                cell = ctx.cell(round(100 * level, 1), provision_source(session, report), "pct")
                blocks.append(StatGrid([Stat(label, cell)]))
    rows = [
        [
            ctx.label(localised(village, ctx.lang)),
            ctx.cell(village["population"], _tree_source(village["synthetic"])),
            ctx.label(", ".join(localised(s, ctx.lang) for s in village["satellites"]) or "–"),
        ]
        for village in context["support_villages"]
    ]
    if rows:
        columns = [ctx._("Support village"), ctx._("Population"), ctx._("Satellite villages")]
        blocks.append(Table("town-support-villages", columns, rows))
    else:
        blocks.append(Paragraph(ctx._("No support village is recorded in its district or city.")))
    return Section("standards", ctx._("Regional standards and support villages"), blocks)


def _tree_source(synthetic: bool) -> Source:
    if synthetic:
        return Source("standards:tree-demo", "Monotown synthetic demo tree", synthetic=True)
    return Source("standards:tree", "National settlement tree (loaded list)")
