"""`monotown program ...`: import, export and undo of program records, the bundled facts and the
demo records; `register()` adds every program command group to the root app."""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy import select

from monotown.cli.output import OutputFormat, console, emit_rows
from monotown.cli.program_common import FORMAT_OPTION, emit_frame
from monotown.cli.session import open_session
from monotown.program import api, bundled, demo, exporter, importer
from monotown.program.entities import ENTITIES, get_entity
from monotown.program.fields import to_text
from monotown.records.provenance import ImportBatch, current_user, undo_batch

program_app = typer.Typer(
    help="Program records: import, export, undo; bundled facts and demo records.",
    no_args_is_help=True,
)
ENTITY_HELP = f"One of: {', '.join(ENTITIES)}."


def register(app: typer.Typer) -> None:
    """Add the program command groups to the root `monotown` app."""
    from monotown.cli.program_calc import calc_app
    from monotown.cli.program_directives import directives_app
    from monotown.cli.program_plans import plans_app
    from monotown.cli.program_projects import projects_app
    from monotown.cli.program_record_lists import budget_app, contracts_app, works_app, zones_app
    from monotown.cli.program_targets import targets_app

    app.add_typer(program_app, name="program")
    app.add_typer(projects_app, name="projects")
    app.add_typer(budget_app, name="budget")
    app.add_typer(plans_app, name="plans")
    app.add_typer(contracts_app, name="contracts")
    app.add_typer(zones_app, name="zones")
    app.add_typer(works_app, name="works")
    app.add_typer(calc_app, name="calc")
    app.add_typer(directives_app, name="directives")
    app.add_typer(targets_app, name="targets")


@program_app.command("import")
def import_command(
    entity: str = typer.Argument(..., help=ENTITY_HELP),
    file: Path = typer.Argument(..., help="A .csv or .xlsx file with a header row."),
    source: str | None = typer.Option(None, "--source", help="Where the file comes from."),
) -> None:
    """Import records from a file: all rows are checked first; if any is bad nothing is stored."""
    with open_session() as session:
        result = importer.import_file(session, entity, file, source=source)
    total = result.total
    typer.echo(
        f"imported {file.name} as batch {result.batch_id}: {total.rows_total} rows, "
        f"{total.n_new} new, {total.n_changed} changed, {total.n_unchanged} unchanged"
    )


@program_app.command("export")
def export_command(
    entity: str = typer.Argument(..., help=ENTITY_HELP),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="A .csv or .xlsx file (CSV to stdout if omitted)."
    ),
) -> None:
    """Export every record of an entity in the layout `program import` reads."""
    with open_session() as session:
        if output is None:
            spec = get_entity(entity)
            rows = exporter.export_rows(session, spec.name)
            emit_rows(
                [{k: to_text(v) for k, v in row.items()} for row in rows],
                spec.column_names,
                OutputFormat.csv,
            )
            return
        count = exporter.export_file(session, entity, output)
    typer.echo(f"exported {count} {get_entity(entity).name} rows to {output}")


@program_app.command("columns")
def columns_command(
    entity: str = typer.Argument(..., help=ENTITY_HELP),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """The columns an entity's file has: name, whether required, what it holds."""
    spec = get_entity(entity)
    rows = [
        {
            "column": column.name,
            "required": "yes" if column.required else "",
            "key": "yes" if column.name in spec.key else "",
            "meaning": column.help,
        }
        for column in spec.columns
    ]
    emit_rows(rows, ["column", "required", "key", "meaning"], fmt, title=spec.title)


@program_app.command("entities")
def entities_command(fmt: OutputFormat = FORMAT_OPTION) -> None:
    """Every kind of program record that can be imported and exported."""
    rows = [
        {"entity": spec.name, "title": spec.title, "key": ", ".join(spec.key)}
        for spec in ENTITIES.values()
    ]
    emit_rows(rows, ["entity", "title", "key"], fmt, title="Program entities")


@program_app.command("batches")
def batches_command(fmt: OutputFormat = FORMAT_OPTION) -> None:
    """Program imports, newest first, with their counts and whether they were undone."""
    with open_session() as session:
        batches = session.scalars(
            select(ImportBatch)
            .where(ImportBatch.kind == importer.BATCH_KIND)
            .order_by(ImportBatch.id.desc())
        ).all()
        rows = [
            {
                "batch": batch.id,
                "started_at": batch.started_at.isoformat(timespec="seconds"),
                "user": batch.user,
                "file": batch.file_name,
                "note": batch.note,
                "rows": batch.rows_total,
                "new": batch.n_new,
                "changed": batch.n_changed,
                "unchanged": batch.n_unchanged,
                "status": batch.status,
            }
            for batch in batches
        ]
    emit_rows(
        rows,
        [
            "batch",
            "started_at",
            "user",
            "file",
            "note",
            "rows",
            "new",
            "changed",
            "unchanged",
            "status",
        ],
        fmt,
        title=f"Program imports: {len(rows)}",
    )


@program_app.command("undo")
def undo_command(
    batch_id: int = typer.Argument(..., help="Batch number (see 'program batches')."),
) -> None:
    """Undo an import: restore exactly the records as they were before it."""
    with open_session() as session:
        batch = undo_batch(session, batch_id, user=current_user())
        typer.echo(f"undid import batch {batch.id} ({batch.note or batch.file_name})")


@program_app.command("load-facts")
def load_facts_command(
    if_empty: bool = typer.Option(False, "--if-empty", help="Only if no program fact is stored."),
) -> None:
    """Load the bundled real program data: headline facts, plans, targets and directives."""
    with open_session() as session:
        if if_empty and bundled.facts_loaded(session):
            typer.echo("program facts already loaded; nothing to do")
            return
        result = bundled.load_facts(session)
    summary = ", ".join(f"{counts.rows_total} {name}" for name, counts in result.counts.items())
    console().print(f"bundled program data loaded as batch {result.batch_id}: {summary}")


@program_app.command("load-demo")
def load_demo_command(
    if_empty: bool = typer.Option(
        False,
        "--if-empty",
        help="Only if no project or budget line is stored and the demo was never loaded.",
    ),
) -> None:
    """Load the synthetic demo records (flagged synthetic; they add up to the real totals)."""
    with open_session() as session:
        if if_empty and not demo.demo_wanted(session):
            typer.echo("program records present or demo loaded before; nothing to do")
            return
        result = demo.load_demo(session)
    summary = ", ".join(f"{counts.rows_total} {name}" for name, counts in result.counts.items())
    console().print(
        f"synthetic demo records loaded as batch {result.batch_id}: {summary} "
        f"(undo with 'monotown program undo {result.batch_id}')"
    )


@program_app.command("overview")
def overview_command(fmt: OutputFormat = FORMAT_OPTION) -> None:
    """Headline figures: the real aggregate stated at a session next to the sum of records."""
    with open_session() as session:
        frame = api.program_overview(session)
    emit_frame(
        frame,
        list(frame.columns),
        fmt,
        title="Program headline figures: stated facts and sums of stored records",
        table_columns=[
            "figure",
            "unit",
            "fact_value",
            "fact_as_of",
            "records_value",
            "records",
            "basis",
        ],
        footnote="fact_value: real aggregate as stated at the event named (fact_event, "
        "fact_source). records_value: sum of stored records; basis says whether they are "
        "real or synthetic demo records.",
    )


@program_app.command("facts")
def facts_command(
    topic: str | None = typer.Option(None, "--topic", help="e.g. anchor_projects, budget, sme."),
    as_of: str | None = typer.Option(None, "--as-of", help="Year or period, e.g. 2024, 2019-2023."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Headline program figures as stated at government sessions (real aggregates)."""
    with open_session() as session:
        frame = api.headline_facts(session, topic=topic, as_of=as_of)
    columns = [
        "as_of",
        "event",
        "topic",
        "metric",
        "value",
        "unit",
        "scope",
        "note",
        "synthetic",
        "source",
    ]
    emit_frame(
        frame,
        columns,
        fmt,
        title=f"Program facts: {len(frame)}",
        table_columns=["as_of", "topic", "metric", "value", "unit", "scope", "note", "synthetic"],
        footnote="Real figures as stated at the event named; 'note' qualifies them (over, about).",
    )
