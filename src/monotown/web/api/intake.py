"""/api/v1/intake: from a government press text to stored records in two steps.

`proposals` reads a text and answers what intake proposes (nothing is stored); `accept` stores a
text's reviewed proposals (edited, dropped, added; or all as proposed) as one import batch that
`POST /api/v1/imports/{id}/undo` takes back. Bad input is a 422 naming the field.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from monotown.accounts.roles import Permission
from monotown.errors import InputError
from monotown.intake.store import AcceptResult, accept_review
from monotown.intake.submission import propose_submitted
from monotown.web.api.access import origin
from monotown.web.context import PrincipalDep, SessionDep
from monotown.web.intake_models import AcceptIn, AcceptOut, ProposalIn, editable, review_from

router = APIRouter(prefix="/intake", tags=["program: intake"])


@router.post("/proposals", summary="Propose the records of a press text")
def proposals(body: ProposalIn, principal: PrincipalDep) -> dict[str, Any]:
    """The event, directives (bodies, deadline, towns), figures and named objects a text states,
    each with its character span; `accept` holds the rows in the form `accept` takes back.
    Nothing is stored. A text with neither a directive nor a figure is a 422."""
    principal.require(Permission.edit_data)
    proposal = propose_submitted(body.text, body.date, body.text_language())
    if not proposal.directives and not proposal.figures:
        raise InputError("no directives or figures found; nothing to propose", field="text")
    return {**proposal.to_dict(), "stored": False, "accept": editable(proposal)}


def result_links(result: AcceptResult) -> dict[str, str]:
    """Where a reader finds what accepting stored: the batch, the event, the directives."""
    links = {"event": f"/events/{result.event_code}", "directives": "/program/directives"}
    if result.batch_id is not None:
        links["batch"] = f"/data/imports/{result.batch_id}"
        links["batch_api"] = f"/api/v1/imports/{result.batch_id}"
    return links


@router.post("/accept", response_model=AcceptOut, summary="Store a text's reviewed proposals")
def accept(
    body: AcceptIn, request: Request, session: SessionDep, principal: PrincipalDep
) -> dict[str, Any]:
    """Store the event and its text, the directives (bodies of the registry, deadline with its
    precision and words, towns) and the figures (program facts), each citing its span, as one
    undoable import batch. The same text again changes nothing (`already_stored`); a record the
    event already has is linked (`linked`), not copied. Regional editors: their towns only."""
    principal.require(Permission.edit_data)
    proposal = propose_submitted(body.text, body.date, body.text_language())
    review = review_from(body, proposal)
    result = accept_review(
        session,
        review,
        user=principal.username,
        origin=origin(request),
        scope=principal,
        file_name="text submitted through the API",
    )
    return {**result.to_dict(), "links": result_links(result)}
