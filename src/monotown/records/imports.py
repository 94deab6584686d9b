"""`import` for any kind: one report shape, dry run and skipping of invalid rows, the same for all.

A kind that can be imported names its importer (`Kind.importer`): a function that reads one file
(any encoding `records.encodings` accepts) and writes its records in the caller's transaction,
returning an `ImportReport`. `import_records` runs it inside a savepoint, so a refused file, a
failure or a dry run leaves the database exactly as it was. A kind that cannot be imported says why
(`Kind.not_importable`); asking to import it is an input error quoting that reason.

Every importer either reports its row problems (`ImportReport.problems`) or raises `InputError` /
`ImportProblems`; `without_bad_rows` turns the second kind into the first for `--skip-invalid` by
retrying without the rows found bad.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.orm import Session

# One problem type for every import (`errors.Problem`), importable from here with the report.
from monotown.errors import ImportProblems, InputError
from monotown.errors import Problem as Problem
from monotown.records.kinds import Actor, Kind

T = TypeVar("T")
STATUSES = ("committed", "no-op", "dry-run", "rejected")
# Retries of `without_bad_rows` when an importer stops at its first bad row.
MAX_ATTEMPTS = 1000


@dataclass
class ImportReport:
    """What an import of one file found and did, for every kind alike.

    `status`: committed (written as batch `batch_id`), no-op (nothing to change), dry-run
    (checked only, nothing stored) or rejected (refused for its problems, nothing stored).
    `skipped` rows had problems and were left out (only with skip-invalid; otherwise the file
    is refused). `details` keeps what a capability's own report
    adds (counts per entity, the codes created...), so nothing is lost in the one shape.
    """

    kind: str
    file: str
    status: str = "committed"
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    batch_id: int | None = None
    dry_run: bool = False
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        return self.created + self.updated

    def summary(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.skipped:
            text += f", {self.skipped} skipped"
        return text

    def lines(self) -> list[str]:
        """What a person reads: the outcome, then every problem and warning, one line each."""
        if self.status == "dry-run":
            head = f"{self.file}: dry run, nothing stored: would be {self.summary()}"
        elif self.status == "no-op":
            head = f"{self.file}: nothing to change ({self.summary()})"
        else:
            head = f"{self.file}: {self.summary()} as batch {self.batch_id}"
        return [
            f"{self.kind}: {head}",
            *(f"skipped: {problem.line()}" for problem in self.problems),
            *(f"warning: {warning}" for warning in self.warnings),
        ]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["problems"] = [one.answer() for one in self.problems]
        data.update(summary=self.summary(), changed=self.changed)
        if self.batch_id is not None:
            data["undo"] = f"/api/v1/records/batches/{self.batch_id}/undo"
        return data


@dataclass(frozen=True)
class ImportRequest:
    """One file to import: its bytes at `path`, the name errors show, who imports it, and
    whether rows with problems are skipped (True) or refuse the file (False)."""

    path: Path
    file_name: str
    actor: Actor
    skip_invalid: bool = False


Importer = Callable[[Session, ImportRequest], ImportReport]


def importer_of(kind: Kind) -> Importer:
    """The kind's importer, or an InputError saying why the kind cannot be imported."""
    if kind.importer is not None:
        importer: Importer = kind.importer
        return importer
    reason = kind.not_importable or "no importer is declared for it"
    raise InputError(f"records of kind '{kind.key}' cannot be imported from a file: {reason}")


def refusal(problems: Sequence[Problem], file: str) -> InputError:
    """The error refusing a file for its problems: one line naming file, row, field and reason
    (for several, one such line each and a count)."""
    if len(problems) == 1:
        return problems[0].error()
    return ImportProblems([problem.error() for problem in problems], file=file)


def import_records(
    session: Session, kind: Kind, request: ImportRequest, *, dry_run: bool = False
) -> ImportReport:
    """Import one file of `kind` in a savepoint of the caller's transaction.

    With row problems and not `request.skip_invalid` the file is refused (InputError naming
    file, row, field and reason) and nothing is stored; a dry run checks and counts, then rolls
    back.
    """
    importer = importer_of(kind)
    if not request.path.is_file():
        raise InputError("no such file", file=request.file_name)
    savepoint = session.begin_nested()
    try:
        report = importer(session, request)
        if report.problems and not request.skip_invalid:
            raise refusal(report.problems, request.file_name)
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    if dry_run:
        savepoint.rollback()
        session.expire_all()
        report.status, report.batch_id, report.dry_run = "dry-run", None, True
        return report
    savepoint.commit()
    if not report.changed and report.status == "committed" and report.batch_id is None:
        report.status = "no-op"
    return report


def without_bad_rows(
    attempt: Callable[[frozenset[int]], T], *, session: Session, skip_invalid: bool, file: str
) -> tuple[T, list[Problem]]:
    """Run `attempt(excluded_rows)`; with `skip_invalid`, each time it raises for bad rows, run it
    again (in a fresh savepoint) without them. Problems not tied to a data row (the header, the
    whole file) always refuse the file. Returns the result and the problems of the rows left out.
    """
    excluded: set[int] = set()
    problems: list[Problem] = []
    for _ in range(MAX_ATTEMPTS):
        savepoint = session.begin_nested()
        try:
            result = attempt(frozenset(excluded))
        except InputError as error:
            savepoint.rollback()
            found = [Problem.of(one, file) for one in getattr(error, "problems", [error])]
            rows = {problem.row for problem in found}
            if not skip_invalid or None in rows or 1 in rows or rows <= excluded:
                raise refusal(found, file) from None
            excluded |= {row for row in rows if row is not None}
            problems += found
            continue
        savepoint.commit()
        return result, problems
    raise InputError(f"more than {MAX_ATTEMPTS} rows with problems", file=file)
