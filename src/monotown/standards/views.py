"""What the web page and the API show of the standards, built once from the report: the level of
one year with its trend, the map points of every settlement, one settlement's detail."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.registry.territory import TerritorialUnit
from monotown.registry.territory_store import designations_of, unit_path
from monotown.standards.inputs import fetch_tuples, support_village_ids
from monotown.standards.models import RegionalStandard, StandardProvision
from monotown.standards.report import (
    Computed,
    compute_year,
    latest_year,
    sufficiency_report,
    trend,
)
from monotown.standards.sufficiency import SufficiencyRule


def level_view(
    session: Session,
    year: int | None,
    rule: SufficiencyRule,
    *,
    gaps: int = 50,
    region_code: str | None = None,
    district_id: int | None = None,
    with_trend: bool = True,
    computed: Computed | None = None,
) -> dict[str, Any]:
    report = sufficiency_report(
        session, year, rule, gaps=gaps, region_code=region_code, district_id=district_id,
        computed=computed,
    )  # fmt: skip
    data = report.to_dict()
    data["trend"] = trend(session, rule) if with_trend else []
    return data


def map_points(
    session: Session, year: int | None, rule: SufficiencyRule, computed: Computed | None = None
) -> dict[str, Any]:
    """Every settlement with coordinates as parallel lists (one map trace): key, latitude,
    longitude, level % (None if nothing applies), population, the stored names (`name_kk` None
    when the Kazakh name is missing, as everywhere in the API: the map shows a name through
    `monotown.models.names.localised`), designation, synthetic."""
    year = year or latest_year(session)
    result, (units, _standards) = computed or compute_year(session, year, rule)
    level_by_id = dict(zip(units.id.tolist(), result.settlements.level.tolist(), strict=True))
    support = support_village_ids(session, year)
    satellites = {
        int(row[0])
        for row in fetch_tuples(
            session,
            "SELECT unit_id FROM settlement_designation WHERE kind = 'satellite_village'",
            (),
        )
    }
    rows = fetch_tuples(
        session,
        "SELECT id, key, latitude, longitude, population, name_en, name_ru, name_kk, synthetic, "
        "settlement_id FROM territorial_unit WHERE level = 'settlement' AND latitude IS NOT NULL "
        "ORDER BY id",
        (),
    )
    points: dict[str, list[Any]] = {
        name: []
        for name in ("key", "lat", "lon", "level", "population", "name_en", "name_ru",
                     "name_kk", "role", "synthetic", "town")
    }  # fmt: skip
    for unit_id, key, lat, lon, population, en, ru, kk, synthetic, town in rows:
        level = level_by_id.get(unit_id, float("nan"))
        points["key"].append(key)
        points["lat"].append(lat)
        points["lon"].append(lon)
        points["level"].append(None if math.isnan(level) else round(100 * level, 1))
        points["population"].append(population)
        points["name_en"].append(en)
        points["name_ru"].append(ru)
        points["name_kk"].append(kk)
        points["role"].append(
            "support" if unit_id in support else "satellite" if unit_id in satellites else ""
        )
        points["synthetic"].append(bool(synthetic))
        points["town"].append(town is not None)
    return {"year": year, "count": len(points["key"]), "points": points}


def settlement_view(session: Session, unit: TerritorialUnit) -> dict[str, Any]:
    """One settlement: its place in the tree, designations, and every provision record by year."""
    catalog = {s.id: s for s in session.scalars(select(RegionalStandard))}
    records = session.scalars(
        select(StandardProvision)
        .where(StandardProvision.unit_id == unit.id)
        .order_by(StandardProvision.year.desc(), StandardProvision.standard_id)
    )
    by_year: dict[int, list[dict[str, Any]]] = {}
    for record in records:
        standard = catalog[record.standard_id]
        by_year.setdefault(record.year, []).append(
            {
                "standard": standard.code,
                "area": standard.area,
                "name_en": standard.name_en,
                "name_ru": standard.name_ru,
                "name_kk": standard.name_kk,
                "met": record.met,
                "value": record.value,
                "flag": record.flag,
                "source": record.source,
                "batch_id": record.batch_id,
            }
        )
    levels = {
        year: round(100 * float(np.mean([row["met"] for row in rows])), 1)
        for year, rows in by_year.items()
    }
    return {
        "key": unit.key,
        "kato": unit.kato,
        "name_en": unit.name_en,
        "name_ru": unit.name_ru,
        "name_kk": unit.name_kk,
        "settlement_type": unit.settlement_type,
        "population": unit.population,
        "population_synthetic": unit.population_synthetic,
        "synthetic": unit.synthetic,
        "source": unit.source,
        "path": unit_path(session, unit),
        "designations": designations_of(session, unit.id),
        "records": by_year,
        "recorded_share_pct": levels,
    }
