"""`monotown contracts|zones|works list|summary`: contracts, industrial zones and infrastructure."""

from __future__ import annotations

import typer

from monotown.cli.output import OutputFormat
from monotown.cli.program_common import (
    FORMAT_OPTION,
    RECORDS_OPTION,
    REGION_OPTION,
    TOTAL_OPTION,
    TOWN_OPTION,
    Records,
    by_option,
    emit_frame,
    synthetic_filter,
)
from monotown.cli.session import open_session
from monotown.program import api_records
from monotown.program.summaries import CONTRACT_GROUPS, WORK_GROUPS, ZONE_GROUPS
from monotown.program.vocabulary import CONTRACT_KINDS, WORK_KINDS, WORK_STATUSES, ZONE_STATUSES

contracts_app = typer.Typer(help="Offtake and long-term contracts.", no_args_is_help=True)
zones_app = typer.Typer(help="Industrial zones.", no_args_is_help=True)
works_app = typer.Typer(
    help="Infrastructure works: CHP repairs, boilers, turbines, networks, gasification.",
    no_args_is_help=True,
)

CONTRACT_COLUMNS = (
    "code", "kind", "buyer", "producer", "town", "region", "subject", "value_kzt", "signed_on",
    "term_months", "synthetic", "source", "note",
)  # fmt: skip
ZONE_COLUMNS = (
    "code", "name", "town", "region", "status", "area_ha", "tenants", "tenant_names",
    "established_on", "synthetic", "source", "note",
)  # fmt: skip
WORK_COLUMNS = (
    "code", "town", "region", "object", "kind", "status", "start_on", "planned_end_on",
    "completed_on", "people_served", "cost_kzt", "synthetic", "source", "note",
)  # fmt: skip
SUMS_NOTE = "Sums of stored records."


@contracts_app.command("list")
def list_contracts(
    kind: str | None = typer.Option(None, "--kind", help=f"One of {', '.join(CONTRACT_KINDS)}."),
    year: int | None = typer.Option(None, "--year", help="Year signed."),
    town: str | None = TOWN_OPTION,
    region: str | None = REGION_OPTION,
    records: Records = RECORDS_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """List contracts."""
    with open_session() as session:
        frame = api_records.contracts(
            session,
            kind=kind,
            year=year,
            town=town,
            region=region,
            synthetic=synthetic_filter(records),
        )
    emit_frame(
        frame,
        CONTRACT_COLUMNS,
        fmt,
        title=f"Contracts: {len(frame)}",
        table_columns=(
            "code",
            "kind",
            "buyer",
            "producer",
            "town",
            "value_kzt",
            "signed_on",
            "synthetic",
        ),
    )


@contracts_app.command("summary")
def contracts_summary(
    by: list[str] = by_option("year", CONTRACT_GROUPS),
    kind: str | None = typer.Option(None, "--kind", help=f"One of {', '.join(CONTRACT_KINDS)}."),
    town: str | None = TOWN_OPTION,
    region: str | None = REGION_OPTION,
    records: Records = RECORDS_OPTION,
    total: bool = TOTAL_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Number and value of contracts by year, kind, town, region or buyer."""
    with open_session() as session:
        frame = api_records.contracts_summary(
            session,
            by,
            total=total and fmt is OutputFormat.table,
            kind=kind,
            town=town,
            region=region,
            synthetic=synthetic_filter(records),
        )
    emit_frame(
        frame, list(frame.columns), fmt, title=f"Contracts by {', '.join(by)}", footnote=SUMS_NOTE
    )


@zones_app.command("list")
def list_zones(
    status: str | None = typer.Option(None, "--status", help=f"One of {', '.join(ZONE_STATUSES)}."),
    town: str | None = TOWN_OPTION,
    region: str | None = REGION_OPTION,
    records: Records = RECORDS_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """List industrial zones."""
    with open_session() as session:
        frame = api_records.zones(
            session, status=status, town=town, region=region, synthetic=synthetic_filter(records)
        )
    emit_frame(
        frame,
        ZONE_COLUMNS,
        fmt,
        title=f"Industrial zones: {len(frame)}",
        table_columns=("code", "name", "town", "status", "area_ha", "tenants", "synthetic"),
    )


@zones_app.command("summary")
def zones_summary(
    by: list[str] = by_option("status", ZONE_GROUPS),
    town: str | None = TOWN_OPTION,
    region: str | None = REGION_OPTION,
    records: Records = RECORDS_OPTION,
    total: bool = TOTAL_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Number, area and tenants of industrial zones by status, town or region."""
    with open_session() as session:
        frame = api_records.zones_summary(
            session,
            by,
            total=total and fmt is OutputFormat.table,
            town=town,
            region=region,
            synthetic=synthetic_filter(records),
        )
    emit_frame(
        frame, list(frame.columns), fmt, title=f"Zones by {', '.join(by)}", footnote=SUMS_NOTE
    )


@works_app.command("list")
def list_works(
    kind: str | None = typer.Option(None, "--kind", help=f"One of {', '.join(WORK_KINDS)}."),
    status: str | None = typer.Option(None, "--status", help=f"One of {', '.join(WORK_STATUSES)}."),
    town: str | None = TOWN_OPTION,
    region: str | None = REGION_OPTION,
    records: Records = RECORDS_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """List infrastructure works."""
    with open_session() as session:
        frame = api_records.works(
            session,
            kind=kind,
            status=status,
            town=town,
            region=region,
            synthetic=synthetic_filter(records),
        )
    emit_frame(
        frame,
        WORK_COLUMNS,
        fmt,
        title=f"Infrastructure works: {len(frame)}",
        table_columns=("code", "town", "object", "kind", "status", "people_served", "synthetic"),
    )


@works_app.command("summary")
def works_summary(
    by: list[str] = by_option("kind", WORK_GROUPS),
    kind: str | None = typer.Option(None, "--kind", help=f"One of {', '.join(WORK_KINDS)}."),
    town: str | None = TOWN_OPTION,
    region: str | None = REGION_OPTION,
    records: Records = RECORDS_OPTION,
    total: bool = TOTAL_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Number of works, people served and cost by kind, status, town or region."""
    with open_session() as session:
        frame = api_records.works_summary(
            session,
            by,
            total=total and fmt is OutputFormat.table,
            kind=kind,
            town=town,
            region=region,
            synthetic=synthetic_filter(records),
        )
    emit_frame(
        frame, list(frame.columns), fmt, title=f"Works by {', '.join(by)}", footnote=SUMS_NOTE
    )
