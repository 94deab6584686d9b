"""User-facing errors: raised anywhere in the package, rendered once by the CLI and the web layer.

Every message is one line a user can act on; no traceback is ever shown for these.
"""

from __future__ import annotations


class MonotownError(Exception):
    """Base of every error a user can cause and fix."""

    exit_code = 1
    http_status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(MonotownError):
    """A named thing (town, indicator, batch, run) does not exist."""

    http_status = 404


class InputError(MonotownError):
    """A file or argument is malformed: names the file, row, field and reason."""

    http_status = 422

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
        value: object | None = None,
    ) -> None:
        self.reason = reason
        self.file = file
        self.row = row
        self.field = field
        self.value = value
        super().__init__(format_location(reason, file=file, row=row, field=field, value=value))


class ConflictError(MonotownError):
    """The request contradicts what is stored (duplicate, constraint, stale state)."""

    http_status = 409


class DatabaseNotReadyError(MonotownError):
    """The database has no schema yet or is on an older migration."""

    http_status = 503


def format_location(
    reason: str,
    *,
    file: str | None = None,
    row: int | None = None,
    field: str | None = None,
    value: object | None = None,
) -> str:
    """Render `file:row: field 'value': reason`, leaving out the parts that are unknown."""
    where = ""
    if file:
        where = file
    if row is not None:
        where = f"{where}:{row}" if where else f"row {row}"
    parts = [where] if where else []
    if field:
        subject = f"field '{field}'"
        if value is not None:
            subject += f" value {value!r}"
        parts.append(subject)
    parts.append(reason)
    return ": ".join(parts)
