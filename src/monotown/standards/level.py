"""One year's sufficiency for the whole country, from the arrays of `inputs.py` (pure).

`compute_level` keeps only records whose standard applies to their settlement (by category and
population), scores every settlement, and rolls the scores up to district, region and nation with
the rule's weighting. The gaps are the applicable records not met.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from monotown.standards.inputs import Records, Standards, Units, every_pair, pairs_applying
from monotown.standards.sufficiency import (
    GroupLevels,
    SettlementLevels,
    SufficiencyRule,
    national_level,
    roll_up,
    settlement_levels,
    unit_weights,
)


@dataclass(frozen=True)
class LevelResult:
    """Levels (fractions 0-1) of one year under one rule; groups keyed by their ids."""

    rule: SufficiencyRule
    national: float
    settlements: SettlementLevels
    weights: npt.NDArray[np.float64]
    region_ids: npt.NDArray[np.int64]
    regions: GroupLevels
    district_ids: npt.NDArray[np.int64]
    districts: GroupLevels
    gap_unit: npt.NDArray[np.int64]
    gap_standard: npt.NDArray[np.int64]
    records_used: int
    records_not_applicable: int


def _groups(values: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Distinct non-negative ids and each value's position among them (-1 for negatives)."""
    valid = values >= 0
    ids = np.unique(values[valid])
    index = np.full(len(values), -1, dtype=np.int64)
    index[valid] = np.searchsorted(ids, values[valid])
    return ids, index


def compute_level(
    units: Units, standards: Standards, records: Records, rule: SufficiencyRule
) -> LevelResult:
    unit_pos = units.positions(records.unit_id)
    std_pos = standards.positions(records.standard_id)
    known = (unit_pos >= 0) & (std_pos >= 0)
    unit_pos, std_pos, met = unit_pos[known], std_pos[known], records.met[known]
    applies = pairs_applying(units, standards, unit_pos, std_pos)
    unit_pos, std_pos, met = unit_pos[applies], std_pos[applies], met[applies]
    weight = standards.weight[std_pos] if rule.standard_weights else np.ones(len(std_pos))
    without_record = None
    if rule.missing == "unmet":
        without_record = _unrecorded_weight(units, standards, unit_pos, std_pos, rule)
    levels = settlement_levels(
        len(units.id), unit_pos, met, weight, applicable_without_record=without_record
    )
    weights = unit_weights(levels, units.population, rule.weighting)
    region_ids, region_index = _groups(units.region_id)
    district_ids, district_index = _groups(units.district_id)
    gaps = ~met
    return LevelResult(
        rule=rule,
        national=national_level(levels, weights),
        settlements=levels,
        weights=weights,
        region_ids=region_ids,
        regions=roll_up(levels, weights, region_index, len(region_ids)),
        district_ids=district_ids,
        districts=roll_up(levels, weights, district_index, len(district_ids)),
        gap_unit=unit_pos[gaps],
        gap_standard=std_pos[gaps],
        records_used=len(met),
        records_not_applicable=int((~applies).sum()),
    )


def _unrecorded_weight(
    units: Units,
    standards: Standards,
    unit_pos: npt.NDArray[np.int64],
    std_pos: npt.NDArray[np.int64],
    rule: SufficiencyRule,
) -> npt.NDArray[np.float64]:
    """Per unit, the weight of applicable standards that have no record (rule missing='unmet')."""
    n_units, n_std = len(units.id), len(standards.id)
    every_unit, every_std, applies = every_pair(units, standards)
    weight = standards.weight if rule.standard_weights else np.ones(n_std)
    applicable_total = np.bincount(
        every_unit[applies], weights=weight[every_std[applies]], minlength=n_units
    )
    recorded = np.bincount(unit_pos, weights=weight[std_pos], minlength=n_units)
    return np.asarray(np.maximum(applicable_total - recorded, 0.0), dtype=np.float64)


def gap_order(result: LevelResult, units: Units) -> npt.NDArray[np.int64]:
    """Gap positions, most people affected first (unknown population last), then by unit id."""
    population = np.nan_to_num(units.population[result.gap_unit], nan=-1.0)
    return np.lexsort((units.id[result.gap_unit], result.gap_standard, -population)).astype(
        np.int64
    )
