"""From a values_frame-shaped table to a run: selection window, snapshot id, default method."""

import pandas as pd
import pytest

from monotown.assess import assess_frame, evaluate_criteria, evaluate_warnings, load_methodology
from monotown.assess.criteria import load_rule_set
from monotown.assess.inputs import input_from_values, long_values
from monotown.assess.warnings import load_warning_rules
from monotown.errors import InputError


def test_default_methodology_on_27_towns(demo_values):
    assessed = assess_frame(demo_values, load_methodology(), replications=200, seed=1)
    result = assessed.result
    assert assessed.input.period == 2025
    assert len(result.index) == 27
    assert len(result.tree.indicators) == 80
    assert len(result.tree.pillars) == 11
    assert result.group.value_counts().to_dict() == {"high": 9, "average": 9, "low": 9}
    assert result.uncertainty is not None
    assert assessed.input.synthetic_share == 1.0
    table = result.results_frame()
    assert {"demography", "budget", "rank_p05", "prob_low"} <= set(table.columns)


def test_snapshot_changes_with_any_value_used_and_not_otherwise(demo_values):
    m = load_methodology()
    a = input_from_values(demo_values, m, 2024)
    b = input_from_values(demo_values, m, 2024)
    assert a.snapshot == b.snapshot
    changed = demo_values.copy()
    row = changed.index[(changed["year"] == 2024) & (changed["indicator_code"] == "pop_total")][0]
    changed.loc[row, "value"] += 1
    assert input_from_values(changed, m, 2024).snapshot != a.snapshot
    later = demo_values.copy()
    later.loc[later["year"] == 2025, "value"] += 1  # not used for 2024
    assert input_from_values(later, m, 2024).snapshot == a.snapshot


def test_latest_value_within_the_window_fills_a_missing_year(demo_values):
    m = load_methodology()
    frame = demo_values[
        ~((demo_values["year"] == 2025) & (demo_values["indicator_code"] == "gas_coverage_pct"))
    ]
    inp = input_from_values(frame, m, 2025)
    assert (inp.input.years["gas_coverage_pct"] == 2024).all()


def test_a_town_missing_an_indicator_entirely_is_still_assessed(demo_values):
    m = load_methodology()
    frame = demo_values[
        ~(
            (demo_values["settlement_code"] == "town00")
            & (demo_values["indicator_code"] == "sme_per_1000")
        )
    ]
    inp = input_from_values(frame, m, 2025)
    assert "town00" in inp.input.data.index
    assert pd.isna(inp.input.data.loc["town00", "sme_per_1000"])


def test_no_data_for_the_period_is_a_clear_error(demo_values):
    with pytest.raises(InputError, match="no indicator values for 2030"):
        input_from_values(demo_values, load_methodology(), 2030)
    with pytest.raises(InputError, match="import data first"):
        input_from_values(demo_values.iloc[:0], load_methodology())


def test_criteria_and_warnings_run_on_the_same_table(demo_values):
    values = long_values(demo_values)
    criteria = evaluate_criteria(values, load_rule_set("kz"), years=[2025])
    assert len(criteria.summary) == 27
    warnings = evaluate_warnings(values, load_warning_rules(), years=[2025])
    assert set(warnings["rule"]) <= {r.code for r in load_warning_rules().rules}
    assert isinstance(warnings, pd.DataFrame)
