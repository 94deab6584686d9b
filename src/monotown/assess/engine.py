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
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from monotown.assess.ranking import rank_rows, rank_rows_fast
from monotown.assess.tree import Tree

FloatArray = np.ndarray
Progress = Callable[[int, int], None]
CHUNK_ELEMENTS = 1 << 19  # values scored per chunk (about 75 rows of 7,000 units)
RANK_ELEMENTS = 1 << 17  # values ranked at once
IN_FLIGHT = 8  # chunks submitted and not yet collected: bounded memory
__all__ = ["Design", "Engine", "EngineRun", "Timings", "Variant", "rank_rows", "worker_pool"]


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
class Timings:
    """Processor seconds per phase, summed over the worker threads, and the run's wall time;
    `variants` is the data sets' preparation (treatment and normalisation per choice)."""

    variants: float = 0.0
    products: float = 0.0
    ranking: float = 0.0
    statistics: float = 0.0
    wall: float = 0.0

    def add(self, other: Timings) -> None:
        self.products += other.products
        self.ranking += other.ranking
        self.statistics += other.statistics


@dataclass
class EngineRun:
    """What a run leaves: the ranks (float32) of every replication with `keep_ranks`, else of
    the first `statistics_rows`, and the scores with `keep_scores` (replications x units)."""

    ranks: FloatArray
    scores: FloatArray | None = None
    timings: Timings = field(default_factory=Timings)


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
        self.level_number = {
            code: number for number, level in enumerate(tree.aggregates_by_level) for code in level
        }
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
        """Methods mixed across levels on complete data, depth first: each aggregate is one
        small matrix product of its indicators (weights normalised) plus the weighted sum of its
        member aggregates (in log space below a geometric level), each member folded in as soon
        as it is computed, so only one score array per level of the tree is alive at a time."""
        scratch = np.empty((weights.shape[0], variant.values.shape[0]))
        return self._complete_node(self.tree.root, variant, geometric, weights, scratch)

    def _complete_node(
        self,
        code: str,
        variant: Variant,
        geometric: FloatArray,
        weights: FloatArray,
        scratch: FloatArray,
    ) -> FloatArray:
        geo = bool(geometric[self.level_number[code]])
        data_t = variant.logs_t if geo else variant.values_t
        kids = self.tree.children[code]
        w = weights[:, [self.column[k] for k in kids]]
        w = w / w.sum(axis=1, keepdims=True)
        direct = [i for i, k in enumerate(kids) if k not in self.level_number]
        if direct:
            rows = [self.column[kids[i]] for i in direct]
            acc: FloatArray = w[:, direct] @ data_t[rows]
        else:
            acc = np.zeros_like(scratch)
        for i, kid in enumerate(kids):
            if kid not in self.level_number:
                continue
            child = self._complete_node(kid, variant, geometric, weights, scratch)
            if geo:
                np.add(child, variant.shift, out=child)
                np.log(child, out=child)
            np.multiply(child, w[:, i : i + 1], out=scratch)
            acc += scratch
        if geo:
            np.exp(acc, out=acc)
            acc -= variant.shift
        return acc

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
        pool: Executor,
        *,
        chunk_size: int = 256,
        statistics_rows: int | None = None,
        summarise: Callable[[FloatArray], Any] | None = None,
        on_chunk: Callable[[FloatArray, Any], None] | None = None,
        progress: Progress | None = None,
        keep_scores: bool = False,
        keep_ranks: bool = False,
    ) -> EngineRun:
        """Scores and ranks every replication of the design, chunk by chunk on `pool`.

        Replications are taken by distinct (variant, level methods), in chunks of rows; a worker
        scores its chunk (one matrix product, or one per aggregate, `scores`), ranks it
        (`rank_rows_fast`), runs `summarise` on the ranks and stores them (all of them with
        `keep_ranks`, else those of the first `statistics_rows` replications, all by default,
        that the statistics use). `on_chunk(rows, summary)` and `progress` are called here, in
        the order chunks are taken.
        Run it inside `worker_pool()`, which keeps the BLAS library to one thread: the pool
        already keeps every core busy, and BLAS threads competing with it for the cores make
        the small products several times slower.
        """
        started = time.perf_counter()
        n_stat = design.size if statistics_rows is None else min(statistics_rows, design.size)
        out = EngineRun(
            ranks=np.empty((design.size if keep_ranks else n_stat, self.n_units), np.float32),
            scores=np.empty((design.size, self.n_units)) if keep_scores else None,
        )
        # a chunk's arrays stay within the processor's caches: on 7,000 units chunks of a few
        # dozen rows run several times faster than chunks of hundreds
        rows_per_chunk = max(8, min(chunk_size, CHUNK_ELEMENTS // max(self.n_units, 1)))
        chunks = plan_chunks(design, rows_per_chunk, n_stat)
        pending: deque[tuple[Chunk, Future[tuple[Any, Timings]]]] = deque()
        done = 0

        def finish() -> None:
            nonlocal done
            chunk, future = pending.popleft()
            summary, timings = future.result()
            out.timings.add(timings)
            if on_chunk is not None:
                on_chunk(chunk.rows, summary)
            done += chunk.rows.size
            if progress is not None:
                progress(done, design.size)

        for chunk in chunks:
            pending.append((chunk, pool.submit(self._chunk, chunk, design, summarise, out)))
            while len(pending) > IN_FLIGHT:
                finish()
        while pending:
            finish()
        out.timings.wall = time.perf_counter() - started
        return out

    def _chunk(
        self,
        chunk: Chunk,
        design: Design,
        summarise: Callable[[FloatArray], Any] | None,
        out: EngineRun,
    ) -> tuple[Any, Timings]:
        """One chunk on a worker thread: score, rank, summarise, store; processor time per phase."""
        started = time.thread_time()
        variant = self.variants[chunk.variant]
        scores = self.scores(variant, chunk.methods, design.weights[_rows(chunk.rows)])
        scored = time.thread_time()
        ranks: FloatArray = np.empty(scores.shape, dtype=np.float32)
        step = max(4, RANK_ELEMENTS // max(self.n_units, 1))
        for first in range(0, scores.shape[0], step):
            rank_rows_fast(scores[first : first + step], out=ranks[first : first + step])
        ranked = time.thread_time()
        summary = None if summarise is None else summarise(ranks)
        if chunk.counted is None or len(out.ranks) == design.size:
            out.ranks[_rows(chunk.rows)] = ranks
        elif chunk.counted.size:
            out.ranks[chunk.rows[chunk.counted]] = ranks[chunk.counted]
        if out.scores is not None:
            out.scores[_rows(chunk.rows)] = scores
        timings = Timings(
            products=scored - started,
            ranking=ranked - scored,
            statistics=time.thread_time() - ranked,
        )
        return summary, timings


@dataclass(frozen=True)
class Chunk:
    """Rows of the design sharing a variant and level methods; `counted`: the positions of
    those the statistics use, None for all."""

    variant: int
    methods: FloatArray
    rows: FloatArray
    counted: FloatArray | None


def plan_chunks(design: Design, rows_per_chunk: int, statistics_rows: int) -> list[Chunk]:
    """The design's rows by distinct (variant, level methods), in chunks; rows below
    `statistics_rows` count in the statistics."""
    geometric = np.asarray(design.geometric, dtype=bool).reshape(design.size, -1)
    combos = np.concatenate([design.variant.reshape(-1, 1), geometric], axis=1).astype(int)
    distinct, inverse = np.unique(combos, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    grouped = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[grouped], np.arange(len(distinct) + 1))
    chunks = []
    for number, combo in enumerate(distinct):
        rows = grouped[bounds[number] : bounds[number + 1]]
        for first in range(0, rows.size, rows_per_chunk):
            picked = rows[first : first + rows_per_chunk]
            counted = np.flatnonzero(picked < statistics_rows)
            every = counted.size == picked.size
            methods = combo[1:].astype(bool)
            chunks.append(Chunk(int(combo[0]), methods, picked, None if every else counted))
    return chunks


@contextmanager
def worker_pool(workers: int | None = None) -> Iterator[ThreadPoolExecutor]:
    """Threads for the engine (one per core, at most 4) with the BLAS library on one thread."""
    count = workers or min(4, os.cpu_count() or 1)
    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(count) as pool:
        yield pool


def _rows(picked: FloatArray) -> slice | FloatArray:
    """A slice when the rows are consecutive (a block copy instead of a gather)."""
    if picked[-1] - picked[0] + 1 == picked.size:
        return slice(int(picked[0]), int(picked[-1]) + 1)
    return picked


def noisy_weights(
    nominal: FloatArray, noise: float, n: int, rng: np.random.Generator
) -> FloatArray:
    """COINr `get_noisy_weights`: w * (1 + U(-noise, noise)), independently per weight."""
    factors = 1.0 + (rng.random((n, nominal.size)) * 2.0 - 1.0) * noise
    out: FloatArray = nominal[None, :] * factors
    return out
