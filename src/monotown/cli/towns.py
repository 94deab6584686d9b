"""`monotown towns list|show|delete`: the registry of monotowns."""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum
from typing import Any

import typer
from rich.panel import Panel
from rich.table import Table

from monotown.cli.output import OutputFormat, console, emit_rows
from monotown.cli.session import open_session
from monotown.registry import LIST_LABELS, TownView, list_towns, town_profile

towns_app = typer.Typer(
    help="List monotowns, show a town's profile, delete a settlement.", no_args_is_help=True
)

LIST_COLUMNS = (
    "code",
    "name_en",
    "name_ru",
    "name_kk",
    "region",
    "population",
    "population_year",
    "sectors",
    "lists",
    "exited",
    "latitude",
    "longitude",
)


class ListChoice(StrEnum):
    current = "current"
    program_2012 = "2012"


def _row(town: TownView) -> dict[str, Any]:
    return {
        "code": town.code,
        "name_en": town.name_en,
        "name_ru": town.name_ru,
        "name_kk": town.name_kk,
        "region": town.region_en,
        "population": town.population,
        "population_year": town.population_year,
        "sectors": town.sectors,
        "lists": town.lists,
        "exited": town.exited,
        "latitude": town.latitude,
        "longitude": town.longitude,
    }


@towns_app.command("list")
def list_command(
    region: str | None = typer.Option(None, "--region", help="Region name (any language) or code."),
    list_code: ListChoice | None = typer.Option(
        None, "--list", help="Only towns on this list: current, or 2012 (the 2012-2020 program)."
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="Output format."),
) -> None:
    """List monotowns, every town of the 2012 and the current list unless filtered."""
    with open_session() as session:
        towns = list_towns(session, region=region, list_code=list_code.value if list_code else None)
    label = LIST_LABELS.get(list_code.value, "") if list_code else "all lists"
    emit_rows(
        [_row(town) for town in towns],
        LIST_COLUMNS
        if fmt is not OutputFormat.table
        else ("name_en", "name_ru", "region", "population", "sectors", "lists", "exited"),
        fmt,
        title=f"Monotowns ({label}): {len(towns)}",
        footnote="Empty cells are unknown. 'exited': lists the town has left.",
    )


@towns_app.command("show")
def show_command(
    name: str = typer.Argument(..., help="Town name in English, Russian or Kazakh, or its code."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table or json."),
) -> None:
    """Show a town's profile: region, population, enterprises with shares, status history."""
    with open_session() as session:
        town = town_profile(session, name)
    if fmt is not OutputFormat.table:
        typer.echo(json.dumps(asdict(town), ensure_ascii=False, indent=2, default=str))
        return
    out = console()
    population = "unknown"
    if town.population is not None:
        approx = "about " if town.population_approximate else ""
        year = f" ({town.population_year})" if town.population_year else " (year unknown)"
        population = f"{approx}{town.population:,}{year}"
    coordinates = (
        f"{town.latitude:.4f}, {town.longitude:.4f}" if town.latitude is not None else "unknown"
    )
    out.print(
        Panel.fit(
            f"[bold]{town.name_en}[/bold] / {town.name_ru} / {town.name_kk or '-'}\n"
            f"Region: {town.region_en} ({town.region_code})\n"
            f"Kind: {town.kind}    Coordinates: {coordinates}\n"
            f"Population: {population}\n"
            f"Source: {town.source or 'unknown'}",
            title=f"Town profile: {town.name_en}",
        )
    )
    enterprises = Table(title="Town-forming enterprises")
    for column in (
        "enterprise",
        "sector",
        "owner/group",
        "year",
        "employment %",
        "output %",
        "note",
    ):
        enterprises.add_column(column)
    for company in town.enterprises:
        enterprises.add_row(
            company.enterprise,
            f"{company.sector or ''} ({company.sector_code or '-'})",
            company.owner_group or "",
            str(company.year or ""),
            _share(company.employment_share_pct, company.approximate),
            _share(company.output_share_pct, company.approximate),
            company.note or "",
        )
    if not town.enterprises:
        enterprises.add_row("unknown", "", "", "", "", "", "")
    out.print(enterprises)
    history = Table(title="Monotown status history")
    for column in ("list", "from", "to", "reason", "note"):
        history.add_column(column)
    for status in town.statuses:
        history.add_row(
            status.list_label,
            status.date_from or "?",
            status.date_to or "(still on it)",
            status.reason or "",
            status.note or "",
        )
    out.print(history)
    if town.note:
        out.print(f"[dim]Note: {town.note}[/dim]")


def _share(value: float | None, approximate: bool) -> str:
    if value is None:
        return "unknown"
    return f"{'~' if approximate else ''}{value:g}"


@towns_app.command("delete")
def delete(
    code: str = typer.Argument(..., help="The settlement's code."),
    with_values: bool = typer.Option(
        False, "--with-values", help="Also delete its indicator values (as a batch that undo "
        "puts back, with the settlement)."
    ),
) -> None:
    """Delete a settlement; one with indicator values only with --with-values."""
    from monotown.data.provenance import current_user
    from monotown.registry.editing import delete_settlement

    with open_session() as session:
        batch_id = delete_settlement(
            session, code, user=current_user(), origin="cli", with_values=with_values
        )
    if batch_id:
        typer.echo(
            f"deleted settlement '{code}' and its values as batch {batch_id} "
            f"('monotown imports undo {batch_id}' puts both back)"
        )
    else:
        typer.echo(f"deleted settlement '{code}'")
