"""The vectorised evaluator behind the Monte Carlo: many replications of the aggregation at once.

The pipeline up to normalisation runs once per distinct choice of the data-stage inputs
(imputation, treatment, normalisation, exclusions: `variants.py`); replications are then taken
by distinct (variant, level methods) in chunks (`chunks.py`), each scored, ranked and measured
on a worker thread (numpy releases the GIL while multiplying and sorting): one matrix product
of the chunk's effective weights and the data (log space for geometric means), or, with methods
mixed across levels, the tree depth first, one small product per aggregate; ranks by one sort
of packed keys per row (`ranking.py`).
"""

from __future__ import annotations

import time
import warnings
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from monotown.assess.chunks import (
    Chunk,
    Timings,
    Workspace,
    plan_chunks,
    rows_of,
    worker_pool,
    workspace,
)
from monotown.assess.ranking import rank_rows, rank_rows_fast
from monotown.assess.tree import Tree

FloatArray = np.ndarray
Progress = Callable[[int, int], None]
# values scored per chunk: one matrix product (about 75 rows of 7,000 units), or level by level
# (about 18 rows: the arrays of every step stay in the core's own cache)
CHUNK_ELEMENTS = 1 << 19
LEVELWISE_ELEMENTS = 1 << 17
RANK_ELEMENTS = 1 << 16  # values ranked at once
IN_FLIGHT = 8  # chunks submitted and not yet collected: bounded memory
__all__ = ["Design", "Engine", "EngineRun", "Timings", "Variant", "rank_rows", "worker_pool"]
DataBlocks = dict[tuple[int, str, bool], FloatArray]


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
class EngineRun:
    """What a run leaves: the ranks (float32) of every replication with `keep_ranks`, else of
    the first `statistics_rows`, the scores with `keep_scores` (replications x units) and each
    replication's mean absolute rank shift against the nominal ranks."""

    ranks: FloatArray
    shift: FloatArray
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
        self.blocks: DataBlocks = {}

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

    def linear_scores(
        self, variant: Variant, geometric: bool, weights: FloatArray, out: FloatArray
    ) -> FloatArray:
        """Root scores (Rc x kept units, into `out`) when data are complete and every level uses
        one method."""
        data = variant.logs if geometric else variant.values
        np.matmul(self.effective_weights(weights), data.T, out=out)
        if geometric:
            np.exp(out, out=out)
            out -= variant.shift
        return out

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
        self,
        variant: Variant,
        geometric: FloatArray,
        weights: FloatArray,
        out: FloatArray,
        work: Workspace,
    ) -> FloatArray:
        """Methods mixed across levels on complete data, depth first, into `out`: each aggregate
        is one small matrix product of its indicators (weights normalised) plus the weighted sum
        of its member aggregates (in log space below a geometric level), each member folded in
        as soon as it is computed, so one score array per level of the tree is alive at a time,
        all held in the thread's workspace."""
        return self._complete_node(self.tree.root, variant, geometric, weights, out, work, 0)

    def _complete_node(
        self,
        code: str,
        variant: Variant,
        geometric: FloatArray,
        weights: FloatArray,
        acc: FloatArray,
        work: Workspace,
        depth: int,
    ) -> FloatArray:
        geo = bool(geometric[self.level_number[code]])
        kids = self.tree.children[code]
        w = weights[:, [self.column[k] for k in kids]]
        w = w / w.sum(axis=1, keepdims=True)
        direct = [i for i, k in enumerate(kids) if k not in self.level_number]
        if direct:
            np.matmul(w[:, direct], self._data_block(variant, code, geo), out=acc)
        else:
            acc.fill(0.0)
        for i, kid in enumerate(kids):
            if kid not in self.level_number:
                continue
            child = work.get(f"level{depth + 1}", acc.shape)
            self._complete_node(kid, variant, geometric, weights, child, work, depth + 1)
            if geo:
                np.add(child, variant.shift, out=child)
                np.log(child, out=child)
            np.multiply(child, w[:, i : i + 1], out=child)
            acc += child
        if geo:
            np.exp(acc, out=acc)
            acc -= variant.shift
        return acc

    def _data_block(self, variant: Variant, code: str, geometric: bool) -> FloatArray:
        """The rows of the aggregate's own indicators in the variant's (log) data, indicators x
        units, contiguous; made once per run and shared by the threads."""
        key = (id(variant), code, geometric)
        block = self.blocks.get(key)
        if block is None:
            data_t = variant.logs_t if geometric else variant.values_t
            rows = [self.column[k] for k in self.tree.children[code] if k not in self.level_number]
            block = data_t[rows]
            self.blocks[key] = block
        return block

    def scores(
        self,
        variant: Variant,
        geometric: FloatArray,
        weights: FloatArray,
        work: Workspace | None = None,
    ) -> FloatArray:
        """Root scores for a chunk: weights (Rc x nodes) -> Rc x all units (NaN = no score);
        with `work`, a view of the thread's workspace, valid until its next chunk."""
        work = work or Workspace()
        uniform = bool(np.all(geometric == geometric[0]))
        shape = (weights.shape[0], variant.values.shape[0])
        if variant.complete and uniform:
            kept = self.linear_scores(
                variant, bool(geometric[0]), weights, work.get("score", shape)
            )
        elif variant.complete:
            kept = self.complete_scores(variant, geometric, weights, work.get("score", shape), work)
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
        nominal_ranks: FloatArray,
        chunk_size: int = 256,
        statistics_rows: int | None = None,
        progress: Progress | None = None,
        keep_scores: bool = False,
        keep_ranks: bool = False,
    ) -> EngineRun:
        """Scores and ranks every replication of the design, chunk by chunk on `pool` (made by
        `worker_pool()`, which keeps the BLAS library to one thread).

        Replications are taken by distinct (variant, level methods), in chunks of rows; a worker
        scores its chunk (one matrix product, or one per aggregate, `scores`), ranks it
        (`rank_rows_fast`), measures each replication's mean absolute rank shift against
        `nominal_ranks` and stores the ranks (all with `keep_ranks`, else those of the first
        `statistics_rows` replications, all by default, that the statistics use). `progress`
        is called here, as chunks finish.
        """
        started = time.perf_counter()
        n_stat = design.size if statistics_rows is None else min(statistics_rows, design.size)
        out = EngineRun(
            ranks=np.empty((design.size if keep_ranks else n_stat, self.n_units), np.float32),
            shift=np.zeros(design.size),
            scores=np.empty((design.size, self.n_units)) if keep_scores else None,
        )
        # a chunk's arrays stay within the processor's caches: on 7,000 units chunks of a few
        # dozen rows run several times faster than chunks of hundreds
        units = max(self.n_units, 1)

        def rows_per_chunk(variant: int, methods: FloatArray) -> int:
            linear = self.variants[variant].complete and bool(np.all(methods == methods[0]))
            elements = CHUNK_ELEMENTS if linear else LEVELWISE_ELEMENTS
            return max(8, min(chunk_size, elements // units))

        chunks = plan_chunks(design.variant, design.geometric, rows_per_chunk, n_stat)
        pending: deque[tuple[Chunk, Future[Timings]]] = deque()
        done = 0
        nominal = np.asarray(nominal_ranks, dtype=float)

        def finish() -> None:
            nonlocal done
            chunk, future = pending.popleft()
            out.timings.add(future.result())
            done += chunk.rows.size
            if progress is not None:
                progress(done, design.size)

        for chunk in chunks:
            pending.append((chunk, pool.submit(self._chunk, chunk, design, nominal, out)))
            while len(pending) > IN_FLIGHT:
                finish()
        while pending:
            finish()
        out.timings.wall = time.perf_counter() - started
        return out

    def _chunk(self, chunk: Chunk, design: Design, nominal: FloatArray, out: EngineRun) -> Timings:
        """One chunk on a worker thread: score, rank, rank shift, store; processor time per
        phase."""
        started = time.thread_time()
        work = workspace()
        variant = self.variants[chunk.variant]
        rows = rows_of(chunk.rows)
        scores = self.scores(variant, chunk.methods, design.weights[rows], work)
        scored = time.thread_time()
        ranks = work.get("ranks", scores.shape, np.float32)
        step = max(4, RANK_ELEMENTS // max(self.n_units, 1))
        for first in range(0, scores.shape[0], step):
            part = slice(first, first + step)
            rank_rows_fast(scores[part], out=ranks[part], work=work)
        ranked = time.thread_time()
        deviation = work.get("deviation", scores.shape)
        np.subtract(ranks, nominal[None, :], out=deviation)
        np.abs(deviation, out=deviation)
        moved = deviation.mean(axis=1)
        if np.isnan(moved).any():  # a missing rank: the mean over the ranked units
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                moved = np.nanmean(deviation, axis=1)
        out.shift[rows] = moved
        if chunk.counted is None or len(out.ranks) == design.size:
            out.ranks[rows] = ranks
        elif chunk.counted.size:
            out.ranks[chunk.rows[chunk.counted]] = ranks[chunk.counted]
        if out.scores is not None:
            out.scores[rows] = scores
        return Timings(
            products=scored - started,
            ranking=ranked - scored,
            statistics=time.thread_time() - ranked,
        )


def noisy_weights(
    nominal: FloatArray, noise: float, n: int, rng: np.random.Generator
) -> FloatArray:
    """COINr `get_noisy_weights`: w * (1 + U(-noise, noise)), independently per weight."""
    factors = 1.0 + (rng.random((n, nominal.size)) * 2.0 - 1.0) * noise
    out: FloatArray = nominal[None, :] * factors
    return out
