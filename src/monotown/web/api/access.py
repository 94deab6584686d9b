"""Shared by the API routers: cached reads, who is writing (for the audit log) and region scope."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from fastapi import Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.accounts.roles import Permission, Principal
from monotown.errors import InputError, NotFoundError, PermissionDeniedError
from monotown.registry import find_region
from monotown.registry.models import Region, Settlement
from monotown.web.api.listing import json_bytes, json_response
from monotown.web.context import cache

T = TypeVar("T")


def cached(request: Request, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
    return cache(request).get(session, key, compute)


async def cached_async(
    request: Request, session: Session, key: Hashable, compute: Callable[[], T]
) -> T:
    return await cache(request).aget(session, key, compute)


async def cached_json(
    request: Request, session: Session, key: Hashable, compute: Callable[[], Any]
) -> Response:
    """A JSON answer made once per data state (the read cache keeps its bytes)."""
    return json_response(await cached_async(request, session, key, lambda: json_bytes(compute())))


def origin(request: Request) -> str:
    """'api' for calls under /api, 'web' for dashboard forms (recorded in the audit log)."""
    return "api" if request.url.path.startswith("/api/") else "web"


def region_of(session: Session, name: str, field: str = "region") -> Region:
    """A region by its code or any of its names; unknown names are a 422 on `field`."""
    try:
        return find_region(session, name)
    except NotFoundError as error:
        raise InputError(error.message, field=field, value=name) from None


def region_id_of(session: Session, name: str, field: str = "region") -> int:
    return region_of(session, name, field).id


def settlement_region_ids(session: Session, codes: Iterable[str]) -> set[int]:
    codes = [code for code in codes if code]
    if not codes:
        return set()
    found = {
        code: region_id
        for code, region_id in session.execute(
            select(Settlement.code, Settlement.region_id).where(Settlement.code.in_(codes))
        )
    }
    missing = [code for code in codes if code not in found]
    if missing:
        raise InputError(f"no settlement with code '{missing[0]}'", field="settlements")
    return set(found.values())


def require_admin_for_regions(principal: Principal) -> None:
    """Regions themselves (not their settlements) are changed by admins only."""
    principal.require(Permission.edit_registry)
    if principal.region_scoped:
        raise PermissionDeniedError("regions are created and changed by admins only")


def payload(model: Any) -> dict[str, Any]:
    """The fields a client actually sent (PATCH semantics: absent fields stay unchanged)."""
    return dict(model.model_dump(exclude_unset=True))


def check_settlement_write(
    session: Session, principal: Principal, current_region_id: int | None, new_region: str | None
) -> None:
    """May this principal create/change a settlement in its current and (if moved) new region?"""
    principal.require(Permission.edit_registry)
    regions = set() if current_region_id is None else {current_region_id}
    if new_region:
        regions.add(region_id_of(session, new_region))
    principal.require_regions(regions, "this settlement's region")
