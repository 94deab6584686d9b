"""What the registry editors share: field checks, lookups, deletes and constraint errors as
4xx, and their audit entries."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from monotown.errors import ConflictError, InputError, NotFoundError
from monotown.records.kinds import Actor
from monotown.records.provenance import audit, current_user

CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
CODE_HINT = "use lower-case letters, digits and '-'"
# The names every place has: English and Russian required, Kazakh where a source gives one.
NAME_LIMITS = {"name_en": (True, 120), "name_ru": (True, 120), "name_kk": (False, 120)}
REGION_CODE_PATTERN = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,12}$")


def text_field(values: Mapping[str, Any], field: str, *, required: bool, limit: int) -> str | None:
    value = values.get(field)
    if value is None:
        if required:
            raise InputError("is required", field=field)
        return None
    # Only spaces go: a leading tab is the user's text and stays (files neutralise it).
    text = str(value).strip(" ")
    if "\x00" in text:
        raise InputError("must not contain NUL characters", field=field)
    if not text:
        if required:
            raise InputError("must not be empty", field=field)
        return None
    if len(text) > limit:
        raise InputError(f"is longer than {limit} characters", field=field)
    return text


def set_texts(row: Any, values: Mapping[str, Any], limits: Mapping[str, tuple[bool, int]]) -> None:
    """Set each text field given in `values` on `row`; `limits` maps a field to (required,
    longest length)."""
    for field, (required, limit) in limits.items():
        if field in values:
            setattr(row, field, text_field(values, field, required=required, limit=limit))


def set_code(
    row: Any,
    values: Mapping[str, Any],
    field: str,
    *,
    limit: int,
    pattern: re.Pattern[str] = CODE_PATTERN,
    hint: str = CODE_HINT,
) -> None:
    """Set the key field (a code) on `row` if it is given: required, and 422 with `hint` when it
    does not match `pattern`."""
    if field in values:
        text = text_field(values, field, required=True, limit=limit) or ""
        if not pattern.match(text):
            raise InputError(hint, field=field, value=text)
        setattr(row, field, text)


def refuse_clash(
    session: Session,
    row: Any,
    fields: tuple[str, ...],
    message: str,
    *,
    within: tuple[str, ...] = (),
) -> None:
    """409 when another record (among those sharing `row`'s `within` columns) already has one of
    `row`'s values of `fields`; `message` names it as '{clash}' (its code), '{field}', '{value}'."""
    model = type(row)
    scope = [getattr(model, column) == getattr(row, column) for column in within]
    for field in fields:
        value = getattr(row, field)
        if value is None:
            continue
        clash = session.scalar(
            select(model.code).where(
                getattr(model, field) == value, *scope, model.id != (row.id or -1)
            )
        )
        if clash:
            raise ConflictError(message.format(clash=clash, field=field, value=value))


def flush_or_conflict(session: Session, what: str) -> None:
    """Flush, turning a constraint the checks above missed into a 409 (the request rolls back)."""
    try:
        session.flush()
    except IntegrityError as error:
        reason = str(error.orig).splitlines()[0] if error.orig else "constraint failed"
        raise ConflictError(f"{what} was not saved: {reason}") from None


def delete_or_conflict(session: Session, statement: Any, what: str) -> None:
    """Run a DELETE that the database may refuse because other records still refer to the row."""
    try:
        session.execute(statement)
    except IntegrityError:
        raise ConflictError(
            f"{what} is still referenced by other records (indicator values, projects, ...); "
            "delete those first"
        ) from None


def changed_parts(
    old: dict[str, Any], new: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, as (old values, new values) for the audit log."""
    keys = [key for key in new if old.get(key) != new[key]]
    return {key: old.get(key) for key in keys}, {key: new[key] for key in keys}


def require(values: Mapping[str, Any], fields: tuple[str, ...]) -> None:
    """A new record must be given these fields (missing or empty: 422 naming the first)."""
    for field in fields:
        if values.get(field) in (None, ""):
            raise InputError("is required", field=field)


def get_by(session: Session, column: InstrumentedAttribute[str], value: str, what: str) -> Any:
    """The one record whose unique `column` is `value`; else 404 'no {what} '{value}''."""
    found = session.scalars(select(column.class_).where(column == value)).one_or_none()
    if found is None:
        raise NotFoundError(f"no {what} '{value}'")
    return found


def delete_row(session: Session, row: Any, what: str) -> None:
    """Delete a loaded row by its id with one DELETE, which the database may refuse (409).

    The row leaves the session first, so no ORM cascade runs: the foreign keys decide.
    """
    model, row_id = type(row), row.id
    session.expunge(row)
    delete_or_conflict(session, delete(model).where(model.id == row_id), what)


def add_audited(
    session: Session,
    row: Any,
    *,
    entity: str,
    key: str,
    new: dict[str, Any],
    user: str | None,
    origin: str,
) -> None:
    """Store a new row and its 'create' audit entry (user: the one running the command)."""
    session.add(row)
    session.flush()
    audit(session, Actor(user or current_user(), origin), "create", entity, key, new=new)


def audit_edit(
    session: Session,
    action: str,
    entity: str,
    key: str,
    *,
    user: str,
    origin: str,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    batch_id: int | None = None,
) -> None:
    """One audit entry for an edit of the registry; an update keeps only the changed fields
    and is not recorded at all when nothing changed."""
    if action == "update" and old is not None and new is not None:
        if old == new:
            return
        old, new = changed_parts(old, new)
    audit(session, Actor(user, origin), action, entity, key, old=old, new=new, batch_id=batch_id)
