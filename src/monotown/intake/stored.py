"""What is already stored that an accepted text may duplicate: its text, its event, the
directives and figures of that event. Reads only; `intake.store` decides and writes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from monotown.events.models import Citation, Event, EventText
from monotown.program.body_models import Body
from monotown.program.models import Directive, ProgramFact
from monotown.records.provenance import ImportBatch
from monotown.registry.models import Settlement

INTAKE_FORMAT = "intake"
# What intake calls an event, in the kinds the events registry knows.
EVENT_KIND = {
    "government_session": "government_session",
    "seminar": "seminar",
    "meeting": "other",
    "briefing": "press_statement",
    "working_trip": "other",
    "press_release": "press_statement",
}

DirectiveIdentity = tuple[frozenset[str], object, frozenset[str]]


@dataclass(frozen=True)
class StoredFact:
    key: str  # "as_of | event | metric", as citations name it
    as_of: str
    event: str
    metric: str
    value: float


def accepted_batch(session: Session, sha256: str) -> ImportBatch | None:
    """The committed intake batch that stored this text, if any."""
    return session.scalars(
        select(ImportBatch)
        .where(
            ImportBatch.kind == "program",
            ImportBatch.format == INTAKE_FORMAT,
            ImportBatch.sha256 == sha256,
            ImportBatch.status == "committed",
        )
        .order_by(ImportBatch.id)
    ).first()


def stored_text(session: Session, sha256: str) -> EventText | None:
    return session.scalars(
        select(EventText).where(EventText.sha256 == sha256).order_by(EventText.id)
    ).first()


def event_by_code(session: Session, code: str) -> Event | None:
    return session.scalar(select(Event).where(Event.code == code))


def same_day_event(session: Session, on: object, kind: str) -> Event | None:
    """The one stored event of this kind held on this day (two texts about one session)."""
    found = list(
        session.scalars(
            select(Event).where(
                Event.held_on == on, Event.date_precision == "day", Event.kind == kind
            )
        )
    )
    return found[0] if len(found) == 1 else None


def body_ids(session: Session) -> dict[str, int]:
    return {code: body_id for body_id, code in session.execute(select(Body.id, Body.code))}


def town_ids(session: Session) -> dict[str, int]:
    return {
        code: town_id for town_id, code in session.execute(select(Settlement.id, Settlement.code))
    }


def _cited_keys(session: Session, event: Event, record_kind: str) -> set[str]:
    return set(
        session.scalars(
            select(Citation.record_key)
            .join(EventText, Citation.text_id == EventText.id)
            .where(EventText.event_id == event.id, Citation.record_kind == record_kind)
        )
    )


def event_directives(session: Session, event: Event | None) -> dict[DirectiveIdentity, str]:
    """(body codes, deadline, town codes) -> code, for every directive a text of `event` cites."""
    if event is None or event.id is None:
        return {}
    codes = _cited_keys(session, event, "directives")
    if not codes:
        return {}
    bodies = {body_id: code for code, body_id in body_ids(session).items()}
    towns = {town_id: code for code, town_id in town_ids(session).items()}
    found: dict[DirectiveIdentity, str] = {}
    query = (
        select(Directive)
        .where(Directive.code.in_(sorted(codes)))
        .options(selectinload(Directive.bodies), selectinload(Directive.towns))
        .order_by(Directive.code)
    )
    for directive in session.scalars(query):
        # A spelling the registry does not resolve stands for itself.
        named = frozenset(
            bodies.get(link.body_id, link.body) if link.body_id else link.body
            for link in directive.bodies
        )
        identity = (
            named,
            directive.deadline,
            frozenset(towns[link.settlement_id] for link in directive.towns),
        )
        found.setdefault(identity, directive.code)
    return found


def stored_facts(session: Session) -> list[StoredFact]:
    rows = session.execute(
        select(ProgramFact.as_of, ProgramFact.event, ProgramFact.metric, ProgramFact.value)
    )
    return [
        StoredFact(f"{as_of} | {event} | {metric}", as_of, event, metric, float(value))
        for as_of, event, metric, value in rows
    ]


def same_value(first: float, second: float) -> bool:
    return math.isclose(first, second, rel_tol=1e-9, abs_tol=1e-9)


def existing_citations(session: Session, text: EventText | None) -> set[tuple[str, str, int]]:
    """(record kind, record key, sentence) of every citation of a stored text."""
    if text is None or text.id is None:
        return set()
    return {
        (kind, key, index)
        for kind, key, index in session.execute(
            select(Citation.record_kind, Citation.record_key, Citation.sentence_index).where(
                Citation.text_id == text.id
            )
        )
    }
