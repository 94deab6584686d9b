"""Indicator figures in the briefing, the town profile and the workbook equal the stored values."""

from __future__ import annotations

import io

import pandas as pd
from sqlalchemy.orm import Session

from monotown.data import values_frame
from monotown.reports import BriefingOptions, gather_briefing, gather_town_profile, render_workbook
from tests.reports.conftest import OFFICIAL_VALUES, SYNTHETIC_VALUES


def _expected(code: str, year: str, towns_only: bool = True) -> float:
    return sum(
        value
        for town, indicator, period, value in OFFICIAL_VALUES
        if indicator == code and period == year and (not towns_only or town != "almaty-test")
    )


def test_population_output_and_national_shares_equal_the_values(values_session: Session) -> None:
    report = gather_briefing(values_session, lang="en")
    section = report.section("indicators")
    assert section.title == "The towns in figures, 2024"
    stats = {stat.label: stat for stat in section.stats()}
    population = stats["Population of the towns, 2024"]
    assert population.cell.value == _expected("pop_total", "2024") == 370300
    assert population.cell.text == "370,300"
    output = stats["Industrial output of the towns, 2024"]
    assert output.cell.value == _expected("industrial_output_kzt_bn", "2024")
    assert output.cell.text == "1.9 trn KZT"
    shares = [s.cell.value for s in section.stats() if s.label.startswith("Towns' share")]
    assert shares[0] == 100 * 370300 / (370300 + 2200000)
    assert shares[1] == 100 * 1909.9 / (1909.9 + 3000.0)
    sources = dict(report.sources)
    assert "fixture.csv" in sources[population.cell.note.number].text  # type: ignore[union-attr]
    assert not population.synthetic


def test_key_indicator_table_equals_stored_values(values_session: Session) -> None:
    report = gather_briefing(values_session, lang="en")
    table = report.section("indicators").table("key_indicators")
    towns = [cell.text for cell in table.column("Town")]
    population = dict(zip(towns, table.column("Resident population"), strict=True))
    unemployment = dict(zip(towns, table.column("Unemployment rate"), strict=True))
    stored = values_frame(values_session, year_from=2024, year_to=2024)
    for row in stored[stored.indicator_code == "pop_total"].itertuples():
        if row.settlement_code != "almaty-test":
            assert population[str(row.settlement_name_en)].value == row.value
    assert unemployment["Temirtau"].text == "4.8%" and not unemployment["Temirtau"].synthetic
    assert unemployment["Balkhash"].value == SYNTHETIC_VALUES[0][3]
    assert unemployment["Balkhash"].synthetic
    assert population["Arkalyk"].value is None  # no value stored: printed as unknown, not zero
    assert report.section("indicators").synthetic


def test_period_selects_the_year(values_session: Session) -> None:
    report = gather_briefing(values_session, lang="en", options=BriefingOptions(period=2023))
    stats = {s.label: s.cell for s in report.section("indicators").stats()}
    assert stats["Population of the towns, 2023"].value == 181000


def test_town_profile_trends_and_latest_values(values_session: Session) -> None:
    report = gather_town_profile(values_session, "Balkhash", lang="ru")
    trends = report.section("trends")
    latest = trends.table("latest_values")
    values = [cell.value for cell in latest.column("Последнее значение")]
    assert values == [66700.0, 5.5]
    change = latest.column("Изменение к предыдущему году")[1]
    assert change.value == 100 * (5.5 - 5.9) / 5.9
    assert trends.synthetic
    assert any(block.kind == "chart_grid" for block in trends.blocks)


def test_workbook_values_sheet_reads_back(values_session: Session) -> None:
    sheets = pd.read_excel(io.BytesIO(render_workbook(values_session)), sheet_name=None)
    values = sheets["Indicator values"]
    towns_only = [v for v in OFFICIAL_VALUES + SYNTHETIC_VALUES if v[0] != "almaty-test"]
    assert len(values) == len(towns_only)
    assert set(values.flag) == {"official", "synthetic"}
    assert values.value.sum() == sum(v[3] for v in towns_only)
    assert values.batch.notna().all()
