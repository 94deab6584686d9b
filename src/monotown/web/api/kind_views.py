"""What every kind's routes share, for /api/v1/records/{kind} (`records.py`) and the routers
that keep their own URLs (`kind_routes.py`, `write_routes.py`): the rows a request selects, a
keyset page, a streamed download through the records writer, one record, the record as stored
after a write, and a deletion through the capability.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Query, Request, Response
from fastapi.responses import RedirectResponse, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.accounts.roles import Permission, Principal
from monotown.errors import NotFoundError
from monotown.records.export import MEDIA_TYPES, export_chunks
from monotown.records.kinds import Actor, Kind, Row
from monotown.records.query import (
    list_rows,
    page_rows,
    parse_filters,
    records_filters,
)
from monotown.registry.models import Region
from monotown.web.api.access import cached, cached_json, origin, require_admin_for_regions
from monotown.web.api.listing import json_bytes, json_response

RESERVED = ("q", "sort", "after", "size", "format", "records", "force")
# Who may delete records of a capability's kinds (regions: admins only, see check_delete).
DELETE_PERMISSION = {
    "registry": Permission.edit_registry,
    "data": Permission.edit_data,
    "program": Permission.edit_data,
    "events": Permission.manage_users,
    "assess": Permission.manage_users,
}
ADMIN_KINDS = frozenset({"indicators", "bodies", "events", "runs"})


def served_params(request: Request, kind: Kind) -> list[tuple[str, str]]:
    """A request's parameters as the route of a SQL-served kind (`Kind.served_at`: the values)
    spells them: a filter on the key as filters on its parts, a sort by the key as a sort by its
    first part, `size` as `per_page`."""
    params: list[tuple[str, str]] = []
    for name, value in request.query_params.multi_items():
        if name == "sort" and value.lstrip("-") == kind.key_column:
            value = value.replace(kind.key_column, VALUE_KEY_PARTS[0])  # key order: town first
        if name in (kind.key_column, f"{kind.key_column}__exact"):
            params += key_filters(kind, value)
        else:
            params.append(("per_page" if name == "size" else name, value))
    return params


def served_export(request: Request, kind: Kind) -> Response:
    """The export of a SQL-served kind: a redirect to its route's streamed export with the same
    filters and the kind's own columns (which import back), so no request loads the whole table
    into memory."""
    params = [*served_params(request, kind), ("columns", "records")]
    return RedirectResponse(f"{kind.served_at}/export?{urlencode(params)}", 307)


VALUE_KEY_PARTS = ("town", "indicator", "period")  # a value's key: town|indicator|period


def _key_parts(kind: Kind, key: str) -> list[str]:
    parts = [part.strip() for part in key.split("|")]
    if len(parts) != len(VALUE_KEY_PARTS) or not all(parts):
        raise NotFoundError(f"no {kind.key} record '{key}': a key is town|indicator|period")
    return parts


def key_filters(kind: Kind, key: str) -> list[tuple[str, str]]:
    """A filter on the key, as filters on its parts (which the SQL listing has indexes for)."""
    parts = _key_parts(kind, key)
    return [(f"{name}__exact", part) for name, part in zip(VALUE_KEY_PARTS, parts, strict=True)]


def served_record(kind: Kind, key: str) -> Response | None:
    """One record of a SQL-served kind: a redirect to its route's point lookup by the key's
    parts."""
    if kind.served_at is None:
        return None
    path = "/".join(quote(part, safe="") for part in _key_parts(kind, key))
    return RedirectResponse(f"{kind.served_at}/{path}", 307)


def stored_rows(request: Request, session: Session, kind: Kind) -> list[Row]:
    """A kind's rows, built once per data state (the read cache)."""
    return cached(request, session, ("records", kind.key), lambda: kind.rows(session))


def selected(
    request: Request,
    session: Session,
    kind: Kind,
    *,
    extra: Mapping[str, str] | None = None,
    own: tuple[str, ...] = (),
    sort: str | None = None,
    rows: list[Row] | None = None,
) -> list[Row]:
    """The rows a request's filters, `q`, `records` and `sort` select, in order. `extra` adds
    filters (a router's older parameters, mapped); the parameters named in `own` are not read
    as filters (they are what `extra` or `rows` were made from). `rows`: the kind's rows a
    capability selected already (default: all of them)."""
    params = request.query_params
    given = {name: value for name, value in params.items() if name not in RESERVED + own}
    filters = parse_filters(kind, given) + parse_filters(kind, extra or {})
    filters += records_filters(kind, params.get("records"))
    return list_rows(
        kind, stored_rows(request, session, kind) if rows is None else rows, filters=filters,
        q=params.get("q"),
        sort=params.get("sort") or sort,
    )  # fmt: skip


FILE_FORMAT = Query("csv", pattern="^(json|csv|xlsx)$", description="csv, xlsx or json.")


def file_response(rows: Iterable[Row], columns: Sequence[str], fmt: str, name: str) -> Response:
    """The rows as a streamed CSV (UTF-8 with BOM), XLSX or JSON file `name`, through the records
    writer (cells guarded against formulas)."""
    return StreamingResponse(
        export_chunks(rows, columns, fmt, title=name),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


def download(rows: list[Row], kind: Kind, fmt: str, columns: tuple[str, ...] = ()) -> Response:
    """All the rows of a kind as a file (by default its declared columns)."""
    return file_response(rows, columns or kind.column_names, fmt, kind.key)


def keyset_response(
    request: Request,
    kind: Kind,
    rows: list[Row],
    after: str | None,
    size: int,
    *,
    extra: Mapping[str, Any] | None = None,
) -> Response:
    """The `size` rows after the cursor `after`: {items, total, next (a link), **extra}."""
    page = page_rows(kind, rows, after=after, size=size)
    body: dict[str, Any] = {"items": page.items, "total": page.total, "next": None, **(extra or {})}
    headers = {}
    if page.next_after:
        following = request.url.remove_query_params("page")
        link = str(following.include_query_params(after=page.next_after))
        body["next"] = link
        headers["Link"] = f'<{link}>; rel="next"'
    response = json_response(json_bytes(body))
    response.headers.update(headers)
    return response


def check_delete(session: Session, principal: Principal, kind: Kind, row: Row) -> None:
    """The role may delete this kind, and a regional editor only records of their regions."""
    if kind.key == "regions":
        require_admin_for_regions(principal)
        return
    principal.require(
        Permission.manage_users if kind.key in ADMIN_KINDS else DELETE_PERMISSION[kind.capability]
    )
    if not principal.region_scoped or kind.capability == "program":
        return  # program deletions check the towns they touch themselves
    codes = row.get(kind.region_column) if kind.region_column else None
    wanted = codes if isinstance(codes, list) else [codes] if codes else []
    ids = set(session.scalars(select(Region.id).where(Region.code.in_(wanted))))
    principal.require_regions(ids, f"{kind.key} '{row.get(kind.key_column)}'")


def row_of(kind: Kind, rows: list[Row], key: str) -> Row:
    """The row with this key, or a 404 naming the kind and the key."""
    for row in rows:
        if str(row.get(kind.key_column)) == key:
            return row
    raise NotFoundError(f"no {kind.key} record with {kind.key_column} '{key}'")


def find(request: Request, session: Session, kind: Kind, key: str) -> Row:
    return row_of(kind, stored_rows(request, session, kind), key)


def delete_record(
    request: Request,
    session: Session,
    principal: Principal,
    kind: Kind,
    key: str,
    force: bool = False,
) -> int:
    """Delete through the kind's capability; the batch id."""
    if kind.delete is None:
        raise NotFoundError(f"{kind.key} records cannot be deleted")
    check_delete(session, principal, kind, find(request, session, kind, key))
    actor = Actor(principal.username, origin(request), principal)
    return kind.delete(session, key, actor, force)


async def one_response(request: Request, session: Session, kind: Kind, key: str) -> Response:
    return await cached_json(
        request, session, ("one", kind.key, key), lambda: find(request, session, kind, key)
    )


def deleted(batch_id: int) -> Response:
    """204, with the deletion batch (to undo) in a header."""
    return Response(status_code=204, headers={"X-Monotown-Batch": str(batch_id)})


def delete_response(
    request: Request, session: Session, principal: Principal, kind_key: str, key: str
) -> Response:
    """Delete one record of a kind through its capability: 204 with the batch in a header."""
    from monotown import catalog

    return deleted(delete_record(request, session, principal, catalog.kind(kind_key), key))


def written(session: Session, kind_key: str, key: str, status: int = 200) -> Response:
    """The record as stored after a capability's write (read afresh: the cache lags a write)."""
    from monotown import catalog

    session.flush()
    session.expire_all()
    kind = catalog.kind(kind_key)
    return json_response(json_bytes(row_of(kind, kind.rows(session), key)), status)
