"""Every error becomes a clear answer: JSON `{"detail": "..."}` with the right status under /api,
an error page (or a redirect to sign in) elsewhere. Bad input is never a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException

from monotown.errors import MonotownError, TooManyAttemptsError
from monotown.web.rendering import N_, Pages

log = logging.getLogger("monotown.web")

STATUS_TITLES = {
    400: N_("Bad request"),
    401: N_("Sign-in required"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    409: N_("Conflict"),
    413: N_("Too large"),
    422: N_("Invalid input"),
    429: N_("Too many attempts"),
    500: N_("Internal error"),
    503: N_("Service unavailable"),
}


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _describe_validation(error: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    items = []
    for problem in error.errors():
        location = [str(part) for part in problem.get("loc", ())]
        where = location[0] if location else "request"
        field = ".".join(location[1:])
        message = str(problem.get("msg", "invalid"))
        items.append({"location": where, "field": field, "message": message})
    first = items[0] if items else {"location": "request", "field": "", "message": "invalid"}
    text = f"{first['location']} field '{first['field']}': {first['message']}"
    if not first["field"]:
        text = f"{first['location']}: {first['message']}"
    if len(items) > 1:
        text += f" (and {len(items) - 1} more problem(s))"
    return text, items


def error_response(
    request: Request,
    status: int,
    message: str,
    *,
    headers: Mapping[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    """JSON for the API, a redirect to sign in or an error page for the browser."""
    if _wants_json(request):
        return JSONResponse({"detail": message, **(extra or {})}, status, headers=headers)
    if status == 401:
        target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        return RedirectResponse(f"/login?next={target}", status_code=303)
    pages: Pages = request.app.state.pages
    title = STATUS_TITLES.get(status, "Error")
    return pages.render(
        request,
        "error.html",
        {"status": status, "title": title, "message": message},
        status_code=status,
        headers=dict(headers) if headers else None,
    )


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(MonotownError)
    async def monotown_error(request: Request, error: MonotownError) -> Response:
        headers = None
        if isinstance(error, TooManyAttemptsError):
            headers = {"Retry-After": str(error.retry_after)}
        return error_response(request, error.http_status, error.message, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        message, items = _describe_validation(error)
        return error_response(request, 422, message, extra={"errors": items})

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        message = str(error.detail) if error.detail else STATUS_TITLES.get(error.status_code, "")
        if error.status_code == 404 and _wants_json(request):
            message = f"no such endpoint: {request.method} {request.url.path}"
        return error_response(request, error.status_code, message, headers=error.headers)

    @app.exception_handler(IntegrityError)
    async def integrity_error(request: Request, error: IntegrityError) -> Response:
        reason = str(error.orig).splitlines()[0] if error.orig else "constraint failed"
        return error_response(request, 409, f"the change conflicts with stored data: {reason}")

    @app.exception_handler(DataError)
    async def data_error(request: Request, error: DataError) -> Response:
        reason = str(error.orig).splitlines()[0] if error.orig else "invalid value"
        return error_response(request, 422, f"a value cannot be stored: {reason}")

    @app.exception_handler(OperationalError)
    async def database_down(request: Request, error: OperationalError) -> Response:
        log.error("database error: %s", error)
        return error_response(request, 503, "the database is unavailable; try again shortly")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "internal error; it has been logged")
