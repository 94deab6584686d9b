"""The list and summary commands of every program entity, on imported records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Cli
from tests.program.conftest import write_csv
from tests.program.samples import SAMPLES


def _import(cli: Cli, tmp_path: Path, *names: str) -> None:
    for name in names:
        sample = SAMPLES[name]
        path = write_csv(tmp_path / f"{name}.csv", sample.header, sample.rows)
        result = cli("program", "import", name, str(path))
        assert result.exit_code == 0, result.stderr


def _json(cli: Cli, *args: str) -> Any:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_projects_list_summary_and_history(cli: Cli, tmp_path: Path) -> None:
    _import(cli, tmp_path, "projects", "project_statuses")
    rows = _json(cli, "projects", "list", "--town", "Балхаш")
    assert [row["code"] for row in rows] == ["a-1"]
    assert rows[0]["status"] == "under_implementation" and rows[0]["synthetic"] is True
    # a-2 went idle on 2025-02-01 (history import), after operating since 2023-06-01
    idle = _json(cli, "projects", "list", "--status", "idle")
    assert [row["code"] for row in idle] == ["a-2"]
    summary = {row["kind"]: row for row in _json(cli, "projects", "summary", "--by", "kind")}
    assert summary["anchor"]["value_kzt"] == 50_000_000_000
    assert summary["anchor"]["planned_jobs"] == 400
    assert summary["anchor"]["basis"] == "synthetic records"
    assert summary["investment"]["basis"] == "real records"
    history = _json(cli, "projects", "history", "a-2")
    assert [(row["status_on"], row["status"]) for row in history] == [
        ("2023-06-01", "operating"),
        ("2025-02-01", "idle"),
    ]
    table = cli("projects", "summary", "--by", "region", "--by", "status")
    assert "total" in table.stdout and "Turkestan Region" in table.stdout
    assert "1 of 2 records summed are synthetic" in table.stdout
    bad = cli("projects", "list", "--status", "paused")
    assert bad.exit_code == 1
    assert "field 'status' value 'paused': must be one of planned" in bad.stderr
    missing = cli("projects", "history", "zz")
    assert missing.exit_code == 1 and "no project with code 'zz'" in missing.stderr


def test_budget_list_and_execution(cli: Cli, tmp_path: Path) -> None:
    _import(cli, tmp_path, "plans", "budget")
    lines = _json(cli, "budget", "list", "--source", "national")
    assert len(lines) == 1 and lines[0]["town"] == "Balkhash"
    execution = _json(cli, "budget", "execution", "--by", "year", "--by", "budget_source")
    by_source = {row["budget_source"]: row for row in execution}
    # national: 850.5 / 900 = 94.5 %; local: 100 / 100
    assert by_source["national"]["execution_pct"] == 94.5
    assert by_source["local"]["execution_pct"] == 100
    by_town = _json(cli, "budget", "execution", "--by", "town", "--region", "Karaganda Region")
    assert [row["town"] for row in by_town] == ["Balkhash"]
    wrong = cli("budget", "execution", "--by", "month")
    assert wrong.exit_code == 1
    assert "field 'by' value 'month': budget lines can be grouped by year" in wrong.stderr


def test_contracts_zones_and_works(cli: Cli, tmp_path: Path) -> None:
    _import(cli, tmp_path, "contracts", "zones", "works")
    contracts = _json(cli, "contracts", "summary", "--by", "kind")
    assert {row["kind"]: row["records"] for row in contracts} == {"long_term": 1, "offtake": 1}
    assert [row["code"] for row in _json(cli, "contracts", "list", "--year", "2024")] == ["c-1"]
    zones = _json(cli, "zones", "list", "--status", "operating")
    assert [(row["code"], row["area_ha"], row["tenants"]) for row in zones] == [("z-1", 120.5, 12)]
    assert _json(cli, "zones", "summary", "--by", "town")[0]["town"] == "Balkhash"
    works = {row["kind"]: row for row in _json(cli, "works", "summary")}
    assert works["gasification"]["people_served"] == 60_000
    assert works["boiler"]["cost_kzt"] == 900_000_000
    assert [row["code"] for row in _json(cli, "works", "list", "--town", "Риддер")] == ["w-1"]


def test_plans_and_measures_with_derived_overdue(cli: Cli, tmp_path: Path) -> None:
    _import(cli, tmp_path, "plans", "measures")
    plans = {row["code"]: row for row in _json(cli, "plans", "list")}
    assert plans["p-2"]["measures"] == 2 and plans["p-2"]["measures_cost_kzt"] == 1_500_000_000
    overdue = _json(cli, "plans", "measures", "--overdue", "--today", "2026-01-01")
    assert [(row["code"], row["status"], row["days_left"]) for row in overdue] == [
        ("m-1", "overdue", -1)
    ]
    assert _json(cli, "plans", "measures", "--overdue", "--today", "2025-12-31") == []
    summary = _json(cli, "plans", "summary", "--today", "2026-01-01")
    assert (summary[0]["plan"], summary[0]["done"], summary[0]["overdue"]) == ("p-2", 1, 1)


def test_program_overview_and_facts(facts_cli: Cli) -> None:
    overview = {row["figure"]: row for row in _json(facts_cli, "program", "overview")}
    anchors = overview["anchor projects"]
    assert anchors["fact_value"] == 41 and anchors["records"] == 0
    assert anchors["basis"] == "none"
    assert anchors["fact_source"].startswith("figures stated at government sessions")
    facts = _json(facts_cli, "program", "facts", "--topic", "regional_standards")
    assert {row["metric"]: row["value"] for row in facts} == {
        "sufficiency_level": 64,
        "sufficiency_level_target": 70,
    }
