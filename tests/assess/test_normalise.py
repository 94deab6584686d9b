"""Normalisation methods on hand-computed vectors, with direction handling."""

import numpy as np
import pytest

from monotown.assess.methodology import IndicatorSpec, NormalisationSpec
from monotown.assess.normalise import (
    dist2targ,
    goalposts,
    minmax,
    normalise_column,
    percentile_rank,
    rank_min,
    zscore,
)

X = np.array([2.0, 4.0, 6.0, 10.0])


def spec(direction="higher", **kw):
    return IndicatorSpec(code="x", parent="p", direction=direction, **kw)


def test_minmax_to_any_range():
    assert minmax(X).tolist() == [0, 25, 50, 100]
    assert minmax(X, 1, 5).tolist() == [1, 2, 3, 5]
    assert np.isnan(minmax(np.array([3.0, 3.0]))).all()


def test_zscore_uses_sample_standard_deviation():
    mean, sd = 5.5, np.std(X, ddof=1)
    assert zscore(X) == pytest.approx((X - mean) / sd)
    assert zscore(X, 100, 10) == pytest.approx((X - mean) / sd * 10 + 100)


def test_rank_ties_take_the_lowest_rank_like_r_min():
    assert rank_min(np.array([3.0, 1.0, 3.0, 2.0, np.nan])).tolist()[:4] == [3, 1, 3, 2]
    assert np.isnan(rank_min(np.array([1.0, np.nan]))[1])
    assert percentile_rank(np.array([10.0, 20.0, 20.0, 30.0])).tolist() == [0, 1 / 3, 1 / 3, 1]


def test_distance_to_target_and_goalposts():
    assert dist2targ(X, 8.0).tolist() == [0, 1 / 3, 2 / 3, 1]  # 10 capped at 1
    assert dist2targ(X, 8.0, cap_max=False)[-1] == pytest.approx(4 / 3)
    assert goalposts(X, 4.0, 8.0).tolist() == [0, 0, 0.5, 1]
    assert goalposts(X, 4.0, 8.0, 100).tolist() == [0, 0, 50, 100]


def test_lower_is_better_is_reversed():
    how = NormalisationSpec(method="minmax")
    assert normalise_column(X, spec("lower"), how).tolist() == [100, 75, 50, 0]
    gp = NormalisationSpec(method="goalposts", scale=100)
    # COINr with a negative indicator: (upper - x) / (upper - lower)
    assert normalise_column(X, spec("lower", goalposts=(4, 8)), gp).tolist() == [100, 100, 50, 0]
    d2t = NormalisationSpec(method="dist2targ", scale=1)
    # COINr n_dist2targ with direction -1: (max - x) / (max - target)
    assert normalise_column(X, spec("lower", target=4), d2t).tolist() == pytest.approx(
        [1, 1, 2 / 3, 0]
    )


def test_target_direction_scores_closeness_to_the_target():
    how = NormalisationSpec(method="minmax")
    values = np.array([5.0, 15.0, 25.0, 45.0])  # distances 10, 0, 10, 30
    assert normalise_column(values, spec("target", target=15), how).tolist() == pytest.approx(
        [200 / 3, 100, 200 / 3, 0]
    )
