"""`monotown export`: stored values to CSV, Excel or a DHIS2 data value set."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from monotown.cli.records_filter import Records, records_option, synthetic_filter
from monotown.cli.session import open_session
from monotown.data.export import export_values
from monotown.errors import InputError


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    dhis2_json = "dhis2-json"
    dhis2_csv = "dhis2-csv"


def _split(values: list[str] | None) -> list[str] | None:
    """Accept both `--towns A --towns B` and `--towns A,B`."""
    if not values:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def export_command(
    output: Path = typer.Option(..., "-o", "--output", help="File to write."),
    fmt: ExportFormat = typer.Option(ExportFormat.csv, "--format", help="File format."),
    wide: bool = typer.Option(
        False, "--wide", help="csv/xlsx: one row per town and period, one column per indicator."
    ),
    towns: list[str] | None = typer.Option(
        None, "--towns", help="Towns (codes or names, comma-separated or repeated)."
    ),
    indicators: list[str] | None = typer.Option(
        None, "--indicators", help="Indicator codes (comma-separated or repeated)."
    ),
    year_from: int | None = typer.Option(None, "--from", help="First year."),
    year_to: int | None = typer.Option(None, "--to", help="Last year."),
    records: Records = records_option("values", real="from sources, not synthetic"),
    synthetic: bool | None = typer.Option(
        None, "--synthetic/--no-synthetic", hidden=True, help="Old spelling of --records."
    ),
) -> None:
    """Export stored values. Importing the exported file again changes nothing.

    The long csv/xlsx layout keeps each value's flag, source and note; the wide layout and DHIS2
    formats cannot mark values as synthetic and leave them out.
    """
    if synthetic is not None:
        if records is not Records.all:
            raise InputError("give --records alone (--synthetic/--no-synthetic is its old name)")
        records = Records.all if synthetic else Records.real
    chosen = synthetic_filter(records)
    with open_session() as session:
        report = export_values(
            session,
            output,
            format=fmt.value,
            wide=wide,
            towns=_split(towns),
            indicators=_split(indicators),
            year_from=year_from,
            year_to=year_to,
            include_synthetic=chosen is not False,
            synthetic_only=chosen is True,
        )
    typer.echo(report.summary())
