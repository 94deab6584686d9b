"""/api/v1/towns: the monotowns, a subset of /api/v1/settlements in the same shape, and one town
found by any of its names (the registry view the CLI prints).

The list answers the settlement rows of the towns on a list (past or present), filtered by region
and list as before; `region_code` stays as an alias of `region` for clients written earlier.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from fastapi import APIRouter, Query, Request, Response

from monotown.accounts.roles import Permission
from monotown.catalog import kind
from monotown.registry import TownView, list_towns, town_profile
from monotown.web.api.access import cached_async
from monotown.web.api.kind_views import stored_rows
from monotown.web.api.listing import json_bytes, json_response
from monotown.web.context import PrincipalDep, SessionDep

router = APIRouter(prefix="/towns", tags=["registry: towns"])


def town_json(town: TownView) -> dict[str, Any]:
    """A town as JSON, with its current-list answer ('yes', 'no' or 'unknown')."""
    return {**asdict(town), "current_list": town.membership("current")}


@router.get("", response_model=list[dict[str, Any]], summary="List monotowns")
async def api_towns(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    region: str | None = Query(None, max_length=120, description="Region code or name."),
    list_code: Literal["current", "2012"] | None = Query(None, alias="list"),
) -> Response:
    """Monotowns with region, population, sectors and list membership: the rows of
    /api/v1/settlements (filter any column at /api/v1/records/settlements?monotown=1)."""
    principal.require(Permission.read)

    def build() -> bytes:
        codes = [town.code for town in list_towns(session, region=region, list_code=list_code)]
        by_code = {row["code"]: row for row in stored_rows(request, session, kind("settlements"))}
        return json_bytes([{**by_code[code], "region_code": by_code[code]["region"]}
                           for code in codes])  # fmt: skip

    return json_response(await cached_async(request, session, ("towns", region, list_code), build))


@router.get("/{name}", response_model=dict[str, Any], summary="Get a monotown by any name")
async def api_town(
    name: str, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """One town's profile, found by code or by any of its names (any language, any case)."""
    principal.require(Permission.read)

    def build() -> bytes:
        return json_bytes(town_json(town_profile(session, name)))

    return json_response(await cached_async(request, session, ("town", name.casefold()), build))
