"""Stored runs keep their input, design and replications; `assess rerun` regenerates a run with
settings changed; `assess leave-one-out` drops each indicator in turn. Both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from monotown.assess import store
from monotown.assess.methodology_files import methodology_from_text
from monotown.assess.models import AssessmentArtifact, AssessmentRun
from monotown.assess.pipeline import run_pipeline
from monotown.assess.regen import apply_settings
from monotown.db import session_scope
from tests.conftest import Cli


def test_a_stored_run_keeps_input_design_replications_and_sensitivity(
    demo_cli: Cli, demo_engine: Engine, tmp_path: Path
):
    done = demo_cli(
        "assess",
        "run",
        "--uncertainty",
        "20",
        "--sensitivity",
        "--seed",
        "4",
        "--design-out",
        str(tmp_path / "run-design.csv"),
    )
    assert done.exit_code == 0, done.stderr
    assert len(pd.read_csv(tmp_path / "run-design.csv")) == 120
    with session_scope(demo_engine) as session:
        run = store.get_run(session, 1)
        kinds = {a.kind for a in run.artifacts}
        assert kinds == {"input", "design", "replications", "convergence"}
        design = store.stored_design(session, 1)
        assert design is not None and len(design) == 20 * (4 + 2)  # legacy inputs: 4
        assert set(design["block"]) >= {"A", "B", "AB:weights"}
        replications = store.stored_replications(session, 1)
        assert replications is not None and len(replications) == len(design) * 27
        rows = run.sensitivity
        assert {"first_order_low", "total_high", "estimator", "alternatives"} <= set(rows[0])
    shown = demo_cli(
        "assess",
        "show",
        "1",
        "--replications-out",
        str(tmp_path / "r.csv"),
        "--design-out",
        str(tmp_path / "d.csv"),
    )
    assert shown.exit_code == 0, shown.stderr
    assert "Convergence" in shown.stdout
    assert len(pd.read_csv(tmp_path / "d.csv")) == 120
    assert {"score", "rank", "unit", "block"} <= set(pd.read_csv(tmp_path / "r.csv").columns)
    as_json = json.loads(demo_cli("assess", "show", "1", "--format", "json").stdout)
    assert as_json["sensitivity"] and as_json["convergence"]


def test_rerun_regenerates_a_stored_run_with_settings_changed(demo_cli: Cli, demo_engine: Engine):
    first = demo_cli("assess", "run", "--uncertainty", "30", "--seed", "7")
    assert first.exit_code == 0, first.stderr
    same = demo_cli("assess", "rerun", "1", "--format", "json")
    assert same.exit_code == 0, same.stderr
    assert all(row["rank_change"] == 0 for row in json.loads(same.stdout))
    with session_scope(demo_engine) as session:
        a, b = store.get_run(session, 1), store.get_run(session, 2)
        assert a.methodology_hash == b.methodology_hash and a.input_snapshot == b.input_snapshot
        pd.testing.assert_frame_equal(store.run_results(session, 1), store.run_results(session, 2))
    changed = demo_cli(
        "assess",
        "rerun",
        "latest",
        "--set",
        "normalisation.method=zscore",
        "--set",
        "aggregation.method=geometric",
    )
    assert changed.exit_code == 0, changed.stderr
    text = " ".join(changed.stdout.split())
    assert "Run 3: run 2 regenerated with normalisation.method=" in text
    assert "towns changed rank" in text
    with session_scope(demo_engine) as session:
        run = store.get_run(session, 3)
        assert run.replications == 30 and run.seed == 7
        assert "rerun of run 2" in (run.label or "")
        assert "zscore" in run.methodology_yaml
        # the same as running the changed methodology on the stored input
        recipe, _ = apply_settings(
            methodology_from_text(store.get_run(session, 1).methodology_yaml),
            ["normalisation.method=zscore", "aggregation.method=geometric"],
        )
        inp = store.stored_input(session, 1)
        expected = run_pipeline(inp, recipe).rank
        stored = store.run_results(session, 3).set_index("unit")["rank"]
        assert (stored.reindex(expected.index).to_numpy() == expected.to_numpy()).all()


def test_a_bad_setting_is_one_line_and_stores_nothing(demo_cli: Cli, demo_engine: Engine):
    assert demo_cli("assess", "run").exit_code == 0
    for setting, words in [
        ("treatment.winmx=3", "Extra inputs are not permitted"),
        ("normalisation.method=fancy", "normalisation.method"),
        ("nothing", "PATH=VALUE"),
        ("indicators.nope.weight=2", "no entry 'nope'"),
    ]:
        refused = demo_cli("assess", "rerun", "1", "--set", setting)
        assert refused.exit_code == 1, setting
        assert words in refused.stderr and refused.stderr.count("\n") == 1, refused.stderr
    missing = demo_cli("assess", "rerun", "9")
    assert missing.exit_code != 0 and "no assessment run 9" in missing.stderr
    with session_scope(demo_engine) as session:
        assert session.scalar(select(func.count()).select_from(AssessmentRun)) == 1


def test_runs_stored_before_inputs_were_kept_rerun_from_the_database(
    demo_cli: Cli, demo_engine: Engine
):
    assert demo_cli("assess", "run").exit_code == 0
    with session_scope(demo_engine) as session:
        for artifact in session.scalars(select(AssessmentArtifact)).all():
            session.delete(artifact)
    again = demo_cli("assess", "rerun", "1", "--set", "treatment.winmax=2")
    assert again.exit_code == 0, again.stderr


def test_leave_one_out_on_a_stored_run_and_on_files(demo_cli: Cli, tmp_path: Path):
    assert demo_cli("assess", "run").exit_code == 0
    out = tmp_path / "loo.csv"
    done = demo_cli("assess", "leave-one-out", "latest", "-o", str(out), "--format", "json")
    assert done.exit_code == 0, done.stderr
    payload = json.loads(done.stdout)
    elements = [row["element"] for row in payload["elements"]]
    towns = pd.read_csv(out)
    assert len(towns) == 27 and set(elements) <= set(towns.columns)
    moved = payload["elements"][0]
    assert moved["mean_abs_rank_change"] >= payload["elements"][-1]["mean_abs_rank_change"]
    asem = Path(__file__).parent / "asem"
    pillars = demo_cli(
        "assess",
        "leave-one-out",
        "--data",
        str(asem / "iData.csv"),
        "--meta",
        str(asem / "iMeta.csv"),
        "--level",
        "2",
    )
    assert pillars.exit_code == 0, pillars.stderr
    assert "Leave one level-2 aggregate out" in " ".join(pillars.stdout.split())
