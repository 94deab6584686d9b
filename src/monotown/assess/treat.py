"""Outlier treatment as in the OECD/JRC Handbook and COINr's default `Treat()`.

Per indicator: if |skewness| >= 2 and kurtosis >= 3.5 (COINr's `check_SkewKurt` fails), winsorise
one point at a time (the side chosen by the sign of the skew) until the check passes or `winmax`
points are treated; if it still fails, the *original* values are log-transformed instead (COINr's
`log_CT`, `combine_treat = FALSE`). Skewness and kurtosis are COINr's (= e1071 type 2 = Excel)
estimators.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from monotown.assess.methodology import TreatmentSpec

FloatArray = np.ndarray


def skew(x: FloatArray) -> float:
    """Sample skewness, COINr `skew()` (e1071 type 2, Excel SKEW); NaN if fewer than 3 values."""
    values = np.asarray(x, dtype=float)
    values = values[~np.isnan(values)]
    n = values.size
    if n < 3:
        return float("nan")
    d = values - values.mean()
    m2 = float(np.sum(d**2))
    if m2 == 0:
        return float("nan")
    g = np.sqrt(n) * float(np.sum(d**3)) / m2**1.5
    return float(g * np.sqrt(n * (n - 1)) / (n - 2))


def kurt(x: FloatArray) -> float:
    """Sample excess kurtosis, COINr `kurt()` (e1071 type 2, Excel KURT); NaN below 4 values."""
    values = np.asarray(x, dtype=float)
    values = values[~np.isnan(values)]
    n = values.size
    if n < 4:
        return float("nan")
    d = values - values.mean()
    m2 = float(np.sum(d**2))
    if m2 == 0:
        return float("nan")
    r = n * float(np.sum(d**4)) / m2**2
    return float(((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))


def passes_skew_kurt(x: FloatArray, skew_thresh: float = 2.0, kurt_thresh: float = 3.5) -> bool:
    """COINr `check_SkewKurt`: passes when |skew| < skew_thresh OR kurtosis < kurt_thresh.

    An indicator whose skew or kurtosis cannot be computed (too few or identical values) passes,
    as COINr returns it untreated.
    """
    s, k = skew(x), kurt(x)
    if np.isnan(s) or np.isnan(k):
        return True
    return bool(abs(s) < skew_thresh or k < kurt_thresh)


@dataclass(frozen=True)
class Winsorised:
    values: FloatArray
    n_points: int
    high: FloatArray
    low: FloatArray


def winsorise(
    x: FloatArray, winmax: int | None = 5, skew_thresh: float = 2.0, kurt_thresh: float = 3.5
) -> Winsorised:
    """COINr `winsorise()`: reassign the extreme value to the next one, one step at a time.

    Each step takes the maximum (skew >= 0) or minimum (skew < 0), ties included, and sets it to the
    next highest (lowest) value. The count of treated points is, as in COINr, the number of points
    currently at the winsorised maximum plus minimum (earlier ones tie with the new extreme).
    The loop runs while the check fails and fewer than `winmax` points were treated.
    """
    values = np.array(x, dtype=float, copy=True)
    high = np.zeros(values.size, dtype=bool)
    low = np.zeros(values.size, dtype=bool)
    last_high = np.zeros(values.size, dtype=bool)
    last_low = np.zeros(values.size, dtype=bool)
    n_points = 0
    passing = passes_skew_kurt(values, skew_thresh, kurt_thresh)
    valid = ~np.isnan(values)
    while not passing and (winmax is None or n_points < winmax):
        s = skew(values)
        if np.isnan(s):
            break
        if s >= 0:
            top = np.nanmax(values)
            at = valid & (values == top)
            rest = values[valid & ~at]
            if rest.size == 0:
                break
            values[at] = rest.max()
            last_high = at
            high |= at
        else:
            bottom = np.nanmin(values)
            at = valid & (values == bottom)
            rest = values[valid & ~at]
            if rest.size == 0:
                break
            values[at] = rest.min()
            last_low = at
            low |= at
        n_points = int(last_high.sum() + last_low.sum())
        passing = passes_skew_kurt(values, skew_thresh, kurt_thresh)
    return Winsorised(values=values, n_points=n_points, high=high, low=low)


def log_ct(x: FloatArray) -> FloatArray:
    """COINr `log_CT`: log(x - min(x) + 0.01 * (max(x) - min(x)))."""
    values = np.asarray(x, dtype=float)
    lo, hi = np.nanmin(values), np.nanmax(values)
    out: FloatArray = np.log(values - lo + 0.01 * (hi - lo))
    return out


def log_ct_plus(x: FloatArray) -> FloatArray:
    """COINr `log_CT_plus`: `log_CT` for positive skew, -log(max + a - x) for negative skew."""
    values = np.asarray(x, dtype=float)
    lo, hi = np.nanmin(values), np.nanmax(values)
    a = 0.01 * (hi - lo)
    if skew(values) > 0:
        positive: FloatArray = np.log(values - lo + a)
        return positive
    negative: FloatArray = -np.log(hi + a - values)
    return negative


@dataclass(frozen=True)
class TreatmentResult:
    data: pd.DataFrame
    report: pd.DataFrame
    points: pd.DataFrame


def treat_column(
    x: FloatArray, spec: TreatmentSpec
) -> tuple[FloatArray, dict[str, object], FloatArray]:
    """Treat one indicator; returns the values, a report row and a per-point label array."""
    values = np.asarray(x, dtype=float)
    labels = np.full(values.size, "", dtype=object)
    n_valid = int((~np.isnan(values)).sum())
    row: dict[str, object] = {
        "n": n_valid,
        "skew_before": skew(values),
        "kurt_before": kurt(values),
        "winsorised": 0,
        "log_transformed": False,
        "treatment": "none",
    }
    too_few = n_valid < spec.min_points
    if (
        spec.method == "none"
        or too_few
        or passes_skew_kurt(values, spec.skew_thresh, spec.kurt_thresh)
    ):
        row.update(skew_after=row["skew_before"], kurt_after=row["kurt_before"], passes=True)
        if too_few and spec.method != "none":
            row["treatment"] = "too few values"
        return values, row, labels
    win = winsorise(values, spec.winmax, spec.skew_thresh, spec.kurt_thresh)
    treated = win.values
    passing = passes_skew_kurt(treated, spec.skew_thresh, spec.kurt_thresh)
    row["winsorised"] = win.n_points
    row["treatment"] = "winsorised"
    labels[win.high] = "winhi"
    labels[win.low] = "winlo"
    if not passing and spec.fallback != "none":
        transform = log_ct if spec.fallback == "log_ct" else log_ct_plus
        treated = transform(values)
        passing = passes_skew_kurt(treated, spec.skew_thresh, spec.kurt_thresh)
        row["log_transformed"] = True
        row["treatment"] = spec.fallback
        labels = np.where(np.isnan(values), "", spec.fallback).astype(object)
    row.update(skew_after=skew(treated), kurt_after=kurt(treated), passes=passing)
    return treated, row, labels


def treat(data: pd.DataFrame, spec: TreatmentSpec) -> TreatmentResult:
    """Treat every column of `data` (units x indicators); report what was done to which points."""
    out = data.astype(float).copy()
    rows = []
    points = pd.DataFrame("", index=data.index, columns=data.columns, dtype=object)
    for code in data.columns:
        treated, row, labels = treat_column(data[code].to_numpy(dtype=float), spec)
        out[code] = treated
        points[code] = labels
        rows.append({"indicator": code, **row})
    report = pd.DataFrame(rows).set_index("indicator") if rows else pd.DataFrame()
    return TreatmentResult(data=out, report=report, points=points)
