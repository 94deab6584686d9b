"""Administration: user accounts (roles, regions, passwords) and the audit log."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from monotown.accounts.accounts import (
    create_user,
    delete_user,
    get_user,
    list_users,
    set_password,
    update_user,
)
from monotown.accounts.roles import Permission, Role
from monotown.errors import MonotownError
from monotown.web.api.access import origin
from monotown.web.api.audit import COLUMNS as AUDIT_COLUMNS
from monotown.web.api.audit import AuditFilters, audit_page
from monotown.web.context import PrincipalDep, SessionDep, current_session_id, request_language
from monotown.web.pages.common import pages, query_string, regions, render_form
from monotown.web.pages.forms import form_errors
from monotown.web.pages.listing import list_response, list_table
from monotown.web.rendering import flash, localised

router = APIRouter(include_in_schema=False)
AUDIT_PER_PAGE = 50
AUDIT_EXPORT_MAX = 100_000  # as /api/v1/audit/export
USER_COLUMNS = ("username", "display_name", "role", "regions", "active", "last_login_at")
USERS = list_table("/admin/users", "users", USER_COLUMNS)
AUDIT = list_table("/admin/audit", "audit", AUDIT_COLUMNS)


def _user_rows(users: list[Any]) -> list[dict[str, Any]]:
    rows = [{column: getattr(user, column) for column in USER_COLUMNS} for user in users]
    for row in rows:
        row["regions"] = [region.code for region in row["regions"]]
    return rows


def _users_context(request: Request, session: SessionDep, **extra: Any) -> dict[str, Any]:
    lang = request_language(request)
    return {
        "users": list_users(session),
        "roles": [role.value for role in Role],
        "regions": sorted(regions(request, session), key=lambda row: localised(row, lang)),
        "values": {"role": "viewer"},
        "errors": {},
        **extra,
    }


def _users_page(request: Request, session: SessionDep, **extra: Any) -> Response:
    return render_form(request, "admin/users.html", _users_context(request, session, **extra))


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    principal.require(Permission.manage_users)
    context = _users_context(request, session)
    rows = _user_rows(context["users"])
    return list_response(request, "admin/users.html", context, (USERS, rows))


@router.post("/admin/users", response_class=HTMLResponse)
async def add_user(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    principal.require(Permission.manage_users)
    form = await request.form()
    values: dict[str, Any] = {
        "username": str(form.get("username") or ""),
        "display_name": str(form.get("display_name") or ""),
        "role": str(form.get("role") or "viewer"),
        "regions": [str(code) for code in form.getlist("regions")],
    }
    _ = pages(request).gettext(request)
    try:
        create_user(
            session,
            values["username"],
            role=values["role"],
            password=str(form.get("password") or ""),
            regions=values["regions"],
            display_name=values["display_name"],
            actor=principal.username,
            origin=origin(request),
        )
    except MonotownError as error:
        session.rollback()
        return _users_page(request, session, values=values, errors=form_errors(error, _))
    flash(request, _("User %(name)s created.") % {"name": values["username"]})
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/admin/users/{username}", response_class=HTMLResponse)
def user_page(
    username: str, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    principal.require(Permission.manage_users)
    return _user_form(request, session, get_user(session, username))


def _user_form(
    request: Request, session: SessionDep, user: Any, errors: dict[str, str] | None = None
) -> Response:
    lang = request_language(request)
    context = {
        "user": user,
        "roles": [role.value for role in Role],
        "regions": sorted(regions(request, session), key=lambda row: localised(row, lang)),
        "chosen": {region.code for region in user.regions},
        "errors": errors or {},
    }
    return pages(request).render(
        request, "admin/user.html", context, status_code=422 if errors else 200
    )


@router.post("/admin/users/{username}", response_class=HTMLResponse)
async def save_user(
    username: str, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    principal.require(Permission.manage_users)
    form = await request.form()
    _ = pages(request).gettext(request)
    actor, where = principal.username, origin(request)
    try:
        update_user(
            session,
            username,
            role=str(form.get("role") or ""),
            regions=[str(code) for code in form.getlist("regions")],
            active=form.get("active") == "on",
            display_name=str(form.get("display_name") or ""),
            actor=actor,
            origin=where,
        )
        password = str(form.get("password") or "")
        if password:
            set_password(
                session,
                username,
                password,
                actor=actor,
                origin=where,
                keep_session=current_session_id(request),
            )
    except MonotownError as error:
        if error.http_status == 404:
            raise
        session.rollback()
        return _user_form(request, session, get_user(session, username), form_errors(error, _))
    flash(request, _("User %(name)s saved.") % {"name": username})
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{username}/delete")
def remove_user(
    username: str, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    principal.require(Permission.manage_users)
    _ = pages(request).gettext(request)
    try:
        delete_user(session, username, actor=principal.username, origin=origin(request))
    except MonotownError as error:
        if error.http_status == 404:
            raise
        session.rollback()
        flash(request, _(error.message), "error")
        return RedirectResponse(f"/admin/users/{username}", status_code=303)
    flash(request, _("User %(name)s deleted.") % {"name": username})
    return RedirectResponse("/admin/users", status_code=303)


def _page_filters(params: dict[str, str]) -> AuditFilters:
    """Audit filters from the page form: empty fields mean 'any', bad dates are ignored."""

    def date(text: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(text) if text else None
        except ValueError:
            return None

    batch = params.get("batch_id", "")
    return AuditFilters(
        user=params.get("user") or None,
        entity=params.get("entity") or None,
        entity_key=params.get("entity_key") or None,
        action=params.get("action") or None,
        origin=params.get("origin") or None,
        batch_id=int(batch) if batch.isdigit() and len(batch) < 10 else None,
        since=date(params.get("since", "")),
        until=date(params.get("until", "")),
    )


@router.get("/admin/audit", response_class=HTMLResponse)
def audit(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    page: int = Query(1, ge=1, le=1_000_000),
) -> Response:
    """Every write, newest first, filtered by user, record, action, origin or dates."""
    principal.require(Permission.view_audit)
    fields = ("user", "entity", "entity_key", "action", "origin", "batch_id", "since", "until")
    params = {field: request.query_params.get(field, "").strip()[:300] for field in fields}
    filters = _page_filters(params)
    result = audit_page(session, filters, page, AUDIT_PER_PAGE)
    context = {
        **result,
        "pages": max(1, math.ceil(result["total"] / AUDIT_PER_PAGE)),
        "filters": params,
        "query": query_string(params),
        "actions": ("create", "update", "delete", "import", "undo", "login", "run"),
        "origins": ("cli", "web", "api", "import", "system"),
    }

    def every_entry() -> list[dict[str, Any]]:
        return list(audit_page(session, filters, 1, AUDIT_EXPORT_MAX)["items"])

    return list_response(
        request, "admin/audit.html", context, (AUDIT, every_entry),
        partial="admin/_audit_table.html",
    )  # fmt: skip
