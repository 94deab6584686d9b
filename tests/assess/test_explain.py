"""Explanations: strengths and weaknesses against the group median, rank and group change."""

import pandas as pd
import pytest

from monotown.assess.explain import changes, contributions, explain, mean_absolute_rank_shift
from monotown.assess.methodology_files import parse_methodology
from monotown.assess.pipeline import AssessmentInput, run_pipeline
from monotown.errors import NotFoundError


@pytest.fixture
def result():
    # three towns per group; town "a" is best on x1 and worst on x2 within its group
    data = pd.DataFrame(
        {
            "x1": [10.0, 5, 5, 4, 3, 3, 2, 1, 1],
            "x2": [6.0, 9, 9, 4, 3, 3, 2, 1, 1],
            "x3": [9.0, 9, 8, 4, 4, 3, 2, 2, 1],
        },
        index=list("abcdefghi"),
    )
    units = pd.DataFrame({"name": [u.upper() for u in data.index]}, index=data.index)
    spec = parse_methodology(
        {
            "name": "t",
            "indicators": [
                {"code": "x1", "parent": "p"},
                {"code": "x2", "parent": "p"},
                {"code": "x3", "parent": "q"},
            ],
            "aggregates": [
                {"code": "i"},
                {"code": "p", "parent": "i"},
                {"code": "q", "parent": "i"},
            ],
            "selection": {"min_indicator_coverage": 0, "min_unit_coverage": 0},
            "imputation": {"method": "none"},
            "treatment": {"method": "none"},
        }
    )
    return run_pipeline(AssessmentInput(data=data, units=units), spec)


def test_strengths_and_weaknesses_against_the_group_median(result):
    e = explain(result, "a")
    assert e.group == "high"
    assert e.strengths["indicator"].iloc[0] == "x1"
    assert e.weaknesses["indicator"].iloc[0] == "x2"
    # contribution = effective weight (1/2 * 1/2) x (score - group median score)
    norm = result.prepared.normalised
    expected = 0.25 * (norm.loc["a", "x1"] - norm.loc[["a", "b", "c"], "x1"].median())
    assert e.strengths["contribution"].iloc[0] == pytest.approx(expected)
    assert list(e.pillars["pillar"]) == ["p", "q"]
    assert contributions(result).loc["a", "x1"] == pytest.approx(expected)
    with pytest.raises(NotFoundError):
        explain(result, "zz")


def test_rank_and_group_changes_between_two_results():
    before = pd.DataFrame(
        {
            "unit": ["a", "b", "c"],
            "index": [50.0, 40, 30],
            "rank": [1, 2, 3],
            "group": ["high", "average", "low"],
        }
    )
    after = pd.DataFrame(
        {
            "unit": ["a", "b", "c"],
            "index": [45.0, 48, 30],
            "rank": [2, 1, 3],
            "group": ["average", "high", "low"],
        }
    )
    table = changes(after, before).set_index("unit")
    assert table.loc["b", "rank_change"] == 1
    assert table.loc["a", "rank_change"] == -1
    assert table.loc["a", "group_changed"] is True
    assert table.loc["c", "group_changed"] is False
    assert table.loc["b", "index_change"] == pytest.approx(8.0)
    assert mean_absolute_rank_shift(table.reset_index()) == pytest.approx(2 / 3)
    assert mean_absolute_rank_shift(table.iloc[:0].reset_index()) == 0.0
