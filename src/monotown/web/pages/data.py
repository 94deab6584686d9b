"""Data imports from the dashboard: upload a file, preview every problem against its row, confirm
or cancel; the import history with undo."""

from __future__ import annotations

import math
from functools import partial
from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select

from monotown.accounts.roles import Permission
from monotown.data import batch_detail
from monotown.data.import_board import JobState
from monotown.data.uploads import discard_upload, get_upload, save_upload
from monotown.errors import MonotownError
from monotown.records.limits import BODY_MB, body_limit_bytes
from monotown.records.provenance import ImportBatch, get_batch, undo_batch
from monotown.web.api.access import origin
from monotown.web.api.imports import check_undo
from monotown.web.context import PrincipalDep, SessionDep
from monotown.web.import_jobs import start_import
from monotown.web.importing import (
    IMPORT_KINDS,
    VALUE_LAYOUTS,
    check_kind,
    import_answer,
    run_upload,
)
from monotown.web.pages.common import (
    VisitDep,
    code_query,
    page_query,
    pages,
    query_string,
    render_form,
)
from monotown.web.pages.forms import form_errors
from monotown.web.pages.listing import list_response, list_table
from monotown.web.rendering import N_, flash

router = APIRouter(include_in_schema=False)
HISTORY_PER_PAGE = 30
KIND_LABELS = {
    "values": N_("Indicator values (CSV, XLSX, DHIS2)"),
    "facts": N_("Program-level facts"),
    "plans": N_("Programs and plans"),
    "measures": N_("Measures of plans"),
    "projects": N_("Investment and anchor projects"),
    "project_statuses": N_("Status history of projects"),
    "budget": N_("Budget lines"),
    "directives": N_("Directives"),
    "contracts": N_("Offtake and long-term contracts"),
    "zones": N_("Industrial zones"),
    "works": N_("Infrastructure works"),
    "targets": N_("Targets"),
    "target_actuals": N_("Actual values of targets"),
    "agreements": N_("Agreements (memoranda, offtake and long-term contracts)"),
    "initiatives": N_("Program directions, groups, measures and regional programs"),
    "town_statements": N_("Statements about towns"),
    "reference": N_("Reference data"),
}
assert set(IMPORT_KINDS) <= set(KIND_LABELS)
BATCH_COLUMNS = (
    "id", "kind", "file_name", "user", "started_at", "n_new", "n_changed", "status",
)  # fmt: skip
HISTORY = list_table("/data/imports", "batches", BATCH_COLUMNS)
UPLOADS = list_table("/data", "batches", BATCH_COLUMNS)


def _batch_rows(session: SessionDep, kind: str | None) -> list[dict[str, Any]]:
    """Every batch (of a kind), newest first, as the history table shows it."""
    query = select(ImportBatch).order_by(ImportBatch.id.desc())
    if kind:
        query = query.where(ImportBatch.kind == kind)
    return [{column: getattr(batch, column) for column in BATCH_COLUMNS}
            for batch in session.scalars(query)]  # fmt: skip


def _history(session: SessionDep, kind: str | None, page: int) -> dict[str, Any]:
    query = select(ImportBatch)
    if kind:
        query = query.where(ImportBatch.kind == kind)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    batches = list(
        session.scalars(
            query.order_by(ImportBatch.id.desc())
            .offset((page - 1) * HISTORY_PER_PAGE)
            .limit(HISTORY_PER_PAGE)
        )
    )
    return {
        "batches": batches,
        "total": total,
        "page": page,
        "pages": max(1, math.ceil(total / HISTORY_PER_PAGE)),
    }


def _upload_context(session: SessionDep, **extra: Any) -> dict[str, Any]:
    return {
        "kinds": IMPORT_KINDS,
        "kind_labels": KIND_LABELS,
        "layouts": VALUE_LAYOUTS,
        "max_mb": BODY_MB.value,
        "errors": {},
        **_history(session, None, 1),
        **extra,
    }


def _upload_page(request: Request, session: SessionDep, **extra: Any) -> Response:
    return render_form(request, "data/index.html", _upload_context(session, **extra))


@router.get("/data", response_class=HTMLResponse)
def data_page(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    principal.require(Permission.edit_data)
    rows = partial(_batch_rows, session, None)
    return list_response(request, "data/index.html", _upload_context(session), (UPLOADS, rows))


@router.post("/data/upload", response_class=HTMLResponse)
async def upload(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    file: UploadFile = File(...),
    kind: str = Form("values"),
    layout: str = Form("auto"),
    replace_values: str | None = Form(None),
) -> Response:
    principal.require(Permission.edit_data)
    _ = pages(request).gettext(request)
    content = await file.read(body_limit_bytes() + 1)
    try:
        check_kind(kind, layout)
        saved = await run_in_threadpool(
            save_upload,
            session,
            username=principal.username,
            kind=kind,
            layout=layout,
            replace_values=replace_values == "on",
            file_name=file.filename or "upload",
            content=content,
        )
    except MonotownError as error:
        session.rollback()
        return _upload_page(request, session, errors=form_errors(error, _))
    return RedirectResponse(f"/data/uploads/{saved.token}", status_code=303)


def _preview(
    request: Request, session: SessionDep, principal: Any, token: str, **extra: Any
) -> Response:
    saved = get_upload(session, token, principal.username)
    outcome = import_answer(
        run_upload(session, saved, principal, dry_run=True, origin=origin(request))
    )
    translate = pages(request).gettext(request)
    # Fixed phrases of the data capability, in the reader's language.
    for issue in outcome["issues"]:
        issue["reason"] = translate(issue["reason"])
    context = {
        "upload": saved,
        "outcome": outcome,
        "kind_label": KIND_LABELS.get(saved.kind, saved.kind),
        **extra,
    }
    return pages(request).render(request, "data/preview.html", context)


@router.get("/data/uploads/{token}", response_class=HTMLResponse)
def preview(token: str, request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    """What importing the file would do, with every problem shown against its row."""
    principal.require(Permission.edit_data)
    return _preview(request, session, principal, token)


@router.post("/data/uploads/{token}/confirm", response_class=HTMLResponse)
def confirm(
    token: str,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    skip_invalid: str | None = Form(None),
) -> Response:
    """Import in a thread of its own: a small file's answer comes at once, a long one's is a
    page showing its progress (see `import_jobs`)."""
    principal.require(Permission.edit_data)
    get_upload(session, token, principal.username)
    session.commit()  # end the read before the import's own transaction writes
    job = start_import(
        request.app.state.sessions, request.app.state.import_board, token, principal,
        skip_invalid=skip_invalid == "on", origin=origin(request),
    )  # fmt: skip
    if not job.done.is_set():
        return RedirectResponse(f"/data/uploads/{token}/progress", status_code=303)
    return finished_import(request, session, principal, token, job.state())


def finished_import(
    request: Request, session: SessionDep, principal: Any, token: str, job: JobState
) -> Response:
    """Where a finished import leads: its batch, the history, or the preview with its problems."""
    _ = pages(request).gettext(request)
    if job.error is not None:
        raise job.error
    if job.status == "rejected":
        return _preview(request, session, principal, token,
                        message=_("The file has problems; nothing was imported."))  # fmt: skip
    if job.batch_id is None:
        flash(request, _("Nothing to import: every value is already stored."))
        return RedirectResponse("/data/imports", status_code=303)
    flash(request, _("Imported as batch %(id)s.") % {"id": job.batch_id})
    return RedirectResponse(f"/data/imports/{job.batch_id}", status_code=303)


@router.post("/data/uploads/{token}/cancel")
def cancel(token: str, request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    principal.require(Permission.edit_data)
    discard_upload(session, get_upload(session, token, principal.username))
    _ = pages(request).gettext(request)
    flash(request, _("Import cancelled; nothing was written."))
    return RedirectResponse("/data", status_code=303)


@router.get("/data/imports", response_class=HTMLResponse)
def history(visit: VisitDep, kind: str | None = code_query(), page: int = page_query()) -> Response:
    """Every import batch, newest first, with undo for those the user may undo."""
    request, session = visit.request, visit.session
    context = {
        **_history(session, kind, page),
        "kind": kind,
        "kind_labels": KIND_LABELS,
        "query": query_string({"kind": kind}),
    }
    rows = partial(_batch_rows, session, kind)
    return list_response(request, "data/imports.html", context, (HISTORY, rows))


@router.get("/data/imports/{batch_id}", response_class=HTMLResponse)
def batch_page(batch_id: int, visit: VisitDep) -> Response:
    request, session = visit.request, visit.session
    if not 1 <= batch_id <= 2**31 - 1:
        get_batch(session, 0)
    detail = batch_detail(session, batch_id)
    context = {"detail": detail, "batch": detail.batch, "kind_labels": KIND_LABELS}
    return pages(request).render(request, "data/batch.html", context)


@router.post("/data/imports/{batch_id}/undo")
def undo(batch_id: int, request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    _ = pages(request).gettext(request)
    batch = get_batch(session, batch_id)
    check_undo(session, principal, batch)
    try:
        undo_batch(session, batch_id, user=principal.username, origin=origin(request))
    except MonotownError as error:
        if error.http_status != 409:
            raise
        session.rollback()
        flash(request, error.message, "error")
        return RedirectResponse(f"/data/imports/{batch_id}", status_code=303)
    flash(request, _("Batch %(id)s undone.") % {"id": batch_id})
    return RedirectResponse(f"/data/imports/{batch_id}", status_code=303)
