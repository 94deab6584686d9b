"""Creating, changing and deleting regions, with audit entries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.errors import ConflictError, InputError
from monotown.registry.editing.fields import (
    REGION_CODE_PATTERN,
    audit_edit,
    delete_row,
    flush_or_conflict,
    get_by,
    require,
    text_field,
)
from monotown.registry.models import Region, Settlement

REGION_FIELDS = ("code", "name_en", "name_ru", "name_kk")


def region_record(region: Region) -> dict[str, Any]:
    return {field: getattr(region, field) for field in REGION_FIELDS}


def get_region(session: Session, code: str) -> Region:
    found: Region = get_by(session, Region.code, code, "region with code")
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
    require(values, ("code", "name_en", "name_ru"))
    region = Region()
    with session.no_autoflush:
        _apply_region(values, region)
        _check_region_unique(session, region)
    session.add(region)
    flush_or_conflict(session, f"region '{region.code}'")
    audit_edit(
        session,
        "create",
        "region",
        region.code,
        user=user,
        origin=origin,
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
    audit_edit(
        session,
        "update",
        "region",
        region.code,
        user=user,
        origin=origin,
        old=old,
        new=region_record(region),
    )
    return region


def delete_region(session: Session, code: str, *, user: str, origin: str) -> None:
    region = get_region(session, code)
    count = session.scalar(select(func.count()).where(Settlement.region_id == region.id))
    if count:
        raise ConflictError(f"region '{code}' still has {count} settlement(s)")
    old = region_record(region)
    delete_row(session, region, f"region '{code}'")
    audit_edit(session, "delete", "region", code, user=user, origin=origin, old=old)
