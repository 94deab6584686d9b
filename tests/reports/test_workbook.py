"""The Excel workbook reads back with pandas; headers are frozen and numbers formatted."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from monotown.registry import list_towns
from monotown.reports import render_workbook
from monotown.reports.facts import load_facts


def test_workbook_reads_back_with_pandas(session: Session) -> None:
    data = render_workbook(session)
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert {"Towns", "Program facts"} <= set(sheets)
    towns = sheets["Towns"]
    registry = {town.code: town for town in list_towns(session)}
    assert sorted(towns["code"]) == sorted(registry)
    for row in towns.itertuples():
        expected = registry[str(row.code)].population
        assert (pd.isna(row.population) and expected is None) or row.population == expected
    assert towns["source"].str.contains("2012-2020 program list and current list").all()
    facts = sheets["Program facts"]
    assert len(facts) == len(load_facts())
    assert facts["value"].sum() == sum(fact.value for fact in load_facts())


def test_headers_are_frozen_and_numbers_formatted(session: Session) -> None:
    book = load_workbook(io.BytesIO(render_workbook(session)))
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.cell(row=1, column=1).font.bold
        assert sheet.auto_filter.ref
    towns = book["Towns"]
    header = [cell.value for cell in towns[1]]
    population = header.index("population") + 1
    formatted = [
        towns.cell(row=row, column=population)
        for row in range(2, towns.max_row + 1)
        if towns.cell(row=row, column=population).value is not None
    ]
    assert formatted and all(cell.number_format == "#,##0" for cell in formatted)
