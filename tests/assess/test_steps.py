"""Selection, denomination, imputation, weights, aggregation and groups on hand-computed cases."""

import numpy as np
import pandas as pd
import pytest

from monotown.assess.aggregate import aggregate_group, amean, geometric_shift, gmean
from monotown.assess.denominate import denominate
from monotown.assess.groups import assign_groups, kmeans_1d, natural_breaks, rank_scores
from monotown.assess.impute import impute, impute_group, impute_locf, size_class
from monotown.assess.methodology import DenominationSpec, GroupSpec
from monotown.assess.select import apply_coverage, latest_in_window
from monotown.assess.weights import pca_weights
from monotown.errors import InputError


def test_latest_value_within_the_window():
    long = pd.DataFrame(
        {
            "unit": ["a", "a", "a", "b", "b"],
            "indicator": ["x"] * 5,
            "year": [2019, 2021, 2023, 2018, 2020],
            "value": [1.0, 2.0, np.nan, 5.0, 6.0],
        }
    )
    sel = latest_in_window(long, 2023, 3)
    assert sel.values.loc["a", "x"] == 2.0  # 2023 is missing, 2021 is within (2020, 2023]
    assert sel.years.loc["a", "x"] == 2021
    assert "b" not in sel.values.index  # 2020 is outside the 3-year window


def test_coverage_drops_sparse_and_constant_indicators_and_flags_units():
    data = pd.DataFrame(
        {"full": [1.0, 2, 3, 4], "sparse": [1.0, np.nan, np.nan, np.nan], "flat": [5.0] * 4},
        index=list("abcd"),
    )
    cov = apply_coverage(
        data,
        ["full", "sparse", "flat", "absent"],
        min_indicator_coverage=0.5,
        min_unit_coverage=1.0,
    )
    assert cov.kept == ["full"]
    assert set(cov.dropped) == {"sparse", "flat", "absent"}
    assert cov.flagged_units == []


def test_denominate_per_thousand_and_zero_denominator():
    data = pd.DataFrame({"jobs": [50.0, 10.0], "pop": [10_000.0, 0.0]}, index=["a", "b"])
    out = denominate(data, [DenominationSpec(indicator="jobs", by="pop", scale=1000)])
    assert out.loc["a", "jobs"] == 5.0
    assert np.isnan(out.loc["b", "jobs"])
    with pytest.raises(InputError, match="denominator"):
        denominate(data, [DenominationSpec(indicator="jobs", by="area")])


def test_group_mean_and_median_imputation_flag_cells():
    data = pd.DataFrame({"x": [1.0, 3.0, np.nan, 10.0, np.nan, 7.0]}, index=list("abcdef"))
    groups = pd.Series(["n", "n", "n", "s", "s", None], index=list("abcdef"))
    mean = impute_group(data, groups, "mean")
    assert mean.data["x"].tolist() == [1, 3, 2, 10, 10, 7]
    assert mean.imputed["x"].tolist() == [False, False, True, False, True, False]
    median = impute(data, "median")
    assert median.data.loc["c", "x"] == 5.0


def test_unit_without_group_stays_missing_like_coinr():
    data = pd.DataFrame({"x": [1.0, np.nan]}, index=["a", "b"])
    out = impute_group(data, pd.Series(["n", None], index=["a", "b"]), "mean")
    assert np.isnan(out.data.loc["b", "x"])
    assert not out.imputed.loc["b", "x"]


def test_last_observation_carried_forward():
    panel = pd.DataFrame(
        {"x": [1.0, 2.0, np.nan, 4.0, np.nan, np.nan]},
        index=pd.MultiIndex.from_tuples(
            [("a", 2021), ("a", 2022), ("a", 2023), ("b", 2020), ("b", 2022), ("b", 2023)]
        ),
    )
    out = impute_locf(panel, 2023)
    assert out.data.loc["a", "x"] == 2.0
    assert out.data.loc["b", "x"] == 4.0
    limited = impute_locf(panel, 2023, max_years_back=2)
    assert np.isnan(limited.data.loc["b", "x"])


def test_size_classes():
    assert size_class(pd.Series([5_000, 50_000, 500_000])).tolist() == ["small", "medium", "large"]


def test_weighted_means_skip_missing_and_rescale_weights():
    assert amean(np.array([10.0, 20.0, np.nan]), np.array([1.0, 3.0, 5.0])) == pytest.approx(17.5)
    assert gmean(np.array([1.0, 100.0]), np.array([1.0, 1.0])) == pytest.approx(10.0)
    # offset: geometric mean of (x + 1) minus 1
    assert gmean(np.array([0.0, 8.0]), np.array([1.0, 1.0]), shift=1.0) == pytest.approx(2.0)
    with pytest.raises(InputError, match="positive"):
        gmean(np.array([0.0, 8.0]), np.array([1.0, 1.0]))


def test_vectorised_group_aggregation_matches_scalar_means_and_coverage_rule():
    frame = pd.DataFrame({"a": [10.0, 0.0, np.nan], "b": [20.0, 100.0, np.nan]}, index=list("xyz"))
    w = np.array([1.0, 3.0])
    ar = aggregate_group(frame, w, "arithmetic", shift=0.0, min_coverage=0.0)
    assert ar.tolist()[:2] == [17.5, 75.0]
    assert np.isnan(ar["z"])
    shift = geometric_shift(frame, "offset")
    assert shift == 1.0
    ge = aggregate_group(frame, w, "geometric", shift=shift, min_coverage=0.0)
    assert ge["x"] == pytest.approx(gmean(np.array([10.0, 20.0]), w, 1.0))
    assert ge["y"] == pytest.approx(np.exp((np.log(1) + 3 * np.log(101)) / 4) - 1)
    partial = pd.DataFrame({"a": [1.0], "b": [np.nan]})
    assert np.isnan(
        aggregate_group(partial, np.ones(2), "arithmetic", shift=0, min_coverage=0.6)[0]
    )


def test_pca_weights_favour_the_correlated_indicators():
    rng = np.random.default_rng(1)
    base = rng.normal(size=200)
    members = pd.DataFrame(
        {
            "a": base + rng.normal(scale=0.1, size=200),
            "b": base + rng.normal(scale=0.1, size=200),
            "noise": rng.normal(size=200),
        }
    )
    w = pca_weights(members)
    assert w.sum() == pytest.approx(1.0)
    assert w[0] > 0.4 and w[1] > 0.4 and w[2] < 0.1
    loadings = pca_weights(members, "loadings")
    assert loadings[0] > 0 and loadings[1] > 0


def test_ranks_best_first_with_ties_sharing_the_best_rank():
    assert rank_scores(pd.Series([50.0, 70.0, 50.0, np.nan])).tolist()[:3] == [2, 1, 2]


def test_groups_by_quantiles_thresholds_and_breaks():
    index = pd.Series([90.0, 80, 70, 60, 50, 40, 30, 20, 10], index=list("abcdefghi"))
    q = assign_groups(index, GroupSpec())
    assert q.tolist() == ["high"] * 3 + ["average"] * 3 + ["low"] * 3
    t = assign_groups(index, GroupSpec(method="thresholds", thresholds=[75, 35]))
    assert t.tolist() == ["high"] * 2 + ["average"] * 4 + ["low"] * 3
    clustered = np.array([1.0, 1.1, 1.2, 5.0, 5.1, 9.0, 9.2])
    assert natural_breaks(clustered, 3).tolist() == [0, 0, 0, 1, 1, 2, 2]
    assert kmeans_1d(clustered, 3).tolist() == [0, 0, 0, 1, 1, 2, 2]
    named = assign_groups(pd.Series(clustered), GroupSpec(method="natural_breaks"))
    assert named.tolist() == ["low"] * 3 + ["average"] * 2 + ["high"] * 2


def test_threshold_groups_need_consistent_thresholds():
    with pytest.raises(ValueError, match="thresholds"):
        GroupSpec(method="thresholds", thresholds=[10])


def test_locf_through_the_dispatcher_flags_only_filled_cells():
    panel = pd.DataFrame(
        {"x": [1.0, np.nan, 5.0, 6.0]},
        index=pd.MultiIndex.from_tuples([("a", 2022), ("a", 2023), ("b", 2022), ("b", 2023)]),
    )
    current = pd.DataFrame({"x": [np.nan, 6.0], "y": [1.0, 2.0]}, index=["a", "b"])
    out = impute(current, "locf", panel=panel, period=2023)
    assert out.data["x"].tolist() == [1.0, 6.0]
    assert out.imputed["x"].tolist() == [True, False]
    assert not out.imputed["y"].any()
    with pytest.raises(InputError, match="earlier periods"):
        impute(current, "locf")
