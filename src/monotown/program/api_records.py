"""The Python API for program records and their summaries: projects, budget, contracts, zones,
works, plans and measures. Each function takes a session and returns a pandas DataFrame.

Filters take names in any language (towns, regions) and the vocabulary of `program.vocabulary`
(statuses, kinds); a value outside it is an InputError naming the valid ones. Summaries take `by`,
a sequence of grouping columns, and `total=True` appends a 'total' row computed over all records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from monotown.errors import InputError
from monotown.program import deadlines, store, summaries
from monotown.program.filters import filter_frame
from monotown.program.vocabulary import (
    BUDGET_SOURCES,
    CONTRACT_KINDS,
    MEASURE_STATUSES,
    PLAN_KINDS,
    PROJECT_KINDS,
    PROJECT_STATUSES,
    WORK_KINDS,
    WORK_STATUSES,
    ZONE_STATUSES,
)

Summary = Callable[[pd.DataFrame, Sequence[str]], pd.DataFrame]


def _select(
    session: Session,
    frame: pd.DataFrame,
    *,
    town: str | None = None,
    region: str | None = None,
    synthetic: bool | None = None,
    equals: dict[str, tuple[Any, Sequence[str] | None]] | None = None,
) -> pd.DataFrame:
    frame = filter_frame(session, frame, town=town, region=region, synthetic=synthetic)
    for column, (value, options) in (equals or {}).items():
        if value is None:
            continue
        if options is not None and value not in options:
            raise InputError(f"must be one of {', '.join(options)}", field=column, value=value)
        frame = frame[frame[column] == value]
    # Real records lead, demo ones follow, each in their stored order.
    order = frame["synthetic"].astype(bool).to_numpy().argsort(kind="stable")
    return frame.iloc[order].reset_index(drop=True)


def _summary(
    function: Summary, frame: pd.DataFrame, by: Sequence[str], total: bool
) -> pd.DataFrame:
    result = function(frame, list(by))
    if total:
        result = summaries.with_total(result, function(frame, []), list(by))
    return result


def projects(
    session: Session,
    *,
    town: str | None = None,
    region: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    sector: str | None = None,
    synthetic: bool | None = None,
) -> pd.DataFrame:
    """Projects with their current status (the latest dated entry of their history)."""
    return _select(
        session,
        store.projects_frame(session),
        town=town,
        region=region,
        synthetic=synthetic,
        equals={
            "status": (status, PROJECT_STATUSES),
            "kind": (kind, PROJECT_KINDS),
            "sector": (sector, None),
        },
    )


def projects_summary(
    session: Session,
    by: Sequence[str] = ("status",),
    *,
    total: bool = False,
    **filters: Any,
) -> pd.DataFrame:
    """Projects per group (status, kind, town, region, sector, start_year, investor): `records`,
    `value_kzt`, `planned_jobs`, `actual_jobs`, `synthetic_records`, `basis`. Filters as
    `projects()`; e.g. `projects_summary(s, by=["status"], kind="anchor")`."""
    return _summary(summaries.project_summary, projects(session, **filters), by, total)


def project_history(session: Session, code: str) -> pd.DataFrame:
    """The dated status history of one project, oldest first."""
    frame = store.project_history_frame(session)
    return frame[frame["project"] == code].reset_index(drop=True)


def budget_lines(
    session: Session,
    *,
    year_from: int | None = None,
    year_to: int | None = None,
    budget_source: str | None = None,
    town: str | None = None,
    region: str | None = None,
    plan: str | None = None,
    synthetic: bool | None = None,
) -> pd.DataFrame:
    """Budget lines, optionally for a span of years, one source, town, region or plan."""
    frame = _select(
        session,
        store.budget_frame(session),
        town=town,
        region=region,
        synthetic=synthetic,
        equals={"budget_source": (budget_source, BUDGET_SOURCES), "plan": (plan, None)},
    )
    if year_from is not None:
        frame = frame[frame["year"] >= year_from]
    if year_to is not None:
        frame = frame[frame["year"] <= year_to]
    return frame.reset_index(drop=True)


def budget_execution(
    session: Session,
    by: Sequence[str] = ("year", "budget_source"),
    *,
    total: bool = False,
    **filters: Any,
) -> pd.DataFrame:
    """Budget per group (year, budget_source, town, region, plan, purpose): planned, allocated,
    disbursed and `execution_pct` = disbursed / allocated x 100. Filters as `budget_lines()`."""
    return _summary(summaries.budget_execution, budget_lines(session, **filters), by, total)


def contracts(
    session: Session,
    *,
    kind: str | None = None,
    year: int | None = None,
    town: str | None = None,
    region: str | None = None,
    synthetic: bool | None = None,
) -> pd.DataFrame:
    """Offtake and long-term contracts (with the year they were signed)."""
    return _select(
        session,
        store.contracts_frame(session),
        town=town,
        region=region,
        synthetic=synthetic,
        equals={"kind": (kind, CONTRACT_KINDS), "year": (year, None)},
    )


def contracts_summary(
    session: Session, by: Sequence[str] = ("year",), *, total: bool = False, **filters: Any
) -> pd.DataFrame:
    """Contracts per group (kind, year, town, region, buyer): `records` and `value_kzt`."""
    return _summary(summaries.contract_summary, contracts(session, **filters), by, total)


def zones(
    session: Session,
    *,
    status: str | None = None,
    town: str | None = None,
    region: str | None = None,
    synthetic: bool | None = None,
) -> pd.DataFrame:
    """Industrial zones."""
    return _select(
        session,
        store.zones_frame(session),
        town=town,
        region=region,
        synthetic=synthetic,
        equals={"status": (status, ZONE_STATUSES)},
    )


def zones_summary(
    session: Session, by: Sequence[str] = ("status",), *, total: bool = False, **filters: Any
) -> pd.DataFrame:
    """Industrial zones per group (status, town, region): `records`, `area_ha`, `tenants`."""
    return _summary(summaries.zone_summary, zones(session, **filters), by, total)


def works(
    session: Session,
    *,
    kind: str | None = None,
    status: str | None = None,
    town: str | None = None,
    region: str | None = None,
    synthetic: bool | None = None,
) -> pd.DataFrame:
    """Infrastructure works (CHP repairs, boilers, turbines, networks, gasification)."""
    return _select(
        session,
        store.works_frame(session),
        town=town,
        region=region,
        synthetic=synthetic,
        equals={"kind": (kind, WORK_KINDS), "status": (status, WORK_STATUSES)},
    )


def works_summary(
    session: Session, by: Sequence[str] = ("kind",), *, total: bool = False, **filters: Any
) -> pd.DataFrame:
    """Works per group (kind, status, town, region): `records`, `people_served`, `cost_kzt`."""
    return _summary(summaries.work_summary, works(session, **filters), by, total)


def plans(
    session: Session,
    *,
    kind: str | None = None,
    town: str | None = None,
    synthetic: bool | None = None,
) -> pd.DataFrame:
    """Programs and plans, with how many measures each has and what they cost together.

    `synthetic_measures` says how many of those measures are demo records and `basis` whether
    the counts and costs are sums of real, synthetic or mixed records; with `synthetic` given,
    only the plans and measures of that kind are counted."""
    frame = _select(
        session,
        store.plans_frame(session),
        town=town,
        synthetic=synthetic,
        equals={"kind": (kind, PLAN_KINDS)},
    )
    measures = store.measures_frame(session)
    if synthetic is not None:
        measures = measures[measures["synthetic"] == synthetic]
    counts = measures.groupby("plan").agg(
        measures=("code", "count"),
        measures_cost_kzt=("cost_kzt", lambda s: s.sum(min_count=1)),
        synthetic_measures=("synthetic", "sum"),
    )
    frame = frame.join(counts, on="code")
    frame["measures"] = frame["measures"].fillna(0).astype(int)
    frame["synthetic_measures"] = frame["synthetic_measures"].fillna(0).astype(int)
    frame["basis"] = [
        summaries.basis(int(demo), int(total))
        for total, demo in zip(frame["measures"], frame["synthetic_measures"], strict=True)
    ]
    return frame


def measures(
    session: Session,
    *,
    today: dt.date | None = None,
    plan: str | None = None,
    town: str | None = None,
    region: str | None = None,
    status: str | None = None,
    overdue: bool = False,
    due_within: int | None = None,
    synthetic: bool | None = None,
) -> pd.DataFrame:
    """Plan measures with `status` derived on `today` (overdue when not done by the deadline)."""
    today = today or dt.date.today()
    frame = deadlines.with_deadline_status(store.measures_frame(session), today)
    statuses = (*MEASURE_STATUSES, "overdue")
    frame = _select(
        session,
        frame,
        town=town,
        region=region,
        synthetic=synthetic,
        equals={"plan": (plan, None), "status": (status, statuses)},
    )
    return deadlines.select_due(frame, today, overdue=overdue, due_within=due_within)


def measures_summary(
    session: Session,
    by: Sequence[str] = ("plan",),
    *,
    total: bool = False,
    **filters: Any,
) -> pd.DataFrame:
    """Measures per group (plan, status, town, region, responsible): `records`, `cost_kzt`,
    `done`, `overdue` (on `today`, default the real date). Filters as `measures()`."""
    return _summary(summaries.measure_summary, measures(session, **filters), by, total)
