"""`monotown records ...` and each kind's `export`/`delete` commands, built from the kinds table.

`records kinds` prints the table; `records list KIND` lists with the records layer's filter
vocabulary (`--where column__operator=value`, repeatable), `-q`, `--sort`, `--records`, keyset
pages (`--size`, `--after`); `records export KIND -o FILE` writes CSV (UTF-8 with BOM), XLSX or
JSON through the one guarded writer; `records delete KIND KEY` deletes as an undoable batch and
`records undo BATCH` restores it; `records import KIND FILE [--dry-run] [--skip-invalid]`
creates or updates records from a file (a kind's export reads back) as one undoable batch.
`add_kind_commands` gives every kind's own group (`monotown projects`, `monotown regions`...) the
same `export` and `delete` commands.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from monotown import catalog
from monotown.cli.output import OutputFormat, emit_rows
from monotown.cli.session import open_session
from monotown.data.values_listing import records_page, records_query, stream_values
from monotown.errors import InputError
from monotown.records.export import FORMATS, export_chunks, within_xlsx_rows
from monotown.records.imports import ImportRequest, import_records
from monotown.records.kinds import Actor, Kind, Row
from monotown.records.provenance import current_user
from monotown.records.query import (
    MAX_PAGE,
    Page,
    list_rows,
    page_rows,
    parse_filters,
    records_filters,
)

records_app = typer.Typer(
    help="Every kind of record: list, export, delete and undo, the same way for each.",
    no_args_is_help=True,
)
KIND_ARGUMENT = typer.Argument(..., help="A kind of record (see 'monotown records kinds').")
WHERE_OPTION = typer.Option(
    None, "--where", "-w", help="column__operator=value (repeatable), e.g. population__gt=50000."
)
RECORDS_OPTION = typer.Option("all", "--records", help="all, real (from sources) or synthetic.")
SORT_OPTION = typer.Option(None, "--sort", help="A sort key, '-' first for descending.")
QUERY_OPTION = typer.Option(None, "-q", "--query", help="Text in the kind's search columns.")


def _where(values: list[str] | None) -> dict[str, str]:
    given: dict[str, str] = {}
    for item in values or []:
        name, sign, value = item.partition("=")
        if not sign or not name.strip():
            raise InputError("is not column__operator=value", field="--where", value=item)
        given[name.strip()] = value.strip()
    return given


@dataclass(frozen=True)
class Selection:
    """What a list or export's options select: `--where`, `--records`, `-q`, `--sort`."""

    where: list[str] | None
    records: str
    q: str | None
    sort: str | None

    def params(self) -> list[tuple[str, str]]:
        """The options as a records listing's parameters (the API's query string)."""
        given = [*_where(self.where).items(), ("records", self.records), ("q", self.q or "")]
        return [*given, ("sort", self.sort or "")]


def select_rows(kind: Kind, chosen: Selection) -> list[Row]:
    """The rows the options select, in order (the same `list` verb the API runs)."""
    filters = parse_filters(kind, _where(chosen.where)) + records_filters(kind, chosen.records)
    with open_session() as session:
        rows = kind.rows(session)
    return list_rows(kind, rows, filters=filters, q=chosen.q, sort=chosen.sort)


def export_kind(kind: Kind, chosen: Selection, fmt: str, output: Path | None) -> None:
    """Every selected record through the guarded writer. A kind served in SQL (the values,
    millions of them) streams from the database page by page, filtered and sorted there."""
    if kind.served_at is None:
        write_export(kind, select_rows(kind, chosen), fmt, output)
        return
    query = records_query(chosen.params())
    with open_session() as session:
        write_export(kind, stream_values(session, query), fmt, output)


def write_export(kind: Kind, rows: Iterable[Row], fmt: str, output: Path | None) -> None:
    """Write rows to a file, or CSV/JSON to stdout, through the guarded writer, one row at a
    time."""
    if fmt not in FORMATS:
        raise InputError(f"must be one of {', '.join(FORMATS)}", field="--format", value=fmt)
    if output is None and fmt == "xlsx":
        raise InputError("an XLSX file needs -o FILE", field="--output")
    written = [0]
    if fmt == "xlsx":
        rows = within_xlsx_rows(rows, field="--format")
    chunks = export_chunks(_counted(rows, written), kind.column_names, fmt, title=kind.key)
    if output is None:
        for chunk in chunks:
            sys.stdout.buffer.write(chunk)
        sys.stdout.flush()
        return
    _write_whole(chunks, output)
    typer.echo(f"wrote {written[0]} {kind.key} to {output}", err=True)


def _write_whole(chunks: Iterable[bytes], output: Path) -> None:
    """Write to a file beside `output` and put it in place once complete: an export refused or
    broken off half-way leaves no partial file (and an older file at `output` as it was). A
    device or pipe (`-o /dev/stdout`) is written to as it is."""
    if output.exists() and not output.is_file():
        with output.open("wb") as handle:
            handle.writelines(chunks)
        return
    partial = output.with_name(f".{output.name}.partial")
    try:
        with partial.open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)


def _counted(rows: Iterable[Row], written: list[int]) -> Iterator[Row]:
    for row in rows:
        written[0] += 1
        yield row


def list_page(kind: Kind, chosen: Selection, size: int, after: str | None) -> Page:
    """One page of the selected records; a kind served in SQL is paged there (keyset)."""
    if kind.served_at is None:
        return page_rows(kind, select_rows(kind, chosen), after=after, size=size)
    query = records_query(chosen.params())
    with open_session() as session:
        found = records_page(session, query, size, after)
    return Page(found["items"], found["total"], found["next"])


def delete_one(kind: Kind, key: str, force: bool) -> None:
    if kind.delete is None:
        raise InputError(f"{kind.key} records cannot be deleted", field="kind")
    with open_session() as session:
        batch_id = kind.delete(session, key, Actor(current_user(), "cli"), force)
    typer.echo(
        f"deleted {kind.key} '{key}' as batch {batch_id} (undo: monotown records undo {batch_id})"
    )


@records_app.command("kinds")
def kinds_command(fmt: OutputFormat = typer.Option(OutputFormat.table, "--format")) -> None:
    """Every kind of record: its key, capability, key column and columns."""
    rows: list[dict[str, Any]] = [
        {
            "kind": kind.key, "title": kind.title, "capability": kind.capability,
            "key": kind.key_column, "columns": list(kind.column_names),
            "region": kind.region_column, "synthetic": kind.synthetic_column,
            "deletable": kind.delete is not None, "importable": kind.importer is not None,
            "not_importable": kind.not_importable,
        }
        for kind in catalog.kinds()
    ]  # fmt: skip
    columns = ["kind", "title", "capability", "key", "region", "synthetic", "deletable"]
    more = [] if fmt is OutputFormat.table else ["not_importable", "columns"]
    emit_rows(rows, [*columns, "importable", *more], fmt)


@records_app.command("list")
def list_command(
    kind_key: str = KIND_ARGUMENT,
    where: list[str] | None = WHERE_OPTION,
    q: str | None = QUERY_OPTION,
    sort: str | None = SORT_OPTION,
    records: str = RECORDS_OPTION,
    size: int = typer.Option(50, "--size", min=1, max=MAX_PAGE, help="Rows per page."),
    after: str | None = typer.Option(None, "--after", help="The cursor a page ended with."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, csv or json."),
) -> None:
    """One page of a kind's records; the next page's cursor is printed last (on stderr)."""
    kind = catalog.kind(kind_key)
    page = list_page(kind, Selection(where, records, q, sort), after=after, size=size)
    columns = list(kind.column_names)
    if fmt is OutputFormat.csv:
        write_export(kind, page.items, "csv", None)
    else:
        emit_rows(page.items, columns, fmt, title=f"{kind.title}: {page.total}")
    if page.next_after:
        typer.echo(f"next page: --after {page.next_after}", err=True)


@records_app.command("export")
def export_command(
    kind_key: str = KIND_ARGUMENT,
    output: Path | None = typer.Option(None, "-o", "--output", help="File (stdout if omitted)."),
    fmt: str = typer.Option("csv", "--format", help="csv (UTF-8 with BOM), xlsx or json."),
    where: list[str] | None = WHERE_OPTION,
    q: str | None = QUERY_OPTION,
    sort: str | None = SORT_OPTION,
    records: str = RECORDS_OPTION,
) -> None:
    """Every matching record, formula-like text neutralised as in the web's exports."""
    export_kind(catalog.kind(kind_key), Selection(where, records, q, sort), fmt, output)


@records_app.command("delete")
def delete_command(
    kind_key: str = KIND_ARGUMENT,
    key: str = typer.Argument(..., help="The record's key (see its key column)."),
    force: bool = typer.Option(False, "--force", help="Also delete what depends on it."),
) -> None:
    """Delete one record as a batch that `monotown records undo` restores exactly."""
    delete_one(catalog.kind(kind_key), key, force)


@records_app.command("import")
def import_command(
    kind_key: str = KIND_ARGUMENT,
    file: Path = typer.Argument(..., help="A CSV file (XLSX too for values and program kinds)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check and count only; store nothing."),
    skip_invalid: bool = typer.Option(
        False, "--skip-invalid", help="Import the good rows and report the bad ones."
    ),
) -> None:
    """Create or update records of a kind from a file, as one undoable batch. A row with a
    problem refuses the whole file (nothing stored) unless --skip-invalid."""
    kind = catalog.kind(kind_key)
    request = ImportRequest(file, str(file), Actor(current_user(), "cli"), skip_invalid)
    with open_session() as session:
        report = import_records(session, kind, request, dry_run=dry_run)
    for line in report.lines():
        typer.echo(line)
    if report.batch_id is not None:
        typer.echo(f"undo: monotown records undo {report.batch_id}")


@records_app.command("undo")
def undo_command(batch_id: int = typer.Argument(..., help="A batch number.")) -> None:
    """Undo any batch: an import, an edit or a deletion."""
    with open_session() as session:
        batch = catalog.undo(session, batch_id, user=current_user())
    typer.echo(f"undid batch {batch.id} ({batch.kind}): {batch.note or ''}".rstrip(": "))


def add_kind_commands(group: typer.Typer, kind: Kind) -> None:
    """Give a kind's own command group `export` and (where it has none) `delete`."""
    names = {command.name for command in group.registered_commands}

    def export(
        output: Path | None = typer.Option(
            None, "-o", "--output", help="File (stdout if omitted)."
        ),
        fmt: str = typer.Option("csv", "--format", help="csv (UTF-8 with BOM), xlsx or json."),
        where: list[str] | None = WHERE_OPTION,
        q: str | None = QUERY_OPTION,
        records: str = RECORDS_OPTION,
    ) -> None:
        export_kind(kind, Selection(where, records, q, None), fmt, output)

    export.__doc__ = f"Export {kind.title.lower()} (CSV with BOM, XLSX or JSON), cells guarded."
    if "export" not in names:
        group.command("export")(export)
    if kind.delete is not None and "delete" not in names:

        def delete(
            key: str = typer.Argument(..., help=f"Its {kind.key_column}."),
            force: bool = typer.Option(False, "--force", help="Also what depends on it."),
        ) -> None:
            delete_one(kind, key, force)

        delete.__doc__ = f"Delete one of the {kind.title.lower()} (undo: monotown records undo)."
        group.command("delete")(delete)


def kind_group(kind: Kind) -> typer.Typer:
    """A command group for a kind that has none of its own: list, export, delete."""
    group = typer.Typer(help=f"{kind.title}: {kind.description}", no_args_is_help=True)

    def list_kind(
        where: list[str] | None = WHERE_OPTION,
        q: str | None = QUERY_OPTION,
        sort: str | None = SORT_OPTION,
        records: str = RECORDS_OPTION,
        fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, csv, json."),
    ) -> None:
        rows = select_rows(kind, Selection(where, records, q, sort))
        if fmt is OutputFormat.csv:
            write_export(kind, rows, "csv", None)
            return
        emit_rows(rows, list(kind.column_names), fmt, title=f"{kind.title}: {len(rows)}")

    list_kind.__doc__ = f"List {kind.title.lower()}."
    group.command("list")(list_kind)
    add_kind_commands(group, kind)
    return group
