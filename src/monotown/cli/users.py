"""`monotown users ...`: accounts of the web dashboard and the API (roles, regions, tokens)."""

from __future__ import annotations

import os
import sys
from typing import Any

import typer

from monotown.accounts.accounts import (
    create_token,
    create_user,
    ensure_admin,
    get_user,
    list_users,
    revoke_token,
    set_password,
    update_user,
)
from monotown.accounts.passwords import generate_password
from monotown.accounts.throttle import unlock_account, unlock_address
from monotown.cli.output import OUTPUT_FORMAT_OPTION, OutputFormat, emit_rows
from monotown.cli.session import open_session
from monotown.db import get_engine, session_scope
from monotown.errors import InputError
from monotown.records.kinds import Actor
from monotown.records.provenance import audit, current_user

users_app = typer.Typer(
    help="Manage dashboard and API users: roles, regions, passwords, tokens.", no_args_is_help=True
)
ADMIN_PASSWORD_ENV = "MONOTOWN_ADMIN_PASSWORD"
ROLE_HELP = "admin, analyst, regional_editor or viewer."
REGION_HELP = "Region code or name a regional editor may change (repeat for several)."


def _read_password(from_stdin: bool, generate: bool) -> tuple[str, bool]:
    """The new password and whether it must be shown (because it was generated)."""
    if generate:
        return generate_password(), True
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise InputError("no password on standard input", field="password")
        return line, False
    password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return str(password), False


@users_app.command("add")
def add(
    username: str = typer.Argument(..., help="Sign-in name (letters, digits, . _ @ -)."),
    role: str = typer.Option(..., "--role", help=ROLE_HELP),
    regions: list[str] = typer.Option([], "--region", help=REGION_HELP),
    display_name: str | None = typer.Option(None, "--name", help="Full name shown in the app."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password."),
    random_password: bool = typer.Option(
        False, "--random-password", help="Generate a password and print it once."
    ),
) -> None:
    """Add a user; you are asked for the password unless it comes from stdin or is generated."""
    password, show = _read_password(password_stdin, random_password)
    with open_session() as session:
        user = create_user(
            session,
            username,
            role=role,
            password=password,
            regions=regions,
            display_name=display_name,
            actor=current_user(),
            origin="cli",
        )
        summary = f"user '{user.username}' added as {user.role}"
        if user.regions:
            summary += f" for {', '.join(region.code for region in user.regions)}"
    typer.echo(summary)
    if show:
        typer.echo(f"password: {password}")


@users_app.command("list")
def list_command(
    fmt: OutputFormat = OUTPUT_FORMAT_OPTION,
) -> None:
    """List users with their role, regions and last sign-in."""
    with open_session() as session:
        rows: list[dict[str, Any]] = [
            {
                "username": user.username,
                "name": user.display_name,
                "role": user.role,
                "regions": [region.code for region in user.regions],
                "active": user.active,
                "last_login": user.last_login_at.isoformat(" ", "minutes")
                if user.last_login_at
                else None,
                "tokens": sum(1 for token in user.tokens if token.revoked_at is None),
            }
            for user in list_users(session)
        ]
    columns = ("username", "name", "role", "regions", "active", "last_login", "tokens")
    emit_rows(rows, columns, fmt, title=f"Users: {len(rows)}")


@users_app.command("set-role")
def set_role(
    username: str = typer.Argument(...),
    role: str = typer.Argument(..., help=ROLE_HELP),
    regions: list[str] = typer.Option([], "--region", help=REGION_HELP),
) -> None:
    """Change a user's role (and, for regional editors, their regions)."""
    with open_session() as session:
        user = update_user(
            session,
            username,
            role=role,
            regions=regions if regions else None,
            actor=current_user(),
            origin="cli",
        )
        where = ", ".join(region.code for region in user.regions)
    typer.echo(f"user '{user.username}' is now {user.role}" + (f" for {where}" if where else ""))


@users_app.command("passwd")
def passwd(
    username: str = typer.Argument(...),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password."),
    random_password: bool = typer.Option(
        False, "--random-password", help="Generate a password and print it once."
    ),
    keep_tokens: bool = typer.Option(
        False, "--keep-tokens", help="Keep the user's API tokens (by default they are revoked)."
    ),
) -> None:
    """Set a user's password: their sessions end and their API tokens are revoked (unless
    --keep-tokens)."""
    password, show = _read_password(password_stdin, random_password)
    with open_session() as session:
        user = set_password(
            session,
            username,
            password,
            actor=current_user(),
            origin="cli",
            keep_tokens=keep_tokens,
        )
        tokens = sum(1 for item in user.tokens if item.revoked_at is None)
    kept = f"; {tokens} API token(s) kept" if keep_tokens else "; API tokens revoked"
    typer.echo(f"password of '{username}' changed; sessions signed out{kept}")
    if show:
        typer.echo(f"password: {password}")


@users_app.command("disable")
def disable(username: str = typer.Argument(...)) -> None:
    """Stop a user from signing in or using tokens (the account and its history stay)."""
    with open_session() as session:
        update_user(session, username, active=False, actor=current_user(), origin="cli")
    typer.echo(f"user '{username}' disabled")


@users_app.command("enable")
def enable(username: str = typer.Argument(...)) -> None:
    """Let a disabled user sign in again."""
    with open_session() as session:
        update_user(session, username, active=True, actor=current_user(), origin="cli")
    typer.echo(f"user '{username}' enabled")


@users_app.command("unlock")
def unlock(
    username: str = typer.Argument(..., help="The account whose failed sign-ins to forget."),
    address: list[str] = typer.Option(
        [], "--address", help="Also clear the throttle of this client address (repeatable)."
    ),
) -> None:
    """Clear the sign-in throttle of an account (from every address) so it may try again now."""
    with open_session() as session:
        user = get_user(session, username)
        cleared = unlock_account(session, user.username)
        addresses = [item for item in address if unlock_address(session, item)]
        audit(
            session,
            Actor(current_user()),
            "update",
            "user",
            user.username,
            note="sign-in throttle cleared"
            + (f" (and for {', '.join(addresses)})" if addresses else ""),
        )
    typer.echo(
        f"sign-in throttle of '{user.username}' cleared ({cleared} counter(s))"
        + (f"; addresses cleared: {', '.join(addresses)}" if addresses else "")
    )


@users_app.command("token")
def token(
    username: str = typer.Argument(..., help="Whose token (it acts with their role)."),
    name: str = typer.Option("script", "--name", help="What the token is for."),
    expires_days: int | None = typer.Option(None, "--expires-days", help="Expire after N days."),
    revoke: int | None = typer.Option(None, "--revoke", help="Revoke the token with this id."),
    show_list: bool = typer.Option(False, "--list", help="List the user's tokens."),
) -> None:
    """Create a bearer token for scripts (printed once), or list or revoke a user's tokens."""
    with open_session() as session:
        if revoke is not None:
            revoke_token(session, revoke, actor=current_user(), origin="cli", owner=username)
            typer.echo(f"token {revoke} of '{username}' revoked")
            return
        if show_list:
            user = get_user(session, username)
            rows = [
                {
                    "id": item.id,
                    "name": item.name,
                    "prefix": item.prefix,
                    "created": item.created_at.isoformat(" ", "minutes"),
                    "expires": item.expires_at.isoformat(" ", "minutes")
                    if item.expires_at
                    else None,
                    "revoked": item.revoked_at is not None,
                }
                for item in user.tokens
            ]
            columns = ("id", "name", "prefix", "created", "expires", "revoked")
            emit_rows(rows, columns, OutputFormat.table, title=f"Tokens of {user.username}")
            return
        issued, plain = create_token(
            session,
            username,
            name=name,
            expires_days=expires_days,
            actor=current_user(),
            origin="cli",
        )
        token_id = issued.id
    typer.echo(f"token {token_id} for '{username}' (shown once; only its hash is stored):")
    typer.echo(plain)
    typer.echo("use it as: curl -H 'Authorization: Bearer <token>' http://127.0.0.1:8000/api/v1/me")


def ensure_first_admin(url: str = "http://127.0.0.1:8000") -> None:
    """Create the first admin if there is none and print how to sign in (used by `make run`)."""
    password = os.environ.get(ADMIN_PASSWORD_ENV) or None
    with session_scope(get_engine()) as session:
        user, created = ensure_admin(session, password=password, actor=current_user())
        username = user.username
    if created is None:
        typer.echo(
            f"sign in at {url}/login as an administrator (e.g. '{username}'); "
            f"forgot the password? run: monotown users passwd {username}"
        )
        return
    typer.echo(f"first administrator created: sign in at {url}/login")
    typer.echo(f"  user name: {username}")
    if password:
        typer.echo(f"  password:  (the one in {ADMIN_PASSWORD_ENV})")
    else:
        typer.echo(f"  password:  {created}")
    typer.echo("  change it on your account page, or with: monotown users passwd admin")


@users_app.command("ensure-admin")
def ensure_admin_command(
    url: str = typer.Option("http://127.0.0.1:8000", "--url", help="Where the app is served."),
) -> None:
    """Create the first administrator if none exists (password printed once, or taken from
    MONOTOWN_ADMIN_PASSWORD) and print how to sign in."""
    with open_session():
        pass  # a clear error if the schema is missing
    ensure_first_admin(url)
