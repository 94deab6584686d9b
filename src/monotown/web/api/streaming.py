"""XLSX of any size in constant memory: an openpyxl write-only workbook keeps one row at a time.

The API's downloads go through `records.export` (CSV and JSON streamed, XLSX through a temporary
file); what is left here is the worksheet's row limit and the writer `bench/export_bench.py`
times on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from monotown.records.export import spreadsheet_cell

XLSX_MAX_ROWS = 1_048_575  # a worksheet holds 1,048,576 rows, the header included


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
