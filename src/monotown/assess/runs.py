"""What the CLI, the web pages and the reports call: assess stored values, read the latest run
with its per-town explanation, and the criteria and warnings for a period. Database reads happen
here; the computation stays in the pure modules.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypedDict, Unpack

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.assess import store
from monotown.assess.criteria import CriteriaResult, evaluate_criteria, load_rule_set
from monotown.assess.engine import Progress
from monotown.assess.explain import Explanation
from monotown.assess.inputs import DatabaseInput, input_from_values, long_values
from monotown.assess.marks import lead_with_real, synthetic_shares, with_synthetic_mark
from monotown.assess.methodology import Methodology
from monotown.assess.methodology_files import load_methodology, methodology_from_text
from monotown.assess.models import AssessmentRun
from monotown.assess.pipeline import AssessmentInput, AssessmentResult, run_pipeline
from monotown.assess.regen import apply_settings
from monotown.assess.run_summary import UnitExplanation, explain_rows, unit_result
from monotown.assess.uncertainty import run_uncertainty
from monotown.assess.warnings import evaluate_warnings, load_warning_rules
from monotown.errors import InputError
from monotown.registry.models import Enterprise, Settlement, TownFormingLink


@dataclass(frozen=True)
class Assessed:
    result: AssessmentResult
    input: DatabaseInput
    seconds: float


class RunChoices(TypedDict, total=False):
    """What a caller may choose for one assessment (each may be left out or None): the period
    (default: the latest year with data), the Monte Carlo's replications (default: the
    methodology's) and seed, and where to report progress."""

    period: int | None
    replications: int | None
    seed: int | None
    progress: Progress | None


def assess_frame(
    frame: pd.DataFrame, methodology: Methodology, **choices: Unpack[RunChoices]
) -> Assessed:
    """Run the pipeline (and the Monte Carlo if asked) on a values_frame-shaped table."""
    started = time.perf_counter()
    db_input = input_from_values(frame, methodology, choices.get("period"))
    result = run_pipeline(db_input.input, methodology)
    replications = choices.get("replications")
    n = methodology.uncertainty.replications if replications is None else replications
    result = with_uncertainty(
        db_input.input, result, n, choices.get("seed"), choices.get("progress")
    )
    return Assessed(result=result, input=db_input, seconds=time.perf_counter() - started)


def with_uncertainty(
    inp: AssessmentInput,
    result: AssessmentResult,
    replications: int,
    seed: int | None,
    progress: Progress | None,
) -> AssessmentResult:
    """The result with its Monte Carlo of `replications` runs (none: the result as it is),
    keeping every replication when they fit a stored run."""
    if not replications:
        return result
    mc = run_uncertainty(
        inp, result, replications=replications, seed=seed, progress=progress,
        keep_replications=keeps_replications(result, replications),
    )  # fmt: skip
    return replace(result, uncertainty=mc)


def keeps_replications(result: AssessmentResult, n: int) -> bool:
    """Keep every replication's scores and ranks when they fit a stored run (20 M values)."""
    from monotown.assess.uncertain import resolve_inputs

    inputs = len(resolve_inputs(result.methodology))
    runs = n * (inputs + 2) if result.methodology.uncertainty.analysis == "SA" else n
    return runs * len(result.units) <= store.REPLICATION_CELLS


def town_sectors(session: Session) -> dict[str, list[str]]:
    """Each settlement's town-forming enterprises' OKED divisions (from the registry)."""
    rows = session.execute(
        select(Settlement.code, Enterprise.sector_code)
        .join(TownFormingLink, TownFormingLink.settlement_id == Settlement.id)
        .join(Enterprise, Enterprise.id == TownFormingLink.enterprise_id)
        .where(Enterprise.sector_code.is_not(None))
        .order_by(Settlement.code, Enterprise.sector_code)
    ).all()
    out: dict[str, list[str]] = {}
    for code, sector in rows:
        if sector is not None and sector not in out.setdefault(code, []):
            out[code].append(sector)
    return out


def latest_results(session: Session) -> pd.DataFrame:
    """The latest run's table (index, pillar scores, rank, group, interval, group probabilities),
    with a `run` column; empty if nothing was run yet."""
    run = store.latest_run(session)
    if run is None:
        return pd.DataFrame()
    frame = store.run_results(session, run.id)
    frame.insert(0, "run", run.id)
    previous = store.previous_run(session, run)
    if previous is not None:
        before = store.run_results(session, previous.id).set_index("unit")
        frame["rank_previous"] = frame["unit"].map(before["rank"]).astype("Int64")
        frame["group_previous"] = frame["unit"].map(before["group"])
        frame["rank_change"] = frame["rank_previous"] - frame["rank"]
    return frame


def explain_unit(
    session: Session, unit: str, run_id: int | None = None, *, top: int = 5
) -> Explanation:
    """A town's pillar scores, strengths and weaknesses vs its group's median, and its rank and
    group in the run before (the latest run unless `run_id` is given)."""
    run = store.resolve_run(session, "latest" if run_id is None else run_id)
    explanation = store.explain_stored(session, run.id, unit, top=top)
    previous = store.previous_run(session, run)
    if previous is None:
        return explanation
    before = unit_result(session, previous.id, unit)
    if before is None:
        return replace(explanation, previous_run=previous.id)
    return replace(
        explanation,
        previous_rank=before.rank,
        previous_group=before.group,
        previous_run=previous.id,
    )


def explain_unit_rows(
    session: Session, unit: str, run_id: int | None = None, *, top: int = 5
) -> UnitExplanation:
    """`explain_unit` as plain rows (no data frames: what the web answers per request)."""
    run, previous = store.resolve_run_and_previous(session, "latest" if run_id is None else run_id)
    found = explain_rows(session, run, unit, top=top)
    if previous is None:
        return found
    return replace(found, previous=unit_result(session, previous, unit), previous_run=previous)


def _values(session: Session, year_to: int | None = None) -> pd.DataFrame:
    from monotown.data import values_frame

    return values_frame(session, year_to=year_to, period_type="year", include_synthetic=True)


def run_from_database(
    session: Session,
    methodology: Methodology | None = None,
    *,
    label: str | None = None,
    user: str | None = None,
    origin: str = "cli",
    **choices: Unpack[RunChoices],
) -> tuple[AssessmentRun, Assessed]:
    """Assess the stored values for `period` (default: the latest year with data); store the run."""
    recipe = methodology or load_methodology()
    assessed = assess_frame(_values(session, choices.get("period")), recipe, **choices)
    run = store.save_run(
        session,
        assessed.result,
        input_snapshot=assessed.input.snapshot,
        period=assessed.input.period,
        max_batch_id=assessed.input.max_batch_id,
        source="database",
        label=label,
        user=user,
        origin=origin,
        seconds=assessed.seconds,
        input=assessed.input.input,
    )
    return run, assessed


@dataclass(frozen=True)
class Rerun:
    """A stored run regenerated with settings changed: both runs and what moved per town."""

    previous: AssessmentRun
    run: AssessmentRun
    settings: list[str]
    changes: pd.DataFrame  # store.compare_runs(previous, run)
    result: AssessmentResult


def stored_input(session: Session, run: AssessmentRun, methodology: Methodology) -> AssessmentInput:
    """The values a run assessed: its kept copy, or (for runs stored before copies were kept)
    the database's values if they still give the run's input snapshot."""
    kept = store.stored_input(session, run.id)
    if kept is not None:
        return kept
    if run.source != "database":
        raise InputError(f"run {run.id} kept no copy of its input; it cannot be regenerated")
    db_input = input_from_values(_values(session, run.period), methodology, run.period)
    if db_input.snapshot != run.input_snapshot:
        raise InputError(
            f"the stored values changed since run {run.id} (input snapshot "
            f"{db_input.snapshot[:12]} instead of {run.input_snapshot[:12]}) and the run kept "
            "no copy of its input: it cannot be regenerated exactly"
        )
    return db_input.input


def rerun(
    session: Session,
    reference: str | int,
    settings: list[str],
    *,
    label: str | None = None,
    user: str | None = None,
    origin: str = "cli",
    progress: Progress | None = None,
) -> Rerun:
    """COINr's Regen with settings changed: the stored run's methodology with each PATH=VALUE
    applied, on the stored run's input, stored as a new run (same seed and replications unless
    a setting changes `uncertainty.replications`)."""
    started = time.perf_counter()
    previous = store.resolve_run(session, reference)
    methodology = methodology_from_text(previous.methodology_yaml, file=f"run {previous.id}")
    changed, described = apply_settings(methodology, settings)
    inp = stored_input(session, previous, methodology)
    result = run_pipeline(inp, changed)
    sets_n = any(s.strip().startswith("uncertainty.replications") for s in settings)
    n = changed.uncertainty.replications if sets_n else previous.replications
    result = with_uncertainty(inp, result, n, previous.seed, progress)
    note = f"rerun of run {previous.id}: {'; '.join(described) or 'no change'}"
    run = store.save_run(
        session,
        result,
        input_snapshot=previous.input_snapshot,
        period=previous.period,
        max_batch_id=previous.max_batch_id,
        source=previous.source,
        label=(label or note)[:200],
        user=user,
        origin=origin,
        seconds=time.perf_counter() - started,
        input=inp,
    )
    run.note = note
    session.flush()
    table = store.compare_runs(session, previous.id, run.id)
    return Rerun(previous=previous, run=run, settings=described, changes=table, result=result)


def _names(frame: pd.DataFrame) -> pd.Series:
    names = frame.drop_duplicates("settlement_code").set_index("settlement_code")
    return names["settlement_name_en"]


def criteria_from_database(
    session: Session, rules: str | Path = "kz", period: int | None = None
) -> tuple[CriteriaResult, int]:
    """The criteria for every settlement and year up to `period` (exit streaks need the history);
    returns the result and the period (default: the latest year with data)."""
    frame = _values(session, period)
    values = long_values(frame)
    if values.empty:
        raise InputError("there are no indicator values; import data first")
    year = int(values["year"].max()) if period is None else period
    result = evaluate_criteria(values, load_rule_set(rules), sectors=town_sectors(session))
    names = _names(frame)
    shares = synthetic_shares(frame, year)
    for table in (result.detail, result.summary, result.exits):
        table.insert(1, "name", table["unit"].map(names))
    result = replace(
        result,
        detail=with_synthetic_mark(result.detail, shares),
        summary=with_synthetic_mark(result.summary, shares),
        exits=with_synthetic_mark(result.exits, shares),
    )
    return result, year


def warnings_from_database(
    session: Session, period: int | None = None, rules: str | Path | None = None
) -> tuple[pd.DataFrame, int]:
    """Early warnings for `period` (default: the latest year with data), most severe first."""
    frame = _values(session, period)
    values = long_values(frame)
    if values.empty:
        raise InputError("there are no indicator values; import data first")
    year = int(values["year"].max()) if period is None else period
    table = evaluate_warnings(values, load_warning_rules(rules), years=[year])
    table.insert(1, "name", table["unit"].map(_names(frame)))
    return lead_with_real(with_synthetic_mark(table, synthetic_shares(frame, year))), year


def run_results_marked(session: Session, run_id: int) -> pd.DataFrame:
    """A stored run's results, each unit marked `synthetic` when its values for the run's period
    (as stored now) include synthetic demo values, with `synthetic_share`."""
    run = store.get_run(session, run_id)
    results = store.run_results(session, run_id)
    if run.source != "database" or results.empty:
        return with_synthetic_mark(results, pd.Series(dtype=float))
    frame = _values(session, run.period)
    return with_synthetic_mark(results, synthetic_shares(frame, run.period))
