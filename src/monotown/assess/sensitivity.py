"""Variance-based sensitivity analysis: Saltelli's sampling design and Jansen's estimators.

Design (Saltelli 2010, as COINr's `SA_sample`): two independent uniform matrices A and B (N x d)
and, for every input i, A_B^i = A with column i taken from B; N (d + 2) model runs in all.

Estimators (Saltelli et al. 2010, Table 2): total effect, Jansen 1999,
    S_Ti = (1 / 2N) sum (f(A) - f(A_B^i))^2 / V;
first order, Jansen 1999 (default here),
    S_i = (V - (1 / 2N) sum (f(B) - f(A_B^i))^2) / V,
or Saltelli 2010 as COINr's `SA_estimate` uses (`estimator="saltelli"`),
    S_i = (1 / N) sum f(B) (f(A_B^i) - f(A)) / V,
with V the sample variance of f over A and B together (R's `var`, n - 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from monotown.assess.engine import Design, Engine, noisy_weights
from monotown.errors import InputError

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


def run_sensitivity(
    engine: Engine,
    alts: dict[str, list[str]],
    geometric: FloatArray,
    nominal_w: FloatArray,
    nominal_rank: FloatArray,
    noise: float,
    n: int,
    rng: np.random.Generator,
    chunk_size: int = 256,
) -> pd.DataFrame:
    """First-order and total indices of the mean absolute rank shift (COINr's SA target)."""
    inputs = [
        name
        for name in ("weights", "imputation", "normalisation", "aggregation")
        if (name == "weights" and noise > 0) or (name != "weights" and len(alts[name]) > 1)
    ]
    if len(inputs) < 2:
        raise InputError("sensitivity analysis needs at least two uncertain inputs")
    d = len(inputs)
    points = saltelli_design(n, d, rng).stacked()
    weight_sets = noisy_weights(nominal_w, noise, n, rng)

    def column(name: str, n_alt: int) -> FloatArray:
        if name not in inputs:
            return np.zeros(points.shape[0], dtype=int)
        return to_choice(points[:, inputs.index(name)], n_alt)

    design = Design(
        imputation=column("imputation", len(alts["imputation"])),
        normalisation=column("normalisation", len(alts["normalisation"])),
        aggregation=geometric[column("aggregation", len(alts["aggregation"]))].astype(int),
        weights=weight_sets[column("weights", n)]
        if "weights" in inputs
        else np.repeat(nominal_w[None, :], points.shape[0], axis=0),
    )
    ranks = engine.run(design, chunk_size=chunk_size)
    y = np.nanmean(np.abs(ranks - nominal_rank[None, :]), axis=1)
    indices = sensitivity_indices(y, n, d)
    return pd.DataFrame(
        {"input": inputs, "first_order": indices.first_order, "total": indices.total}
    )
