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


def _deviations(x: FloatArray) -> tuple[int, FloatArray, float]:
    """(count, deviations from the mean, their sum of squares) of the values that are not NaN."""
    values = np.asarray(x, dtype=float)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return 0, values, 0.0
    d = values - values.mean()
    return values.size, d, float(np.sum(d**2))


def skew(x: FloatArray) -> float:
    """Sample skewness, COINr `skew()` (e1071 type 2, Excel SKEW); NaN if fewer than 3 values."""
    n, d, m2 = _deviations(x)
    if n < 3 or m2 == 0:
        return float("nan")
    g = np.sqrt(n) * float(np.sum(d**3)) / m2**1.5
    return float(g * np.sqrt(n * (n - 1)) / (n - 2))


def kurt(x: FloatArray) -> float:
    """Sample excess kurtosis, COINr `kurt()` (e1071 type 2, Excel KURT); NaN below 4 values."""
    n, d, m2 = _deviations(x)
    if n < 4 or m2 == 0:
        return float("nan")
    r = n * float(np.sum(d**4)) / m2**2
    return float(((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))


def _skew_kurt(valid: FloatArray) -> tuple[float, float]:
    """`skew()` and `kurt()` of values without NaN, in one pass (the same formulas)."""
    n = valid.size
    if n < 3:
        return float("nan"), float("nan")
    d = valid - valid.mean()
    d2 = d * d
    m2 = float(np.sum(d2))
    if m2 == 0:
        return float("nan"), float("nan")
    g = np.sqrt(n) * float(np.sum(d2 * d)) / m2**1.5
    s = float(g * np.sqrt(n * (n - 1)) / (n - 2))
    if n < 4:
        return s, float("nan")
    r = n * float(np.sum(d2 * d2)) / m2**2
    return s, float(((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))


def passes_skew_kurt(x: FloatArray, skew_thresh: float = 2.0, kurt_thresh: float = 3.5) -> bool:
    """COINr `check_SkewKurt`: passes when |skew| < skew_thresh OR kurtosis < kurt_thresh.

    An indicator whose skew or kurtosis cannot be computed (too few or identical values) passes,
    as COINr returns it untreated.
    """
    values = np.asarray(x, dtype=float)
    s, k = _skew_kurt(values[~np.isnan(values)])
    return _passes(s, k, skew_thresh, kurt_thresh)


def _passes(s: float, k: float, skew_thresh: float, kurt_thresh: float) -> bool:
    if np.isnan(s) or np.isnan(k):
        return True
    return bool(abs(s) < skew_thresh or k < kurt_thresh)


@dataclass(frozen=True)
class Winsorised:
    values: FloatArray
    n_points: int
    high: FloatArray
    low: FloatArray
    passing: bool = False


def _pull_in_extreme(values: FloatArray, valid: FloatArray, *, top: bool) -> FloatArray | None:
    """One winsorising step in place: the maximum (`top`) or minimum values, ties included, set to
    the next value inward; the mask of the points moved, or None when no other value is left."""
    extreme = np.nanmax(values) if top else np.nanmin(values)
    at: FloatArray = valid & (values == extreme)
    rest = values[valid & ~at]
    if rest.size == 0:
        return None
    values[at] = rest.max() if top else rest.min()
    return at


def winsorise(
    x: FloatArray,
    winmax: int | None = 5,
    skew_thresh: float = 2.0,
    kurt_thresh: float = 3.5,
    states: list[Winsorised] | None = None,
) -> Winsorised:
    """COINr `winsorise()`: reassign the extreme value to the next one, one step at a time.

    Each step takes the maximum (skew >= 0) or minimum (skew < 0), ties included, and sets it to the
    next highest (lowest) value. The count of treated points is, as in COINr, the number of points
    currently at the winsorised maximum plus minimum (earlier ones tie with the new extreme).
    The loop runs while the check fails and fewer than `winmax` points were treated. With
    `states`, the state before the loop and after every step is appended to it: the loop for
    any smaller `winmax` stops at one of them (`winsorised_at`), so one pass serves them all.
    """
    values = np.array(x, dtype=float, copy=True)
    high = np.zeros(values.size, dtype=bool)
    low = np.zeros(values.size, dtype=bool)
    last_high = np.zeros(values.size, dtype=bool)
    last_low = np.zeros(values.size, dtype=bool)
    n_points = 0
    valid = ~np.isnan(values)

    def check() -> tuple[bool, float]:
        s, k = _skew_kurt(values[valid])
        ok = bool(np.isnan(s) or np.isnan(k) or abs(s) < skew_thresh or k < kurt_thresh)
        if states is not None:
            states.append(Winsorised(values.copy(), n_points, high.copy(), low.copy(), ok))
        return ok, s

    passing, s = check()
    while not passing and (winmax is None or n_points < winmax):
        if np.isnan(s):
            break
        at = _pull_in_extreme(values, valid, top=s >= 0)
        if at is None:
            break
        if s >= 0:
            last_high = at
            high |= at
        else:
            last_low = at
            low |= at
        n_points = int(last_high.sum() + last_low.sum())
        passing, s = check()
    return Winsorised(values=values, n_points=n_points, high=high, low=low, passing=passing)


def winsorised_at(states: list[Winsorised], winmax: int | None) -> Winsorised:
    """Where `winsorise(x, winmax)` stops, from the states of a run with a larger `winmax`."""
    for state in states:
        if state.passing or (winmax is not None and state.n_points >= winmax):
            return state
    return states[-1]


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
    x: FloatArray,
    spec: TreatmentSpec,
    states: list[Winsorised] | None = None,
    *,
    labelled: bool = True,
) -> tuple[FloatArray, dict[str, object], FloatArray]:
    """Treat one indicator; returns the values, a report row and a per-point label array (empty
    unless `labelled`: the uncertainty analysis's variants need no labels).

    `states` (from `winsorise(..., states=)` with a `winmax` at least this spec's) saves the
    winsorisation loop."""
    values = np.asarray(x, dtype=float)
    labels = np.full(values.size if labelled else 0, "", dtype=object)
    valid = ~np.isnan(values)
    n_valid = int(valid.sum())
    skew_before, kurt_before = _skew_kurt(values[valid])
    row: dict[str, object] = {
        "n": n_valid,
        "skew_before": skew_before,
        "kurt_before": kurt_before,
        "winsorised": 0,
        "log_transformed": False,
        "treatment": "none",
    }
    too_few = n_valid < spec.min_points
    if (
        spec.method == "none"
        or too_few
        or _passes(skew_before, kurt_before, spec.skew_thresh, spec.kurt_thresh)
    ):
        row.update(skew_after=row["skew_before"], kurt_after=row["kurt_before"], passes=True)
        if too_few and spec.method != "none":
            row["treatment"] = "too few values"
        return values, row, labels
    if states:
        win = winsorised_at(states, spec.winmax)
    else:
        win = winsorise(values, spec.winmax, spec.skew_thresh, spec.kurt_thresh)
    treated = win.values
    passing = win.passing
    row["winsorised"] = win.n_points
    row["treatment"] = "winsorised"
    if labelled:
        labels[win.high] = "winhi"
        labels[win.low] = "winlo"
    if not passing and spec.fallback != "none":
        transform = log_ct if spec.fallback == "log_ct" else log_ct_plus
        treated = transform(values)
        row["log_transformed"] = True
        row["treatment"] = spec.fallback
        if labelled:
            labels = np.full(values.size, spec.fallback, dtype=object)
            labels[np.isnan(values)] = ""
    skew_after, kurt_after = _skew_kurt(treated[~np.isnan(treated)])
    if row["log_transformed"]:
        passing = _passes(skew_after, kurt_after, spec.skew_thresh, spec.kurt_thresh)
    row.update(skew_after=skew_after, kurt_after=kurt_after, passes=passing)
    return treated, row, labels


def treat(data: pd.DataFrame, spec: TreatmentSpec) -> TreatmentResult:
    """Treat every column of `data` (units x indicators); report what was done to which points."""
    return treat_many(data, [spec])[0]


def treat_many(
    data: pd.DataFrame, specs: list[TreatmentSpec], *, points: bool = True
) -> list[TreatmentResult]:
    """`treat(data, spec)` for every spec, sharing one winsorisation loop per column among
    specs that differ only in `winmax` (the uncertainty analysis's winsorisation limits);
    without `points` the results' point labels are left empty (no column)."""
    outs: list[dict[str, FloatArray]] = [{} for _ in specs]
    rows: list[list[dict[str, object]]] = [[] for _ in specs]
    labelled: list[dict[str, FloatArray]] = [{} for _ in specs]
    families: dict[str, list[int]] = {}
    for position, spec in enumerate(specs):
        key = spec.model_copy(update={"winmax": None}).model_dump_json()
        families.setdefault(key, []).append(position)
    for code in data.columns:
        x = data[code].to_numpy(dtype=float)
        for members in families.values():
            limits = [specs[p].winmax for p in members]
            widest = None if None in limits else max(int(w) for w in limits if w is not None)
            first = specs[members[0]]
            states: list[Winsorised] = []
            if len(members) > 1:
                winsorise(x, widest, first.skew_thresh, first.kurt_thresh, states=states)
            for position in members:
                treated, row, labels = treat_column(x, specs[position], states, labelled=points)
                outs[position][code] = treated
                if points:
                    labelled[position][code] = labels
                rows[position].append({"indicator": code, **row})
    return [
        TreatmentResult(
            data=pd.DataFrame(out, index=data.index, columns=data.columns, dtype=float),
            report=pd.DataFrame(report).set_index("indicator") if report else pd.DataFrame(),
            points=pd.DataFrame(
                labels, index=data.index, columns=data.columns if points else [], dtype=object
            ),
        )
        for out, report, labels in zip(outs, rows, labelled, strict=True)
    ]
