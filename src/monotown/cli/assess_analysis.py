"""`monotown assess rerun` and `leave-one-out`, and how every assess command prints and exports
its uncertainty and sensitivity analysis (indices with intervals, convergence, replications)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import typer

from monotown.assess.pipeline import AssessmentResult
from monotown.cli.output import OUTPUT_FORMAT_OPTION, OutputFormat, console, emit_rows, frame_rows
from monotown.cli.progress import progress_bar

SENSITIVITY_COLUMNS = [
    "input", "first_order", "first_order_low", "first_order_high",
    "total", "total_low", "total_high",
]  # fmt: skip
RESULT_COLUMNS = ["rank", "unit", "name", "index", "group", "rank_p05", "median_rank", "rank_p95"]


def write_table(frame: pd.DataFrame, path: Path) -> Path:
    """Parquet for a .parquet/.pq path when pyarrow is installed, CSV otherwise (a .parquet path
    then gets a .csv sibling, and the caller says so)."""
    if path.suffix.lower() in (".parquet", ".pq"):
        from importlib.util import find_spec

        if find_spec("pyarrow") is None:
            path = path.with_suffix(".csv")
        else:
            frame.to_parquet(path, index=False)
            return path
    frame.to_csv(path, index=False)
    return path


def write_exports(
    result: AssessmentResult, design_out: Path | None, replications_out: Path | None
) -> list[str]:
    analysis = result.uncertainty
    written = []
    if (design_out or replications_out) and analysis is None:
        from monotown.errors import InputError

        raise InputError("no Monte Carlo ran: give --uncertainty N, --sensitivity or --design")
    if analysis is not None and design_out is not None:
        written.append(str(write_table(analysis.design, design_out)))
    if analysis is not None and replications_out is not None:
        written.append(str(write_table(analysis.replications_frame(), replications_out)))
    return written


def write_stored_exports(
    session: Any, run_id: int, design_out: Path | None, replications_out: Path | None
) -> list[str]:
    from monotown.assess import store
    from monotown.errors import NotFoundError

    written = []
    for path, table, what in (
        (design_out, store.stored_design(session, run_id) if design_out else None, "design"),
        (
            replications_out,
            store.stored_replications(session, run_id) if replications_out else None,
            "replications",
        ),
    ):
        if path is None:
            continue
        if table is None:
            raise NotFoundError(f"run {run_id} kept no {what}")
        written.append(str(write_table(table, path)))
    return written


def _emit(
    frame: pd.DataFrame,
    sensitivity: pd.DataFrame | None,
    convergence: pd.DataFrame | None,
    fmt: OutputFormat,
    title: str,
    footnote: str | None,
    estimator: str = "jansen",
) -> None:
    if fmt is OutputFormat.json and sensitivity is not None:
        payload = {
            "results": frame_rows(frame),
            "sensitivity": frame_rows(sensitivity),
            "convergence": frame_rows(convergence) if convergence is not None else [],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    columns = list(frame.columns)
    if fmt is OutputFormat.table:
        columns = [c for c in RESULT_COLUMNS if c in frame.columns]
        if "rank_p05" in frame.columns and frame["rank_p05"].isna().all():
            columns = [c for c in columns if c not in ("rank_p05", "median_rank", "rank_p95")]
    emit_rows(frame_rows(frame), columns, fmt, title=title, footnote=footnote)
    if fmt is not OutputFormat.table or sensitivity is None:
        return
    first_name = "Saltelli 2010" if estimator == "saltelli" else "Jansen"
    emit_rows(
        frame_rows(sensitivity),
        [c for c in SENSITIVITY_COLUMNS if c in sensitivity.columns],
        fmt,
        title=f"Sensitivity of the mean absolute rank change (first order {first_name}, total "
        "Jansen; bootstrap intervals)",
    )
    if convergence is not None and not convergence.empty:
        first = convergence.pivot(index="input", columns="n", values="first_order")
        first.columns = [f"first order N={n}" for n in first.columns]
        total = convergence.pivot(index="input", columns="n", values="total")
        total.columns = [f"total N={n}" for n in total.columns]
        wide = pd.concat([first, total], axis=1)
        emit_rows(
            frame_rows(wide.reset_index()),
            ["input", *wide.columns],
            fmt,
            title="Convergence: indices at N/4, N/2 and N",
        )


def _with_sobol(frame: pd.DataFrame, sensitivity: pd.DataFrame | None) -> pd.DataFrame:
    if sensitivity is None:
        return frame
    out = frame.copy()
    for row in sensitivity.to_dict("records"):
        for key, value in row.items():
            if key in SENSITIVITY_COLUMNS and key != "input":
                out[f"sobol_{key}.{row['input']}"] = value
    return out


def print_analysis(
    result: AssessmentResult,
    frame: pd.DataFrame,
    fmt: OutputFormat,
    title: str,
    footnote: str | None,
) -> None:
    """The results, then (table) the Sobol indices and their convergence; CSV rows carry the
    Sobol columns as RESULTS.csv does; JSON becomes {results, sensitivity, convergence}."""
    analysis = result.uncertainty
    sensitivity = analysis.sensitivity if analysis is not None else None
    convergence = analysis.convergence if analysis is not None else None
    estimator = analysis.estimator if analysis is not None else "jansen"
    frame = _with_sobol(frame, sensitivity)
    _emit(frame, sensitivity, convergence, fmt, title, footnote, estimator)


def print_stored(
    session: Any, run: Any, frame: pd.DataFrame, fmt: OutputFormat, title: str, footnote: str
) -> None:
    from monotown.assess import store

    sensitivity = pd.DataFrame(run.sensitivity) if run.sensitivity else None
    convergence = store.stored_convergence(session, run.id) if sensitivity is not None else None
    estimator = "jansen"
    if sensitivity is not None and "estimator" in sensitivity.columns:
        estimator = str(sensitivity["estimator"].iloc[0])
    frame = _with_sobol(frame, sensitivity)
    _emit(frame, sensitivity, convergence, fmt, title, footnote, estimator)


def rerun_command(
    run: str = typer.Argument(..., help="The stored run to regenerate (number or 'latest')."),
    settings: list[str] = typer.Option(
        [], "--set", help="PATH=VALUE, e.g. normalisation.method=zscore (repeatable)."
    ),
    label: str | None = typer.Option(None, "--label", help="A note stored with the new run."),
    fmt: OutputFormat = OUTPUT_FORMAT_OPTION,
) -> None:
    """Regenerate a stored run from its methodology and input with settings changed (COINr's
    Regen), store it as a new run and print what changed per town."""
    from monotown.assess.runs import rerun
    from monotown.cli.session import open_session

    with open_session() as session, progress_bar(False) as progress:
        done = rerun(session, run, settings, label=label, progress=progress)
        previous_id, new_id = done.previous.id, done.run.id
        table = done.changes
    moved = table[table["rank_change"].fillna(0) != 0]
    regrouped = int(table["group_changed"].fillna(False).astype(bool).sum())
    order = table["rank_change"].abs().sort_values(ascending=False, na_position="last").index
    columns = ["unit", "rank_previous", "rank", "rank_change", "group_previous", "group"]
    columns += ["group_changed", "index_previous", "index"]
    emit_rows(
        frame_rows(table.loc[order]),
        columns,
        fmt,
        title=f"Run {new_id}: run {previous_id} regenerated with "
        f"{'; '.join(done.settings) or 'no change'}",
        footnote=f"{len(moved)} of {len(table)} towns changed rank, {regrouped} changed group; "
        f"stored as run {new_id} ('monotown assess compare {previous_id} {new_id}')",
    )


def leave_one_out_command(
    run: str = typer.Argument("latest", help="A stored run (number or 'latest')."),
    data: Path | None = typer.Option(None, "--data", help="Or a DATA.csv (file mode)."),
    meta: Path | None = typer.Option(None, "--meta", help="META.csv for --data."),
    methodology: Path | None = typer.Option(None, "--methodology", help="For --data."),
    level: int = typer.Option(1, "--level", help="1 = indicators, 2 = pillars, ..."),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write the rank change of every town per element."
    ),
    fmt: OutputFormat = OUTPUT_FORMAT_OPTION,
) -> None:
    """Drop each indicator (or aggregate) in turn (COINr's remove_elements): how far every town
    moves; the elements whose removal moves the ranking most come first."""
    from monotown.assess.pipeline import run_pipeline
    from monotown.assess.regen import leave_one_out

    if data is not None:
        from monotown.assess.filemode import prepare_files

        if meta is None:
            from monotown.errors import InputError

            raise InputError("--data needs --meta", field="--meta")
        job = prepare_files(data, meta, methodology)
        inp, recipe, source = job.input, job.methodology, str(data)
    else:
        from monotown.assess import store
        from monotown.assess.methodology_files import methodology_from_text
        from monotown.assess.runs import stored_input
        from monotown.cli.session import open_session

        with open_session() as session:
            stored = store.resolve_run(session, run)
            recipe = methodology_from_text(stored.methodology_yaml, file=f"run {stored.id}")
            inp = stored_input(session, stored, recipe)
            source = f"run {stored.id}"
    towns, summary = leave_one_out(inp, run_pipeline(inp, recipe), level)
    if output is not None:
        write_table(towns, output)
    if fmt is OutputFormat.json:
        payload = {"elements": frame_rows(summary), "towns": frame_rows(towns)}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    what = "indicator" if level == 1 else f"level-{level} aggregate"
    emit_rows(
        frame_rows(summary),
        ["element", "name", "mean_abs_rank_change", "max_abs_rank_change", "towns_moved"],
        fmt,
        title=f"Leave one {what} out ({source}): {len(summary)} elements, {len(towns)} towns",
        footnote=(f"per-town rank changes written to {output}" if output else None),
    )
    if fmt is OutputFormat.table and output is None:
        console().print("rank change per town and element: add -o FILE (positive = climbs)")
