"""Synthetic provision records calibrated to the stated figures (pure: returns arrays).

For the last demo year each region's settlement-weighted level is drawn near its stated figure
(Almaty 92.1%, Abai 56.3%, ...); the regions without one share the rest so the national level
comes out near the stated 64%. Earlier years are a point lower per year. Each settlement meets an
exact share of its applicable standards (its own level: region level + category effect + noise),
the standards it misses chosen with per-standard difficulty. Flagged synthetic wherever shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from monotown.standards.categories import CATEGORY_INDEX
from monotown.standards.inputs import Standards, Units, every_pair

NATIONAL_AIM = 0.64
YEARLY_STEP = 0.01
CATEGORY_EFFECT = {
    "city_republican": 0.0,
    "city_regional": 0.08,
    "district_centre": 0.06,
    "support_village": 0.03,
    "rural_centre": 0.0,
    "village": -0.02,
}


@dataclass(frozen=True)
class DemoProvision:
    unit_id: npt.NDArray[np.int64]
    standard_id: npt.NDArray[np.int64]
    year: npt.NDArray[np.int64]
    met: npt.NDArray[np.bool_]


def region_aims(
    units: Units, stated: dict[int, float], rng: np.random.Generator
) -> dict[int, float]:
    """Level per region id for the last year: stated where known, the rest centred so the
    settlement-weighted national mean is NATIONAL_AIM."""
    regions, counts = np.unique(units.region_id, return_counts=True)
    free = [int(r) for r in regions if int(r) not in stated]
    jitter = {r: float(rng.normal(0, 0.04)) for r in free}
    weight = dict(zip((int(r) for r in regions), counts.astype(float), strict=True))
    fixed = sum(weight[r] * stated[r] for r in stated if r in weight)
    free_weight = sum(weight[r] for r in free)
    if not free_weight:
        return {r: stated[r] for r in weight}
    mean_jitter = sum(weight[r] * jitter[r] for r in free) / free_weight
    base = (NATIONAL_AIM * sum(weight.values()) - fixed) / free_weight
    aims = {r: float(np.clip(base + jitter[r] - mean_jitter, 0.3, 0.95)) for r in free}
    aims.update({r: stated[r] for r in stated if r in weight})
    return aims


def build_demo_provision(
    units: Units,
    standards: Standards,
    years: list[int],
    stated: dict[int, float],
    *,
    seed: int = 20250902,
) -> DemoProvision:
    rng = np.random.default_rng(seed)
    aims = region_aims(units, stated, rng)
    n_units, n_std = len(units.id), len(standards.id)
    every_unit, every_std, applies = every_pair(units, standards)
    pair_unit, pair_std = every_unit[applies], every_std[applies]
    effect = np.zeros(len(CATEGORY_INDEX))
    for name, value in CATEGORY_EFFECT.items():
        effect[CATEGORY_INDEX[name]] = value
    region_aim = np.array([aims[int(r)] for r in units.region_id])
    # Settlements of a region average to its aim: the category effects are centred per region.
    unit_effect = effect[units.category]
    for region in np.unique(units.region_id):
        members = units.region_id == region
        unit_effect[members] -= unit_effect[members].mean()
    noise = rng.normal(0, 0.12, n_units)
    for region in np.unique(units.region_id):
        members = units.region_id == region
        if members.sum() > 1:
            noise[members] -= noise[members].mean()
        else:
            noise[members] = 0.0
    difficulty = rng.normal(0, 1, n_std)
    tie_break = rng.random(len(pair_unit))
    # Order each settlement's standards from easiest to hardest (plus a random tie-break).
    order = np.lexsort(
        (tie_break, difficulty[pair_std] + rng.normal(0, 0.7, len(pair_std)), pair_unit)
    )
    pair_unit, pair_std = pair_unit[order], pair_std[order]
    counts = np.bincount(pair_unit, minlength=n_units)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    rank = np.arange(len(pair_unit)) - starts[pair_unit]
    last = max(years)
    out_unit, out_std, out_year, out_met = [], [], [], []
    for year in sorted(years):
        level = np.clip(region_aim + unit_effect + noise - YEARLY_STEP * (last - year), 0.02, 1.0)
        met_count = np.rint(level * counts).astype(np.int64)
        out_unit.append(units.id[pair_unit])
        out_std.append(standards.id[pair_std])
        out_year.append(np.full(len(pair_unit), year, dtype=np.int64))
        out_met.append(rank < met_count[pair_unit])
    return DemoProvision(
        unit_id=np.concatenate(out_unit),
        standard_id=np.concatenate(out_std),
        year=np.concatenate(out_year),
        met=np.concatenate(out_met),
    )
