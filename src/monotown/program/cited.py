"""What program frames add so every row can be traced: the event and sentence a real record was
taken from, and the registry bodies its responsible names resolve to.

`with_sources` adds `event` (title and date as precisely as known; `source_event` for frames
that have an `event` column of their own, the facts), `event_code`, `speakers`,
`citation` (the path of the sentence on the event's page) and `quote`, and `sources` with every
citation; `with_bodies` adds `bodies` (one canonical name per body, whatever the spelling) and
`body_codes` to a directives frame.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.events import Source, sources_by_record
from monotown.program import fields
from monotown.program.bodies import body_name
from monotown.program.body_models import Body, RecordBody
from monotown.program.entities import get_entity
from monotown.program.models import Directive, DirectiveBody

SOURCE_COLUMNS = ("event", "event_code", "speakers", "citation", "quote", "sources")


def source_dict(source: Source) -> dict[str, Any]:
    """A citation as plain values (for JSON answers and the `sources` column)."""
    return {
        "event": source.event_code,
        "event_title": source.event_title,
        "event_titles": dict(source.event_titles),
        "event_date": source.date_label,
        "speaker": source.speaker,
        "speakers": list(source.speakers),
        "text": source.text_code,
        "publisher": source.publisher,
        "sentence": source.sentence_index,
        "start": source.start,
        "end": source.end,
        "quote": source.quote,
        "link": source.anchor,
    }


def with_sources(session: Session, frame: pd.DataFrame, entity_name: str) -> pd.DataFrame:
    """`frame` (rows of one entity, columns as in its file) with the columns of SOURCE_COLUMNS."""
    entity = get_entity(entity_name)
    by_key = sources_by_record(session, entity.name)
    result = frame.copy()
    keys = [
        " | ".join(fields.to_text(_plain(row.get(name))) for name in entity.key)
        for row in result.to_dict("records")
    ]
    found: list[list[Source]] = [by_key.get(key, []) for key in keys]
    # Facts have an `event` column of their own (the label they were stated under): keep it.
    label = "source_event" if "event" in frame.columns else "event"
    result[label] = [f"{s[0].event_title} ({s[0].date_label})" if s else None for s in found]
    result["event_code"] = [s[0].event_code if s else None for s in found]
    result["speakers"] = [(s[0].speaker or "; ".join(s[0].speakers)) if s else None for s in found]
    result["citation"] = [s[0].anchor if s else None for s in found]
    result["quote"] = [s[0].quote if s else None for s in found]
    result["sources"] = pd.Series(
        [[source_dict(source) for source in s] for s in found], index=result.index, dtype=object
    )
    return result


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def directive_bodies(
    session: Session, language: str = "en"
) -> dict[str, list[tuple[str, str | None]]]:
    """Directive code -> [(name to show, body code or None)] in the order the directive names them;
    a spelling the registry resolves shows as the body's name in `language`."""
    query = (
        select(Directive.code, DirectiveBody.body, Body)
        .join(DirectiveBody, DirectiveBody.directive_id == Directive.id)
        .outerjoin(Body, DirectiveBody.body_id == Body.id)
        .order_by(Directive.code, DirectiveBody.position)
    )
    result: dict[str, list[tuple[str, str | None]]] = {}
    for code, spelled, body in session.execute(query):
        shown = (body_name(body, language)[0], body.code) if body is not None else (spelled, None)
        result.setdefault(code, []).append(shown)
    return result


def with_bodies(session: Session, frame: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """A directives frame with `bodies` (registry names, spelled name if unresolved) and
    `body_codes` (None for an unresolved spelling)."""
    links = directive_bodies(session, language)
    result = frame.copy()
    result["bodies"] = [[name for name, _ in links.get(code, [])] for code in result["code"]]
    result["body_codes"] = [[c for _, c in links.get(code, [])] for code in result["code"]]
    return result


def record_bodies(session: Session, record_kind: str, language: str = "en") -> dict[int, list[str]]:
    """Record id -> names of the bodies it names (agreements, initiatives), in `language`."""
    query = (
        select(RecordBody.record_id, RecordBody.spelled, Body)
        .outerjoin(Body, RecordBody.body_id == Body.id)
        .where(RecordBody.record_kind == record_kind)
        .order_by(RecordBody.record_id, RecordBody.position)
    )
    result: dict[int, list[str]] = {}
    for record_id, spelled, body in session.execute(query):
        result.setdefault(record_id, []).append(body_name(body, language)[0] if body else spelled)
    return result
