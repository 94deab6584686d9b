"""Ranks and groups on the index: by thresholds, quantiles, 1-D k-means or natural (Jenks) breaks.

Ranks: 1 = best (highest index), ties share the best rank (R's `ties.method = "min"` on the
negated score, as COINr's `rank_df`). Groups are named from best to worst, by default
high / average / low potential.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from monotown.assess.methodology import GroupSpec

FloatArray = np.ndarray


def rank_scores(scores: pd.Series) -> pd.Series:
    """Rank 1 for the highest score, ties sharing the lowest rank number; missing stays missing."""
    return scores.rank(ascending=False, method="min", na_option="keep")


def quantile_groups(ranks: FloatArray, n_valid: int, k: int) -> FloatArray:
    """Group index 0..k-1 by rank position: the best n/k units form group 0."""
    r = np.asarray(ranks, dtype=float)
    out = np.floor((r - 1) * k / max(n_valid, 1))
    return np.clip(out, 0, k - 1)


def natural_breaks(values: FloatArray, k: int) -> FloatArray:
    """Jenks natural breaks (exact, dynamic programming): class index 0..k-1, 0 = lowest values."""
    x = np.asarray(values, dtype=float)
    order = np.argsort(x)
    s = x[order]
    n = s.size
    k = min(k, n)
    c1 = np.concatenate([[0.0], np.cumsum(s)])
    c2 = np.concatenate([[0.0], np.cumsum(s * s)])

    def sse(i: FloatArray, j: int) -> FloatArray:
        # within-class sum of squares of s[i:j] for an array of starts i
        m = j - i
        total = c1[j] - c1[i]
        out: FloatArray = (c2[j] - c2[i]) - total * total / np.maximum(m, 1)
        return out

    cost = np.full((k + 1, n + 1), np.inf)
    back = np.zeros((k + 1, n + 1), dtype=int)
    cost[0, 0] = 0.0
    for c in range(1, k + 1):
        for j in range(c, n + 1):
            starts = np.arange(c - 1, j)
            candidates = cost[c - 1, starts] + sse(starts, j)
            best = int(np.argmin(candidates))
            cost[c, j] = candidates[best]
            back[c, j] = starts[best]
    labels_sorted = np.zeros(n, dtype=float)
    j = n
    for c in range(k, 0, -1):
        i = back[c, j]
        labels_sorted[i:j] = c - 1
        j = i
    labels = np.empty(n)
    labels[order] = labels_sorted
    return labels


def kmeans_1d(values: FloatArray, k: int, iterations: int = 100) -> FloatArray:
    """Lloyd's k-means on one dimension from quantile starting centres (deterministic)."""
    x = np.asarray(values, dtype=float)
    centres = np.quantile(x, (np.arange(k) + 0.5) / k)
    labels = np.zeros(x.size)
    for _ in range(iterations):
        labels = np.argmin(np.abs(x[:, None] - centres[None, :]), axis=1).astype(float)
        new = np.array(
            [x[labels == c].mean() if np.any(labels == c) else centres[c] for c in range(k)]
        )
        if np.allclose(new, centres):
            break
        centres = new
    # relabel so that class 0 has the lowest centre
    rank_of = np.argsort(np.argsort(centres))
    relabelled: FloatArray = rank_of[labels.astype(int)].astype(float)
    return relabelled


def assign_groups(index: pd.Series, spec: GroupSpec) -> pd.Series:
    """Name each unit's group (object Series; missing index -> missing group)."""
    k = len(spec.names)
    valid = index.dropna()
    out = pd.Series(None, index=index.index, dtype=object)
    if valid.empty:
        return out
    if spec.method == "thresholds":
        thresholds = spec.thresholds or []
        position = np.array([sum(v < t for t in thresholds) for v in valid.to_numpy()])
    elif spec.method == "quantiles":
        ranks = rank_scores(valid).to_numpy()
        position = quantile_groups(ranks, len(valid), k).astype(int)
    else:
        finder = natural_breaks if spec.method == "natural_breaks" else kmeans_1d
        low_to_high = finder(valid.to_numpy(dtype=float), k).astype(int)
        position = (k - 1) - low_to_high
    out.loc[valid.index] = [spec.names[int(p)] for p in position]
    return out


def group_sizes(groups: pd.Series, names: list[str]) -> list[int]:
    counts = groups.value_counts()
    return [int(counts.get(name, 0)) for name in names]
