"""Your account: role and regions, your password, your sessions, your API tokens."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from monotown.accounts.accounts import create_token, get_user, revoke_token, set_password
from monotown.accounts.login import check_password
from monotown.accounts.roles import Principal
from monotown.accounts.sessions import end_sessions, end_user_session, list_sessions
from monotown.errors import MonotownError, NotAuthenticatedError, TooManyAttemptsError
from monotown.web.api.access import origin
from monotown.web.clients import client_address
from monotown.web.context import PrincipalDep, SessionDep, current_session_id
from monotown.web.pages.common import pages
from monotown.web.pages.forms import form_errors
from monotown.web.rendering import flash

router = APIRouter(include_in_schema=False)


def _signed_in(principal: Principal) -> str:
    if not principal.authenticated:
        raise NotAuthenticatedError("sign in to see your account")
    return principal.username


def _user_id(principal: Principal) -> int:
    if principal.user_id is None:
        raise NotAuthenticatedError("sign in to see your account")
    return principal.user_id


def _page(
    request: Request,
    session: SessionDep,
    username: str,
    *,
    status: int | None = None,
    **extra: object,
) -> Response:
    user = get_user(session, username)
    idle = dt.timedelta(minutes=request.app.state.settings.session_idle_minutes)
    context = {
        "user": user,
        "tokens": user.tokens,
        "sessions": list_sessions(session, user.id, idle=idle),
        "current_session": current_session_id(request),
        "errors": {},
        **extra,
    }
    status = status or (422 if context["errors"] else 200)
    return pages(request).render(request, "account/account.html", context, status_code=status)


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    return _page(request, session, _signed_in(principal))


@router.post("/account/password", response_class=HTMLResponse)
async def change_password(
    request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """Change your password after confirming the current one (a check throttled like signing
    in); your other sessions end and, unless you keep them, your API tokens are revoked."""
    username = _signed_in(principal)
    form = await request.form()
    _ = pages(request).gettext(request)
    try:
        confirmed = await run_in_threadpool(
            check_password,
            request.app.state.engine,
            username,
            str(form.get("current") or ""),
            client=client_address(request),
        )
    except TooManyAttemptsError as error:
        message = _("Too many failed password checks. Try again in %(seconds)s second(s).")
        errors = {"current": message % {"seconds": error.retry_after}}
        response = _page(request, session, username, status=429, errors=errors)
        response.headers["Retry-After"] = str(error.retry_after)
        return response
    if confirmed is None:
        return _page(request, session, username, errors={"current": _("Wrong password.")})
    keep_tokens = form.get("keep_tokens") == "1"
    try:
        await run_in_threadpool(
            lambda: set_password(
                session,
                username,
                str(form.get("password") or ""),
                actor=username,
                origin=origin(request),
                keep_session=current_session_id(request),
                keep_tokens=keep_tokens,
            )
        )
    except MonotownError as error:
        session.rollback()
        return _page(request, session, username, errors=form_errors(error, _))
    if keep_tokens:
        flash(request, _("Password changed; your other sessions were signed out."))
    else:
        flash(
            request,
            _("Password changed; your other sessions were signed out and your API tokens revoked."),
        )
    return RedirectResponse("/account", status_code=303)


@router.post("/account/sessions/{session_id}/end")
def end_one_session(
    session_id: int, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """Sign out one of your sessions (another browser, or this one)."""
    user_id = _user_id(principal)
    _ = pages(request).gettext(request)
    if not 1 <= session_id <= 2**62 or not end_user_session(session, user_id, session_id):
        flash(request, _("That session has already ended."), "error")
        return RedirectResponse("/account", status_code=303)
    if session_id == current_session_id(request):
        request.session.clear()
        flash(request, _("You are signed out."))
        return RedirectResponse("/login", status_code=303)
    flash(request, _("The session was signed out."))
    return RedirectResponse("/account", status_code=303)


@router.post("/account/sessions/end-all")
def end_all_sessions(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    """Sign out everywhere: every session of yours ends, this one included."""
    ended = end_sessions(session, _user_id(principal))
    _ = pages(request).gettext(request)
    request.session.clear()
    flash(request, _("Signed out everywhere (%(count)s session(s)).") % {"count": ended})
    return RedirectResponse("/login", status_code=303)


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
