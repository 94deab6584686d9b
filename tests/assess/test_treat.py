"""Outlier treatment: COINr's estimators, winsorisation loop and log fallback, hand-checked."""

import math

import numpy as np
import pandas as pd
import pytest

from monotown.assess.methodology import TreatmentSpec
from monotown.assess.treat import (
    kurt,
    log_ct,
    log_ct_plus,
    passes_skew_kurt,
    skew,
    treat,
    treat_column,
    winsorise,
)


def test_skew_and_kurtosis_are_excel_type_2_estimators():
    # by hand: mean 4, deviations -3 -2 -1 0 6 -> sums of squares 50, cubes 180, fourth powers 1394
    x = np.array([1, 2, 3, 4, 10.0])
    g1 = math.sqrt(5) * 180 / 50**1.5
    assert skew(x) == pytest.approx(g1 * math.sqrt(5 * 4) / 3)
    assert skew(x) == pytest.approx(1.697056, abs=1e-6)  # Excel SKEW
    r = 5 * 1394 / 50**2
    assert kurt(x) == pytest.approx(((6) * (r - 3) + 6) * 4 / (3 * 2))
    assert kurt(x) == pytest.approx(3.152, abs=1e-9)  # Excel KURT


def test_estimators_skip_missing_and_need_enough_points():
    assert skew(np.array([1, 2, np.nan, 3, 4, 10.0])) == pytest.approx(1.697056, abs=1e-6)
    assert math.isnan(skew(np.array([1.0, 2.0])))
    assert math.isnan(kurt(np.array([1.0, 2.0, 3.0])))
    assert math.isnan(skew(np.array([5.0, 5.0, 5.0, 5.0])))


def test_pass_rule_is_skew_below_or_kurtosis_below():
    x = np.array([*range(1, 11), 30, 100.0])  # skew 3.06, kurtosis 9.74: fails
    assert not passes_skew_kurt(x)
    # kurtosis below the threshold alone is enough to pass, whatever the skew
    assert passes_skew_kurt(x, skew_thresh=2, kurt_thresh=10)
    assert passes_skew_kurt(x, skew_thresh=3.1, kurt_thresh=3.5)


def test_winsorise_replaces_the_maximum_by_the_next_value_one_step_at_a_time():
    x = np.array([*range(1, 11), 30, 100.0])
    result = winsorise(x, winmax=5)
    # one step: 100 -> 30; then skew 1.71 < 2 passes, so the loop stops
    assert result.values.tolist() == [*range(1, 11), 30, 30]
    assert result.n_points == 1
    assert result.high.tolist() == [False] * 11 + [True]


def test_winsorise_counts_ties_and_stops_at_winmax():
    x = np.array([*range(1, 21), 200, 400, 800, 1600.0])
    result = winsorise(x, winmax=2)
    # step 1: 1600 -> 800 (count 1); step 2: both 800s -> 400 (count 2 = winmax, stop)
    assert result.values[-4:].tolist() == [200, 400, 400, 400]
    assert result.n_points == 2


def test_winsorise_low_side_when_skew_is_negative():
    x = -np.array([*range(1, 11), 30, 100.0])
    result = winsorise(x, winmax=5)
    assert result.values.min() == -30
    assert result.low[-1]


def test_log_ct_formula():
    x = np.array([0.0, 1.0, 10.0])
    assert log_ct(x) == pytest.approx(np.log(x - 0 + 0.01 * 10))
    negative = -np.array([*range(1, 11), 30, 100.0])
    a = 0.01 * 99
    assert log_ct_plus(negative) == pytest.approx(-np.log(-1 + a - negative))


def test_log_fallback_applies_to_the_original_values_when_winsorising_is_not_enough():
    x = np.array([*range(1, 21), 1e3, 1e4, 1e5, 1e6])
    values, row, labels = treat_column(x, TreatmentSpec(winmax=1))
    assert row["winsorised"] == 1
    assert row["log_transformed"] is True
    assert values == pytest.approx(log_ct(x))  # from the original x, not the winsorised one
    assert set(labels) == {"log_ct"}


def test_treat_reports_per_indicator_and_leaves_passing_columns_alone():
    frame = pd.DataFrame(
        {"calm": np.arange(12.0), "wild": [*range(1, 11), 30, 100.0]},
        index=[f"u{i}" for i in range(12)],
    )
    result = treat(frame, TreatmentSpec())
    assert result.data["calm"].tolist() == frame["calm"].tolist()
    assert result.report.loc["calm", "treatment"] == "none"
    assert result.report.loc["wild", "winsorised"] == 1
    assert result.points.loc["u11", "wild"] == "winhi"
    assert bool(result.report.loc["wild", "passes"])


def test_treatment_none_changes_nothing():
    frame = pd.DataFrame({"wild": [*range(1, 11), 30, 100.0]})
    result = treat(frame, TreatmentSpec(method="none"))
    assert result.data["wild"].tolist() == frame["wild"].tolist()
