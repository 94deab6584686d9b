"""CSV exports: provision records of a year and the level report (nation, regions, districts,
gaps in one table with a `section` column)."""

from __future__ import annotations

import io
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.records.files import write_csv_rows
from monotown.registry.territory import TerritorialUnit
from monotown.standards.models import RegionalStandard, StandardProvision

# The import format's columns: the settlement and standard by key, then the record's own fields.
PROVISION_OWN_COLUMNS = ("year", "met", "value", "flag", "source", "note")
PROVISION_COLUMNS = ("settlement", "standard", *PROVISION_OWN_COLUMNS)
LEVEL_COLUMNS = (
    "section",
    "key",
    "name_en",
    "level_pct",
    "settlements",
    "population",
    "stated_pct",
    "standard",
    "links",
    "synthetic",
)


def provision_csv(session: Session, year: int | None = None) -> str:
    """Provision records in the import format (re-importable as is), every cell guarded
    against spreadsheet formulas by the records layer's writer."""
    query = (
        select(
            TerritorialUnit.key,
            RegionalStandard.code,
            *(getattr(StandardProvision, column) for column in PROVISION_OWN_COLUMNS),
        )
        .join(TerritorialUnit, TerritorialUnit.id == StandardProvision.unit_id)
        .join(RegionalStandard, RegionalStandard.id == StandardProvision.standard_id)
        .order_by(StandardProvision.year, TerritorialUnit.key, RegionalStandard.code)
    )
    if year is not None:
        query = query.where(StandardProvision.year == year)
    rows = (
        [
            key,
            code,
            record_year,
            "yes" if met else "no",
            "" if value is None else f"{value:g}",
            flag,
            source or "",
            note or "",
        ]
        for key, code, record_year, met, value, flag, source, note in session.execute(query)
    )
    buffer = io.StringIO()
    write_csv_rows(buffer, PROVISION_COLUMNS, rows)
    return buffer.getvalue()


def level_csv(data: dict[str, Any]) -> str:
    """The level report as one guarded table (the records layer's writer)."""
    rows: list[list[Any]] = []
    synthetic = "yes" if data["synthetic"] else "no"
    rows.append(
        [
            "nation",
            "KZ",
            "Kazakhstan",
            data["national_pct"],
            data["settlements_counted"],
            "",
            data["stated"]["value_pct"],
            "",
            "",
            synthetic,
        ]
    )
    for row in data["regions"]:
        rows.append(
            [
                "region",
                row["code"],
                row["name_en"],
                row["level_pct"],
                row["settlements"],
                row["population"],
                row["stated_pct"] or "",
                "",
                "",
                synthetic,
            ]
        )
    for row in data["districts"]:
        rows.append(
            [
                "district",
                row["key"],
                row["name_en"],
                row["level_pct"],
                row["settlements"],
                "",
                "",
                "",
                "",
                synthetic,
            ]
        )
    for row in data["gaps"]:
        rows.append(
            [
                "gap",
                row["settlement_key"],
                row["settlement_en"],
                "",
                "",
                row["population"] or "",
                "",
                row["standard"],
                "; ".join(row["links"]),
                synthetic,
            ]
        )
    buffer = io.StringIO()
    write_csv_rows(buffer, LEVEL_COLUMNS, rows)
    return buffer.getvalue()
