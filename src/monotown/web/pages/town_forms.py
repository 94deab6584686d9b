"""Adding, editing and deleting settlements from the dashboard (same rules as the API)."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from monotown.data.settlement_values import delete_settlement
from monotown.errors import ConflictError
from monotown.registry.editing import (
    SETTLEMENT_FIELDS,
    SETTLEMENTS,
    get_settlement,
    settlement_record,
)
from monotown.registry.models import SETTLEMENT_KINDS
from monotown.web.api.access import check_settlement_write, origin
from monotown.web.context import PrincipalDep, SessionDep, request_language
from monotown.web.pages.common import pages, regions, render_form
from monotown.web.pages.forms import form_posts, submit_form
from monotown.web.rendering import N_, flash, localised

router = APIRouter(include_in_schema=False)


async def _submitted(request: Request) -> dict[str, Any]:
    form = await request.form()
    values: dict[str, Any] = {
        field: str(form.get(field) or "").strip() for field in SETTLEMENT_FIELDS
    }
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


def _save(
    request: Request, session: SessionDep, principal: Any, values: dict[str, Any],
    code: str | None,
) -> Response:  # fmt: skip
    """Create (no `code`) or update a settlement from its form; a regional editor only in their
    regions, the one it is in and the one it moves to."""
    was_in = get_settlement(session, code).region_id if code else None

    def write() -> Any:
        check_settlement_write(session, principal, was_in, values["region"] or None)
        return SETTLEMENTS.save(
            session, code, values, user=principal.username, origin=origin(request)
        )

    extra = {"creating": code is None, **({"code": code} if code else {})}
    again = partial(_form, request, session, principal, values, **extra)
    done = N_("Settlement saved.")
    return submit_form(request, session, write, again, done, lambda saved: f"/towns/{saved.code}")


form_posts(router, "/towns/new", "/towns/{key}/edit", _submitted, _save)


@router.get("/towns/{code}/edit", response_class=HTMLResponse)
def edit_town(
    code: str, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    settlement = get_settlement(session, code)
    check_settlement_write(session, principal, settlement.region_id, None)
    return _form(
        request, session, principal, settlement_record(settlement), creating=False, code=code
    )


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
