"""Event pages: the list of events, and one event showing its texts with the sentences behind
each record highlighted (every record that cites a sentence links here, to its anchor)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from monotown.events.views import event_detail, event_list
from monotown.program.kind_rows import KINDS
from monotown.web.context import request_language
from monotown.web.pages.common import VisitDep, pages
from monotown.web.pages.listing import list_response, list_table
from monotown.web.rendering import N_

router = APIRouter(include_in_schema=False)
EVENT_KINDS = {
    "government_session": N_("government session"),
    "cabinet_meeting": N_("cabinet meeting"),
    "seminar": N_("seminar"),
    "interview": N_("interview"),
    "press_statement": N_("press statement"),
    "conference": N_("conference"),
    "other": N_("other"),
}
EVENTS = list_table(
    "/events", "events",
    ("code", "date", "date_precision", "title", "title_language", "kind", "chair", "texts",
     "records"),
)  # fmt: skip
PRECISIONS = {"day": N_("day"), "month": N_("month"), "year": N_("year")}
RECORD_KINDS = {
    "directives": N_("directive"),
    "facts": N_("stated figure"),
    "plans": N_("plan"),
    "targets": N_("target"),
    "zones": N_("industrial zone"),
    "projects": N_("project"),
    "works": N_("infrastructure work"),
    "agreements": N_("agreement"),
    "initiatives": N_("initiative"),
    "town_statements": N_("statement about a town"),
}


def record_link(kind: str, key: str) -> str | None:
    """Where a cited record can be read: its API record, or the program page that lists it."""
    if kind in KINDS:
        return f"/api/v1/program/{kind}/{quote(key)}"
    return None


@router.get("/events", response_class=HTMLResponse)
def events(visit: VisitDep) -> Response:
    request, session = visit.request, visit.session
    rows = [
        {**row, "texts": [_text_label(text) for text in row["texts"]]}
        for row in event_list(session, request_language(request))
    ]
    context = {"events": rows, "event_kinds": EVENT_KINDS, "precisions": PRECISIONS}
    return list_response(request, "events/list.html", context, (EVENTS, rows))


def _text_label(text: dict[str, str | None]) -> str:
    return f"{text['publisher']} ({text['published'] or '–'}, {text['language']})"


@router.get("/events/{code}", response_class=HTMLResponse)
def event(code: str, visit: VisitDep) -> Response:
    request, session = visit.request, visit.session
    detail = event_detail(session, code, request_language(request))
    context = {
        "event": detail,
        "record_kinds": RECORD_KINDS,
        "record_link": record_link,
        "event_kinds": EVENT_KINDS,
        "precisions": PRECISIONS,
    }
    return pages(request).render(request, "events/detail.html", context)
