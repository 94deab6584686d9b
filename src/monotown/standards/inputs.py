"""Reading what the sufficiency computation needs from the database, as arrays, in few queries.

One query per table (settlements of the tree, the catalog, a year's provision records, the
support-village designations in force), fetched as plain tuples: at national scale (7,000
settlements x 40 standards) the Python object layer would cost more than the arithmetic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from monotown.registry.territory import SettlementDesignation, TerritorialUnit
from monotown.standards.categories import (
    CATEGORIES,
    CATEGORY_INDEX,
    applicability,
    category_of,
    expand_categories,
)
from monotown.standards.models import RegionalStandard, StandardProvision


@dataclass(frozen=True)
class Units:
    """The tree's settlements, positionally: id, region id, district id (-1 if none),
    population (NaN if unknown), category index."""

    id: npt.NDArray[np.int64]
    region_id: npt.NDArray[np.int64]
    district_id: npt.NDArray[np.int64]
    population: npt.NDArray[np.float64]
    category: npt.NDArray[np.int64]

    def positions(self, ids: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Position of each id in `id` (which is sorted), -1 for ids not among them."""
        where = np.searchsorted(self.id, ids)
        where = np.clip(where, 0, max(len(self.id) - 1, 0))
        found = (
            (len(self.id) > 0) & (self.id[where] == ids)
            if len(self.id)
            else np.zeros(len(ids), dtype=bool)
        )
        return np.where(found, where, -1).astype(np.int64)


@dataclass(frozen=True)
class Standards:
    """The catalog, positionally: id, code, weight, category mask (standards x categories),
    population bounds (NaN when open)."""

    id: npt.NDArray[np.int64]
    code: list[str]
    weight: npt.NDArray[np.float64]
    category_masks: npt.NDArray[np.bool_]
    min_population: npt.NDArray[np.float64]
    max_population: npt.NDArray[np.float64]

    def positions(self, ids: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        order = np.argsort(self.id)
        sorted_ids = self.id[order]
        where = np.clip(np.searchsorted(sorted_ids, ids), 0, max(len(sorted_ids) - 1, 0))
        if not len(sorted_ids):
            return np.full(len(ids), -1, dtype=np.int64)
        found = sorted_ids[where] == ids
        return np.where(found, order[where], -1).astype(np.int64)


def pairs_applying(
    units: Units,
    standards: Standards,
    unit_pos: npt.NDArray[np.int64],
    std_pos: npt.NDArray[np.int64],
) -> npt.NDArray[np.bool_]:
    """For each (unit position, standard position) pair, whether the standard applies there."""
    return applicability(
        standards.category_masks,
        standards.min_population,
        standards.max_population,
        units.category,
        units.population,
        unit_pos,
        std_pos,
    )


def every_pair(
    units: Units, standards: Standards
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Every (unit, standard) pair as positions, unit-major, and whether the standard applies."""
    n_units, n_std = len(units.id), len(standards.id)
    every_unit = np.repeat(np.arange(n_units, dtype=np.int64), n_std)
    every_std = np.tile(np.arange(n_std, dtype=np.int64), n_units)
    return every_unit, every_std, pairs_applying(units, standards, every_unit, every_std)


@dataclass(frozen=True)
class Records:
    """A year's provision records: unit id, standard id, met."""

    unit_id: npt.NDArray[np.int64]
    standard_id: npt.NDArray[np.int64]
    met: npt.NDArray[np.bool_]


def support_village_ids(session: Session, year: int) -> set[int]:
    """Units designated support villages at some time during `year`."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    query = select(SettlementDesignation.unit_id).where(
        SettlementDesignation.kind == "support_village",
        or_(SettlementDesignation.date_from.is_(None), SettlementDesignation.date_from <= end),
        or_(SettlementDesignation.date_to.is_(None), SettlementDesignation.date_to >= start),
    )
    return set(session.scalars(query))


def load_units(session: Session, year: int) -> Units:
    support = support_village_ids(session, year)
    rows = session.execute(
        select(
            TerritorialUnit.id,
            TerritorialUnit.region_id,
            TerritorialUnit.district_id,
            TerritorialUnit.population,
            TerritorialUnit.settlement_type,
            TerritorialUnit.district_centre,
            TerritorialUnit.rural_centre,
        )
        .where(TerritorialUnit.level == "settlement")
        .order_by(TerritorialUnit.id)
    ).all()
    categories = [
        CATEGORY_INDEX[
            category_of(
                kind or "village",
                district_centre=bool(district_centre),
                rural_centre=bool(rural_centre),
                support_village=unit_id in support,
            )
        ]
        for unit_id, _region, _district, _pop, kind, district_centre, rural_centre in rows
    ]
    return Units(
        id=np.array([row[0] for row in rows], dtype=np.int64),
        region_id=np.array([row[1] for row in rows], dtype=np.int64),
        district_id=np.array([-1 if row[2] is None else row[2] for row in rows], dtype=np.int64),
        population=np.array(
            [np.nan if row[3] is None else float(row[3]) for row in rows], dtype=np.float64
        ),
        category=np.array(categories, dtype=np.int64),
    )


def load_standards(session: Session) -> Standards:
    catalog = list(session.scalars(select(RegionalStandard).order_by(RegionalStandard.id)))
    masks = np.zeros((len(catalog), len(CATEGORIES)), dtype=np.bool_)
    for row, standard in enumerate(catalog):
        for name in expand_categories(standard.categories):
            masks[row, CATEGORY_INDEX[name]] = True

    def bound(value: int | None) -> float:
        return np.nan if value is None else float(value)

    return Standards(
        id=np.array([standard.id for standard in catalog], dtype=np.int64),
        code=[standard.code for standard in catalog],
        weight=np.array([standard.weight for standard in catalog], dtype=np.float64),
        category_masks=masks,
        min_population=np.array([bound(s.min_population) for s in catalog], dtype=np.float64),
        max_population=np.array([bound(s.max_population) for s in catalog], dtype=np.float64),
    )


def fetch_tuples(session: Session, sql: str, params: tuple[object, ...]) -> list[tuple[Any, ...]]:
    """Rows as plain tuples straight from the driver: at 10^5 rows SQLAlchemy's Row objects cost
    more than the query. `sql` uses '?' placeholders, rewritten for the driver's style."""
    connection = session.connection()
    if connection.dialect.paramstyle in ("format", "pyformat"):
        sql = sql.replace("?", "%s")
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def load_records(session: Session, year: int) -> Records:
    rows = fetch_tuples(
        session,
        "SELECT unit_id, standard_id, CASE WHEN met THEN 1 ELSE 0 END "
        "FROM standard_provision WHERE year = ?",
        (year,),
    )
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return Records(unit_id=empty, standard_id=empty, met=np.zeros(0, dtype=np.bool_))
    array = np.array(rows, dtype=np.int64)
    return Records(unit_id=array[:, 0], standard_id=array[:, 1], met=array[:, 2].astype(np.bool_))


def provision_years(session: Session) -> list[int]:
    """Years that have provision records, ascending."""
    return sorted(session.scalars(select(StandardProvision.year).distinct()))


def in_force(date: dt.date) -> object:
    """SQL condition: a designation in force on `date`."""
    return and_(
        or_(SettlementDesignation.date_from.is_(None), SettlementDesignation.date_from <= date),
        or_(SettlementDesignation.date_to.is_(None), SettlementDesignation.date_to >= date),
    )
