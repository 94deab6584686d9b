"""`monotown indicators list|show|load`: the indicator catalog."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.panel import Panel
from sqlalchemy import func, select

from monotown.cli.output import (
    OUTPUT_FORMAT_OPTION,
    OneRowFormat,
    OutputFormat,
    console,
    emit_rows,
)
from monotown.cli.session import open_session
from monotown.data import get_indicator, list_indicators, load_catalog
from monotown.data.catalog import FRAME_COLUMNS
from monotown.data.cells import format_number
from monotown.data.models import Indicator, IndicatorValue
from monotown.records.provenance import current_user

indicators_app = typer.Typer(
    help="List and show the indicator catalog, or load an edited catalog file.",
    no_args_is_help=True,
)

TABLE_COLUMNS = ("code", "pillar", "role", "name_en", "unit", "direction", "range")


def _plain(value: Any) -> Any:
    """Whole floats as ints, so 0 and 5000000 print as in the catalog file."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _row(indicator: Indicator) -> dict[str, Any]:
    row = {
        column: _plain(
            getattr(indicator, {"min": "min_value", "max": "max_value"}.get(column, column))
        )
        for column in FRAME_COLUMNS
    }
    low = "" if indicator.min_value is None else format_number(indicator.min_value)
    high = "" if indicator.max_value is None else format_number(indicator.max_value)
    row["range"] = f"{low} .. {high}"
    if indicator.direction == "target" and indicator.target is not None:
        row["direction"] = f"target {indicator.target:g}"
    return row


@indicators_app.command("list")
def list_command(
    pillar: str | None = typer.Option(None, "--pillar", help="Only this pillar (e.g. labour)."),
    fmt: OutputFormat = OUTPUT_FORMAT_OPTION,
) -> None:
    """List catalog entries, code first, in catalog order."""
    with open_session() as session:
        rows = [_row(indicator) for indicator in list_indicators(session, pillar=pillar)]
    if fmt is not OutputFormat.table:
        for row in rows:
            row["direction"] = str(row["direction"]).split(" ")[0]
    emit_rows(
        rows,
        TABLE_COLUMNS if fmt is OutputFormat.table else FRAME_COLUMNS,
        fmt,
        title=f"Indicator catalog{f' ({pillar})' if pillar else ''}: {len(rows)} entries",
        footnote="Role 'context' entries are reference series, not scored.",
    )


@indicators_app.command("show")
def show_command(
    code: str = typer.Argument(..., help="Indicator code (or its DHIS2 code)."),
    fmt: OneRowFormat = OutputFormat.table,
) -> None:
    """Show one catalog entry with its names, range, source and how many values are stored."""
    with open_session() as session:
        indicator = get_indicator(session, code)
        row = _row(indicator)
        stats = session.execute(
            select(
                func.count(),
                func.count(func.distinct(IndicatorValue.settlement_id)),
                func.min(IndicatorValue.year),
                func.max(IndicatorValue.year),
            ).where(IndicatorValue.indicator_id == indicator.id)
        ).one()
        synthetic = session.scalar(
            select(func.count()).where(
                IndicatorValue.indicator_id == indicator.id, IndicatorValue.flag == "synthetic"
            )
        )
    count, towns, first, last = stats
    values = {
        "count": count,
        "towns": towns,
        "first_year": first,
        "last_year": last,
        "synthetic": synthetic,
    }
    if fmt is OutputFormat.csv:
        flat = {**row, "direction": indicator.direction}
        flat.update({f"values_{key}": value for key, value in values.items()})
        emit_rows([flat], [*FRAME_COLUMNS, *(f"values_{key}" for key in values)], fmt)
        return
    if fmt is OutputFormat.json:
        payload = {column: row[column] for column in FRAME_COLUMNS}
        payload["direction"] = indicator.direction
        payload["values"] = values
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    stored = (
        f"{count:,} values for {towns} towns, {first}-{last}"
        + (f" ({synthetic:,} synthetic)" if synthetic else "")
        if count
        else "no values stored"
    )
    console().print(
        Panel.fit(
            f"[bold]{indicator.code}[/bold]  ({indicator.pillar}, {indicator.role})\n"
            f"en: {indicator.name_en}\n"
            f"ru: {indicator.name_ru or '-'}\n"
            f"kk: {indicator.name_kk or '-'}\n"
            f"Unit: {indicator.unit}    Better: {row['direction']}    Range: {row['range']}\n"
            f"Description: {indicator.description or '-'}\n"
            f"Source: {indicator.source or '-'}\n"
            f"DHIS2 code: {indicator.dhis2_code or '-'}\n"
            f"Stored: {stored}",
            title=f"Indicator {indicator.code}",
        )
    )


@indicators_app.command("load")
def load_command(
    file: Path | None = typer.Argument(
        None, help="Catalog CSV (same columns as the bundled one); the bundled file if omitted."
    ),
) -> None:
    """Load (insert or update) catalog entries from a CSV file; stored values are untouched."""
    with open_session() as session:
        report = load_catalog(session, file, user=current_user(), origin="cli")
    typer.echo(f"catalog loaded from {file or 'the bundled file'}: {report.summary()}")
