"""Variance-based sensitivity analysis: Saltelli's sampling design and Jansen's estimators.

Design (Saltelli 2010, as COINr's `SA_sample`): two independent uniform matrices A and B (N x d)
and, for every input i, A_B^i = A with column i taken from B; N (d + 2) model runs in all.

Estimators (Saltelli et al. 2010, Table 2): total effect, Jansen 1999,
    S_Ti = (1 / 2N) sum (f(A) - f(A_B^i))^2 / V;
first order, Jansen 1999 (default here, `estimator: jansen`),
    S_i = (V - (1 / 2N) sum (f(B) - f(A_B^i))^2) / V,
or Saltelli 2010 as COINr's `SA_estimate` uses (`estimator: saltelli`),
    S_i = (1 / N) sum f(B) (f(A_B^i) - f(A)) / V,
with V the sample variance of f over A and B together (R's `var`, n - 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

FloatArray = np.ndarray


@dataclass(frozen=True)
class SaltelliDesign:
    a: FloatArray  # N x d
    b: FloatArray  # N x d
    n: int
    d: int

    def stacked(self) -> FloatArray:
        """All N (d + 2) points, in COINr's order: A, B, A_B^1, ..., A_B^d."""
        blocks = [self.a, self.b]
        for i in range(self.d):
            ab = self.a.copy()
            ab[:, i] = self.b[:, i]
            blocks.append(ab)
        return np.vstack(blocks)


def saltelli_design(n: int, d: int, rng: np.random.Generator) -> SaltelliDesign:
    """Independent uniform A and B; the stacked design has N (d + 2) rows."""
    return SaltelliDesign(a=rng.random((n, d)), b=rng.random((n, d)), n=n, d=d)


@dataclass(frozen=True)
class SensitivityIndices:
    first_order: FloatArray
    total: FloatArray
    variance: float


def sensitivity_indices(
    y: FloatArray, n: int, d: int, estimator: str = "jansen"
) -> SensitivityIndices:
    """First-order and total indices from outputs `y` of the stacked design (length N (d + 2))."""
    values = np.asarray(y, dtype=float)
    if values.size != n * (d + 2):
        raise ValueError(f"expected {n * (d + 2)} outputs for N={n}, d={d}, got {values.size}")
    y_a = values[:n]
    y_b = values[n : 2 * n]
    y_ab = values[2 * n :].reshape(d, n)
    variance = float(np.var(np.concatenate([y_a, y_b]), ddof=1))
    if variance == 0:
        zeros = np.zeros(d)
        return SensitivityIndices(first_order=zeros, total=zeros.copy(), variance=0.0)
    total = np.sum((y_a[None, :] - y_ab) ** 2, axis=1) / (2 * n) / variance
    if estimator == "saltelli":
        first = np.mean(y_b[None, :] * (y_ab - y_a[None, :]), axis=1) / variance
    else:
        first = (variance - np.sum((y_b[None, :] - y_ab) ** 2, axis=1) / (2 * n)) / variance
    return SensitivityIndices(first_order=first, total=total, variance=variance)


def to_choice(u: FloatArray, n_alternatives: int) -> FloatArray:
    """Map uniform draws to 0..n-1 by equal intervals (COINr `sample_2_para`, discrete)."""
    out: FloatArray = np.minimum((np.asarray(u) * n_alternatives).astype(int), n_alternatives - 1)
    return out


def _estimates(
    y_a: FloatArray, y_b: FloatArray, y_ab: FloatArray, estimator: str
) -> tuple[FloatArray, FloatArray]:
    """First-order and total indices; arrays carry any leading batch axes (bootstrap samples).

    y_a, y_b: (..., N); y_ab: (..., d, N).
    """
    n = y_a.shape[-1]
    pooled = np.concatenate([y_a, y_b], axis=-1)
    variance = np.var(pooled, axis=-1, ddof=1)[..., None]
    safe = np.where(variance > 0, variance, np.nan)
    total = np.sum((y_a[..., None, :] - y_ab) ** 2, axis=-1) / (2 * n) / safe
    if estimator == "saltelli":
        first = np.mean(y_b[..., None, :] * (y_ab - y_a[..., None, :]), axis=-1) / safe
    else:
        first = (safe - np.sum((y_b[..., None, :] - y_ab) ** 2, axis=-1) / (2 * n)) / safe
    first = np.where(variance > 0, first, 0.0)
    total = np.where(variance > 0, total, 0.0)
    return first, total


def bootstrap_intervals(
    y: FloatArray,
    n: int,
    d: int,
    *,
    estimator: str = "jansen",
    resamples: int = 100,
    confidence: float = 0.90,
    rng: np.random.Generator | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Percentile bootstrap intervals of the first-order and total indices (COINr's `Nboot`:
    at 90% the 5th and 95th percentiles). The N base rows are resampled with replacement, the
    same rows for A, B and every A_B^i (they belong together), and the variance is re-estimated
    on each resample. No model run is repeated: one array operation over all resamples.

    Returns first_low, first_high, total_low, total_high (each of length d).
    """
    values = np.asarray(y, dtype=float)
    generator = rng or np.random.default_rng()
    y_a, y_b = values[:n], values[n : 2 * n]
    y_ab = values[2 * n :].reshape(d, n)
    rows = generator.integers(0, n, size=(resamples, n))
    first, total = _estimates(y_a[rows], y_b[rows], y_ab[:, rows].transpose(1, 0, 2), estimator)
    tail = (1 - confidence) / 2
    probs = [tail, 1 - tail]
    f_low, f_high = np.nanquantile(first, probs, axis=0)
    t_low, t_high = np.nanquantile(total, probs, axis=0)
    return f_low, f_high, t_low, t_high


def sensitivity_table(
    y: FloatArray,
    n: int,
    names: list[str],
    *,
    estimator: str = "jansen",
    resamples: int = 100,
    confidence: float = 0.90,
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """One row per input: first-order and total index and, with resamples, their intervals."""
    d = len(names)
    indices = sensitivity_indices(y, n, d, estimator)
    table = pd.DataFrame(
        {"input": names, "first_order": indices.first_order, "total": indices.total}
    )
    if resamples > 0:
        f_low, f_high, t_low, t_high = bootstrap_intervals(
            y, n, d, estimator=estimator, resamples=resamples, confidence=confidence, rng=rng
        )
        table["first_order_low"] = f_low
        table["first_order_high"] = f_high
        table["total_low"] = t_low
        table["total_high"] = t_high
    return table


def convergence_table(
    y: FloatArray, n: int, names: list[str], *, estimator: str = "jansen"
) -> pd.DataFrame:
    """The indices from the first N/4, N/2 and all N base rows (each prefix of a Saltelli design
    is a Saltelli design): stable numbers say N was large enough."""
    values = np.asarray(y, dtype=float)
    d = len(names)
    y_a, y_b = values[:n], values[n : 2 * n]
    y_ab = values[2 * n :].reshape(d, n)
    rows = []
    for size in sorted({max(2, n // 4), max(2, n // 2), n}):
        first, total = _estimates(y_a[:size], y_b[:size], y_ab[:, :size], estimator)
        for name, f, t in zip(names, first, total, strict=True):
            rows.append({"n": size, "input": name, "first_order": float(f), "total": float(t)})
    return pd.DataFrame(rows, columns=["n", "input", "first_order", "total"])
