"""User-facing errors: raised anywhere in the package, rendered once by the CLI and the web layer.

Every message is one line a user can act on; no traceback is ever shown for these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypedDict, TypeVar, Unpack

# An import refused for many problems lists this many, then counts the rest.
MAX_PROBLEMS_SHOWN = 50


class Where(TypedDict, total=False):
    """Where in the input a problem is: the one vocabulary of `InputError` and `format_location`
    (each part may be left out or None)."""

    file: str | None
    row: int | None
    field: str | None
    value: object | None


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

    def __init__(self, reason: str, **where: Unpack[Where]) -> None:
        self.reason = reason
        self.file = where.get("file")
        self.row = where.get("row")
        self.field = where.get("field")
        self.value = where.get("value")
        super().__init__(format_location(reason, **where))


class ConflictError(MonotownError):
    """The request contradicts what is stored (duplicate, constraint, stale state)."""

    http_status = 409


class ConcurrentImportError(ConflictError):
    """Another import wrote some of the same values between our checks and our write."""

    def __init__(self) -> None:
        super().__init__(
            "another import wrote some of the same values at the same time; "
            "nothing was written, run the import again"
        )


class DatabaseNotReadyError(MonotownError):
    """The database has no schema yet or is on an older migration."""

    http_status = 503


class TooLargeError(InputError):
    """The body, file or one of its parts is larger than the configured limit."""

    http_status = 413


class BodyTooLargeError(TooLargeError):
    """A request body grew past the limit while it was read (no Content-Length told us first)."""


class ImportProblems(InputError):
    """Every problem of a file, one line each (file:row: field 'f' value 'v': reason)."""

    def __init__(self, problems: Sequence[InputError], *, file: str) -> None:
        first = problems[0]
        super().__init__(first.reason, file=first.file, row=first.row, field=first.field)
        self.problems = list(problems)
        lines = [problem.message for problem in problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            lines.append(f"... and {len(problems) - MAX_PROBLEMS_SHOWN} more problems")
        rows = {problem.row for problem in problems if problem.row is not None}
        lines.append(
            f"{file}: {len(problems)} problem(s) in {len(rows)} row(s); nothing was imported"
        )
        self.message = "\n".join(lines)


class NothingToPropose(MonotownError):
    """A text is readable but states neither an instruction nor a figure."""

    exit_code = 3


class NotAuthenticatedError(MonotownError):
    """No valid session or token: sign in first."""

    http_status = 401


class PermissionDeniedError(MonotownError):
    """Signed in, but the role (or the region) does not allow this."""

    http_status = 403


class CsrfError(MonotownError):
    """A form or a cookie-authenticated call came without the page's CSRF token."""

    http_status = 403


class TooManyAttemptsError(MonotownError):
    """A password check refused because of recent failures; try again after `retry_after`
    seconds."""

    http_status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def format_location(reason: str, **where: Unpack[Where]) -> str:
    """Render `file:row: field 'value': reason`, leaving out the parts that are unknown."""
    file, row, field = where.get("file"), where.get("row"), where.get("field")
    place = file or ""
    if row is not None:
        place = f"{place}:{row}" if place else f"row {row}"
    parts = [place] if place else []
    if field:
        subject = f"field '{field}'"
        if (value := where.get("value")) is not None:
            subject += f" value {value!r}"
        parts.append(subject)
    parts.append(reason)
    return ": ".join(parts)


@dataclass(frozen=True)
class Problem:
    """One problem of one row or cell of an imported file (row None: the whole file), as every
    import reports it; `code` says what kind (a values import's `conflict`, `out_of_range`...)."""

    file: str
    row: int | None
    field: str | None
    reason: str
    value: str | None = None
    code: str = "invalid"

    @classmethod
    def of(cls, error: InputError, file: str) -> Problem:
        value = None if error.value is None else str(error.value)
        return cls(error.file or file, error.row, error.field, error.reason, value)

    @property
    def column(self) -> str | None:
        """The field, as a values file's problems name it (a column of the file)."""
        return self.field

    def line(self) -> str:
        """`file:row: field 'f' value 'v': reason`, one line."""
        return format_location(
            self.reason, file=self.file, row=self.row, field=self.field, value=self.value
        )

    __str__ = line

    def error(self) -> InputError:
        return InputError(
            self.reason, file=self.file, row=self.row, field=self.field, value=self.value
        )

    def answer(self) -> dict[str, Any]:
        """What an import's answer lists for it: its parts and its `line`."""
        return {"file": self.file, "row": self.row, "field": self.field, "reason": self.reason,
                "value": self.value, "line": self.line()}  # fmt: skip

    def coded(self) -> dict[str, Any]:
        """What a values import's answer lists for it (`issues`): by column, with its code."""
        return {"file": self.file, "row": self.row, "column": self.field, "value": self.value,
                "reason": self.reason, "code": self.code}  # fmt: skip


class StoredJobError(MonotownError):
    """A failure another server process recorded for a page import: its message and status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.http_status = status


Found = TypeVar("Found")


def or_not_found(thing: Found | None, message: str) -> Found:
    """What a look-up found, or NotFoundError(message) when it found nothing (None): the one
    shape of every "get X by its key" that a user's wrong key makes a 404 or an exit 1."""
    if thing is None:
        raise NotFoundError(message)
    return thing


def did_you_mean(suggestion: str | None) -> str:
    """` (did you mean 'x'?)`, to follow the name nothing matched; "" when nothing was close."""
    return f" (did you mean '{suggestion}'?)" if suggestion else ""
