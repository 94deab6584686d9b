"""`POST ""` (add) and `PATCH "/{key}"` (change) of a kind whose capability has a create and an
update function (`create(session, values, user=, origin=)`, `update(session, key, values, user=,
origin=)`, each returning the stored record, audited by the capability): regions, enterprises,
settlements, indicators. The router says who may write what (`check`); the answer is the record
as stored.

No `from __future__ import annotations` here: the request bodies are the routers' models, given at
run time, and FastAPI reads them from the handlers' annotations.
"""

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Path, Request, Response
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


def write_routes(
    router: APIRouter,
    kind_key: str,
    item: type[BaseModel],
    *,
    bodies: tuple[type[BaseModel], type[BaseModel]],
    create: Callable[..., Any],
    update: Callable[..., Any],
    check: Check,
    texts: tuple[str, str, str, str],
    key_name: str = "code",
    answer: Answer | None = None,
) -> None:
    """The add and change routes of a kind. `bodies`: the create and update models; `texts`:
    the summary and description of adding, then of changing; `key_name`: the record's key
    attribute (and path parameter)."""
    create_body, update_body = bodies
    add_summary, add_help, change_summary, change_help = texts

    def answered(session: Session, key: str, status: int) -> Response:
        if answer is not None:
            return answer(session, key, status)
        return views.written(session, kind_key, key, status)

    # named as the routers named them before (the OpenAPI operation ids stay as they were)
    @router.post(
        "", response_model=item, status_code=201, summary=add_summary, description=add_help,
        name="create",
    )  # fmt: skip
    def add(
        body: create_body,  # type: ignore[valid-type]
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
    ) -> Response:
        values = body.model_dump()  # type: ignore[attr-defined]
        check(session, principal, None, values)
        created = create(session, values, user=principal.username, origin=origin(request))
        return answered(session, getattr(created, key_name), 201)

    @router.patch(
        f"/{{{key_name}}}", response_model=item, summary=change_summary, description=change_help,
        name="update",
    )  # fmt: skip
    def change(
        body: update_body,  # type: ignore[valid-type]
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
        key: str = Path(alias=key_name, max_length=300),
    ) -> Response:
        values = payload(body)
        check(session, principal, key, values)
        updated = update(session, key, values, user=principal.username, origin=origin(request))
        return answered(session, getattr(updated, key_name), 200)
