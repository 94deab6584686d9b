"""Statistics of each unit's ranks over the replications: quantiles (R's type 7), rank sums and
how often the unit lands in each group, from the rank matrix (replications x units).

Blocks of units run on the worker threads: a block's columns are copied out tile by tile (both
sides of each copy stay in cache) into one row per unit, each row sorted (numpy's vectorised
sort, which releases the GIL), so the order statistics are read off directly and the counts
per group are binary searches in the sorted row. The same numbers as a quantile over
the unsorted ranks: the type-7 interpolation below the sorted values is the one `_quantiles`
used, and with missing ranks numpy's `nanquantile` runs on the sorted rows.
"""

from __future__ import annotations

import time
import warnings
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np

FloatArray = np.ndarray
PROBABILITIES = (0.05, 0.5, 0.95)
BLOCK_UNITS = 64
TILE_ROWS = 512


@dataclass(frozen=True)
class RankSummary:
    """Per unit: rank quantiles at `PROBABILITIES` (3 x units), rank sums, replications with a
    rank, and per group (by rank position, best first) how many replications put it there."""

    quantiles: FloatArray
    sums: FloatArray
    valid: FloatArray
    counts: FloatArray
    has_missing: bool
    seconds: float = 0.0  # processor time on the worker threads


def by_unit(ranks: FloatArray, first: int, count: int) -> FloatArray:
    """Units `first` to `first + count` of the rank matrix, one row per unit, copied tile by
    tile (about five times faster than numpy's one-pass copy of a strided block)."""
    reps = ranks.shape[0]
    columns = ranks[:, first : first + count]
    out = np.empty((columns.shape[1], reps), dtype=ranks.dtype)
    for at in range(0, reps, TILE_ROWS):
        out[:, at : at + TILE_ROWS] = columns[at : at + TILE_ROWS].T
    return out


def _block(
    ranks: FloatArray, first: int, bounds: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, float]:
    started = time.thread_time()
    rows = by_unit(ranks, first, BLOCK_UNITS)
    rows.sort(axis=1)  # missing ranks (NaN) go last
    missing: FloatArray = np.isnan(rows[:, -1]) if rows.shape[1] else np.zeros(len(rows), bool)
    valid: FloatArray
    sums: FloatArray
    if missing.any():
        valid = rows.shape[1] - np.isnan(rows).sum(axis=1)
        sums = np.asarray(np.nansum(rows, axis=1, dtype=np.float64))
    else:
        valid = np.full(rows.shape[0], rows.shape[1])
        sums = rows.sum(axis=1, dtype=np.float64)
    at_or_above: FloatArray = np.empty((rows.shape[0], bounds.size), dtype=np.int64)
    for unit, row in enumerate(rows):
        at_or_above[unit] = np.searchsorted(row, bounds, side="right")
    quantiles = _nan_quantiles(rows) if missing.any() else sorted_quantiles(rows)
    return valid, sums, at_or_above, missing, quantiles, time.thread_time() - started


def summarise_ranks(ranks: FloatArray, sizes: list[int], pool: Executor) -> RankSummary:
    """The statistics of every unit's ranks (`ranks`: replications x units, float32)."""
    n_units = ranks.shape[1]
    bounds = np.cumsum(sizes).astype(np.float32)
    firsts = range(0, n_units, BLOCK_UNITS)
    parts = list(pool.map(lambda first: _block(ranks, first, bounds), firsts))
    valid = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0)
    sums = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0)
    at_or_above = np.concatenate([p[2] for p in parts]) if parts else np.zeros((0, bounds.size))
    has_missing = bool(parts) and bool(np.concatenate([p[3] for p in parts]).any())
    counts = np.diff(
        np.concatenate([np.zeros((n_units, 1)), at_or_above.astype(float)], axis=1), axis=1
    ).T
    if has_missing:  # numpy's interpolation for every unit, as when any rank is missing
        blocks = [by_unit(ranks, first, BLOCK_UNITS) for first in firsts]
        quantiles = np.concatenate(list(pool.map(_nan_quantiles, blocks)), axis=1)
    else:
        quantiles = np.concatenate([p[4] for p in parts], axis=1)
    seconds = sum(p[5] for p in parts)
    return RankSummary(quantiles, sums, valid, counts, has_missing, seconds)


def _nan_quantiles(rows: FloatArray) -> FloatArray:
    with warnings.catch_warnings():  # a unit missing in every replication has no quantiles
        warnings.simplefilter("ignore", RuntimeWarning)
        out: FloatArray = np.nanquantile(rows, PROBABILITIES, axis=1)
    return out


def sorted_quantiles(rows: FloatArray, probs: tuple[float, ...] = PROBABILITIES) -> FloatArray:
    """Type-7 quantiles (numpy's "linear") of each row of sorted values (probs x rows)."""
    reps = rows.shape[1]
    h = np.array([(reps - 1) * p for p in probs])
    low = np.floor(h).astype(int)
    fraction = h - low
    below = rows[:, low].astype(np.float64).T
    above = rows[:, np.minimum(low + 1, reps - 1)].astype(np.float64).T
    out: FloatArray = below + fraction[:, None] * (above - below)
    return out
