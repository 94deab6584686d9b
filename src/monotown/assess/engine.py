"""The vectorised evaluator behind the Monte Carlo: many replications of the aggregation at once.

The pipeline up to normalisation runs once per (imputation, normalisation) alternative
(`build_variants`); a chunk of replications is then one matrix product of per-replication
weights and the normalised data (log space for geometric means), and one argsort per row gives
the ranks. Chunks run on a small thread pool: numpy releases the GIL while multiplying and sorting.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from monotown.assess.aggregate import geometric_shift
from monotown.assess.methodology import ImputationSpec, NormalisationSpec
from monotown.assess.normalise import normalise
from monotown.assess.pipeline import AssessmentInput, AssessmentResult, prepare
from monotown.assess.tree import Tree
from monotown.errors import InputError

FloatArray = np.ndarray
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Variant:
    """The normalised data of one (imputation, normalisation) alternative, ready for matmuls."""

    values: FloatArray  # U x I, zeros where missing
    logs: FloatArray  # U x I, log(x + shift), zeros where missing
    present: FloatArray  # U x I, 1.0 where present
    shift: float

    @property
    def complete(self) -> bool:
        return bool(self.present.all())


@dataclass
class Design:
    """One row per replication: choice indices and the weight of every tree node."""

    imputation: FloatArray
    normalisation: FloatArray
    aggregation: FloatArray
    weights: FloatArray  # R x nodes (tree.indicators + tree.order)

    @property
    def size(self) -> int:
        return int(self.weights.shape[0])


class Engine:
    """Evaluates many replications of the aggregation at once for a fixed tree and data variants."""

    def __init__(
        self, tree: Tree, variants: dict[tuple[int, int], Variant], min_coverage: float = 0.0
    ):
        self.tree = tree
        self.variants = variants
        self.min_coverage = min_coverage
        self.nodes = [*tree.indicators, *tree.order]
        self.column = {code: i for i, code in enumerate(self.nodes)}
        self.n_units = next(iter(variants.values())).values.shape[0]

    def nominal_weights(self) -> FloatArray:
        return np.array([self.tree.weight.get(code, 1.0) for code in self.nodes], dtype=float)

    def effective_weights(self, weights: FloatArray) -> FloatArray:
        """Each indicator's share of the root per replication (Rc x I), weights normalised.

        With complete data the whole tree is linear in the indicators (in log space for geometric
        means), so a chunk's root scores are one matrix product: shares x data.
        """
        share = {self.tree.root: np.ones(weights.shape[0])}
        for level in reversed(self.tree.aggregates_by_level):
            for code in level:
                kids = self.tree.children[code]
                w = weights[:, [self.column[k] for k in kids]]
                part = w / w.sum(axis=1, keepdims=True)
                for position, kid in enumerate(kids):
                    share[kid] = share[code] * part[:, position]
        return np.stack([share[code] for code in self.tree.indicators], axis=1)

    def scores(self, variant: Variant, geometric: bool, weights: FloatArray) -> FloatArray:
        """Root scores for a chunk: weights (Rc x nodes) -> Rc x U."""
        data = variant.logs if geometric else variant.values
        if variant.complete:
            linear: FloatArray = self.effective_weights(weights) @ data.T
            if geometric:
                out: FloatArray = np.exp(linear) - variant.shift
                return out
            return linear
        done: dict[str, FloatArray] = {}
        n_rep = weights.shape[0]
        for level in self.tree.aggregates_by_level:
            for code in level:
                kids = self.tree.children[code]
                num = np.zeros((n_rep, self.n_units))
                den = np.zeros((n_rep, self.n_units))
                count = np.zeros((n_rep, self.n_units)) if self.min_coverage > 0 else None
                ind = [self.column[k] for k in kids if k not in done]
                if ind:
                    w = weights[:, ind]
                    num += w @ data[:, ind].T
                    den += w @ variant.present[:, ind].T
                    if count is not None:
                        count += variant.present[:, ind].sum(axis=1)[None, :]
                for kid in kids:
                    if kid in done:
                        child = done[kid]
                        ok = ~np.isnan(child)
                        w = weights[:, self.column[kid]][:, None]
                        num += np.where(ok, child, 0.0) * w
                        den += ok * w
                        if count is not None:
                            count += ok
                with np.errstate(invalid="ignore", divide="ignore"):
                    value = num / den
                value[den <= 0] = np.nan
                if count is not None:
                    value[count / len(kids) < self.min_coverage] = np.nan
                done[code] = value
        root = done[self.tree.root]
        return np.exp(root) - variant.shift if geometric else root

    def run(
        self,
        design: Design,
        *,
        chunk_size: int = 256,
        progress: Progress | None = None,
        on_chunk: Callable[[FloatArray, FloatArray, Any], None] | None = None,
        summarise: Callable[[FloatArray], Any] | None = None,
        workers: int | None = None,
        block_elements: int = 1 << 25,
    ) -> FloatArray:
        """Ranks (R x U, float32, 1 = best) for every replication of the design, in its order.

        Scores come block by block (up to `block_elements` values, about 256 MB) from one large
        matrix product in this thread, where the BLAS library uses every core efficiently; each
        block is then ranked in chunks of `chunk_size` rows on a small thread pool (numpy releases
        the GIL while sorting), which also runs `summarise` on the chunk's ranks (per-chunk
        statistics, in parallel). Ranks are stored and `on_chunk(rows, ranks, summary)` called in
        order, in this thread.
        """
        ranks = np.empty((design.size, self.n_units), dtype=np.float32)
        combos = np.stack([design.imputation, design.normalisation, design.aggregation], axis=1)
        block_rows = max(chunk_size, block_elements // max(self.n_units, 1))
        n_workers = workers or min(4, os.cpu_count() or 1)
        done = 0
        with ThreadPoolExecutor(max_workers=n_workers) as pool:
            for combo in np.unique(combos, axis=0):
                variant = self.variants[(int(combo[0]), int(combo[1]))]
                rows = np.flatnonzero((combos == combo).all(axis=1))
                for first in range(0, rows.size, block_rows):
                    block = rows[first : first + block_rows]
                    scores = self.scores(variant, bool(combo[2]), design.weights[_rows(block)])
                    starts = range(0, block.size, chunk_size)
                    ranked = pool.map(
                        partial(_rank_and_summarise, summarise=summarise),
                        [scores[at : at + chunk_size] for at in starts],
                    )
                    for at, (chunk_ranks, summary) in zip(starts, ranked, strict=True):
                        picked = block[at : at + chunk_size]
                        ranks[_rows(picked)] = chunk_ranks
                        if on_chunk is not None:
                            on_chunk(picked, chunk_ranks, summary)
                        done += picked.size
                        if progress is not None:
                            progress(done, design.size)
        return ranks


def _rank_and_summarise(
    scores: FloatArray, summarise: Callable[[FloatArray], Any] | None
) -> tuple[FloatArray, Any]:
    ranks = rank_rows(scores)
    return ranks, None if summarise is None else summarise(ranks)


def _rows(picked: FloatArray) -> slice | FloatArray:
    """A slice when the rows are consecutive (a block copy instead of a gather)."""
    if picked[-1] - picked[0] + 1 == picked.size:
        return slice(int(picked[0]), int(picked[-1]) + 1)
    return picked


def rank_rows(scores: FloatArray) -> FloatArray:
    """Rank each row (1 = highest, ties share the best rank, missing -> NaN), vectorised.

    One unstable argsort per row (tied scores get the same rank whatever their order, so a stable
    sort, several times slower, is not needed); the tie-aware pass runs only on rows with ties.
    """
    missing = np.isnan(scores)
    keyed = np.where(missing, np.inf, -scores)
    order = np.argsort(keyed, axis=1)
    ordered = np.take_along_axis(keyed, order, axis=1)
    n = scores.shape[1]
    position = np.broadcast_to(np.arange(1, n + 1, dtype=np.float32), ordered.shape)
    ties = (ordered[:, 1:] == ordered[:, :-1]) & np.isfinite(ordered[:, 1:])
    rows = np.flatnonzero(ties.any(axis=1))
    if rows.size:
        new = np.ones((rows.size, n), dtype=bool)
        new[:, 1:] = ~ties[rows]
        fixed = np.maximum.accumulate(np.where(new, position[: rows.size], 0), axis=1)
        position = position.copy()
        position[rows] = fixed
    ranks = np.empty(scores.shape, dtype=np.float32)
    np.put_along_axis(ranks, order, position, axis=1)
    if missing.any():
        ranks[missing] = np.nan
    return ranks


def build_variants(
    inp: AssessmentInput,
    result: AssessmentResult,
    imputations: list[str],
    normalisations: list[str],
) -> dict[tuple[int, int], Variant]:
    """Normalised data for every (imputation, normalisation) pair; imputation and treatment run
    once per imputation alternative (the nominal one is reused from the result)."""
    methodology = result.methodology
    tree = result.tree
    specs = {i.code: i for i in methodology.indicators}
    variants: dict[tuple[int, int], Variant] = {}
    policy = methodology.aggregation.geometric_zeros
    for i, imp in enumerate(imputations):
        if imp == methodology.imputation.method:
            prepared = result.prepared
        else:
            imputation = ImputationSpec(**{**methodology.imputation.model_dump(), "method": imp})
            prepared = prepare(inp, methodology, imputation=imputation)
        for j, norm in enumerate(normalisations):
            how = NormalisationSpec(**{**methodology.normalisation.model_dump(), "method": norm})
            frame = (
                prepared.normalised
                if how == methodology.normalisation
                else normalise(prepared.treated[tree.indicators], specs, how)
            )
            x = frame[tree.indicators].to_numpy(dtype=float)
            present = ~np.isnan(x)
            if policy == "error" and np.any(x[present] <= 0):
                raise InputError(
                    f"normalisation '{norm}' gives non-positive values: geometric mean impossible"
                )
            shift = geometric_shift(x, policy)
            safe = np.where(present, x, 0.0)
            logs = np.where(present, np.log(np.where(present, x + shift, 1.0)), 0.0)
            variants[(i, j)] = Variant(
                values=safe, logs=logs, present=present.astype(float), shift=shift
            )
    return variants


def noisy_weights(
    nominal: FloatArray, noise: float, n: int, rng: np.random.Generator
) -> FloatArray:
    """COINr `get_noisy_weights`: w * (1 + U(-noise, noise)), independently per weight."""
    factors = 1.0 + (rng.random((n, nominal.size)) * 2.0 - 1.0) * noise
    out: FloatArray = nominal[None, :] * factors
    return out
