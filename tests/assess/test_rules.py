"""Monotown criteria (Kazakhstan, Russia 2014) and early warnings on hand-made figures."""

import pandas as pd
import pytest

from monotown.assess.criteria import evaluate_criteria, load_rule_set
from monotown.assess.warnings import evaluate_warnings, load_warning_rules
from monotown.errors import InputError


def figures(series):
    """The long frame the rules read (unit, year, indicator, value), from each (unit, indicator)
    series of values by year."""
    rows = [
        (unit, year, indicator, value)
        for (unit, indicator), by_year in series.items()
        for year, value in by_year.items()
    ]
    return pd.DataFrame(rows, columns=["unit", "year", "indicator", "value"])


def one_year(year, units):
    """The figures of one year, from each unit's {indicator: value}."""
    return figures(
        {
            (unit, indicator): {year: value}
            for unit, values in units.items()
            for indicator, value in values.items()
        }
    )


def assert_cells(frame, expected):
    """Each expected cell {(row, column): value}; True, False and None must be those objects."""
    for (row, column), value in expected.items():
        found = frame.loc[row, column]
        if value is None or isinstance(value, bool):
            assert found is value, (row, column, found)
        else:
            assert found == value, (row, column, found)


@pytest.mark.parametrize(
    ("rule_set", "units", "sectors", "summary", "detail"),
    [
        pytest.param(
            "kz",
            {
                "temirtau": {"tfe_output_share_pct": 80.0, "tfe_employment_share_pct": 35.0},
                "saran": {"tfe_output_share_pct": 40.0, "tfe_employment_share_pct": 25.0},
                "kentau": {"tfe_output_share_pct": 60.0},
            },
            None,
            {
                ("temirtau", "meets"): True,
                ("saran", "meets"): False,
                ("saran", "failing"): "output_concentration",
                ("kentau", "meets"): None,  # employment share unknown, nothing failing
            },
            {
                (("saran", "output_concentration"), "margin"): -10.0,
                (("temirtau", "employment_concentration"), "margin"): 15.0,
                (("temirtau", "employment_concentration"), "threshold"): 20,
            },
            id="kazakhstan-with-values-thresholds-and-margins",
        ),
        pytest.param(
            "ru2014",
            {
                "a": {
                    "pop_total": 50_000.0,
                    "tfe_employment_share_pct": 30.0,
                    "industrial_output_index_pct": 90.0,
                    "unemployment_rate_pct": 9.0,
                },
                "b": {
                    "pop_total": 20_000.0,
                    "tfe_employment_share_pct": 30.0,
                    "unemployment_rate_pct": 5.0,
                },
            },
            {"a": ["C24"], "b": ["B06"]},
            {
                ("a", "meets"): True,  # manufacturing
                ("b", "meets"): False,  # oil and gas is excluded
                ("b", "failing"): "sector",
                ("a", "category"): "1",  # output fall and high unemployment
                ("b", "category"): "3",
            },
            {},
            id="russia-2014-uses-the-town-forming-sector-and-categories",
        ),
    ],
)
def test_criteria_of_a_rule_set_on_a_year_of_figures(rule_set, units, sectors, summary, detail):
    result = evaluate_criteria(one_year(2024, units), load_rule_set(rule_set), sectors=sectors)
    assert_cells(result.summary.set_index("unit"), summary)
    assert_cells(result.detail.set_index(["unit", "criterion"]), detail)


def test_thresholds_are_configurable(tmp_path):
    rules = tmp_path / "strict.yaml"
    rules.write_text(
        "name: strict\ntitle: Strict\ncriteria:\n"
        "  - {code: emp, label: Employment, indicator: tfe_employment_share_pct,"
        " op: '>=', threshold: 40}\n"
    )
    values = one_year(2024, {"temirtau": {"tfe_employment_share_pct": 35.0}})
    assert evaluate_criteria(values, load_rule_set(rules)).summary["meets"].tolist() == [False]


def test_towns_ready_to_leave_after_n_consecutive_years_not_met():
    years = range(2020, 2024)
    values = figures(
        {
            ("saran", "tfe_output_share_pct"): {2020: 70.0, 2021: 45.0, 2022: 40.0, 2023: 30.0},
            ("saran", "tfe_employment_share_pct"): dict.fromkeys(years, 30.0),
            ("rudny", "tfe_output_share_pct"): dict.fromkeys(years, 80.0),
            ("rudny", "tfe_employment_share_pct"): dict.fromkeys(years, 30.0),
        }
    )
    exits = evaluate_criteria(values, load_rule_set("kz")).exits.set_index("unit")
    assert exits.loc["saran", "years_not_met"] == 3
    assert exits.loc["saran", "since"] == 2021
    assert bool(exits.loc["saran", "ready_to_leave"])
    assert not bool(exits.loc["rudny", "ready_to_leave"])


def test_unknown_rule_set_is_refused():
    with pytest.raises(InputError, match="no such bundled rule set"):
        load_rule_set("mars")


def test_early_warnings_fire_with_their_figures():
    values = figures(
        {
            ("t", "industrial_output_kzt_bn"): {2023: 100.0, 2024: 85.0},
            ("t", "pop_total"): {2023: 10_000.0, 2024: 9_900.0},
            ("t", "unemployment_rate_pct"): {2023: 5.0, 2024: 5.5},
            ("t", "avg_monthly_wage_kzt"): {2024: 270_000.0},
            ("t", "regional_avg_wage_kzt"): {2024: 300_000.0},
            ("t", "tfe_employment_share_pct"): {2023: 55.0, 2024: 57.0},
            ("u", "industrial_output_kzt_bn"): {2023: 100.0, 2024: 95.0},
        }
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
