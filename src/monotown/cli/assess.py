"""`monotown assess ...`: run the composite index, show and compare stored runs, check the monotown
criteria and early warnings, and the no-database file mode. Thin: parse, call the package, print."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from monotown.assess.pipeline import AssessmentResult
from monotown.cli.assess_analysis import leave_one_out_command, rerun_command
from monotown.cli.output import OUTPUT_FORMAT_OPTION, OutputFormat, emit_rows, frame_rows
from monotown.cli.progress import progress_bar
from monotown.cli.records_filter import Records, records_option, synthetic_filter
from monotown.records.files import write_csv

assess_app = typer.Typer(
    help="Composite index, groups, monotown criteria, early warnings, uncertainty.",
    no_args_is_help=True,
)

RESULT_COLUMNS = [
    "rank", "unit", "name", "index", "group", "rank_p05", "median_rank", "rank_p95", "synthetic",
]  # fmt: skip
RECORDS_OPTION = records_option("rows", real="rows on real values only")
# Options two commands mean the same way (`file` and `run`: the recipe and its Monte Carlo;
# `criteria` and `warnings`: the year), declared once so that their help cannot drift apart.
MethodologyFile = Annotated[Path | None, typer.Option("--methodology", help="Methodology YAML.")]
Replications = Annotated[
    int | None, typer.Option("--uncertainty", help="Monte Carlo replications.")
]
MonteCarloSeed = Annotated[
    int | None, typer.Option("--seed", help="Random seed for the Monte Carlo.")
]
LatestYear = Annotated[
    int | None, typer.Option("--period", help="Year (default: latest with data).")
]


def with_uncertainty(
    inp: Any,
    result: AssessmentResult,
    replications: int | None,
    seed: int | None,
    *,
    design: Path | None = None,
    keep: bool = False,
) -> AssessmentResult:
    from dataclasses import replace

    from monotown.assess.uncertainty import run_uncertainty

    n = result.methodology.uncertainty.replications if replications is None else replications
    if not n and design is None:
        return result
    with progress_bar(n >= 2000) as progress:
        mc = run_uncertainty(
            inp, result, replications=n, seed=seed, progress=progress, design=design,
            keep_replications=keep,
        )  # fmt: skip
    return replace(result, uncertainty=mc)


def print_results(frame: pd.DataFrame, fmt: OutputFormat, title: str, footnote: str | None) -> None:
    columns = [c for c in RESULT_COLUMNS if c in frame.columns]
    if fmt is not OutputFormat.table:
        columns = list(frame.columns)
    elif "rank_p05" in frame.columns and frame["rank_p05"].isna().all():
        columns = [c for c in columns if c not in ("rank_p05", "median_rank", "rank_p95")]
    emit_rows(frame_rows(frame), columns, fmt, title=title, footnote=footnote)


@assess_app.command("file")
def file_command(
    data: Path = typer.Argument(..., help="DATA.csv: one row per unit, one column per indicator."),
    meta: Path = typer.Option(
        ..., "--meta", help="META.csv (indicator, pillar, weight, direction)."
    ),
    methodology: MethodologyFile = None,
    output: Path = typer.Option(..., "-o", "--output", help="Where to write RESULTS.csv."),
    uncertainty: Replications = None,
    seed: MonteCarloSeed = None,
    sensitivity: bool = typer.Option(
        False, "--sensitivity", help="Sensitivity analysis (type SA): Sobol indices."
    ),
    design: Path | None = typer.Option(
        None, "--design", help="Replay exactly the replications of this design CSV."
    ),
    replications_out: Path | None = typer.Option(
        None, "--replications-out", help="Write the design, scores and ranks per replication."
    ),
    design_out: Path | None = typer.Option(
        None, "--design-out", help="Write the design (replayable with --design)."
    ),
    fmt: OutputFormat = OUTPUT_FORMAT_OPTION,
) -> None:
    """Assess a data file without a database (also reads COINr's iData/iMeta unchanged)."""
    from monotown.assess.filemode import prepare_files
    from monotown.assess.pipeline import run_pipeline
    from monotown.cli.assess_analysis import print_analysis, write_exports

    job = prepare_files(data, meta, methodology)
    recipe = with_sensitivity(job.methodology, sensitivity)
    result = with_uncertainty(
        job.input, run_pipeline(job.input, recipe), uncertainty, seed, design=design,
        keep=replications_out is not None,
    )  # fmt: skip
    frame = result.results_frame()
    rows = (
        [None if isinstance(value, float) and value != value else value for value in row]
        for row in frame.itertuples(index=False)
    )
    write_csv(output, [str(column) for column in frame.columns], rows)
    written = write_exports(result, design_out, replications_out)
    dropped = ", ".join(result.prepared.coverage.dropped) or "none"
    print_analysis(
        result,
        frame,
        fmt,
        title=f"{result.methodology.name} ({job.format} format): {len(frame)} units",
        footnote=f"written to {', '.join([str(output), *written])}; methodology "
        f"{result.methodology_hash[:12]}; dropped indicators: {dropped}; "
        f"{result.treatment_summary()}",
    )


def with_sensitivity(methodology: Any, enabled: bool) -> Any:
    if not enabled:
        return methodology
    spec = methodology.uncertainty.model_copy(update={"sensitivity": True, "type": "SA"})
    return methodology.model_copy(update={"uncertainty": spec})


@assess_app.command("show")
def show_command(
    run: str = typer.Argument("latest", help="Run number, or 'latest'."),
    unit: str | None = typer.Option(None, "--unit", help="Explain one unit (code) of the run."),
    list_runs: bool = typer.Option(False, "--list", help="List the stored runs instead."),
    records: Records = RECORDS_OPTION,
    replications_out: Path | None = typer.Option(
        None, "--replications-out", help="Write the run's design, scores and ranks per replication."
    ),
    design_out: Path | None = typer.Option(None, "--design-out", help="Write the run's design."),
    fmt: OutputFormat = OUTPUT_FORMAT_OPTION,
) -> None:
    """Show a stored run: its recipe, input snapshot and results (or one unit explained); a unit
    whose values include synthetic demo values is marked synthetic."""
    from monotown.assess import store
    from monotown.assess.marks import keep_records, synthetic_footnote
    from monotown.assess.runs import run_results_marked
    from monotown.cli.session import open_session

    chosen = synthetic_filter(records)
    with open_session() as session:
        if list_runs:
            runs = store.list_runs(session)
            emit_rows(
                frame_rows(runs), list(runs.columns), fmt, title=f"Assessment runs: {len(runs)}"
            )
            return
        stored = store.resolve_run(session, run)
        if unit is not None:
            from monotown.assess.runs import explain_unit
            from monotown.cli.assess_explanation import print_explanation

            print_explanation(explain_unit(session, unit, stored.id), fmt)
            return
        frame = keep_records(run_results_marked(session, stored.id), chosen)
        title = (
            f"Run {stored.id}: {stored.methodology_name}, period {stored.period or '-'}, "
            f"{stored.n_units} units, {stored.replications} replications"
        )
        footnote = (
            f"methodology {stored.methodology_hash[:12]}, input snapshot "
            f"{stored.input_snapshot[:12]}, by {stored.user} at "
            f"{stored.created_at:%Y-%m-%d %H:%M}. "
            f"{synthetic_footnote(frame)}"
        )
        from monotown.cli.assess_analysis import print_stored, write_stored_exports

        written = write_stored_exports(session, stored.id, design_out, replications_out)
        if written:
            footnote += f"; written to {', '.join(written)}"
        print_stored(session, stored, frame, fmt, title, footnote)


@assess_app.command("compare")
def compare_command(
    run_a: int = typer.Argument(..., help="The earlier run."),
    run_b: int = typer.Argument(..., help="The later run."),
    fmt: OutputFormat = OUTPUT_FORMAT_OPTION,
) -> None:
    """Compare two stored runs: rank, index and group change per unit."""
    from monotown.assess import store
    from monotown.assess.explain import mean_absolute_rank_shift
    from monotown.cli.session import open_session

    with open_session() as session:
        a = store.get_run(session, run_a)
        b = store.get_run(session, run_b)
        table = store.compare_runs(session, run_a, run_b)
        same_recipe = "same" if a.methodology_hash == b.methodology_hash else "different"
        same_input = "same" if a.input_snapshot == b.input_snapshot else "different"
    columns = ["unit", "rank_previous", "rank", "rank_change", "index_previous", "index"]
    columns += ["index_change", "group_previous", "group", "group_changed"]
    emit_rows(
        frame_rows(table),
        columns,
        fmt,
        title=f"Run {run_a} -> run {run_b}",
        footnote=f"{same_recipe} methodology, {same_input} input snapshot; mean absolute rank "
        f"change {mean_absolute_rank_shift(table):.2f}",
    )


@assess_app.command("run")
def run_command(
    methodology: MethodologyFile = None,
    period: int | None = typer.Option(None, "--period", help="Year to assess (default: latest)."),
    uncertainty: Replications = None,
    seed: MonteCarloSeed = None,
    label: str | None = typer.Option(None, "--label", help="A note stored with the run."),
    sensitivity: bool = typer.Option(False, "--sensitivity", help="Also Sobol indices."),
    if_empty: bool = typer.Option(False, "--if-empty", help="Only if no run is stored yet."),
    replications_out: Path | None = typer.Option(
        None, "--replications-out", help="Write the design, scores and ranks per replication."
    ),
    design_out: Path | None = typer.Option(None, "--design-out", help="Write the design."),
    fmt: OutputFormat = OUTPUT_FORMAT_OPTION,
) -> None:
    """Assess the stored indicator values, store the run and print the ranking."""
    from monotown.assess import store
    from monotown.assess.methodology_files import load_methodology
    from monotown.assess.runs import run_from_database
    from monotown.cli.session import open_session

    recipe = with_sensitivity(load_methodology(methodology), sensitivity)
    n = recipe.uncertainty.replications if uncertainty is None else uncertainty
    with open_session() as session:
        if if_empty and store.count_runs(session):
            typer.echo("an assessment run is already stored; nothing to do")
            return
        with progress_bar(n >= 2000) as progress:
            run, assessed = run_from_database(
                session,
                recipe,
                period=period,
                replications=n,
                seed=seed,
                label=label,
                progress=progress,
            )
        run_id, frame = run.id, store.run_results(session, run.id)
        from monotown.cli.assess_analysis import print_analysis, write_stored_exports

        written = write_stored_exports(session, run_id, design_out, replications_out)

    synthetic = assessed.input.synthetic_share
    note = f"; {synthetic:.0%} of the values are synthetic demo data" if synthetic else ""
    print_analysis(
        assessed.result,
        frame,
        fmt,
        title=f"Run {run_id}: {recipe.name}, {assessed.input.period}, {len(frame)} towns",
        footnote=f"methodology {assessed.result.methodology_hash[:12]}, input snapshot "
        f"{assessed.input.snapshot[:12]}, {n} replications{note}; "
        f"{assessed.result.treatment_summary()}"
        + (f"; written to {', '.join(written)}" if written else ""),
    )


@assess_app.command("criteria")
def criteria_command(
    rules: str = typer.Option("kz", "--rules", help="kz, ru2014 or a rule-set YAML file."),
    period: LatestYear = None,
    detail: bool = typer.Option(False, "--detail", help="One row per criterion."),
    records: Records = RECORDS_OPTION,
    fmt: OutputFormat = OUTPUT_FORMAT_OPTION,
) -> None:
    """Which settlements meet the single-industry criteria, by how much, and who may leave;
    rows on real values first, those resting on synthetic demo values marked and after them."""
    from monotown.assess.marks import keep_records, lead_with_real, synthetic_footnote
    from monotown.assess.runs import criteria_from_database
    from monotown.cli.session import open_session

    chosen = synthetic_filter(records)
    with open_session() as session:
        result, year = criteria_from_database(session, rules, period)
    if detail:
        table = keep_records(lead_with_real(result.detail[result.detail["year"] == year]), chosen)
        columns = ["unit", "name", "criterion", "value", "op", "threshold", "holds", "margin"]
        columns += ["synthetic", "synthetic_share"]
        emit_rows(
            frame_rows(table),
            columns,
            fmt,
            title=f"Criteria '{rules}', {year}",
            footnote=synthetic_footnote(table),
        )
        return
    summary = result.summary[result.summary["year"] == year].merge(
        result.exits[["unit", "years_not_met", "ready_to_leave"]], on="unit", how="left"
    )
    summary = keep_records(lead_with_real(summary), chosen)
    columns = ["unit", "name", "meets", "n_met", "n_criteria", "failing", "category"]
    columns += ["years_not_met", "ready_to_leave", "synthetic", "synthetic_share"]
    ready = int(summary["ready_to_leave"].fillna(False).astype(bool).sum())
    emit_rows(
        frame_rows(summary),
        columns,
        fmt,
        title=f"Criteria '{rules}', {year}: {int((summary['meets'] == True).sum())} of "  # noqa: E712
        f"{len(summary)} meet them",
        footnote=f"{ready} ready to leave the list (not met in the last years); meets empty = "
        f"a figure is missing. {synthetic_footnote(summary)}",
    )


@assess_app.command("warnings")
def warnings_command(
    period: LatestYear = None,
    rules: Path | None = typer.Option(None, "--rules", help="Warning rules YAML file."),
    records: Records = RECORDS_OPTION,
    fmt: OutputFormat = OUTPUT_FORMAT_OPTION,
) -> None:
    """Early warnings for a year with the figures that triggered them: those on real values
    first, most severe first; those resting on synthetic demo values marked, after them."""
    from monotown.assess.marks import keep_records, synthetic_footnote
    from monotown.assess.runs import warnings_from_database
    from monotown.cli.session import open_session

    chosen = synthetic_filter(records)
    with open_session() as session:
        table, year = warnings_from_database(session, period, rules)
    table = keep_records(table, chosen)
    columns = ["severity", "unit", "name", "rule", "title", "message", "synthetic"]
    if fmt is not OutputFormat.table:
        columns += ["value", "previous", "change", "reference_value", "threshold", "year"]
        columns += ["synthetic_share"]
    emit_rows(
        frame_rows(table),
        columns,
        fmt,
        title=f"Early warnings {year}: {len(table)}",
        footnote=synthetic_footnote(table),
    )


assess_app.command("rerun")(rerun_command)
assess_app.command("leave-one-out")(leave_one_out_command)
