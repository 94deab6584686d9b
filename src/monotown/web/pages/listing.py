"""One view function, three shapes: every page that lists records answers with its HTML, or with
`?format=csv|json|xlsx` the very rows it shows (same filters, same columns), written by the
records layer's one guarded writer (UTF-8 with BOM for CSV, formula cells guarded, streamed).

A page declares each of its tables once with `list_table` (route, name, columns, the element of the
page that shows the rows); `list_response` then renders or exports. A page with several tables
exports its first unless `?table=` names another. A download carries every row the page's filters
select (and the records switch keeps), not only the page of them the HTML shows. The registry
`LIST_TABLES` lets a test walk every list page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response
from fastapi.responses import StreamingResponse

from monotown.errors import InputError
from monotown.records.export import FORMATS, MEDIA_TYPES, export_chunks
from monotown.web.context import records_filter, request_records

Row = dict[str, Any]
Rows = Iterable[Row] | Callable[[], Iterable[Row]]
PAGE_ONLY = ("format", "table", "page")


@dataclass(frozen=True)
class ListTable:
    """A table of a page: its route, its name (file name, `?table=`), the row fields its columns
    show (the download's columns, in order) and the ids of the elements that show its rows."""

    route: str
    name: str
    columns: tuple[str, ...]
    element_ids: tuple[str, ...]


LIST_TABLES: dict[str, list[ListTable]] = {}


def list_table(
    route: str, name: str, columns: tuple[str, ...], element_ids: tuple[str, ...] = ()
) -> ListTable:
    """Declare (and register) a table a page lists; the element id defaults to the name."""
    table = ListTable(route, name, columns, element_ids or (name,))
    LIST_TABLES.setdefault(route, []).append(table)
    return table


def data_format(request: Request) -> str | None:
    """The data shape asked for (`?format=`), None for the page; an unknown one is a 422."""
    fmt = request.query_params.get("format") or "html"
    if fmt == "html":
        return None
    if fmt not in FORMATS:
        raise InputError(f"must be html or one of {', '.join(FORMATS)}", field="format", value=fmt)
    return fmt


def by_records(request: Request, rows: Iterable[Row]) -> list[Row]:
    """The rows the records switch (`?records=all|real|synthetic`, else the remembered choice)
    keeps: a row without a synthetic flag is real."""
    wanted = records_filter(request_records(request))
    if wanted is None:
        return list(rows)
    return [row for row in rows if bool(row.get("synthetic")) is wanted]


def download_links(request: Request, tables: Iterable[ListTable]) -> dict[str, dict[str, str]]:
    """For each table, the links to this page's own rows as CSV, JSON and XLSX (filters kept)."""
    base = request.url.remove_query_params(PAGE_ONLY)
    links: dict[str, dict[str, str]] = {}
    for index, table in enumerate(tables):
        extra = {} if index == 0 else {"table": table.name}
        links[table.name] = {
            fmt: f"{base.path}?{base.include_query_params(format=fmt, **extra).query}"
            for fmt in ("csv", "json", "xlsx")
        }
    return links


def list_response(
    request: Request,
    template: str,
    context: dict[str, Any],
    *tables: tuple[ListTable, Rows],
    partial: str | None = None,
) -> Response:
    """The page (or its `partial` template alone, when htmx swaps the table), or with `?format=`
    the rows of its first table (or of `?table=`) as data."""
    fmt = data_format(request)
    if fmt is None:
        from monotown.web.pages.common import pages

        if partial and request.headers.get("hx-target") == "table":
            template = partial
        links = download_links(request, [table for table, _rows in tables])
        return pages(request).render(request, template, {**context, "downloads": links})
    wanted = request.query_params.get("table") or tables[0][0].name
    chosen = next(((table, rows) for table, rows in tables if table.name == wanted), None)
    if chosen is None:
        names = ", ".join(table.name for table, _rows in tables)
        raise InputError(f"must be one of {names}", field="table", value=wanted)
    table, rows = chosen
    return StreamingResponse(
        export_chunks(rows() if callable(rows) else rows, table.columns, fmt, title=table.name),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{table.name}.{fmt}"'},
    )
