"""Weights at every level of the tree: explicit (from the methodology), equal, or PCA-based.

PCA weights follow COINr's `get_PCA`: principal components of the standardised members of each
group (complete rows only), weights from the first component's loadings. COINr uses the raw
loadings, which can be negative and whose sign is arbitrary; `pca_mode: loadings` does the same but
fixes the sign so the loadings sum to a positive number. The default, `squared_loadings`, uses the
squared loadings (scaled to sum 1), as the OECD/JRC Handbook describes for factor-analysis
weights, so that no indicator gets a negative weight.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from monotown.assess.tree import Tree

FloatArray = np.ndarray


def equal_weights(tree: Tree) -> dict[str, float]:
    return dict.fromkeys([*tree.indicators, *tree.order], 1.0)


def pca_weights(members: pd.DataFrame, mode: str = "squared_loadings") -> FloatArray:
    """Weights of the columns of `members` from the first principal component."""
    n_cols = members.shape[1]
    if n_cols == 1:
        return np.ones(1)
    complete = members.dropna()
    values = complete.to_numpy(dtype=float)
    sd = values.std(axis=0, ddof=1) if len(values) > 1 else np.zeros(n_cols)
    if len(values) < 3 or np.any(sd == 0):
        return np.ones(n_cols)
    z = (values - values.mean(axis=0)) / sd
    _, _, vt = np.linalg.svd(z, full_matrices=False)
    loadings = vt[0]
    if loadings.sum() < 0:
        loadings = -loadings
    if mode == "loadings":
        return np.asarray(loadings, dtype=float)
    squared = loadings**2
    return np.asarray(squared / squared.sum(), dtype=float)
