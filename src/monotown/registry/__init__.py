"""The registry: regions, settlements, town-forming enterprises and monotown status over time."""

from monotown.registry.population import PopulationView
from monotown.registry.reference import (
    LoadReport,
    load_reference,
    registry_counts,
    registry_is_empty,
)
from monotown.registry.store import (
    LIST_LABELS,
    ListCoverage,
    TownView,
    count_explanation,
    find_region,
    find_settlement,
    find_settlement_ids,
    list_coverage,
    list_towns,
    town_by_code,
    town_profile,
)

__all__ = [
    "LIST_LABELS",
    "ListCoverage",
    "LoadReport",
    "PopulationView",
    "TownView",
    "count_explanation",
    "find_region",
    "find_settlement",
    "find_settlement_ids",
    "list_coverage",
    "list_towns",
    "load_reference",
    "registry_counts",
    "registry_is_empty",
    "town_by_code",
    "town_profile",
]
