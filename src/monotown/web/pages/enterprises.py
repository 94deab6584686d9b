"""Enterprises: the table of town-forming enterprises, each one's page and its edit form."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from monotown.accounts.roles import Permission, Principal
from monotown.registry.editing import (
    ENTERPRISE_FIELDS,
    delete_enterprise,
    enterprise_record,
    get_enterprise,
)
from monotown.registry.editing import ENTERPRISES as EDITED_ENTERPRISES
from monotown.registry.rows import find_row
from monotown.web.api.access import origin, settlement_region_ids
from monotown.web.api.listing import matches_text, sort_rows
from monotown.web.context import PrincipalDep, SessionDep, request_language
from monotown.web.pages.common import (
    VisitDep,
    can_read,
    enterprises,
    pages,
    query_string,
    search_query,
    settlements,
    sort_query,
)
from monotown.web.pages.forms import form_posts, submit_form
from monotown.web.pages.listing import list_response, list_table
from monotown.web.rendering import N_, flash, localised

router = APIRouter(include_in_schema=False)
SORTS = ("name", "sector_code", "owner_group", "towns")
ENTERPRISES = list_table(
    "/enterprises",
    "enterprises",
    ("key", "name", "sector_code", "sector_label", "owner_group", "settlements", "towns"),
)


def _may_edit(session: Session, principal: Principal, codes: list[str]) -> bool:
    if not principal.can(Permission.edit_registry):
        return False
    if not principal.region_scoped:
        return True
    regions = settlement_region_ids(session, codes)
    return bool(regions) and all(principal.may_touch_region(region) for region in regions)


def _check(session: Session, principal: Principal, codes: list[str], what: str) -> None:
    principal.require(Permission.edit_registry)
    if principal.region_scoped:
        principal.require_regions(settlement_region_ids(session, codes), what)


@router.get("/enterprises", response_class=HTMLResponse)
def enterprises_page(
    visit: VisitDep, q: str | None = search_query(), sort: str = sort_query("name", SORTS)
) -> Response:
    lang = request_language(visit.request)
    rows = [
        {**row, "towns": ", ".join(row[f"settlement_names_{lang}"])}
        for row in enterprises(visit.request, visit.session)
        if matches_text(
            row,
            (
                "key",
                "name",
                "owner_group",
                "sector_label",
                "settlement_names_en",
                "settlement_names_ru",
                "settlement_names_kk",
            ),
            q,
        )
    ]
    rows = sort_rows(rows, sort)
    context = {
        "rows": rows,
        "sort": sort,
        "filters": {"q": q},
        "query": query_string({"q": q}),
        "can_create": visit.principal.can(Permission.edit_registry),
    }
    return list_response(
        visit.request, "enterprises/list.html", context, (ENTERPRISES, rows),
        partial="enterprises/_table.html",
    )  # fmt: skip


def _town_choices(request: Request, session: Session, principal: Principal) -> list[dict[str, Any]]:
    lang = request_language(request)
    rows = [
        {"code": row["code"], "name": localised(row, lang), "region": row["region"]}
        for row in settlements(request, session)
        if row["monotown"]
        and (not principal.region_scoped or row["region"] in principal.region_codes)
    ]
    return sorted(rows, key=lambda row: row["name"])


def _render(
    request: Request,
    session: Session,
    principal: Principal,
    values: dict[str, Any],
    *,
    key: str | None,
    errors: dict[str, str] | None = None,
) -> Response:
    context = {
        "values": values,
        "key": key,
        "errors": errors or {},
        "towns": _town_choices(request, session, principal),
        "can_edit": key is None or _may_edit(session, principal, values.get("settlements", [])),
    }
    return pages(request).render(
        request, "enterprises/detail.html", context, status_code=422 if errors else 200
    )


async def _submitted(request: Request) -> dict[str, Any]:
    form = await request.form()
    values: dict[str, Any] = {
        field: str(form.get(field) or "").strip() or None for field in ENTERPRISE_FIELDS
    }
    values["settlements"] = [str(code) for code in form.getlist("settlements") if code]
    return values


@router.get("/enterprises/new", response_class=HTMLResponse)
def new_enterprise(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    principal.require(Permission.edit_registry)
    return _render(request, session, principal, {"settlements": []}, key=None)


def _save(
    request: Request, session: Session, principal: Principal, values: dict[str, Any],
    key: str | None,
) -> Response:  # fmt: skip
    """Create (no `key`) or update an enterprise from its form; a regional editor only in the
    towns of their regions, before and after."""
    before = enterprise_record(get_enterprise(session, key))["settlements"] if key else []

    def write() -> Any:
        _check(session, principal, before + values["settlements"],
               f"enterprise '{key or values['key']}'")  # fmt: skip
        return EDITED_ENTERPRISES.save(
            session, key, values, user=principal.username, origin=origin(request)
        )

    again = partial(_render, request, session, principal, values, key=key)
    done = N_("Enterprise saved.")
    return submit_form(
        request, session, write, again, done, lambda saved: f"/enterprises/{saved.key}"
    )


form_posts(router, "/enterprises/new", "/enterprises/{key}", _submitted, _save)


@router.get("/enterprises/{key}", response_class=HTMLResponse)
def enterprise_page(
    key: str, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    can_read(principal)
    find_row(enterprises(request, session), "key", key, "enterprise")
    return _render(
        request, session, principal, enterprise_record(get_enterprise(session, key)), key=key
    )


@router.post("/enterprises/{key}/delete")
def remove(key: str, request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    current = enterprise_record(get_enterprise(session, key))
    _check(session, principal, current["settlements"], f"enterprise '{key}'")
    delete_enterprise(session, key, user=principal.username, origin=origin(request))
    _ = pages(request).gettext(request)
    flash(request, _("Enterprise deleted."))
    return RedirectResponse("/enterprises", status_code=303)
