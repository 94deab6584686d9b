"""Stored runs on SQLite and PostgreSQL: save, show, explain, compare; and the file mode CLI."""

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from monotown.assess import store
from monotown.assess.filemode import prepare_files
from monotown.assess.pipeline import run_pipeline
from monotown.assess.uncertainty import run_uncertainty
from monotown.db import session_scope
from monotown.records.provenance import AuditEntry
from tests.conftest import Cli

ASEM = Path(__file__).parent / "asem"


@pytest.fixture(scope="module")
def asem_results():
    job = prepare_files(ASEM / "iData.csv", ASEM / "iMeta.csv")
    nominal = run_pipeline(job.input, job.methodology)
    with_mc = replace(
        nominal, uncertainty=run_uncertainty(job.input, nominal, replications=200, seed=1)
    )
    other = job.methodology.model_copy(
        update={
            "aggregation": job.methodology.aggregation.model_copy(update={"method": "geometric"})
        }
    )
    return with_mc, run_pipeline(job.input, other)


def test_a_stored_run_keeps_its_recipe_snapshot_results_and_audit(reference_engine, asem_results):
    result, _ = asem_results
    with session_scope(reference_engine) as session:
        run = store.save_run(session, result, input_snapshot="abc", source="file", user="analyst")
        run_id = run.id
    with session_scope(reference_engine) as session:
        stored = store.get_run(session, run_id)
        assert stored.methodology_hash == result.methodology_hash
        assert stored.replications == 200
        frame = store.run_results(session, run_id)
        assert len(frame) == 51
        assert frame.loc[0, "unit"] == "CHE"
        assert frame.loc[0, "index"] == pytest.approx(68.38, abs=0.005)
        assert {"rank_p05", "rank_p95", "prob_high", "Physical"} <= set(frame.columns)
        audit = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "assessment_run")
        ).one()
        assert audit.action == "run" and audit.user == "analyst"
        explanation = store.explain_stored(session, run_id, "LUX")
        assert explanation.group == "high"
        assert not explanation.strengths.empty and not explanation.weaknesses.empty
        assert (explanation.strengths["contribution"] > 0).all()


def test_show_and_compare_from_the_command_line(cli: Cli, reference_engine, asem_results):
    first, second = asem_results
    with session_scope(reference_engine) as session:
        a = store.save_run(session, first, input_snapshot="s1", source="file").id
        b = store.save_run(session, second, input_snapshot="s1", source="file").id
    shown = cli("assess", "show", str(a))
    assert shown.exit_code == 0, shown.stderr
    assert "Switzerland" in shown.stdout and f"Run {a}" in shown.stdout
    latest = json.loads(cli("assess", "show", "latest", "--format", "json").stdout)
    assert len(latest) == 51
    listed = cli("assess", "show", "--list", "--format", "csv")
    assert len(list(csv.DictReader(io.StringIO(listed.stdout)))) == 2
    explained = cli("assess", "show", str(a), "--unit", "CHE", "--format", "json")
    assert json.loads(explained.stdout)["rank"] == 1
    compared = cli("assess", "compare", str(a), str(b), "--format", "csv")
    assert compared.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(compared.stdout)))
    assert len(rows) == 51
    assert any(row["rank_change"] not in ("", "0") for row in rows)
    table = cli("assess", "compare", str(a), str(b))
    assert "different methodology, same input snapshot" in table.stdout.replace("\n", " ")


def test_unknown_runs_and_units_are_clear_errors(cli: Cli):
    result = cli("assess", "show", "99")
    assert result.exit_code == 1
    assert "error: no assessment run 99" in result.stderr
    result = cli("assess", "show", "latest")
    assert "no assessment run is stored yet" in result.stderr
    assert cli("assess", "show", "first").exit_code == 1


def test_file_mode_writes_results_for_coinr_input(tmp_path):
    from typer.testing import CliRunner

    from monotown.cli import app

    out = tmp_path / "results.csv"
    result = CliRunner().invoke(
        app,
        [
            "assess",
            "file",
            str(ASEM / "iData.csv"),
            "--meta",
            str(ASEM / "iMeta.csv"),
            "-o",
            str(out),
            "--uncertainty",
            "50",
            "--seed",
            "3",
        ],
    )
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(out.open()))
    assert rows[0]["unit"] == "CHE" and rows[0]["rank"] == "1"
    assert "prob_high" in rows[0]
    assert "coinr format" in result.stdout


def test_file_mode_simple_format_and_bad_input(tmp_path):
    from typer.testing import CliRunner

    from monotown.cli import app

    data = tmp_path / "data.csv"
    data.write_text(
        "unit,name,region,a,b,c\nt1,One,n,1,10,5\nt2,Two,n,2,30,4\nt3,Three,s,3,20,3\nt4,Four,s,4,40,2\n"
    )
    meta = tmp_path / "meta.csv"
    meta.write_text(
        "indicator,pillar,weight,direction\na,p1,1,higher\nb,p1,1,higher\nc,p2,2,lower\n"
    )
    out = tmp_path / "out.csv"
    runner = CliRunner()
    ok = runner.invoke(
        app, ["assess", "file", str(data), "--meta", str(meta), "-o", str(out), "--format", "csv"]
    )
    assert ok.exit_code == 0, ok.stderr
    rows = list(csv.DictReader(out.open()))
    assert [r["unit"] for r in rows] == ["t4", "t3", "t2", "t1"]
    assert float(rows[0]["index"]) == pytest.approx(100.0)
    bad = tmp_path / "bad.csv"
    bad.write_text("unit,a,b,c\nt1,1,x,3\nt2,2,3,4\n")
    failed = runner.invoke(app, ["assess", "file", str(bad), "--meta", str(meta), "-o", str(out)])
    assert failed.exit_code == 1
    assert f"{bad}:2: field 'b' value 'x': not a number" in failed.stderr
    wrong_meta = tmp_path / "m2.csv"
    wrong_meta.write_text("indicator,pillar,direction\na,p1,sideways\n")
    failed = runner.invoke(
        app, ["assess", "file", str(data), "--meta", str(wrong_meta), "-o", str(out)]
    )
    assert "direction must be" in failed.stderr and ":2:" in failed.stderr


def test_file_mode_takes_a_steps_only_methodology(tmp_path):
    from typer.testing import CliRunner

    from monotown.cli import app

    steps = tmp_path / "steps.yaml"
    steps.write_text(
        "name: steps-only\nnormalisation: {method: zscore}\naggregation: {method: geometric}\n"
    )
    out = tmp_path / "out.csv"
    args = ["assess", "file", str(ASEM / "iData.csv"), "--meta", str(ASEM / "iMeta.csv")]
    result = CliRunner().invoke(app, [*args, "--methodology", str(steps), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "steps-only" in result.stdout
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 51 and rows[0]["unit"] != ""
