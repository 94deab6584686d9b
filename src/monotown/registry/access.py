"""Where a write may land: the one check every write path makes on the settlements it touches.

A regional editor may change data only for settlements of their own regions. Names and codes in
a request or a file (a town's name in any language, its code, its DHIS2 org unit code) are first
resolved to settlement ids by the capability doing the write; the ids it is about to write are
then checked here, so no spelling can lead a write outside the editor's regions.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.records.scope import WriteScope
from monotown.registry.models import Settlement

__all__ = ["WriteScope", "region_ids_of", "require_settlements"]


def region_ids_of(session: Session, settlement_ids: Iterable[int]) -> set[int]:
    ids = {int(settlement_id) for settlement_id in settlement_ids}
    if not ids:
        return set()
    found = session.scalars(select(Settlement.region_id).where(Settlement.id.in_(ids)).distinct())
    return set(found)


def require_settlements(
    session: Session,
    scope: WriteScope | None,
    settlement_ids: Iterable[int] | None,
    what: str,
) -> None:
    """Refuse (PermissionDeniedError from the scope) a write touching settlements outside the
    writer's regions. `settlement_ids` None means the write touches records tied to no settlement
    (program-wide records), which region-scoped writers may not change either."""
    if scope is None or not scope.region_scoped:
        return
    regions = set() if settlement_ids is None else region_ids_of(session, settlement_ids)
    scope.require_regions(regions, what)
