"""Loading program records from the database as pandas frames for the summaries.

A frame has one row per record and the columns of the entity's file (towns by name, plans by
code), dates as `datetime.date`, and a `region` (or `regions`) column next to every town. Status
columns that the summaries derive from ('overdue') are renamed `recorded_status`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.program.entities import get_entity
from monotown.program.exporter import export_rows
from monotown.program.fields import Lookups
from monotown.program.shared_reads import shared_read
from monotown.registry.models import Region, Settlement

_DATE_NAMES = frozenset({"deadline", "extended_to"})
# The columns the summaries add up, with their pandas dtype (other columns stay objects).
_NUMERIC: dict[str, dict[str, Literal["Float64", "Int64"]]] = {
    "projects": {"value_kzt": "Float64", "planned_jobs": "Int64", "actual_jobs": "Int64"},
    "budget": {
        "planned_kzt": "Float64",
        "allocated_kzt": "Float64",
        "disbursed_kzt": "Float64",
        "year": "Int64",
    },
    "contracts": {"value_kzt": "Float64"},
    "facts": {"value": "Float64"},
    "measures": {"cost_kzt": "Float64"},
    "plans": {"cost_kzt": "Float64"},
    "zones": {"area_ha": "Float64", "tenants": "Int64"},
    "works": {"people_served": "Int64", "cost_kzt": "Float64"},
}
# The year a record falls in, for the summaries by year: (year column, the date it is of).
_YEAR_OF = {"projects": ("start_year", "start_on"), "contracts": ("year", "signed_on")}
_RECORDED_STATUS = frozenset({"directives", "measures"})


def _is_date_column(name: str) -> bool:
    return name.endswith("_on") or name in _DATE_NAMES


def region_of_town(session: Session) -> dict[str, str]:
    """Town label (as exports write it) -> English region name."""

    def read() -> dict[str, str]:
        lookups = Lookups(session)
        rows = session.execute(select(Settlement.id, Region.name_en).join(Region))
        return {lookups.town_label(town_id): region for town_id, region in rows}

    return shared_read(session, "region_of_town", read)


def entity_frame(session: Session, entity_name: str) -> pd.DataFrame:
    """Every record of an entity as a frame: the columns of its file, a region next to every
    town, numbers as pandas numbers, and the year of its start (projects) or signature
    (contracts). A project's status is its current one (the latest entry of its history)."""
    entity = get_entity(entity_name)
    frame = pd.DataFrame(export_rows(session, entity.name), columns=entity.column_names)
    frame = frame.astype(object).where(frame.notna(), None)
    for column in frame.columns:
        if _is_date_column(column):
            frame[column] = [_to_date(value) for value in frame[column]]
    regions = region_of_town(session)
    if "town" in frame.columns:
        frame.insert(
            list(frame.columns).index("town") + 1,
            "region",
            [regions.get(town) if town else None for town in frame["town"]],
        )
    if "towns" in frame.columns:
        frame["towns"] = [list(value or []) for value in frame["towns"]]
        frame["regions"] = [
            sorted({regions[town] for town in towns if town in regions}) for towns in frame["towns"]
        ]
    if "responsible" in frame.columns and entity.name == "directives":
        frame["responsible"] = [list(value or []) for value in frame["responsible"]]
    if entity.name in _RECORDED_STATUS:
        frame = frame.rename(columns={"status": "recorded_status"})
    frame["synthetic"] = frame["synthetic"].astype(bool)
    for column, dtype in _NUMERIC.get(entity.name, {}).items():
        frame[column] = pd.to_numeric(frame[column]).astype(dtype)
    if entity.name in _YEAR_OF:
        year, date = _YEAR_OF[entity.name]
        frame[year] = pd.array([value.year if value else None for value in frame[date]], "Int64")
    return frame


def _to_date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
