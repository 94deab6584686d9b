"""Monte Carlo and sensitivity analysis: exactness properties and a known analytic function."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monotown.assess.methodology_files import parse_methodology
from monotown.assess.pipeline import AssessmentInput, run_pipeline
from monotown.assess.sensitivity import saltelli_design, sensitivity_indices, to_choice
from monotown.assess.uncertainty import noisy_weights, rank_rows, run_uncertainty
from tests.assess.ishigami import ishigami, ishigami_indices


def small_case(seed=0, units=30, indicators=8, missing=0.0):
    rng = np.random.default_rng(seed)
    codes = [f"x{j}" for j in range(indicators)]
    data = pd.DataFrame(
        rng.lognormal(size=(units, indicators)),
        index=[f"u{i:02d}" for i in range(units)],
        columns=codes,
    )
    if missing:
        data = data.mask(rng.random(data.shape) < missing)
    units_frame = pd.DataFrame(
        {"name": data.index, "region": ["a", "b", "c"] * (units // 3)}, index=data.index
    )
    spec = {
        "name": "t",
        "indicators": [
            {
                "code": c,
                "parent": f"p{j % 3}",
                "weight": 1 + j % 2,
                "direction": "lower" if j == 1 else "higher",
            }
            for j, c in enumerate(codes)
        ],
        "aggregates": [
            {"code": "index"},
            *({"code": f"p{k}", "parent": "index"} for k in range(3)),
        ],
        "selection": {"min_indicator_coverage": 0, "min_unit_coverage": 0},
        "imputation": {"method": "none"},
        "uncertainty": {
            "weight_noise": 0.0,
            "normalisations": ["minmax"],
            "aggregations": ["arithmetic"],
        },
    }
    return AssessmentInput(data=data, units=units_frame), spec


def monte_carlo(uncertainty, *, case_seed, replications, seed):
    """The small case run with these uncertainty settings: (its input, the nominal result, the
    Monte Carlo run of `replications` with `seed`)."""
    inp, spec = small_case(seed=case_seed)
    spec["uncertainty"] = uncertainty
    result = run_pipeline(inp, parse_methodology(spec))
    return inp, result, run_uncertainty(inp, result, replications=replications, seed=seed)


@pytest.mark.parametrize("aggregation", ["arithmetic", "geometric"])
@pytest.mark.parametrize("missing, coverage", [(0.0, 0.0), (0.1, 0.0), (0.3, 0.6)])
def test_zero_perturbation_returns_the_deterministic_ranks(aggregation, missing, coverage):
    inp, spec = small_case(missing=missing)
    spec["aggregation"] = {"method": aggregation, "min_coverage": coverage}
    spec["uncertainty"]["aggregations"] = [aggregation]
    result = run_pipeline(inp, parse_methodology(spec))
    mc = run_uncertainty(inp, result, replications=16, seed=3)
    stats = mc.rank_stats
    nominal = stats["nominal_rank"].to_numpy()
    for column in ("rank_p05", "median_rank", "rank_p95", "mean_rank"):
        assert np.array_equal(stats[column].to_numpy(), nominal, equal_nan=True), column
    assert np.array_equal(nominal, result.rank.to_numpy(), equal_nan=True)
    assert np.allclose(mc.rank_shift, 0)
    for unit, group in result.group.dropna().items():
        assert stats.loc[unit, f"prob_{group}"] == 1.0


def test_perturbation_widens_intervals_and_probabilities_sum_to_one():
    inp, result, mc = monte_carlo(
        {
            "weight_noise": 0.25,
            "normalisations": ["minmax", "zscore"],
            "aggregations": ["arithmetic", "geometric"],
            "imputations": [],
        },
        case_seed=5,
        replications=400,
        seed=1,
    )
    stats = mc.rank_stats
    assert (stats["rank_p05"] <= stats["median_rank"]).all()
    assert (stats["median_rank"] <= stats["rank_p95"]).all()
    assert (stats["rank_p95"] - stats["rank_p05"]).max() > 0
    probs = stats[["prob_high", "prob_average", "prob_low"]].sum(axis=1)
    assert np.allclose(probs, 1.0)
    again = run_uncertainty(inp, result, replications=400, seed=1)
    pd.testing.assert_frame_equal(stats, again.rank_stats)  # same seed, same numbers


def test_sensitivity_indices_for_the_pipeline_inputs():
    _inp, _result, mc = monte_carlo(
        {
            "weight_noise": 0.25,
            "normalisations": ["minmax", "rank"],
            "aggregations": ["arithmetic", "geometric"],
            "sensitivity": True,
        },
        case_seed=2,
        replications=200,
        seed=4,
    )
    table = mc.sensitivity
    assert list(table["input"]) == ["weights", "normalisation", "aggregation"]
    assert (table["total"] >= 0).all()


def test_jansen_estimators_match_the_ishigami_function():
    exact_first, exact_total = ishigami_indices()
    n = 20_000
    design = saltelli_design(n, 3, np.random.default_rng(0))
    x = design.stacked() * 2 * np.pi - np.pi
    indices = sensitivity_indices(ishigami(x), n, 3)
    assert indices.first_order == pytest.approx(exact_first, abs=0.03)
    assert indices.total == pytest.approx(exact_total, abs=0.03)
    saltelli = sensitivity_indices(ishigami(x), n, 3, estimator="saltelli")
    assert saltelli.first_order == pytest.approx(exact_first, abs=0.03)


def test_uniform_draws_map_to_equal_intervals():
    assert to_choice(np.array([0.0, 0.49, 0.5, 0.999, 1.0]), 2).tolist() == [0, 0, 1, 1, 1]


def test_noisy_weights_stay_within_the_range():
    w = noisy_weights(np.array([1.0, 2.0]), 0.25, 1000, np.random.default_rng(0))
    assert w[:, 0].min() >= 0.75 and w[:, 0].max() <= 1.25
    assert w[:, 1].min() >= 1.5 and w[:, 1].max() <= 2.5


def test_vectorised_ranks_match_pandas_min_ranks_with_ties_and_missing():
    scores = np.array([[3.0, 1.0, 3.0, np.nan, 2.0], [0.5, 0.4, 0.3, 0.2, 0.1]])
    ranks = rank_rows(scores)
    for row, expected in zip(scores, ranks, strict=True):
        pandas = pd.Series(row).rank(ascending=False, method="min").to_numpy()
        assert np.array_equal(np.isnan(pandas), np.isnan(expected))
        assert np.allclose(pandas[~np.isnan(pandas)], expected[~np.isnan(expected)])


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_permuting_units_permutes_results(seed):
    inp, spec = small_case(seed=seed % 50, missing=0.05)
    spec["imputation"] = {"method": "group_mean", "group": "region"}
    methodology = parse_methodology(spec)
    base = run_pipeline(inp, methodology)
    order = np.random.default_rng(seed).permutation(len(inp.data))
    shuffled = AssessmentInput(data=inp.data.iloc[order], units=inp.units.iloc[order])
    other = run_pipeline(shuffled, methodology)
    pd.testing.assert_series_equal(base.index.sort_index(), other.index.sort_index())
    pd.testing.assert_series_equal(base.rank.sort_index(), other.rank.sort_index())


@settings(max_examples=25, deadline=None)
@given(
    st.floats(min_value=1e-3, max_value=1e3),
    st.floats(min_value=-1e3, max_value=1e3),
    st.integers(min_value=0, max_value=7),
)
def test_minmax_results_are_invariant_to_positive_affine_rescaling(scale, offset, column):
    inp, spec = small_case(seed=column)
    spec["treatment"] = {"method": "none"}
    methodology = parse_methodology(spec)
    base = run_pipeline(inp, methodology)
    data = inp.data.copy()
    data[f"x{column}"] = data[f"x{column}"] * scale + offset
    other = run_pipeline(AssessmentInput(data=data, units=inp.units), methodology)
    assert np.allclose(base.index.to_numpy(), other.index.to_numpy(), atol=1e-9)


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_equal_weights_arithmetic_mean_is_the_plain_mean_of_normalised_values(seed):
    inp, spec = small_case(seed=seed % 50)
    spec["aggregates"] = [{"code": "index"}]
    for item in spec["indicators"]:
        item["parent"] = "index"
    spec["weighting"] = {"method": "equal"}
    result = run_pipeline(inp, parse_methodology(spec))
    plain = result.prepared.normalised.mean(axis=1)
    assert np.allclose(result.index.to_numpy(), plain.to_numpy())
