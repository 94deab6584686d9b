"""The vectorised evaluator behind the Monte Carlo: many replications of the aggregation at once.

The pipeline up to normalisation runs once per distinct choice of the data-stage inputs
(imputation, treatment, normalisation, exclusions: `variants.py`); a chunk of replications is
then one matrix product of per-replication weights and the normalised data (log space for
geometric means), or one per aggregate when levels use different methods or data are missing,
and one argsort per row gives the ranks. Chunks run on a small thread pool: numpy releases the
GIL while multiplying and sorting.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from monotown.assess.tree import Tree

FloatArray = np.ndarray
Progress = Callable[[int, int], None]
CHUNK_ELEMENTS = 1 << 18


@dataclass(frozen=True)
class Variant:
    """The normalised data of one choice of the data-stage inputs, ready for matmuls.

    `rows` lists the units (positions in the engine's unit list) the variant keeps; units removed
    by screening get no score and no rank in its replications.
    """

    values: FloatArray  # kept units x I, zeros where missing
    logs: FloatArray  # kept units x I, log(x + shift), zeros where missing
    present: FloatArray  # kept units x I, 1.0 where present
    shift: float
    rows: FloatArray  # positions of the kept units among all units
    positive: bool = True  # every value > 0 (a geometric mean without offset is possible)

    @cached_property
    def complete(self) -> bool:
        return bool(self.present.all())

    @cached_property
    def values_t(self) -> FloatArray:
        return np.ascontiguousarray(self.values.T)

    @cached_property
    def logs_t(self) -> FloatArray:
        return np.ascontiguousarray(self.logs.T)


@dataclass
class Design:
    """One row per replication: which data variant, the method of each aggregation level
    (True = geometric) and the weight of every tree node."""

    variant: FloatArray  # R, index into the engine's variants
    geometric: FloatArray  # R x levels, bool
    weights: FloatArray  # R x nodes (tree.indicators + tree.order)

    @property
    def size(self) -> int:
        return int(self.weights.shape[0])


class Engine:
    """Evaluates many replications of the aggregation at once for a fixed tree and data variants."""

    def __init__(
        self,
        tree: Tree,
        variants: list[Variant],
        n_units: int,
        min_coverage: float = 0.0,
    ):
        self.tree = tree
        self.variants = variants
        self.min_coverage = min_coverage
        self.nodes = [*tree.indicators, *tree.order]
        self.column = {code: i for i, code in enumerate(self.nodes)}
        self.n_units = n_units

    def nominal_weights(self) -> FloatArray:
        return np.array([self.tree.weight.get(code, 1.0) for code in self.nodes], dtype=float)

    def effective_weights(self, weights: FloatArray) -> FloatArray:
        """Each indicator's share of the root per replication (Rc x I), weights normalised.

        With complete data and one method for every level the whole tree is linear in the
        indicators (in log space for geometric means), so a chunk's root scores are one matrix
        product: shares x data.
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

    def linear_scores(self, variant: Variant, geometric: bool, weights: FloatArray) -> FloatArray:
        """Root scores (Rc x kept units) when data are complete and every level uses one method."""
        data = variant.logs if geometric else variant.values
        linear: FloatArray = self.effective_weights(weights) @ data.T
        if geometric:
            out: FloatArray = np.exp(linear) - variant.shift
            return out
        return linear

    def levelwise_scores(
        self, variant: Variant, geometric: FloatArray, weights: FloatArray
    ) -> FloatArray:
        """Root scores level by level: each aggregate is a (masked) matrix product of its
        members, arithmetic or geometric per level, missing members skipped and weights
        re-scaled per unit (COINr's a_amean / a_gmean); aggregates are kept on their own scale."""
        done: dict[str, FloatArray] = {}
        n_rep = weights.shape[0]
        n_kept = variant.values.shape[0]
        complete = variant.complete
        for level_number, level in enumerate(self.tree.aggregates_by_level):
            geo = bool(geometric[level_number])
            data = variant.logs if geo else variant.values
            for code in level:
                kids = self.tree.children[code]
                ind = [self.column[k] for k in kids if k not in done]
                num = np.zeros((n_rep, n_kept))
                den = np.zeros((n_rep, n_kept))
                count = np.zeros((n_rep, n_kept)) if self.min_coverage > 0 else None
                if ind:
                    w = weights[:, ind]
                    num += w @ data[:, ind].T
                    if complete:
                        den += w.sum(axis=1)[:, None]
                    else:
                        den += w @ variant.present[:, ind].T
                    if count is not None:
                        count += variant.present[:, ind].sum(axis=1)[None, :]
                for kid in kids:
                    if kid not in done:
                        continue
                    child = done[kid]
                    ok = ~np.isnan(child)
                    w = weights[:, self.column[kid]][:, None]
                    if geo:
                        with np.errstate(invalid="ignore", divide="ignore"):
                            child = np.log(child + variant.shift)
                    num += np.where(ok, child, 0.0) * w
                    den += ok * w
                    if count is not None:
                        count += ok
                with np.errstate(invalid="ignore", divide="ignore"):
                    value = num / den
                    if geo:
                        value = np.exp(value) - variant.shift
                value[den <= 0] = np.nan
                if count is not None:
                    value[count / len(kids) < self.min_coverage] = np.nan
                done[code] = value
        return done[self.tree.root]

    def complete_scores(
        self, variant: Variant, geometric: FloatArray, weights: FloatArray
    ) -> FloatArray:
        """Level by level on complete data, methods mixed across levels: per aggregate one small
        matrix product of its indicators (weights normalised) and a weighted sum of its member
        aggregates (in log space below a geometric level), in place."""
        n_rep = weights.shape[0]
        n_kept = variant.values.shape[0]
        scratch = np.empty((n_rep, n_kept))
        done: dict[str, FloatArray] = {}
        for level_number, level in enumerate(self.tree.aggregates_by_level):
            geo = bool(geometric[level_number])
            data_t = variant.logs_t if geo else variant.values_t
            for code in level:
                kids = self.tree.children[code]
                w = weights[:, [self.column[k] for k in kids]]
                w = w / w.sum(axis=1, keepdims=True)
                direct = [i for i, k in enumerate(kids) if k not in done]
                if direct:
                    rows = [self.column[kids[i]] for i in direct]
                    acc: FloatArray = w[:, direct] @ data_t[rows]
                else:
                    acc = np.zeros((n_rep, n_kept))
                for i, kid in enumerate(kids):
                    if kid not in done:
                        continue
                    child = done[kid]
                    if geo:
                        np.add(child, variant.shift, out=scratch)
                        np.log(scratch, out=scratch)
                        child = scratch
                    np.multiply(child, w[:, i : i + 1], out=scratch)
                    acc += scratch
                if geo:
                    np.exp(acc, out=acc)
                    acc -= variant.shift
                done[code] = acc
        return done[self.tree.root]

    def scores(self, variant: Variant, geometric: FloatArray, weights: FloatArray) -> FloatArray:
        """Root scores for a chunk: weights (Rc x nodes) -> Rc x all units (NaN = no score)."""
        uniform = bool(np.all(geometric == geometric[0]))
        if variant.complete and uniform:
            kept = self.linear_scores(variant, bool(geometric[0]), weights)
        elif variant.complete:
            kept = self.complete_scores(variant, geometric, weights)
        else:
            kept = self.levelwise_scores(variant, geometric, weights)
        if variant.rows.size == self.n_units:
            return kept
        out = np.full((weights.shape[0], self.n_units), np.nan)
        out[:, variant.rows] = kept
        return out

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
        keep_scores: bool = False,
    ) -> tuple[FloatArray, FloatArray | None]:
        """Ranks (R x U, float32, 1 = best) for every replication of the design, in its order,
        and with `keep_scores` the root scores (R x U, float64).

        Replications are taken by distinct (variant, level methods). Where the tree is linear
        (complete data, one method) scores come block by block (up to `block_elements` values)
        from one large matrix product in this thread; each block is ranked in chunks of
        `chunk_size` rows on a small thread pool (numpy releases the GIL while sorting), which
        also runs `summarise` on the chunk's ranks. Level-wise scoring (missing data, methods
        mixed across levels) runs per chunk on the pool. Ranks are stored and
        `on_chunk(rows, ranks, summary)` called in order, here. The BLAS library runs one
        thread meanwhile: the pool already keeps every core busy, and BLAS threads competing
        with it for the cores make the many small products of level-wise scoring several
        times slower.
        """
        with threadpool_limits(limits=1, user_api="blas"):
            return self._run(
                design,
                chunk_size=chunk_size,
                progress=progress,
                on_chunk=on_chunk,
                summarise=summarise,
                workers=workers,
                block_elements=block_elements,
                keep_scores=keep_scores,
            )

    def _run(
        self,
        design: Design,
        *,
        chunk_size: int,
        progress: Progress | None,
        on_chunk: Callable[[FloatArray, FloatArray, Any], None] | None,
        summarise: Callable[[FloatArray], Any] | None,
        workers: int | None,
        block_elements: int,
        keep_scores: bool,
    ) -> tuple[FloatArray, FloatArray | None]:
        ranks = np.empty((design.size, self.n_units), dtype=np.float32)
        scores_out = np.empty((design.size, self.n_units)) if keep_scores else None
        # a chunk's arrays stay within the processor's caches (about 2 MB each): on 7,000 units
        # chunks of 37 rows run several times faster than chunks of 256
        chunk_size = max(16, min(chunk_size, CHUNK_ELEMENTS // max(self.n_units, 1)))
        geometric = np.asarray(design.geometric, dtype=bool).reshape(design.size, -1)
        combos = np.concatenate([design.variant.reshape(-1, 1), geometric], axis=1).astype(int)
        block_rows = max(chunk_size, block_elements // max(self.n_units, 1))
        n_workers = workers or min(4, os.cpu_count() or 1)
        done = 0
        with ThreadPoolExecutor(max_workers=n_workers) as pool:
            for combo in np.unique(combos, axis=0):
                variant = self.variants[int(combo[0])]
                methods = combo[1:].astype(bool)
                rows = np.flatnonzero((combos == combo).all(axis=1))
                linear = variant.complete and bool(np.all(methods == methods[0]))
                for first in range(0, rows.size, block_rows):
                    block = rows[first : first + block_rows]
                    starts = range(0, block.size, chunk_size)
                    if linear:
                        scores = self.scores(variant, methods, design.weights[_rows(block)])
                        pieces = [scores[at : at + chunk_size] for at in starts]
                        work = partial(_rank_and_summarise, summarise=summarise)
                        ranked = pool.map(work, pieces)
                    else:
                        weights = design.weights[_rows(block)]
                        pieces = [weights[at : at + chunk_size] for at in starts]
                        score = partial(self._score_rank, variant, methods, summarise)
                        ranked = pool.map(score, pieces)
                    for at, (chunk_scores, chunk_ranks, summary) in zip(
                        starts, ranked, strict=True
                    ):
                        picked = block[at : at + chunk_size]
                        ranks[_rows(picked)] = chunk_ranks
                        if scores_out is not None:
                            scores_out[_rows(picked)] = chunk_scores
                        if on_chunk is not None:
                            on_chunk(picked, chunk_ranks, summary)
                        done += picked.size
                        if progress is not None:
                            progress(done, design.size)
        return ranks, scores_out

    def _score_rank(
        self,
        variant: Variant,
        methods: FloatArray,
        summarise: Callable[[FloatArray], Any] | None,
        weights: FloatArray,
    ) -> tuple[FloatArray, FloatArray, Any]:
        return _rank_and_summarise(self.scores(variant, methods, weights), summarise)


def _rank_and_summarise(
    scores: FloatArray, summarise: Callable[[FloatArray], Any] | None
) -> tuple[FloatArray, FloatArray, Any]:
    ranks = rank_rows(scores)
    return scores, ranks, None if summarise is None else summarise(ranks)


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


def noisy_weights(
    nominal: FloatArray, noise: float, n: int, rng: np.random.Generator
) -> FloatArray:
    """COINr `get_noisy_weights`: w * (1 + U(-noise, noise)), independently per weight."""
    factors = 1.0 + (rng.random((n, nominal.size)) * 2.0 - 1.0) * noise
    out: FloatArray = nominal[None, :] * factors
    return out
