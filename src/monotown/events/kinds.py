"""The events capability's kind of record: the sessions, meetings and interviews records cite.

Deleting an event is one undoable batch (`records.deletion`): the event with its speakers, texts
and sentences' citations, all put back when the batch is undone.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.errors import NotFoundError
from monotown.events.models import Event
from monotown.events.views import event_list
from monotown.records.deletion import delete_rows, with_dependants
from monotown.records.kinds import Actor, Column, Kind


def event_rows(session: Session) -> list[dict[str, Any]]:
    rows = event_list(session, "en")
    for row in rows:
        row["speaker_names"] = [speaker["name"] for speaker in row["speakers"]]
        row["publishers"] = sorted(
            {text["publisher"] for text in row["texts"] if text["publisher"]}
        )
    return rows


def _delete_event(session: Session, code: str, actor: Actor, force: bool) -> int:
    event = session.scalars(select(Event).where(Event.code == code)).one_or_none()
    if event is None:
        raise NotFoundError(f"no event with code '{code}'")
    old = {"code": event.code, "kind": event.kind, "title_en": event.title_en}
    return delete_rows(
        session, with_dependants(Event, Event.id == event.id), kind="events", key=code,
        audit_entity="event", old=old, actor=actor,
    )  # fmt: skip


def kinds() -> list[Kind]:
    """The events capability's kinds, for `monotown.catalog`."""
    return [
        Kind(
            key="events",
            title="Events",
            capability="events",
            key_column="code",
            columns=(
                Column("code", "text", "The event's code."),
                Column("kind", "text", "session, meeting, seminar, interview..."),
                Column("date", "text", "When it was held, as precisely as its texts say."),
                Column("date_precision", "text", "day, month or year."),
                Column("title", "text", "Its title in English (or the language it has)."),
                Column("title_en", "text"),
                Column("chair", "text"),
                Column("place", "text"),
                Column("speaker_names", "list", "Who spoke."),
                Column("publishers", "list", "Who published its texts."),
                Column("records", "integer", "Records citing it."),
                Column("note", "text"),
                Column("link", "text", "Its page."),
            ),
            rows=event_rows,
            table="event",
            description="Sessions, meetings, seminars and interviews the records were taken from.",
            sort_keys=("code", "date", "kind", "title", "records"),
            default_sort="date",
            group_bys=("kind",),
            search_columns=("code", "title", "title_en", "chair", "place"),
            name_fields=("title",),
            delete=_delete_event,
            aliases={"event": "events"},
        )
    ]
