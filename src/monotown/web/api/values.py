"""/api/v1/values: stored indicator values; single values are written and deleted as batches,
so every change through the API is audited and can be undone like an import."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from monotown.accounts.roles import Permission
from monotown.data import single_value
from monotown.data.kinds import VALUES_KIND
from monotown.data.single_value import write_value
from monotown.data.values_listing import records_query
from monotown.data.values_query import (
    ValueQuery,
    bounded_total,
    iter_value_rows,
    one_value,
    value_filters,
    value_page,
)
from monotown.data.values_query_sql import VALUE_SORTS
from monotown.errors import InputError, NotFoundError
from monotown.records.export import MEDIA_TYPES, export_chunks
from monotown.web.api.access import origin
from monotown.web.api.kind_views import served_params
from monotown.web.api.listing import (
    Page,
    PageQuery,
    PerPageQuery,
    json_bytes,
    json_response,
    sort_query,
)
from monotown.web.cache import ReadCache
from monotown.web.context import PrincipalDep, SessionDep, cache, records_filter

router = APIRouter(prefix="/values", tags=["data: values"])
RECORD_COLUMNS = VALUES_KIND.column_names
EXPORT_COLUMNS = (
    "town", "town_en", "region", "indicator", "pillar", "unit", "period", "period_type", "year",
    "value", "flag", "source", "note", "batch_id",
)  # fmt: skip
Flag = Literal["official", "estimate", "synthetic"]
Key = Annotated[str, Field(min_length=1, max_length=120)]


class ValueOut(BaseModel):
    town: str
    town_en: str
    town_ru: str
    town_kk: str | None
    region: str
    indicator: str
    pillar: str
    unit: str
    period: str
    period_type: str
    year: int
    value: float
    flag: str
    synthetic: bool = Field(description="A made-up demo value, never to be read as a fact.")
    source: str | None
    note: str | None
    batch_id: int | None


class ValuePage(Page[ValueOut]):
    total_exact: bool = Field(
        description="False when more values match than are counted; `total` is then a floor."
    )
    next: str | None = Field(
        description="Cursor of the next page (pass as `after=`), null on the last page."
    )


class ValueIn(BaseModel):
    town: Key = Field(description="Settlement code or name.")
    indicator: Key = Field(description="Indicator code.")
    period: Annotated[str, Field(min_length=4, max_length=7)] = Field(
        description="'2023', '2023Q1' or '2023-05'."
    )
    value: float
    flag: Flag = "official"
    source: Annotated[str, Field(max_length=500)] | None = None
    note: Annotated[str, Field(max_length=2000)] | None = None


class WriteOut(BaseModel):
    status: str = Field(description="committed, or no-op when the value was already stored.")
    batch_id: int | None


# Parameters of the listing that are not filters of the records vocabulary (or are the older
# spelling of one); every other parameter is such a filter (`year__gte=2020`, `value__gt=5`...).
LISTING_PARAMETERS = frozenset({
    "town", "region", "indicator", "pillar", "year_from", "year_to", "period_type", "flag",
    "synthetic", "records", "sort", "page", "per_page", "after", "format", "columns",
})  # fmt: skip
RecordsChoice = Literal["all", "real", "synthetic"]


def _query(request: Request, sort: str = "town", **given: Any) -> ValueQuery:
    """The older parameters and every filter of the vocabulary the request carries."""
    records = given.pop("records", None)
    if given.get("synthetic") is None:
        given["synthetic"] = records_filter(records)
    params = request.query_params
    extra = value_filters(
        {k: v for k, v in params.items() if k not in LISTING_PARAMETERS and k[:1] != "_"}
    )
    query = ValueQuery(**given, sort=sort, extra=extra)
    query.check()  # errors are answered before any answer starts
    return query


def _counter(cache: ReadCache) -> Callable[[Session, ValueQuery], int]:
    """Totals counted once per data state (one town's few values are counted at once)."""

    def count(session: Session, query: ValueQuery) -> int:
        if query.town:
            return bounded_total(session, query)
        key = ("value-total", replace(query, sort="town"))
        return cache.exact(session, key, lambda: bounded_total(session, query))

    return count


@router.get("", response_model=ValuePage, summary="List values")
def list_values(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    town: str | None = Query(None, max_length=64, description="Settlement code."),
    region: str | None = Query(None, max_length=16, description="Region code."),
    indicator: str | None = Query(None, max_length=64, description="Indicator code."),
    pillar: str | None = Query(None, max_length=32),
    year_from: int | None = Query(None, ge=1900, le=2100),
    year_to: int | None = Query(None, ge=1900, le=2100),
    period_type: Literal["year", "quarter", "month"] | None = None,
    flag: Flag | None = None,
    synthetic: bool | None = Query(None, description="Only synthetic (true) or only real."),
    records: RecordsChoice | None = Query(None, description="all, real or synthetic values."),
    sort: str = sort_query(VALUE_SORTS, "town"),
    page: int = PageQuery,
    per_page: int = PerPageQuery,
    after: str | None = Query(
        None, max_length=2000, description="Cursor from `next` (or the Link header): keyset paging."
    ),
) -> Response:
    """Values with filters; `synthetic` marks made-up demo values.

    Any column of a value filters as the records layer spells it (`column__operator=value`:
    exact, not, contains, startswith, gt, gte, lt, lte, in, notin, isnull), e.g.
    `year__gte=2020&indicator__in=pop_total,area_km2&value__gt=1000`. Pages by `page` (offset)
    or, at any depth at the same cost, by the `after` cursor that each page gives in `next` and
    in a `Link: rel="next"` header."""
    principal.require(Permission.read)
    query = _query(
        request, sort, town=town, region=region, indicator=indicator, pillar=pillar,
        year_from=year_from, year_to=year_to, period_type=period_type, flag=flag,
        synthetic=synthetic, records=records,
    )  # fmt: skip
    found = value_page(session, query, page, per_page, after, _counter(cache(request)))
    response = json_response(orjson.dumps(found))
    if found["next"]:
        link = request.url.remove_query_params(["after", "page"]).include_query_params(
            after=found["next"]
        )
        response.headers["Link"] = f'<{link}>; rel="next"'
    return response


@router.get("/export", response_class=Response, summary="Export values")
def export_values(
    request: Request,
    principal: PrincipalDep,
    format: Literal["csv", "xlsx", "json"] = "csv",
    town: str | None = Query(None, max_length=64),
    region: str | None = Query(None, max_length=16),
    indicator: str | None = Query(None, max_length=64),
    pillar: str | None = Query(None, max_length=32),
    year_from: int | None = Query(None, ge=1900, le=2100),
    year_to: int | None = Query(None, ge=1900, le=2100),
    synthetic: bool | None = None,
    records: RecordsChoice | None = None,
    columns: Literal["values", "records"] = Query(
        "values", description="values (this export's columns) or records (the values kind's)."
    ),
    sort: str = sort_query(VALUE_SORTS, "town"),
) -> Response:
    """Matching values (long format, with flags) as CSV, XLSX or JSON, streamed in constant
    memory; the same filters and order (`sort`) as the listing. `columns=records` gives the
    records layer's columns (what `/api/v1/records/values/export` redirects here for; it imports
    back)."""
    principal.require(Permission.read)
    query = _query(
        request, sort, town=town, region=region, indicator=indicator, pillar=pillar,
        year_from=year_from, year_to=year_to, synthetic=synthetic, records=records,
    )  # fmt: skip
    rows = _stored_rows(request.app.state.sessions, query)
    return StreamingResponse(
        export_chunks(
            rows, RECORD_COLUMNS if columns == "records" else EXPORT_COLUMNS, format, title="values"
        ),
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="values.{format}"'},
    )


def _stored_rows(sessions: Callable[[], Session], query: ValueQuery) -> Iterator[dict[str, Any]]:
    """The rows from a server-side cursor in a session of their own (the download outlives the
    request's session)."""
    session = sessions()
    try:
        yield from iter_value_rows(session, query)
    finally:
        session.rollback()
        session.close()


@router.get("/{town}/{indicator}/{period}", response_model=ValueOut, summary="Get one value")
def get_value(
    town: str, indicator: str, period: str, session: SessionDep, principal: PrincipalDep
) -> Response:
    """One stored value by settlement code, indicator code and period."""
    principal.require(Permission.read)
    row = one_value(session, town, indicator, period)
    if row is not None:
        return json_response(orjson.dumps(row))
    raise NotFoundError(f"no value of {indicator} for {town} in {period}")


@router.put("", response_model=WriteOut, summary="Store a value")
def put_value(
    body: ValueIn, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """Store one value (replacing a stored one), checked like an imported row; a batch of one.

    The town is resolved like a file's (code, name or DHIS2 org unit code) and the region check
    applies to the settlement it resolves to."""
    principal.require(Permission.edit_data)
    report = write_value(
        session, town=body.town, indicator=body.indicator, period=body.period, value=body.value,
        flag=body.flag, source=body.source, note=body.note, name=f"value from {origin(request)}",
        update=True, user=principal.username, origin=origin(request), scope=principal,
    )  # fmt: skip
    if report.issues:
        issue = report.issues[0]
        raise InputError(issue.reason, field=_FIELD.get(issue.column or "", issue.column))
    return json_response(json_bytes({"status": report.status, "batch_id": report.batch_id}))


_FIELD = {"settlement": "town"}


@router.delete("", response_model=WriteOut, summary="Delete a value")
def delete_value(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    town: str = Query(..., max_length=64),
    indicator: str = Query(..., max_length=64),
    period: str = Query(..., max_length=7),
) -> Response:
    """Delete one value as a batch of its own, so undoing that batch puts it back."""
    principal.require(Permission.edit_data)
    batch_id = single_value.delete_value(
        session, town=town, indicator=indicator, period=period, user=principal.username,
        origin=origin(request), scope=principal,
    )  # fmt: skip
    return json_response(json_bytes({"status": "committed", "batch_id": batch_id}))


def records_page(request: Request, session: Session, size: int, after: str | None) -> Response:
    """`/api/v1/records/values` as every kind answers ({items, total, next (a link)}), paged and
    filtered in SQL like this listing, so no request loads a million values into memory."""
    query = records_query(served_params(request, VALUES_KIND))
    found = value_page(session, query, 1, size, after, _counter(cache(request)))
    link = str(request.url.include_query_params(after=found["next"])) if found["next"] else None
    body = {"items": found["items"], "total": found["total"], "next": link}
    response = json_response(orjson.dumps(body))
    if link:
        response.headers["Link"] = f'<{link}>; rel="next"'
    return response
