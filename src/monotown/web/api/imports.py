"""/api/v1/imports: upload a file of indicator values or program records (preview with every
problem against its row, or import as one batch), list batches, and undo a batch."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Path, Query, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.accounts.roles import Permission, Principal
from monotown.data import batch_detail
from monotown.data.uploads import Upload, check_size, file_format
from monotown.errors import PermissionDeniedError
from monotown.records.limits import body_limit_bytes
from monotown.records.provenance import ImportBatch, get_batch, undo_batch
from monotown.web.api.access import origin
from monotown.web.api.listing import Page, json_bytes, json_response
from monotown.web.api.numbered import PagingDep, sql_page
from monotown.web.context import PrincipalDep, SessionDep
from monotown.web.importing import (
    IMPORT_KINDS,
    REJECTED,
    VALUES_KIND,
    batch_region_ids,
    check_kind,
    import_answer,
    run_upload,
)

router = APIRouter(prefix="/imports", tags=["data: imports"])
BatchId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class ProblemOut(BaseModel):
    file: str
    row: int | None
    field: str | None
    reason: str
    value: str | None
    line: str = Field(description="The problem in one line: file:row: field 'f' value 'v': reason.")


class Issue(BaseModel):
    row: int | None
    column: str | None
    value: Any
    reason: str


class ImportOut(BaseModel):
    """The records layer's one import report (as `/api/v1/records/{kind}/import` answers), plus
    the names this answer had before, kept as aliases (`file_name` = file, `rows_total` = rows,
    `n_new` = created, `n_changed` = updated, `n_unchanged` = unchanged, `n_invalid` = skipped,
    `issues` = problems as row, column, value, reason; `n_issues` counts every problem)."""

    kind: str
    file: str
    status: str = Field(description="dry-run, committed, no-op or rejected (422).")
    rows: int
    created: int
    updated: int
    unchanged: int
    skipped: int = Field(description="Rows (values) with problems, left out or refusing the file.")
    changed: int
    summary: str
    problems: list[ProblemOut] = Field(description="Every problem (up to 1,000) against its row.")
    warnings: list[str]
    batch_id: int | None
    dry_run: bool
    details: dict[str, Any]
    undo: str | None = None
    file_name: str
    rows_total: int
    n_new: int
    n_changed: int
    n_unchanged: int
    n_invalid: int
    n_issues: int
    issues: list[Issue]


class BatchOut(BaseModel):
    id: int
    kind: str
    file_name: str | None
    format: str | None
    user: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: str
    rows_total: int
    n_new: int
    n_changed: int
    n_unchanged: int
    n_invalid: int
    note: str | None
    undone_at: dt.datetime | None
    undone_by: str | None


class Count(BaseModel):
    name: str
    values: int


class BatchDetailOut(BatchOut):
    values_stored: int
    values_replaced: int
    by_indicator: list[Count]
    by_settlement: list[Count]


BATCH_FIELDS = tuple(BatchOut.model_fields)


def batch_row(batch: ImportBatch) -> dict[str, Any]:
    return {name: getattr(batch, name) for name in BATCH_FIELDS}


@router.post(
    "",
    response_model=ImportOut,
    responses={201: {"model": ImportOut, "description": "Imported as a new batch"}},
    summary="Preview or import a file",
)
async def import_upload(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    file: UploadFile = File(
        description="CSV, XLSX or DHIS2 JSON/CSV (50 MB at most, MONOTOWN_MAX_UPLOAD_MB)."
    ),
    kind: str = Form(VALUES_KIND, description=f"What the file holds: {', '.join(IMPORT_KINDS)}."),
    layout: Literal["auto", "long", "wide", "dhis2"] = Form("auto"),
    replace_values: bool = Form(False, description="Replace stored values that differ."),
    dry_run: bool = Form(False, description="Check only: report what would happen."),
    skip_invalid: bool = Form(False, description="Import the valid rows, skip the others."),
) -> Response:
    """Checks every row; with problems nothing is written (unless `skip_invalid`), and the answer
    (422, status `rejected`) lists each problem with its file, row, field, value and reason. The
    answer is the records layer's one import report (a dry run has status `dry-run`; before,
    `preview`), with the older field names kept as aliases."""
    principal.require(Permission.edit_data)
    check_kind(kind, layout)
    content = await file.read(body_limit_bytes() + 1)
    name = file.filename or "upload"
    upload = Upload(
        kind=kind, layout=layout, replace_values=replace_values, format=file_format(name),
        file_name=name, content=content, size=len(content), username=principal.username,
    )  # fmt: skip
    check_size(content, name)
    # Reading and checking a file takes seconds: a worker thread does it, so the event loop keeps
    # answering everyone else meanwhile.
    report = await run_in_threadpool(
        run_upload, session, upload, principal, dry_run=dry_run, skip_invalid=skip_invalid,
        origin=origin(request),
    )  # fmt: skip
    body = import_answer(report)
    if report.status == REJECTED:
        detail = f"{body['n_issues']} problem(s) in {report.file}; nothing was imported"
        if report.problems:
            detail = f"{report.problems[0].line()} ({detail})"
        return json_response(json_bytes({"detail": detail, **body}), 422)
    return json_response(json_bytes(body), 201 if report.status == "committed" else 200)


@router.get("", response_model=Page[BatchOut], summary="List import batches")
def list_batches(
    session: SessionDep,
    principal: PrincipalDep,
    numbered: PagingDep,
    kind: str | None = Query(None, max_length=32),
    status: Literal["committed", "undone"] | None = None,
    user: str | None = Query(None, max_length=120),
) -> Response:
    """Every import batch (values, program records, reference loads), newest first."""
    principal.require(Permission.read)
    query = select(ImportBatch)
    for column, value in ((ImportBatch.kind, kind), (ImportBatch.status, status),
                          (ImportBatch.user, user)):  # fmt: skip
        if value:
            query = query.where(column == value)
    page = sql_page(session, query, ImportBatch.id.desc(), numbered, batch_row)
    return json_response(json_bytes(page))


@router.get("/{batch_id}", response_model=BatchDetailOut, summary="Get an import batch")
def get_one(batch_id: BatchId, session: SessionDep, principal: PrincipalDep) -> Response:
    principal.require(Permission.read)
    detail = batch_detail(session, batch_id)
    return json_response(
        json_bytes(
            {
                **batch_row(detail.batch),
                "values_stored": detail.values_stored,
                "values_replaced": detail.values_replaced,
                "by_indicator": [{"name": n, "values": c} for n, c in detail.by_indicator],
                "by_settlement": [{"name": n, "values": c} for n, c in detail.by_settlement],
            }
        )
    )


def check_undo(session: Session, principal: Principal, batch: ImportBatch) -> None:
    """Analysts and admins undo any batch; regional editors only batches within their regions."""
    principal.require(Permission.edit_data)
    if principal.region_scoped and batch.kind == "deletion" and batch.user != principal.username:
        raise PermissionDeniedError("regional editors undo only the deletions they made")
    if principal.region_scoped:
        regions = batch_region_ids(session, batch.id, batch.kind)
        principal.require_regions(regions or set(), f"import batch {batch.id}")


@router.post("/{batch_id}/undo", response_model=BatchOut, summary="Undo an import batch")
def undo(
    batch_id: BatchId, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """Restore exactly the state before the batch (refused while later batches build on it)."""
    check_undo(session, principal, get_batch(session, batch_id))
    batch = undo_batch(session, batch_id, user=principal.username, origin=origin(request))
    return json_response(json_bytes(batch_row(batch)))
