"""Loading the synthetic demo: the national tree, the bundled catalog, calibrated provision.

The tree goes in with bulk inserts (one statement per few thousand rows) and the provision records
as one import batch of kind 'standards', so `monotown imports undo N` removes them like any other
import. Nothing here is presented as real: units and records are flagged synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.errors import ConflictError, DatabaseNotReadyError
from monotown.records.kinds import Actor
from monotown.records.provenance import (
    ImportBatch,
    audit,
    current_user,
    finish_batch,
    utcnow,
)
from monotown.records.tables import table_is_empty
from monotown.registry.models import PopulationRecord, Region, Settlement
from monotown.registry.territory import SettlementDesignation, TerritorialUnit
from monotown.standards.bulk import (
    advance_sequence,
    insert_rows,
    insert_tuples,
    recreate_indexes,
    without_secondary_indexes,
)
from monotown.standards.catalog import STANDARDS_CATALOG, load_catalog
from monotown.standards.demo_links import link_demo_gaps
from monotown.standards.demo_provision import build_demo_provision
from monotown.standards.demo_tree import DEMO_SEED, RegistryTown, build_demo_tree
from monotown.standards.inputs import load_standards, load_units
from monotown.standards.models import StandardProvision
from monotown.standards.stated import regional_stated

DEMO_YEARS = (2023, 2024, 2025)
PROVISION_KIND = "standards"


@dataclass(frozen=True)
class DemoReport:
    units: int
    settlements: int
    designations: int
    records: int
    batch_id: int | None
    catalog_loaded: bool
    links: int = 0

    def summary(self) -> str:
        parts = [
            f"{self.settlements:,} settlements in {self.units:,} units of the tree",
            f"{self.designations:,} designations",
            f"{self.records:,} provision records"
            + (f" (batch {self.batch_id})" if self.batch_id else ""),
        ]
        if self.links:
            parts.append(f"{self.links} gaps linked to demo budget lines")
        return "synthetic demo loaded: " + ", ".join(parts)


def tree_is_empty(session: Session) -> bool:
    return table_is_empty(session, TerritorialUnit)


def _registry_towns(session: Session) -> list[RegistryTown]:
    latest = {
        settlement_id: (population, year)
        for settlement_id, population, year in session.execute(
            select(
                PopulationRecord.settlement_id, PopulationRecord.population, PopulationRecord.year
            ).order_by(PopulationRecord.year.nulls_first())
        )
    }
    towns = []
    rows = session.execute(
        select(Settlement, Region.code)
        .join(Region, Region.id == Settlement.region_id)
        .where(Settlement.kind.in_(("city", "town")))
    ).all()
    for settlement, region_code in rows:
        population, year = latest.get(settlement.id, (None, None))
        towns.append(
            RegistryTown(
                settlement_id=settlement.id,
                code=settlement.code,
                region_code=region_code,
                name_en=settlement.name_en,
                name_ru=settlement.name_ru,
                name_kk=settlement.name_kk,
                latitude=settlement.latitude,
                longitude=settlement.longitude,
                population=population,
                population_year=year,
            )
        )
    return towns


def load_tree(session: Session, *, user: str, origin: str) -> tuple[int, int, int]:
    regions = {
        code: region_id for region_id, code in session.execute(select(Region.id, Region.code))
    }
    if not regions:
        raise DatabaseNotReadyError("no regions yet; run 'monotown data load-reference' first")
    tree = build_demo_tree(regions, _registry_towns(session), seed=DEMO_SEED)
    offset = int(session.scalar(select(func.max(TerritorialUnit.id))) or 0)
    for row in tree.units:
        row["id"] += offset
        for column in ("parent_id", "district_id"):
            if row[column] is not None:
                row[column] += offset
    # Parents before children: the table references itself.
    insert_rows(session, TerritorialUnit.__table__, tree.units)
    for row in tree.designations:
        row["unit_id"] += offset
        if row["support_unit_id"] is not None:
            row["support_unit_id"] += offset
    insert_rows(session, SettlementDesignation.__table__, tree.designations)
    advance_sequence(session, "territorial_unit")
    settlements = sum(1 for row in tree.units if row["level"] == "settlement")
    audit(
        session,
        Actor(user, origin),
        "import",
        "territorial_unit",
        "demo-tree",
        new={
            "units": len(tree.units),
            "settlements": settlements,
            "designations": len(tree.designations),
            "synthetic": True,
        },
    )
    return len(tree.units), settlements, len(tree.designations)


def load_demo_provision(
    session: Session, years: tuple[int, ...] = DEMO_YEARS, *, user: str, origin: str
) -> tuple[int, int]:
    """Calibrated synthetic records for `years` as one batch; returns (records, batch id)."""
    region_codes = dict(session.execute(select(Region.code, Region.id)).all())
    stated = {
        region_codes[code]: level.value_pct / 100
        for code, level in regional_stated().items()
        if code in region_codes
    }
    units = load_units(session, max(years))
    standards = load_standards(session)
    demo = build_demo_provision(units, standards, list(years), stated)
    started = utcnow()
    batch = ImportBatch(
        kind=PROVISION_KIND,
        file_name="synthetic demo",
        format="demo",
        source="synthetic demo",
        user=user,
        started_at=started,
        status="committed",
        rows_total=len(demo.met),
        n_new=len(demo.met),
        note="synthetic provision records calibrated to the stated figures",
    )
    session.add(batch)
    session.flush()
    # In key order, so the unique index grows at its end instead of everywhere (3x faster).
    order = np.lexsort((demo.year, demo.standard_id, demo.unit_id))
    batch_id = batch.id
    rows = [
        (unit, standard, year, met, "synthetic", "synthetic demo", batch_id)
        for unit, standard, year, met in zip(
            demo.unit_id[order].tolist(),
            demo.standard_id[order].tolist(),
            demo.year[order].tolist(),
            demo.met[order].tolist(),
            strict=True,
        )
    ]
    dropped = without_secondary_indexes(session, "standard_provision")
    insert_tuples(
        session,
        "standard_provision",
        ("unit_id", "standard_id", "year", "met", "flag", "source", "batch_id"),
        rows,
    )
    recreate_indexes(session, dropped)
    summary = {"kind": PROVISION_KIND, "records": len(rows), "years": [*years], "synthetic": True}
    finish_batch(session, batch, user=user, origin=origin, summary=summary)
    return len(rows), batch.id


def load_demo(
    session: Session,
    *,
    years: tuple[int, ...] = DEMO_YEARS,
    user: str | None = None,
    origin: str = "cli",
) -> DemoReport:
    """Load whatever of the demo is missing: catalog, tree, provision records."""
    user = user or current_user()
    catalog_loaded = False
    if STANDARDS_CATALOG.is_empty(session):
        load_catalog(session, user=user, origin=origin)
        catalog_loaded = True
    units = settlements = designations = 0
    if tree_is_empty(session):
        units, settlements, designations = load_tree(session, user=user, origin=origin)
    have_records = session.scalar(select(func.count()).select_from(StandardProvision))
    if have_records:
        if not units:
            raise ConflictError(
                "the tree and provision records are already loaded; undo the provision batch "
                "first to load the demo again"
            )
        return DemoReport(units, settlements, designations, 0, None, catalog_loaded, 0)
    records, batch_id = load_demo_provision(session, years, user=user, origin=origin)
    links = link_demo_gaps(session, max(years))
    if not settlements:
        settlements = int(np.count_nonzero(load_units(session, max(years)).id))
    return DemoReport(units, settlements, designations, records, batch_id, catalog_loaded, links)
