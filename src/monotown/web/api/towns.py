"""/api/v1/towns: the monotowns, a subset of /api/v1/settlements in the same shape, and one town
found by any of its names (the registry view the CLI prints).

The list answers the settlements kind's rows (the records layer) of the towns on a list, past or
present: `region` and `list` as before, and every filter of /api/v1/settlements; it stays one
list (not a page), and `region_code` stays as an alias of `region` for clients written earlier.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from monotown import catalog
from monotown.accounts.roles import Permission
from monotown.registry import TownView, town_profile
from monotown.web.api.access import cached_json
from monotown.web.api.kind_routes import Listing, whole_list_parameters
from monotown.web.api.kind_views import download, selected
from monotown.web.api.listing import json_bytes, json_response
from monotown.web.api.settlements import OLDER, older_parameters
from monotown.web.context import PrincipalDep, SessionDep

router = APIRouter(prefix="/towns", tags=["registry: towns"])


def town_json(town: TownView) -> dict[str, Any]:
    """A town as JSON, with its current-list answer ('yes', 'no' or 'unknown')."""
    return {**asdict(town), "current_list": town.membership("current")}


@router.get("", response_model=list[dict[str, Any]], summary="List monotowns")
def api_towns(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    filters: Annotated[dict[str, str | None], Depends(older_parameters)],
    listing: Listing = Depends(whole_list_parameters("json")),
) -> Response:
    """Monotowns (settlements on a list, past or present): the rows of /api/v1/settlements with
    `monotown=true`, filtered the same way (`region`, `list`, `q`, `records`, `sort`, any
    `column__operator=value`), all in one list; `format=csv|xlsx` downloads them."""
    principal.require(Permission.read)
    kind = catalog.kind("settlements")
    given = {name: value for name, value in filters.items() if value is not None}
    rows = selected(
        request, session, kind, extra={**given, "monotown__exact": "1"}, own=OLDER,
        sort=listing.sort or "name_en",
    )  # fmt: skip
    if listing.format != "json":
        return download(rows, kind, listing.format)
    return json_response(json_bytes([{**row, "region_code": row["region"]} for row in rows]))


@router.get("/{name}", response_model=dict[str, Any], summary="Get a monotown by any name")
async def api_town(
    name: str, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """One town's profile, found by code or by any of its names (any language, any case)."""
    principal.require(Permission.read)

    return await cached_json(
        request, session, ("town", name.casefold()), lambda: town_json(town_profile(session, name))
    )
