"""The Excel workbook: one sheet per table, frozen headers, number formats, and a source column.

The workbook is for analysts who want the numbers behind the briefing: every row says where it came
from (registry source, stated fact, import batch or assessment run) and whether it is synthetic.
The sheets themselves are gathered in `workbook_data`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from monotown.records.files import guard_cell, guard_row

INTEGER = "#,##0"
DECIMAL = "#,##0.00"
PERCENT = '0.0"%"'
PERCENT_SHARE = "0%"
HEADER_FILL = PatternFill("solid", fgColor="DDE6EE")
SYNTHETIC_FILL = PatternFill("solid", fgColor="FBF3E4")


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 14
    number_format: str | None = None


@dataclass(frozen=True)
class SheetData:
    """A sheet: its title, columns and rows (tuples of plain values in column order)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    synthetic_column: str | None = None
    flag_value: Any = None


def write_sheet(book: Workbook, sheet: SheetData) -> int:
    """Append a sheet with a bold frozen header and filters; returns the number of data rows.

    The workbook is write-only (streamed), so a sheet of a million indicator values fits in memory.
    """
    ws = book.create_sheet(sheet.title[:31])
    headers = [column.header for column in sheet.columns]
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, guard_cell(header))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header_cells.append(cell)
    ws.append(header_cells)
    formats = [column.number_format for column in sheet.columns]
    flag_index = headers.index(sheet.synthetic_column) if sheet.synthetic_column else None
    count = 0
    for values in sheet.rows:
        row: list[Any] = guard_row(values)
        # Only formatted numbers and the synthetic flag get a styled cell: styling every cell
        # of a 100,000-row sheet would cost seconds and add nothing an analyst reads.
        for index, number_format in enumerate(formats):
            if number_format is not None and row[index] is not None:
                cell = WriteOnlyCell(ws, row[index])
                cell.number_format = number_format
                row[index] = cell
        if flag_index is not None and _is_synthetic(sheet, values[flag_index]):
            cell = WriteOnlyCell(ws, guard_cell(values[flag_index]))
            cell.fill = SYNTHETIC_FILL
            row[flag_index] = cell
        ws.append(row)
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    return count


def _is_synthetic(sheet: SheetData, flag: Any) -> bool:
    return bool(flag) if sheet.flag_value is None else bool(flag == sheet.flag_value)


def build_workbook(sheets: Iterable[SheetData]) -> bytes:
    """The workbook of these sheets as .xlsx bytes."""
    book = Workbook(write_only=True)
    for sheet in sheets:
        write_sheet(book, sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
