"""The engine's fast kernels against their references: packed-key ranks against argsort ranks
(ties, near-ties, missing, signed zeros), rank statistics from sorted rows against numpy's
quantiles, depth-first mixed-level scores against level-by-level scores and the pipeline, and
results that do not depend on how replications are cut into chunks."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monotown.assess.chunks import Workspace, worker_pool
from monotown.assess.design import encode, methodology_for_row, sample_plan
from monotown.assess.engine import Engine
from monotown.assess.methodology_files import parse_methodology
from monotown.assess.pipeline import AssessmentInput, run_pipeline
from monotown.assess.ranking import rank_rows, rank_rows_fast
from monotown.assess.rankstats import summarise_ranks
from monotown.assess.uncertain import resolve_inputs
from monotown.assess.uncertainty import run_uncertainty
from monotown.assess.variants import build_variants


def pandas_ranks(row: np.ndarray) -> np.ndarray:
    return pd.Series(row).rank(ascending=False, method="min").to_numpy()


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=0, max_value=2**32 - 1),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=400),
    st.sampled_from(["plain", "rounded", "near", "zeros", "missing", "constant"]),
)
def test_packed_key_ranks_equal_the_reference_ranks(seed, rows, units, kind):
    rng = np.random.default_rng(seed)
    scores = rng.normal(size=(rows, units)) * rng.choice([1e-6, 1.0, 1e9])
    if kind == "rounded":  # many exact ties
        scores = np.round(scores * 3) / 3
    elif kind == "near" and units > 1:  # neighbours one or two ulps apart, and equal
        scores[:, 1] = np.nextafter(scores[:, 0], np.inf)
        scores[:, -1] = np.nextafter(np.nextafter(scores[:, 0], -np.inf), -np.inf)
        scores[:, units // 2] = scores[:, 0]
    elif kind == "zeros":
        scores[rng.random(scores.shape) < 0.3] = 0.0
        scores[rng.random(scores.shape) < 0.3] = -0.0
    elif kind == "missing":
        scores[rng.random(scores.shape) < 0.25] = np.nan
    elif kind == "constant":
        scores[:] = 4.2
    fast = rank_rows_fast(scores, work=Workspace())
    reference = rank_rows(scores)
    assert fast.dtype == np.float32
    assert np.array_equal(fast, reference, equal_nan=True)
    for row, got in zip(scores, fast, strict=True):
        assert np.array_equal(pandas_ranks(row), got.astype(float), equal_nan=True)


def test_packed_key_ranks_with_more_units_than_the_position_bits_of_a_small_row():
    rng = np.random.default_rng(5)
    scores = rng.random((3, 9000))  # 14 position bits
    scores[1, 100:200] = scores[1, 0]
    work = Workspace()
    first = rank_rows_fast(scores, work=work)
    again = rank_rows_fast(scores[::-1].copy(), work=work)  # the workspace keeps no state
    assert np.array_equal(first, rank_rows(scores))
    assert np.array_equal(again, first[::-1])


@pytest.mark.parametrize("missing", [0.0, 0.05])
def test_rank_statistics_from_sorted_rows_equal_numpys(missing):
    rng = np.random.default_rng(3)
    ranks = rng.integers(1, 40, size=(501, 139)).astype(np.float32)  # replications x units
    if missing:
        ranks[rng.random(ranks.shape) < missing] = np.nan
        ranks[:, 7] = np.nan  # a unit without any rank
    sizes = [13, 13, 13]
    with worker_pool(2) as pool:
        summary = summarise_ranks(ranks.copy(), sizes, pool)
    with np.errstate(invalid="ignore"), pytest.warns(RuntimeWarning) if missing else _nothing():
        expected = np.nanquantile(ranks, [0.05, 0.5, 0.95], axis=0)
    assert np.allclose(summary.quantiles, expected, equal_nan=True, rtol=0, atol=1e-12)
    assert np.array_equal(summary.sums, np.nansum(ranks, axis=0, dtype=np.float64))
    assert np.array_equal(summary.valid, (~np.isnan(ranks)).sum(axis=0))
    bounds = np.cumsum(sizes)
    below = np.stack([np.zeros(ranks.shape[1])] + [(ranks <= b).sum(axis=0) for b in bounds])
    assert np.array_equal(summary.counts, np.diff(below, axis=0))
    assert summary.has_missing == bool(missing)


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


def three_level_case(seed: int, units: int = 40, ties: bool = False):
    """Indicators under sub-pillars under pillars under the index (3 aggregation levels)."""
    rng = np.random.default_rng(seed)
    codes = [f"x{j}" for j in range(12)]
    data = pd.DataFrame(
        rng.lognormal(size=(units, 12)), index=[f"u{i:02d}" for i in range(units)], columns=codes
    )
    if ties:
        data.iloc[1] = data.iloc[0]  # two identical towns tie in every replication
        data.iloc[5] = data.iloc[4]
    units_frame = pd.DataFrame({"name": data.index, "region": "r"}, index=data.index)
    spec = {
        "name": "deep",
        "indicators": [
            {"code": c, "parent": f"s{j % 4}", "weight": 1 + j % 3} for j, c in enumerate(codes)
        ],
        "aggregates": [
            {"code": "index"},
            {"code": "p0", "parent": "index"},
            {"code": "p1", "parent": "index"},
            *({"code": f"s{k}", "parent": f"p{k % 2}"} for k in range(4)),
        ],
        "imputation": {"method": "none"},
        "uncertainty": {
            "type": "UA",
            "inputs": [
                {
                    "address": "weights",
                    "noise": [{"level": 1, "factor": 0.3}, {"level": 2, "factor": 0.3}],
                },
                {"address": "normalisation.method", "distribution": ["minmax", "zscore"]},
                *(
                    {
                        "address": f"aggregation.method.{level}",
                        "distribution": ["arithmetic", "geometric"],
                    }
                    for level in (2, 3, 4)
                ),
            ],
        },
    }
    return AssessmentInput(data=data, units=units_frame), parse_methodology(spec)


@settings(max_examples=8, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_depth_first_mixed_levels_equal_level_by_level_scores(seed):
    inp, methodology = three_level_case(seed % 100)
    result = run_pipeline(inp, methodology)
    tree = result.tree
    nodes = [*tree.indicators, *tree.order]
    nominal = np.array([tree.weight[c] for c in nodes])
    levels = dict.fromkeys(tree.indicators, 1)
    for position, level in enumerate(tree.aggregates_by_level):
        levels.update(dict.fromkeys(level, position + 2))
    rng = np.random.default_rng(seed)
    plan = sample_plan(resolve_inputs(methodology), 64, "UA", rng, nominal, nodes, levels)
    encoded = encode(plan, methodology, len(tree.aggregates_by_level), nominal, nodes)
    variants = build_variants(inp, result, encoded.combos, list(inp.data.index))
    engine = Engine(tree, variants, len(inp.data))
    design = encoded.design
    for row in range(design.size):
        variant = variants[int(design.variant[row])]
        methods = np.asarray(design.geometric[row], dtype=bool)
        weights = design.weights[row : row + 1]
        fused = engine.scores(variant, methods, weights, Workspace())
        reference = engine.levelwise_scores(variant, methods, weights)
        assert np.allclose(fused, reference, rtol=1e-12, atol=1e-12), row


def test_mixed_level_replications_with_ties_replay_the_pipeline_and_ignore_chunking():
    inp, methodology = three_level_case(7, ties=True)
    result = run_pipeline(inp, methodology)
    runs = [
        run_uncertainty(
            inp,
            replace(result, methodology=m),
            replications=48,
            seed=9,
            keep_replications=True,
        )
        for m in (
            methodology,
            methodology.model_copy(
                update={"uncertainty": methodology.uncertainty.model_copy(update={"chunk_size": 1})}
            ),
        )
    ]
    first, single = runs
    assert np.array_equal(first.ranks, single.ranks)
    assert np.allclose(first.scores, single.scores, rtol=0, atol=1e-12)
    pd.testing.assert_frame_equal(first.rank_stats, single.rank_stats)
    assert np.array_equal(first.rank_shift, single.rank_shift)
    assert (first.ranks[:, 0] == first.ranks[:, 1]).all()  # identical towns share their rank
    tree = result.tree
    nodes = [*tree.indicators, *tree.order]
    nominal = np.array([tree.weight[c] for c in nodes])
    plan = sample_plan(
        resolve_inputs(methodology),
        48,
        "UA",
        np.random.default_rng(9),
        nominal,
        nodes,
        {
            **dict.fromkeys(tree.indicators, 1),
            **{c: p + 2 for p, lv in enumerate(tree.aggregates_by_level) for c in lv},
        },
    )
    encoded = encode(plan, methodology, len(tree.aggregates_by_level), nominal, nodes)
    for row in range(0, 48, 5):
        replica = run_pipeline(inp, methodology_for_row(methodology, encoded, row, nodes))
        expected = replica.index.reindex(inp.data.index).to_numpy(dtype=float)
        assert np.nanmax(np.abs(expected - first.scores[row])) < 1e-9, row
        ranks = replica.rank.reindex(inp.data.index).to_numpy(dtype=float)
        assert np.array_equal(ranks, first.ranks[row].astype(float)), row
