"""Bending synthetic series onto real figures: through known points, onto stated totals.

Pure numpy, no database. Two operations the demo model uses so that a synthetic value never
contradicts a real one:

- `pass_through`: a town's path is multiplied by a factor that equals real / synthetic at every
  year with a real value, moves linearly (in logs) between them and stays constant beyond, so the
  path goes exactly through every real point and keeps its shape elsewhere.
- `fit_total`: in one year, the towns a stated total covers are rescaled (those with a real value
  that year stay as they are) so that their sum equals the total exactly after rounding.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def pass_through(values: Array, known: Array | None) -> Array:
    """`values` (towns x years, positive) bent through every non-NaN cell of `known`."""
    if known is None or not np.any(~np.isnan(known)):
        return values
    result = values.astype(float).copy()
    years = np.arange(values.shape[1])
    for row in np.flatnonzero(np.any(~np.isnan(known), axis=1)):
        points = np.flatnonzero(~np.isnan(known[row]))
        base = np.where(values[row, points] == 0, 1.0, values[row, points])
        ratios = known[row, points] / base
        if np.all(ratios > 0):
            factor = np.exp(np.interp(years, points, np.log(ratios)))
            result[row] = values[row] * factor
        else:  # a zero or sign change: shift instead of scaling
            result[row] = values[row] + np.interp(years, points, known[row, points] - base)
        result[row, points] = known[row, points]
    return result


def fit_total(
    values: Array,
    covered: Array,
    column: int,
    total: float,
    decimals: int,
    fixed: Array | None = None,
    *,
    carry: str = "none",
) -> Array:
    """Rescale the covered, not fixed towns so the column sums (after rounding) to `total`.

    `carry` says which other years take the same factor, so the path keeps its shape: 'none',
    'later' (the years after) or 'all'. The rounding residual goes to the largest free town;
    the fixed towns' values are taken as stored (rounded to `decimals`, as real values are).
    """
    result = values.astype(float).copy()
    fixed_rows = np.zeros(len(values), bool) if fixed is None else fixed
    free = covered & ~fixed_rows
    if not np.any(free):
        return result
    rest = total - result[covered & fixed_rows, column].sum()
    current = result[free, column].sum()
    factor = rest / current if current else 1.0
    columns = {"all": slice(None), "later": slice(column, None)}.get(
        carry, slice(column, column + 1)
    )
    result[free, columns] = result[free, columns] * factor
    result[free, column] = np.round(result[free, column], decimals)
    residual = round(total - result[covered, column].sum(), decimals)
    largest = np.flatnonzero(free)[np.argmax(result[free, column])]
    result[largest, column] = round(result[largest, column] + residual, decimals)
    return result


def year_ratios_with_weakest(
    draws: Array, covered: Array, weak: Array, target: float, base: Array
) -> Array:
    """Per-town ratios (this year / last year) whose base-weighted mean over the covered towns is
    `target`, with the weak towns the lowest of all: weak towns fall 12 points more than the
    lowest other town."""
    others = covered & ~weak
    spread = 1 + 0.04 * np.clip(draws, -2, 2)
    ratios = spread.copy()
    # Solve c: sum(base * ratio) = target * sum(base) with ratio = c * spread for the others and
    # (c * min(spread of others) - 0.12) for the weak towns.
    low = spread[others].min() if np.any(others) else 1.0
    weight_weak = base[covered & weak].sum()
    numerator = target * base[covered].sum() + 0.12 * weight_weak
    denominator = (base[others] * spread[others]).sum() + low * weight_weak
    scale = numerator / denominator if denominator else target
    ratios = np.where(others, scale * spread, ratios)
    ratios = np.where(covered & weak, scale * low - 0.12, ratios)
    return ratios
