"""`monotown standards level|catalog|import|export|load-demo|designate|link`: regional standards."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.panel import Panel

from monotown.cli.output import FORMAT_OPTION, OutputFormat, console, emit_rows
from monotown.cli.session import open_session
from monotown.errors import InputError
from monotown.records.provenance import current_user
from monotown.registry.territory_store import designate, find_unit
from monotown.standards import (
    SufficiencyRule,
    export_catalog,
    import_provision,
    list_standards,
    load_catalog,
    load_demo,
    sufficiency_report,
    trend,
)
from monotown.standards.catalog import COLUMNS as CATALOG_COLUMNS
from monotown.standards.demo import tree_is_empty
from monotown.standards.derive import derive_from_indicators
from monotown.standards.export import level_csv, provision_csv
from monotown.standards.links import link_gap
from monotown.standards.tree_import import load_kato_tree

standards_app = typer.Typer(
    help="Regional standards: the settlement tree, the catalog, provision and sufficiency.",
    no_args_is_help=True,
)

REGION_COLUMNS = ("code", "name_en", "level_pct", "settlements", "stated_pct", "difference_pp")
DISTRICT_COLUMNS = ("key", "name_en", "kind", "level_pct", "settlements")
# The settlement `designate` and `link` record something about, found as `find_unit` finds it.
SettlementKey = Annotated[str, typer.Argument(help="Settlement key, KATO code or name.")]
GAP_COLUMNS = ("settlement_key", "settlement_en", "population", "standard", "area", "links")


def _rule(weighting: str, standard_weights: bool, missing: str) -> SufficiencyRule:
    try:
        return SufficiencyRule(
            weighting=weighting, standard_weights=standard_weights, missing=missing
        )
    except ValueError as error:
        raise InputError(str(error), field="rule") from None


@standards_app.command("level")
def level_command(
    year: int | None = typer.Option(None, "--year", help="Year (default: the latest with data)."),
    weighting: str = typer.Option(
        "settlement", "--weighting", help="Group averages by settlement, population or pooled."
    ),
    standard_weights: bool = typer.Option(
        False, "--standard-weights", help="Weight standards by their catalog weight."
    ),
    missing: str = typer.Option(
        "skip", "--missing", help="Applicable standards with no record: skip or unmet."
    ),
    region: str | None = typer.Option(None, "--region", help="Only this region's districts/gaps."),
    district: str | None = typer.Option(
        None, "--district", help="Only this district or city (its key), for its gaps."
    ),
    gaps: int = typer.Option(20, "--gaps", min=0, help="How many gaps to list."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """National, regional and district sufficiency of one year, and the largest gaps."""
    rule = _rule(weighting, standard_weights, missing)
    with open_session() as session:
        district_id = find_unit(session, district, level=None).id if district else None
        report = sufficiency_report(
            session, year, rule, gaps=gaps, region_code=region, district_id=district_id
        )
        progress = trend(session, rule)
    data = report.to_dict()
    data["trend"] = progress
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    if fmt is OutputFormat.csv:
        typer.echo(level_csv(data), nl=False)
        return
    _print_level(data)


def _print_level(data: dict[str, Any]) -> None:
    stated, target = data["stated"], data["target"]
    national = data["national_pct"]
    flag = "  [bold red]SYNTHETIC demo data[/bold red]" if data["synthetic"] else ""
    lines = [
        f"[bold]National sufficiency {data['year']}: {national:.1f}%[/bold]{flag}"
        if national is not None
        else f"National sufficiency {data['year']}: no applicable records",
        f"Stated: {stated['value_pct']:g}% ({stated['source']})",
        f"Target: {target['value_pct']:g}% by {target['year']}",
        f"Rule: {data['rule_text']}",
        f"Settlements counted: {data['settlements_counted']:,}; records: {data['records_used']:,}",
    ]
    if national is not None:
        lines.insert(
            2,
            f"Computed minus stated: {national - stated['value_pct']:+.1f} pp; "
            f"to target: {target['value_pct'] - national:.1f} pp",
        )
    console().print(Panel.fit("\n".join(lines), title="Regional standards"))
    if data.get("trend"):
        emit_rows(
            data["trend"],
            ("year", "national_pct", "gap_to_target_pp", "progress_pct"),
            OutputFormat.table,
            title="National level by year",
        )
    emit_rows(data["regions"], REGION_COLUMNS, OutputFormat.table, title="Regions")
    emit_rows(
        data["districts"],
        DISTRICT_COLUMNS,
        OutputFormat.table,
        title="Districts and cities (lowest first)",
    )
    emit_rows(
        data["gaps"],
        GAP_COLUMNS,
        OutputFormat.table,
        title=f"Largest gaps ({len(data['gaps'])} of {data['gaps_total']:,}), most people first",
        footnote="synthetic" if data["synthetic"] else None,
    )


@standards_app.command("catalog")
def catalog_command(
    area: str | None = typer.Option(None, "--area", help="Only this area (e.g. transport)."),
    load: Path | None = typer.Option(None, "--load", help="Load an edited catalog CSV first."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """List the catalog of standards (with `--load FILE`, load an edited copy first)."""
    with open_session() as session:
        if load is not None:
            report = load_catalog(session, load, user=current_user(), origin="cli")
            typer.echo(f"catalog loaded from {load}: {report.summary()}", err=True)
        rows = [
            {column: getattr(standard, column) for column in CATALOG_COLUMNS}
            for standard in list_standards(session, area=area)
        ]
    columns = (
        ("code", "area", "name_en", "categories", "measure", "norm", "unit", "is_default")
        if fmt is OutputFormat.table
        else CATALOG_COLUMNS
    )
    emit_rows(
        rows,
        columns,
        fmt,
        title=f"Regional standards: {len(rows)} entries",
        footnote="is_default: an editable default the public sources do not give",
    )


@standards_app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="CSV or XLSX of provision records."),
    sheet: str | None = typer.Option(None, "--sheet", help="Excel sheet (default: the first)."),
    update: bool = typer.Option(False, "--update", help="Replace differing stored records."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check only, write nothing."),
) -> None:
    """Import provision records (all or nothing, as one batch undoable with `imports undo`)."""
    with open_session() as session:
        report = import_provision(
            session,
            file,
            sheet=sheet,
            update=update,
            dry_run=dry_run,
            user=current_user(),
            origin="cli",
        )
    for issue in report.issues:
        typer.echo(issue, err=True)
    if report.status == "rejected":
        typer.echo(f"error: {len(report.issues)} problem(s); nothing was written", err=True)
        raise typer.Exit(1)
    suffix = f" as batch {report.batch_id}" if report.batch_id else ""
    typer.echo(f"{report.status}{suffix}: {report.summary()}")


@standards_app.command("export")
def export_command(
    what: str = typer.Argument("catalog", help="catalog, provision or level."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File (default: stdout)."),
    year: int | None = typer.Option(None, "--year", help="Year (provision, level)."),
) -> None:
    """Export the catalog (loadable again), provision records or the level as CSV."""
    with open_session() as session:
        if what == "catalog":
            text = export_catalog(session)
        elif what == "provision":
            text = provision_csv(session, year)
        elif what == "level":
            data = sufficiency_report(session, year, gaps=1000).to_dict()
            text = level_csv(data)
        else:
            raise InputError("must be catalog, provision or level", field="what", value=what)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}")


@standards_app.command("load-demo")
def load_demo_command(
    if_empty: bool = typer.Option(False, "--if-empty", help="Do nothing if a tree is loaded."),
) -> None:
    """Load the synthetic national tree (~7,000 settlements) and calibrated provision records."""
    with open_session() as session:
        if if_empty and not tree_is_empty(session):
            typer.echo("the settlement tree is already loaded; nothing to do")
            return
        report = load_demo(session, user=current_user(), origin="cli")
    typer.echo(report.summary())


def _date(text: str | None, name: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError("must be a date YYYY-MM-DD", field=name, value=text) from None


@standards_app.command("designate")
def designate_command(
    settlement: SettlementKey,
    satellite_of: str | None = typer.Option(
        None, "--satellite-of", help="Record as a satellite of this support village."
    ),
    date_from: str | None = typer.Option(None, "--from", help="Designated from (YYYY-MM-DD)."),
    date_to: str | None = typer.Option(None, "--to", help="Designated until (YYYY-MM-DD)."),
    source: str | None = typer.Option(None, "--source", help="Decision or publication."),
) -> None:
    """Record a support village (or, with --satellite-of, a satellite of one)."""
    with open_session() as session:
        unit = find_unit(session, settlement)
        support = find_unit(session, satellite_of) if satellite_of else None
        kind = "satellite_village" if support else "support_village"
        designate(
            session,
            unit,
            kind=kind,
            support=support,
            date_from=_date(date_from, "from"),
            date_to=_date(date_to, "to"),
            source=source,
            user=current_user(),
        )
    what = f"satellite of {support.key}" if support else "support village"
    typer.echo(f"{unit.key} ({unit.name_en}) recorded as {what}")


@standards_app.command("link")
def link_command(
    settlement: SettlementKey,
    standard: str = typer.Argument(..., help="Standard code."),
    project: str | None = typer.Option(None, "--project", help="Program project code."),
    budget_line: int | None = typer.Option(None, "--budget-line", help="Budget line id."),
    reference: str | None = typer.Option(None, "--reference", help="Any other reference."),
) -> None:
    """Link a gap to the project or budget line that addresses it."""
    with open_session() as session:
        unit = find_unit(session, settlement)
        link_gap(
            session,
            unit,
            standard,
            project_code=project,
            budget_line_id=budget_line,
            reference=reference,
            user=current_user(),
        )
    typer.echo(f"linked {unit.key} x {standard}")


@standards_app.command("derive")
def derive_command(
    year: int = typer.Option(..., "--year", help="Year of the indicator values."),
) -> None:
    """Derive provision records from indicator values (standards with an indicator_code)."""
    with open_session() as session:
        report = derive_from_indicators(session, year, user=current_user(), origin="cli")
    typer.echo(report.summary())


@standards_app.command("load-tree")
def load_tree_command(
    file: Path = typer.Argument(..., help="CSV or XLSX in the KATO classifier layout."),
    sheet: str | None = typer.Option(None, "--sheet", help="Excel sheet (default: the first)."),
) -> None:
    """Load a real settlement list (KATO codes and names) as the national tree."""
    with open_session() as session:
        report = load_kato_tree(session, file, sheet=sheet, user=current_user(), origin="cli")
        if not report.ok:
            for issue in report.issues:
                typer.echo(issue, err=True)
            typer.echo(f"error: {len(report.issues)} problem(s); nothing was written", err=True)
            raise typer.Exit(1)
    typer.echo(report.summary())
