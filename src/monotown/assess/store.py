"""Runs in the database: save a result with its recipe and input snapshot, read runs back as pandas,
compare two runs. Every stored run is recorded in the audit log.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.assess import snapshots
from monotown.assess.explain import Explanation, changes
from monotown.assess.models import AssessmentArtifact, AssessmentResultRow, AssessmentRun
from monotown.assess.pipeline import AssessmentInput, AssessmentResult
from monotown.assess.run_lookup import (
    MAX_ID,
    NO_RUN_YET,
    get_run,
    latest_run,
    previous_run,
    resolve_run,
    resolve_run_and_previous,
)
from monotown.assess.run_summary import explain_stored_unit
from monotown.planner_statistics import keep_statistics
from monotown.records.kinds import Actor
from monotown.records.provenance import audit, current_user

# Finding a run lives in `run_lookup`; its functions stay reachable here, where every caller
# has looked for them (`store.get_run`, `store.resolve_run`, ...).
__all__ = [
    "MAX_ID",
    "NO_RUN_YET",
    "get_run",
    "latest_run",
    "previous_run",
    "resolve_run",
    "resolve_run_and_previous",
]


def _number(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def save_run(
    session: Session,
    result: AssessmentResult,
    *,
    input_snapshot: str,
    period: int | None = None,
    max_batch_id: int | None = None,
    source: str = "database",
    label: str | None = None,
    user: str | None = None,
    origin: str = "cli",
    seconds: float | None = None,
    input: AssessmentInput | None = None,
) -> AssessmentRun:
    """Store a result, its methodology (text and hash) and its input snapshot; audit the write.

    With `input`, the run keeps the input values themselves (so `assess rerun` can regenerate
    it); a Monte Carlo keeps its design, the convergence of its indices and, when kept, the
    scores and ranks of every replication.
    """
    who = user or current_user()
    uncertainty = result.uncertainty
    report = result.prepared.treatment_report
    run = AssessmentRun(
        user=who,
        label=label,
        source=source,
        period=period,
        methodology_name=result.methodology.name,
        methodology_yaml=result.methodology.to_yaml(),
        methodology_hash=result.methodology_hash,
        input_snapshot=input_snapshot,
        max_batch_id=max_batch_id,
        n_units=len(result.index),
        n_indicators=len(result.tree.indicators),
        replications=uncertainty.replications if uncertainty else 0,
        seed=uncertainty.seed if uncertainty else None,
        seconds=seconds,
        weights={k: float(v) for k, v in result.tree.weight.items()},
        dropped=result.prepared.coverage.dropped,
        treatment=[
            {"indicator": code, "treatment": row["treatment"], "winsorised": int(row["winsorised"])}
            for code, row in report.iterrows()
            if row["treatment"] != "none"
        ]
        if not report.empty
        else [],
        sensitivity=sensitivity_records(result),
    )
    _add_artifacts(run, result, input)
    stats = uncertainty.rank_stats if uncertainty is not None else None
    names = result.units.get("name")
    coverage = result.prepared.coverage.unit_coverage
    for unit in result.index.index:
        code = str(unit)
        rank = result.rank.get(unit)
        row = AssessmentResultRow(
            unit_code=code,
            unit_name=str(names.get(unit, code)) if names is not None else code,
            score=_number(result.index.get(unit)),
            rank=None if rank is None or pd.isna(rank) else int(rank),
            group_name=result.group.get(unit),
            coverage=_number(coverage.get(unit)),
            flagged=code in result.prepared.coverage.flagged_units,
            pillars={p: _number(result.aggregates.loc[unit, p]) for p in result.tree.order[:-1]},
            indicators={
                i: _number(result.prepared.normalised.loc[unit, i]) for i in result.tree.indicators
            },
            imputed=[i for i, flag in result.prepared.imputed_mask.loc[unit].items() if bool(flag)],
        )
        if stats is not None:
            row.median_rank = _number(stats.loc[unit, "median_rank"])
            row.rank_p05 = _number(stats.loc[unit, "rank_p05"])
            row.rank_p95 = _number(stats.loc[unit, "rank_p95"])
            row.group_probabilities = {
                name: _number(stats.loc[unit, f"prob_{name}"])
                for name in result.methodology.groups.names
            }
        run.results.append(row)
    session.add(run)
    session.flush()
    audit(
        session,
        Actor(who, origin),
        "run",
        "assessment_run",
        str(run.id),
        new={
            "methodology": run.methodology_name,
            "methodology_hash": run.methodology_hash,
            "input_snapshot": run.input_snapshot,
            "period": period,
            "units": run.n_units,
            "replications": run.replications,
        },
    )
    session.flush()
    keep_statistics(session)  # in the run's transaction: they commit with its results
    return run


REPLICATION_CELLS = 20_000_000


def sensitivity_records(result: AssessmentResult) -> list[dict[str, Any]] | None:
    """The Sobol indices with their intervals, the estimator and each input's alternatives."""
    uncertainty = result.uncertainty
    if uncertainty is None or uncertainty.sensitivity is None:
        return None
    rows = snapshots.records(uncertainty.sensitivity)
    for row in rows:
        row["estimator"] = uncertainty.estimator
        row["replications"] = uncertainty.replications
        row["runs"] = uncertainty.runs
        row["alternatives"] = ", ".join(uncertainty.alternatives.get(str(row["input"]), []))
    return rows


def _add_artifacts(
    run: AssessmentRun, result: AssessmentResult, inp: AssessmentInput | None
) -> None:
    def add(kind: str, media_type: str, rows: int, content: bytes) -> None:
        run.artifacts.append(
            AssessmentArtifact(kind=kind, media_type=media_type, rows=rows, content=content)
        )

    if inp is not None:
        add("input", snapshots.NPZ, len(inp.data), snapshots.input_bytes(inp))
    uncertainty = result.uncertainty
    if uncertainty is None:
        return
    if not uncertainty.design.empty:
        design = uncertainty.design
        add("design", snapshots.CSV_GZ, len(design), snapshots.table_bytes(design))
    if uncertainty.convergence is not None:
        table = uncertainty.convergence
        add("convergence", snapshots.CSV_GZ, len(table), snapshots.table_bytes(table))
    if (
        uncertainty.scores is not None
        and uncertainty.ranks is not None
        and uncertainty.scores.size <= REPLICATION_CELLS
    ):
        content = snapshots.replications_bytes(
            uncertainty.units, uncertainty.scores, uncertainty.ranks
        )
        add("replications", snapshots.NPZ, uncertainty.scores.shape[0], content)


def artifact(session: Session, run_id: int, kind: str) -> AssessmentArtifact | None:
    """One kept table of a run (input, design, replications, convergence), or None."""
    query = select(AssessmentArtifact).where(
        AssessmentArtifact.run_id == run_id, AssessmentArtifact.kind == kind
    )
    return session.scalars(query).first()


def stored_design(session: Session, run_id: int) -> pd.DataFrame | None:
    found = artifact(session, run_id, "design")
    return None if found is None else snapshots.table_from_bytes(found.content)


def stored_convergence(session: Session, run_id: int) -> pd.DataFrame | None:
    found = artifact(session, run_id, "convergence")
    return None if found is None else snapshots.table_from_bytes(found.content)


def stored_replications(session: Session, run_id: int) -> pd.DataFrame | None:
    """Per replication and unit: the design's values, the index score and the rank."""
    found = artifact(session, run_id, "replications")
    if found is None:
        return None
    units, scores, ranks = snapshots.replications_from_bytes(found.content)
    runs = scores.shape[0]
    long = pd.DataFrame(
        {
            "replication": np.repeat(np.arange(1, runs + 1), len(units)),
            "unit": np.tile(np.array(units, dtype=object), runs),
            "score": scores.reshape(-1),
            "rank": ranks.reshape(-1).astype(float),
        }
    )
    design = stored_design(session, run_id)
    return long if design is None else design.merge(long, on="replication", how="right")


def stored_input(session: Session, run_id: int) -> AssessmentInput | None:
    found = artifact(session, run_id, "input")
    return None if found is None else snapshots.input_from_bytes(found.content)


def list_runs(session: Session) -> pd.DataFrame:
    runs = session.scalars(select(AssessmentRun).order_by(AssessmentRun.id.desc())).all()
    return pd.DataFrame(
        [
            {
                "run": r.id,
                "created_at": f"{r.created_at:%Y-%m-%d %H:%M}",
                "user": r.user,
                "period": None if r.period is None else str(r.period),
                "methodology": r.methodology_name,
                "methodology_hash": r.methodology_hash[:12],
                "input_snapshot": r.input_snapshot[:12],
                "units": r.n_units,
                "indicators": r.n_indicators,
                "replications": r.replications,
            }
            for r in runs
        ],
        columns=[
            "run",
            "created_at",
            "user",
            "period",
            "methodology",
            "methodology_hash",
            "input_snapshot",
            "units",
            "indicators",
            "replications",
        ],
    )


def run_results(session: Session, run_id: int) -> pd.DataFrame:
    """One row per unit: index, rank, group, interval, group probabilities, pillar scores.

    Reads only these columns (not the per-indicator scores, the largest part of a result row):
    a national run has thousands of units."""
    get_run(session, run_id)
    result = AssessmentResultRow
    rows = []
    for r in session.execute(
        select(
            result.unit_code,
            result.unit_name,
            result.score,
            result.rank,
            result.group_name,
            result.median_rank,
            result.rank_p05,
            result.rank_p95,
            result.coverage,
            result.flagged,
            result.imputed,
            result.group_probabilities,
            result.pillars,
        ).where(result.run_id == run_id)
    ):
        row: dict[str, Any] = {
            "unit": r.unit_code,
            "name": r.unit_name,
            "index": r.score,
            "rank": r.rank,
            "group": r.group_name,
            "median_rank": r.median_rank,
            "rank_p05": r.rank_p05,
            "rank_p95": r.rank_p95,
            "coverage": r.coverage,
            "flagged": r.flagged,
            "n_imputed": len(r.imputed or []),
        }
        for name, probability in (r.group_probabilities or {}).items():
            row[f"prob_{name}"] = probability
        row.update(r.pillars or {})
        rows.append(row)
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame["rank"] = frame["rank"].astype("Int64")
    return frame.sort_values(["rank", "unit"], na_position="last").reset_index(drop=True)


def unit_scores(session: Session, run_id: int) -> pd.DataFrame:
    """Units x indicators: the normalised indicator scores stored with a run."""
    run = get_run(session, run_id)
    return pd.DataFrame({r.unit_code: r.indicators for r in run.results}).T


def compare_runs(session: Session, run_a: int, run_b: int) -> pd.DataFrame:
    """Rank, index and group change from run_a (earlier) to run_b (later), per unit."""
    return changes(run_results(session, run_b), run_results(session, run_a))


def count_runs(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AssessmentRun)) or 0)


def explain_stored(session: Session, run_id: int, unit: str, *, top: int = 5) -> Explanation:
    """A unit's strengths and weaknesses vs its group's median, from what the run stored (the
    group medians are read once per run: see `run_summary`)."""
    return explain_stored_unit(session, get_run(session, run_id), unit, top=top)
