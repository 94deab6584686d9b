"""Events as plain dicts for the API, the pages and the CLI: the list, and one event with its
texts cut into sentences, each sentence carrying the records taken from it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from monotown.errors import NotFoundError
from monotown.events.citations import sentences_of
from monotown.events.models import Citation, Event, EventText, precise_date
from monotown.models.names import localised_with_language


def title(event: Event, language: str) -> tuple[str, str]:
    """The title in `language` by the one fallback order and the language it is in (the code's
    language is English, the event's code standing in for a title it lacks in every language)."""
    shown, shown_language = localised_with_language(event, language, "title")
    return shown, shown_language or "en"


def _summary(event: Event, language: str, records: int) -> dict[str, Any]:
    shown, shown_language = title(event, language)
    return {
        "code": event.code,
        "kind": event.kind,
        "date": precise_date(event.held_on, event.date_precision),
        "date_precision": event.date_precision,
        "title": shown,
        "title_language": shown_language,
        "title_en": event.title_en,
        "chair": event.chair,
        "place": event.place,
        "speakers": [
            {"name": speaker.name, "post": speaker.post, "body": speaker.body_code}
            for speaker in event.speakers
        ],
        "texts": [
            {
                "code": text.code,
                "publisher": text.publisher,
                "published": precise_date(text.published_on, text.published_precision),
                "language": text.language,
                "title": text.title,
                "sha256": text.sha256,
                "resource": text.resource,
            }
            for text in event.texts
        ],
        "records": records,
        "note": event.note,
        "link": f"/events/{event.code}",
    }


def _events(session: Session) -> list[Event]:
    query = select(Event).options(selectinload(Event.speakers), selectinload(Event.texts))
    return list(session.scalars(query.order_by(Event.held_on, Event.code)))


def event_list(session: Session, language: str = "en") -> list[dict[str, Any]]:
    """Every event, oldest first, with its speakers, texts and the number of records citing it."""
    cited = session.execute(
        select(EventText.event_id, Citation.record_kind, Citation.record_key)
        .join(Citation, Citation.text_id == EventText.id)
        .distinct()
    )
    counts: dict[int, int] = {}
    for event_id, _kind, _key in cited:
        counts[event_id] = counts.get(event_id, 0) + 1
    return [_summary(event, language, counts.get(event.id, 0)) for event in _events(session)]


def event_detail(session: Session, code: str, language: str = "en") -> dict[str, Any]:
    """One event with each text whole and cut into sentences; every sentence lists the records
    taken from it (kind and key), and `records` lists each record with its sentences."""
    event = session.scalar(
        select(Event)
        .where(Event.code == code)
        .options(selectinload(Event.speakers), selectinload(Event.texts))
    )
    if event is None:
        known = ", ".join(item.code for item in _events(session)) or "none stored"
        raise NotFoundError(f"no event '{code}'; known events: {known}")
    citations = list(
        session.scalars(
            select(Citation)
            .where(Citation.text_id.in_([text.id for text in event.texts]))
            .order_by(Citation.record_kind, Citation.record_key, Citation.sentence_index)
        )
    )
    texts = []
    records: dict[tuple[str, str], dict[str, Any]] = {}
    for text in event.texts:
        cited: dict[int, list[dict[str, str]]] = {}
        for citation in citations:
            if citation.text_id != text.id:
                continue
            ref = {"kind": citation.record_kind, "key": citation.record_key}
            cited.setdefault(citation.sentence_index, []).append(ref)
            entry = records.setdefault(
                (citation.record_kind, citation.record_key), {**ref, "sentences": []}
            )
            entry["sentences"].append(
                {"text": text.code, "sentence": citation.sentence_index, "quote": citation.quote,
                 "anchor": f"{text.code}-s{citation.sentence_index}"}
            )  # fmt: skip
        sentences = [
            {
                "index": sentence.index,
                "start": sentence.start,
                "end": sentence.end,
                "text": sentence.text,
                "anchor": f"{text.code}-s{sentence.index}",
                "records": cited.get(sentence.index, []),
            }
            for sentence in sentences_of(text)
        ]
        texts.append({"code": text.code, "content": text.content, "sentences": sentences})
    detail = _summary(event, language, len(records))
    for summary, full in zip(detail["texts"], texts, strict=True):
        summary.update(full)
    detail["cited_records"] = list(records.values())
    return detail
