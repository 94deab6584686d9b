"""Creating, changing and deleting settlements, with audit entries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.errors import ConflictError, InputError, NotFoundError
from monotown.registry.editing.audited import EditedKind
from monotown.registry.editing.fields import (
    NAME_LIMITS,
    refuse_clash,
    set_code,
    set_texts,
    text_field,
)
from monotown.registry.models import SETTLEMENT_KINDS, Region, Settlement
from monotown.registry.store import find_region

# What a settlement is edited by, as forms and files give them (besides its `synthetic` flag).
SETTLEMENT_FIELDS = (
    "code", "kind", "name_en", "name_ru", "name_kk", "region", "latitude", "longitude", "parent",
    "note",
)  # fmt: skip


# The settlement as the API and the audit log show it: the editable fields, the flag before note.
RECORD_FIELDS = (*SETTLEMENT_FIELDS[:-1], "synthetic", "note")


def settlement_record(settlement: Settlement) -> dict[str, Any]:
    """The editable fields of a settlement, as the API and the audit log show them."""
    codes = {
        "region": settlement.region.code,
        "parent": settlement.parent.code if settlement.parent else None,
    }
    return {
        field: codes[field] if field in codes else getattr(settlement, field)
        for field in RECORD_FIELDS
    }


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


def _apply_settlement(
    session: Session, settlement: Settlement, values: Mapping[str, Any], creating: bool
) -> None:
    set_code(settlement, values, "code", limit=64)
    if "kind" in values:
        kind = text_field(values, "kind", required=True, limit=20)
        if kind not in SETTLEMENT_KINDS:
            raise InputError(f"use one of {', '.join(SETTLEMENT_KINDS)}", field="kind", value=kind)
        settlement.kind = kind
    set_texts(settlement, values, {**NAME_LIMITS, "note": (False, 4000)})
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
    refuse_clash(
        session, settlement, ("name_en", "name_ru", "name_kk"),
        "settlement '{clash}' in the same region already has {field} '{value}'",
        within=("region_id",),
    )  # fmt: skip


def require_childless(session: Session, settlement: Settlement) -> None:
    """Refuse (409) to delete a settlement other settlements name as their parent."""
    children = session.scalar(select(func.count()).where(Settlement.parent_id == settlement.id))
    if children:
        raise ConflictError(
            f"settlement '{settlement.code}' is the parent of {children} settlement(s)"
        )


SETTLEMENTS = EditedKind(
    entity="settlement",
    model=Settlement,
    key="code",
    required=("code", "kind", "name_en", "name_ru", "region"),
    new=lambda: Settlement(synthetic=False),
    record=settlement_record,
    apply=_apply_settlement,
    taken="a settlement",
    taken_on_update=True,
    refuse_delete=require_childless,
)


get_settlement = SETTLEMENTS.get
create_settlement = SETTLEMENTS.create
update_settlement = SETTLEMENTS.update


def remove_settlement(
    session: Session, code: str, *, user: str, origin: str, batch_id: int | None = None
) -> None:
    """Delete a settlement with its population, status and town-forming records.

    Refused (409) while other settlements name it as parent or other data refers to it, its
    indicator values included: `monotown.data.settlement_values.delete_settlement` deletes those
    first, as the undoable batch `batch_id` that the audit entry names.
    """
    SETTLEMENTS.delete(session, code, user=user, origin=origin, batch_id=batch_id)
