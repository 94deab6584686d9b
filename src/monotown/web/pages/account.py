"""Your account: role and regions, your password, your API tokens."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from monotown.errors import MonotownError
from monotown.web.api.access import origin
from monotown.web.auth.accounts import (
    create_token,
    get_user,
    revoke_token,
    session_stamp,
    set_password,
)
from monotown.web.auth.passwords import verify_password
from monotown.web.auth.roles import NotAuthenticatedError, Principal
from monotown.web.context import PrincipalDep, SessionDep
from monotown.web.pages.common import pages
from monotown.web.pages.forms import form_errors
from monotown.web.rendering import flash

router = APIRouter(include_in_schema=False)


def _signed_in(principal: Principal) -> str:
    if not principal.authenticated:
        raise NotAuthenticatedError("sign in to see your account")
    return principal.username


def _page(request: Request, session: SessionDep, username: str, **extra: object) -> Response:
    user = get_user(session, username)
    context = {"user": user, "tokens": user.tokens, "errors": {}, **extra}
    status = 422 if context["errors"] else 200
    return pages(request).render(request, "account/account.html", context, status_code=status)


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    return _page(request, session, _signed_in(principal))


@router.post("/account/password", response_class=HTMLResponse)
async def change_password(
    request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    username = _signed_in(principal)
    form = await request.form()
    _ = pages(request).gettext(request)
    user = get_user(session, username)
    if not verify_password(user.password_hash, str(form.get("current") or "")):
        return _page(request, session, username, errors={"current": _("Wrong password.")})
    try:
        set_password(
            session,
            username,
            str(form.get("password") or ""),
            actor=username,
            origin=origin(request),
        )
    except MonotownError as error:
        session.rollback()
        return _page(request, session, username, errors=form_errors(error, _))
    request.session["stamp"] = session_stamp(user)  # stay signed in here, not elsewhere
    flash(request, _("Password changed."))
    return RedirectResponse("/account", status_code=303)


@router.post("/account/tokens", response_class=HTMLResponse)
async def new_token(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    username = _signed_in(principal)
    form = await request.form()
    _ = pages(request).gettext(request)
    days = str(form.get("expires_days") or "").strip()
    try:
        token, plain = create_token(
            session,
            username,
            name=str(form.get("name") or ""),
            expires_days=int(days) if days.isdigit() and len(days) < 6 else None,
            actor=username,
            origin=origin(request),
        )
    except MonotownError as error:
        session.rollback()
        return _page(request, session, username, errors=form_errors(error, _))
    session.flush()
    return _page(request, session, username, issued=plain, issued_name=token.name)


@router.post("/account/tokens/{token_id}/revoke")
def revoke(
    token_id: int, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    username = _signed_in(principal)
    revoke_token(session, token_id, actor=username, origin=origin(request), owner=username)
    _ = pages(request).gettext(request)
    flash(request, _("Token revoked."))
    return RedirectResponse("/account", status_code=303)
