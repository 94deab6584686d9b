"""Summaries of projects, budget, contracts, zones, works and measures: hand-computed values."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from monotown.errors import InputError
from monotown.program.deadlines import with_deadline_status
from monotown.program.overview import program_overview
from monotown.program.summaries import (
    budget_execution,
    contract_summary,
    measure_summary,
    project_summary,
    with_total,
    work_summary,
    zone_summary,
)


def _projects() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["a", "b", "c", "d"],
            "kind": ["anchor", "anchor", "anchor", "investment"],
            "status": ["operating", "operating", "idle", "operating"],
            "town": ["Balkhash", "Rudny", "Balkhash", "Rudny"],
            "region": [
                "Karaganda Region",
                "Kostanay Region",
                "Karaganda Region",
                "Kostanay Region",
            ],
            "sector": ["metals", None, "metals", "agro"],
            "value_kzt": pd.array([100.0, 50.0, None, 25.0], dtype="Float64"),
            "planned_jobs": pd.array([10, 20, 5, None], dtype="Int64"),
            "actual_jobs": pd.array([8, None, 0, None], dtype="Int64"),
            "start_year": pd.array([2020, 2021, 2020, 2022], dtype="Int64"),
            "synthetic": [True, True, True, False],
        }
    )


def test_projects_by_status_count_value_and_jobs() -> None:
    frame = project_summary(_projects(), ["status"]).set_index("status")
    operating = frame.loc["operating"]
    assert operating["records"] == 3
    assert operating["value_kzt"] == 175  # 100 + 50 + 25
    assert operating["planned_jobs"] == 30  # 10 + 20 (d unknown)
    assert operating["actual_jobs"] == 8
    assert operating["synthetic_records"] == 2
    assert operating["basis"] == "mixed"
    idle = frame.loc["idle"]
    assert idle["records"] == 1 and pd.isna(idle["value_kzt"])  # unknown stays unknown
    assert idle["basis"] == "synthetic records"


def test_projects_by_two_keys_keep_unknown_sectors() -> None:
    frame = project_summary(_projects(), ["region", "sector"])
    rows = {
        (r.region, r.sector if isinstance(r.sector, str) else None): r.records
        for r in frame.itertuples()
    }
    assert rows == {
        ("Karaganda Region", "metals"): 2,
        ("Kostanay Region", "agro"): 1,
        ("Kostanay Region", None): 1,
    }


def test_a_total_row_adds_everything_up() -> None:
    projects = _projects()
    summary = project_summary(projects, ["status"])
    total = with_total(summary, project_summary(projects, []), ["status"]).iloc[-1]
    assert total["status"] == "total"
    assert (total["records"], total["value_kzt"], total["planned_jobs"]) == (4, 175, 35)
    assert total["basis"] == "mixed"


def test_budget_execution_by_year_and_source() -> None:
    lines = pd.DataFrame(
        {
            "year": [2019, 2019, 2020, 2020],
            "budget_source": ["national", "local", "national", "national"],
            "planned_kzt": pd.array([None, None, 250.0, None], dtype="Float64"),
            "allocated_kzt": pd.array([100.0, 50.0, 200.0, None], dtype="Float64"),
            "disbursed_kzt": pd.array([90.0, None, 150.0, 10.0], dtype="Float64"),
            "synthetic": [True, True, False, True],
        }
    )
    by_year = budget_execution(lines, ["year"]).set_index("year")
    # 2019: allocated 150, disbursed 90; execution over lines with both: 90 / 100 = 90 %
    assert by_year.loc[2019, "allocated_kzt"] == 150
    assert by_year.loc[2019, "execution_pct"] == pytest.approx(90)
    # 2020: allocated 200, disbursed 160; with both figures: 150 / 200 = 75 %
    assert by_year.loc[2020, "disbursed_kzt"] == 160
    assert by_year.loc[2020, "execution_pct"] == pytest.approx(75)
    overall = budget_execution(lines, [])
    assert overall.loc[0, "execution_pct"] == pytest.approx(80)  # 240 / 300
    by_source = budget_execution(lines, ["year", "budget_source"])
    local = by_source[by_source["budget_source"] == "local"].iloc[0]
    assert pd.isna(local["execution_pct"])  # nothing disbursed is known


def test_contracts_zones_works_summaries() -> None:
    contracts = pd.DataFrame(
        {
            "year": [2024, 2024, 2025],
            "kind": ["offtake"] * 3,
            "value_kzt": pd.array([10.0, 20.0, 5.0], dtype="Float64"),
            "synthetic": [True] * 3,
        }
    )
    by_year = contract_summary(contracts, ["year"]).set_index("year")
    assert (by_year.loc[2024, "records"], by_year.loc[2024, "value_kzt"]) == (2, 30)
    zones = pd.DataFrame(
        {
            "status": ["operating", "operating", "planned"],
            "area_ha": pd.array([100.5, 20.0, None], dtype="Float64"),
            "tenants": pd.array([12, 3, None], dtype="Int64"),
            "synthetic": [False, True, True],
        }
    )
    operating = zone_summary(zones, ["status"]).set_index("status").loc["operating"]
    assert (operating["area_ha"], operating["tenants"]) == (120.5, 15)
    works = pd.DataFrame(
        {
            "kind": ["gasification", "gasification", "boiler"],
            "people_served": pd.array([50_000, 10_000, None], dtype="Int64"),
            "cost_kzt": pd.array([None, None, 7.0], dtype="Float64"),
            "synthetic": [True] * 3,
        }
    )
    gas = work_summary(works, ["kind"]).set_index("kind").loc["gasification"]
    assert gas["people_served"] == 60_000 and pd.isna(gas["cost_kzt"])


def test_measures_summary_counts_overdue_on_a_day() -> None:
    measures = pd.DataFrame(
        {
            "plan": ["p", "p", "p", "q"],
            "deadline": [dt.date(2025, 1, 1), dt.date(2027, 1, 1), dt.date(2024, 1, 1), None],
            "recorded_status": ["in_progress", "planned", "done", "planned"],
            "cost_kzt": pd.array([1.0, 2.0, 3.0, None], dtype="Float64"),
            "synthetic": [True] * 4,
        }
    )
    frame = with_deadline_status(measures, dt.date(2026, 1, 1))
    summary = measure_summary(frame, ["plan"]).set_index("plan")
    assert summary.loc["p", "records"] == 3
    assert (summary.loc["p", "done"], summary.loc["p", "overdue"]) == (1, 1)
    assert summary.loc["p", "cost_kzt"] == 6
    assert summary.loc["q", "overdue"] == 0  # no deadline, never overdue


def test_an_unknown_grouping_is_refused() -> None:
    with pytest.raises(InputError, match="projects can be grouped by status, kind, town"):
        project_summary(_projects(), ["colour"])


def test_overview_puts_the_stated_fact_next_to_the_sum_of_records() -> None:
    facts = pd.DataFrame(
        {
            "as_of": ["2024", "2019-2023"],
            "event": ["Anchor projects", "Infrastructure financing"],
            "topic": ["anchor_projects", "budget"],
            "metric": ["projects", "allocated"],
            "value": [41.0, 348.4e9],
            "note": [None, None],
            "source": ["facts", "facts"],
        }
    )
    projects = _projects()
    budget = pd.DataFrame(
        {
            "year": pd.array([2019, 2023, 2024], dtype="Int64"),
            "budget_source": ["national", "local", "national"],
            "allocated_kzt": pd.array([300e9, 48.4e9, 1e9], dtype="Float64"),
            "planned_kzt": pd.array([None, None, None], dtype="Float64"),
            "synthetic": [True, True, True],
        }
    )
    empty = pd.DataFrame(
        {"plan": [], "kind": [], "cost_kzt": [], "people_served": [], "synthetic": []}
    )
    frame = program_overview(
        {"facts": facts, "projects": projects, "budget": budget, "measures": empty, "works": empty}
    ).set_index("figure")
    anchors = frame.loc["anchor projects"]
    assert (anchors["fact_value"], anchors["records_value"], anchors["basis"]) == (
        41,
        3,
        "synthetic records",
    )
    allocated = frame.loc["budget allocated 2019-2023"]
    assert allocated["fact_value"] == allocated["records_value"] == 348.4e9
    assert frame.loc["investment projects", "basis"] == "real records"
    assert pd.isna(frame.loc["boilers to repair", "fact_value"])
    assert frame.loc["boilers to repair", "basis"] == "none"
