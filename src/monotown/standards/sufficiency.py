"""The sufficiency level: per settlement met / applicable, rolled up to district, region, nation.

Pure computation on arrays; `store.py` feeds it from the database. The rule is data
(`SufficiencyRule`), recorded with every result so a figure can be recomputed with one setting
changed:

- settlement level = sum(w_s * met_s) / sum(w_s) over the standards that apply to the settlement
  and have a provision record for the year; w_s is the standard's catalog weight when
  `standard_weights` is on, else 1. Applicable standards with no record are left out (`missing =
  "skip"`) or counted as not met (`missing = "unmet"`).
- a group's level (district, region, nation) is the mean of its settlements' levels weighted by
  `weighting`: "settlement" (each settlement counts once), "population" (by residents; settlements
  of unknown population count with weight 0), or "pooled" (by the settlement's applicable weight,
  i.e. total met over total applicable in the group).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

WEIGHTINGS = ("settlement", "population", "pooled")
MISSING_RULES = ("skip", "unmet")

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class SufficiencyRule:
    """How settlement levels are computed and averaged (see the module docstring)."""

    weighting: str = "settlement"
    standard_weights: bool = False
    missing: str = "skip"

    def __post_init__(self) -> None:
        if self.weighting not in WEIGHTINGS:
            raise ValueError(f"weighting must be one of {', '.join(WEIGHTINGS)}")
        if self.missing not in MISSING_RULES:
            raise ValueError(f"missing must be one of {', '.join(MISSING_RULES)}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        weights = "catalog weights" if self.standard_weights else "equal weights"
        return (
            f"met / applicable per settlement ({weights}, records missing: {self.missing}); "
            f"groups weighted by {self.weighting}"
        )


@dataclass(frozen=True)
class SettlementLevels:
    """Per unit (positionally): met weight, applicable weight, level (NaN if nothing applies)."""

    met: FloatArray
    applicable: FloatArray
    level: FloatArray


def settlement_levels(
    n_units: int,
    unit_index: IntArray,
    met: BoolArray,
    standard_weight: FloatArray,
    *,
    applicable_without_record: FloatArray | None = None,
) -> SettlementLevels:
    """Sum the (applicable) records of each unit: `unit_index`, `met` and `standard_weight` are
    per record; `applicable_without_record` adds weight of applicable standards with no record
    (counted as not met)."""
    applicable: FloatArray = np.bincount(
        unit_index, weights=standard_weight, minlength=n_units
    ).astype(np.float64)
    met_weight: FloatArray = np.bincount(
        unit_index, weights=standard_weight * met.astype(np.float64), minlength=n_units
    ).astype(np.float64)
    if applicable_without_record is not None:
        applicable = applicable + applicable_without_record
    with np.errstate(invalid="ignore", divide="ignore"):
        level = np.where(applicable > 0, met_weight / applicable, np.nan)
    return SettlementLevels(met=met_weight, applicable=applicable, level=level)


def unit_weights(levels: SettlementLevels, population: FloatArray, weighting: str) -> FloatArray:
    """The weight of each settlement in its group's average (0 where nothing applies)."""
    counted = levels.applicable > 0
    if weighting == "settlement":
        weights = counted.astype(np.float64)
    elif weighting == "population":
        weights = np.where(counted, np.nan_to_num(population, nan=0.0), 0.0)
    elif weighting == "pooled":
        weights = np.where(counted, levels.applicable, 0.0)
    else:
        raise ValueError(f"unknown weighting '{weighting}'")
    return np.asarray(weights, dtype=np.float64)


@dataclass(frozen=True)
class GroupLevels:
    """Per group (positionally): level (NaN where no weight), weight, settlements counted."""

    level: FloatArray
    weight: FloatArray
    settlements: IntArray


def roll_up(
    levels: SettlementLevels, weights: FloatArray, group_index: IntArray, n_groups: int
) -> GroupLevels:
    """Weighted mean of settlement levels per group; `group_index` < 0 leaves a unit out."""
    keep = (group_index >= 0) & (weights > 0)
    groups = group_index[keep]
    total: FloatArray = np.bincount(groups, weights=weights[keep], minlength=n_groups).astype(
        np.float64
    )
    weighted = np.bincount(groups, weights=weights[keep] * levels.level[keep], minlength=n_groups)
    counted = np.bincount(groups, minlength=n_groups).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        level = np.where(total > 0, weighted / total, np.nan)
    return GroupLevels(level=level, weight=total, settlements=counted)


def national_level(levels: SettlementLevels, weights: FloatArray) -> float:
    """The weighted mean over every settlement (NaN when nothing is counted)."""
    total = float(weights.sum())
    if total <= 0:
        return float("nan")
    mask = weights > 0
    return float((weights[mask] * levels.level[mask]).sum() / total)
