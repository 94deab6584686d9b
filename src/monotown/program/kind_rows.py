"""Program records shaped for the API and the pages: one frame per kind of record from the
program capability, turned into plain rows that carry their natural key and `synthetic` flag.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from monotown import program
from monotown.errors import InputError
from monotown.program import cited
from monotown.program.entities import get_entity
from monotown.program.fields import to_text
from monotown.program.rows import json_rows
from monotown.program.translations import localise_rows

Loader = Callable[..., pd.DataFrame]
# kind of record -> (program API function, filters it takes)
SOURCES: dict[str, tuple[Loader, tuple[str, ...]]] = {
    "projects": (program.projects, ("town", "region", "status", "kind", "synthetic")),
    "budget": (program.budget_lines, ("town", "region", "year_from", "year_to", "synthetic")),
    "directives": (program.directives, ("town", "status", "overdue", "synthetic")),
    "contracts": (program.contracts, ("town", "region", "kind", "synthetic")),
    "targets": (program.targets_progress, ("synthetic",)),
    "zones": (program.zones, ("town", "region", "status", "synthetic")),
    "works": (program.works, ("town", "region", "status", "kind", "synthetic")),
    "measures": (program.measures, ("town", "region", "status", "overdue", "synthetic")),
    "plans": (program.plans, ("town", "kind", "synthetic")),
    "agreements": (program.agreements, ("town", "kind", "synthetic")),
    "initiatives": (program.initiatives, ("town", "kind", "synthetic")),
    "town_statements": (program.town_statements, ("town", "kind", "synthetic")),
    "facts": (program.stated_facts, ("synthetic",)),
}
# Frames that do not yet carry the event and sentence of each record get them added.
_CITED_BY_LOADER = frozenset(
    {"directives", "agreements", "initiatives", "town_statements", "facts"}
)
KINDS = tuple(SOURCES)


def key_text(kind: str, row: dict[str, Any]) -> str:
    """A record's natural key as the program capability writes it ('code', or 'a | b | c')."""
    return get_entity(kind).key_text(row)


def program_rows(
    session: Session,
    kind: str,
    filters: dict[str, Any],
    today: dt.date | None = None,
    language: str | None = None,
) -> list[dict[str, Any]]:
    """Rows of one kind of record, filtered; each with its `key`. With `language`, the real
    records' texts, body and town names come in that language (the original, marked, where no
    translation is bundled)."""
    loader, accepted = SOURCES[kind]
    given = {
        name: value
        for name, value in filters.items()
        if value not in (None, "") and (value is not False or name == "synthetic")
    }
    refused = sorted(set(given) - set(accepted))
    if refused:
        raise InputError(
            f"does not apply to {kind}; {kind} take {', '.join(accepted)}", field=refused[0]
        )
    if today is not None and kind in ("directives", "measures"):
        given["today"] = today
    if language is not None and kind == "directives":
        given["language"] = language
    frame = loader(session, **given)
    if kind not in _CITED_BY_LOADER:
        frame = cited.with_sources(session, frame, kind)
    rows = json_rows(frame)
    for row in rows:
        row["key"] = key_text(kind, row)
    if language is not None:
        rows = localise_rows(session, kind, rows, language)
    return rows


def cells(values: dict[str, Any]) -> dict[str, str]:
    """A JSON record as the text cells of one file row (lists joined as the files write them)."""
    return {str(name).strip().lower(): to_text(value) for name, value in values.items()}
