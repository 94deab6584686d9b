"""The demo series fitted to what the government stated about the towns together.

Pure numpy. A stated total (output in 2023, active SMEs, operating anchor projects) is met exactly
by the towns it covers; in a year whose statement names the weakest towns, their fall from the
year before is the largest. Towns with a real value of the series are never rescaled: their path
goes through the real value and the other covered towns make up the difference.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from monotown.data.demo_anchors import fit_total, year_ratios_with_weakest
from monotown.data.demo_inputs import YEARS, Array, Towns

OUTPUT_CODE = "industrial_output_kzt_bn"


def fixed_rows(towns: Towns, code: str) -> Array:
    """Towns with any real value of `code`."""
    known = towns.known.get(code)
    if known is None:
        return np.zeros(len(towns.codes), bool)
    return np.asarray(np.any(~np.isnan(known), axis=1))


def _stated_years(towns: Towns, code: str) -> list[tuple[int, float]]:
    return sorted(
        (year, total)
        for (total_code, year), total in towns.totals.items()
        if total_code == code and YEARS[0] <= year <= YEARS[-1]
    )


def fit_stated(values: Array, towns: Towns, code: str, decimals: int) -> Array:
    """Every stated total of `code`, oldest first: the first rescales the whole path (a level),
    each later one the years from it on (a change)."""
    covered, fixed, carry = towns.covered_mask, fixed_rows(towns, code), "all"
    for year, total in _stated_years(towns, code):
        values = fit_total(values, covered, year - YEARS[0], total, decimals, fixed, carry=carry)
        carry = "later"
    return values


def stated_output(output: Array, towns: Towns, draw: Callable[[str], Array]) -> Array:
    """Industrial output fitted to the stated totals, the weakest towns falling the most."""
    covered, fixed, carry = towns.covered_mask, fixed_rows(towns, OUTPUT_CODE), "all"
    stated = dict(_stated_years(towns, OUTPUT_CODE))
    for year, total in sorted(stated.items()):
        column = year - YEARS[0]
        weak = towns.mask(towns.weakest, year)
        free = covered & ~fixed
        if year - 1 in stated and np.any(weak) and np.any(free):
            rest = total - output[covered & fixed, column].sum()
            target = rest / output[free, column - 1].sum()
            previous = output[:, column - 1]
            ratios = year_ratios_with_weakest(draw(f"ratio {year}"), free, weak, target, previous)
            growth = output[:, column:] / output[:, column : column + 1]
            changed = np.where(free, ratios * previous, output[:, column])
            output[:, column:] = np.where(
                free[:, None], changed[:, None] * growth, output[:, column:]
            )
        output = fit_total(output, covered, column, total, 2, fixed, carry=carry)
        carry = "later"
    return np.round(output, 2)
