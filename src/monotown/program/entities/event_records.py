"""Events, their texts and citations as entities of a program batch, so that records accepted
from a press text (intake) are written, audited and undone by the one program importer.

They are not importable from files (`monotown program import` does not list them): an event text
must hash to what it claims, and a citation must quote its text; intake builds these rows itself.
None of these tables has a `batch_id` column: the batch that wrote a row is in the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.events.models import (
    DATE_PRECISIONS,
    EVENT_KINDS,
    Citation,
    Event,
    EventSpeaker,
    EventText,
)
from monotown.program import fields
from monotown.program.entities.base import Column, Entity, code_render
from monotown.program.fields import Lookups, Parser

SPEAKER_SEPARATOR = " / "


def _verbatim(max_length: int) -> Parser:
    """Text kept exactly as given (an event text's content must keep its every character)."""

    def parse(value: str, _lookups: Lookups) -> str | None:
        if not value:
            return None
        if len(value) > max_length:
            raise ValueError(f"is {len(value)} characters long; at most {max_length} are allowed")
        return value

    return parse


def _get_speakers(event: Event) -> list[str]:
    return [
        f"{speaker.name}{SPEAKER_SEPARATOR}{speaker.post}" if speaker.post else speaker.name
        for speaker in event.speakers
    ]


def _set_speakers(session: Session, event: Event, value: list[str] | None) -> None:
    wanted = list(value or [])
    if event.id is not None and _get_speakers(event) == wanted:
        return
    if event.speakers:
        event.speakers.clear()
        session.flush()
    for position, item in enumerate(wanted, 1):
        name, _, post = item.partition(SPEAKER_SEPARATOR)
        event.speakers.append(EventSpeaker(position=position, name=name, post=post or None))


class EventEntity(Entity):
    name = "events"
    title = "Events (sessions, meetings, seminars) texts report"
    model = Event
    key = ("code",)
    columns = (
        Column("code", fields.text(64), "unique code of the event", required=True),
        Column("kind", fields.choice(EVENT_KINDS), ", ".join(EVENT_KINDS), required=True),
        Column("held_on", fields.date(), "date held (the first day of the month or year)"),
        Column(
            "date_precision", fields.choice(DATE_PRECISIONS), "day, month or year", required=True
        ),
        Column("title_en", fields.text(400), "title in English", required=True),
        Column("title_ru", fields.text(400), "title in Russian"),
        Column("title_kk", fields.text(400), "title in Kazakh"),
        Column("chair", fields.text(300), "who chaired it, with the post"),
        Column("place", fields.text(300), "where"),
        Column(
            "speakers",
            fields.names(1000),
            "speakers as 'name / post', separated by ';'",
            get=_get_speakers,
            set=_set_speakers,
        ),
        Column("note", fields.text(5000), "remarks"),
    )

    def records(self, session: Session) -> Sequence[Any]:
        return list(session.scalars(select(Event).order_by(Event.code)))


class EventTextEntity(Entity):
    name = "event_texts"
    title = "Published texts about events"
    model = EventText
    key = ("code",)
    columns = (
        Column("code", fields.text(64), "unique code of the text", required=True),
        Column(
            "event",
            fields.reference(Event, "event"),
            "code of the event",
            required=True,
            attr="event_id",
            render=code_render(Event),
        ),
        Column("publisher", fields.text(300), "who published it", required=True),
        Column("published_on", fields.date(), "date published"),
        Column(
            "published_precision",
            fields.choice(DATE_PRECISIONS),
            "day, month or year",
            required=True,
        ),
        Column("language", fields.choice(("en", "ru", "kk")), "en, ru or kk", required=True),
        Column("title", fields.text(400), "its title"),
        Column("url", fields.text(500), "where it was published"),
        Column("resource", fields.text(300), "where the stored copy came from", required=True),
        Column("sha256", fields.text(64), "SHA-256 of the text (UTF-8)", required=True),
        Column("content", _verbatim(1_000_000), "the text, whole", required=True),
    )

    def records(self, session: Session) -> Sequence[Any]:
        return list(session.scalars(select(EventText).order_by(EventText.code)))


class CitationEntity(Entity):
    name = "citations"
    title = "Citations: the words of a text a record was taken from"
    model = Citation
    key = ("record_kind", "record_key", "text", "sentence")
    columns = (
        Column("record_kind", fields.text(32), "kind of the cited record", required=True),
        Column("record_key", fields.text(400), "natural key of the record", required=True),
        Column(
            "text",
            fields.reference(EventText, "event text"),
            "code of the text",
            required=True,
            attr="text_id",
            render=code_render(EventText),
        ),
        Column(
            "sentence",
            fields.integer(minimum=1),
            "number of the sentence",
            required=True,
            attr="sentence_index",
        ),
        Column("start", fields.integer(), "first character", required=True, attr="start_char"),
        Column("end", fields.integer(), "character after the last", required=True, attr="end_char"),
        Column("quote", _verbatim(100_000), "the words quoted", required=True),
        Column("speaker", fields.text(200), "who said it"),
    )

    def records(self, session: Session) -> Sequence[Any]:
        return list(session.scalars(select(Citation).order_by(Citation.id)))

    def remember(self, lookups: Lookups, record: Any) -> None:
        return None
