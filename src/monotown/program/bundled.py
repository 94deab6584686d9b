"""The real program data shipped in `resources/program/`: headline facts, programs and plans,
targets, directives, zones, projects, works, agreements, initiatives and statements about towns,
each citing the sentence of the event text it was taken from (`resources/events/citations.csv`).

Loaded through the importer, so it gets a batch, audit entries and undo. The body registry and
the events with their texts are loaded first: directives resolve their bodies against the one and
their stated deadlines ("within two weeks") against the date of the other.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from importlib import resources

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from monotown.events import CitationRow, load_events, store_citations
from monotown.events.models import Event, EventText
from monotown.planner_statistics import keep_statistics
from monotown.program.bodies import load_bodies
from monotown.program.entities import get_entity
from monotown.program.fields import Lookups
from monotown.program.importer import AUDIT_PREFIX, ImportResult, import_tables
from monotown.program.models import Directive, ProgramFact
from monotown.program.stated_deadlines import resolve_stated_deadline
from monotown.program.tabular import Table, table_from_bytes
from monotown.records.kinds import Actor
from monotown.records.provenance import audit

PROGRAM_RESOURCES = "monotown.resources.program"
FACTS_FILE = "program_facts.csv"
FACTS_SOURCE = (
    "figures stated at government sessions and in government press releases, 2012-2025"
    " (each figure names the event it was stated at)"
)
STATED_FACTS_FILE = "stated_facts.csv"
STATED_FACTS_SOURCE = "figures stated in the event texts (see resources/events)"
CITATIONS_FILE = "citations.csv"
# Facts, plans and targets stand alone; the others refer only to registry towns and bodies.
BUNDLED_FILES = (
    ("facts", FACTS_FILE),
    ("facts", STATED_FACTS_FILE),
    ("plans", "plans.csv"),
    ("targets", "targets.csv"),
    ("directives", "directives.csv"),
    ("zones", "zones.csv"),
    ("projects", "projects.csv"),
    ("works", "works.csv"),
    ("agreements", "agreements.csv"),
    ("initiatives", "initiatives.csv"),
    ("town_statements", "town_statements.csv"),
)
# Codes the bundle once shipped and no longer does (replaced by the texts' own instructions).
RETIRED_DIRECTIVES = (
    "industrial-zone-balkhash-2025",
    "industrial-zone-satpayev-2025",
    "industrial-zone-kulsary-2025",
    "industrial-zone-khromtau-2025",
)


def read_bundled_table(file_name: str) -> Table:
    """One bundled CSV as a table (its name shown as program/<file> in messages)."""
    data = resources.files(PROGRAM_RESOURCES).joinpath(file_name).read_bytes()
    return table_from_bytes(data, f"program/{file_name}", "csv")


def _with_source(table: Table, source: str) -> Table:
    rows = [
        (number, {**cells, "source": cells.get("source") or source}) for number, cells in table.rows
    ]
    header = table.header if "source" in table.header else [*table.header, "source"]
    return Table(table.file_name, table.format, table.sha256, header, rows)


def bundled_codes(file_name: str) -> list[str]:
    """The codes of the records of one bundled file."""
    return [str(cells.get("code")) for _number, cells in read_bundled_table(file_name).rows]


def bundled_citations() -> list[CitationRow]:
    """The rows of `resources/events/citations.csv`."""
    data = resources.files("monotown.resources.events").joinpath(CITATIONS_FILE).read_text("utf-8")
    return [
        CitationRow(
            row["record_kind"],
            row["record_key"],
            row["text"],
            row["find"],
            number,
            speaker=row.get("speaker") or None,
        )
        for number, row in enumerate(csv.DictReader(io.StringIO(data)), start=2)
    ]


def _event_dates(
    session: Session, citations: list[CitationRow]
) -> dict[str, tuple[dt.date | None, str]]:
    """Directive code -> (date, precision) of the event its first citation's text reports."""
    texts = {
        code: (held_on, precision)
        for code, held_on, precision in session.execute(
            select(EventText.code, Event.held_on, Event.date_precision).join(Event)
        )
    }
    dates: dict[str, tuple[dt.date | None, str]] = {}
    for row in citations:
        if row.record_kind == "directives" and row.text_code in texts:
            dates.setdefault(row.record_key, texts[row.text_code])
    return dates


def _with_resolved_deadlines(table: Table, dates: dict[str, tuple[dt.date | None, str]]) -> Table:
    """Fill an empty `deadline` from `deadline_stated` and the date of the directive's event."""
    rows = []
    for number, cells in table.rows:
        stated = cells.get("deadline_stated") or ""
        if not cells.get("deadline") and stated and cells.get("code") in dates:
            held_on, precision = dates[cells["code"]]
            resolved = resolve_stated_deadline(stated, held_on, precision)
            if resolved is not None:
                cells = {**cells, "deadline": resolved.isoformat()}
        rows.append((number, cells))
    return Table(table.file_name, table.format, table.sha256, table.header, rows)


def _record_keys(session: Session, kinds: set[str]) -> dict[str, set[str]]:
    lookups = Lookups(session)
    keys: dict[str, set[str]] = {}
    for kind in sorted(kinds):
        entity = get_entity(kind)
        keys[kind] = {
            entity.key_text(entity.export_row(record, lookups))
            for record in entity.records(session)
        }
    return keys


def load_facts(
    session: Session, *, user: str | None = None, today: dt.date | None = None
) -> ImportResult:
    """Insert or update the bundled real records in one batch (loading twice changes nothing),
    with the bodies, events and citations they rest on."""
    load_bodies(session)
    load_events(session)
    citations = bundled_citations()
    dates = _event_dates(session, citations)
    tables = []
    for entity_name, file_name in BUNDLED_FILES:
        table = read_bundled_table(file_name)
        if file_name == FACTS_FILE:
            table = _with_source(table, FACTS_SOURCE)
        elif file_name == STATED_FACTS_FILE:
            table = _with_source(table, STATED_FACTS_SOURCE)
        elif entity_name == "directives":
            table = _with_resolved_deadlines(table, dates)
        tables.append((get_entity(entity_name), table))
    result = import_tables(
        session,
        tables,
        user=user or "monotown",
        source="bundled program data (resources/program)",
        origin="system",
        today=today,
        note="bundled program records stated in the event texts, with their citations",
        fingerprint=("resources/program", "csv", ""),
    )
    _retire(session, user or "monotown")
    store_citations(
        session, citations, _record_keys(session, {row.record_kind for row in citations})
    )
    session.flush()
    keep_statistics(session)  # the citations written after the records' import kept its own
    return result


def _retire(session: Session, user: str) -> None:
    """Delete (with an audit entry) the real directives an older bundle shipped and this one
    replaced by the texts' own instructions, so an upgraded database does not count them twice."""
    entity = get_entity("directives")
    lookups = Lookups(session)
    retired = select(Directive).where(
        Directive.code.in_(RETIRED_DIRECTIVES), Directive.synthetic.is_(False)
    )
    for directive in session.scalars(retired):
        audit(
            session,
            Actor(user, "system"),
            "delete",
            AUDIT_PREFIX + entity.name,
            directive.code,
            old=entity.export_row(directive, lookups),
            note="replaced by the instructions of the June 2025 seminar (bundled program data)",
        )
        session.delete(directive)
    session.flush()


def facts_loaded(session: Session) -> bool:
    """True once any program fact is stored (the bundled load has run or facts were imported)."""
    return bool(session.scalar(select(exists().where(ProgramFact.id.is_not(None)))))
