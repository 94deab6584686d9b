"""Printing rows as a rich table, CSV or JSON: one function every list command uses."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from monotown.records.files import csv_text


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


# The --format option of the commands that print rows, declared once (two helps, as before).
FORMAT_OPTION = typer.Option(OutputFormat.table, "--format", help="table, csv or json.")
OUTPUT_FORMAT_OPTION = typer.Option(OutputFormat.table, "--format", help="Output format.")
# The --format of the commands that show one record (as csv: one row).
OneRowFormat = Annotated[
    OutputFormat, typer.Option("--format", help="table, csv (one row) or json.")
]


def console() -> Console:
    return Console(soft_wrap=False, width=200 if not Console().is_terminal else None)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, list | tuple):
        return ", ".join(_cell(item) for item in value)
    return str(value)


def emit_rows(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    fmt: OutputFormat,
    *,
    title: str | None = None,
    footnote: str | None = None,
) -> None:
    """Print `rows` (dicts) restricted to `columns`, in the chosen format."""
    if fmt is OutputFormat.json:
        payload = [{column: row.get(column) for column in columns} for row in rows]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    if fmt is OutputFormat.csv:
        cells = (
            ["; ".join(map(str, v)) if isinstance(v, list) else v
             for v in (row.get(column) for column in columns)]
            for row in rows
        )  # fmt: skip
        typer.echo(csv_text(columns, cells), nl=False)
        return
    table = Table(title=title, show_lines=False, caption=footnote)
    for column in columns:
        table.add_column(column.replace("_", " "))
    for row in rows:
        table.add_row(*(_cell(row.get(column)) for column in columns))
    console().print(table)


def attribute_row(item: object, columns: Sequence[str], **computed: Any) -> dict[str, Any]:
    """`item`'s attributes named by `columns` as a row for `emit_rows`; `computed` gives the
    columns that are not plain attributes (a formatted time, a derived label)."""
    return {
        column: computed[column] if column in computed else getattr(item, column)
        for column in columns
    }


def frame_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame as the rows `emit_rows` prints: plain dicts, missing values as None."""
    clean = frame.astype(object).where(frame.notna(), None)
    return [{str(k): v for k, v in row.items()} for row in clean.to_dict("records")]
