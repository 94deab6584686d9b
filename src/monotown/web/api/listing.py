"""What every list endpoint shares: filtering, sorting and paging rows in memory, the page
envelope, JSON bytes for cached answers and CSV/XLSX exports.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import Any, Generic, TypeVar

from fastapi import Query
from fastapi.responses import Response
from pydantic import BaseModel

from monotown.records.export import spreadsheet_cell
from monotown.records.files import csv_text, xlsx_bytes

T = TypeVar("T")
MAX_PER_PAGE = 500


class Page(BaseModel, Generic[T]):
    """One page of a list: the items and how many match in total."""

    items: list[T]
    total: int
    page: int
    per_page: int


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


def sort_pattern(fields: Iterable[str]) -> str:
    return "^-?(" + "|".join(fields) + ")$"


def sort_query(fields: Sequence[str], default: str) -> Any:
    """A `sort` query parameter: a field name, with a leading '-' for descending order."""
    return Query(
        default,
        pattern=sort_pattern(fields),
        description=f"Field to sort by, '-' first for descending: {', '.join(fields)}.",
    )


PageQuery = Query(1, ge=1, le=1_000_000, description="Page number, from 1.")
PerPageQuery = Query(50, ge=1, le=MAX_PER_PAGE, description="Items per page (at most 500).")


def _sort_key(field: str) -> Callable[[dict[str, Any]], tuple[int, Any]]:
    def key(row: dict[str, Any]) -> tuple[int, Any]:
        value = row.get(field)
        if isinstance(value, str):
            return (0, value.casefold())
        if isinstance(value, list):
            return (0, ", ".join(map(str, value)).casefold())
        return (0, value) if value is not None else (1, 0)

    return key


def sort_rows(rows: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    """Rows sorted by one field; missing values always last."""
    field = sort.lstrip("-")
    present = [row for row in rows if row.get(field) not in (None, [], "")]
    missing = [row for row in rows if row.get(field) in (None, [], "")]
    present.sort(key=_sort_key(field), reverse=sort.startswith("-"))
    return present + missing


def matches_text(row: dict[str, Any], fields: Sequence[str], text: str | None) -> bool:
    """Case-insensitive substring search over some fields (Cyrillic included)."""
    if not text:
        return True
    needle = text.casefold().replace("ё", "е").strip()
    for field in fields:
        value = row.get(field)
        values = value if isinstance(value, list) else [value]
        for item in values:
            if item is not None and needle in str(item).casefold().replace("ё", "е"):
                return True
    return False


def paginate(rows: list[dict[str, Any]], page: int, per_page: int) -> dict[str, Any]:
    start = (page - 1) * per_page
    return {
        "items": rows[start : start + per_page],
        "total": len(rows),
        "page": page,
        "per_page": per_page,
    }


def _json_default(value: Any) -> Any:
    """Dates as ISO 8601; stored timestamps are UTC without a zone, so they get a 'Z'."""
    if isinstance(value, dt.datetime):
        return value.isoformat() + ("Z" if value.tzinfo is None else "")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def json_bytes(payload: Any) -> bytes:
    return json.dumps(
        payload, ensure_ascii=False, separators=(",", ":"), default=_json_default
    ).encode()


def json_response(body: bytes, status_code: int = 200) -> Response:
    return Response(body, status_code=status_code, media_type="application/json")


def export_response(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: ExportFormat, name: str
) -> Response:
    """The rows as a CSV (UTF-8 with BOM, so spreadsheets read Cyrillic) or an XLSX download."""
    table = ([spreadsheet_cell(row.get(column)) for column in columns] for row in rows)
    if fmt is ExportFormat.csv:
        return Response(
            ("\ufeff" + csv_text(columns, table)).encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    out = xlsx_bytes([(name, columns, table)])
    return Response(
        out,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
    )
