"""Explaining one town of a stored run without reading the whole run on every request.

An explanation compares a town with the median of its group, so it needs every member of the
group; at national scale that is thousands of stored rows. A stored run never changes (its results
are written once with it and only ever deleted with it), so what all explanations of a run share —
its index tree with the run's weights and each group's medians — is read once per process and kept
in a small memo keyed by the run's identity (id, creation time, methodology and input hashes: a run
deleted and another stored under the same id is another key). Per request only the town's own row
is read, by the unique (run, unit) key.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from monotown.assess.explain import Explanation
from monotown.assess.methodology_files import methodology_from_text
from monotown.assess.models import AssessmentResultRow, AssessmentRun
from monotown.assess.tree import Tree, build_tree
from monotown.errors import NotFoundError

MEMO_RUNS = 8  # summaries kept per process (a few kilobytes each)


@dataclass(frozen=True)
class RunSummary:
    """What every explanation of one run shares."""

    tree: Tree
    share: dict[str, float]  # each indicator's effective weight in the index
    indicator_medians: dict[str | None, dict[str, float]]  # group -> indicator -> median score
    pillar_medians: dict[str | None, dict[str, float]]  # group -> pillar -> median score


@dataclass(frozen=True)
class UnitResult:
    """One unit's stored row of a run, as plain values."""

    unit: str
    name: str
    score: float | None
    rank: int | None
    group: str | None
    pillars: dict[str, Any]
    indicators: dict[str, Any]
    imputed: list[str]


_memo: OrderedDict[tuple[Any, ...], RunSummary] = OrderedDict()
_memo_lock = threading.Lock()


def run_identity(run: AssessmentRun) -> tuple[Any, ...]:
    return (run.id, run.created_at, run.methodology_hash, run.input_snapshot, run.n_units)


# Built once (a statement made per request costs more CPU than running it).
_UNIT_ROW = select(
    AssessmentResultRow.unit_code,
    AssessmentResultRow.unit_name,
    AssessmentResultRow.score,
    AssessmentResultRow.rank,
    AssessmentResultRow.group_name,
    AssessmentResultRow.pillars,
    AssessmentResultRow.indicators,
    AssessmentResultRow.imputed,
).where(
    AssessmentResultRow.run_id == bindparam("run"),
    AssessmentResultRow.unit_code == bindparam("unit"),
)


def unit_result(session: Session, run_id: int, unit: str) -> UnitResult | None:
    """A unit's row of a run (a point query on the unique key), or None."""
    row = session.execute(_UNIT_ROW, {"run": run_id, "unit": unit}).first()
    if row is None:
        return None
    code, name, score, rank, group, pillars, indicators, imputed = row
    return UnitResult(
        code, name, score, rank, group, pillars or {}, indicators or {}, list(imputed or [])
    )


def run_summary(session: Session, run: AssessmentRun) -> RunSummary:
    """The run's tree and group medians, from the memo or read once (all rows of the run)."""
    key = run_identity(run)
    with _memo_lock:
        found = _memo.get(key)
        if found is not None:
            _memo.move_to_end(key)
            return found
    summary = _summarise(session, run)
    with _memo_lock:
        _memo[key] = summary
        while len(_memo) > MEMO_RUNS:
            _memo.popitem(last=False)
    return summary


def _summarise(session: Session, run: AssessmentRun) -> RunSummary:
    rows = session.execute(
        select(
            AssessmentResultRow.unit_code,
            AssessmentResultRow.group_name,
            AssessmentResultRow.pillars,
            AssessmentResultRow.indicators,
        ).where(AssessmentResultRow.run_id == run.id)
    ).all()
    units = [row[0] for row in rows]
    groups = pd.Series([row[1] for row in rows], index=units, dtype=object)
    scores = pd.DataFrame({row[0]: row[3] for row in rows}).T.astype(float)
    pillar_scores = pd.DataFrame({row[0]: row[2] for row in rows}).T.astype(float)
    methodology = methodology_from_text(run.methodology_yaml, file=f"run {run.id}")
    tree = build_tree(methodology, list(scores.columns))
    tree = type(tree)(**{**tree.__dict__, "weight": {**tree.weight, **(run.weights or {})}})
    indicator_medians: dict[str | None, dict[str, float]] = {}
    pillar_medians: dict[str | None, dict[str, float]] = {}
    for group in dict.fromkeys(groups.tolist()):
        members = groups.index[groups.isna()] if group is None else groups.index[groups == group]
        indicator_medians[group] = _floats(scores.loc[members].median())
        pillar_medians[group] = _floats(pillar_scores.loc[members].median())
    return RunSummary(tree, tree.effective_weights(), indicator_medians, pillar_medians)


def _floats(series: pd.Series) -> dict[str, float]:
    return {str(key): float(value) for key, value in series.items()}


def _number(value: Any) -> float:
    return math.nan if value is None else float(value)


@dataclass(frozen=True)
class UnitExplanation:
    """A unit's explanation as plain rows (NaN where a score is unknown)."""

    unit: UnitResult
    pillars: list[dict[str, Any]]  # pillar, name, score, group_median, difference
    strengths: list[dict[str, Any]]  # indicator, pillar, score, group_median, contribution
    weaknesses: list[dict[str, Any]]
    previous: UnitResult | None = None  # the unit in the run before, if it was in it
    previous_run: int | None = None


PILLAR_COLUMNS = ("pillar", "name", "score", "group_median", "difference")
FACTOR_COLUMNS = ("indicator", "pillar", "score", "group_median", "contribution")


def explain_rows(
    session: Session, run: AssessmentRun, unit: str, *, top: int = 5
) -> UnitExplanation:
    """A unit's pillar scores against its group's median and the indicators that pull it
    furthest above (strengths) and below (weaknesses) it, from what the run stored."""
    me = unit_result(session, run.id, unit)
    if me is None:
        raise NotFoundError(f"no unit '{unit}' in assessment run {run.id}")
    summary = run_summary(session, run)
    tree = summary.tree
    medians = summary.indicator_medians[me.group]
    factors: list[dict[str, Any]] = []
    for code in tree.indicators:
        score, median = _number(me.indicators.get(code)), medians.get(code, math.nan)
        contribution = (score - median) * summary.share.get(code, math.nan)
        factors.append(
            {"indicator": code, "pillar": tree.parent[code], "score": score,
             "group_median": median, "contribution": contribution}
        )  # fmt: skip
    ranked = sorted(
        (row for row in factors if not math.isnan(row["contribution"])),
        key=lambda row: float(row["contribution"]),
    )
    pillar_medians = summary.pillar_medians[me.group]
    pillars: list[dict[str, Any]] = []
    for pillar in tree.pillars:
        score, median = _number(me.pillars.get(pillar)), pillar_medians[pillar]
        pillars.append(
            {"pillar": pillar, "name": tree.names.get(pillar, pillar), "score": score,
             "group_median": median, "difference": score - median}
        )  # fmt: skip
    return UnitExplanation(
        unit=me,
        pillars=pillars,
        strengths=[row for row in reversed(ranked) if row["contribution"] > 0][:top],
        weaknesses=[row for row in ranked if row["contribution"] < 0][:top],
    )


def explain_stored_unit(
    session: Session, run: AssessmentRun, unit: str, *, top: int = 5
) -> Explanation:
    """`explain_rows` as an Explanation (tables as data frames)."""
    found = explain_rows(session, run, unit, top=top)
    me = found.unit
    return Explanation(
        unit=unit,
        name=me.name,
        index=float(me.score) if me.score is not None else float("nan"),
        rank=me.rank,
        group=me.group,
        pillars=pd.DataFrame(found.pillars, columns=list(PILLAR_COLUMNS)),
        strengths=pd.DataFrame(found.strengths, columns=list(FACTOR_COLUMNS)),
        weaknesses=pd.DataFrame(found.weaknesses, columns=list(FACTOR_COLUMNS)),
        imputed=me.imputed,
    )
