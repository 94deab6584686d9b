"""Reading and writing the CSV and XLSX files program records travel in.

A file is a header row and data rows of text cells; row numbers are those a spreadsheet shows (the
header is row 1), so an error message points at the line the user sees. XLSX cells are turned into
the same text a CSV would hold (whole numbers without '.0', dates as YYYY-MM-DD).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from monotown.errors import InputError
from monotown.program.fields import to_text
from monotown.records.encodings import decode_text
from monotown.records.files import append_row, write_csv
from monotown.records.limits import (
    CELL_CHARS,
    cell_too_long,
    check_columns,
    check_rows,
    check_xlsx_parts,
)

FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Table:
    """The cells of one file: header names and data rows (row number, cells by column name)."""

    file_name: str
    format: str
    sha256: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def file_format(path: Path) -> str:
    """'csv' or 'xlsx' from the file name; anything else is an input error."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    raise InputError(f"unsupported file type '.{suffix}'; use .csv or .xlsx", file=path.name)


def read_table(path: Path, *, sheet: str | None = None) -> Table:
    """The header and non-empty rows of a CSV or XLSX file."""
    fmt = file_format(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror}", file=str(path)) from None
    return table_from_bytes(data, path.name, fmt, sheet=sheet)


def table_from_bytes(data: bytes, name: str, fmt: str, *, sheet: str | None = None) -> Table:
    """The header and non-empty rows of file content in format `fmt` ('csv' or 'xlsx')."""
    digest = hashlib.sha256(data).hexdigest()
    grid = _read_xlsx(data, name, sheet) if fmt == "xlsx" else _read_csv(data, name)
    if not grid or not any(cell.strip() for cell in grid[0]):
        raise InputError("the file is empty: the first row must name the columns", file=name)
    _check_limits(grid, name)
    header = [cell.strip().lower() for cell in grid[0]]
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(grid[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            raise InputError(
                f"has {len(cells)} cells but the header names {len(header)} columns",
                file=name,
                row=number,
            )
        padded = [*cells, *([""] * (len(header) - len(cells)))]
        # Only spaces go: a tab or other character the user typed is kept in storage (files
        # neutralise it on the way out).
        cells_by_name = {column: padded[i].strip(" ") for i, column in enumerate(header) if column}
        rows.append((number, cells_by_name))
    return Table(name, fmt, digest, [column for column in header if column], rows)


def _check_limits(grid: list[list[str]], name: str) -> None:
    check_columns(len(grid[0]), file=name)
    check_rows(len(grid), file=name)
    longest = CELL_CHARS.value
    for number, cells in enumerate(grid, start=1):
        for index, cell in enumerate(cells):
            if len(cell) > longest:
                column = grid[0][index] if index < len(grid[0]) else None
                raise cell_too_long(len(cell), file=name, row=number, column=column)


def _read_csv(data: bytes, name: str) -> list[list[str]]:
    content = decode_text(data, file=name)
    first_line = content.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return [list(row) for row in csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)]


def _read_xlsx(data: bytes, name: str, sheet: str | None) -> list[list[str]]:
    from openpyxl import load_workbook

    check_xlsx_parts(io.BytesIO(data), file=name)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise InputError(f"is not a readable XLSX workbook ({error})", file=name) from None
    try:
        if sheet and sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            worksheet = workbook.worksheets[0]
        return [[_xlsx_text(cell) for cell in row] for row in worksheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _xlsx_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    return to_text(value)


def write_table(
    path: Path, columns: Sequence[str], rows: Iterable[dict[str, Any]], *, sheet: str
) -> int:
    """Write rows (export values) as CSV or XLSX, chosen by the file name; returns the row count."""
    fmt = file_format(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    if fmt == "csv":
        texts = ([to_text(row.get(column)) for column in columns] for row in rows)
        return write_csv(path, columns, texts)
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])
    append_row(worksheet, columns)
    for row in rows:
        append_row(worksheet, [_xlsx_cell(row.get(column)) for column in columns])
        count += 1
    workbook.save(path)
    return count


def _xlsx_cell(value: Any) -> Any:
    """Numbers stay numbers (so a spreadsheet can add them); everything else is text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return to_text(value) or None
