"""Uncertain inputs as data, explicit designs, bootstrap intervals and convergence (issue 14).

The engine's replications are checked against the whole pipeline rebuilt for each replication
(`methodology_for_row`), to 1e-9, on COINr's ASEM data with the vignette's set-up and on a small
case that exercises every kind of input (missing data, screening, exclusions, mixed levels).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from monotown.assess.design import encode, methodology_for_row, read_design
from monotown.assess.filemode import prepare_files
from monotown.assess.methodology_files import load_methodology, parse_methodology
from monotown.assess.pipeline import run_pipeline
from monotown.assess.sensitivity import (
    bootstrap_intervals,
    convergence_table,
    saltelli_design,
    sensitivity_indices,
)
from monotown.assess.uncertain import resolve_inputs
from monotown.assess.uncertainty import run_uncertainty
from monotown.errors import InputError
from tests.assess.ishigami import ishigami, ishigami_indices
from tests.assess.test_uncertainty import small_case

ASEM = Path(__file__).parent / "asem"
VIGNETTE = Path(__file__).parents[2] / "src/monotown/resources/methodology"
VIGNETTE_FILE = VIGNETTE / "coinr_sensitivity_vignette.yaml"


def vignette(replications: int = 100):
    job = prepare_files(ASEM / "iData.csv", ASEM / "iMeta.csv", VIGNETTE_FILE)
    spec = job.methodology.uncertainty.model_copy(update={"replications": replications})
    return job, job.methodology.model_copy(update={"uncertainty": spec})


def assert_replays_the_pipeline(inp, methodology, design_path, analysis, rows=None):
    """Each replication of the engine equals the pipeline rebuilt with its settings (1e-9)."""
    result = run_pipeline(inp, methodology)
    tree = result.tree
    nodes = [*tree.indicators, *tree.order]
    nominal = np.array([tree.weight[c] for c in nodes])
    plan = read_design(design_path, resolve_inputs(methodology), nominal, nodes)
    encoded = encode(plan, methodology, len(tree.aggregates_by_level), nominal, nodes)
    units = list(inp.data.index)
    checked = 0
    for row in range(plan.size) if rows is None else rows:
        replica = run_pipeline(inp, methodology_for_row(methodology, encoded, row, nodes))
        expected = replica.index.reindex(units).to_numpy(dtype=float)
        got = analysis.scores[row]
        assert np.array_equal(np.isnan(expected), np.isnan(got)), row
        assert np.nanmax(np.abs(expected - got)) < 1e-9, row
        ranks = replica.rank.reindex(units).to_numpy(dtype=float)
        assert np.array_equal(ranks, analysis.ranks[row].astype(float), equal_nan=True), row
        checked += 1
    assert checked


def test_the_vignette_set_up_is_a_methodology_file():
    _, methodology = vignette()
    inputs = resolve_inputs(methodology)
    assert [i.name for i in inputs] == ["Winmax", "Normalisation", "Weights", "Aggregation"]
    winmax, normalisation, weights, aggregation = inputs
    assert winmax.address == "treatment.winmax" and winmax.alternatives == [1, 2, 3, 4, 5]
    assert normalisation.alternatives[0]["range"] == [1.0, 100.0]
    assert normalisation.alternatives[1]["mean_sd"] == [10.0, 2.0]
    assert weights.noise == {2: 0.25, 3: 0.25} and weights.sets == 100
    assert aggregation.alternatives == ["arithmetic", "geometric"]
    assert methodology.uncertainty.analysis == "SA"


def test_vignette_sensitivity_runs_and_its_sampled_design_replays_exactly(tmp_path):
    job, methodology = vignette(replications=12)
    result = run_pipeline(job.input, methodology)
    analysis = run_uncertainty(job.input, result, seed=3, keep_replications=True)
    assert analysis.runs == 12 * (4 + 2) and analysis.analysis == "SA"
    table = analysis.sensitivity
    assert list(table["input"]) == ["Winmax", "Normalisation", "Weights", "Aggregation"]
    assert (table["total_low"] <= table["total_high"]).all()
    assert set(analysis.convergence["n"]) == {3, 6, 12}
    design = tmp_path / "design.csv"
    analysis.design.to_csv(design, index=False)
    replay = run_uncertainty(job.input, result, design=design, keep_replications=True)
    assert replay.analysis == "SA"  # the blocks make it a Saltelli design again
    assert np.array_equal(replay.scores, analysis.scores)
    pd.testing.assert_series_equal(
        replay.sensitivity["total"], analysis.sensitivity["total"], check_exact=True
    )
    assert_replays_the_pipeline(job.input, methodology, design, replay, rows=range(0, 72, 5))


def test_a_coinr_parameter_table_replays_replication_by_replication():
    job, methodology = vignette()
    result = run_pipeline(job.input, methodology)
    design = ASEM / "vignette_parameters.csv"
    analysis = run_uncertainty(job.input, result, design=design, keep_replications=True)
    assert analysis.analysis == "UA" and analysis.runs == 12
    assert list(analysis.design.columns[1:]) == ["Winmax", "Normalisation", "Aggregation"]
    assert_replays_the_pipeline(job.input, methodology, design, analysis)
    nominal = analysis.replications_frame()
    assert len(nominal) == 12 * 51 and {"Winmax", "score", "rank", "unit"} <= set(nominal)


def every_kind_of_input():
    inp, spec = small_case(seed=11, units=30, indicators=9, missing=0.12)
    spec["imputation"] = {"method": "group_mean", "group": "region"}
    spec["selection"] = {
        "min_indicator_coverage": 0,
        "min_unit_coverage": 0.85,
        "unit_screening": "remove",
        "unit_screening_stage": "after_imputation",
    }
    spec["uncertainty"] = {
        "type": "SA",
        "bootstrap": 20,
        "inputs": [
            {"address": "imputation.method", "distribution": ["group_mean", "none"]},
            {"address": "treatment.winmax", "distribution": [1, 4]},
            {"address": "treatment.skew_thresh", "type": "continuous", "distribution": [1, 3]},
            {
                "address": "normalisation",
                "distribution": [
                    {"method": "minmax", "range": [1, 100]},
                    {"method": "zscore", "mean_sd": [10, 2]},
                    {"method": "rank"},
                ],
            },
            {"address": "aggregation.method.2", "distribution": ["arithmetic", "geometric"]},
            {"address": "weights", "noise": [{"level": 1, "factor": 0.3}]},
            {
                "name": "p1",
                "address": "weights.p1",
                "type": "continuous",
                "distribution": [0.5, 2],
            },
            {"address": "exclude", "distribution": ["none", "x3", ["x0", "x5"]]},
        ],
    }
    return inp, parse_methodology(spec)


def test_every_kind_of_input_replays_the_pipeline_to_1e_9(tmp_path):
    inp, methodology = every_kind_of_input()
    result = run_pipeline(inp, methodology)
    analysis = run_uncertainty(inp, result, replications=4, seed=5, keep_replications=True)
    assert analysis.runs == 4 * (8 + 2)
    assert np.isnan(analysis.ranks).any()  # screening removed units in some replications
    design = tmp_path / "design.csv"
    analysis.design.to_csv(design, index=False)
    replay = run_uncertainty(inp, result, design=design, keep_replications=True)
    assert np.array_equal(replay.scores, analysis.scores, equal_nan=True)
    assert_replays_the_pipeline(inp, methodology, design, replay)


def test_screening_removes_units_before_or_after_imputation():
    inp, spec = small_case(seed=2, missing=0.25)
    spec["imputation"] = {"method": "group_mean", "group": "region"}
    spec["selection"] = {"min_indicator_coverage": 0, "min_unit_coverage": 0.8}
    flagged = run_pipeline(inp, parse_methodology(spec))
    assert flagged.prepared.coverage.flagged_units and len(flagged.index) == 30
    spec["selection"]["unit_screening"] = "remove"
    removed = run_pipeline(inp, parse_methodology(spec))
    gone = set(removed.prepared.screened)
    assert gone == set(flagged.prepared.coverage.flagged_units)
    assert not gone & set(removed.index.index) and len(removed.index) == 30 - len(gone)
    assert any("removed by screening" in note for note in removed.notes)
    spec["selection"]["unit_screening_stage"] = "after_imputation"
    after = run_pipeline(inp, parse_methodology(spec))
    assert len(after.index) == 30  # group means filled every gap


@pytest.mark.parametrize(
    "item, field, words",
    [
        ({"address": "treatment.winmx", "distribution": [1]}, "address", "no setting 'winmx'"),
        (
            {"address": "normalisation.method", "distribution": ["minmax", "fancy"]},
            "distribution",
            "Input should be",
        ),
        (
            {"address": "treatment.winmax", "type": "continuous", "distribution": [5, 1]},
            "distribution",
            "lower < upper",
        ),
        (
            {"address": "weights", "noise": [{"level": 7, "factor": 0.2}]},
            "distribution",
            "levels 1 to 3",
        ),
        (
            {"address": "aggregation.method.5", "distribution": ["geometric"]},
            "address",
            "aggregation levels",
        ),
        ({"address": "exclude", "distribution": ["nope"]}, "distribution", "no indicator nope"),
        ({"address": "$Log$Nowhere", "distribution": [1]}, "address", "unknown address"),
    ],
)
def test_a_wrong_input_is_one_clear_error(item, field, words):
    _, spec = small_case()
    spec["uncertainty"] = {"inputs": [item]}
    with pytest.raises(InputError) as error:
        parse_methodology(spec, file="m.yaml")
    message = str(error.value)
    assert "\n" not in message and "m.yaml" in message
    assert f"uncertainty.inputs.0.{field}" in message and words in message


def test_short_fields_and_inputs_do_not_mix():
    _, spec = small_case()
    spec["uncertainty"] = {
        "weight_noise": 0.1,
        "inputs": [{"address": "exclude", "distribution": ["x1"]}],
    }
    with pytest.raises(InputError, match="either 'inputs' or weight_noise"):
        parse_methodology(spec)


def test_a_bad_design_file_names_file_row_and_column(tmp_path):
    job, methodology = vignette()
    result = run_pipeline(job.input, methodology)
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("Winmax,Colour\n1,red\n")
    with pytest.raises(InputError, match=r"Colour.*no uncertain input"):
        run_uncertainty(job.input, result, design=unknown)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("Winmax,Aggregation\n1,a_amean\n9,a_gmean\n")
    with pytest.raises(InputError) as error:
        run_uncertainty(job.input, result, design=wrong)
    assert "wrong.csv:3: field 'Winmax' value '9'" in str(error.value)
    noisy = tmp_path / "noisy.csv"
    noisy.write_text("Weights\n3\n")
    with pytest.raises(InputError, match=r"weight\.CODE columns"):
        run_uncertainty(job.input, result, design=noisy)


def test_weight_sets_from_a_file(tmp_path):
    sets = tmp_path / "sets.csv"
    sets.write_text("set,Conn,Sust\n1,1,1\n2,2,1\n3,1,2\n")
    recipe = tmp_path / "m.yaml"
    recipe.write_text(
        "name: sets\nuncertainty:\n  type: UA\n  inputs:\n"
        "    - {name: Weights, address: weights, weight_sets: sets.csv}\n"
    )
    job = prepare_files(ASEM / "iData.csv", ASEM / "iMeta.csv", recipe)
    weights = resolve_inputs(job.methodology)[0]
    assert weights.weight_sets[1] == {"Conn": 2.0, "Sust": 1.0}
    result = run_pipeline(job.input, job.methodology)
    analysis = run_uncertainty(job.input, result, replications=30, seed=1, keep_replications=True)
    assert set(analysis.design["Weights"]) == {1, 2, 3}
    first = analysis.design.index[analysis.design["Weights"] == 1][0]
    assert np.allclose(analysis.scores[first], result.index.reindex(analysis.units))


@pytest.mark.parametrize("estimator", ["jansen", "saltelli"])
def test_bootstrap_intervals_cover_the_ishigami_indices_and_narrow_with_n(estimator):
    first, total = ishigami_indices()
    widths = []
    for n in (1_000, 16_000):
        design = saltelli_design(n, 3, np.random.default_rng(n))
        y = ishigami(design.stacked() * 2 * np.pi - np.pi)
        f_low, f_high, t_low, t_high = bootstrap_intervals(
            y,
            n,
            3,
            estimator=estimator,
            resamples=400,
            confidence=0.99,
            rng=np.random.default_rng(1),
        )
        assert (f_low <= first + 1e-9).all() and (first <= f_high + 1e-9).all()
        assert (t_low <= total).all() and (total <= t_high).all()
        point = sensitivity_indices(y, n, 3, estimator)
        assert (f_low <= point.first_order).all() and (point.total <= t_high).all()
        widths.append(np.concatenate([f_high - f_low, t_high - t_low]))
    assert (widths[1] < widths[0] / 2.5).all()  # about 1/sqrt(16) as wide


def test_convergence_reaches_the_ishigami_indices():
    first, total = ishigami_indices()
    n = 20_000
    design = saltelli_design(n, 3, np.random.default_rng(7))
    y = ishigami(design.stacked() * 2 * np.pi - np.pi)
    table = convergence_table(y, n, ["x1", "x2", "x3"])
    assert sorted(set(table["n"])) == [5_000, 10_000, 20_000]
    last = table[table["n"] == n]
    assert last["total"].to_numpy() == pytest.approx(total, abs=0.03)
    assert last["first_order"].to_numpy() == pytest.approx(first, abs=0.03)


def test_file_mode_prints_the_sensitivity_in_every_format_and_results_have_sobol_columns(
    tmp_path,
):
    from monotown.cli import app

    runner = CliRunner()
    out = tmp_path / "RESULTS.csv"
    reps = tmp_path / "reps.parquet"
    args = [
        "assess",
        "file",
        str(ASEM / "iData.csv"),
        "--meta",
        str(ASEM / "iMeta.csv"),
        "--methodology",
        str(VIGNETTE_FILE),
        "--sensitivity",
        "--uncertainty",
        "10",
        "--seed",
        "1",
        "-o",
        str(out),
    ]
    table = runner.invoke(app, [*args, "--replications-out", str(reps)])
    assert table.exit_code == 0, table.output
    text = " ".join(table.stdout.split())
    assert "Sensitivity of the mean absolute rank change" in text and "Convergence" in text
    results = pd.read_csv(out)
    assert {"sobol_total.Aggregation", "sobol_first_order_low.Winmax"} <= set(results.columns)
    written = reps if reps.exists() else reps.with_suffix(".csv")
    replications = pd.read_parquet(written) if written == reps else pd.read_csv(written)
    assert len(replications) == 10 * 6 * 51
    as_json = runner.invoke(app, [*args, "--format", "json"])
    payload = __import__("json").loads(as_json.stdout)
    assert payload["sensitivity"][0]["input"] == "Winmax"
    assert payload["convergence"] and len(payload["results"]) == 51
    as_csv = runner.invoke(app, [*args, "--format", "csv"])
    assert "sobol_total.Weights" in as_csv.stdout.splitlines()[0]
    design = runner.invoke(
        app, [*args[:-4], "--design", str(ASEM / "vignette_parameters.csv"), "-o", str(out)]
    )
    assert design.exit_code == 0, design.output


def test_the_bundled_default_still_validates_and_the_vignette_loads_alone():
    assert load_methodology().uncertainty.analysis == "UA"
    with pytest.raises(InputError, match="indicators"):
        load_methodology(VIGNETTE_FILE)  # its tree comes from iMeta
