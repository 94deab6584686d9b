"""/api/v1/records/{kind}: every kind of record, listed, exported and deleted the same way.

One set of routes (`kinds_router`) serves every kind from its descriptor in the kinds table
(`monotown.catalog`): a list with the records layer's filter vocabulary
(`?column__operator=value`), `q`, `sort`, `records=all|real|synthetic` and keyset pages (`after`,
with a `Link: rel="next"` header), in JSON, CSV or XLSX (`format`); one record; and a delete that
is an undoable batch (undo: POST /api/v1/imports/{batch}/undo or /api/v1/records/batches/{id}/undo);
and an import of an uploaded file (`POST /records/{kind}/import`, dry run and skip-invalid as
options), answered in the records layer's one report shape.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path as FilePath
from typing import Any

from fastapi import APIRouter, File, Form, Path, Query, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from monotown import catalog
from monotown.accounts.roles import Permission, Principal
from monotown.data.uploads import check_size
from monotown.errors import ImportProblems, NotFoundError, PermissionDeniedError
from monotown.records.export import FORMATS
from monotown.records.imports import ImportRequest, import_records, importer_of
from monotown.records.kinds import Actor, Kind
from monotown.records.limits import body_limit_bytes
from monotown.records.provenance import get_batch
from monotown.records.query import (
    MAX_PAGE,
    RECORDS_CHOICES,
)
from monotown.web.api.access import origin
from monotown.web.api.kind_views import (
    ADMIN_KINDS,
    DELETE_PERMISSION,
    delete_record,
    download,
    find,
    keyset_response,
    selected,
    served_export,
    served_record,
)
from monotown.web.api.listing import json_bytes, json_response
from monotown.web.api.values import records_page as values_page
from monotown.web.context import PrincipalDep, SessionDep


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
    importable: bool
    not_importable: str | None = Field(description="Why a kind cannot be imported from a file.")
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
        "deletable": kind.delete is not None, "importable": kind.importer is not None,
        "not_importable": kind.not_importable, "url": f"/api/v1/records/{kind.key}",
    }  # fmt: skip


FORMAT = Query("json", pattern="^(json|csv|xlsx)$", description="json (a page), csv or xlsx.")
RECORDS = Query(None, pattern="^(all|real|synthetic)$", description="Real or demo records.")


KIND = Path(
    ...,
    max_length=64,
    description="A kind of record (`GET /api/v1/records` lists them), e.g. regions, values.",
)
FILTERS_HELP = (
    "Filters: any column of the kind as `column__operator=value` (the columns are in `GET "
    "/api/v1/records`); operators exact, not, contains, startswith, gt, gte, lt, lte, in, notin, "
    "isnull."
)


SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")
# Kinds whose importers check a regional editor's rows against the editor's regions.
REGION_CHECKED = frozenset({"data", "program"})


def check_import(principal: Principal, kind: Kind) -> None:
    """The role that may delete a kind may import it; regional editors import only values and
    program records, whose rows are checked against their regions."""
    principal.require(
        Permission.manage_users if kind.key in ADMIN_KINDS else DELETE_PERMISSION[kind.capability]
    )
    if principal.region_scoped and (
        kind.capability not in REGION_CHECKED or kind.key in ADMIN_KINDS
    ):
        raise PermissionDeniedError(
            f"regional editors cannot import {kind.key}: ask an analyst or an administrator"
        )


def run_import(
    session: Session,
    kind: Kind,
    content: bytes,
    name: str,
    actor: Actor,
    options: tuple[bool, bool],
) -> dict[str, Any]:
    """Import uploaded bytes, kept under their file name's ending (which tells the format)."""
    dry_run, skip_invalid = options
    with tempfile.TemporaryDirectory() as folder:
        suffix = FilePath(name).suffix.lower()
        path = FilePath(folder) / ("upload" + (suffix if SUFFIX.match(suffix) else ".csv"))
        path.write_bytes(content)
        report = import_records(
            session, kind, ImportRequest(path, name, actor, skip_invalid), dry_run=dry_run
        )
    return report.to_dict()


def problems_response(error: ImportProblems) -> Response:
    """422 with the first problem as the one-line `detail` and every problem in `problems`."""
    lines = [problem.message for problem in error.problems]
    detail = lines[0]
    if len(lines) > 1:
        detail += f" (and {len(lines) - 1} more problem(s); nothing was imported)"
    return json_response(json_bytes({"detail": detail, "problems": lines}), error.http_status)


def kinds_router() -> APIRouter:
    """The routes every kind shares, its key a path parameter: list (with export formats),
    export, one record, delete. One set of routes, so the API documentation stays short."""
    router = APIRouter(prefix="/records/{kind}")

    @router.get("", summary="List the records of a kind", description=FILTERS_HELP)
    def list_kind(
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
        kind: str = KIND,
        q: str | None = Query(None, max_length=200, description="Text in the search columns."),
        sort: str | None = Query(None, max_length=64, description="A sort key, '-' first."),
        after: str | None = Query(None, max_length=400, description="The next page's cursor."),
        size: int = Query(50, ge=1, le=MAX_PAGE, description="Rows per page."),
        records: str | None = RECORDS,
        format: str = FORMAT,
    ) -> Response:
        principal.require(Permission.read)
        described = catalog.kind(kind)
        if described.served_at is not None:
            if format != "json":
                return served_export(request, described)
            return values_page(request, session, size, after)
        rows = selected(request, session, described)
        if format != "json":
            return download(rows, described, format)
        return keyset_response(request, described, rows, after, size)

    @router.get("/export", summary="Export the records of a kind", description=FILTERS_HELP)
    def export_kind(
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
        kind: str = KIND,
        format: str = Query("csv", pattern="^(json|csv|xlsx)$"),
        records: str | None = RECORDS,
    ) -> Response:
        principal.require(Permission.read)
        described = catalog.kind(kind)
        if described.served_at is not None:
            return served_export(request, described)
        return download(selected(request, session, described), described, format)

    @router.post("/import", summary="Import a file of records of a kind")
    async def import_kind(
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
        kind: str = KIND,
        file: UploadFile = File(description="A CSV file (XLSX too for values and program kinds)."),
        dry_run: bool = Form(False, description="Check and count only; store nothing."),
        skip_invalid: bool = Form(False, description="Import the good rows, report the bad."),
    ) -> Response:
        """Create or update records from the file as one undoable batch (201; 200 for a dry run
        or nothing to change). A row with a problem refuses the file, nothing stored (422 naming
        file, row, field and reason), unless `skip_invalid`; a kind that cannot be imported is a
        422 saying why."""
        described = catalog.kind(kind)
        check_import(principal, described)
        importer_of(described)
        name = file.filename or "upload.csv"
        content = await file.read(body_limit_bytes() + 1)
        check_size(content, name)
        actor = Actor(principal.username, origin(request), principal)
        try:
            body = await run_in_threadpool(
                run_import, session, described, content, name, actor, (dry_run, skip_invalid)
            )
        except ImportProblems as error:
            return problems_response(error)
        return json_response(json_bytes(body), 201 if body["status"] == "committed" else 200)

    @router.get("/{key:path}", summary="One record of a kind")
    def get_kind(
        key: str,
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
        kind: str = KIND,
    ) -> Response:
        principal.require(Permission.read)
        described = catalog.kind(kind)
        if (elsewhere := served_record(described, key)) is not None:
            return elsewhere
        return json_response(json_bytes(find(request, session, described, key)))

    @router.delete("/{key:path}", response_model=DeletedOut, summary="Delete one record")
    def delete_kind(
        key: str,
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
        kind: str = KIND,
        force: bool = Query(False, description="Also delete what depends on it (values)."),
    ) -> Response:
        """Delete one record as an undoable batch; the audit log keeps its last values."""
        described = catalog.kind(kind)
        if described.delete is None:
            raise NotFoundError(f"records of kind '{described.key}' cannot be deleted")
        batch_id = delete_record(request, session, principal, described, key, force)
        undo = f"/api/v1/imports/{batch_id}/undo"
        body = {"kind": described.key, "key": key, "batch_id": batch_id, "undo": undo}
        return json_response(json_bytes(body))

    return router


def records_router() -> APIRouter:
    """The kinds table (`GET /records`), undo, and the routes every kind shares."""
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

    router.include_router(kinds_router())
    return router


__all__ = ["FORMATS", "RECORDS_CHOICES", "describe", "kinds_router", "records_router"]
