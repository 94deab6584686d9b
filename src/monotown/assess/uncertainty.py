"""Monte Carlo uncertainty and variance-based sensitivity analysis, vectorised.

Uncertain inputs are data (the methodology's `uncertainty.inputs`, COINr's SA_specs): any step
parameter with discrete alternatives or a continuous range (`uncertain.py`). The replications
are sampled (`type: UA`: N random rows; `type: SA`: Saltelli's N (d + 2) rows, rank statistics
from the first 2N as COINr does) or read from a design file (`design.py`). The pipeline up to
normalisation runs once per distinct data-stage choice (`variants.py`); every replication after
that is an array operation (`engine.py`): no replication rebuilds the pipeline, and no Python
loop runs over replications.

Groups in a replication are given by rank using the nominal run's group sizes (for the quantile
method this is the method itself), so a group probability says how often a town lands in a group
of the same size.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from monotown.assess.design import Plan, encode, plan_table, read_design, sample_plan
from monotown.assess.engine import (
    Design,
    Engine,
    Progress,
    Timings,
    noisy_weights,
    rank_rows,
    worker_pool,
)
from monotown.assess.groups import group_sizes
from monotown.assess.pipeline import AssessmentInput, AssessmentResult
from monotown.assess.rankstats import summarise_ranks
from monotown.assess.sensitivity import convergence_table, sensitivity_table
from monotown.assess.uncertain import Input, resolve_inputs
from monotown.assess.variants import build_variants
from monotown.errors import InputError

FloatArray = np.ndarray

__all__ = [
    "Design",
    "Engine",
    "UncertaintyResult",
    "noisy_weights",
    "rank_rows",
    "run_uncertainty",
]


@dataclass(frozen=True)
class UncertaintyResult:
    rank_stats: pd.DataFrame
    replications: int  # N: rows for UA, the base sample of an SA (N (d + 2) runs)
    seed: int | None
    seconds: float
    alternatives: dict[str, list[str]]
    weight_noise: float
    sensitivity: pd.DataFrame | None = None
    rank_shift: FloatArray = field(default_factory=lambda: np.zeros(0))
    analysis: str = "UA"
    runs: int = 0
    estimator: str = "jansen"
    design: pd.DataFrame = field(default_factory=pd.DataFrame)
    convergence: pd.DataFrame | None = None
    units: list[str] = field(default_factory=list)
    scores: FloatArray | None = None  # runs x units, with keep_replications
    ranks: FloatArray | None = None  # runs x units, float32, with keep_replications
    timings: Timings = field(default_factory=Timings)  # processor seconds per phase

    def replications_frame(self) -> pd.DataFrame:
        """Per replication and unit: the design's values, the index score and the rank."""
        if self.scores is None or self.ranks is None:
            raise InputError("this analysis did not keep its replications")
        runs, n_units = self.ranks.shape
        long = pd.DataFrame(
            {
                "replication": np.repeat(np.arange(1, runs + 1), n_units),
                "unit": np.tile(np.array(self.units, dtype=object), runs),
                "score": self.scores.reshape(-1),
                "rank": self.ranks.reshape(-1).astype(float),
            }
        )
        return self.design.merge(long, on="replication", how="right")


def describe(inputs: list[Input]) -> dict[str, list[str]]:
    """Each input's alternatives as text (for the CLI, the stored run and the web page)."""
    out: dict[str, list[str]] = {}
    for spec in inputs:
        if spec.step == "weights":
            noise = [f"level {lv} +/-{f:.0%}" for lv, f in sorted(spec.noise.items()) if f]
            out[spec.name] = noise or [f"{len(spec.weight_sets)} weight sets"]
        elif spec.type == "continuous":
            out[spec.name] = [f"{spec.low:g}", f"{spec.high:g}"]
        else:
            out[spec.name] = list(spec.labels)
    return out


def run_uncertainty(
    inp: AssessmentInput,
    result: AssessmentResult,
    *,
    replications: int | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
    design: str | Path | Plan | None = None,
    keep_replications: bool = False,
) -> UncertaintyResult:
    """Uncertainty (and, for `type: SA`, sensitivity) analysis around a nominal result.

    `design` replays exactly the replications of a design file (or plan) instead of sampling.
    """
    methodology = result.methodology
    spec = methodology.uncertainty
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    inputs = resolve_inputs(methodology)
    tree = result.tree
    nodes = [*tree.indicators, *tree.order]
    nominal_w = np.array([tree.weight.get(code, 1.0) for code in nodes], dtype=float)
    levels = dict.fromkeys(tree.indicators, 1)
    for position, level in enumerate(tree.aggregates_by_level):
        levels.update(dict.fromkeys(level, position + 2))
    if design is None:
        n = spec.replications if replications is None else replications
        if n < 2:
            raise InputError("uncertainty analysis needs at least 2 replications")
        plan = sample_plan(inputs, n, spec.analysis, rng, nominal_w, nodes, levels)
    elif isinstance(design, Plan):
        plan = design
    else:
        plan = read_design(design, inputs, nominal_w, nodes)
    n_levels = len(tree.aggregates_by_level)
    encoded = encode(plan, methodology, n_levels, nominal_w, nodes)
    units = list(inp.data.index)
    preparing = time.process_time()
    variants = build_variants(inp, result, encoded.combos, units)
    preparation = time.process_time() - preparing
    if methodology.aggregation.geometric_zeros == "error":
        uses = np.asarray(np.asarray(encoded.design.geometric).any(axis=1), dtype=bool)
        for number, variant in enumerate(variants):
            if not variant.positive and bool(uses[encoded.design.variant == number].any()):
                raise InputError("a replication takes a geometric mean of non-positive values "
                                 "(geometric_zeros: error)")  # fmt: skip
    engine = Engine(tree, variants, len(units), methodology.aggregation.min_coverage)
    nominal_rank = result.rank.reindex(units).to_numpy(dtype=float)
    sizes = group_sizes(result.group, methodology.groups.names)
    runs = plan.size
    n_used = 2 * plan.n if plan.analysis == "SA" else runs
    with worker_pool() as pool:
        engine_run = engine.run(
            encoded.design,
            pool,
            chunk_size=spec.chunk_size,
            nominal_ranks=nominal_rank,
            statistics_rows=n_used,
            progress=progress,
            keep_scores=keep_replications,
            keep_ranks=keep_replications,
        )
        timings = engine_run.timings
        timings.variants = preparation
        counted = time.thread_time(), time.perf_counter()
        summary = summarise_ranks(engine_run.ranks[:n_used], sizes, pool)
    timings.statistics += time.thread_time() - counted[0] + summary.seconds
    timings.wall += time.perf_counter() - counted[1]
    shift = engine_run.shift
    q05, q50, q95 = summary.quantiles
    valid = summary.valid
    rank_sum = summary.sums
    counts = summary.counts
    stats = pd.DataFrame(
        {
            "nominal_rank": nominal_rank,
            "median_rank": q50,
            "mean_rank": np.where(valid > 0, rank_sum / np.maximum(valid, 1), np.nan),
            "rank_p05": q05,
            "rank_p95": q95,
        },
        index=pd.Index(units),
    )
    for name, row in zip(methodology.groups.names, counts, strict=True):
        stats[f"prob_{name}"] = row / n_used
    sensitivity = convergence = None
    names = [s.name for s in plan.inputs]
    if plan.analysis == "SA":
        sensitivity = sensitivity_table(
            shift, plan.n, names, estimator=spec.estimator, resamples=spec.bootstrap,
            confidence=spec.confidence, rng=rng,
        )  # fmt: skip
        if spec.convergence:
            convergence = convergence_table(shift, plan.n, names, estimator=spec.estimator)
    return UncertaintyResult(
        rank_stats=stats,
        replications=plan.n,
        seed=seed,
        seconds=time.perf_counter() - started,
        alternatives=describe(plan.inputs),
        weight_noise=spec.weight_noise if not spec.inputs else 0.0,
        sensitivity=sensitivity,
        rank_shift=shift,
        analysis=plan.analysis,
        runs=runs,
        estimator=spec.estimator,
        design=plan_table(plan, nodes),
        convergence=convergence,
        units=[str(u) for u in units],
        scores=engine_run.scores,
        ranks=engine_run.ranks if keep_replications else None,
        timings=timings,
    )
