"""Assessment runs shaped for the API and the pages: run summaries, result rows with uncertainty
intervals and group probabilities, a town's explanation, warnings, and how much of a run's input
was synthetic demo data (every result built on it is marked)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from monotown.assess import explain_unit_rows, store, warnings_from_database
from monotown.assess.models import AssessmentRun
from monotown.data.models import IndicatorValue
from monotown.errors import MonotownError
from monotown.program.rows import json_rows, plain

RUN_FIELDS = (
    "id", "created_at", "user", "label", "period", "methodology_name", "methodology_hash",
    "input_snapshot", "n_units", "n_indicators", "replications", "seed", "seconds",
)  # fmt: skip


def synthetic_share(session: Session, run: AssessmentRun) -> float:
    """Share of the values a run could read (its period and earlier, its batches and earlier)
    that are synthetic demo values."""
    query = select(
        func.count(), func.sum(case((IndicatorValue.flag == "synthetic", 1), else_=0))
    ).select_from(IndicatorValue)
    if run.period is not None:
        query = query.where(IndicatorValue.year <= run.period)
    if run.max_batch_id is not None:
        query = query.where(IndicatorValue.batch_id <= run.max_batch_id)
    total, synthetic = session.execute(query).one()
    return float(synthetic or 0) / total if total else 0.0


def run_row(session: Session, run: AssessmentRun) -> dict[str, Any]:
    row = {name: getattr(run, name) for name in RUN_FIELDS}
    row["synthetic_share"] = synthetic_share(session, run)
    return row


def run_list(session: Session) -> list[dict[str, Any]]:
    runs = session.scalars(select(AssessmentRun).order_by(AssessmentRun.id.desc())).all()
    return [run_row(session, run) for run in runs]


def result_rows(session: Session, run_id: int) -> list[dict[str, Any]]:
    """One row per town: index, rank, group, rank interval (5th-95th percentile of the Monte
    Carlo ranks), group probabilities and pillar scores; rank changes against the run before."""
    run = store.get_run(session, run_id)
    frame = store.run_results(session, run.id)
    previous = store.previous_run(session, run)
    rows = json_rows(frame)
    if previous is not None:
        before = {row["unit"]: row for row in json_rows(store.run_results(session, previous.id))}
        for row in rows:
            old = before.get(row["unit"])
            row["rank_previous"] = old["rank"] if old else None
            row["group_previous"] = old["group"] if old else None
            rank, was = row["rank"], row["rank_previous"]
            row["rank_change"] = was - rank if rank is not None and was is not None else None
    return rows


def explanation(session: Session, unit: str, run_id: int | None = None) -> dict[str, Any]:
    """A town's pillar scores against its group's median, strengths and weaknesses."""
    found = explain_unit_rows(session, unit, run_id)
    me, before = found.unit, found.previous
    previous_rank = before.rank if before is not None else None
    return {
        "unit": unit,
        "name": me.name,
        "index": float(me.score) if me.score is not None else None,
        "rank": me.rank,
        "group": me.group,
        "previous_rank": previous_rank,
        "previous_group": before.group if before is not None else None,
        "rank_change": (
            previous_rank - me.rank if previous_rank is not None and me.rank is not None else None
        ),
        "pillars": _plain_rows(found.pillars),
        "strengths": _plain_rows(found.strengths),
        "weaknesses": _plain_rows(found.weaknesses),
        "imputed": list(me.imputed),
    }


def _plain_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: plain(value) for key, value in row.items()} for row in rows]


def warning_rows(
    session: Session, period: int | None = None
) -> tuple[list[dict[str, Any]], int | None]:
    """Early warnings for the latest year with data (most severe first); none without data."""
    try:
        table, year = warnings_from_database(session, period)
    except MonotownError:
        return [], None
    return json_rows(table), year


def latest_groups(session: Session) -> dict[str, str]:
    """Each town's group in the latest run (empty before the first run)."""
    run = store.latest_run(session)
    if run is None:
        return {}
    return {row.unit_code: row.group_name for row in run.results if row.group_name}
