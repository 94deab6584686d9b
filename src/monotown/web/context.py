"""What every request needs: a database session, who is asking, their language, CSRF checks.

Used as FastAPI dependencies by the API routers and the page routes alike.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from monotown.accounts.roles import ANONYMOUS, PUBLIC_READER, Principal
from monotown.errors import CsrfError, NotAuthenticatedError
from monotown.i18n import SUPPORTED_LANGUAGES, normalise_language
from monotown.web.cache import ReadCache, written_change
from monotown.web.principals import Credentials, checked_principal
from monotown.web.settings import WebSettings

LANGUAGE_COOKIE = "monotown_lang"
RECORDS_COOKIE = "monotown_records"
# The one real/demo switch: `records=` in the API and on pages (remembered in RECORDS_COOKIE).
RECORDS_CHOICES = ("all", "real", "synthetic")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One transaction per request, committed before the response is sent.

    GET requests read (on SQLite their transaction begins deferred and never waits for a writer);
    other methods begin a write transaction (`BEGIN IMMEDIATE` on SQLite, so concurrent writers
    queue). Async so a request costs no thread hop here; commits that write run in the thread
    pool so a slow disk never blocks the event loop.
    """
    state = request.app.state
    factory = state.read_sessions if request.method in SAFE_METHODS else state.sessions
    session: Session = factory()
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
    change = written_change(session)
    if change is not None:
        cache(request).invalidate(only_imports=change == "imports")


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def settings(request: Request) -> WebSettings:
    return request.app.state.settings  # type: ignore[no-any-return]


def cache(request: Request) -> ReadCache:
    return request.app.state.cache  # type: ignore[no-any-return]


def credentials(request: Request) -> Credentials:
    return request.app.state.credentials  # type: ignore[no-any-return]


async def get_principal(request: Request) -> Principal:
    """The user behind the bearer token or the session cookie; anonymous otherwise. Both are
    checked against the database on every request."""
    header = request.headers.get("authorization")
    if header:
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise NotAuthenticatedError("send the token as 'Authorization: Bearer <token>'")
        found = checked_principal(request.scope, token) or await credentials(
            request
        ).principal_for_token(token)
        if found is None:
            raise NotAuthenticatedError("the bearer token is unknown, revoked or expired")
        principal = found
    else:
        sid = request.session.get("sid")
        signed_in = (
            await run_in_threadpool(credentials(request).for_session, sid)
            if isinstance(sid, str)
            else None
        )
        if signed_in is not None:
            principal = signed_in.principal
            request.state.web_session_id = signed_in.session_id
        else:
            principal = PUBLIC_READER if settings(request).public_read else ANONYMOUS
    request.state.principal = principal
    return principal


def current_session_id(request: Request) -> int | None:
    """The server-side session of this browser, once `get_principal` found one."""
    return getattr(request.state, "web_session_id", None)


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
    """The CSRF token of this browser (sent in forms and by htmx as a header): derived from the
    cookie's random id, which is created on first use (an anonymous visitor gets one too)."""
    sid = request.session.get("sid")
    if not isinstance(sid, str):
        sid = secrets.token_urlsafe(32)
        request.session["sid"] = sid
    key: bytes = request.app.state.csrf_key
    return hmac.new(key, f"csrf:{sid}".encode(), hashlib.sha256).hexdigest()[:43]


async def check_csrf(request: Request, principal: PrincipalDep) -> None:
    """Unsafe requests authenticated by the cookie must carry the page's CSRF token.

    Bearer-token calls carry no ambient cookie authority and are exempt; so are API calls not
    signed in with the cookie, which fail later with 401 if they need a user.
    """
    if request.method in SAFE_METHODS or request.headers.get("authorization"):
        return
    is_api = request.url.path.startswith("/api/")
    if is_api and principal.via != "session":
        return
    expected = csrf_token(request)
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
