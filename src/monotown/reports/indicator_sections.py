"""Report sections from stored indicator values (read through `monotown.data.values_frame`).

Every value cites its import batch and flag; synthetic demo values are labelled wherever printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from monotown.data import catalog_frame, values_frame
from monotown.models.names import localised
from monotown.registry import TownView
from monotown.reports.charts import line_chart
from monotown.reports.citations import BatchBook, plain, value_source
from monotown.reports.context import N_, ReportContext, Style
from monotown.reports.model import (
    Block,
    Cell,
    Chart,
    ChartGrid,
    Paragraph,
    Section,
    Source,
    Stat,
    StatGrid,
    Table,
)
from monotown.reports.shared_values import ReportValues

POPULATION = "pop_total"
OUTPUT = "industrial_output_kzt_bn"
KEY_INDICATORS = (
    POPULATION,
    "unemployment_rate_pct",
    "avg_monthly_wage_kzt",
    OUTPUT,
    "industrial_output_index_pct",
    "tfe_employment_share_pct",
)
FLAG_NAMES = {"official": N_("official"), "estimate": N_("estimate"), "synthetic": N_("synthetic")}


@dataclass(frozen=True)
class Catalog:
    """Indicator names and units in the report language."""

    frame: pd.DataFrame

    def name(self, ctx: ReportContext, code: str) -> str:
        if code not in self.frame.index:
            return code
        return localised({**self.frame.loc[code].to_dict(), "code": code}, ctx.lang)

    def unit(self, code: str) -> str:
        return str(self.frame.loc[code, "unit"]) if code in self.frame.index else ""

    def has(self, code: str) -> bool:
        return code in self.frame.index


def read_catalog(session: Session) -> Catalog:
    return Catalog(catalog_frame(session).set_index("code"))


def value_cell(ctx: ReportContext, value: Any, unit: str, source: Any) -> Cell:
    """A value printed per its unit: persons as integers, % as percentages, tenge scaled."""
    number = plain(value)
    if number is None:
        return ctx.label(None)
    if unit == "%":
        return ctx.cell(number, source, "pct")
    if unit == "KZT":
        return ctx.cell(number, source, "tenge")
    if unit == "bn KZT":
        return ctx.cell(number, source, "tenge", text=ctx.format(number * 1e9, "tenge"))
    whole = unit in ("persons", "units", "count") or float(number).is_integer()
    style: Style = "int" if whole else "decimal"
    return ctx.cell(number, source, style)


class IndicatorReader:
    """Values for one report: the catalog, batch citations and the year reported on."""

    def __init__(self, ctx: ReportContext, session: Session) -> None:
        self.ctx = ctx
        self.session = session
        self.catalog = read_catalog(session)
        self.batches = BatchBook(session)

    def cite(self, row: Any) -> Any:
        return value_source(
            self.ctx, self.batches, row["batch_id"], str(row["flag"]), row["source"]
        )

    def cell(self, row: Any) -> Cell:
        code = str(row["indicator_code"])
        return value_cell(self.ctx, row["value"], self.catalog.unit(code), self.cite(row))


def _sum_source(reader: IndicatorReader, frame: pd.DataFrame) -> Source:
    """The citation of a sum of values: the batches summed (synthetic if any value is)."""
    synthetic = bool((frame["flag"] == "synthetic").any())
    batches = sorted(int(b) for b in frame["batch_id"].dropna().unique())
    return _batches_source(reader, batches, synthetic)


def _batches_source(reader: IndicatorReader, batches: list[int], synthetic: bool) -> Source:
    return reader.batches.source(
        reader.ctx,
        key=f"values-sum:{batches}:{synthetic}",
        what=reader.ctx._("Sum of stored indicator values"),
        batch_ids=batches,
        synthetic=synthetic,
    )


def _sum_stat(
    reader: IndicatorReader, frame: pd.DataFrame, label: str, detail: str, scale: float = 1.0
) -> Stat:
    """A sum over towns' values, citing the batches summed."""
    ctx = reader.ctx
    total = float(frame["value"].sum())
    source = _sum_source(reader, frame)
    if scale != 1.0:
        cell = ctx.cell(total, source, "tenge", text=ctx.format(total * scale, "tenge"))
    else:
        cell = ctx.cell(round(total), source)
    return Stat(label, cell, detail)


def figures_indicators(session: Session) -> list[str]:
    """The key indicators the catalog holds, in the order "the towns in figures" shows them."""
    known = set(catalog_frame(session)["code"])
    return [code for code in KEY_INDICATORS if code in known]


def figures_year(values: ReportValues, codes: list[str], period: int | None) -> int | None:
    """The year "the towns in figures" reports on: the latest with a population, else with any
    key indicator."""
    if not codes:
        return None
    year = values.latest_year([POPULATION], up_to=period) if POPULATION in codes else None
    return year or values.latest_year(codes, up_to=period)


def towns_in_figures_section(
    ctx: ReportContext,
    session: Session,
    towns: list[TownView],
    period: int | None,
    values: ReportValues | None = None,
) -> Section | None:
    """Population and output of the towns in the year reported on, and their national share.

    `values` shares the values a report has already read."""
    reader = IndicatorReader(ctx, session)
    codes = [code for code in KEY_INDICATORS if reader.catalog.has(code)]
    town_codes = {town.code for town in towns}
    values = values or ReportValues(session, town_codes)
    year = figures_year(values, codes, period)
    if year is None:
        return None
    this_year = values.frame(codes, year, year)
    ours = this_year[this_year["settlement_code"].isin(town_codes)]
    national_totals = values.totals([POPULATION, OUTPUT], year)
    stats = []
    for code, label, scale in (
        (POPULATION, N_("Population of the towns, {year}"), 1.0),
        (OUTPUT, N_("Industrial output of the towns, {year}"), 1e9),
    ):
        part = ours[ours["indicator_code"] == code]
        if part.empty:
            continue
        detail = ctx._("sum over {count} towns with a value").format(count=len(part))
        stats.append(_sum_stat(reader, part, ctx._(label).format(year=year), detail, scale))
        national = national_totals[code]  # the towns' values are among them
        if national.count > len(part):
            share = 100 * float(part["value"].sum()) / national.total
            detail = ctx._("of {count} settlements with a value").format(count=national.count)
            source = _batches_source(reader, list(national.batch_ids), national.synthetic)
            cell = ctx.cell(share, source, "pct")
            stats.append(Stat(ctx._("Towns' share of the national total"), cell, detail))
    table = key_indicator_table(reader, towns, codes, ours)
    blocks: list[Block] = [StatGrid(stats)] if stats else []
    blocks.append(table)
    title = ctx._("The towns in figures, {year}").format(year=year)
    return Section("indicators", title, blocks, page_break=True)


def key_indicator_table(
    reader: IndicatorReader, towns: list[TownView], codes: list[str], frame: pd.DataFrame
) -> Table:
    """One row per town, one column per key indicator, from the towns' values of one year."""
    ctx = reader.ctx
    by_cell = {(r["settlement_code"], r["indicator_code"]): r for r in frame.to_dict("records")}
    rows = []
    for town in sorted(towns, key=lambda t: t.name(ctx.lang).casefold()):
        row = [ctx.label(town.name(ctx.lang))]
        for code in codes:
            found = by_cell.get((town.code, code))
            row.append(reader.cell(found) if found is not None else ctx.label(None))
        rows.append(row)
    columns = [ctx._("Town")] + [reader.catalog.name(ctx, code) for code in codes]
    return Table("key_indicators", columns, rows, ctx._("Key indicators by town"))


def trends_section(ctx: ReportContext, session: Session, town: TownView) -> Section | None:
    """Small trend charts of the key indicators for one town, and their latest values."""
    reader = IndicatorReader(ctx, session)
    codes = [code for code in KEY_INDICATORS if reader.catalog.has(code)]
    frame = values_frame(session, towns=[town.code], indicators=codes) if codes else pd.DataFrame()
    if frame.empty:
        return None
    charts: list[Chart] = []
    rows = []
    for code in codes:
        series = frame[frame["indicator_code"] == code].sort_values("year")
        if series.empty:
            continue
        synthetic = bool((series["flag"] == "synthetic").all())
        notes = sorted(
            {n for r in series.to_dict("records") if (n := ctx.cite(reader.cite(r))) is not None},
            key=lambda n: n.number,
        )
        name = reader.catalog.name(ctx, code)
        unit = reader.catalog.unit(code)
        uri = line_chart(
            [int(y) for y in series["year"]],
            [(name, [float(v) for v in series["value"]], synthetic)],
            title=unit,
            width_mm=57,
            height_mm=34,
        )
        charts.append(Chart(f"trend_{code}", name, uri, notes))
        last = series.iloc[-1].to_dict()
        previous = series.iloc[-2].to_dict() if len(series) > 1 else None
        change = None
        if previous is not None and previous["value"]:
            change = 100 * (last["value"] - previous["value"]) / abs(previous["value"])
        rows.append(
            [
                ctx.label(name),
                ctx.label(str(int(last["year"]))),
                reader.cell(last),
                ctx.cell(change, reader.cite(last), "pct")
                if change is not None
                else ctx.label(None),
                ctx.label(ctx._(FLAG_NAMES.get(str(last["flag"]), str(last["flag"])))),
            ]
        )
    columns = [
        N_("Indicator"),
        N_("Year"),
        N_("Latest value"),
        N_("Change on previous year"),
        N_("Flag"),
    ]
    table = Table("latest_values", [ctx._(c) for c in columns], rows, ctx._("Latest values"))
    intro = ctx._("Dashed lines are synthetic demo series; solid lines are official or estimated.")
    blocks: list[Block] = [Paragraph(intro), table, ChartGrid(charts, per_row=3)]
    return Section("trends", ctx._("Indicator trends"), blocks)
