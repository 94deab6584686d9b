"""/api/v1/records/{kind}: every kind of record, listed, exported and deleted the same way.

One router factory (`kind_router`) builds each kind's routes from its descriptor in the kinds
table (`monotown.catalog`): a list with the records layer's filter vocabulary
(`?column__operator=value`), `q`, `sort`, `records=all|real|synthetic` and keyset pages (`after`,
with a `Link: rel="next"` header), in JSON, CSV or XLSX (`format`); one record; and a delete that
is an undoable batch (undo: POST /api/v1/imports/{batch}/undo or /api/v1/records/batches/{id}/undo).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown import catalog
from monotown.errors import NotFoundError
from monotown.records.export import FORMATS, MEDIA_TYPES, export_chunks
from monotown.records.kinds import Actor, Kind, Row
from monotown.records.provenance import get_batch
from monotown.records.query import (
    MAX_PAGE,
    RECORDS_CHOICES,
    list_rows,
    page_rows,
    parse_filters,
    records_filters,
)
from monotown.registry.models import Region
from monotown.web.api.access import cached, origin, require_admin_for_regions
from monotown.web.api.listing import json_bytes, json_response
from monotown.web.auth.roles import Permission, Principal
from monotown.web.context import PrincipalDep, SessionDep

RESERVED = frozenset({"q", "sort", "after", "size", "format", "records", "force"})
# Who may delete records of a capability's kinds (regions: admins only, see below).
DELETE_PERMISSION = {
    "registry": Permission.edit_registry,
    "data": Permission.edit_data,
    "program": Permission.edit_data,
    "events": Permission.manage_users,
    "assess": Permission.manage_users,
}
ADMIN_KINDS = frozenset({"indicators", "bodies", "events", "runs"})


class KindColumnOut(BaseModel):
    name: str
    type: str
    description: str


class KindOut(BaseModel):
    key: str
    title: str
    capability: str
    description: str
    key_column: str
    columns: list[KindColumnOut]
    sort_keys: list[str]
    default_sort: str
    group_bys: list[str]
    region_column: str | None
    synthetic_column: str | None
    name_fields: list[str]
    deletable: bool
    url: str = Field(description="Where its records are listed.")


class DeletedOut(BaseModel):
    kind: str
    key: str
    batch_id: int = Field(description="The deletion batch; undo it to restore the record.")
    undo: str = Field(description="POST here to undo the deletion.")


def describe(kind: Kind) -> dict[str, Any]:
    return {
        "key": kind.key, "title": kind.title, "capability": kind.capability,
        "description": kind.description, "key_column": kind.key_column,
        "columns": [
            {"name": c.name, "type": c.type, "description": c.description} for c in kind.columns
        ],
        "sort_keys": list(kind.sorts), "default_sort": kind.sort,
        "group_bys": list(kind.group_bys), "region_column": kind.region_column,
        "synthetic_column": kind.synthetic_column, "name_fields": list(kind.name_fields),
        "deletable": kind.delete is not None, "url": f"/api/v1/records/{kind.key}",
    }  # fmt: skip


def stored_rows(request: Request, session: Session, kind: Kind) -> list[Row]:
    """A kind's rows, built once per data state (the read cache)."""
    return cached(request, session, ("records", kind.key), lambda: kind.rows(session))


def selected(
    request: Request, session: Session, kind: Kind, *, extra: dict[str, str] | None = None
) -> list[Row]:
    """The rows a request's filters, `q`, `records` and `sort` select, in order."""
    params = request.query_params
    given = {name: value for name, value in params.items() if name not in RESERVED}
    filters = parse_filters(kind, {**given, **(extra or {})})
    filters += records_filters(kind, params.get("records"))
    return list_rows(
        kind, stored_rows(request, session, kind), filters=filters, q=params.get("q"),
        sort=params.get("sort"),
    )  # fmt: skip


def download(rows: list[Row], kind: Kind, fmt: str, columns: tuple[str, ...] = ()) -> Response:
    """All the rows as a streamed CSV (UTF-8 with BOM), XLSX or JSON file, cells guarded."""
    names = columns or kind.column_names
    return StreamingResponse(
        export_chunks(rows, names, fmt, title=kind.key),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{kind.key}.{fmt}"'},
    )


def _page_response(
    request: Request, kind: Kind, rows: list[Row], after: str | None, size: int
) -> Response:
    page = page_rows(kind, rows, after=after, size=size)
    body: dict[str, Any] = {"items": page.items, "total": page.total, "next": None}
    headers = {}
    if page.next_after:
        link = str(request.url.include_query_params(after=page.next_after))
        body["next"] = link
        headers["Link"] = f'<{link}>; rel="next"'
    response = json_response(json_bytes(body))
    response.headers.update(headers)
    return response


def check_delete(session: Session, principal: Principal, kind: Kind, row: Row) -> None:
    """The role may delete this kind, and a regional editor only records of their regions."""
    if kind.key == "regions":
        require_admin_for_regions(principal)
        return
    principal.require(
        Permission.manage_users if kind.key in ADMIN_KINDS else DELETE_PERMISSION[kind.capability]
    )
    if not principal.region_scoped or kind.capability == "program":
        return  # program deletions check the towns they touch themselves
    codes = row.get(kind.region_column) if kind.region_column else None
    wanted = codes if isinstance(codes, list) else [codes] if codes else []
    ids = set(session.scalars(select(Region.id).where(Region.code.in_(wanted))))
    principal.require_regions(ids, f"{kind.key} '{row.get(kind.key_column)}'")


def find(request: Request, session: Session, kind: Kind, key: str) -> Row:
    for row in stored_rows(request, session, kind):
        if str(row.get(kind.key_column)) == key:
            return row
    raise NotFoundError(f"no {kind.key} record with {kind.key_column} '{key}'")


def delete_record(
    request: Request, session: Session, principal: Principal, kind: Kind, key: str, force: bool
) -> int:
    """Delete through the kind's capability; the batch id."""
    if kind.delete is None:
        raise NotFoundError(f"{kind.key} records cannot be deleted")
    check_delete(session, principal, kind, find(request, session, kind, key))
    actor = Actor(principal.username, origin(request), principal)
    return kind.delete(session, key, actor, force)


FORMAT = Query("json", pattern="^(json|csv|xlsx)$", description="json (a page), csv or xlsx.")
RECORDS = Query(None, pattern="^(all|real|synthetic)$", description="Real or demo records.")


def kind_router(kind: Kind) -> APIRouter:
    """The routes of one kind: list (with export formats), export, one record, delete."""
    router = APIRouter(prefix=f"/records/{kind.key}", tags=[f"records: {kind.key}"])
    filters_help = (
        f"Filters: any column as `column__operator=value` ({', '.join(kind.filters)}); "
        "operators exact, not, contains, startswith, gt, gte, lt, lte, in, notin, isnull."
    )

    @router.get("", summary=f"List {kind.title.lower()}", description=filters_help)
    def list_kind(
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
        q: str | None = Query(None, max_length=200, description="Text in the search columns."),
        sort: str | None = Query(None, max_length=64, description="A sort key, '-' first."),
        after: str | None = Query(None, max_length=400, description="The next page's cursor."),
        size: int = Query(50, ge=1, le=MAX_PAGE, description="Rows per page."),
        records: str | None = RECORDS,
        format: str = FORMAT,
    ) -> Response:
        principal.require(Permission.read)
        rows = selected(request, session, kind)
        if format != "json":
            return download(rows, kind, format)
        return _page_response(request, kind, rows, after, size)

    @router.get("/export", summary=f"Export {kind.title.lower()}", description=filters_help)
    def export_kind(
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
        format: str = Query("csv", pattern="^(json|csv|xlsx)$"),
        records: str | None = RECORDS,
    ) -> Response:
        principal.require(Permission.read)
        return download(selected(request, session, kind), kind, format)

    @router.get("/{key:path}", summary=f"One of the {kind.title.lower()}")
    def get_kind(
        key: str, request: Request, session: SessionDep, principal: PrincipalDep
    ) -> Response:
        principal.require(Permission.read)
        return json_response(json_bytes(find(request, session, kind, key)))

    if kind.delete is not None:

        @router.delete("/{key:path}", response_model=DeletedOut, summary=f"Delete from {kind.key}")
        def delete_kind(
            key: str,
            request: Request,
            session: SessionDep,
            principal: PrincipalDep,
            force: bool = Query(False, description="Also delete what depends on it (values)."),
        ) -> Response:
            """Delete one record as an undoable batch; the audit log keeps its last values."""
            batch_id = delete_record(request, session, principal, kind, key, force)
            undo = f"/api/v1/imports/{batch_id}/undo"
            body = {"kind": kind.key, "key": key, "batch_id": batch_id, "undo": undo}
            return json_response(json_bytes(body))

    return router


def records_router() -> APIRouter:
    """The kinds table (`GET /records`) and one router per kind."""
    router = APIRouter(tags=["records"])

    @router.get("/records", response_model=list[KindOut], summary="Every kind of record")
    def list_kinds(principal: PrincipalDep) -> list[dict[str, Any]]:
        """Each kind: key, columns (type, description), sort keys, group-bys, region column,
        synthetic flag and name fields; its records are under `url`."""
        principal.require(Permission.read)
        return [describe(kind) for kind in catalog.kinds()]

    @router.post("/records/batches/{batch_id}/undo", summary="Undo a batch (an import, a deletion)")
    def undo_batch(
        batch_id: int, request: Request, session: SessionDep, principal: PrincipalDep
    ) -> Response:
        """Restore exactly the state before the batch, as POST /api/v1/imports/{id}/undo."""
        from monotown.web.api.imports import batch_row, check_undo

        check_undo(session, principal, get_batch(session, batch_id))
        batch = catalog.undo(session, batch_id, user=principal.username, origin=origin(request))
        return json_response(json_bytes(batch_row(batch)))

    for kind in catalog.kinds():
        router.include_router(kind_router(kind))
    return router


__all__ = ["FORMATS", "RECORDS_CHOICES", "download", "kind_router", "records_router", "selected"]
