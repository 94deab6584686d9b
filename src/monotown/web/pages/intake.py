"""The intake review page: paste or upload a press text, see each proposal highlighted in it
beside an editable table (bodies, deadline, towns; drop a row, add a missed one), accept the
table as one import batch, and see what was stored with the batch to undo."""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.accounts.roles import Permission
from monotown.errors import InputError, MonotownError
from monotown.i18n import SUPPORTED_LANGUAGES
from monotown.intake.input import MAX_BYTES, decode_text
from monotown.intake.model import Proposal
from monotown.intake.store import AcceptResult, accept_review
from monotown.intake.submission import propose_submitted
from monotown.models.names import localised
from monotown.program.bodies import body_name
from monotown.program.body_models import Body
from monotown.registry.models import Settlement
from monotown.web.api.access import origin
from monotown.web.api.intake import result_links
from monotown.web.context import PrincipalDep, SessionDep, request_language
from monotown.web.intake_models import editable, review_from
from monotown.web.intake_views import accept_in, form_rows, segments
from monotown.web.pages.common import Visit, pages, visit_as

router = APIRouter(include_in_schema=False)


def _lf(text: str) -> str:
    """Line breaks as one LF: browsers send a form's line breaks as CRLF, which would move
    every span and change the text's SHA-256 between the review and the accept step."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _choices(session: Session, language: str) -> dict[str, list[tuple[str, str]]]:
    bodies = [(body.code, body_name(body, language)[0]) for body in session.scalars(
        select(Body).order_by(Body.code))]  # fmt: skip
    names = select(Settlement.code, Settlement.name_en, Settlement.name_ru, Settlement.name_kk)
    towns = [
        (row.code, localised(row._mapping, language))
        for row in session.execute(names.order_by(Settlement.code))
    ]
    return {"bodies": bodies, "towns": towns}


def _index(request: Request, form: dict[str, str], error: str | None = None) -> Response:
    context = {
        "form": form,
        "error": error,
        "text_languages": SUPPORTED_LANGUAGES,
        "max_kb": MAX_BYTES // 1000,
    }
    status = 422 if error else 200
    return pages(request).render(request, "intake/index.html", context, status_code=status)


def _review_page(
    request: Request,
    session: Session,
    form: dict[str, str],
    rows: dict[str, list[dict[str, Any]]],
    proposal: Proposal | None,
    error: str | None = None,
) -> Response:
    for kind in ("directives", "figures"):
        for row in rows[kind]:
            row.setdefault("keep", True)
            row.setdefault("row", secrets.token_hex(4))
    choices = _choices(session, request_language(request))
    context = {
        "form": form,
        "rows": rows,
        "segments": segments(form["text"], rows),
        "proposal": proposal,
        "error": error,
        "body_names": dict(choices["bodies"]),
        "town_names": dict(choices["towns"]),
        "choices": choices,
    }
    status = 422 if error else 200
    return pages(request).render(request, "intake/review.html", context, status_code=status)


@router.get("/intake", response_class=HTMLResponse)
def intake_page(request: Request, principal: PrincipalDep) -> Response:
    principal.require(Permission.edit_data)
    return _index(request, {})


@router.get("/intake/rows/{kind}", response_class=HTMLResponse)
def new_row(kind: str, request: Request, principal: PrincipalDep) -> Response:
    """An empty row for the review table (fetched by htmx when the analyst adds one)."""
    principal.require(Permission.edit_data)
    if kind not in ("directive", "figure"):
        raise InputError("must be directive or figure", field="kind", value=kind)
    row = {"row": secrets.token_hex(4), "keep": True, "new": True}
    return pages(request).render(request, f"intake/_{kind}_row.html", {"row": row})


@router.post("/intake/review", response_class=HTMLResponse)
def review(
    visit: Visit = visit_as(Permission.edit_data),
    text: str = Form(""),
    file: UploadFile | None = File(None),
    date: str = Form(""),
    lang: str = Form(""),
    publisher: str = Form(""),
) -> Response:
    request, session = visit.request, visit.session
    _ = pages(request).gettext(request)
    form = {"text": _lf(text), "date": date.strip(), "lang": lang, "publisher": publisher.strip()}
    try:
        if file is not None and file.filename:
            data = file.file.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                raise InputError(f"is larger than {MAX_BYTES} bytes", file=file.filename)
            form["text"] = _lf(decode_text(data, file.filename))
        if not form["text"].strip():
            raise InputError(_("paste a text or choose a file"), field="text")
        language = lang if lang in SUPPORTED_LANGUAGES else None
        proposal = propose_submitted(form["text"], form["date"] or None, language)  # type: ignore[arg-type]
        if not proposal.directives and not proposal.figures:
            raise InputError("no directives or figures found; nothing to propose", field="text")
    except MonotownError as error:
        return _index(request, form, error.message)
    return _review_page(request, session, form, editable(proposal), proposal)


@router.post("/intake/accept", response_class=HTMLResponse)
async def accept(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    principal.require(Permission.edit_data)
    submitted = {key: str(value) for key, value in (await request.form()).items()}
    submitted["text"] = _lf(submitted.get("text", ""))
    form = {name: submitted.get(name, "") for name in ("text", "date", "lang", "publisher")}

    def store() -> Response:
        rows = form_rows(submitted)
        try:
            body = accept_in(submitted, rows)
            proposal = propose_submitted(body.text, body.date, body.text_language())
            result = accept_review(
                session,
                review_from(body, proposal),
                user=principal.username,
                origin=origin(request),
                scope=principal,
                file_name="text submitted on the review page",
            )
        except MonotownError as error:
            session.rollback()
            if error.http_status != 422:
                raise
            return _review_page(request, session, form, rows, None, error.message)
        return _result(request, result)

    return await run_in_threadpool(store)


def _result(request: Request, result: AcceptResult) -> Response:
    context = {"result": result, "links": result_links(result)}
    return pages(request).render(request, "intake/result.html", context)
