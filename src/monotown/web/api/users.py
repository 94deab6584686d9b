"""/api/v1/users (admins) and /api/v1/me (everyone signed in): accounts, roles, tokens."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from monotown.accounts.accounts import (
    create_token,
    create_user,
    delete_user,
    get_user,
    list_users,
    revoke_token,
    set_password,
    update_user,
    user_summary,
)
from monotown.accounts.models import ApiToken, User
from monotown.accounts.roles import Permission, Principal
from monotown.errors import NotAuthenticatedError, NotFoundError
from monotown.web.api.access import origin
from monotown.web.api.listing import json_bytes, json_response
from monotown.web.context import PrincipalDep, SessionDep, current_session_id

router = APIRouter(tags=["users"])

RoleName = Literal["admin", "analyst", "regional_editor", "viewer"]
Regions = Annotated[list[Annotated[str, Field(min_length=1, max_length=120)]], Field(max_length=50)]


class UserOut(BaseModel):
    username: str
    display_name: str | None
    role: str
    regions: list[str]
    active: bool
    created_at: dt.datetime
    last_login_at: dt.datetime | None


class UserCreate(BaseModel):
    username: str = Field(min_length=1, max_length=80)
    role: RoleName
    password: str = Field(min_length=10, max_length=200)
    regions: Regions = Field(default_factory=list)
    display_name: Annotated[str, Field(max_length=200)] | None = None


class UserUpdate(BaseModel):
    role: RoleName | None = None
    regions: Regions | None = None
    active: bool | None = None
    display_name: Annotated[str, Field(max_length=200)] | None = None
    password: Annotated[str, Field(min_length=10, max_length=200)] | None = None
    keep_tokens: bool = Field(
        False, description="With a new password: keep the user's API tokens (else revoked)."
    )


class TokenOut(BaseModel):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked: bool


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    expires_days: int | None = Field(None, ge=1, le=3660)


class TokenIssued(TokenOut):
    token: str = Field(description="Shown once: store it now, only its hash is kept.")


def user_out(user: User) -> dict[str, Any]:
    """What the audit log keeps about a user, and when it was made and last signed in."""
    return {
        **user_summary(user),
        "created_at": user.created_at,
        "last_login_at": user.last_login_at,
    }


def token_out(token: ApiToken) -> dict[str, Any]:
    """The fields `TokenOut` declares, in its order, read from the token (`revoked`: whether
    it has a revocation time)."""
    shown = {name: getattr(token, name) for name in TokenOut.model_fields if name != "revoked"}
    return {**shown, "revoked": token.revoked_at is not None}


def _admin(principal: Principal) -> None:
    principal.require(Permission.manage_users)


@router.get("/users", response_model=list[UserOut], summary="List users")
def users(session: SessionDep, principal: PrincipalDep) -> Response:
    _admin(principal)
    return json_response(json_bytes([user_out(user) for user in list_users(session)]))


@router.post("/users", response_model=UserOut, status_code=201, summary="Add a user")
def add_user(
    body: UserCreate, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """Create an account; regional editors need at least one region."""
    _admin(principal)
    fields = body.model_dump(exclude={"username"})
    user = create_user(
        session, body.username, **fields, actor=principal.username, origin=origin(request)
    )
    return json_response(json_bytes(user_out(user)), 201)


@router.get("/users/{username}", response_model=UserOut, summary="Get a user")
def one_user(username: str, session: SessionDep, principal: PrincipalDep) -> Response:
    _admin(principal)
    return json_response(json_bytes(user_out(get_user(session, username))))


@router.patch("/users/{username}", response_model=UserOut, summary="Change a user")
def change_user(
    username: str, body: UserUpdate, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """Change role, regions, display name, active flag or password."""
    _admin(principal)
    actor, where = principal.username, origin(request)
    fields = body.model_dump(exclude={"password", "keep_tokens"})
    user = update_user(session, username, **fields, actor=actor, origin=where)
    if body.password is not None:
        set_password(
            session, username, body.password, actor=actor, origin=where,
            keep_session=current_session_id(request), keep_tokens=body.keep_tokens,
        )  # fmt: skip
    return json_response(json_bytes(user_out(user)))


@router.delete(
    "/users/{username}", status_code=204, response_class=Response, summary="Delete a user"
)
def remove_user(
    username: str, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    _admin(principal)
    delete_user(session, username, actor=principal.username, origin=origin(request))
    return Response(status_code=204)


def _me(principal: Principal) -> str:
    if not principal.authenticated:
        raise NotAuthenticatedError("sign in or send a bearer token to see your account")
    return principal.username


@router.get("/me", response_model=UserOut, summary="Who am I")
def me(session: SessionDep, principal: PrincipalDep) -> Response:
    """The account behind this session or token."""
    return json_response(json_bytes(user_out(get_user(session, _me(principal)))))


@router.get("/me/tokens", response_model=list[TokenOut], summary="List my tokens")
def my_tokens(session: SessionDep, principal: PrincipalDep) -> Response:
    user = get_user(session, _me(principal))
    return json_response(json_bytes([token_out(token) for token in user.tokens]))


@router.post("/me/tokens", response_model=TokenIssued, status_code=201, summary="Create a token")
def issue_token(
    body: TokenCreate, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    """Create a bearer token for scripts; the token is in the answer and never shown again."""
    username = _me(principal)
    token, plain = create_token(
        session,
        username,
        name=body.name,
        expires_days=body.expires_days,
        actor=username,
        origin=origin(request),
    )
    return json_response(json_bytes({**token_out(token), "token": plain}), 201)


@router.delete(
    "/me/tokens/{token_id}", status_code=204, response_class=Response, summary="Revoke a token"
)
def revoke(
    token_id: int, request: Request, session: SessionDep, principal: PrincipalDep
) -> Response:
    username = _me(principal)
    if not 1 <= token_id <= 2**31 - 1:
        raise NotFoundError(f"no API token {token_id}")
    revoke_token(session, token_id, actor=username, origin=origin(request), owner=username)
    return Response(status_code=204)
