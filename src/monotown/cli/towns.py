"""`monotown towns list|show|delete`: the registry of monotowns."""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum
from typing import Any

import typer
from rich.panel import Panel
from rich.table import Table

from monotown.cli.output import (
    OUTPUT_FORMAT_OPTION,
    OutputFormat,
    attribute_row,
    console,
    emit_rows,
)
from monotown.cli.session import open_session
from monotown.program import stated_town_count
from monotown.registry import (
    LIST_LABELS,
    TownView,
    count_explanation,
    list_coverage,
    list_towns,
    town_profile,
)

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
    "population_as_of",
    "population_scope",
    "population_source",
    "administration_population",
    "administration_scope",
    "current_list",
    "sectors",
    "lists",
    "exited",
    "unknown_lists",
    "latitude",
    "longitude",
)
TABLE_COLUMNS = (
    "name_en",
    "name_ru",
    "region",
    "population",
    "population_as_of",
    "population_scope",
    "current_list",
    "sectors",
)


class ListChoice(StrEnum):
    current = "current"
    program_2012 = "2012"


def _row(town: TownView) -> dict[str, Any]:
    return attribute_row(
        town, LIST_COLUMNS, region=town.region_en, current_list=town.membership("current")
    )


@towns_app.command("list")
def list_command(
    region: str | None = typer.Option(None, "--region", help="Region name (any language) or code."),
    list_code: ListChoice | None = typer.Option(
        None, "--list", help="Only towns on this list: current, or 2012 (the 2012-2020 program)."
    ),
    fmt: OutputFormat = OUTPUT_FORMAT_OPTION,
) -> None:
    """List monotowns, every town of the 2012 and the current list unless filtered."""
    with open_session() as session:
        towns = list_towns(session, region=region, list_code=list_code.value if list_code else None)
        coverage = list_coverage(list_towns(session, region=region))
        stated = stated_town_count(session)
    label = LIST_LABELS.get(list_code.value, "") if list_code else "all lists"
    explanation = count_explanation(coverage, *(stated or (None, None)))
    emit_rows(
        [_row(town) for town in towns],
        LIST_COLUMNS if fmt is not OutputFormat.table else TABLE_COLUMNS,
        fmt,
        title=f"Monotowns ({label}): {len(towns)}",
        footnote=(
            "Empty cells are unknown. Population: the latest figure for the city proper "
            "(see `towns show` for census history, administration figures and sources). "
            "current_list: yes / no (left or not on it) / unknown (no source says). "
            f"Current list: {explanation}"
        ),
    )


@towns_app.command("show")
def show_command(
    name: str = typer.Argument(..., help="Town name in English, Russian or Kazakh, or its code."),
    fmt: OutputFormat = typer.Option(
        OutputFormat.table,
        "--format",
        help="table, csv (the town's row, as `towns list` has it) or json (the whole profile).",
    ),
) -> None:
    """Show a town's profile: region, population, enterprises with shares, status history."""
    with open_session() as session:
        town = town_profile(session, name)
    if fmt is OutputFormat.csv:
        emit_rows([_row(town)], LIST_COLUMNS, fmt)
        return
    if fmt is OutputFormat.json:
        data = {**asdict(town), "current_list": town.membership("current")}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    out = console()
    population = "unknown"
    if town.population is not None:
        approx = "about " if town.population_approximate else ""
        when = f", {town.population_as_of}" if town.population_as_of else ", date unknown"
        population = f"{approx}{town.population:,} ({town.population_scope}{when})"
        if town.administration_population is not None:
            population += (
                f"; {town.administration_scope}: {town.administration_population:,}"
                f" ({town.administration_as_of or 'date unknown'})"
            )
    coordinates = (
        f"{town.latitude:.4f}, {town.longitude:.4f}" if town.latitude is not None else "unknown"
    )
    out.print(
        Panel.fit(
            f"[bold]{town.name_en}[/bold] / {town.name_ru} / {town.name_kk or '-'}\n"
            f"Region: {town.region_en} ({town.region_code})\n"
            f"Kind: {town.kind}    Coordinates: {coordinates}\n"
            f"Population: {population}\n"
            f"Population source: {town.population_source or 'unknown'}\n"
            f"Current list: {town.membership('current')}\n"
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
    for column in ("list", "on it", "from", "to", "reason", "source", "note"):
        history.add_column(column)
    for status in town.statuses:
        history.add_row(
            status.list_label,
            MEMBERSHIP_TEXT[status.membership],
            status.date_from or "?",
            status.date_to or ("(still on it)" if status.membership == "member" else ""),
            status.reason or "",
            status.source or "",
            status.note or "",
        )
    out.print(history)
    _print_populations(town)
    _print_figures(town)
    if town.note:
        out.print(f"[dim]Note: {town.note}[/dim]")


MEMBERSHIP_TEXT = {"member": "yes", "not_member": "no", "unknown": "unknown"}


def _print_populations(town: TownView) -> None:
    table = Table(title="Population figures (every source; conflicting ones kept)")
    for column in ("as of", "kind", "scope", "population", "source", "note"):
        table.add_column(column)
    for figure in town.populations:
        table.add_row(
            figure.as_of or "date unknown",
            figure.kind,
            figure.scope,
            figure.text(),
            figure.source or "",
            figure.note or "",
        )
    console().print(table)


def _print_figures(town: TownView) -> None:
    if not town.figures:
        return
    table = Table(title="Town figures reported by the press")
    for column in ("metric", "period", "value", "unit", "source"):
        table.add_column(column)
    for figure in town.figures:
        table.add_row(
            figure.metric, figure.period, figure.value_text, figure.unit or "", figure.source or ""
        )
    console().print(table)


def _share(value: float | None, approximate: bool) -> str:
    if value is None:
        return "unknown"
    return f"{'~' if approximate else ''}{value:g}"


@towns_app.command("delete")
def delete(
    code: str = typer.Argument(..., help="The settlement's code."),
    with_values: bool = typer.Option(
        False,
        "--with-values",
        help="Also delete its indicator values and its own records "
        "(population, list status, figures, town-forming links), as a batch that undo puts back "
        "with the settlement.",
    ),
) -> None:
    """Delete a settlement; one with indicator values or records of its own only with
    --with-values."""
    from monotown.data.settlement_values import delete_settlement
    from monotown.records.provenance import current_user

    with open_session() as session:
        batch_id = delete_settlement(
            session, code, user=current_user(), origin="cli", with_values=with_values
        )
    if batch_id:
        typer.echo(
            f"deleted settlement '{code}' with its values and records as batch {batch_id} "
            f"('monotown imports undo {batch_id}' puts both back)"
        )
    else:
        typer.echo(f"deleted settlement '{code}'")
