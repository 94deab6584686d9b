"""The sufficiency report of one year: national, regional and district levels, the stated figures
they compare with, progress to the 2028 target, and the largest gaps with their linked projects.

Every surface (CLI, API, web page, briefing, workbook) is built from `SufficiencyReport.to_dict()`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.errors import NotFoundError
from monotown.program.models import BudgetLine, Project
from monotown.registry.models import Region
from monotown.registry.territory import TerritorialUnit
from monotown.standards.inputs import (
    Standards,
    Units,
    load_records,
    load_standards,
    load_units,
    provision_years,
)
from monotown.standards.level import LevelResult, compute_level, gap_order
from monotown.standards.models import GapLink, RegionalStandard, StandardProvision
from monotown.standards.stated import national_stated, national_target, regional_stated
from monotown.standards.sufficiency import SufficiencyRule

DEFAULT_GAPS = 50


def _pct(value: float) -> float | None:
    return None if math.isnan(value) else round(100 * value, 2)


@dataclass
class SufficiencyReport:
    year: int
    rule: SufficiencyRule
    national_pct: float | None
    synthetic: bool
    settlements_counted: int
    records_used: int
    regions: list[dict[str, Any]] = field(default_factory=list)
    districts: list[dict[str, Any]] = field(default_factory=list)
    gaps: list[dict[str, Any]] = field(default_factory=list)
    gaps_total: int = 0
    people_in_gaps: int = 0
    stated: dict[str, Any] = field(default_factory=dict)
    target: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "rule": self.rule.to_dict(),
            "rule_text": self.rule.describe(),
            "national_pct": self.national_pct,
            "synthetic": self.synthetic,
            "settlements_counted": self.settlements_counted,
            "records_used": self.records_used,
            "stated": self.stated,
            "target": self.target,
            "regions": self.regions,
            "districts": self.districts,
            "gaps": self.gaps,
            "gaps_total": self.gaps_total,
        }


def latest_year(session: Session) -> int:
    """The latest year with provision records (an index lookup, not a scan)."""
    year = session.scalar(select(func.max(StandardProvision.year)))
    if year is None:
        raise NotFoundError(
            "no provision records yet; import some or run 'monotown standards load-demo'"
        )
    return int(year)


Computed = tuple[LevelResult, tuple[Units, Standards]]


def compute_year(session: Session, year: int, rule: SufficiencyRule) -> Computed:
    """The level result and the unit and standard arrays it was computed from."""
    units = load_units(session, year)
    standards = load_standards(session)
    records = load_records(session, year)
    return compute_level(units, standards, records, rule), (units, standards)


def sufficiency_report(
    session: Session,
    year: int | None = None,
    rule: SufficiencyRule | None = None,
    *,
    gaps: int = DEFAULT_GAPS,
    region_code: str | None = None,
    district_id: int | None = None,
    computed: Computed | None = None,
) -> SufficiencyReport:
    """Compute the report; `region_code` / `district_id` narrow the district and gap lists.
    `computed` is a `compute_year` result for the same year and rule, to reuse."""
    rule = rule or SufficiencyRule()
    year = year or latest_year(session)
    if not session.scalar(
        select(func.count()).select_from(StandardProvision).where(StandardProvision.year == year)
    ):
        raise NotFoundError(f"no provision records for {year}")
    result, (units, standards) = computed or compute_year(session, year, rule)
    regions = {r.id: r for r in session.scalars(select(Region))}
    region_filter = None
    if region_code:
        match = [r for r in regions.values() if r.code.lower() == region_code.lower()]
        if not match:
            raise NotFoundError(f"no region with code '{region_code}'")
        region_filter = match[0].id
    synthetic = bool(
        session.scalar(
            select(func.count())
            .select_from(StandardProvision)
            .where(StandardProvision.year == year, StandardProvision.flag == "synthetic")
        )
    )
    stated = national_stated()
    target = national_target()
    report = SufficiencyReport(
        year=year,
        rule=rule,
        national_pct=_pct(result.national),
        synthetic=synthetic,
        settlements_counted=int((result.weights > 0).sum()),
        records_used=result.records_used,
        stated={
            "value_pct": stated.value_pct,
            "year": stated.year,
            "source": stated.citation(),
            "note": stated.note,
        },
        target={"value_pct": target.value_pct, "year": target.year, "source": target.citation()},
    )
    report.regions = _region_rows(result, regions, units)
    report.districts = _district_rows(session, result, units, region_filter, district_id)
    report.gaps, report.gaps_total = _gap_rows(
        session, result, units, standards, gaps, region_filter, district_id
    )
    return report


def _population_by(group_index: np.ndarray, units: Any, n: int) -> np.ndarray:
    keep = group_index >= 0
    return np.bincount(
        group_index[keep], weights=np.nan_to_num(units.population[keep]), minlength=n
    )


def _region_rows(
    result: LevelResult, regions: dict[int, Region], units: Any
) -> list[dict[str, Any]]:
    stated = regional_stated()
    index = np.searchsorted(result.region_ids, units.region_id)
    population = _population_by(index, units, len(result.region_ids))
    rows = []
    for position, region_id in enumerate(result.region_ids):
        region = regions[int(region_id)]
        level = _pct(result.regions.level[position])
        given = stated.get(region.code)
        rows.append(
            {
                "code": region.code,
                "name_en": region.name_en,
                "name_ru": region.name_ru,
                "name_kk": region.name_kk,
                "level_pct": level,
                "settlements": int(result.regions.settlements[position]),
                "population": int(population[position]),
                "stated_pct": given.value_pct if given else None,
                "stated_source": given.citation() if given else None,
                "difference_pp": (
                    round(level - given.value_pct, 2) if given and level is not None else None
                ),
            }
        )
    rows.sort(key=lambda row: (row["level_pct"] is None, -float(row["level_pct"] or 0)))
    return rows


def _district_rows(
    session: Session,
    result: LevelResult,
    units: Any,
    region_id: int | None,
    district_id: int | None,
) -> list[dict[str, Any]]:
    names = {
        row.id: row
        for row in session.execute(
            select(
                TerritorialUnit.id,
                TerritorialUnit.key,
                TerritorialUnit.level,
                TerritorialUnit.region_id,
                TerritorialUnit.name_en,
                TerritorialUnit.name_ru,
                TerritorialUnit.name_kk,
                TerritorialUnit.synthetic,
            ).where(TerritorialUnit.level.in_(("district", "city")))
        )
    }
    rows = []
    for position, unit_id in enumerate(result.district_ids):
        unit = names.get(int(unit_id))
        if unit is None or (region_id is not None and unit.region_id != region_id):
            continue
        if district_id is not None and unit.id != district_id:
            continue
        rows.append(
            {
                "id": unit.id,
                "key": unit.key,
                "kind": unit.level,
                "region_id": unit.region_id,
                "name_en": unit.name_en,
                "name_ru": unit.name_ru,
                "name_kk": unit.name_kk,
                "synthetic": unit.synthetic,
                "level_pct": _pct(result.districts.level[position]),
                "settlements": int(result.districts.settlements[position]),
            }
        )
    rows.sort(key=lambda row: (row["level_pct"] is None, row["level_pct"] or 0))
    return rows


def _gap_rows(
    session: Session,
    result: LevelResult,
    units: Any,
    standards: Any,
    limit: int,
    region_id: int | None,
    district_id: int | None,
) -> tuple[list[dict[str, Any]], int]:
    order = gap_order(result, units)
    if region_id is not None:
        order = order[units.region_id[result.gap_unit[order]] == region_id]
    if district_id is not None:
        order = order[units.district_id[result.gap_unit[order]] == district_id]
    total = len(order)
    chosen = order[:limit]
    unit_ids = [int(units.id[result.gap_unit[i]]) for i in chosen]
    std_ids = [int(standards.id[result.gap_standard[i]]) for i in chosen]
    unit_rows = (
        {
            unit.id: unit
            for unit in session.scalars(
                select(TerritorialUnit).where(TerritorialUnit.id.in_(set(unit_ids)))
            )
        }
        if unit_ids
        else {}
    )
    catalog = {s.id: s for s in session.scalars(select(RegionalStandard))}
    links = _links(session, set(unit_ids))
    rows = []
    for unit_id, std_id in zip(unit_ids, std_ids, strict=True):
        unit = unit_rows[unit_id]
        standard = catalog[std_id]
        rows.append(
            {
                "settlement_key": unit.key,
                "settlement_id": unit.id,
                "settlement_en": unit.name_en,
                "settlement_ru": unit.name_ru,
                "settlement_kk": unit.name_kk,
                "region_id": unit.region_id,
                "population": unit.population,
                "synthetic": unit.synthetic,
                "standard": standard.code,
                "area": standard.area,
                "standard_en": standard.name_en,
                "standard_ru": standard.name_ru,
                "standard_kk": standard.name_kk,
                "links": links.get((unit_id, std_id), []),
            }
        )
    return rows, total


def _links(session: Session, unit_ids: set[int]) -> dict[tuple[int, int], list[str]]:
    if not unit_ids:
        return {}
    found: dict[tuple[int, int], list[str]] = {}
    rows = session.execute(
        select(GapLink, Project.code, Project.name, BudgetLine.purpose, BudgetLine.year)
        .outerjoin(Project, Project.id == GapLink.project_id)
        .outerjoin(BudgetLine, BudgetLine.id == GapLink.budget_line_id)
        .where(GapLink.unit_id.in_(unit_ids))
    ).all()
    for link, project_code, project_name, purpose, budget_year in rows:
        label = (
            f"project {project_code}: {project_name}"
            if project_code
            else f"budget line {budget_year}: {purpose}"
            if purpose
            else str(link.reference)
        )
        if link.synthetic:
            label += " (synthetic)"
        found.setdefault((link.unit_id, link.standard_id), []).append(label)
    return found


def trend(session: Session, rule: SufficiencyRule | None = None) -> list[dict[str, Any]]:
    """National level per year with records, and the straight line from the first year to the
    2028 target (progress = share of the way covered)."""
    rule = rule or SufficiencyRule()
    standards = load_standards(session)
    rows = []
    for year in provision_years(session):
        result = compute_level(
            load_units(session, year), standards, load_records(session, year), rule
        )
        rows.append({"year": year, "national_pct": _pct(result.national)})
    target = national_target()
    stated = national_stated()
    for row in rows:
        level = row["national_pct"]
        row["target_pct"] = target.value_pct
        row["gap_to_target_pp"] = None if level is None else round(target.value_pct - level, 2)
        row["progress_pct"] = (
            None
            if level is None
            else round(100 * (level - stated.value_pct) / (target.value_pct - stated.value_pct), 1)
        )
    return rows
