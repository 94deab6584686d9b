"""The events capability's kind of record: the sessions, meetings and interviews records cite.

Deleting an event is one undoable batch (`records.deletion`): the event with its speakers, texts
and sentences' citations, all put back when the batch is undone.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from monotown.events.models import Event
from monotown.events.views import event_list
from monotown.records.deletion import delete_by_code
from monotown.records.kinds import Actor, Kind, columns


def event_rows(session: Session) -> list[dict[str, Any]]:
    rows = event_list(session, "en")
    for row in rows:
        row["speaker_names"] = [speaker["name"] for speaker in row["speakers"]]
        row["publishers"] = sorted(
            {text["publisher"] for text in row["texts"] if text["publisher"]}
        )
    return rows


def _delete_event(session: Session, code: str, actor: Actor, force: bool) -> int:
    return delete_by_code(
        session, Event, code, kind="events", audit_entity="event",
        old_fields=("code", "kind", "title_en"), actor=actor,
    )  # fmt: skip


EVENTS_KIND = Kind(
    key="events", title="Events", capability="events", key_column="code",
    columns=columns(
                """
    code                   text     The event's code.
    kind                   text     session, meeting, seminar, interview...
    date                   text     When it was held, as precisely as its texts say.
    date_precision         text     day, month or year.
    title                  text     Its title in English (or the language it has).
    title_en               text
    chair                  text
    place                  text
    speaker_names          list     Who spoke.
    publishers             list     Who published its texts.
    records                integer  Records citing it.
    note                   text
    link                   text     Its page.
    """
            ),
    rows=event_rows, table="event",
    description="Sessions, meetings, seminars and interviews the records were taken from.",
    sort_keys=("code", "date", "kind", "title", "records"), default_sort="date",
    group_bys=("kind",), search_columns=("code", "title", "title_en", "chair", "place"),
    name_fields=("title",), delete=_delete_event, aliases={"event": "events"},
    not_importable="an event comes with the published texts its records cite, checked by their "
    "SHA-256; events are loaded with those texts (monotown data load-reference)",
)  # fmt: skip


def kinds() -> list[Kind]:
    """The events capability's kinds, for `monotown.catalog`."""
    return [EVENTS_KIND]
