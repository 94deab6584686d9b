"""How the engine's work is cut and where it runs: chunks of replications sharing a data variant
and level methods, the worker threads, the arrays each thread reuses from chunk to chunk, and
the processor time each phase took.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

FloatArray = np.ndarray


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


@dataclass(frozen=True)
class Chunk:
    """Rows of the design sharing a variant and level methods; `counted`: the positions of
    those the statistics use, None for all."""

    variant: int
    methods: FloatArray
    rows: FloatArray
    counted: FloatArray | None


def plan_chunks(
    variant: FloatArray,
    geometric: FloatArray,
    rows_per_chunk: Callable[[int, FloatArray], int],
    statistics_rows: int,
) -> list[Chunk]:
    """The design's rows (their variant and level methods) by distinct (variant, methods), in
    chunks of `rows_per_chunk(variant, methods)`; rows below `statistics_rows` count in the
    statistics."""
    size = variant.size
    flags = np.asarray(geometric, dtype=bool).reshape(size, -1)
    combos = np.concatenate([variant.reshape(-1, 1), flags], axis=1).astype(int)
    distinct, inverse = np.unique(combos, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    grouped = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[grouped], np.arange(len(distinct) + 1))
    chunks = []
    for number, combo in enumerate(distinct):
        rows = grouped[bounds[number] : bounds[number + 1]]
        methods = combo[1:].astype(bool)
        step = rows_per_chunk(int(combo[0]), methods)
        for first in range(0, rows.size, step):
            picked = rows[first : first + step]
            counted = np.flatnonzero(picked < statistics_rows)
            every = counted.size == picked.size
            chunks.append(Chunk(int(combo[0]), methods, picked, None if every else counted))
    return chunks


@contextmanager
def worker_pool(workers: int | None = None) -> Iterator[ThreadPoolExecutor]:
    """Threads for the engine (one per core, at most 4) with the BLAS library on one thread:
    the pool already keeps every core busy, and BLAS threads competing with it for the cores
    make the small products several times slower."""
    count = workers or min(4, os.cpu_count() or 1)
    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(count) as pool:
        yield pool


class Workspace:
    """Named arrays one thread reuses from chunk to chunk.

    A chunk's arrays are a few hundred kB to a few MB; allocated afresh each time, the C library
    maps and unmaps them and every page faults in again (about 2 GB of page faults for
    7,000 units x 10,000 replications, a third of the processor time).
    """

    def __init__(self) -> None:
        self._arrays: dict[str, FloatArray] = {}

    def get(self, name: str, shape: tuple[int, ...], dtype: type = np.float64) -> FloatArray:
        """An uninitialised array of that shape (a view of the held one, grown when needed)."""
        size = int(np.prod(shape))
        held = self._arrays.get(name)
        if held is None or held.dtype != np.dtype(dtype) or held.size < size:
            held = np.empty(size, dtype=dtype)
            self._arrays[name] = held
        return held[:size].reshape(shape)


_local = threading.local()


def workspace() -> Workspace:
    """This thread's workspace."""
    held = getattr(_local, "workspace", None)
    if held is None:
        held = Workspace()
        _local.workspace = held
    return held


def rows_of(picked: FloatArray) -> slice | FloatArray:
    """A slice when the rows are consecutive (a block copy instead of a gather)."""
    if picked[-1] - picked[0] + 1 == picked.size:
        return slice(int(picked[0]), int(picked[-1]) + 1)
    return picked
