"""Events (sessions, meetings, seminars, interviews), the published texts about them, and the
citations that tie a record to the sentence of a text it was taken from.

A text is stored whole, with the SHA-256 of the packaged copy it was loaded from, so a citation's
character span can always be checked against the words it claims to quote. Citations name the
record they support by kind and natural key (the same key the importer and the audit use), so they
survive re-imports of the record.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monotown.db import Base
from monotown.models.columns import Coded, Keyed, owned_by, sql_in

EVENT_KINDS = (
    "government_session",
    "cabinet_meeting",
    "seminar",
    "interview",
    "press_statement",
    "conference",
    "other",
)
DATE_PRECISIONS = ("day", "month", "year")


def precise_date(on: dt.date | None, precision: str) -> str | None:
    """The date as precisely as it is known: 2024-04-02, 2025-06 or 2013 (None: not known)."""
    if on is None:
        return None
    text = on.isoformat()
    return {"day": text, "month": text[:7], "year": text[:4]}[precision]


class Event(Coded, Base):
    """Something the program's facts were stated at, dated as precisely as its texts allow."""

    __tablename__ = "event"

    kind: Mapped[str] = mapped_column(String(32))
    held_on: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(8))
    title_en: Mapped[str] = mapped_column(String(400))
    title_ru: Mapped[str | None] = mapped_column(String(400))
    title_kk: Mapped[str | None] = mapped_column(String(400))
    chair: Mapped[str | None] = mapped_column(String(300))
    place: Mapped[str | None] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)

    speakers: Mapped[list[EventSpeaker]] = relationship(
        order_by="EventSpeaker.position", cascade="all, delete-orphan"
    )
    texts: Mapped[list[EventText]] = relationship(
        back_populates="event", order_by="EventText.code", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint(sql_in("kind", EVENT_KINDS), name="kind_known"),
        CheckConstraint(sql_in("date_precision", DATE_PRECISIONS), name="precision_known"),
    )


class EventSpeaker(Keyed, Base):
    """Someone who spoke at an event, with the post the text gives them."""

    __tablename__ = "event_speaker"

    event_id: Mapped[int] = owned_by("event")
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    post: Mapped[str | None] = mapped_column(String(400))
    body_code: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("event_id", "name"),)


class EventText(Keyed, Base):
    """One published text about an event: who published it, when, in which language, and the
    words themselves (checked against the SHA-256 of the packaged copy when loaded)."""

    __tablename__ = "event_text"

    code: Mapped[str] = mapped_column(String(64), unique=True)
    event_id: Mapped[int] = owned_by("event")
    publisher: Mapped[str] = mapped_column(String(300))
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    published_precision: Mapped[str] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str | None] = mapped_column(String(400))
    url: Mapped[str | None] = mapped_column(String(500))
    resource: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)

    event: Mapped[Event] = relationship(back_populates="texts")

    __table_args__ = (
        CheckConstraint(sql_in("published_precision", DATE_PRECISIONS), name="precision_known"),
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
    )


class Citation(Keyed, Base):
    """A record (kind + natural key) was taken from sentence `sentence_index` of a text, which
    spans characters [start_char, end_char) of the stored content and reads `quote`."""

    __tablename__ = "citation"

    record_kind: Mapped[str] = mapped_column(String(32))
    record_key: Mapped[str] = mapped_column(String(400))
    text_id: Mapped[int] = owned_by("event_text")
    sentence_index: Mapped[int] = mapped_column(Integer)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    # Who said it, when the text attributes the sentence to one of the event's speakers.
    speaker: Mapped[str | None] = mapped_column(String(200))

    text: Mapped[EventText] = relationship()

    __table_args__ = (
        UniqueConstraint("record_kind", "record_key", "text_id", "sentence_index"),
        CheckConstraint("end_char > start_char AND start_char >= 0", name="span_ordered"),
        CheckConstraint("sentence_index >= 1", name="sentence_index_positive"),
    )
