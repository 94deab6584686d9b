"""Creating, changing and deleting enterprises and their town-forming links, with audit entries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from monotown.errors import ConflictError, InputError, NotFoundError
from monotown.records.provenance import record_audit
from monotown.registry.editing.fields import (
    CODE_PATTERN,
    changed_parts,
    delete_or_conflict,
    flush_or_conflict,
    text_field,
)
from monotown.registry.editing.settlements import get_settlement
from monotown.registry.models import Enterprise, Settlement, TownFormingLink


def enterprise_record(enterprise: Enterprise) -> dict[str, Any]:
    return {
        "key": enterprise.key,
        "name": enterprise.name,
        "sector_code": enterprise.sector_code,
        "sector_label": enterprise.sector_label,
        "owner_group": enterprise.owner_group,
        "note": enterprise.note,
        "settlements": sorted(link.settlement.code for link in enterprise.links),
    }


def get_enterprise(session: Session, key: str) -> Enterprise:
    found = session.scalars(select(Enterprise).where(Enterprise.key == key)).one_or_none()
    if found is None:
        raise NotFoundError(f"no enterprise with key '{key}'")
    return found


def _apply_enterprise(values: Mapping[str, Any], enterprise: Enterprise) -> None:
    if "key" in values:
        key = text_field(values, "key", required=True, limit=64) or ""
        if not CODE_PATTERN.match(key):
            raise InputError("use lower-case letters, digits and '-'", field="key", value=key)
        enterprise.key = key
    if "name" in values:
        enterprise.name = text_field(values, "name", required=True, limit=300) or ""
    limits = {"sector_code": 16, "sector_label": 200, "owner_group": 200, "note": 4000}
    for field, limit in limits.items():
        if field in values:
            setattr(enterprise, field, text_field(values, field, required=False, limit=limit))


def _link_settlements(session: Session, enterprise: Enterprise, codes: list[str]) -> None:
    wanted: dict[int, Settlement] = {}
    for code in codes:
        try:
            settlement = get_settlement(session, str(code).strip())
        except NotFoundError as error:
            raise InputError(error.message, field="settlements", value=code) from None
        wanted[settlement.id] = settlement
    for link in list(enterprise.links):
        if link.settlement_id not in wanted:
            enterprise.links.remove(link)
            session.delete(link)
    present = {link.settlement_id for link in enterprise.links}
    for settlement_id, settlement in wanted.items():
        if settlement_id not in present:
            enterprise.links.append(TownFormingLink(settlement=settlement))


def create_enterprise(
    session: Session, values: Mapping[str, Any], *, user: str, origin: str
) -> Enterprise:
    for field in ("key", "name"):
        if values.get(field) in (None, ""):
            raise InputError("is required", field=field)
    key = str(values["key"]).strip()
    if session.scalar(select(func.count()).where(Enterprise.key == key)):
        raise ConflictError(f"an enterprise with key '{key}' already exists")
    enterprise = Enterprise()
    with session.no_autoflush:
        _apply_enterprise(values, enterprise)
        if session.scalar(select(func.count()).where(Enterprise.name == enterprise.name)):
            raise ConflictError(f"an enterprise named '{enterprise.name}' already exists")
        session.add(enterprise)
        _link_settlements(session, enterprise, list(values.get("settlements") or []))
    flush_or_conflict(session, f"enterprise '{key}'")
    record_audit(
        session,
        user=user,
        origin=origin,
        action="create",
        entity="enterprise",
        entity_key=enterprise.key,
        new=enterprise_record(enterprise),
    )
    return enterprise


def update_enterprise(
    session: Session, key: str, values: Mapping[str, Any], *, user: str, origin: str
) -> Enterprise:
    enterprise = get_enterprise(session, key)
    old = enterprise_record(enterprise)
    with session.no_autoflush:
        _apply_enterprise(values, enterprise)
        for field in ("key", "name"):
            clash = session.scalar(
                select(func.count()).where(
                    getattr(Enterprise, field) == getattr(enterprise, field),
                    Enterprise.id != enterprise.id,
                )
            )
            if clash:
                raise ConflictError(f"another enterprise has {field} '{values[field]}'")
        if values.get("settlements") is not None:
            _link_settlements(session, enterprise, list(values["settlements"]))
    flush_or_conflict(session, f"enterprise '{key}'")
    new = enterprise_record(enterprise)
    if new != old:
        old_part, new_part = changed_parts(old, new)
        record_audit(
            session,
            user=user,
            origin=origin,
            action="update",
            entity="enterprise",
            entity_key=enterprise.key,
            old=old_part,
            new=new_part,
        )
    return enterprise


def delete_enterprise(session: Session, key: str, *, user: str, origin: str) -> None:
    enterprise = get_enterprise(session, key)
    old = enterprise_record(enterprise)
    enterprise_id = enterprise.id
    session.expunge(enterprise)
    delete_or_conflict(
        session, delete(Enterprise).where(Enterprise.id == enterprise_id), f"enterprise '{key}'"
    )
    record_audit(
        session,
        user=user,
        origin=origin,
        action="delete",
        entity="enterprise",
        entity_key=key,
        old=old,
    )
