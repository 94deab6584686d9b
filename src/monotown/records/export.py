"""`export`: a kind's rows as CSV, XLSX or JSON, streamed, through the one guarded writer.

CSV starts with a UTF-8 byte order mark (so Excel reads Cyrillic), every text cell is guarded
against formulas (`records.files.guard_cell`), lists are joined with '; ' and dicts written as
JSON. Rows are written as they come: CSV and JSON leave in chunks, XLSX is built by openpyxl's
write-only workbook in a temporary file and read back in chunks, never the whole table in memory.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Any

from monotown.records.files import append_row, guard_cell, write_csv_rows
from monotown.records.kinds import Row, json_ready

FORMATS = ("csv", "xlsx", "json")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
CHUNK_ROWS = 500
CHUNK_BYTES = 64 * 1024
XLSX_MAX_ROWS = 1_048_575  # a worksheet holds 1,048,576 rows, the header included


def spreadsheet_cell(value: Any) -> Any:
    """A spreadsheet-safe cell: lists joined, dicts as JSON, text guarded against formulas."""
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, default=str)
    elif value is None:
        return ""
    elif isinstance(value, bool | int | float):
        return value
    return guard_cell(str(json_ready(value)))


def _table(rows: Iterable[Row], columns: Sequence[str]) -> Iterator[list[Any]]:
    for row in rows:
        yield [spreadsheet_cell(row.get(column)) for column in columns]


def csv_chunks(rows: Iterable[Row], columns: Sequence[str]) -> Iterator[bytes]:
    """CSV with a BOM, a header and the rows, CHUNK_ROWS rows at a time."""
    yield "\ufeff".encode()
    buffer = io.StringIO()
    write_csv_rows(buffer, columns, [])
    pending = 0
    writer_rows: list[list[Any]] = []
    for cells in _table(rows, columns):
        writer_rows.append(cells)
        pending += 1
        if pending >= CHUNK_ROWS:
            yield _csv_body(buffer, writer_rows)
            buffer, writer_rows, pending = io.StringIO(), [], 0
    yield _csv_body(buffer, writer_rows)


def _csv_body(buffer: io.StringIO, rows: list[list[Any]]) -> bytes:
    import csv

    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)  # cells are guarded already
    return buffer.getvalue().encode("utf-8")


def json_chunks(rows: Iterable[Row], columns: Sequence[str]) -> Iterator[bytes]:
    """A JSON array of objects restricted to `columns` (stored text as it is: JSON is data)."""
    yield b"["
    first = True
    for row in rows:
        item = {column: json_ready(row.get(column)) for column in columns}
        text = json.dumps(item, ensure_ascii=False, default=str)
        yield (text if first else "," + text).encode()
        first = False
    yield b"]\n"


def within_xlsx_rows(rows: Iterable[Row], field: str = "format") -> Iterator[Row]:
    """The rows, refused with a one-line InputError as soon as there are more than a worksheet
    holds (XLSX_MAX_ROWS), rather than a workbook that silently leaves the rest out. An XLSX
    export is written out whole before its first byte, so the error comes before any output."""
    for index, row in enumerate(rows):
        if index >= XLSX_MAX_ROWS:
            from monotown.errors import InputError

            raise InputError(
                f"the selection has more than {XLSX_MAX_ROWS:,} rows, what an XLSX worksheet "
                "holds: narrow it, or export CSV or JSON",
                field=field,
                value="xlsx",
            )
        yield row


def xlsx_chunks(rows: Iterable[Row], columns: Sequence[str], title: str) -> Iterator[bytes]:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    append_row(sheet, columns)
    try:
        for cells in _table(rows, columns):
            append_row(sheet, cells)
    except BaseException:
        sheet.close()  # a refused export: the sheet's own temporary file is closed cleanly
        raise
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        while block := handle.read(CHUNK_BYTES):
            yield block


def _made_first(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks, the first one made now. An XLSX is written whole before its first byte, so
    a refusal (more rows than a worksheet holds) is raised by this call, before an HTTP answer
    has started, rather than breaking a download off after its status was sent."""
    first = next(chunks, None)
    return chain([] if first is None else [first], chunks)


def export_chunks(
    rows: Iterable[Row], columns: Sequence[str], fmt: str, *, title: str
) -> Iterator[bytes]:
    """The rows in one of FORMATS, as a stream of bytes (for a download or a file)."""
    if fmt == "csv":
        return csv_chunks(rows, columns)
    if fmt == "xlsx":
        return _made_first(xlsx_chunks(within_xlsx_rows(rows), columns, title))
    if fmt == "json":
        return json_chunks(rows, columns)
    from monotown.errors import InputError

    raise InputError(f"must be one of {', '.join(FORMATS)}", field="format", value=fmt)
