"""One safe writer for every file Monotown produces (CSV, XLSX, the workbook, error files).

Stored text may hold anything a user typed, including '=HYPERLINK(...)' or a leading tab. A
spreadsheet opening an exported file must never run such text as a formula, so every text cell
goes through `guard_cell` on its way out: control characters are dropped and a cell that starts
like a formula (=, +, -, @, a tab, a carriage return or a line feed) gets a leading apostrophe,
the neutralisation OWASP recommends. Text that is a plain number ('-5', '+1.5e3') is left alone,
so negative amounts still read as numbers. Storage is never touched: the guard is for files only.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def guard_cell(value: object) -> object:
    """A cell that no spreadsheet will evaluate: text neutralised, anything else unchanged."""
    if not isinstance(value, str):
        return value
    text = CONTROL_CHARACTERS.sub("", value)
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def guard_row(cells: Iterable[object]) -> list[object]:
    return [guard_cell(cell) for cell in cells]


def write_csv_rows(handle: IO[str], header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write a header and rows to an open text handle, every cell guarded; returns the row count."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(guard_row(header))
    count = 0
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in guard_row(row)])
        count += 1
    return count


def write_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], *, bom: bool = False
) -> int:
    """A guarded CSV file (UTF-8, with a BOM when spreadsheets must read Cyrillic)."""
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        return write_csv_rows(handle, header, rows)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A guarded CSV document as text (for downloads and the terminal)."""
    buffer = io.StringIO()
    write_csv_rows(buffer, header, rows)
    return buffer.getvalue()


def _sheet_cell(cell: Any) -> Any:
    if isinstance(cell, str):
        return guard_cell(cell)
    if hasattr(cell, "number_format"):  # a styled openpyxl cell
        cell.value = guard_cell(cell.value)
    return cell


def append_row(sheet: Any, cells: Iterable[object]) -> None:
    """Append a guarded row to an openpyxl (write-only) worksheet; styled cells are guarded too."""
    sheet.append([_sheet_cell(cell) for cell in cells])


def xlsx_bytes(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[object]]]]) -> bytes:
    """A workbook of (title, header, rows) sheets as .xlsx bytes, every cell guarded."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        append_row(sheet, header)
        for row in rows:
            append_row(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
