"""Turning domain errors into messages beside form fields, in the reader's language.

Reasons the registry gives for a rejected field are fixed phrases; those listed here are in the
message catalogue, so a form shows them translated (anything else appears as the domain wrote it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from monotown.accounts.roles import Principal
from monotown.errors import InputError, MonotownError
from monotown.web.context import PrincipalDep, SessionDep
from monotown.web.rendering import N_, flash

Saved = TypeVar("Saved")

KNOWN_REASONS = (
    N_("is required"),
    N_("must not be empty"),
    N_("must not contain NUL characters"),
    N_("use lower-case letters, digits and '-'"),
    N_("give both latitude and longitude, or neither"),
    N_("is not a number"),
    N_("is empty"),
    N_("a settlement cannot be its own parent"),
    N_("use an ISO 3166-2 code such as KZ-35"),
    N_("a regional editor needs at least one region"),
    N_("a password needs at least 10 characters"),
    N_("a password needs at least 4 different characters"),
    N_("give the token a name of 1-120 characters"),
)


def form_errors(error: MonotownError, gettext: Callable[[str], str]) -> dict[str, str]:
    """{field: message} for an InputError naming a field, else {'_': message}."""
    if isinstance(error, InputError) and error.field:
        return {error.field: gettext(error.reason)}
    return {"_": gettext(error.message)}


def submit_form(
    request: Request,
    session: Session,
    write: Callable[[], Saved],
    form_again: Callable[..., Response],
    done: str,
    then: Callable[[Saved], str],
) -> Response:
    """Run a form's write: saved, a notice (`done`, marked with N_) and a redirect to `then`;
    refused, the transaction rolled back and the form again (`form_again(errors=...)`) with its
    problems (a 401 or 403 is not the form's problem and goes on to the error page)."""
    from monotown.web.pages.common import pages

    _ = pages(request).gettext(request)
    try:
        saved = write()
    except MonotownError as error:
        if error.http_status in (401, 403):
            raise
        session.rollback()
        return form_again(errors=form_errors(error, _))
    flash(request, _(done))
    return RedirectResponse(then(saved), status_code=303)


Submitted = Callable[[Request], Awaitable[dict[str, Any]]]
Save = Callable[[Request, Session, Principal, dict[str, Any], str | None], Response]


def form_posts(router: APIRouter, new: str, edit: str, submitted: Submitted, save: Save) -> None:
    """The two POST routes of a record's form page, on `router`: `new` creates, `edit` (whose
    path names the record `{key}`) updates; both read the form with `submitted` and pass its
    values to `save` (with None or the key). `new` comes first so that it is not taken for a
    key."""

    @router.post(new, response_class=HTMLResponse)
    async def create(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
        return save(request, session, principal, await submitted(request), None)

    @router.post(edit, response_class=HTMLResponse)
    async def update(
        key: str, request: Request, session: SessionDep, principal: PrincipalDep
    ) -> Response:
        return save(request, session, principal, await submitted(request), key)


# Early-warning titles and severities of the bundled rules (resources/assess/warnings.yaml).
WARNING_WORDS = (
    N_("Industrial output down 10% or more on the previous year"),
    N_("Population declining"),
    N_("Unemployment rate up on the previous year"),
    N_("Average wage below the regional average"),
    N_("Town-forming enterprises' share of employment above 50% and rising"),
    N_("high"),
    N_("medium"),
    N_("low"),
)
