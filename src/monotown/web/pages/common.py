"""What the page routes share: the renderer, a visit with its permission checked, the list pages'
query parameters and the cached registry rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from monotown.accounts.roles import Permission, Principal
from monotown.registry.rows import enterprise_rows, region_rows, settlement_rows
from monotown.web.api.access import cached
from monotown.web.context import PrincipalDep, SessionDep
from monotown.web.rendering import Pages


# The query parameters the list pages share (each use needs its own: FastAPI names it after the
# parameter it declares).
def search_query() -> Any:
    """`q`: text to look for."""
    return Query(None, max_length=120)


def code_query() -> Any:
    """A code or key to narrow the list to."""
    return Query(None, max_length=32)


def page_query() -> Any:
    return Query(1, ge=1, le=100_000)


def sort_query(default: str, sorts: Sequence[str]) -> Any:
    """A `sort` parameter: one of the fields, '-' first for descending."""
    return Query(default, pattern="^-?(" + "|".join(sorts) + ")$")


def pages(request: Request) -> Pages:
    return request.app.state.pages  # type: ignore[no-any-return]


def render_form(request: Request, template: str, context: dict[str, Any]) -> HTMLResponse:
    """A page with a form: 422 while `context["errors"]` names a problem, else 200."""
    status = 422 if context["errors"] else 200
    return pages(request).render(request, template, context, status_code=status)


def can_read(principal: Principal) -> None:
    """Anonymous visitors are sent to sign in unless MONOTOWN_PUBLIC_READ is on."""
    principal.require(Permission.read)


@dataclass(frozen=True)
class Visit:
    """A visit to a page: the request, the database session and who is visiting, with the
    permission the view asks for already checked (`VisitDep`: reading, so anonymous visitors
    sign in first unless MONOTOWN_PUBLIC_READ is on)."""

    request: Request
    session: Session
    principal: Principal

    def __iter__(self) -> Iterator[Any]:
        """`request, session, principal = visit`"""
        return iter((self.request, self.session, self.principal))


def visit_as(permission: Permission) -> Any:
    """A Visit by someone holding `permission` (checked before the view runs)."""

    def check(request: Request, session: SessionDep, principal: PrincipalDep) -> Visit:
        principal.require(permission)
        return Visit(request, session, principal)

    return Depends(check)


VisitDep = Annotated[Visit, visit_as(Permission.read)]


def settlements(request: Request, session: Session) -> list[dict[str, Any]]:
    return cached(request, session, "settlement_rows", lambda: settlement_rows(session))


def monotowns(request: Request, session: Session) -> list[dict[str, Any]]:
    return [row for row in settlements(request, session) if row["monotown"]]


def enterprises(request: Request, session: Session) -> list[dict[str, Any]]:
    return cached(request, session, "enterprise_rows", lambda: enterprise_rows(session))


def regions(request: Request, session: Session) -> list[dict[str, Any]]:
    return cached(request, session, "region_rows", lambda: region_rows(session))


def query_string(params: dict[str, Any], *, drop: tuple[str, ...] = ()) -> str:
    """Non-empty parameters as a query string (used by sort and page links)."""
    from urllib.parse import urlencode

    return urlencode(
        {key: value for key, value in params.items() if value not in (None, "") and key not in drop}
    )
