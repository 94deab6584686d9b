"""Reading CSV and Excel files in chunks of rows, as text, with the row number of each row.

No reader ever holds a whole file: CSV goes through pandas' C parser in chunks, XLSX through
openpyxl's read-only mode row by row. Every cell arrives as text ('' when empty), so the layouts
and the validation see the same thing whatever the container was; the validation strips spaces.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from monotown.errors import InputError
from monotown.records.encodings import file_encoding, undecodable
from monotown.records.limits import (
    CELL_CHARS,
    COLUMNS,
    cell_too_long,
    check_columns,
    check_rows,
    check_xlsx_parts,
)

CHUNK_ROWS = 100_000
_FIELD_COUNT = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
JSON_SUFFIXES = (".json",)


@dataclass
class Table:
    """A tabular file opened for reading: its header and an iterator of text chunks.

    Each chunk is a DataFrame with one column per header position (named 0..n-1, all text) and a
    `row` column holding the row number a spreadsheet would show (the header is row 1).
    """

    file: str
    header: list[str]
    chunks: Iterator[pd.DataFrame]
    container: str


def detect_encoding(path: Path) -> str:
    """The encoding of a value file, told as for every import (`records.encodings`)."""
    return file_encoding(path)


def _sniff_delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda delimiter: counts[delimiter]) if any(counts.values()) else ","


def _undecodable(path: Path, encoding: str, *, file: str) -> InputError:
    """The row of the first byte that is not text in `encoding` (looked for only on failure)."""
    with path.open("rb") as handle:
        return undecodable(handle, encoding, file=file)


def _first_line(path: Path, encoding: str, *, file: str) -> str:
    """The header line, read without reading more than the limits allow."""
    longest = COLUMNS.value * (CELL_CHARS.value + 1)
    try:
        with path.open(encoding=encoding, newline="") as handle:
            line = handle.readline(longest + 1)
    except UnicodeDecodeError:
        raise _undecodable(path, encoding, file=file) from None
    if len(line) > longest:
        raise InputError(
            f"its header line is longer than {COLUMNS.describe()} of {CELL_CHARS.describe()}",
            file=file,
            row=1,
        )
    return line


def _check_cells(chunk: pd.DataFrame, header: list[str], *, file: str) -> None:
    """Refuse a chunk with a cell longer than the limit, naming its row and column."""
    limit = CELL_CHARS.value
    if chunk.empty:
        return
    for index, name in enumerate(header):
        texts = chunk[index].to_numpy()
        if max(map(len, texts)) > limit:  # the lengths themselves only on failure
            lengths = np.fromiter(map(len, texts), dtype="int64", count=len(texts))
            at = int(lengths.argmax())
            row = int(chunk["row"].iloc[at])
            raise cell_too_long(int(lengths[at]), file=file, row=row, column=name)


def _extra_fields_row(path: Path, encoding: str, delimiter: str, width: int) -> tuple[int, int]:
    """(row, fields) of the first row with more fields than the header (only on failure)."""
    with path.open(encoding=encoding, newline="") as handle:
        for number, cells in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
            if len(cells) > width:
                return number, len(cells)
    return 2, width + 1


def open_csv(path: Path, *, file: str, chunk_rows: int = CHUNK_ROWS) -> Table:
    encoding = detect_encoding(path)
    first_line = _first_line(path, encoding, file=file)
    if not first_line.strip():
        raise InputError("is empty or its first line (the header) is blank", file=file, row=1)
    delimiter = _sniff_delimiter(first_line)
    check_columns(first_line.count(delimiter) + 1, file=file)
    header = [cell.strip() for cell in next(csv.reader([first_line], delimiter=delimiter))]
    check_columns(len(header), file=file)

    def chunks() -> Iterator[pd.DataFrame]:
        try:
            reader = pd.read_csv(
                path,
                sep=delimiter,
                encoding=encoding,
                header=None,
                skiprows=1,
                names=list(range(len(header))),
                # Plain Python texts: pandas' own string arrays (no pyarrow here) cost a
                # conversion and compare several times slower in every check that follows.
                dtype=object,
                na_filter=False,
                keep_default_na=False,
                skip_blank_lines=False,
                chunksize=chunk_rows,
                engine="c",
                # Never turn surplus leading fields into an index: a row with more fields than
                # the header is an error (the warning below), not a shifted row.
                index_col=False,
            )
            with warnings.catch_warnings():
                warnings.simplefilter("error", pd.errors.ParserWarning)
                for chunk in reader:
                    chunk["row"] = chunk.index.to_numpy() + 2
                    check_rows(int(chunk["row"].iloc[-1]) if len(chunk) else 1, file=file)
                    _check_cells(chunk, header, file=file)
                    yield chunk
        except pd.errors.ParserWarning:
            line, saw = _extra_fields_row(path, encoding, delimiter, len(header))
            raise InputError(
                f"has {saw} fields where the header has {len(header)}", file=file, row=line
            ) from None
        except pd.errors.ParserError as error:
            found = _FIELD_COUNT.search(str(error))
            if found:
                expected, line, saw = (int(group) for group in found.groups())
                raise InputError(
                    f"has {saw} fields where the header has {expected}", file=file, row=line
                ) from None
            raise InputError(f"is not a well-formed CSV file: {error}", file=file) from None
        except UnicodeDecodeError:
            raise _undecodable(path, encoding, file=file) from None

    return Table(file=file, header=header, chunks=chunks(), container="csv")


def _cell_text(value: Any) -> str:
    """An Excel cell as text: whole floats without '.0', dates as ISO, months as 'YYYY-MM'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        # Excel turns '2023-05' typed into a cell into the date 2023-05-01.
        if value.day == 1 and not (isinstance(value, dt.datetime) and value.time() != dt.time()):
            return f"{value.year:04d}-{value.month:02d}"
        return value.isoformat()
    return str(value).strip(" ")


def open_excel(
    path: Path, *, file: str, sheet: str | None = None, chunk_rows: int = CHUNK_ROWS // 5
) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_xlsx_parts(path, file=file)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise InputError(f"is not a readable Excel workbook ({error})", file=file) from None
    names = workbook.sheetnames
    if sheet is not None and sheet not in names:
        workbook.close()
        raise InputError(f"has no sheet '{sheet}'; sheets: {', '.join(names)}", file=file)
    worksheet = workbook[sheet or names[0]]
    rows = worksheet.iter_rows(values_only=True)
    try:
        first = next(rows)
    except StopIteration:
        workbook.close()
        raise InputError(f"sheet '{worksheet.title}' is empty", file=file) from None
    header = [_cell_text(cell) for cell in first]
    while header and not header[-1]:
        header.pop()
    if not header:
        workbook.close()
        raise InputError(f"sheet '{worksheet.title}' has no header in row 1", file=file, row=1)
    check_columns(len(header), file=file)
    width = len(header)
    longest = CELL_CHARS.value

    def chunks() -> Iterator[pd.DataFrame]:
        buffer: list[list[str]] = []
        numbers: list[int] = []
        try:
            for number, cells in enumerate(rows, start=2):
                texts = [_cell_text(cell) for cell in cells[:width]]
                texts.extend([""] * (width - len(texts)))
                if number % 10_000 == 0:
                    check_rows(number, file=file)
                for index, text in enumerate(texts):
                    if len(text) > longest:
                        raise cell_too_long(len(text), file=file, row=number, column=header[index])
                buffer.append(texts)
                numbers.append(number)
                if len(buffer) >= chunk_rows:
                    yield _frame(buffer, numbers, width)
                    buffer, numbers = [], []
            if buffer:
                check_rows(numbers[-1], file=file)
                yield _frame(buffer, numbers, width)
        finally:
            workbook.close()

    return Table(file=file, header=header, chunks=chunks(), container="xlsx")


def _frame(rows: list[list[str]], numbers: list[int], width: int) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(range(width)), dtype=str)
    frame["row"] = numbers
    return frame


def open_table(path: Path, *, file: str, sheet: str | None = None) -> Table:
    """A CSV or Excel file by its suffix; anything not Excel is read as delimited text."""
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return open_excel(path, file=file, sheet=sheet)
    if sheet is not None:
        raise InputError("--sheet applies to Excel workbooks only", file=file)
    return open_csv(path, file=file)
