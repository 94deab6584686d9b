"""What the CLI, the web pages and the reports call: assess stored values, read the latest run
with its per-town explanation, and the criteria and warnings for a period. Database reads happen
here; the computation stays in the pure modules.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.assess import store
from monotown.assess.criteria import CriteriaResult, evaluate_criteria, load_rule_set
from monotown.assess.engine import Progress
from monotown.assess.explain import Explanation
from monotown.assess.inputs import DatabaseInput, input_from_values, long_values
from monotown.assess.methodology import Methodology, load_methodology
from monotown.assess.models import AssessmentRun
from monotown.assess.pipeline import AssessmentResult, run_pipeline
from monotown.assess.uncertainty import run_uncertainty
from monotown.assess.warnings import evaluate_warnings, load_warning_rules
from monotown.errors import InputError
from monotown.registry.models import Enterprise, Settlement, TownFormingLink


@dataclass(frozen=True)
class Assessed:
    result: AssessmentResult
    input: DatabaseInput
    seconds: float


def assess_frame(
    frame: pd.DataFrame,
    methodology: Methodology,
    *,
    period: int | None = None,
    replications: int | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
) -> Assessed:
    """Run the pipeline (and the Monte Carlo if asked) on a values_frame-shaped table."""
    started = time.perf_counter()
    db_input = input_from_values(frame, methodology, period)
    result = run_pipeline(db_input.input, methodology)
    n = methodology.uncertainty.replications if replications is None else replications
    if n:
        mc = run_uncertainty(
            db_input.input, result, replications=n, seed=seed, progress=progress,
            keep_replications=keeps_replications(result, n),
        )  # fmt: skip
        result = replace(result, uncertainty=mc)
    return Assessed(result=result, input=db_input, seconds=time.perf_counter() - started)


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
    rows = {r.unit_code: r for r in previous.results}
    before = rows.get(unit)
    if before is None:
        return replace(explanation, previous_run=previous.id)
    return replace(
        explanation,
        previous_rank=before.rank,
        previous_group=before.group_name,
        previous_run=previous.id,
    )


def _values(session: Session, year_to: int | None = None) -> pd.DataFrame:
    from monotown.data import values_frame

    return values_frame(session, year_to=year_to, period_type="year", include_synthetic=True)


def run_from_database(
    session: Session,
    methodology: Methodology | None = None,
    *,
    period: int | None = None,
    replications: int | None = None,
    seed: int | None = None,
    label: str | None = None,
    user: str | None = None,
    origin: str = "cli",
    progress: Progress | None = None,
) -> tuple[AssessmentRun, Assessed]:
    """Assess the stored values for `period` (default: the latest year with data); store the run."""
    recipe = methodology or load_methodology()
    assessed = assess_frame(
        _values(session, period),
        recipe,
        period=period,
        replications=replications,
        seed=seed,
        progress=progress,
    )
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
    for table in (result.detail, result.summary, result.exits):
        table.insert(1, "name", table["unit"].map(names))
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
    return table, year
