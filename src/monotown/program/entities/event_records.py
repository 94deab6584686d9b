"""Events, their texts and citations as entities of a program batch, so that records accepted
from a press text (intake) are written, audited and undone by the one program importer.

They are not importable from files (`monotown program import` does not list them): an event text
must hash to what it claims, and a citation must quote its text; intake builds these rows itself.
None of these tables has a `batch_id` column: the batch that wrote a row is in the audit log.
"""

from __future__ import annotations

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
from monotown.program.entities.base import (
    Column,
    Entity,
    child_list,
    choice_column,
    code_column,
    reference_column,
)

SPEAKER_SEPARATOR = " / "


def _show_speaker(speaker: EventSpeaker) -> str:
    return f"{speaker.name}{SPEAKER_SEPARATOR}{speaker.post}" if speaker.post else speaker.name


def _new_speaker(_session: Session, index: int, item: str) -> EventSpeaker:
    name, _, post = item.partition(SPEAKER_SEPARATOR)
    return EventSpeaker(position=index + 1, name=name, post=post or None)


_get_speakers, _set_speakers = child_list("speakers", _show_speaker, _new_speaker)


class EventEntity(Entity):
    name = "events"
    title = "Events (sessions, meetings, seminars) texts report"
    model = Event
    columns = (
        code_column("unique code of the event"),
        choice_column("kind", EVENT_KINDS, ", ".join(EVENT_KINDS)),
        Column("held_on", fields.date(), "date held (the first day of the month or year)"),
        choice_column("date_precision", DATE_PRECISIONS),
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


class EventTextEntity(Entity):
    name = "event_texts"
    title = "Published texts about events"
    model = EventText
    columns = (
        code_column("unique code of the text"),
        reference_column("event", Event, "event", "code of the event"),
        Column("publisher", fields.text(300), "who published it", required=True),
        Column("published_on", fields.date(), "date published"),
        choice_column("published_precision", DATE_PRECISIONS),
        choice_column("language", ("en", "ru", "kk")),
        Column("title", fields.text(400), "its title"),
        Column("url", fields.text(500), "where it was published"),
        Column("resource", fields.text(300), "where the stored copy came from", required=True),
        Column("sha256", fields.text(64), "SHA-256 of the text (UTF-8)", required=True),
        Column("content", fields.text(1_000_000), "the text, whole", required=True),
    )


class CitationEntity(Entity):
    name = "citations"
    title = "Citations: the words of a text a record was taken from"
    model = Citation
    key = ("record_kind", "record_key", "text", "sentence")
    columns = (
        Column("record_kind", fields.text(32), "kind of the cited record", required=True),
        Column("record_key", fields.text(400), "natural key of the record", required=True),
        reference_column("text", EventText, "event text", "code of the text"),
        Column(
            "sentence",
            fields.integer(minimum=1),
            "number of the sentence",
            required=True,
            attr="sentence_index",
        ),
        Column("start", fields.integer(), "first character", required=True, attr="start_char"),
        Column("end", fields.integer(), "character after the last", required=True, attr="end_char"),
        Column("quote", fields.text(100_000), "the words quoted", required=True),
        Column("speaker", fields.text(200), "who said it"),
    )
