"""Reading a kind's CSV file row by row, and importing it through the capability's editor.

A file of records is the kind's own export (or any file with some of its columns): a header, then
one record per row; row numbers are those a spreadsheet shows (the header is row 1). Cells the
export writer guarded against formulas (a leading apostrophe before '=', '+', '-', '@'...) are
read back as they were stored, so an export imports unchanged. Columns the importer does not
write (derived ones, such as a settlement's population) are ignored and named in a warning.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from monotown.errors import ImportProblems, InputError, MonotownError
from monotown.records.deletion import TableLike
from monotown.records.encodings import read_text
from monotown.records.files import FORMULA_STARTS
from monotown.records.import_batches import snapshot_batch
from monotown.records.imports import ImportReport, ImportRequest, Problem, without_bad_rows
from monotown.records.limits import check_columns, check_rows
from monotown.records.provenance import ImportBatch

Cells = dict[str, str]
Loaded = TypeVar("Loaded")


def unguard(text: str) -> str:
    """A cell as stored, without the apostrophe the export writer put before a formula start."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def read_rows(request: ImportRequest) -> tuple[list[str], list[tuple[int, Cells]]]:
    """The header (lower case) and the non-blank rows of a CSV file (',' or ';' separated)."""
    text = read_text(request.path, file=request.file_name).lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    grid = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not grid or not any(cell.strip() for cell in grid[0]):
        raise InputError("the file is empty: the first row must name the columns",
                         file=request.file_name)  # fmt: skip
    check_columns(len(grid[0]), file=request.file_name)
    check_rows(len(grid), file=request.file_name)
    header = [cell.strip().lower() for cell in grid[0]]
    rows = []
    for number, cells in enumerate(grid[1:], start=2):
        if any(cell.strip() for cell in cells):
            padded = [*cells, *([""] * (len(header) - len(cells)))]
            rows.append((number, {name: unguard(padded[i].strip()) for i, name in
                                  enumerate(header) if name}))  # fmt: skip
    return header, rows


def rows_csv(
    header: Sequence[str], rows: Sequence[tuple[int, Cells]], skip: Collection[int]
) -> str:
    """The rows again as CSV text, leaving out the row numbers in `skip` (for importers that read
    a whole file and stop at its first bad row)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for number, cells in rows:
        if number not in skip:
            writer.writerow([cells.get(name, "") for name in header])
    return out.getvalue()


def _on_rows(
    request: ImportRequest,
    skip: frozenset[int],
    load: Callable[[Path], Loaded],
    list_columns: Collection[str],
) -> Loaded:
    """`load` a copy of the file without the rows in `skip`, lists in `list_columns` joined with
    '|' as the loaders read them; its errors name the file and rows as the user sees them."""
    header, rows = read_rows(request)
    for _, cells in rows:
        for name in list_columns:
            if name in cells:
                cells[name] = "|".join(as_list(cells[name], (";", "|")))
    kept = [number for number, _ in rows if number not in skip]

    def moved(error: InputError) -> InputError:
        row = error.row
        if row is not None and 2 <= row < len(kept) + 2:
            row = kept[row - 2]
        return InputError(error.reason, file=request.file_name, row=row, field=error.field,
                          value=error.value)  # fmt: skip

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(request.file_name).name
        path.write_text(rows_csv(header, rows, skip), encoding="utf-8")
        try:
            return load(path)
        except ImportProblems as error:
            raise ImportProblems([moved(one) for one in error.problems],
                                 file=request.file_name) from None  # fmt: skip
        except InputError as error:
            raise moved(error) from None


def whole_file_import(
    session: Session,
    request: ImportRequest,
    *,
    kind: str,
    tables: Sequence[TableLike],
    load: Callable[[Path], Loaded],
    report: Callable[[Loaded], ImportReport],
    counted_by_batch: bool = False,
    list_columns: Collection[str] = (),
) -> ImportReport:
    """Import with a capability's loader that reads a whole file and stops at its first bad row
    (`load(path)`): as an undoable snapshot batch of `tables`, and, skipping invalid rows, again
    without each bad row found. `report` turns the loader's result into the one report shape."""

    def attempt(skip: frozenset[int]) -> tuple[Loaded, int | None]:
        return snapshot_batch(
            session, tables, lambda: _on_rows(request, skip, load, list_columns), kind=kind,
            file_name=request.file_name, actor=request.actor,
        )  # fmt: skip

    (loaded, batch_id), problems = without_bad_rows(
        attempt, session=session, skip_invalid=request.skip_invalid, file=request.file_name
    )
    made = report(loaded)
    batch = session.get(ImportBatch, batch_id) if batch_id is not None else None
    if counted_by_batch:
        made.created = batch.n_new if batch else 0
        made.updated = batch.n_changed if batch else 0
        made.unchanged = made.rows - made.created - made.updated
    made.batch_id, made.problems = batch_id, problems
    made.skipped = len({problem.row for problem in problems})
    return made


@dataclass(frozen=True)
class Editor:
    """How a capability creates and updates one record of a kind from a file's cells.

    `fields` maps each column it writes to the parser of its cell text; `current` gives a stored
    record's fields (None if there is none); `create(session, values, user, origin)` and
    `update(session, key, values, user, origin)` are the capability's own audited writers, which
    raise InputError or ConflictError for a value they refuse. `tables` are those the writes
    touch (parents first), kept in the batch for undo.
    """

    kind: str
    key_column: str
    fields: Mapping[str, Callable[[str], Any]]
    current: Callable[[Session, str], Mapping[str, Any] | None]
    create: Callable[..., Any]
    update: Callable[..., Any]
    tables: tuple[TableLike, ...]


def editor_import(session: Session, request: ImportRequest, editor: Editor) -> ImportReport:
    """Import a file row by row through `editor`, every row in a savepoint of its own; every
    problem is reported with its row (the caller refuses the file unless skipping them)."""
    header, rows = read_rows(request)
    if editor.key_column not in header:
        raise InputError(f"missing required column '{editor.key_column}'",
                         file=request.file_name, row=1)  # fmt: skip
    report = ImportReport(kind=editor.kind, file=request.file_name, rows=len(rows))
    ignored = [name for name in header if name not in editor.fields]
    if ignored:
        report.warnings.append(f"column(s) not imported (derived or unknown): {', '.join(ignored)}")

    def write() -> None:
        for number, cells in rows:
            outcome = _write_row(session, request, editor, cells, number)
            if isinstance(outcome, Problem):
                report.problems.append(outcome)
            else:
                setattr(report, outcome, getattr(report, outcome) + 1)

    _, report.batch_id = snapshot_batch(
        session, editor.tables, write, kind=editor.kind, file_name=request.file_name,
        actor=request.actor,
    )  # fmt: skip
    report.skipped = len({problem.row for problem in report.problems})
    return report


def _write_row(
    session: Session, request: ImportRequest, editor: Editor, cells: Cells, number: int
) -> str | Problem:
    """'created', 'updated' or 'unchanged', or the row's problem (nothing of it stored)."""
    key = cells.get(editor.key_column, "")
    if not key:
        return Problem(request.file_name, number, editor.key_column, "is required", "")
    user, origin = request.actor.user, request.actor.origin
    try:
        with session.begin_nested():
            values = {}
            for name, parse in editor.fields.items():
                if name in cells:
                    try:
                        values[name] = parse(cells[name])
                    except ValueError as error:
                        raise InputError(str(error), field=name, value=cells[name]) from None
            before = editor.current(session, key)
            if before is None:
                editor.create(session, values, user=user, origin=origin)
                return "created"
            editor.update(session, key, values, user=user, origin=origin)
            after = editor.current(session, values.get(editor.key_column, key))
            return "unchanged" if after == before else "updated"
    except InputError as error:
        return Problem(request.file_name, number, error.field, error.reason,
                       None if error.value is None else str(error.value))  # fmt: skip
    except MonotownError as error:  # a clash with a stored record: the row's key names it
        return Problem(request.file_name, number, editor.key_column, error.message, key)


def as_text(cell: str) -> str:
    return cell


def as_boolean(cell: str) -> bool:
    """true/false, yes/no, 1/0 (any case; empty: false)."""
    text = cell.strip().lower()
    if text in ("true", "yes", "1", "y", "t"):
        return True
    if text in ("false", "no", "0", "n", "f", ""):
        return False
    raise ValueError("is not true or false")


def as_list(cell: str, separators: Sequence[str] = (";", "|", ",")) -> list[str]:
    """Items separated as the export writes them ('; '), or by '|' or ','."""
    for separator in separators:
        if separator in cell:
            return [item.strip() for item in cell.split(separator) if item.strip()]
    return [cell.strip()] if cell.strip() else []
