"""Record content in kk/ru/en: bundled translations of the real records' texts and names
(`resources/program/translations.csv`), and town names in the chosen language.

A record whose text has no translation into the chosen language keeps its original wording and
says which language that is, so a reader never mistakes an untranslated line for a translation.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.models.names import localised
from monotown.program.fields import Lookups
from monotown.registry.models import Settlement

TRANSLATIONS_FILE = "translations.csv"
ORIGINAL_LANGUAGE = "en"  # the program's source texts, and so its bundled records, are English
# Which column of which kind of record is translated.
TRANSLATED_FIELDS: dict[str, tuple[str, ...]] = {
    "directives": ("text",),
    "zones": ("name",),
    "projects": ("name",),
    "works": ("object",),
    "agreements": ("title",),
    "initiatives": ("name",),
    "plans": ("name",),
    "targets": ("name",),
    "town_statements": ("statement",),
}
Key = tuple[str, str, str, str]  # kind, code, field, language


@lru_cache(maxsize=1)
def bundled_translations() -> dict[Key, str]:
    """(kind, code, field, language) -> text, from the bundled file."""
    data = resources.files("monotown.resources.program").joinpath(TRANSLATIONS_FILE)
    rows = csv.DictReader(io.StringIO(data.read_text("utf-8")))
    return {
        (row["kind"], row["code"], row["field"], row["language"]): row["text"]
        for row in rows
        if row["text"].strip()
    }


def translated(kind: str, code: str, field: str, original: str, language: str) -> tuple[str, str]:
    """The field's text in `language` and the language it is actually in (the original's when
    no translation is bundled)."""
    if language == ORIGINAL_LANGUAGE:
        return original, ORIGINAL_LANGUAGE
    text = bundled_translations().get((kind, code, field, language))
    return (text, language) if text else (original, ORIGINAL_LANGUAGE)


def town_names(session: Session, language: str) -> dict[str, str]:
    """Town label (as records write it) -> the town's name in `language`."""
    lookups = Lookups(session)
    names: dict[str, str] = {}
    for town in session.scalars(select(Settlement)):
        names[lookups.town_label(town.id)] = localised(town, language)
    return names


def localise_rows(
    session: Session, kind: str, rows: list[dict[str, Any]], language: str
) -> list[dict[str, Any]]:
    """Rows of one kind with their translated fields (and `<field>_language`) and town names in
    `language`; English rows are returned as they are, with the language marked."""
    fields = TRANSLATED_FIELDS.get(kind, ())
    towns = town_names(session, language) if language != ORIGINAL_LANGUAGE else {}
    result = []
    for row in rows:
        row = dict(row)
        for field in fields:
            if isinstance(row.get(field), str) and row.get("code"):
                row[field], row[f"{field}_language"] = translated(
                    kind, str(row["code"]), field, row[field], language
                )
        sources = row.get("sources")
        if sources and isinstance(sources, list):
            first = sources[0]
            title = (first.get("event_titles") or {}).get(language) or first["event_title"]
            label = "source_event" if "source_event" in row else "event"
            row[label] = f"{title} ({first['event_date']})"
        if towns:
            if isinstance(row.get("town"), str):
                row["town"] = towns.get(row["town"], row["town"])
            if isinstance(row.get("towns"), list):
                row["towns"] = [towns.get(name, name) for name in row["towns"]]
        result.append(row)
    return result
