"""What the demo model is given: the towns, the catalog entries, sector traits and cycles.

Plain data, no computation: `demo_model` builds the series from these. See docs/demo-data.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

Array = np.ndarray

SEED = 20_150_101
YEARS = np.arange(2015, 2026)
PRICE_GROWTH = 1.07

# Commodity cycles by sector group, 2015..2025 (added to the enterprise's health).
CYCLES = {
    "oil": [-0.6, -0.5, -0.1, 0.2, 0.1, -0.6, 0.0, 0.5, 0.3, 0.2, 0.1],
    "metals": [-0.4, -0.3, 0.1, 0.2, 0.0, -0.1, 0.5, 0.4, 0.1, 0.2, 0.1],
    "coal": [-0.2, -0.3, 0.0, 0.1, -0.1, -0.3, 0.2, 0.4, 0.0, -0.2, -0.3],
    "minerals": [0.0, -0.1, 0.0, 0.1, 0.0, -0.2, 0.1, 0.2, 0.0, -0.1, -0.1],
    "energy": [0.0, 0.0, 0.1, 0.1, 0.0, -0.1, 0.1, 0.1, 0.0, 0.0, 0.0],
    "industry": [-0.1, -0.2, 0.0, 0.1, 0.0, -0.3, 0.1, 0.2, 0.1, 0.0, 0.0],
    "public": [0.0] * 11,
}
# Sector group by OKED division of the town-forming enterprise.
SECTOR_OF_OKED = {
    "B05": "coal",
    "B06": "oil",
    "B07": "metals",
    "B08": "minerals",
    "C24": "metals",
    "C20": "industry",
    "C23": "industry",
    "D35": "energy",
    "O84": "public",
    "M72": "public",
}
# Per sector: population drift, wage premium over the region, output per resident (thousand KZT,
# 2015), mining / primary-metals / utilities shares of output, town-forming share of employment,
# air pollution index base, emissions per resident (t).
SECTOR_TRAITS = {
    "oil": (0.012, 0.45, 9000, 85, 0, 5, 45, 3.5, 1.5),
    "metals": (-0.002, 0.25, 6500, 35, 45, 8, 38, 7.5, 3.5),
    "coal": (-0.008, 0.20, 3500, 75, 0, 15, 42, 5.5, 2.0),
    "minerals": (-0.004, 0.10, 2500, 70, 0, 8, 35, 3.5, 0.8),
    "energy": (0.000, 0.15, 4500, 40, 0, 50, 28, 5.0, 9.0),
    "industry": (-0.003, 0.05, 2000, 10, 10, 10, 25, 3.0, 0.6),
    "public": (-0.006, 0.00, 400, 0, 0, 30, 50, 2.0, 0.1),
}


@dataclass(frozen=True)
class Towns:
    """What the model needs to know about each town (one entry per town, same order)."""

    codes: list[str]
    regions: list[str]
    sectors: list[str]
    former_enterprise: Array
    population: Array
    population_year: Array
    tfe_employment: Array
    tfe_employment_year: Array
    # Real values by catalog code (towns x YEARS, NaN where none): series pass through them.
    known: dict[str, Array] = field(default_factory=dict)
    # Stated totals over the covered towns: (code, year) -> total; and the towns a statement
    # names as weakest in output / with a falling physical volume index (by year).
    totals: dict[tuple[str, int], float] = field(default_factory=dict)
    covered: Array | None = None
    weakest: dict[int, Array] = field(default_factory=dict)
    declining: dict[int, Array] = field(default_factory=dict)

    def mask(self, masks: dict[int, Array], year: int) -> Array:
        return masks.get(year, np.zeros(len(self.codes), bool))

    @property
    def covered_mask(self) -> Array:
        return np.ones(len(self.codes), bool) if self.covered is None else self.covered


@dataclass(frozen=True)
class CatalogEntry:
    code: str
    direction: str
    target: float | None
    low: float | None
    high: float | None
    unit: str
