"""Adding, editing and deleting settlements from the dashboard (same rules as the API)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from monotown.data.settlement_values import delete_settlement
from monotown.errors import ConflictError, MonotownError
from monotown.registry.editing import (
    create_settlement,
    get_settlement,
    settlement_record,
    update_settlement,
)
from monotown.registry.models import SETTLEMENT_KINDS
from monotown.web.api.access import check_settlement_write, origin
from monotown.web.context import PrincipalDep, SessionDep, request_language
from monotown.web.pages.common import pages, regions, render_form
from monotown.web.pages.forms import form_errors
from monotown.web.rendering import flash, localised

router = APIRouter(include_in_schema=False)

FIELDS = (
    "code",
    "kind",
    "name_en",
    "name_ru",
    "name_kk",
    "region",
    "latitude",
    "longitude",
    "parent",
    "note",
)


async def _submitted(request: Request) -> dict[str, Any]:
    form = await request.form()
    values: dict[str, Any] = {field: str(form.get(field) or "").strip() for field in FIELDS}
    values["synthetic"] = form.get("synthetic") == "on"
    for field in ("name_kk", "parent", "note", "latitude", "longitude"):
        values[field] = values[field] or None
    return values


def _form(
    request: Request, session: SessionDep, principal: Any, values: dict[str, Any], **extra: Any
) -> Response:
    lang = request_language(request)
    choices = [
        row
        for row in regions(request, session)
        if not principal.region_scoped or row["code"] in principal.region_codes
    ]
    context = {
        "values": values,
        "kinds": SETTLEMENT_KINDS,
        "regions": sorted(choices, key=lambda row: localised(row, lang)),
        "errors": {},
        **extra,
    }
    return render_form(request, "towns/form.html", context)


@router.get("/towns/new", response_class=HTMLResponse)
def new_town(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    check_settlement_write(session, principal, None, None)
    return _form(request, session, principal, {"kind": "town", "synthetic": False}, creating=True)


@router.post("/towns/new", response_class=HTMLResponse)
async def create_town(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    values = await _submitted(request)
    _ = pages(request).gettext(request)
    try:
        check_settlement_write(session, principal, None, values["region"] or None)
        created = create_settlement(
            session, values, user=principal.username, origin=origin(request)
        )
    except MonotownError as error:
        if error.http_status in (401, 403):
            raise
        session.rollback()
        return _form(
            request, session, principal, values, creating=True, errors=form_errors(error, _)
        )
    flash(request, _("Settlement saved."))
    return RedirectResponse(f"/towns/{created.code}", status_code=303)


@router.get("/towns/{code}/edit", response_class=HTMLResponse)
def edit_town(
    code: str, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    settlement = get_settlement(session, code)
    check_settlement_write(session, principal, settlement.region_id, None)
    return _form(
        request, session, principal, settlement_record(settlement), creating=False, code=code
    )


@router.post("/towns/{code}/edit", response_class=HTMLResponse)
async def save_town(
    code: str, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    settlement = get_settlement(session, code)
    values = await _submitted(request)
    _ = pages(request).gettext(request)
    try:
        check_settlement_write(session, principal, settlement.region_id, values["region"] or None)
        updated = update_settlement(
            session, code, values, user=principal.username, origin=origin(request)
        )
    except MonotownError as error:
        if error.http_status in (401, 403):
            raise
        session.rollback()
        return _form(
            request,
            session,
            principal,
            values,
            creating=False,
            code=code,
            errors=form_errors(error, _),
        )
    flash(request, _("Settlement saved."))
    return RedirectResponse(f"/towns/{updated.code}", status_code=303)


@router.post("/towns/{code}/delete")
def remove_town(
    code: str,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    with_values: str | None = Form(None),
) -> Response:
    settlement = get_settlement(session, code)
    check_settlement_write(session, principal, settlement.region_id, None)
    _ = pages(request).gettext(request)
    try:
        delete_settlement(
            session, code, user=principal.username, origin=origin(request),
            with_values=with_values == "on",
        )  # fmt: skip
    except ConflictError as error:
        session.rollback()
        flash(request, error.message, "error")
        return RedirectResponse(f"/towns/{code}/edit", status_code=303)
    flash(request, _("Settlement deleted."))
    return RedirectResponse("/towns?scope=all", status_code=303)
