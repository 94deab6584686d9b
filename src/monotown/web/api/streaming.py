"""Exports of any size in constant memory: rows come from a server-side cursor in their own
session and leave as CSV chunks, or through an openpyxl write-only workbook in a temporary file.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, StreamingResponse
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask
from starlette.responses import Response

from monotown.web.api.listing import ExportFormat, spreadsheet_cell

RowSource = Callable[[Session], Iterable[dict[str, Any]]]
CHUNK_ROWS = 5_000
XLSX_MAX_ROWS = 1_048_575  # a worksheet holds 1,048,576 rows, the header included
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows(sessions: Callable[[], Session], source: RowSource) -> Iterator[dict[str, Any]]:
    session = sessions()
    try:
        yield from source(session)
    finally:
        session.rollback()
        session.close()


def csv_chunks(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> Iterator[bytes]:
    """UTF-8 CSV (with a BOM, so spreadsheets read Cyrillic) in chunks of CHUNK_ROWS rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    buffer.write("\ufeff")
    writer.writerow(columns)
    for count, row in enumerate(rows, start=1):
        writer.writerow([spreadsheet_cell(row.get(column)) for column in columns])
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


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


async def streamed_export(
    sessions: Callable[[], Session],
    source: RowSource,
    columns: Sequence[str],
    fmt: ExportFormat,
    name: str,
) -> Response:
    """The rows `source` reads (in a session of its own) as a streamed CSV or an XLSX file."""
    if fmt is ExportFormat.csv:
        return StreamingResponse(
            csv_chunks(_rows(sessions, source), columns),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    handle, path = tempfile.mkstemp(prefix="monotown-export-", suffix=".xlsx")
    os.close(handle)
    try:
        await run_in_threadpool(write_xlsx, _rows(sessions, source), columns, name, path)
    except BaseException:
        os.unlink(path)
        raise
    return FileResponse(
        path,
        media_type=XLSX_TYPE,
        filename=f"{name}.xlsx",
        background=BackgroundTask(os.unlink, path),
    )
