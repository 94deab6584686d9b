"""Signing in and out, and the language switcher."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from monotown.accounts.login import authenticate
from monotown.accounts.sessions import end_session, start_session
from monotown.db import session_scope
from monotown.errors import TooManyAttemptsError
from monotown.i18n import SUPPORTED_LANGUAGES
from monotown.web.clients import client_address
from monotown.web.context import (
    LANGUAGE_COOKIE,
    RECORDS_CHOICES,
    RECORDS_COOKIE,
    PrincipalDep,
)
from monotown.web.rendering import Pages

router = APIRouter(include_in_schema=False)

ONE_YEAR = 365 * 24 * 3600


def safe_next(target: str | None) -> str:
    """Only local paths: a crafted link must not send a user to another site after signing in."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, principal: PrincipalDep, next: str | None = None) -> Response:
    pages: Pages = request.app.state.pages
    return pages.render(request, "login.html", {"next": safe_next(next), "username": ""})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=500)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the password (throttled) and open a server-side session; the cookie gets a new
    random id, so an id planted before signing in is worthless."""
    pages: Pages = request.app.state.pages
    _ = pages.gettext(request)
    context = {"next": safe_next(next), "username": username}
    engine = request.app.state.engine
    client = client_address(request)
    try:
        user_id = authenticate(engine, username, password, client=client)
    except TooManyAttemptsError as error:
        context["error"] = _("Too many failed sign-ins. Try again in %(seconds)s second(s).") % {
            "seconds": error.retry_after
        }
        headers = {"Retry-After": str(error.retry_after)}
        return pages.render(request, "login.html", context, status_code=429, headers=headers)
    if user_id is None:
        context["error"] = _("Wrong user name or password.")
        return pages.render(request, "login.html", context, status_code=401)
    hours = request.app.state.settings.session_hours
    with session_scope(engine) as session:
        plain = start_session(
            session,
            user_id,
            client=client,
            user_agent=request.headers.get("user-agent", ""),
            lifetime=dt.timedelta(hours=hours),
        )
    request.session.clear()
    request.session["sid"] = plain
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    """End this browser's session on the server (a saved copy of the cookie stops working)."""
    sid = request.session.get("sid")
    if isinstance(sid, str):
        with session_scope(request.app.state.engine) as session:
            end_session(session, sid)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


def _remember(cookie: str, choice: str, allowed: Collection[str], next: str | None) -> Response:
    """Remember a reader's choice (one of `allowed`) in a cookie for a year; back to the page."""
    response = RedirectResponse(safe_next(next), status_code=303)
    if choice in allowed:
        response.set_cookie(cookie, choice, max_age=ONE_YEAR, samesite="lax")
    return response


@router.get("/lang/{code}")
def switch_language(code: str, next: str | None = None) -> Response:
    """The language of the pages."""
    return _remember(LANGUAGE_COOKIE, code, SUPPORTED_LANGUAGES, next)


@router.get("/records/{choice}")
def switch_records(choice: str, next: str | None = None) -> Response:
    """Which records the pages show: all, real or synthetic."""
    return _remember(RECORDS_COOKIE, choice, RECORDS_CHOICES, next)
