"""Aggregation level by level up the tree: weighted arithmetic or geometric mean.

Missing values are skipped and the remaining weights re-scaled (COINr `a_amean`, `a_gmean`); a unit
whose share of available members falls below `min_coverage` gets a missing aggregate (COINr's
`dat_thresh`).

Geometric means need positive inputs. COINr stops with an error on any zero or negative value
(`geometric_zeros: error` here). Monotown's default (`offset`) adds one constant s to every value
before taking logs and subtracts it afterwards: s = max(0, 1 - min(normalised data)), the same for
all units and levels of a run, so min-max scores 0-100 become 1-101 and z-scores are shifted just
enough. An aggregate always lies between its members' minimum and maximum, so the shift stays valid
at every level, and rankings stay comparable across units.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from monotown.assess.tree import Tree
from monotown.errors import InputError

FloatArray = np.ndarray
WeightFunction = Callable[[pd.DataFrame], FloatArray]


def amean(x: FloatArray, w: FloatArray) -> float:
    """COINr `a_amean`: weighted mean of the non-missing values, weights re-scaled to sum 1."""
    values = np.asarray(x, dtype=float)
    weights = np.asarray(w, dtype=float)
    keep = ~np.isnan(values)
    if not keep.any() or weights[keep].sum() == 0:
        return float("nan")
    return float(np.sum(weights[keep] * values[keep]) / weights[keep].sum())


def gmean(x: FloatArray, w: FloatArray, shift: float = 0.0) -> float:
    """COINr `a_gmean` on x + shift, minus shift; an error on non-positive shifted values."""
    values = np.asarray(x, dtype=float) + shift
    weights = np.asarray(w, dtype=float)
    keep = ~np.isnan(values)
    if not keep.any() or weights[keep].sum() == 0:
        return float("nan")
    if np.any(values[keep] <= 0):
        raise InputError(
            "geometric mean needs positive values: normalise to a positive range or use "
            "'geometric_zeros: offset'"
        )
    logs = np.sum(weights[keep] * np.log(values[keep])) / weights[keep].sum()
    return float(np.exp(logs) - shift)


def geometric_shift(normalised: pd.DataFrame | FloatArray, policy: str) -> float:
    """The offset s that makes every value at least 1 (0 under the 'error' policy)."""
    if policy == "error":
        return 0.0
    values = np.asarray(normalised, dtype=float)
    if values.size == 0 or np.all(np.isnan(values)):
        return 0.0
    return float(max(0.0, 1.0 - np.nanmin(values)))


def aggregate_group(
    frame: pd.DataFrame, weights: FloatArray, method: str, *, shift: float, min_coverage: float
) -> pd.Series:
    """Aggregate the columns of `frame` into one score per unit (row), vectorised over units."""
    values = frame.to_numpy(dtype=float)
    w = np.asarray(weights, dtype=float)
    present = ~np.isnan(values)
    wsum = present @ w
    coverage = present.mean(axis=1) if values.shape[1] else np.zeros(len(frame))
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "geometric":
            shifted = values + shift
            if np.any(shifted[present] <= 0):
                raise InputError(
                    "geometric mean needs positive values: normalise to a positive range or use "
                    "'geometric_zeros: offset'"
                )
            logs = np.where(present, np.log(np.where(present, shifted, 1.0)), 0.0)
            out = np.exp((logs @ w) / wsum) - shift
        else:
            out = (np.where(present, values, 0.0) @ w) / wsum
    out = np.where((wsum > 0) & (coverage >= min_coverage) & present.any(axis=1), out, np.nan)
    return pd.Series(out, index=frame.index, name=None)


def aggregate(
    normalised: pd.DataFrame,
    tree: Tree,
    methods: list[str],
    *,
    shift: float = 0.0,
    min_coverage: float = 0.0,
    weight_function: WeightFunction | None = None,
) -> tuple[pd.DataFrame, dict[str, float]]:
    """All aggregates (units x aggregate codes, bottom-up) and the weights actually used.

    `methods` holds one method per aggregation level (or one for all). With `weight_function`
    (e.g. PCA weights) each group's weights are computed from its members' scores as they stand.
    """
    levels = tree.aggregates_by_level
    per_level = methods if len(methods) == len(levels) else [methods[0]] * len(levels)
    scores = normalised[tree.indicators].astype(float).copy()
    used: dict[str, float] = {}
    for method, level in zip(per_level, levels, strict=True):
        new = {}
        for code in level:
            kids = tree.children[code]
            members = scores[kids]
            if weight_function is not None:
                w = weight_function(members)
            else:
                w = np.array([tree.weight[k] for k in kids], dtype=float)
            used.update(dict(zip(kids, (float(v) for v in w), strict=True)))
            new[code] = aggregate_group(members, w, method, shift=shift, min_coverage=min_coverage)
        scores = pd.concat([scores, pd.DataFrame(new, index=scores.index)], axis=1)
    used[tree.root] = 1.0
    return scores[tree.order], used
