"""Normalisation: bring indicators onto a common scale, direction-aware, with COINr's formulas.

As in COINr's `Normalise.numeric`, a lower-is-better indicator is multiplied by -1 before the
method is applied, so that a higher normalised value is always better. Monotown adds a third
direction, "target" (closest to a target value is best): such an indicator becomes -|x - target|.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from monotown.assess.methodology import IndicatorSpec, NormalisationSpec
from monotown.errors import InputError

FloatArray = np.ndarray


def minmax(x: FloatArray, lower: float = 0.0, upper: float = 100.0) -> FloatArray:
    """COINr `n_minmax`: (x - min)/(max - min) scaled onto [lower, upper]; NaN if the range is 0."""
    values = np.asarray(x, dtype=float)
    lo, hi = np.nanmin(values), np.nanmax(values)
    if hi == lo:
        return np.full(values.shape, np.nan)
    out: FloatArray = (values - lo) / (hi - lo) * (upper - lower) + lower
    return out


def zscore(x: FloatArray, mean: float = 0.0, sd: float = 1.0) -> FloatArray:
    """COINr `n_zscore`: standardise with the sample (n - 1) standard deviation, then rescale."""
    values = np.asarray(x, dtype=float)
    valid = values[~np.isnan(values)]
    if valid.size < 2:
        return np.full(values.shape, np.nan)
    s = valid.std(ddof=1)
    if s == 0:
        return np.full(values.shape, np.nan)
    out: FloatArray = (values - valid.mean()) / s * sd + mean
    return out


def rank_min(x: FloatArray) -> FloatArray:
    """R's `rank(x, ties.method = "min", na.last = "keep")`: 1 = smallest, ties share the lowest."""
    values = np.asarray(x, dtype=float)
    out = np.full(values.shape, np.nan)
    valid = ~np.isnan(values)
    v = values[valid]
    order = np.sort(v)
    out[valid] = np.searchsorted(order, v, side="left") + 1
    return out


def percentile_rank(x: FloatArray) -> FloatArray:
    """COINr `n_prank`: (min-rank - 1) / (number of values - 1), in [0, 1]."""
    ranks = rank_min(x)
    n = int((~np.isnan(ranks)).sum())
    if n < 2:
        return np.full(ranks.shape, np.nan)
    out: FloatArray = (ranks - 1) / (n - 1)
    return out


def dist2targ(x: FloatArray, target: float, cap_max: bool = True) -> FloatArray:
    """COINr `n_dist2targ` (direction 1): (x - min)/(target - min), capped at 1 if `cap_max`."""
    values = np.asarray(x, dtype=float)
    lo = np.nanmin(values)
    if target == lo:
        return np.full(values.shape, np.nan)
    out: FloatArray = (values - lo) / (target - lo)
    if cap_max:
        out = np.where(out > 1, 1.0, out)
    return out


def goalposts(x: FloatArray, lower: float, upper: float, scale: float = 1.0) -> FloatArray:
    """COINr `n_goalposts`: (x - lower)/(upper - lower) truncated to [0, 1], times `scale`."""
    values = np.asarray(x, dtype=float)
    out = (values - lower) / (upper - lower)
    out = np.clip(out, 0.0, 1.0)
    result: FloatArray = np.where(np.isnan(values), np.nan, out * scale)
    return result


def oriented(x: FloatArray, spec: IndicatorSpec) -> FloatArray:
    """The indicator turned so that higher is better (COINr multiplies by the direction)."""
    values = np.asarray(x, dtype=float)
    if spec.direction == "lower":
        return -values
    if spec.direction == "target":
        if spec.target is None:
            raise InputError("direction 'target' needs a target value", field=spec.code)
        target_distance: FloatArray = -np.abs(values - spec.target)
        return target_distance
    return values


def normalise_column(x: FloatArray, spec: IndicatorSpec, how: NormalisationSpec) -> FloatArray:
    """Normalise one indicator according to `how`, honouring its direction."""
    method = how.method
    if method == "goalposts":
        if spec.goalposts is None:
            raise InputError(
                "goalposts normalisation needs goalposts [lower, upper]", field=spec.code
            )
        lower, upper = spec.goalposts
        values = np.asarray(x, dtype=float)
        if spec.direction == "lower":
            return goalposts(-values, -upper, -lower, how.scale)
        if spec.direction == "target":
            raise InputError("goalposts cannot be used with direction 'target'", field=spec.code)
        return goalposts(values, lower, upper, how.scale)
    y = oriented(x, spec)
    if method == "minmax":
        return minmax(y, *how.range)
    if method == "zscore":
        return zscore(y, *how.mean_sd)
    if method == "rank":
        return rank_min(y)
    if method == "percentile":
        out: FloatArray = percentile_rank(y) * how.scale
        return out
    if method == "dist2targ":
        if spec.direction == "target":
            target = 0.0
        elif spec.target is None:
            raise InputError("distance-to-target normalisation needs a target", field=spec.code)
        else:
            target = -spec.target if spec.direction == "lower" else spec.target
        scaled: FloatArray = dist2targ(y, target, how.cap_max) * how.scale
        return scaled
    return y


def normalise(
    data: pd.DataFrame, specs: dict[str, IndicatorSpec], how: NormalisationSpec
) -> pd.DataFrame:
    """Normalise every column of `data` (units x indicators) with the indicator's spec."""
    columns = {
        code: normalise_column(data[code].to_numpy(dtype=float), specs[code], how)
        for code in data.columns
    }
    return pd.DataFrame(columns, index=data.index, columns=data.columns, dtype=float)
