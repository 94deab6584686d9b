"""Benchmark: vectorised uncertainty and sensitivity analysis vs a naive per-replication loop.

Three cases, each timed against, in the same run, the naive baseline (the whole pandas pipeline
rebuilt for every replication, as a straightforward port of COINr's regeneration loop does,
timed on a sample of replications and extrapolated) with the ratio printed:

- `asem`: COINr's ASEM data (51 countries x 49 indicators, 8 pillars, 2 sub-indices) with the
  sensitivity vignette's inputs as data (winsorisation limit 1-5, min-max 1-100 or z-score
  mean 10 sd 2, pillar and sub-index weights +/-25%, arithmetic or geometric), a Saltelli design
  of N = 500 (3,000 replications) with 100 bootstrap resamples. Target < 0.5 s.
- `large`: 7,000 settlements x 78 indicators in 11 pillars (skewed, correlated, 3% missing,
  imputed by region median), 10,000 replications over the new inputs: winsorisation limit 1-5,
  normalisation with parameters, weight noise per level (indicators +/-25%, pillars +/-25%) and
  the aggregation method per level. Target < 5 s.
- `legacy`: issue 16's case (weights +/-25%, min-max|z-score x arithmetic|geometric, 10,000
  replications on 7,000 x 78). Target < 1.5 s on two cores.

Each case also prints the processor time split between the phases (data variants, matrix
products, ranking, statistics; summed over the worker threads) and how many cores were busy: on
a shared machine the wall time says more about the neighbours than about the code.

Run: .venv/bin/python bench/assess_bench.py [--case asem|large|legacy|all] [--baseline 20]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from monotown.assess.design import encode, methodology_for_row
from monotown.assess.filemode import prepare_files
from monotown.assess.methodology import Methodology
from monotown.assess.methodology_files import parse_methodology
from monotown.assess.pipeline import AssessmentInput, run_pipeline
from monotown.assess.uncertain import resolve_inputs
from monotown.assess.uncertainty import UncertaintyResult, run_uncertainty

N_PILLARS = 11
ROOT = Path(__file__).resolve().parents[1]
ASEM = ROOT / "tests/assess/asem"
VIGNETTE = ROOT / "src/monotown/resources/methodology/coinr_sensitivity_vignette.yaml"
NEW_INPUTS: list[dict[str, Any]] = [
    {"name": "Winmax", "address": "treatment.winmax", "distribution": [1, 2, 3, 4, 5]},
    {
        "name": "Normalisation",
        "address": "normalisation",
        "distribution": [
            {"method": "minmax", "range": [1, 100]},
            {"method": "zscore", "mean_sd": [10, 2]},
        ],
    },
    {
        "name": "Weights",
        "address": "weights",
        "noise": [{"level": 1, "factor": 0.25}, {"level": 2, "factor": 0.25}],
    },
    {
        "name": "Pillar mean",
        "address": "aggregation.method.2",
        "distribution": ["arithmetic", "geometric"],
    },
    {
        "name": "Index mean",
        "address": "aggregation.method.3",
        "distribution": ["arithmetic", "geometric"],
    },
]


def synthetic(
    units: int, indicators: int, uncertainty: dict[str, Any], seed: int = 7
) -> tuple[AssessmentInput, Methodology]:
    rng = np.random.default_rng(seed)
    codes = [f"i{j:02d}" for j in range(indicators)]
    latent = rng.normal(size=(units, 1))
    raw = np.exp(0.6 * latent + rng.normal(size=(units, indicators)))  # skewed, correlated
    raw[rng.random(raw.shape) < 0.03] = np.nan
    data = pd.DataFrame(raw, index=[f"s{u:05d}" for u in range(units)], columns=codes)
    regions = rng.integers(0, 17, size=units)
    units_frame = pd.DataFrame(
        {"name": data.index, "region": [f"r{r}" for r in regions]}, index=data.index
    )
    methodology = parse_methodology(
        {
            "name": "bench",
            "indicators": [
                {
                    "code": c,
                    "parent": f"p{j % N_PILLARS}",
                    "weight": 1.0 + (j % 3),
                    "direction": "lower" if j % 5 == 0 else "higher",
                }
                for j, c in enumerate(codes)
            ],
            "aggregates": [{"code": "index"}]
            + [{"code": f"p{k}", "parent": "index"} for k in range(N_PILLARS)],
            "imputation": {"method": "group_median", "group": "region"},
            "uncertainty": uncertainty,
        }
    )
    return AssessmentInput(data=data, units=units_frame), methodology


def naive_baseline(
    inp: AssessmentInput, nominal: Any, analysis: UncertaintyResult, sample: int
) -> float:
    """Seconds per replication of the per-replication pipeline, over the design's first rows."""
    from monotown.assess.design import read_design

    methodology = nominal.methodology
    tree = nominal.tree
    nodes = [*tree.indicators, *tree.order]
    weights = np.array([tree.weight[c] for c in nodes])
    path = Path("/tmp/assess_bench_design.csv")
    analysis.design.head(sample).to_csv(path, index=False)
    plan = read_design(path, resolve_inputs(methodology), weights, nodes)
    encoded = encode(plan, methodology, len(tree.aggregates_by_level), weights, nodes)
    started = time.perf_counter()
    for row in range(plan.size):
        run_pipeline(inp, methodology_for_row(methodology, encoded, row, nodes))
    return (time.perf_counter() - started) / plan.size


def report(
    name: str,
    seconds: float,
    cpu: float,
    analysis: UncertaintyResult,
    per_rep: float,
    sample: int,
    target: float,
) -> None:
    gib = 1024**3
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    extrapolated = per_rep * analysis.runs
    width = (analysis.rank_stats.rank_p95 - analysis.rank_stats.rank_p05).median()
    print(
        f"[{name}] {analysis.runs:,} replications ({analysis.analysis}), inputs: "
        f"{', '.join(analysis.alternatives)}"
    )
    print(f"[{name}] vectorised: {seconds:.3f} s (target < {target} s)")
    t = analysis.timings
    print(
        f"[{name}] split, processor seconds summed over threads: data variants {t.variants:.3f},"
        f" products {t.products:.3f}, ranking {t.ranking:.3f}, statistics {t.statistics:.3f};"
        f" engine wall {t.wall:.3f} s; process CPU {cpu:.3f} s ({cpu / seconds:.2f} cores busy)"
    )
    print(
        f"[{name}] naive baseline: {per_rep:.3f} s per replication on {sample} replications"
        f" -> {extrapolated:.0f} s extrapolated"
    )
    print(f"[{name}] ratio: {extrapolated / seconds:,.0f}x faster")
    print(
        f"[{name}] peak memory so far: {rss_peak / gib:.2f} GiB; median 5-95% rank interval "
        f"width {width:.0f}"
    )
    if analysis.sensitivity is not None:
        table = analysis.sensitivity.set_index("input")
        totals = ", ".join(
            f"{k} {r.total:.2f} [{r.total_low:.2f}, {r.total_high:.2f}]"
            for k, r in table.iterrows()
        )
        print(f"[{name}] total indices with 90% bootstrap intervals: {totals}")
    print(f"[{name}] target:", "met" if seconds < target else "NOT met")


def asem_case(sample: int) -> None:
    job = prepare_files(ASEM / "iData.csv", ASEM / "iMeta.csv", VIGNETTE)
    spec = job.methodology.uncertainty.model_copy(update={"replications": 500})
    methodology = job.methodology.model_copy(update={"uncertainty": spec})
    nominal = run_pipeline(job.input, methodology)
    run_uncertainty(job.input, nominal, replications=20, seed=0)  # warm up imports and caches
    started, cpu = time.perf_counter(), time.process_time()
    analysis = run_uncertainty(job.input, nominal, seed=1)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    per_rep = naive_baseline(job.input, nominal, analysis, sample)
    report("asem", seconds, cpu, analysis, per_rep, sample, 0.5)


def measure(
    name: str,
    inp: AssessmentInput,
    methodology: Methodology,
    replications: int,
    sample: int,
    target: float,
) -> None:
    """Time the vectorised Monte Carlo of one synthetic case against the naive loop, and report."""
    nominal = run_pipeline(inp, methodology)
    started, cpu = time.perf_counter(), time.process_time()
    analysis = run_uncertainty(inp, nominal, replications=replications, seed=1)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    per_rep = naive_baseline(inp, nominal, analysis, sample)
    report(name, seconds, cpu, analysis, per_rep, sample, target)


def large_case(units: int, indicators: int, replications: int, sample: int) -> None:
    inp, methodology = synthetic(units, indicators, {"type": "UA", "inputs": NEW_INPUTS})
    measure("large", inp, methodology, replications, sample, 5.0)


def legacy_case(units: int, indicators: int, replications: int, sample: int) -> None:
    inp, methodology = synthetic(
        units,
        indicators,
        {
            "weight_noise": 0.25,
            "normalisations": ["minmax", "zscore"],
            "aggregations": ["arithmetic", "geometric"],
        },
    )
    measure("legacy", inp, methodology, replications, sample, 1.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--case", choices=["asem", "large", "legacy", "all"], default="all")
    parser.add_argument("--units", type=int, default=7000)
    parser.add_argument("--indicators", type=int, default=78)
    parser.add_argument("--replications", type=int, default=10_000)
    parser.add_argument("--baseline", type=int, default=10, help="naive replications timed")
    args = parser.parse_args()
    if args.case in ("asem", "all"):
        asem_case(max(args.baseline, 30))
    if args.case in ("large", "all"):
        large_case(args.units, args.indicators, args.replications, args.baseline)
    if args.case in ("legacy", "all"):
        legacy_case(args.units, args.indicators, args.replications, args.baseline)


if __name__ == "__main__":
    main()
