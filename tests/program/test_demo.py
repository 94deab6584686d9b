"""The synthetic demo records: deterministic, flagged, and adding up to the real aggregates."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from monotown import program
from monotown.cli.db_commands import ensure_database_ready
from monotown.db import DATABASE_URL_ENV, session_scope
from monotown.program.demo import demo_records, demo_wanted, load_demo
from monotown.program.demo_allocation import split_total
from monotown.program.models import ProgramFact, Project
from tests.conftest import Cli


def test_split_total_is_exact_and_proportional() -> None:
    assert split_total(10, [1, 1, 1]) == [4, 3, 3]
    assert split_total(100, [3, 1], minimum=10) == [70, 30]
    assert sum(split_total(1_400_000, [0.3, 2.7, 1.1, 5.9])) == 1_400_000
    with pytest.raises(ValueError, match="less than"):
        split_total(5, [1, 1], minimum=3)


def test_the_same_seed_gives_the_same_records_and_another_seed_others() -> None:
    assert demo_records() == demo_records()
    assert demo_records(7)["projects"] != demo_records()["projects"]


def test_demo_records_add_up_to_the_real_aggregates() -> None:
    records = demo_records()
    for seed in (1, 2, 3):  # the totals hold whatever the seed
        projects = pd.DataFrame(demo_records(seed)["projects"])
        anchors = projects[projects["kind"] == "anchor"]
        assert len(anchors) == 41
        assert anchors["status"].value_counts().to_dict() == {
            "operating": 29,
            "under_implementation": 9,
            "idle": 3,
        }
        assert anchors["value_kzt"].sum() == 1_400_000_000_000
        assert anchors["planned_jobs"].sum() > 10_000
    budget = pd.DataFrame(records["budget"])
    period = budget[budget["year"].between(2019, 2023)]
    assert period["allocated_kzt"].sum() == 348_400_000_000
    assert period[period["budget_source"] == "national"]["allocated_kzt"].sum() == 184e9
    plan_2024 = budget[budget["year"] == 2024]
    assert plan_2024["planned_kzt"].sum() == 62_800_000_000
    assert plan_2024[plan_2024["budget_source"] == "national"]["planned_kzt"].sum() == 31.2e9
    assert (period["disbursed_kzt"] <= period["allocated_kzt"]).all()
    measures = pd.DataFrame(records["measures"])
    assert len(measures) == 326 and measures["cost_kzt"].sum() == 456_600_000_000
    works = pd.DataFrame(records["works"])
    kinds = works["kind"].value_counts()
    assert (kinds["boiler"], kinds["turbine"], kinds["gasification"]) == (28, 11, 11)
    gas = works[works["kind"] == "gasification"]
    assert gas["people_served"].sum() == 600_000 and gas["town"].nunique() == 11
    repair_towns = set(works[works["kind"].isin(["boiler", "turbine"])]["town"])
    assert repair_towns == {
        "Stepnogorsk",
        "Ridder",
        "Temirtau",
        "Shakhtinsk",
        "Rudny",
        "Ekibastuz",
        "Kentau",
    }
    assert all(
        row["synthetic"] is True and "synthetic" in row["source"]
        for rows in records.values()
        for row in rows
    )


def test_loaded_demo_is_flagged_consistent_and_undoable(reference_engine: Engine) -> None:
    with session_scope(reference_engine) as session:
        assert demo_wanted(session)
        first = load_demo(session, today=dt.date(2026, 1, 1))
    with session_scope(reference_engine) as session:
        again = load_demo(session)
        assert again.total.n_new == again.total.n_changed == 0
        assert not demo_wanted(session)
        overview = program.program_overview(session).set_index("figure")
        exact = [
            "anchor projects",
            "anchor projects: value",
            "anchor projects operating",
            "anchor projects under implementation",
            "anchor projects idle",
            "budget allocated 2019-2023",
            "of which national budget",
            "budget planned 2024",
            "of which national budget (2024)",
            "measures of the 2023-2027 comprehensive plans",
            "cost of the 2023-2027 comprehensive plans",
            "boilers to repair",
            "turbines to repair",
            "people to be served by gas",
        ]
        for figure in exact:
            row = overview.loc[figure]
            assert row["fact_value"] == row["records_value"], figure
            assert row["basis"] == "synthetic records"
        assert overview.loc["anchor projects: planned jobs", "fact_note"] == "more than"
        summary = program.projects_summary(session, by=["status"], kind="anchor")
        assert summary.set_index("status")["records"].to_dict() == {
            "idle": 3,
            "operating": 29,
            "under_implementation": 9,
        }
        assert set(summary["basis"]) == {"synthetic records"}
        execution = program.budget_execution(session, by=["budget_source"], year_to=2023)
        assert execution["allocated_kzt"].sum() == 348_400_000_000
        assert (execution["execution_pct"] <= 100).all()
        targets = program.targets_progress(session).set_index("code")
        demo_target = targets.loc["demo-offtake-contracts-doubling"]
        # 24 -> 48 by 2025; 41 signed in 2025: (41 - 24) / 24 = 70.8 % of the way, line 100 %
        assert demo_target["progress_pct"] == pytest.approx(1700 / 24)
        assert demo_target["track"] == "off track" and demo_target["synthetic"]
        contracts = program.contracts_summary(session, by=["year"], kind="offtake")
        assert contracts.set_index("year")["records"].to_dict() == {2024: 24, 2025: 41}
    with session_scope(reference_engine) as session:
        program_undo(session, first.batch_id)
        # The demo's projects are gone; the one the texts state (Ekibastuz) stays.
        assert session.scalar(select(func.count()).select_from(Project)) == 1
        assert session.scalar(select(func.count()).select_from(ProgramFact)) == 69
        assert not demo_wanted(session)  # an undone demo stays undone


def program_undo(session: Session, batch_id: int) -> None:
    from monotown.records.provenance import undo_batch

    undo_batch(session, batch_id, user="tester")


def test_cli_load_demo_if_empty_and_overdue_directives(cli: Cli) -> None:
    loaded = cli("program", "load-demo", "--if-empty")
    assert loaded.exit_code == 0, loaded.stderr
    assert "synthetic demo records loaded" in loaded.stdout
    assert "nothing to do" in cli("program", "load-demo", "--if-empty").stdout
    rows = json.loads(
        cli("directives", "--overdue", "--today", "2026-11-21", "--format", "json").stdout
    )
    real = [row for row in rows if not row["synthetic"]]
    assert len(real) == 11 and len(rows) > 11
    table = cli("projects", "list", "--kind", "anchor")
    assert "Projects: 41" in table.stdout
    assert "41 of 41 rows are synthetic demo records" in table.stdout


def test_ensure_database_ready_seeds_facts_and_demo(
    empty_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from monotown.db import engine_for

    monkeypatch.setenv(DATABASE_URL_ENV, empty_db_url)
    ensure_database_ready()
    ensure_database_ready()  # a second start changes nothing
    with session_scope(engine_for(empty_db_url)) as session:
        assert program.facts_loaded(session)
        assert session.scalar(select(func.count()).select_from(Project)) == 46
    engine_for(empty_db_url).dispose()


def test_operating_anchor_projects_sit_where_the_demo_values_count_them(
    reference_engine: Engine,
) -> None:
    """Both demos tell one story: the 29 operating anchor projects are in the towns whose
    demo indicator `anchor_projects_operating` counts them in 2024, town by town."""
    from monotown.data import load_demo_data, values_frame

    with session_scope(reference_engine) as session:
        load_demo_data(session, user="test")
        load_demo(session, today=dt.date(2026, 1, 1))
    with session_scope(reference_engine) as session:
        values = values_frame(session, indicators=["anchor_projects_operating"])
        counted = {
            name: int(value)
            for name, code, value in zip(
                values[values.year == 2024].settlement_name_en,
                values[values.year == 2024].settlement_code,
                values[values.year == 2024].value,
                strict=True,
            )
            if value and code not in {"saran", "tekeli", "priozersk"}  # off the list
        }
        summary = program.projects_summary(session, by=["town", "status"], kind="anchor")
    operating = summary[summary["status"] == "operating"]
    placed = dict(zip(operating["town"], operating["records"].astype(int), strict=True))
    assert sum(counted.values()) == sum(placed.values()) == 29
    assert placed == counted
