"""Checks shared by the registry editors: text fields, codes, constraint errors as 409s."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monotown.errors import ConflictError, InputError

CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
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
