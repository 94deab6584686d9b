"""/api/v1/events: the sessions, meetings, seminars and interviews the program's records were
taken from, each with its texts (stored whole, with their SHA-256) and the records citing them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response

from monotown import catalog
from monotown.accounts.roles import Permission
from monotown.events.views import event_detail, event_list
from monotown.web.api.access import cached
from monotown.web.api.kind_routes import Listing, whole_list_parameters
from monotown.web.api.kind_views import download, selected
from monotown.web.api.listing import json_bytes, json_response
from monotown.web.context import PrincipalDep, SessionDep, request_language

router = APIRouter(prefix="/events", tags=["program: events"])
LANG = Query(
    None, pattern="^(kk|ru|en)$", description="Language of titles (default: the request's)."
)


@router.get("", summary="List events")
def list_events(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    lang: str | None = LANG,
    listing: Listing = Depends(whole_list_parameters("json")),
) -> Response:
    """Every event, oldest first: date with its precision, kind, title, chair, speakers with their
    posts, texts (publisher, language, SHA-256) and how many records cite it. The events kind of
    the records layer picks and orders them: any column as `column__operator=value`, `q`,
    `sort`; `format=csv|xlsx|json` downloads the kind's rows."""
    principal.require(Permission.read)
    kind = catalog.kind("events")
    chosen = selected(request, session, kind, own=("lang",))
    if listing.format != "json":
        return download(chosen, kind, listing.format)
    language = lang or request_language(request)
    rows = cached(request, session, ("events", language), lambda: event_list(session, language))
    by_code = {row["code"]: row for row in rows}
    return json_response(json_bytes([by_code[row["code"]] for row in chosen]))


@router.get("/{code}", summary="Get an event with its texts and records")
def get_event(
    code: str,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    lang: str | None = LANG,
) -> dict[str, Any]:
    """One event: each text whole and cut into numbered sentences (character spans), every
    sentence with the records taken from it, and `cited_records` with each record's sentences."""
    principal.require(Permission.read)
    language = lang or request_language(request)
    return cached(
        request, session, ("event", code, language), lambda: event_detail(session, code, language)
    )
