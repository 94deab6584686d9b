"""`monotown import FILE` and `monotown imports list|show|undo`: getting values in, and back out."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.panel import Panel

from monotown.cli.output import (
    OUTPUT_FORMAT_OPTION,
    OneRowFormat,
    OutputFormat,
    attribute_row,
    console,
    emit_rows,
)
from monotown.cli.progress import import_progress
from monotown.cli.session import open_session
from monotown.data import ImportReport as ValuesReport
from monotown.data import (
    batch_detail,
    import_file,
    list_batches,
    load_demo_data,
    load_org_units,
    value_count,
)
from monotown.errors import MonotownError
from monotown.records.imports import ImportReport
from monotown.records.provenance import ImportBatch, current_user, undo_batch

imports_app = typer.Typer(help="List, show and undo import batches.", no_args_is_help=True)
SHOWN_PROBLEMS = 20
BATCH_COLUMNS = (
    "id",
    "kind",
    "status",
    "file_name",
    "format",
    "user",
    "started_at",
    "rows_total",
    "n_new",
    "n_changed",
    "n_unchanged",
    "n_invalid",
    "sha256",
    "source",
    "note",
)
BATCH_TABLE_COLUMNS = (
    "id",
    "kind",
    "status",
    "file_name",
    "user",
    "started_at",
    "n_new",
    "n_changed",
    "n_unchanged",
    "n_invalid",
)


class ImportFormat(StrEnum):
    auto = "auto"
    long = "long"
    wide = "wide"
    dhis2 = "dhis2"


class ImportFlag(StrEnum):
    official = "official"
    estimate = "estimate"


def _refuse(values: ValuesReport, report: ImportReport, errors: Path | None) -> NoReturn:
    """A rejected file: every problem shown (on stderr), then why nothing was written and how to
    go on."""
    for problem in report.problems:
        typer.echo(problem.line(), err=True)
    _more_problems(values, errors)
    read = f"{values.file_name} ({values.format}): {values.rows_total} values read"
    valid = values.rows_total - values.n_invalid
    hints = [f"use --skip-invalid to write the {valid} valid values"] if valid else []
    if any(issue.code == "conflict" for issue in values.issues):
        hints.append("--update to replace the differing stored values")
    raise MonotownError(
        f"{read}; {values.n_issues} problem(s), nothing was written"
        + (f" (fix them, or {' or '.join(hints)})" if hints else "")
    )


def _more_problems(values: ValuesReport, errors: Path | None) -> None:
    more = values.n_issues - len(values.issues)
    if more > 0:
        where = f"all of them are in {errors}" if errors else "use --errors FILE to get all of them"
        typer.echo(f"... and {more} more problem(s); {where}", err=True)


def import_command(
    file: Path = typer.Argument(..., help="CSV, XLSX or DHIS2 JSON/CSV file of values."),
    fmt: ImportFormat = typer.Option(ImportFormat.auto, "--format", help="File layout."),
    sheet: str | None = typer.Option(None, "--sheet", help="Excel sheet (default: the first)."),
    source: str | None = typer.Option(
        None, "--source", help="Source stored on values whose row names none (default: file name)."
    ),
    flag: ImportFlag = typer.Option(
        ImportFlag.official, "--flag", help="Flag of values whose row gives none."
    ),
    skip_invalid: bool = typer.Option(
        False, "--skip-invalid", help="Write the valid values and report the rest."
    ),
    update: bool = typer.Option(
        False, "--update", help="Replace stored values that differ (the old ones are kept)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check only; write nothing."),
    errors: Path | None = typer.Option(
        None,
        "--errors",
        help="Write every problem to this CSV file (file,row,column,value,reason).",
    ),
) -> None:
    """Import indicator values: long or wide CSV/XLSX, or a DHIS2 data value set.

    Every problem is reported with its file, row, column and value. By default nothing is written
    if there is any problem; re-importing the same file changes nothing. The outcome reads as
    `monotown records import values` prints it (the records layer's one report).
    """
    with open_session() as session, import_progress() as progress:
        values = import_file(
            session,
            file,
            format=fmt.value,
            sheet=sheet,
            source=source,
            flag=flag.value,
            skip_invalid=skip_invalid,
            update=update,
            dry_run=dry_run,
            user=current_user(),
            origin="cli",
            errors_path=errors,
            error_limit=SHOWN_PROBLEMS,
            progress=progress,
        )
    report = values.as_records_report()
    if report.status == "rejected":
        _refuse(values, report, errors)
    for line in report.lines():
        typer.echo(line)
    _more_problems(values, errors)
    if report.batch_id is not None:
        typer.echo(f"undo: monotown records undo {report.batch_id}")
    if report.dry_run and report.problems and not skip_invalid:
        raise typer.Exit(1)  # the file as it is would be refused


def _batch_row(batch: ImportBatch) -> dict[str, Any]:
    started_at = batch.started_at.strftime("%Y-%m-%d %H:%M:%S")
    return attribute_row(batch, BATCH_COLUMNS, started_at=started_at)


@imports_app.command("list")
def list_command(
    kind: str | None = typer.Option(
        None, "--kind", help="Only batches of this kind (values, ...)."
    ),
    limit: int = typer.Option(50, "--limit", min=1, help="Show at most this many, newest first."),
    fmt: OutputFormat = OUTPUT_FORMAT_OPTION,
) -> None:
    """List import batches, newest first."""
    with open_session() as session:
        rows = [_batch_row(batch) for batch in list_batches(session, kind=kind, limit=limit)]
    columns = BATCH_TABLE_COLUMNS if fmt is OutputFormat.table else BATCH_COLUMNS
    emit_rows(rows, columns, fmt, title=f"Import batches: {len(rows)}")


@imports_app.command("show")
def show_command(
    batch_id: int = typer.Argument(..., help="Batch number (see 'monotown imports list')."),
    fmt: OneRowFormat = OutputFormat.table,
) -> None:
    """Show a batch: file, SHA-256, user, time, counts, and what it holds now."""
    with open_session() as session:
        detail = batch_detail(session, batch_id)
        row = _batch_row(detail.batch)
    if fmt is OutputFormat.csv:
        row.update(values_stored=detail.values_stored, values_replaced=detail.values_replaced)
        emit_rows([row], [*BATCH_COLUMNS, "values_stored", "values_replaced"], fmt)
        return
    if fmt is OutputFormat.json:
        row.update(
            values_stored=detail.values_stored,
            values_replaced=detail.values_replaced,
            replaced_later_by=detail.replaced_later_by,
            by_indicator=dict(detail.by_indicator),
            by_settlement=dict(detail.by_settlement),
            flags=detail.flags,
        )
        typer.echo(json.dumps(row, ensure_ascii=False, indent=2))
        return
    later = ", ".join(f"batch {b}: {n}" for b, n in detail.replaced_later_by.items()) or "none"
    top = ", ".join(f"{code} {n}" for code, n in detail.by_indicator[:8]) or "-"
    towns = ", ".join(f"{name} {n}" for name, n in detail.by_settlement[:8]) or "-"
    console().print(
        Panel.fit(
            f"[bold]Batch {row['id']}[/bold] ({row['kind']}, {row['status']})\n"
            f"File: {row['file_name'] or '-'} ({row['format'] or '-'})\n"
            f"SHA-256: {row['sha256'] or '-'}\n"
            f"By {row['user']} at {row['started_at']}; source: {row['source'] or '-'}\n"
            f"Read {row['rows_total']}: {row['n_new']} new, {row['n_changed']} changed, "
            f"{row['n_unchanged']} unchanged, {row['n_invalid']} invalid\n"
            f"Values stored now: {detail.values_stored} "
            f"({', '.join(f'{k} {v}' for k, v in detail.flags.items()) or '-'}); "
            f"values it replaced: {detail.values_replaced}; replaced later by: {later}\n"
            f"By indicator: {top}\nBy town: {towns}\n"
            f"Note: {row['note'] or '-'}",
            title=f"Import batch {row['id']}",
        )
    )


@imports_app.command("undo")
def undo_command(
    batch_id: int = typer.Argument(..., help="Batch number to undo."),
) -> None:
    """Undo a batch: remove what it wrote and restore exactly what it replaced."""
    with open_session() as session:
        batch = undo_batch(session, batch_id, user=current_user(), origin="cli")
        note = batch.note or ""
    done = note.rsplit("undo: ", 1)[-1] if "undo: " in note else "done"
    typer.echo(f"batch {batch_id} undone: {done}")


def load_demo_command(
    if_empty: bool = typer.Option(
        False, "--if-empty", help="Load only when no indicator value is stored yet."
    ),
) -> None:
    """Load demo indicator values: synthetic series for every reference town, 2015-2025.

    They are flagged 'synthetic' everywhere; real values imported later replace them. The real
    figures the registry holds (population, enterprise employment share) are stored as such.
    """
    with open_session() as session:
        if if_empty and value_count(session):
            typer.echo("indicator values already stored; nothing to do")
            return
        report = load_demo_data(session, user=current_user())
    typer.echo(report.summary())


def dhis2_org_units_command(
    file: Path = typer.Argument(..., help="CSV with columns settlement,org_unit."),
) -> None:
    """Set the DHIS2 organisation unit code of settlements, for DHIS2 imports and exports."""
    with open_session() as session:
        count = load_org_units(session, file, user=current_user(), origin="cli")
    typer.echo(f"DHIS2 org unit codes set for {count} settlement(s)")
