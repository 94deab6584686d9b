"""The program's kinds of record: projects, budget lines, directives, contracts, targets, zones,
works, measures, plans, agreements, initiatives, town statements and stated facts.

Their rows come from `kind_rows.program_rows` (the program API's frames with each record's natural
key, event and sentence). Deleting one is one undoable batch of the records layer: the record with
its dated history (a project's statuses, a target's actual values) and what the database removes
with it; regional editors may delete only records of towns in their regions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from monotown.errors import NotFoundError
from monotown.program.entities import get_entity
from monotown.program.fields import Lookups
from monotown.program.importer import AUDIT_PREFIX
from monotown.program.kind_rows import KINDS, program_rows
from monotown.program.models import ProjectStatus, TargetActual
from monotown.program.touched import touched_settlements
from monotown.records.deletion import Removal, delete_by_code, delete_record
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
        delete=_delete_body, aliases={"body": "bodies"},
    )  # fmt: skip
