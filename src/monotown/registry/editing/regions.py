"""Creating, changing and deleting regions, with audit entries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from monotown.errors import ConflictError, InputError, NotFoundError
from monotown.records.provenance import record_audit
from monotown.registry.editing.fields import (
    REGION_CODE_PATTERN,
    changed_parts,
    delete_or_conflict,
    flush_or_conflict,
    text_field,
)
from monotown.registry.models import Region, Settlement

REGION_FIELDS = ("code", "name_en", "name_ru", "name_kk")


def region_record(region: Region) -> dict[str, Any]:
    return {field: getattr(region, field) for field in REGION_FIELDS}


def get_region(session: Session, code: str) -> Region:
    found = session.scalars(select(Region).where(Region.code == code)).one_or_none()
    if found is None:
        raise NotFoundError(f"no region with code '{code}'")
    return found


def _apply_region(values: Mapping[str, Any], region: Region) -> None:
    if "code" in values:
        code = text_field(values, "code", required=True, limit=16) or ""
        if not REGION_CODE_PATTERN.match(code):
            raise InputError("use an ISO 3166-2 code such as KZ-35", field="code", value=code)
        region.code = code
    for field in ("name_en", "name_ru"):
        if field in values:
            setattr(region, field, text_field(values, field, required=True, limit=120))
    if "name_kk" in values:
        region.name_kk = text_field(values, "name_kk", required=False, limit=120)


def _check_region_unique(session: Session, region: Region) -> None:
    for field in REGION_FIELDS:
        value = getattr(region, field)
        if value is None:
            continue
        clash = session.scalar(
            select(Region.code).where(
                getattr(Region, field) == value, Region.id != (region.id or -1)
            )
        )
        if clash:
            raise ConflictError(f"region '{clash}' already has {field} '{value}'")


def create_region(session: Session, values: Mapping[str, Any], *, user: str, origin: str) -> Region:
    for field in ("code", "name_en", "name_ru"):
        if values.get(field) in (None, ""):
            raise InputError("is required", field=field)
    region = Region()
    with session.no_autoflush:
        _apply_region(values, region)
        _check_region_unique(session, region)
    session.add(region)
    flush_or_conflict(session, f"region '{region.code}'")
    record_audit(
        session,
        user=user,
        origin=origin,
        action="create",
        entity="region",
        entity_key=region.code,
        new=region_record(region),
    )
    return region


def update_region(
    session: Session, code: str, values: Mapping[str, Any], *, user: str, origin: str
) -> Region:
    region = get_region(session, code)
    old = region_record(region)
    with session.no_autoflush:
        _apply_region(values, region)
        _check_region_unique(session, region)
    flush_or_conflict(session, f"region '{code}'")
    new = region_record(region)
    if new != old:
        old_part, new_part = changed_parts(old, new)
        record_audit(
            session,
            user=user,
            origin=origin,
            action="update",
            entity="region",
            entity_key=region.code,
            old=old_part,
            new=new_part,
        )
    return region


def delete_region(session: Session, code: str, *, user: str, origin: str) -> None:
    region = get_region(session, code)
    count = session.scalar(select(func.count()).where(Settlement.region_id == region.id))
    if count:
        raise ConflictError(f"region '{code}' still has {count} settlement(s)")
    old = region_record(region)
    region_id = region.id
    session.expunge(region)
    delete_or_conflict(session, delete(Region).where(Region.id == region_id), f"region '{code}'")
    record_audit(
        session,
        user=user,
        origin=origin,
        action="delete",
        entity="region",
        entity_key=code,
        old=old,
    )
