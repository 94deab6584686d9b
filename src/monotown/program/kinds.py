"""The program's kinds of record: projects, budget lines, directives, contracts, targets, zones,
works, measures, plans, agreements, initiatives, town statements and stated facts.

Their rows come from `kind_rows.program_rows` (the program API's frames with each record's natural
key, event and sentence). Deleting one is one undoable batch of the records layer: the record with
its dated history (a project's statuses, a target's actual values) and what the database removes
with it; regional editors may delete only records of towns in their regions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from monotown.errors import NotFoundError
from monotown.program.entities import get_entity
from monotown.program.fields import Lookups
from monotown.program.importer import AUDIT_PREFIX, import_tables
from monotown.program.kind_rows import KINDS, program_rows
from monotown.program.models import ProjectStatus, TargetActual
from monotown.program.tabular import file_format, table_from_bytes
from monotown.program.touched import touched_settlements
from monotown.records.deletion import Removal, delete_by_code, delete_record
from monotown.records.import_rows import unguard, whole_file_import
from monotown.records.imports import ImportReport, ImportRequest, without_bad_rows
from monotown.records.kinds import Actor, Column, ColumnType, Kind, columns
from monotown.registry.access import require_settlements

TITLES = {
    "projects": "Investment projects", "budget": "Budget lines", "directives": "Directives",
    "contracts": "Contracts", "targets": "Targets", "zones": "Industrial zones",
    "works": "Infrastructure works", "measures": "Plan measures", "plans": "Programs and plans",
    "agreements": "Agreements", "initiatives": "Initiatives",
    "town_statements": "Town statements", "facts": "Stated facts",
}  # fmt: skip
# Columns the listing adds to the entity's file columns (derived, or from the citing event).
CITED = ("event", "event_code", "speakers", "citation", "quote", "sources")
DERIVED: dict[str, tuple[str, ...]] = {
    "projects": ("region", "start_year"),
    "budget": ("region",),
    "directives": ("regions", "bodies", "body_codes", "due_on", "status", "days_left"),
    "contracts": ("region", "year"),
    "targets": ("latest_year", "latest_value", "progress_pct", "expected_pct", "gap_pct", "track"),
    "zones": ("region",),
    "works": ("region",),
    "measures": ("region", "due_on", "status", "days_left"),
    "plans": ("region", "measures", "measures_cost_kzt", "synthetic_measures", "basis"),
    "agreements": ("regions",),
    "initiatives": ("regions",),
    "town_statements": ("region",),
    "facts": ("source_event",),
}
GROUPS: dict[str, tuple[str, ...]] = {
    "projects": ("status", "kind", "town", "region", "sector", "start_year", "investor"),
    "budget": ("year", "budget_source", "town", "region", "plan", "purpose"),
    "contracts": ("kind", "year", "town", "region", "buyer"),
    "zones": ("status", "town", "region"),
    "works": ("kind", "status", "town", "region"),
    "measures": ("plan", "status", "town", "region", "responsible"),
}
LISTS = frozenset({"towns", "regions", "bodies", "body_codes", "speakers", "sources", "parties"})
INTEGERS = ("year", "jobs", "tenants", "people_served", "months", "days_left", "measures")
NUMBERS = ("_kzt", "_pct", "value", "area_ha")


def _type_of(name: str) -> ColumnType:
    if name == "synthetic":
        return "boolean"
    if name in LISTS:
        return "list"
    if any(part in name for part in INTEGERS) and not name.endswith("_kzt"):
        return "integer"
    if name.endswith(NUMBERS):
        return "number"
    if name.endswith(("_on", "_at")) or name in ("deadline", "as_of"):
        return "date"
    return "text"


def _columns(kind: str) -> tuple[Column, ...]:
    entity = get_entity(kind)
    declared = [(column.name, column.help) for column in entity.columns]
    names = [name for name, _ in declared]
    extra = [(name, "") for name in (*DERIVED[kind], *CITED) if name not in names]
    key = [("key", "The record's natural key: " + " | ".join(entity.key) + ".")]
    return tuple(Column(name, _type_of(name), help) for name, help in (*key, *declared, *extra))


def _rows(kind: str) -> Callable[[Session], list[dict[str, Any]]]:
    return lambda session: program_rows(session, kind, {})


def _deleter(kind: str) -> Callable[[Session, str, Actor, bool], int]:
    def delete(session: Session, key: str, actor: Actor, force: bool) -> int:
        entity = get_entity(kind)
        lookups = Lookups(session)
        found = next(
            (
                record
                for record in entity.records(session)
                if entity.key_text(entity.export_row(record, lookups)) == key
            ),
            None,
        )
        if found is None:
            raise NotFoundError(f"no {kind} record '{key}'")
        if actor.scope is not None and actor.scope.region_scoped:
            touched = touched_settlements(session, entity, [entity.read(found)])
            require_settlements(session, actor.scope, touched, f"{kind} '{key}'")
        old = entity.export_row(found, lookups)
        history = {
            "projects": [Removal.of(ProjectStatus, ProjectStatus.project_id == found.id)],
            "targets": [Removal.of(TargetActual, TargetActual.target_id == found.id)],
        }.get(kind, [])
        return delete_record(
            session, found, kind=kind, key=key, audit_entity=AUDIT_PREFIX + entity.name,
            old=old, actor=actor, before=history,
        )  # fmt: skip

    return delete


# Values the listing shows in place of the stored one (a directive past its deadline is 'overdue'
# while stored 'open' or 'extended'): such a cell of an export is left out, keeping what is stored.
LISTED_ONLY = {"status": frozenset({"overdue"})}


def _listed_only(kind: str, column: str, text: str) -> bool:
    return column in DERIVED[kind] and text in LISTED_ONLY.get(column, ())


def _importer(kind: str) -> Callable[[Session, ImportRequest], ImportReport]:
    def run(session: Session, request: ImportRequest) -> ImportReport:
        """A CSV or XLSX file of the entity's columns (or the kind's export: its derived and
        cited columns are left out), created or updated by natural key as one program batch."""
        entity, name = get_entity(kind), request.file_name
        data = request.path.read_bytes()
        table = table_from_bytes(data, name, file_format(Path(name)), sheet=entity.name)
        known = set(entity.column_names)
        ignored = [column for column in table.header if column not in known]
        table = replace(
            table, header=[column for column in table.header if column in known],
            rows=[(number, {column: unguard(text) for column, text in cells.items()
                            if column in known and not _listed_only(kind, column, text)})
                  for number, cells in table.rows],
        )  # fmt: skip
        actor = request.actor

        def attempt(skip: frozenset[int]) -> Any:
            rows = [row for row in table.rows if row[0] not in skip]
            return import_tables(
                session, [(entity, replace(table, rows=rows))], user=actor.user,
                origin=actor.origin, note=f"{entity.name} from {name}", scope=actor.scope,
                fingerprint=(name, table.format, table.sha256),
            )  # fmt: skip

        result, problems = without_bad_rows(
            attempt, session=session, skip_invalid=request.skip_invalid, file=name
        )
        report: ImportReport = result.as_records_report(kind, name)
        report.problems = problems
        report.skipped = len({problem.row for problem in problems})
        if ignored:
            report.warnings.append(f"column(s) not imported (derived): {', '.join(ignored)}")
        return report

    return run


def kinds() -> list[Kind]:
    """One kind per program record list, for `monotown.catalog`."""
    made = []
    for kind in KINDS:
        entity = get_entity(kind)
        columns = _columns(kind)
        names = {column.name for column in columns}
        region = "region" if "region" in names else ("regions" if "regions" in names else None)
        made.append(
            Kind(
                key=kind,
                title=TITLES[kind],
                capability="program",
                key_column="key",
                columns=columns,
                rows=_rows(kind),
                table=type_name(entity),
                description=_first_line(entity.__doc__),
                group_bys=GROUPS.get(kind, ()),
                region_column=region,
                synthetic_column="synthetic",
                search_columns=tuple(sorted(names - {"synthetic"})),
                delete=_deleter(kind),
                importer=_importer(kind),
            )
        )
    return [*made, body_kind()]


def _first_line(text: str | None) -> str:
    return text.strip().splitlines()[0] if text and text.strip() else ""


def type_name(entity: Any) -> str | None:
    model = getattr(entity, "model", None)
    return getattr(model, "__tablename__", None)


def body_rows(session: Session) -> list[dict[str, Any]]:
    from monotown.program.api_stated import bodies
    from monotown.program.rows import json_rows

    return json_rows(bodies(session))


def _delete_body(session: Session, code: str, actor: Actor, force: bool) -> int:
    from monotown.program.body_models import Body

    return delete_by_code(
        session, Body, code, kind="bodies", audit_entity="program_body",
        old_fields=("code", "kind", "name_en"), actor=actor,
    )  # fmt: skip


def _import_bodies(session: Session, request: ImportRequest) -> ImportReport:
    """Bodies (the columns of bodies.csv, or the kind's export), created or updated by code."""
    from monotown.program.bodies import load_bodies
    from monotown.program.body_models import Body

    return whole_file_import(
        session, request, kind="bodies", tables=(Body,),
        load=lambda path: load_bodies(session, path.read_bytes(), file_name=request.file_name),
        report=lambda rows: ImportReport(kind="bodies", file=request.file_name, rows=rows),
        counted_by_batch=True, list_columns=("former_names", "aliases"),
    )  # fmt: skip


def body_kind() -> Kind:
    return Kind(
        key="bodies", title="Responsible bodies", capability="program", key_column="code",
        columns=columns(
            """
            code          text  The body's code.
            kind          text  ministry, regional_akimat, agency...
            name          text  Its name in English.
            name_en       text
            name_ru       text
            name_kk       text
            former_names  list
            aliases       list  Other spellings.
            region_code   text  Its region, for regional bodies.
            settlement    text  Its town, for town akimats.
            source        text
            """
        ),
        rows=body_rows, table="program_body",
        description="The bodies directives and plans name as responsible.",
        group_bys=("kind", "region_code"), search_columns=("code", "name_en", "name_ru",
        "name_kk", "aliases"), region_column="region_code", name_fields=("name",),
        delete=_delete_body, importer=_import_bodies, aliases={"body": "bodies"},
    )  # fmt: skip
