"""The events and texts shipped in `resources/events/`, loaded with their SHA-256 checked.

A text whose packaged copy does not hash to the value recorded in `texts.csv` is refused: every
citation's span would otherwise point at words nobody can vouch for.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.errors import InputError
from monotown.events.models import DATE_PRECISIONS, EVENT_KINDS, Event, EventSpeaker, EventText

EVENT_RESOURCES = "monotown.resources.events"


def _rows(name: str) -> list[tuple[int, dict[str, str]]]:
    data = resources.files(EVENT_RESOURCES).joinpath(name).read_text("utf-8")
    return [
        (number, {key: (value or "").strip() for key, value in row.items()})
        for number, row in enumerate(csv.DictReader(io.StringIO(data)), start=2)
    ]


def parse_partial_date(
    value: str, precision: str, *, file: str, row: int, field: str
) -> dt.date | None:
    """'2024-04-02' (day), '2025-06' (month) or '2013' (year) as the first day it can mean."""
    if precision not in DATE_PRECISIONS:
        raise InputError(
            f"must be one of {', '.join(DATE_PRECISIONS)}",
            file=file,
            row=row,
            field=f"{field} precision",
        )
    if not value:
        return None
    parts = value.split("-")
    expected = {"day": 3, "month": 2, "year": 1}[precision]
    try:
        if len(parts) != expected:
            raise ValueError
        numbers = [int(part) for part in parts] + [1] * (3 - len(parts))
        return dt.date(numbers[0], numbers[1], numbers[2])
    except ValueError:
        raise InputError(
            f"is not a date of {precision} precision", file=file, row=row, field=field, value=value
        ) from None


def text_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_events(session: Session) -> int:
    """Insert or update the bundled events, their speakers and texts; returns the events read."""
    stored = {event.code: event for event in session.scalars(select(Event))}
    events: dict[str, Event] = {}
    for number, row in _rows("events.csv"):
        if row["kind"] not in EVENT_KINDS:
            raise InputError(
                f"must be one of {', '.join(EVENT_KINDS)}",
                file="events/events.csv",
                row=number,
                field="kind",
                value=row["kind"],
            )
        event = stored.get(row["code"]) or Event(code=row["code"])
        event.kind = row["kind"]
        event.date_precision = row["date_precision"]
        event.held_on = _date_cell(row, number, "events/events.csv", "held_on", "date_precision")
        for column in ("title_en", "title_ru", "title_kk", "chair", "place", "note"):
            setattr(event, column, row[column] or None)
        session.add(event)
        events[event.code] = event
    session.flush()
    _load_speakers(session, events)
    _load_texts(session, events)
    return len(events)


def _date_cell(
    row: dict[str, str], number: int, file: str, column: str, precision: str
) -> dt.date | None:
    """The partial date in `column`, at the precision the row's `precision` column names."""
    return parse_partial_date(row[column], row[precision], file=file, row=number, field=column)


def _event(events: dict[str, Event], code: str, file: str, row: int) -> Event:
    if code not in events:
        raise InputError(
            "is not an event of events.csv", file=file, row=row, field="event", value=code
        )
    return events[code]


def _load_speakers(session: Session, events: dict[str, Event]) -> None:
    wanted: dict[str, list[EventSpeaker]] = {code: [] for code in events}
    for number, row in _rows("speakers.csv"):
        event = _event(events, row["event"], "events/speakers.csv", number)
        wanted[event.code].append(
            EventSpeaker(
                position=int(row["position"]),
                name=row["name"],
                post=row["post"] or None,
                body_code=row["body_code"] or None,
            )
        )
    for code, speakers in wanted.items():
        event = events[code]
        current = [(s.position, s.name, s.post, s.body_code) for s in event.speakers]
        if current != [(s.position, s.name, s.post, s.body_code) for s in speakers]:
            event.speakers.clear()
            session.flush()
            event.speakers.extend(speakers)
    session.flush()


def _load_texts(session: Session, events: dict[str, Event]) -> None:
    stored = {text.code: text for text in session.scalars(select(EventText))}
    folder = resources.files(EVENT_RESOURCES).joinpath("texts")
    for number, row in _rows("texts.csv"):
        where = {"file": "events/texts.csv", "row": number}
        event = _event(events, row["event"], "events/texts.csv", number)
        data = folder.joinpath(row["file"]).read_bytes()
        digest = text_sha256(data)
        if digest != row["sha256"].lower():
            raise InputError(
                f"does not match the packaged text (SHA-256 {digest[:12]}...): it was changed",
                file=str(where["file"]),
                row=number,
                field="sha256",
                value=row["sha256"],
            )
        text = stored.get(row["code"]) or EventText(code=row["code"])
        text.event_id = event.id
        text.publisher = row["publisher"]
        text.published_precision = row["published_precision"]
        text.published_on = _date_cell(
            row, number, "events/texts.csv", "published_on", "published_precision"
        )
        text.language = row["language"]
        text.title = row["title"] or None
        text.url = row["url"] or None
        text.resource = f"resources/events/texts/{row['file']}"
        text.sha256 = digest
        text.content = data.decode("utf-8")
        session.add(text)
    session.flush()
