"""Creating, changing and deleting regions, with audit entries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.errors import ConflictError
from monotown.registry.editing.audited import EditedKind
from monotown.registry.editing.fields import (
    NAME_LIMITS,
    REGION_CODE_PATTERN,
    refuse_clash,
    set_code,
    set_texts,
)
from monotown.registry.models import Region, Settlement

REGION_FIELDS = ("code", "name_en", "name_ru", "name_kk")


def region_record(region: Region) -> dict[str, Any]:
    return {field: getattr(region, field) for field in REGION_FIELDS}


def _apply_region(
    session: Session, region: Region, values: Mapping[str, Any], creating: bool
) -> None:
    hint = "use an ISO 3166-2 code such as KZ-35"
    set_code(region, values, "code", limit=16, pattern=REGION_CODE_PATTERN, hint=hint)
    set_texts(region, values, NAME_LIMITS)
    refuse_clash(session, region, REGION_FIELDS, "region '{clash}' already has {field} '{value}'")


def _refuse_settled(session: Session, region: Region) -> None:
    count = session.scalar(select(func.count()).where(Settlement.region_id == region.id))
    if count:
        raise ConflictError(f"region '{region.code}' still has {count} settlement(s)")


REGIONS = EditedKind(
    entity="region",
    model=Region,
    key="code",
    required=("code", "name_en", "name_ru"),
    new=Region,
    record=region_record,
    apply=_apply_region,
    refuse_delete=_refuse_settled,
)


get_region = REGIONS.get
create_region = REGIONS.create
update_region = REGIONS.update
delete_region = REGIONS.delete
