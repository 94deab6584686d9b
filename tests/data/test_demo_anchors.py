"""Bending synthetic paths onto real values and stated totals: the properties the demo relies on."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from monotown.data.demo_anchors import fit_total, pass_through, year_ratios_with_weakest

POSITIVE = st.floats(1.0, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(
    values=arrays(float, (4, 11), elements=POSITIVE),
    known=arrays(float, (4, 11), elements=st.one_of(st.just(np.nan), POSITIVE)),
)
def test_a_path_goes_exactly_through_every_real_point(
    values: np.ndarray, known: np.ndarray
) -> None:
    result = pass_through(values, known)
    points = ~np.isnan(known)
    assert np.array_equal(result[points], known[points])
    assert (result > 0).all()  # scaling keeps levels positive
    untouched = ~points.any(axis=1)
    assert np.array_equal(result[untouched], values[untouched])


def test_between_two_real_points_the_factor_moves_smoothly() -> None:
    values = np.full((1, 5), 100.0)
    known = np.array([[np.nan, 110.0, np.nan, 90.0, np.nan]])
    result = pass_through(values, known)[0]
    assert np.isclose(result[0], 110.0) and np.isclose(result[4], 90.0)  # constant beyond
    assert 90.0 < result[2] < 110.0


@settings(max_examples=60, deadline=None)
@given(
    values=arrays(float, (6, 5), elements=POSITIVE),
    covered=arrays(bool, 6),
    fixed=arrays(bool, 6),
    total=st.floats(1e3, 1e7),
    decimals=st.sampled_from([0, 2]),
)
def test_a_stated_total_is_met_exactly_by_the_covered_towns(
    values: np.ndarray, covered: np.ndarray, fixed: np.ndarray, total: float, decimals: int
) -> None:
    total = round(total, decimals)
    values = np.round(values, decimals)  # real values (the fixed towns) come rounded
    result = fit_total(values, covered, 2, total, decimals, fixed, carry="later")
    free = covered & ~fixed
    if free.any():
        assert round(result[covered, 2].sum(), decimals) == total
    assert np.array_equal(result[~free], values[~free])  # others and real-valued towns stay
    assert np.array_equal(result[:, :2], values[:, :2])  # 'later' leaves the earlier years


def test_the_weakest_towns_fall_the_most_and_the_mean_is_the_target() -> None:
    draws = np.array([0.5, -1.0, 0.2, 1.5, -0.3])
    covered = np.array([True, True, True, True, False])
    weak = np.array([False, True, False, False, False])
    base = np.array([10.0, 40.0, 20.0, 30.0, 5.0])
    ratios = year_ratios_with_weakest(draws, covered, weak, 0.85, base)
    assert np.isclose((ratios[covered] * base[covered]).sum() / base[covered].sum(), 0.85)
    assert ratios[1] < ratios[[0, 2, 3]].min()
