"""Benchmark: vectorised Monte Carlo uncertainty analysis vs a naive per-replication loop.

7,000 settlements x 78 indicators in 11 pillars, 10,000 replications: weights +/-25%, 2
normalisations (min-max, z-score) x 2 aggregations (arithmetic, geometric). Prints seconds, peak
memory and, in the same run, a naive baseline (the pandas pipeline rebuilt per replication, timed
on 50 replications and extrapolated) and the ratio. Targets: < 10 s, < 4 GiB, >= 50x.

Run: .venv/bin/python bench/assess_bench.py [--units 7000] [--replications 10000]
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import pandas as pd

from monotown.assess.methodology import Methodology, parse_methodology
from monotown.assess.pipeline import AssessmentInput, run_pipeline
from monotown.assess.uncertainty import run_uncertainty

N_PILLARS = 11


def synthetic(units: int, indicators: int, seed: int = 7) -> tuple[AssessmentInput, Methodology]:
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
            "uncertainty": {
                "weight_noise": 0.25,
                "normalisations": ["minmax", "zscore"],
                "aggregations": ["arithmetic", "geometric"],
                "chunk_size": 256,
            },
        }
    )
    return AssessmentInput(data=data, units=units_frame), methodology


def naive_replication(
    inp: AssessmentInput, methodology: Methodology, rng: np.random.Generator
) -> pd.Series:
    """What a per-replication implementation does: perturb, rebuild the whole pipeline, rank."""
    noise = methodology.uncertainty.weight_noise
    indicators = [
        i.model_copy(update={"weight": i.weight * (1 + rng.uniform(-noise, noise))})
        for i in methodology.indicators
    ]
    aggregates = [
        a.model_copy(update={"weight": a.weight * (1 + rng.uniform(-noise, noise))})
        for a in methodology.aggregates
    ]
    normalisation = methodology.normalisation.model_copy(
        update={"method": rng.choice(["minmax", "zscore"])}
    )
    aggregation = methodology.aggregation.model_copy(
        update={"method": rng.choice(["arithmetic", "geometric"])}
    )
    replica = methodology.model_copy(
        update={
            "indicators": indicators,
            "aggregates": aggregates,
            "normalisation": normalisation,
            "aggregation": aggregation,
        }
    )
    return run_pipeline(inp, replica).rank


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=7000)
    parser.add_argument("--indicators", type=int, default=78)
    parser.add_argument("--replications", type=int, default=10_000)
    parser.add_argument("--baseline", type=int, default=50)
    args = parser.parse_args()

    inp, methodology = synthetic(args.units, args.indicators)
    nominal = run_pipeline(inp, methodology)

    started = time.perf_counter()
    result = run_uncertainty(inp, nominal, replications=args.replications, seed=1)
    seconds = time.perf_counter() - started
    # peak resident memory of the whole process so far (data, nominal run and the Monte Carlo)
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    rng = np.random.default_rng(2)
    base_started = time.perf_counter()
    for _ in range(args.baseline):
        naive_replication(inp, methodology, rng)
    base_seconds = time.perf_counter() - base_started
    extrapolated = base_seconds / args.baseline * args.replications

    gib = 1024**3
    width = (result.rank_stats.rank_p95 - result.rank_stats.rank_p05).median()
    print(f"data: {args.units} settlements x {args.indicators} indicators, {N_PILLARS} pillars")
    print(
        f"replications: {args.replications} (weights +/-25%, minmax|zscore x arithmetic|geometric)"
    )
    print(f"vectorised: {seconds:.2f} s")
    print(f"peak memory: {rss_peak / gib:.2f} GiB (process peak resident set)")
    print(
        f"naive baseline: {base_seconds:.2f} s for {args.baseline} replications"
        f" -> {extrapolated:.0f} s extrapolated"
    )
    print(f"ratio: {extrapolated / seconds:.0f}x faster")
    print(f"median 5-95% rank interval width: {width:.0f}")
    ok = seconds < 10 and rss_peak < 4 * gib and extrapolated / seconds >= 50
    print("targets (< 10 s, < 4 GiB, >= 50x):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
