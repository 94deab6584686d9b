"""Monotown criteria (Kazakhstan, Russia 2014) and early warnings on hand-made figures."""

import pandas as pd
import pytest

from monotown.assess.criteria import evaluate_criteria, load_rule_set
from monotown.assess.warnings import evaluate_warnings, load_warning_rules
from monotown.errors import InputError


def long(rows):
    return pd.DataFrame(rows, columns=["unit", "year", "indicator", "value"])


def test_kazakhstan_criteria_with_values_thresholds_and_margins():
    values = long(
        [
            ("temirtau", 2024, "tfe_output_share_pct", 80.0),
            ("temirtau", 2024, "tfe_employment_share_pct", 35.0),
            ("saran", 2024, "tfe_output_share_pct", 40.0),
            ("saran", 2024, "tfe_employment_share_pct", 25.0),
            ("kentau", 2024, "tfe_output_share_pct", 60.0),
        ]
    )
    result = evaluate_criteria(values, load_rule_set("kz"))
    summary = result.summary.set_index("unit")
    assert summary.loc["temirtau", "meets"] is True
    assert summary.loc["saran", "meets"] is False
    assert summary.loc["saran", "failing"] == "output_concentration"
    assert summary.loc["kentau", "meets"] is None  # employment share unknown, nothing failing
    detail = result.detail.set_index(["unit", "criterion"])
    assert detail.loc[("saran", "output_concentration"), "margin"] == -10.0
    assert detail.loc[("temirtau", "employment_concentration"), "margin"] == 15.0
    assert detail.loc[("temirtau", "employment_concentration"), "threshold"] == 20


def test_thresholds_are_configurable(tmp_path):
    rules = tmp_path / "strict.yaml"
    rules.write_text(
        "name: strict\ntitle: Strict\ncriteria:\n"
        "  - {code: emp, label: Employment, indicator: tfe_employment_share_pct,"
        " op: '>=', threshold: 40}\n"
    )
    values = long([("temirtau", 2024, "tfe_employment_share_pct", 35.0)])
    assert evaluate_criteria(values, load_rule_set(rules)).summary["meets"].tolist() == [False]


def test_russian_criteria_use_the_town_forming_sector_and_categories():
    values = long(
        [
            ("a", 2024, "pop_total", 50_000.0),
            ("a", 2024, "tfe_employment_share_pct", 30.0),
            ("a", 2024, "industrial_output_index_pct", 90.0),
            ("a", 2024, "unemployment_rate_pct", 9.0),
            ("b", 2024, "pop_total", 20_000.0),
            ("b", 2024, "tfe_employment_share_pct", 30.0),
            ("b", 2024, "unemployment_rate_pct", 5.0),
        ]
    )
    result = evaluate_criteria(
        values, load_rule_set("ru2014"), sectors={"a": ["C24"], "b": ["B06"]}
    )
    summary = result.summary.set_index("unit")
    assert summary.loc["a", "meets"] is True  # manufacturing
    assert summary.loc["b", "meets"] is False  # oil and gas is excluded
    assert summary.loc["b", "failing"] == "sector"
    assert summary.loc["a", "category"] == "1"  # output fall and high unemployment
    assert summary.loc["b", "category"] == "3"


def test_towns_ready_to_leave_after_n_consecutive_years_not_met():
    rows = []
    for year, output in [(2020, 70.0), (2021, 45.0), (2022, 40.0), (2023, 30.0)]:
        rows += [
            ("saran", year, "tfe_output_share_pct", output),
            ("saran", year, "tfe_employment_share_pct", 30.0),
        ]
        rows += [
            ("rudny", year, "tfe_output_share_pct", 80.0),
            ("rudny", year, "tfe_employment_share_pct", 30.0),
        ]
    exits = evaluate_criteria(long(rows), load_rule_set("kz")).exits.set_index("unit")
    assert exits.loc["saran", "years_not_met"] == 3
    assert exits.loc["saran", "since"] == 2021
    assert bool(exits.loc["saran", "ready_to_leave"])
    assert not bool(exits.loc["rudny", "ready_to_leave"])


def test_unknown_rule_set_is_refused():
    with pytest.raises(InputError, match="no such bundled rule set"):
        load_rule_set("mars")


def test_early_warnings_fire_with_their_figures():
    values = long(
        [
            ("t", 2023, "industrial_output_kzt_bn", 100.0),
            ("t", 2024, "industrial_output_kzt_bn", 85.0),
            ("t", 2023, "pop_total", 10_000.0),
            ("t", 2024, "pop_total", 9_900.0),
            ("t", 2023, "unemployment_rate_pct", 5.0),
            ("t", 2024, "unemployment_rate_pct", 5.5),
            ("t", 2024, "avg_monthly_wage_kzt", 270_000.0),
            ("t", 2024, "regional_avg_wage_kzt", 300_000.0),
            ("t", 2023, "tfe_employment_share_pct", 55.0),
            ("t", 2024, "tfe_employment_share_pct", 57.0),
            ("u", 2023, "industrial_output_kzt_bn", 100.0),
            ("u", 2024, "industrial_output_kzt_bn", 95.0),
        ]
    )
    warnings = evaluate_warnings(values, load_warning_rules(), years=[2024])
    fired = set(zip(warnings["unit"], warnings["rule"], strict=True))
    assert fired == {
        ("t", "output_drop"),
        ("t", "population_decline"),
        ("t", "unemployment_up"),
        ("t", "wage_below_regional"),
        ("t", "tfe_dependence_rising"),
    }
    drop = warnings.set_index("rule").loc["output_drop"]
    assert drop["change"] == pytest.approx(-15.0)
    assert drop["severity"] == "high"
    assert "-15.0%" in drop["message"]
    assert warnings["severity"].iloc[0] == "high"
    wage = warnings.set_index("rule").loc["wage_below_regional"]
    assert "90.0%" in wage["message"]
