"""/api/v1/audit: the audit log of every write (admins only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from monotown.accounts.roles import Permission
from monotown.records.provenance import AuditEntry
from monotown.web.api.kind_views import FILE_FORMAT, file_response
from monotown.web.api.listing import Page, json_bytes, json_response
from monotown.web.api.numbered import Paging, PagingDep, sql_page
from monotown.web.context import PrincipalDep, SessionDep

router = APIRouter(prefix="/audit", tags=["audit"])

Origin = Literal["cli", "web", "api", "import", "system"]
Action = Literal["create", "update", "delete", "import", "undo", "login", "run"]
COLUMNS = (
    "id",
    "at",
    "user",
    "origin",
    "action",
    "entity",
    "entity_key",
    "old",
    "new",
    "batch_id",
    "note",
)


class AuditOut(BaseModel):
    id: int
    at: dt.datetime
    user: str
    origin: str
    action: str
    entity: str
    entity_key: str
    old: Any
    new: Any
    batch_id: int | None
    note: str | None


@dataclass(frozen=True)
class AuditFilters:
    """Filters shared by the audit list, its export and the audit page."""

    user: str | None = None
    entity: str | None = None
    entity_key: str | None = None
    action: str | None = None
    origin: str | None = None
    batch_id: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    def apply(self, query: Select[Any]) -> Select[Any]:
        for column, value in (
            (AuditEntry.user, self.user),
            (AuditEntry.entity, self.entity),
            (AuditEntry.entity_key, self.entity_key),
            (AuditEntry.action, self.action),
            (AuditEntry.origin, self.origin),
            (AuditEntry.batch_id, self.batch_id),
        ):
            if value not in (None, ""):
                query = query.where(column == value)
        if self.since:
            query = query.where(AuditEntry.at >= dt.datetime.combine(self.since, dt.time()))
        if self.until and self.until < dt.date.max:
            end = dt.datetime.combine(self.until + dt.timedelta(days=1), dt.time())
            query = query.where(AuditEntry.at < end)
        return query


def api_filters(
    user: str | None = Query(None, max_length=120),
    entity: str | None = Query(None, max_length=64),
    entity_key: str | None = Query(None, max_length=300),
    action: Action | None = None,
    origin: Origin | None = None,
    batch_id: int | None = Query(None, ge=1, le=2**31 - 1),
    since: dt.date | None = Query(None, description="From this day (inclusive)."),
    until: dt.date | None = Query(None, description="Up to this day (inclusive)."),
) -> AuditFilters:
    return AuditFilters(user, entity, entity_key, action, origin, batch_id, since, until)


def audit_row(entry: AuditEntry) -> dict[str, Any]:
    return {column: getattr(entry, column) for column in COLUMNS}


def audit_page(
    session: Session, filters: AuditFilters, page: int, per_page: int, newest_first: bool = True
) -> dict[str, Any]:
    """One page of audit entries matching the filters, newest first."""
    order = AuditEntry.id.desc() if newest_first else AuditEntry.id
    query = filters.apply(select(AuditEntry))
    return sql_page(session, query, order, Paging(page, per_page), audit_row)


@router.get("", response_model=Page[AuditOut], summary="List audit entries")
def list_audit(
    session: SessionDep,
    principal: PrincipalDep,
    numbered: PagingDep,
    filters: AuditFilters = Depends(api_filters),
    sort: Literal["-at", "at"] = "-at",
) -> Response:
    """Who changed what, when, through what, with old and new values."""
    principal.require(Permission.view_audit)
    page = audit_page(session, filters, numbered.page, numbered.per_page, sort == "-at")
    return json_response(json_bytes(page))


@router.get("/export", response_class=Response, summary="Export audit entries")
def export_audit(
    session: SessionDep,
    principal: PrincipalDep,
    filters: AuditFilters = Depends(api_filters),
    format: str = FILE_FORMAT,
) -> Response:
    """Matching entries (up to 100,000) as CSV, XLSX or JSON, through the records writer."""
    principal.require(Permission.view_audit)
    entries = session.scalars(
        filters.apply(select(AuditEntry)).order_by(AuditEntry.id).limit(100_000)
    )
    return file_response([audit_row(entry) for entry in entries], COLUMNS, format, "audit")
