"""Target progress against the straight line from baseline to target: hand-computed cases."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from monotown.program.progress import progress_of, target_progress


def test_sufficiency_behind_the_line_is_off_track() -> None:
    # 64 % (2025) -> 70 % (2028); 65.5 in 2026 covers 1.5/6 = 25 %, the line expects 1/3.
    result = progress_of(2025, 64.0, 2028, 70.0, 2026, 65.5)
    assert result.progress == pytest.approx(0.25)
    assert result.expected == pytest.approx(1 / 3)
    assert result.track == "off track"


def test_sufficiency_ahead_of_the_line_is_on_track() -> None:
    # 66.5 in 2026 covers 2.5/6 = 41.67 % > 33.33 %.
    result = progress_of(2025, 64.0, 2028, 70.0, 2026, 66.5)
    assert result.progress == pytest.approx(2.5 / 6)
    assert result.track == "on track"


def test_a_falling_target_counts_progress_downwards() -> None:
    # unemployment 10 % (2020) -> 6 % (2024); 8.4 in 2022 covers 1.6/4 = 40 %, the line 50 %.
    result = progress_of(2020, 10.0, 2024, 6.0, 2022, 8.4)
    assert result.progress == pytest.approx(0.4)
    assert result.expected == pytest.approx(0.5)
    assert result.track == "off track"


def test_reaching_the_target_is_achieved_even_early() -> None:
    assert progress_of(2024, 20.0, 2025, 40.0, 2025, 40.0).track == "achieved"
    assert progress_of(2024, 20.0, 2026, 40.0, 2025, 45.0).track == "achieved"


def test_unknown_baseline_or_no_actual_leaves_progress_unknown() -> None:
    assert progress_of(None, None, 2030, 40.0, 2026, 33.0).track == "no baseline"
    assert progress_of(2025, 64.0, 2028, 70.0, None, None).track == "no actual yet"


def test_target_progress_takes_the_latest_actual_of_each_target() -> None:
    targets = pd.DataFrame(
        {
            "code": ["suff", "sme"],
            "name": ["Sufficiency", "SME share"],
            "unit": ["percent", "percent"],
            "baseline_year": [2025, None],
            "baseline_value": [64.0, None],
            "target_year": [2028, 2030],
            "target_value": [70.0, 40.0],
            "synthetic": [False, False],
        }
    )
    actuals = pd.DataFrame(
        {"target": ["suff", "suff"], "year": [2027, 2026], "value": [68.0, 65.0]}
    )
    frame = target_progress(targets, actuals).set_index("code")
    # 68 in 2027: 4/6 = 66.67 % of the way; the line expects 2/3 = 66.67 %: on track.
    assert frame.loc["suff", "latest_year"] == 2027
    assert frame.loc["suff", "progress_pct"] == pytest.approx(200 / 3)
    assert frame.loc["suff", "expected_pct"] == pytest.approx(200 / 3)
    assert frame.loc["suff", "track"] == "on track"
    assert frame.loc["sme", "track"] == "no baseline"


@given(
    baseline=st.floats(-1e6, 1e6),
    delta=st.floats(1e-3, 1e6),
    share=st.floats(0, 2),
    years=st.integers(1, 30),
)
def test_progress_recovers_the_share_of_the_way(
    baseline: float, delta: float, share: float, years: int
) -> None:
    target = baseline + delta
    result = progress_of(
        2000, baseline, 2000 + years, target, 2000 + years, baseline + share * delta
    )
    assert result.progress == pytest.approx(share, abs=1e-6)
    assert result.expected == 1.0
