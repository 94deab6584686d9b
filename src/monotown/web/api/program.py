"""/api/v1/program/{kind}: program records (projects, budget lines, directives, contracts,
targets, zones, works, measures, plans) with filters, sorting, pages and exports; writes go
through the program importer (one record = one undoable batch), deletions into the audit log."""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown import catalog
from monotown.accounts.roles import Permission
from monotown.errors import MonotownError
from monotown.program.entities import get_entity
from monotown.program.fields import Lookups
from monotown.program.importer import AUDIT_PREFIX, import_tables
from monotown.program.kind_rows import KINDS, cells, program_rows
from monotown.program.snapshots import parse_snapshot
from monotown.program.tabular import Table
from monotown.records.provenance import AuditEntry
from monotown.registry.rows import find_row
from monotown.web.api.access import origin
from monotown.web.api.kind_routes import (
    Chosen,
    Listing,
    ListPage,
    export_parameters,
    listing_parameters,
    page_or_file,
)
from monotown.web.api.kind_views import delete_response, download, selected
from monotown.web.api.listing import json_bytes, json_response
from monotown.web.context import PrincipalDep, SessionDep

router = APIRouter(prefix="/program", tags=["program"])
Kind = StrEnum("Kind", {kind: kind for kind in KINDS})  # type: ignore[misc]
Record = dict[str, Any]
BODY = Body(
    ...,
    description="Columns as in the program's import files; the key columns pick the record to "
    "create or update, absent columns keep their stored values.",
)


def _rows(
    session: Session, kind: str, filters: dict[str, Any], language: str | None = None
) -> list[Record]:
    return program_rows(session, kind, filters, language=language)


LangQuery = Query(
    None,
    pattern="^(kk|ru|en)$",
    description="Texts, names of bodies and towns in this language (bundled translations; "
    "where one is missing the original is kept and `<field>_language` says which it is).",
)


def older_parameters(
    request: Request,
    town: str | None = Query(None, max_length=120, description="Town code or any name."),
    region: str | None = Query(None, max_length=120, description="Region code or name."),
    status: str | None = Query(None, max_length=32),
    kind_of: str | None = Query(None, max_length=32, description="Kind of project, contract..."),
    year_from: int | None = Query(None, ge=1990, le=2100, description="Budget lines only."),
    year_to: int | None = Query(None, ge=1990, le=2100, description="Budget lines only."),
    overdue: bool = Query(False, description="Directives and measures: only overdue ones."),
    synthetic: bool | None = Query(None, description="Only demo (true) or only real records."),
) -> dict[str, Any]:
    """The program's own filters (a town or region by any name, overdue...), which its loaders
    apply; `records=` (the records layer's) overrides `synthetic`."""
    if request.query_params.get("records"):
        synthetic = None
    return {
        "town": town, "region": region, "status": status, "kind": kind_of,
        "year_from": year_from, "year_to": year_to, "overdue": overdue, "synthetic": synthetic,
    }  # fmt: skip


OLDER = ("town", "region", "status", "kind_of", "year_from", "year_to", "overdue", "synthetic")


def chosen_records(
    kind: Kind,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    older: dict[str, Any] = Depends(older_parameters),
    lang: str | None = LangQuery,
) -> Chosen:
    """The records the program's filters keep, then the records layer's filters, `q` and sort;
    real records first unless a sort is asked for."""
    principal.require(Permission.read)
    described = catalog.kind(kind.value)
    rows = selected(
        request, session, described, own=(*OLDER, "lang", "page", "per_page"),
        rows=_rows(session, kind.value, older, lang),
    )  # fmt: skip
    if not request.query_params.get("sort"):
        rows = sorted(rows, key=lambda row: bool(row.get("synthetic")))
    return Chosen(request, described, rows)


@router.get("/{kind}", response_model=ListPage[Record], summary="List program records")
def list_records(
    chosen: Chosen = Depends(chosen_records), listing: Listing = Depends(listing_parameters)
) -> Response:
    """Records of one kind; each has `key` (its natural key), `synthetic` (demo record) and, for
    real records taken from a text, the event and sentence (`event`, `citation`, `sources`).
    Real records come first unless another sort is asked for. Any column also filters as
    `column__operator=value` (the records layer's vocabulary); `format=csv|xlsx` downloads."""
    return page_or_file(chosen, listing)


@router.get("/{kind}/export", response_class=Response, summary="Export program records")
def export_records(
    chosen: Chosen = Depends(chosen_records), listing: Listing = Depends(export_parameters)
) -> Response:
    """Every matching record as a CSV (UTF-8 with BOM), XLSX or JSON file."""
    return download(chosen.rows, chosen.kind, listing.format)


@router.get("/{kind}/{key:path}", response_model=Record, summary="Get a program record")
def get_record(
    kind: Kind,
    key: str,
    session: SessionDep,
    principal: PrincipalDep,
    lang: str | None = LangQuery,
) -> Response:
    """One record by its key: the code, or for budget lines 'plan | town | year | source |
    purpose'; a real record taken from a text carries its event and sentence (`sources`)."""
    principal.require(Permission.read)
    row = find_row(_rows(session, kind.value, {}, lang), "key", key, kind.value)
    return json_response(json_bytes(row))


@router.put("/{kind}", response_model=Record, summary="Store a program record")
def put_record(
    kind: Kind,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    body: dict[str, Any] = BODY,
) -> Response:
    """Create or change one record, checked like a row of an import file; a batch of one that
    can be undone. Regional editors: only records of towns in their regions."""
    principal.require(Permission.edit_data)
    entity = get_entity(kind.value)
    row = cells({**_stored_values(session, entity, body), **body})
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
    table = Table(f"{kind.value} record", "api", digest, list(row), [(2, row)])
    result = import_tables(
        session, [(entity, table)], user=principal.username, origin=origin(request),
        note=f"{entity.name} record through the {origin(request)}", scope=principal,
    )  # fmt: skip
    session.flush()
    written = session.scalars(
        select(AuditEntry.entity_key).where(
            AuditEntry.batch_id == result.batch_id,
            AuditEntry.entity == AUDIT_PREFIX + entity.name,
        )
    ).first()
    stored_key = written or entity.key_text(row)
    rows = [item for item in _rows(session, kind.value, {}) if item["key"] == stored_key]
    outcome = "committed" if result.total.n_new + result.total.n_changed else "no-op"
    answer = {"outcome": outcome, "batch_id": result.batch_id, "key": stored_key}
    return json_response(json_bytes({**(rows[0] if rows else {}), **answer}))


def _stored_values(session: Session, entity: Any, body: dict[str, Any]) -> dict[str, Any]:
    """The stored record the body's key names, as export values (so a change may send only the
    columns it changes); empty for a new record or a key that does not parse."""
    lookups = Lookups(session)
    try:
        wanted = entity.key_of(
            parse_snapshot(entity, {name: body.get(name) for name in entity.key}, lookups)
        )
    except (ValueError, MonotownError):
        return {}
    for record in entity.records(session):
        if entity.key_of(entity.read(record)) == wanted:
            return dict(entity.export_row(record, lookups))
    return {}


@router.delete(
    "/{kind}/{key:path}", status_code=204, response_class=Response, summary="Delete a record"
)
def delete_record(
    kind: Kind, key: str, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """Delete one record (with a project's status history or a target's actual values) as a
    batch that can be undone (its number in the `X-Monotown-Batch` header); the audit log keeps
    its last values. Regional editors: only records of towns in their regions."""
    principal.require(Permission.edit_data)
    return delete_response(request, session, principal, kind.value, key)
