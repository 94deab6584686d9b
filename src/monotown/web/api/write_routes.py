"""`POST ""` (add) and `PATCH "/{key}"` (change) of a kind whose capability has a create and an
update function (`create(session, values, user=, origin=)`, `update(session, key, values, user=,
origin=)`, each returning the stored record, audited by the capability): regions, enterprises,
settlements, indicators. The router says who may write what (`check`); the answer is the record
as stored.

No `from __future__ import annotations` here: the request bodies are the routers' models, given at
run time, and FastAPI reads them from the handlers' annotations.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from monotown.accounts.roles import Principal
from monotown.web.api import kind_views as views
from monotown.web.api.access import origin, payload
from monotown.web.context import PrincipalDep, SessionDep

# May `principal` write these values (to the record `key`; None: a new record)? Raises if not.
Check = Callable[[Session, Principal, str | None, dict[str, Any]], None]
# The answer after a write: (session, the record's key, the status code).
Answer = Callable[[Session, str, int], Response]


@dataclass(frozen=True)
class Writer:
    """Who writes through a request: the session, the principal and, for the audit log, the
    user name and the origin ('api' or 'web')."""

    session: Session
    principal: Principal
    user: str
    origin: str


def writer(request: Request, session: SessionDep, principal: PrincipalDep) -> Writer:
    return Writer(session, principal, principal.username, origin(request))


WriterDep = Annotated[Writer, Depends(writer)]


def write_routes(
    router: APIRouter,
    kind_key: str,
    item: type[BaseModel],
    *,
    bodies: tuple[type[BaseModel], type[BaseModel]],
    writers: tuple[Callable[..., Any], Callable[..., Any]],
    check: Check,
    texts: tuple[str, str, str, str],
    key_name: str = "code",
    answer: Answer | None = None,
) -> None:
    """The add and change routes of a kind (named `create` and `update`, as the routers named
    them before). `bodies` and `writers`: the create and update models and
    the capability's create and update functions; `texts`: the summary and description
    of adding, then of changing; `key_name`: the record's key attribute (and path parameter)."""
    create_body, update_body = bodies
    create_record, update_record = writers

    def answered(session: Session, key: str, status: int) -> Response:
        if answer is not None:
            return answer(session, key, status)
        return views.written(session, kind_key, key, status)

    @router.post("", response_model=item, status_code=201, summary=texts[0], description=texts[1])
    def create(body: create_body, by: WriterDep) -> Response:  # type: ignore[valid-type]
        values = body.model_dump()  # type: ignore[attr-defined]
        check(by.session, by.principal, None, values)
        created = create_record(by.session, values, user=by.user, origin=by.origin)
        return answered(by.session, getattr(created, key_name), 201)

    @router.patch(f"/{{{key_name}}}", response_model=item, summary=texts[2], description=texts[3])
    def update(
        body: update_body,  # type: ignore[valid-type]
        by: WriterDep,
        key: str = Path(alias=key_name, max_length=300),
    ) -> Response:
        values = payload(body)
        check(by.session, by.principal, key, values)
        updated = update_record(by.session, key, values, user=by.user, origin=by.origin)
        return answered(by.session, getattr(updated, key_name), 200)
