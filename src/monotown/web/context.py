"""What every request needs: a database session, who is asking, their language, CSRF checks.

Used as FastAPI dependencies by the API routers and the page routes alike.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from monotown.errors import MonotownError
from monotown.i18n import SUPPORTED_LANGUAGES, normalise_language
from monotown.web.auth.accounts import principal_for, principal_for_token, session_stamp
from monotown.web.auth.models import User
from monotown.web.auth.roles import ANONYMOUS, PUBLIC_READER, NotAuthenticatedError, Principal
from monotown.web.cache import ReadCache
from monotown.web.settings import WebSettings

LANGUAGE_COOKIE = "monotown_lang"
RECORDS_COOKIE = "monotown_records"
# The one real/demo switch: `records=` in the API and on pages (remembered in RECORDS_COOKIE).
RECORDS_CHOICES = ("all", "real", "synthetic")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfError(MonotownError):
    """A form or a cookie-authenticated call came without the page's CSRF token."""

    http_status = 403


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One transaction per request, committed before the response is sent.

    Async so a request costs no thread hop here; commits that write run in the thread pool so a
    slow disk never blocks the event loop.
    """
    session: Session = request.app.state.sessions()
    try:
        yield session
        if request.method in SAFE_METHODS and not (session.new or session.dirty):
            session.commit()  # ends a read transaction; nothing to write
        else:
            await run_in_threadpool(session.commit)
    except BaseException:
        await run_in_threadpool(session.rollback)
        raise
    finally:
        session.close()
    if request.method not in SAFE_METHODS:
        cache(request).invalidate()


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def settings(request: Request) -> WebSettings:
    return request.app.state.settings  # type: ignore[no-any-return]


def cache(request: Request) -> ReadCache:
    return request.app.state.cache  # type: ignore[no-any-return]


async def _bearer_principal(request: Request, session: Session, header: str) -> Principal:
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise NotAuthenticatedError("send the token as 'Authorization: Bearer <token>'")

    def lookup() -> Principal | None:
        return principal_for_token(session, token)

    principal = await cache(request).aget(session, ("token", token), lookup)
    if principal is None:
        raise NotAuthenticatedError("the bearer token is unknown, revoked or expired")
    return principal


async def _session_principal(request: Request, session: Session) -> Principal | None:
    user_id = request.session.get("uid")
    if not isinstance(user_id, int):
        return None
    stamp = request.session.get("stamp")

    def lookup() -> Principal | None:
        user = session.get(User, user_id)
        if user is None or not user.active or session_stamp(user) != stamp:
            return None
        return principal_for(user, "session")

    principal = await cache(request).aget(session, ("user", user_id, stamp), lookup)
    if principal is None:
        request.session.pop("uid", None)
    return principal


async def get_principal(request: Request, session: SessionDep) -> Principal:
    """The user behind the bearer token or the session cookie; anonymous otherwise."""
    header = request.headers.get("authorization")
    if header:
        principal = await _bearer_principal(request, session, header)
    else:
        principal = await _session_principal(request, session) or (
            PUBLIC_READER if settings(request).public_read else ANONYMOUS
        )
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def request_language(request: Request) -> str:
    """The language chosen with the switcher (a cookie), else the browser's, else English."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in SUPPORTED_LANGUAGES:
        return chosen
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in SUPPORTED_LANGUAGES:
            return code
    return normalise_language(None)


def records_filter(records: str | None) -> bool | None:
    """The `synthetic` filter a records choice means: None (all), False (real), True (demo)."""
    return {"real": False, "synthetic": True}.get(records or "all")


def request_records(request: Request) -> str:
    """The records choice of a page: `?records=` if given, else the remembered one, else all."""
    chosen = request.query_params.get("records") or request.cookies.get(RECORDS_COOKIE)
    return chosen if chosen in RECORDS_CHOICES else "all"


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use (sent in forms and by htmx as a header)."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return token


async def check_csrf(request: Request) -> None:
    """Unsafe requests authenticated by the cookie must carry the page's CSRF token.

    Bearer-token calls carry no ambient cookie authority and are exempt; so are cookie-less API
    calls, which fail later with 401 if they need a user.
    """
    if request.method in SAFE_METHODS or request.headers.get("authorization"):
        return
    is_api = request.url.path.startswith("/api/")
    if is_api and "uid" not in request.session:
        return
    expected = request.session.get("csrf")
    supplied: Any = request.headers.get("x-csrf-token")
    content_type = request.headers.get("content-type", "")
    if supplied is None and content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        supplied = (await request.form()).get("csrf_token")
    if not (
        isinstance(expected, str)
        and isinstance(supplied, str)
        and hmac.compare_digest(expected, supplied)
    ):
        raise CsrfError("the form has expired or did not come from this site; reload and retry")
