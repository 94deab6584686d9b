"""The Python API for the records the program's texts state that have no older home: agreements,
initiatives, statements about towns, the body registry, and the stated figures with their sources.
Each function takes a session and returns a pandas DataFrame whose rows carry `synthetic` and the
event and sentence they were taken from."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.program import cited, store
from monotown.program.api_records import RecordQuery
from monotown.program.bodies import body_name
from monotown.program.body_models import Body
from monotown.program.filters import filter_frame
from monotown.registry.models import Settlement

# The stated kinds filter by town, the record's own kind (e.g. memorandum) and the synthetic
# flag; their rows carry the event and sentence they were taken from, real ones first, by code.
STATED_FILTERS: dict[str, Sequence[str] | None] = {"kind": None}

agreements = RecordQuery(
    "agreements",
    STATED_FILTERS,
    "Memoranda, offtake and long-term contracts between bodies, with their parties.",
    cited=True,
)
initiatives = RecordQuery(
    "initiatives",
    STATED_FILTERS,
    "The program's directions, groups and their priority measures, regional programs and "
    "national programmes of works and exploration.",
    cited=True,
)
town_statements = RecordQuery(
    "town_statements",
    STATED_FILTERS,
    "What the texts say about single towns (weakest in 2023, reporting a decline ...).",
    cited=True,
)


def stated_facts(
    session: Session, *, topic: str | None = None, synthetic: bool | None = None
) -> pd.DataFrame:
    """The program-level figures with the event, speakers and sentence each was stated in; two
    texts that disagree (1.3 vs 1.4 million residents) are two rows, each with its source."""
    frame = filter_frame(session, store.entity_frame(session, "facts"), synthetic=synthetic)
    if topic:
        frame = frame[frame["topic"] == topic]
    return cited.with_sources(session, frame, "facts").reset_index(drop=True)


def bodies(session: Session, *, kind: str | None = None, language: str = "en") -> pd.DataFrame:
    """The registry of responsible bodies: code, kind, name in `language` (and the language it
    is in), names in en/ru/kk, former names, aliases, region code and town."""
    query = select(Body, Settlement.name_en).outerjoin(Settlement).order_by(Body.kind, Body.code)
    if kind:
        query = query.where(Body.kind == kind)
    rows = []
    for body, town in session.execute(query):
        name, name_language = body_name(body, language)
        rows.append(
            {
                "code": body.code,
                "kind": body.kind,
                "name": name,
                "name_language": name_language,
                "name_en": body.name_en,
                "name_ru": body.name_ru,
                "name_kk": body.name_kk,
                "former_names": [n for n in (body.former_names or "").split("|") if n],
                "aliases": [n for n in (body.aliases or "").split("|") if n],
                "region_code": body.region_code,
                "settlement": town,
                "source": body.source,
            }
        )
    return pd.DataFrame(rows)
