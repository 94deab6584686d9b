"""`monotown assess ...`: run the composite index, show and compare stored runs, check the monotown
criteria and early warnings, and the no-database file mode. Thin: parse, call the package, print."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from monotown.assess.pipeline import AssessmentResult
from monotown.cli.output import OutputFormat, console, emit_rows

assess_app = typer.Typer(
    help="Composite index, groups, monotown criteria, early warnings, uncertainty.",
    no_args_is_help=True,
)

RESULT_COLUMNS = ["rank", "unit", "name", "index", "group", "rank_p05", "median_rank", "rank_p95"]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    clean = frame.astype(object).where(frame.notna(), None)
    return [{str(k): v for k, v in row.items()} for row in clean.to_dict("records")]


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Any]:
    """A rich progress bar for long Monte Carlo runs; yields a (done, total) callback or None."""
    if not enabled:
        yield None
        return
    columns = (
        TextColumn("Monte Carlo"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,} replications"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console(), transient=True) as bar:
        task = bar.add_task("mc", total=1)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def with_uncertainty(
    inp: Any, result: AssessmentResult, replications: int | None, seed: int | None
) -> AssessmentResult:
    from dataclasses import replace

    from monotown.assess.uncertainty import run_uncertainty

    n = result.methodology.uncertainty.replications if replications is None else replications
    if not n:
        return result
    with progress_bar(n >= 2000) as progress:
        mc = run_uncertainty(inp, result, replications=n, seed=seed, progress=progress)
    return replace(result, uncertainty=mc)


def print_results(frame: pd.DataFrame, fmt: OutputFormat, title: str, footnote: str | None) -> None:
    columns = [c for c in RESULT_COLUMNS if c in frame.columns]
    if fmt is not OutputFormat.table:
        columns = list(frame.columns)
    elif "rank_p05" in frame.columns and frame["rank_p05"].isna().all():
        columns = [c for c in columns if c not in ("rank_p05", "median_rank", "rank_p95")]
    emit_rows(_records(frame), columns, fmt, title=title, footnote=footnote)


@assess_app.command("file")
def file_command(
    data: Path = typer.Argument(..., help="DATA.csv: one row per unit, one column per indicator."),
    meta: Path = typer.Option(
        ..., "--meta", help="META.csv (indicator, pillar, weight, direction)."
    ),
    methodology: Path | None = typer.Option(None, "--methodology", help="Methodology YAML."),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write RESULTS.csv."),
    uncertainty: int | None = typer.Option(None, "--uncertainty", help="Monte Carlo replications."),
    seed: int | None = typer.Option(None, "--seed", help="Random seed for the Monte Carlo."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="Output format."),
) -> None:
    """Assess a data file without a database (also reads COINr's iData/iMeta unchanged)."""
    from monotown.assess.filemode import prepare_files
    from monotown.assess.pipeline import run_pipeline

    job = prepare_files(data, meta, methodology)
    result = with_uncertainty(
        job.input, run_pipeline(job.input, job.methodology), uncertainty, seed
    )
    frame = result.results_frame()
    frame.to_csv(output, index=False)
    dropped = ", ".join(result.prepared.coverage.dropped) or "none"
    print_results(
        frame,
        fmt,
        title=f"{result.methodology.name} ({job.format} format): {len(frame)} units",
        footnote=f"written to {output}; methodology {result.methodology_hash[:12]}; "
        f"dropped indicators: {dropped}",
    )


@assess_app.command("show")
def show_command(
    run: str = typer.Argument("latest", help="Run number, or 'latest'."),
    unit: str | None = typer.Option(None, "--unit", help="Explain one unit (code) of the run."),
    list_runs: bool = typer.Option(False, "--list", help="List the stored runs instead."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="Output format."),
) -> None:
    """Show a stored run: its recipe, input snapshot and results (or one unit explained)."""
    from monotown.assess import store
    from monotown.cli.session import open_session

    with open_session() as session:
        if list_runs:
            runs = store.list_runs(session)
            emit_rows(
                _records(runs), list(runs.columns), fmt, title=f"Assessment runs: {len(runs)}"
            )
            return
        stored = store.resolve_run(session, run)
        if unit is not None:
            explanation = store.explain_stored(session, stored.id, unit)
            _print_explanation(explanation, fmt)
            return
        frame = store.run_results(session, stored.id)
        title = (
            f"Run {stored.id}: {stored.methodology_name}, period {stored.period or '-'}, "
            f"{stored.n_units} units, {stored.replications} replications"
        )
        footnote = (
            f"methodology {stored.methodology_hash[:12]}, input snapshot "
            f"{stored.input_snapshot[:12]}, by {stored.user} at {stored.created_at:%Y-%m-%d %H:%M}"
        )
        print_results(frame, fmt, title, footnote)


def _print_explanation(explanation: Any, fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        payload = {
            "unit": explanation.unit,
            "name": explanation.name,
            "index": explanation.index,
            "rank": explanation.rank,
            "group": explanation.group,
            "pillars": _records(explanation.pillars),
            "strengths": _records(explanation.strengths),
            "weaknesses": _records(explanation.weaknesses),
            "imputed": explanation.imputed,
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    head = f"{explanation.name}: index {explanation.index:.1f}, rank {explanation.rank}, "
    console().print(head + f"group {explanation.group}")
    pillar_cols = ["pillar", "score", "group_median", "difference"]
    emit_rows(_records(explanation.pillars), pillar_cols, fmt, title="Pillars vs group median")
    cols = ["indicator", "pillar", "score", "group_median", "contribution"]
    emit_rows(_records(explanation.strengths), cols, fmt, title="Strengths")
    emit_rows(_records(explanation.weaknesses), cols, fmt, title="Weaknesses")


@assess_app.command("compare")
def compare_command(
    run_a: int = typer.Argument(..., help="The earlier run."),
    run_b: int = typer.Argument(..., help="The later run."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="Output format."),
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
        _records(table),
        columns,
        fmt,
        title=f"Run {run_a} -> run {run_b}",
        footnote=f"{same_recipe} methodology, {same_input} input snapshot; mean absolute rank "
        f"change {mean_absolute_rank_shift(table):.2f}",
    )
