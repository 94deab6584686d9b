"""Settlement categories of the system of regional standards, and which standards apply where.

The five categories of the updated system (cities of national and regional significance; towns
of district significance and district centres; centres of rural districts; key (support) rural
settlements; other villages) are kept as six codes, the first split in two. A settlement belongs
to exactly one: the highest that fits. `urban`, `rural` and `all` are shorthands in the catalog.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

CATEGORIES = (
    "city_republican",
    "city_regional",
    "district_centre",
    "support_village",
    "rural_centre",
    "village",
)
URBAN = ("city_republican", "city_regional", "district_centre")
RURAL = ("support_village", "rural_centre", "village")
SHORTHANDS = {"all": CATEGORIES, "urban": URBAN, "rural": RURAL}
CATEGORY_INDEX = {name: index for index, name in enumerate(CATEGORIES)}


def expand_categories(text: str) -> tuple[str, ...]:
    """'urban;support_village' -> the category codes it names, in catalog order.

    Raises ValueError naming the first unknown word.
    """
    chosen: set[str] = set()
    for word in (part.strip() for part in text.replace(",", ";").split(";")):
        if not word:
            continue
        if word in SHORTHANDS:
            chosen.update(SHORTHANDS[word])
        elif word in CATEGORY_INDEX:
            chosen.add(word)
        else:
            known = ", ".join((*SHORTHANDS, *CATEGORIES))
            raise ValueError(f"unknown category '{word}' (known: {known})")
    if not chosen:
        raise ValueError("names no category")
    return tuple(name for name in CATEGORIES if name in chosen)


def category_of(
    settlement_type: str, *, district_centre: bool, rural_centre: bool, support_village: bool
) -> str:
    """The one category of a settlement (the highest that fits)."""
    if settlement_type == "city_republican":
        return "city_republican"
    if settlement_type == "city_regional":
        return "city_regional"
    if settlement_type == "city_district" or district_centre:
        return "district_centre"
    if support_village:
        return "support_village"
    if rural_centre:
        return "rural_centre"
    return "village"


def applicability(
    category_masks: npt.NDArray[np.bool_],
    min_population: npt.NDArray[np.float64],
    max_population: npt.NDArray[np.float64],
    unit_category: npt.NDArray[np.int64],
    unit_population: npt.NDArray[np.float64],
    unit_index: npt.NDArray[np.int64],
    standard_index: npt.NDArray[np.int64],
) -> npt.NDArray[np.bool_]:
    """For each (unit, standard) pair, whether the standard applies to the unit.

    `category_masks` is standards x categories; population bounds are NaN when open. A unit of
    unknown population (NaN) is held to every standard of its category, bounds or not.
    """
    category = unit_category[unit_index]
    population = unit_population[unit_index]
    applies = category_masks[standard_index, category]
    low = min_population[standard_index]
    high = max_population[standard_index]
    known = ~np.isnan(population)
    applies &= ~(known & ~np.isnan(low) & (population < low))
    applies &= ~(known & ~np.isnan(high) & (population > high))
    return np.asarray(applies, dtype=np.bool_)
