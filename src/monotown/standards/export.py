"""CSV exports: provision records of a year and the level report (nation, regions, districts,
gaps in one table with a `section` column)."""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.registry.territory import TerritorialUnit
from monotown.standards.models import RegionalStandard, StandardProvision

PROVISION_COLUMNS = ("settlement", "standard", "year", "met", "value", "flag", "source", "note")
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
    """Provision records in the import format (re-importable as is)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(PROVISION_COLUMNS)
    query = (
        select(
            TerritorialUnit.key,
            RegionalStandard.code,
            StandardProvision.year,
            StandardProvision.met,
            StandardProvision.value,
            StandardProvision.flag,
            StandardProvision.source,
            StandardProvision.note,
        )
        .join(TerritorialUnit, TerritorialUnit.id == StandardProvision.unit_id)
        .join(RegionalStandard, RegionalStandard.id == StandardProvision.standard_id)
        .order_by(StandardProvision.year, TerritorialUnit.key, RegionalStandard.code)
    )
    if year is not None:
        query = query.where(StandardProvision.year == year)
    for key, code, record_year, met, value, flag, source, note in session.execute(query):
        writer.writerow(
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
        )
    return buffer.getvalue()


def level_csv(data: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(LEVEL_COLUMNS)
    synthetic = "yes" if data["synthetic"] else "no"
    writer.writerow(
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
        writer.writerow(
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
        writer.writerow(
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
        writer.writerow(
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
    return buffer.getvalue()
