"""XLSX of any size in constant memory: an openpyxl write-only workbook keeps one row at a time.

The API's downloads go through `records.export` (CSV and JSON streamed, XLSX through a temporary
file; the worksheet's row limit `XLSX_MAX_ROWS` is there too, for the API and the CLI); what is
left here is the writer `bench/export_bench.py` times on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from monotown.records.export import XLSX_MAX_ROWS, spreadsheet_cell


def write_xlsx(
    rows: Iterable[dict[str, Any]], columns: Sequence[str], sheet_name: str, path: str
) -> None:
    """A write-only workbook: openpyxl keeps one row in memory at a time."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_name[:31])
    sheet.append(list(columns))
    for index, row in enumerate(rows):
        if index >= XLSX_MAX_ROWS:
            break
        sheet.append([spreadsheet_cell(row.get(column)) for column in columns])
    workbook.save(path)
