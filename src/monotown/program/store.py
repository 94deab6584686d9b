"""Loading program records from the database as pandas frames for the summaries.

A frame has one row per record and the columns of the entity's file (towns by name, plans by
code), dates as `datetime.date`, and a `region` (or `regions`) column next to every town. Status
columns that the summaries derive from ('overdue') are renamed `recorded_status`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.program.entities import get_entity
from monotown.program.exporter import export_rows
from monotown.program.fields import Lookups
from monotown.registry.models import Region, Settlement

_DATE_NAMES = frozenset({"deadline", "extended_to"})
_RECORDED_STATUS = frozenset({"directives", "measures"})


def _is_date_column(name: str) -> bool:
    return name.endswith("_on") or name in _DATE_NAMES


def region_of_town(session: Session) -> dict[str, str]:
    """Town label (as exports write it) -> English region name."""
    lookups = Lookups(session)
    rows = session.execute(select(Settlement.id, Region.name_en).join(Region))
    return {lookups.town_label(town_id): region for town_id, region in rows}


def entity_frame(session: Session, entity_name: str) -> pd.DataFrame:
    """Every record of an entity as a frame (columns as in its file, plus region)."""
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
    return frame


def _to_date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def projects_frame(session: Session) -> pd.DataFrame:
    """Projects with their current status (the latest history entry) and start year."""
    frame = entity_frame(session, "projects")
    frame["start_year"] = pd.array(
        [value.year if value else None for value in frame["start_on"]], dtype="Int64"
    )
    for column in ("value_kzt",):
        frame[column] = pd.to_numeric(frame[column]).astype("Float64")
    for column in ("planned_jobs", "actual_jobs"):
        frame[column] = pd.to_numeric(frame[column]).astype("Int64")
    return frame


def budget_frame(session: Session) -> pd.DataFrame:
    frame = entity_frame(session, "budget")
    for column in ("planned_kzt", "allocated_kzt", "disbursed_kzt"):
        frame[column] = pd.to_numeric(frame[column]).astype("Float64")
    frame["year"] = frame["year"].astype("Int64")
    return frame


def contracts_frame(session: Session) -> pd.DataFrame:
    frame = entity_frame(session, "contracts")
    frame["year"] = pd.array([value.year for value in frame["signed_on"]], dtype="Int64")
    frame["value_kzt"] = pd.to_numeric(frame["value_kzt"]).astype("Float64")
    return frame


def targets_frame(session: Session) -> pd.DataFrame:
    return entity_frame(session, "targets")


def target_actuals_frame(session: Session) -> pd.DataFrame:
    return entity_frame(session, "target_actuals")


def facts_frame(session: Session) -> pd.DataFrame:
    frame = entity_frame(session, "facts")
    frame["value"] = pd.to_numeric(frame["value"]).astype("Float64")
    return frame


def measures_frame(session: Session) -> pd.DataFrame:
    frame = entity_frame(session, "measures")
    frame["cost_kzt"] = pd.to_numeric(frame["cost_kzt"]).astype("Float64")
    return frame


def plans_frame(session: Session) -> pd.DataFrame:
    frame = entity_frame(session, "plans")
    frame["cost_kzt"] = pd.to_numeric(frame["cost_kzt"]).astype("Float64")
    return frame


def zones_frame(session: Session) -> pd.DataFrame:
    frame = entity_frame(session, "zones")
    frame["area_ha"] = pd.to_numeric(frame["area_ha"]).astype("Float64")
    frame["tenants"] = pd.to_numeric(frame["tenants"]).astype("Int64")
    return frame


def works_frame(session: Session) -> pd.DataFrame:
    frame = entity_frame(session, "works")
    frame["people_served"] = pd.to_numeric(frame["people_served"]).astype("Int64")
    frame["cost_kzt"] = pd.to_numeric(frame["cost_kzt"]).astype("Float64")
    return frame


def project_history_frame(session: Session) -> pd.DataFrame:
    return entity_frame(session, "project_statuses")
