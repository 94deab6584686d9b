"""The list and export routes of the routers that keep their own URLs (/settlements, /regions,
/enterprises, /indicators), made from the kinds table like /api/v1/records/{kind}.

A list answers the kind's rows (the same rows as /api/v1/records/{kind}) selected by the records
layer: any column as `column__operator=value`, `q`, `sort`, `records=all|real|synthetic`, keyset
pages (`after`, `size`, a `next` link and a `Link` header) and `format=json|csv|xlsx` through the
records writer. The router's older parameters (`region=` by any name, `list=`, `page=`,
`per_page=`...) are still accepted: a router maps them onto filters of the same vocabulary.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, Field

from monotown import catalog
from monotown.accounts.roles import Permission
from monotown.records.kinds import Kind, Row
from monotown.records.query import MAX_PAGE, cursor_of
from monotown.web.api.kind_views import download, keyset_response, one_response, selected
from monotown.web.context import PrincipalDep, SessionDep

T = TypeVar("T")
# A router's older query parameters as filters: {"column__operator": value or None (not asked)}.
Mapped = Mapping[str, str | None]
PAGE_PARAMETERS = ("page", "per_page")


class ListPage(BaseModel, Generic[T]):
    """One page of a list: its rows, how many match, and where the next page is."""

    items: list[T]
    total: int
    next: str | None = Field(description="The next page (keyset: `after=`); also a Link header.")
    page: int | None = Field(description="The page number when paged by `page`, else null.")
    per_page: int


@dataclass(frozen=True)
class Listing:
    """The list parameters every kind shares (filters apart)."""

    sort: str | None
    after: str | None
    page: int
    per_page: int
    format: str


def whole_list_parameters(default_format: str) -> Callable[..., Listing]:
    """The parameters of a list answered whole (an export): no pages, `format` by default
    `default_format`. `q` and `records` are declared so that they are documented and checked;
    `kind_views.selected` reads them (and the filters) from the query string."""

    def parameters(
        q: str | None = Query(None, max_length=200, description="Text in the search columns."),
        sort: str | None = Query(None, max_length=64, description="A sort key, '-' first."),
        records: str | None = Query(
            None, pattern="^(all|real|synthetic)$", description="Real or demo records."
        ),
        format: str = Query(default_format, pattern="^(json|csv|xlsx)$", description="A format."),
    ) -> Listing:
        return Listing(sort, None, 1, MAX_PAGE, format)

    return parameters


export_parameters = whole_list_parameters("csv")


def listing_parameters(
    selection: Listing = Depends(whole_list_parameters("json")),
    after: str | None = Query(None, max_length=400, description="The next page's cursor."),
    size: int | None = Query(None, ge=1, le=MAX_PAGE, description="Rows per page."),
    page: int = Query(1, ge=1, le=1_000_000, description="Page number, from 1 (or `after`)."),
    per_page: int = Query(50, ge=1, le=MAX_PAGE, description="Rows per page (as `size`)."),
) -> Listing:
    return replace(selection, after=after, page=page, per_page=size or per_page)


@dataclass(frozen=True)
class Chosen:
    """The rows a list request selects, in order, with what answering it needs."""

    request: Request
    kind: Kind
    rows: list[Row]


def no_parameters() -> Mapped:
    return {}


def numbered_page(request: Request, kind: Kind, rows: list[Row], listing: Listing) -> Response:
    """Page `page` of `per_page` rows (or the page after `after`), in the envelope the older list
    URLs answer with, plus `next`: the keyset link a client may follow instead."""
    if listing.after:
        return keyset_response(
            request, kind, rows, listing.after, listing.per_page,
            extra={"page": None, "per_page": listing.per_page},
        )  # fmt: skip
    start = min((listing.page - 1) * listing.per_page, len(rows))
    after = cursor_of(kind, rows[start - 1]) if start else None
    return keyset_response(
        request, kind, rows, after, listing.per_page,
        extra={"page": listing.page, "per_page": listing.per_page},
    )  # fmt: skip


def page_or_file(chosen: Chosen, listing: Listing) -> Response:
    """A page of the chosen rows, or all of them as a file (`format=csv|xlsx`)."""
    if listing.format != "json":
        return download(chosen.rows, chosen.kind, listing.format)
    return numbered_page(chosen.request, chosen.kind, chosen.rows, listing)


def list_routes(
    router: APIRouter,
    kind_key: str,
    item: type[BaseModel],
    noun: str,
    *,
    mapped: Callable[..., Mapped] = no_parameters,
    own: tuple[str, ...] = (),
    default_sort: str | None = None,
    one: str | None = "code",
) -> None:
    """`GET ""` and `GET "/export"` on `router` for the kind `kind_key` and, unless `one` is None,
    `GET "/{<one>}"`: one record by its key. `mapped` is a FastAPI dependency that reads the
    router's older parameters (named `own` in the query string) and answers them as filters of
    the records vocabulary."""

    def chosen_rows(
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
        filters: Mapped = Depends(mapped),
    ) -> Chosen:
        principal.require(Permission.read)
        kind = catalog.kind(kind_key)
        given = {name: value for name, value in filters.items() if value is not None}
        sort = default_sort or kind.sort
        rows = selected(
            request, session, kind, extra=given, own=(*own, *PAGE_PARAMETERS), sort=sort
        )
        return Chosen(request, kind, rows)

    page_model: Any = ListPage[item]  # type: ignore[valid-type]
    # named as the routers named them before (the OpenAPI operation ids stay as they were)
    listed, exported = f"list_{kind_key}", f"export_{kind_key}"

    @router.get("", response_model=page_model, summary=f"List {noun}", name=listed)
    def list_records(
        chosen: Chosen = Depends(chosen_rows), listing: Listing = Depends(listing_parameters)
    ) -> Response:
        """The rows, filtered, sorted and paged (by number, or by cursor: `after`). Any column
        filters as `column__operator=value` (operators exact, not, contains, startswith, gt, gte,
        lt, lte, in, notin, isnull; the columns are in `GET /api/v1/records`)."""
        return page_or_file(chosen, listing)

    @router.get("/export", response_class=Response, summary=f"Export {noun}", name=exported)
    def export_records(
        chosen: Chosen = Depends(chosen_rows), listing: Listing = Depends(export_parameters)
    ) -> Response:
        """Every matching row as a CSV (UTF-8 with BOM), XLSX or JSON file, filtered as the list
        is."""
        return download(chosen.rows, chosen.kind, listing.format)

    if one is None:
        return

    @router.get(f"/{{{one}}}", response_model=item, summary=f"Get one of the {noun}")
    async def get_one(
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
        key: str = Path(alias=one, max_length=300),
    ) -> Response:
        principal.require(Permission.read)
        return await one_response(request, session, catalog.kind(kind_key), key)
