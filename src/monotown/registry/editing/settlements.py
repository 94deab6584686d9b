"""Creating, changing and deleting settlements, with audit entries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from monotown.data.provenance import record_audit
from monotown.data.settlement_values import delete_settlement_values, settlement_value_count
from monotown.errors import ConflictError, InputError, NotFoundError
from monotown.registry.dependents import count_dependents, describe_counts
from monotown.registry.editing.fields import (
    CODE_PATTERN,
    changed_parts,
    delete_or_conflict,
    flush_or_conflict,
    text_field,
)
from monotown.registry.models import SETTLEMENT_KINDS, Region, Settlement
from monotown.registry.store import find_region


def settlement_record(settlement: Settlement) -> dict[str, Any]:
    """The editable fields of a settlement, as the API and the audit log show them."""
    return {
        "code": settlement.code,
        "kind": settlement.kind,
        "name_en": settlement.name_en,
        "name_ru": settlement.name_ru,
        "name_kk": settlement.name_kk,
        "region": settlement.region.code,
        "latitude": settlement.latitude,
        "longitude": settlement.longitude,
        "parent": settlement.parent.code if settlement.parent else None,
        "synthetic": settlement.synthetic,
        "note": settlement.note,
    }


def get_settlement(session: Session, code: str) -> Settlement:
    found = session.scalars(select(Settlement).where(Settlement.code == code)).one_or_none()
    if found is None:
        raise NotFoundError(f"no settlement with code '{code}'")
    return found


def _region_for(session: Session, name: str) -> Region:
    try:
        return find_region(session, name)
    except NotFoundError as error:
        raise InputError(error.message, field="region", value=name) from None


def _coordinate(
    values: Mapping[str, Any], field: str, current: float | None, bound: float
) -> float | None:
    raw = values.get(field, current)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise InputError("is not a number", field=field, value=raw) from None
    if not -bound <= value <= bound:
        raise InputError(f"must be between -{bound:g} and {bound:g}", field=field, value=raw)
    return value


def _apply_settlement(session: Session, settlement: Settlement, values: Mapping[str, Any]) -> None:
    if "code" in values:
        code = text_field(values, "code", required=True, limit=64) or ""
        if not CODE_PATTERN.match(code):
            raise InputError(
                "use lower-case letters, digits and '-'", field="code", value=values["code"]
            )
        settlement.code = code
    if "kind" in values:
        kind = text_field(values, "kind", required=True, limit=20)
        if kind not in SETTLEMENT_KINDS:
            raise InputError(f"use one of {', '.join(SETTLEMENT_KINDS)}", field="kind", value=kind)
        settlement.kind = kind
    for field in ("name_en", "name_ru"):
        if field in values:
            setattr(settlement, field, text_field(values, field, required=True, limit=120))
    if "name_kk" in values:
        settlement.name_kk = text_field(values, "name_kk", required=False, limit=120)
    if "note" in values:
        settlement.note = text_field(values, "note", required=False, limit=4000)
    if "synthetic" in values:
        settlement.synthetic = bool(values["synthetic"])
    if "region" in values:
        region = _region_for(session, text_field(values, "region", required=True, limit=120) or "")
        settlement.region = region
        settlement.region_id = region.id
    if "latitude" in values or "longitude" in values:
        lat = _coordinate(values, "latitude", settlement.latitude, 90)
        lon = _coordinate(values, "longitude", settlement.longitude, 180)
        if (lat is None) != (lon is None):
            raise InputError("give both latitude and longitude, or neither", field="latitude")
        settlement.latitude = lat
        settlement.longitude = lon
    if "parent" in values:
        parent_code = text_field(values, "parent", required=False, limit=64)
        if parent_code is None:
            settlement.parent = None
        else:
            try:
                parent = get_settlement(session, parent_code)
            except NotFoundError as error:
                raise InputError(error.message, field="parent", value=parent_code) from None
            if parent is settlement:
                raise InputError("a settlement cannot be its own parent", field="parent")
            settlement.parent = parent


def _check_unique_names(session: Session, settlement: Settlement) -> None:
    for field in ("name_en", "name_ru", "name_kk"):
        value = getattr(settlement, field)
        if value is None:
            continue
        clash = session.scalar(
            select(Settlement.code).where(
                getattr(Settlement, field) == value,
                Settlement.region_id == settlement.region_id,
                Settlement.id != (settlement.id or -1),
            )
        )
        if clash:
            raise ConflictError(
                f"settlement '{clash}' in the same region already has {field} '{value}'"
            )


def create_settlement(
    session: Session, values: Mapping[str, Any], *, user: str, origin: str
) -> Settlement:
    for field in ("code", "kind", "name_en", "name_ru", "region"):
        if values.get(field) in (None, ""):
            raise InputError("is required", field=field)
    code = str(values["code"]).strip()
    if session.scalar(select(func.count()).where(Settlement.code == code)):
        raise ConflictError(f"a settlement with code '{code}' already exists")
    settlement = Settlement(synthetic=False)
    with session.no_autoflush:
        _apply_settlement(session, settlement, values)
        _check_unique_names(session, settlement)
    session.add(settlement)
    flush_or_conflict(session, f"settlement '{code}'")
    record_audit(
        session,
        user=user,
        origin=origin,
        action="create",
        entity="settlement",
        entity_key=settlement.code,
        new=settlement_record(settlement),
    )
    return settlement


def update_settlement(
    session: Session, code: str, values: Mapping[str, Any], *, user: str, origin: str
) -> Settlement:
    settlement = get_settlement(session, code)
    old = settlement_record(settlement)
    new_code = str(values.get("code") or "").strip()
    taken = select(func.count()).where(Settlement.code == new_code)
    if new_code and new_code != code and session.scalar(taken):
        raise ConflictError(f"a settlement with code '{new_code}' already exists")
    with session.no_autoflush:
        _apply_settlement(session, settlement, values)
        _check_unique_names(session, settlement)
    flush_or_conflict(session, f"settlement '{code}'")
    new = settlement_record(settlement)
    if new != old:
        old_part, new_part = changed_parts(old, new)
        record_audit(
            session,
            user=user,
            origin=origin,
            action="update",
            entity="settlement",
            entity_key=settlement.code,
            old=old_part,
            new=new_part,
        )
    return settlement


def delete_settlement(
    session: Session, code: str, *, user: str, origin: str, with_values: bool = False
) -> int | None:
    """Delete a settlement, refusing to lose anything silently.

    Refused (409) while other settlements name it as parent or other data refers to it, and
    while it has indicator values or records of its own (population, list status, town figures,
    town-forming links) unless `with_values`: then they are deleted as one undoable batch (its
    id is returned; undoing it re-creates the settlement with all of them).
    """
    settlement = get_settlement(session, code)
    old = settlement_record(settlement)
    children = session.scalar(select(func.count()).where(Settlement.parent_id == settlement.id))
    if children:
        raise ConflictError(f"settlement '{code}' is the parent of {children} settlement(s)")
    settlement_id = settlement.id
    values = settlement_value_count(session, settlement_id)
    records = count_dependents(session, settlement_id)
    batch_id = None
    if (values or records) and not with_values:
        held = [f"{values} indicator value(s)"] if values else []
        held += [describe_counts(records)] if records else []
        raise ConflictError(
            f"settlement '{code}' has {' and '.join(held)}, which deleting it would lose; delete "
            "it with them explicitly (API: ?with_values=true, CLI: --with-values), which can be "
            "undone"
        )
    if values or records:
        batch = delete_settlement_values(session, settlement_id, old, user=user, origin=origin)
        batch_id = batch.id
    session.expunge(settlement)
    delete_or_conflict(
        session, delete(Settlement).where(Settlement.id == settlement_id), f"settlement '{code}'"
    )
    record_audit(
        session,
        user=user,
        origin=origin,
        action="delete",
        entity="settlement",
        entity_key=code,
        old=old,
        batch_id=batch_id,
    )
    return batch_id
