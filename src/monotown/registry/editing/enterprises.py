"""Creating, changing and deleting enterprises and their town-forming links, with audit entries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.errors import ConflictError, InputError, NotFoundError
from monotown.registry.editing.audited import EditedKind
from monotown.registry.editing.fields import set_code, set_texts
from monotown.registry.editing.settlements import get_settlement
from monotown.registry.models import Enterprise, Settlement, TownFormingLink

TEXT_LIMITS = {
    "name": (True, 300),
    "sector_code": (False, 16),
    "sector_label": (False, 200),
    "owner_group": (False, 200),
    "note": (False, 4000),
}
ENTERPRISE_FIELDS = ("key", "name", "sector_code", "sector_label", "owner_group", "note")


def enterprise_record(enterprise: Enterprise) -> dict[str, Any]:
    record = {field: getattr(enterprise, field) for field in ENTERPRISE_FIELDS}
    record["settlements"] = sorted(link.settlement.code for link in enterprise.links)
    return record


def _apply_enterprise(
    session: Session, enterprise: Enterprise, values: Mapping[str, Any], creating: bool
) -> None:
    set_code(enterprise, values, "key", limit=64)
    set_texts(enterprise, values, TEXT_LIMITS)
    if creating:
        if session.scalar(select(func.count()).where(Enterprise.name == enterprise.name)):
            raise ConflictError(f"an enterprise named '{enterprise.name}' already exists")
    else:
        _refuse_clash(session, enterprise, values)
    if values.get("settlements") is not None:
        _link_settlements(session, enterprise, list(values["settlements"]))


def _refuse_clash(session: Session, enterprise: Enterprise, values: Mapping[str, Any]) -> None:
    for field in ("key", "name"):
        clash = session.scalar(
            select(func.count()).where(
                getattr(Enterprise, field) == getattr(enterprise, field),
                Enterprise.id != enterprise.id,
            )
        )
        if clash:
            raise ConflictError(f"another enterprise has {field} '{values[field]}'")


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


ENTERPRISES = EditedKind(
    entity="enterprise",
    model=Enterprise,
    key="key",
    required=("key", "name"),
    new=Enterprise,
    record=enterprise_record,
    apply=_apply_enterprise,
    taken="an enterprise",
)


get_enterprise = ENTERPRISES.get
create_enterprise = ENTERPRISES.create
update_enterprise = ENTERPRISES.update
delete_enterprise = ENTERPRISES.delete
