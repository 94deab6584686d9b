"""`assess run/show/compare/criteria/warnings` on a database with the demo data, both backends."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine

from monotown.assess import explain_unit, latest_results, store
from monotown.data.models import Indicator, IndicatorValue
from monotown.db import session_scope
from monotown.records.provenance import AuditEntry
from tests.conftest import Cli


def test_run_stores_a_reproducible_run_and_compare_says_so(demo_cli: Cli, demo_engine: Engine):
    first = demo_cli("assess", "run", "--uncertainty", "300", "--seed", "1")
    assert first.exit_code == 0, first.stderr
    assert "Run 1: monotown-default, 2025, 27 towns" in first.stdout
    assert "synthetic demo data" in first.stdout.replace("\n", " ")
    second = demo_cli("assess", "run", "--uncertainty", "300", "--seed", "1", "--format", "json")
    rows = json.loads(second.stdout)
    assert len(rows) == 27 and rows[0]["rank"] == 1
    assert {"rank_p05", "rank_p95", "prob_high", "demography"} <= set(rows[0])
    compared = demo_cli("assess", "compare", "1", "2")
    assert "same methodology, same input snapshot; mean absolute rank change 0.00" in " ".join(
        compared.stdout.split()
    )
    assert "nothing to do" in demo_cli("assess", "run", "--if-empty").stdout
    with session_scope(demo_engine) as session:
        run_1, run_2 = store.get_run(session, 1), store.get_run(session, 2)
        assert run_1.input_snapshot == run_2.input_snapshot
        assert run_1.methodology_hash == run_2.methodology_hash
        assert run_1.max_batch_id is not None
        audits = session.scalars(select(AuditEntry).where(AuditEntry.entity == "assessment_run"))
        assert len(audits.all()) == 2
        table = latest_results(session)
        assert table["run"].iloc[0] == 2
        assert (table["rank_change"] == 0).all()
        town = table["unit"].iloc[0]
        explanation = explain_unit(session, town)
        assert explanation.previous_run == 1 and explanation.rank_change == 0
        assert len(explanation.pillars) == 11
        # a changed input value changes the snapshot of the next run
        value = session.scalars(
            select(IndicatorValue)
            .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
            .where(IndicatorValue.year == 2025, Indicator.code == "unemployment_rate_pct")
            .order_by(IndicatorValue.id)
            .limit(1)
        ).one()
        value.value = value.value + 1
    third = demo_cli("assess", "run", "--format", "csv")
    assert third.exit_code == 0
    with session_scope(demo_engine) as session:
        assert store.get_run(session, 3).input_snapshot != store.get_run(session, 2).input_snapshot
    shown = demo_cli("assess", "show", "latest", "--unit", town)
    assert "Strengths" in shown.stdout and "Weaknesses" in shown.stdout
    assert "(run 2: rank" in shown.stdout


def test_period_and_bad_methodology(demo_cli: Cli, tmp_path: Path):
    earlier = demo_cli("assess", "run", "--period", "2020", "--format", "json")
    assert earlier.exit_code == 0, earlier.stderr
    assert len(json.loads(earlier.stdout)) == 27
    sensitive = demo_cli("assess", "run", "--uncertainty", "60", "--sensitivity", "--seed", "2")
    assert sensitive.exit_code == 0, sensitive.stderr
    shown = demo_cli("assess", "show", "latest")
    assert "Sensitivity of the mean absolute rank change" in " ".join(shown.stdout.split())
    assert "aggregation" in shown.stdout and "normalisation" in shown.stdout
    missing = demo_cli("assess", "run", "--period", "1990")
    assert missing.exit_code == 1
    assert "error: no indicator values for 1990" in missing.stderr
    bad = tmp_path / "m.yaml"
    bad.write_text("name: x\nindicators: [{code: a, parent: nowhere}]\naggregates: [{code: i}]\n")
    refused = demo_cli("assess", "run", "--methodology", str(bad))
    assert refused.exit_code == 1
    assert f"error: {bad}" in refused.stderr and "no aggregate" in refused.stderr


def test_criteria_and_warnings_from_the_command_line(demo_cli: Cli):
    kz = demo_cli("assess", "criteria", "--format", "csv")
    assert kz.exit_code == 0, kz.stderr
    rows = list(csv.DictReader(io.StringIO(kz.stdout)))
    assert len(rows) == 27
    assert {"meets", "failing", "years_not_met", "ready_to_leave"} <= set(rows[0])
    detail = demo_cli("assess", "criteria", "--rules", "ru2014", "--detail", "--format", "json")
    criteria = json.loads(detail.stdout)
    assert {row["criterion"] for row in criteria} == {"population", "tfe_employment", "sector"}
    temirtau = [r for r in criteria if r["unit"] == "temirtau" and r["criterion"] == "sector"]
    assert temirtau[0]["holds"] is True  # steel and coal: C24, B05
    zhanaozen = [r for r in criteria if r["unit"] == "zhanaozen" and r["criterion"] == "sector"]
    assert zhanaozen[0]["holds"] is False  # oil and gas (B06) is excluded
    assert demo_cli("assess", "criteria", "--rules", "mars").exit_code == 1
    warned = demo_cli("assess", "warnings", "--period", "2024", "--format", "json")
    assert warned.exit_code == 0, warned.stderr
    warnings = json.loads(warned.stdout)
    assert warnings and all(w["year"] == 2024 for w in warnings)
    assert {"severity", "message", "value", "threshold"} <= set(warnings[0])


def test_serving_an_empty_database_also_runs_a_first_assessment(empty_cli: Cli):
    from monotown.cli.db_commands import ensure_database_ready

    ensure_database_ready()
    shown = empty_cli("assess", "show", "latest", "--format", "json")
    assert shown.exit_code == 0, shown.stderr
    assert len(json.loads(shown.stdout)) == 27


def test_assessment_tables_carry_the_synthetic_mark(demo_cli: Cli):
    """show, warnings and criteria mark rows resting on demo values, in table, CSV and JSON."""
    assert demo_cli("assess", "run", "--uncertainty", "0").exit_code == 0
    shown = json.loads(demo_cli("assess", "show", "latest", "--format", "json").stdout)
    assert shown and all(row["synthetic"] is True and row["synthetic_share"] > 0 for row in shown)
    table = demo_cli("assess", "show", "latest")
    assert "27 of 27 rows rest on synthetic demo values" in " ".join(table.stdout.split())
    criteria = list(
        csv.DictReader(io.StringIO(demo_cli("assess", "criteria", "--format", "csv").stdout))
    )
    assert {row["synthetic"] for row in criteria} == {"True"}
    warned = demo_cli("assess", "warnings", "--format", "json")
    assert all(row["synthetic"] is True for row in json.loads(warned.stdout))
    assert "rest on synthetic demo values" in demo_cli("assess", "warnings").stdout
    real_only = demo_cli("assess", "criteria", "--records", "real", "--format", "json")
    assert json.loads(real_only.stdout) == []
    assert demo_cli("assess", "warnings", "--records", "fake").exit_code != 0
