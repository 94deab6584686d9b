"""The Python API for program records and their summaries: projects, budget, contracts, zones,
works, plans and measures. Each function takes a session and returns a pandas DataFrame.

Filters take names in any language (towns, regions) and the vocabulary of `program.vocabulary`
(statuses, kinds); a value outside it is an InputError naming the valid ones. Summaries take `by`,
a sequence of grouping columns, and `total=True` appends a 'total' row computed over all records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from monotown.errors import InputError
from monotown.program import cited, deadlines, store, summaries
from monotown.program.entities import get_entity
from monotown.program.filters import filter_frame, real_first

Summary = Callable[[pd.DataFrame, Sequence[str]], pd.DataFrame]


def column_filters(entity: str, *names: str) -> dict[str, Sequence[str] | None]:
    """Filters on columns of `entity`, each with the vocabulary its column accepts on import
    (None: free text), so a list and an import agree on the words."""
    return {name: get_entity(entity).column(name).choices for name in names}


def _summary(
    function: Summary, frame: pd.DataFrame, by: Sequence[str], total: bool
) -> pd.DataFrame:
    result = function(frame, list(by))
    if total:
        result = summaries.with_total(result, function(frame, []), list(by))
    return result


@dataclass(frozen=True)
class RecordQuery:
    """One kind's records from its stored frame, filtered by town, region, the real/synthetic
    flag and equality filters (`choices`: a filter and its vocabulary, None for free text).
    `bounds` are filters that bound a column from below or above: the filter's name -> the
    column and "from" or "to" (e.g. `year_from` -> ("year", "from")).
    `cited` rows carry the event and sentence they were taken from, sorted by code."""

    entity: str
    choices: dict[str, Sequence[str] | None]
    about: str
    cited: bool = False
    bounds: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def __name__(self) -> str:
        return self.entity

    def __call__(
        self,
        session: Session,
        *,
        town: str | None = None,
        region: str | None = None,
        synthetic: bool | None = None,
        **filters: Any,
    ) -> pd.DataFrame:
        known = [*self.choices, *self.bounds]
        unknown = sorted(set(filters) - set(known))
        if unknown:
            raise InputError(f"is not a filter here; use {', '.join(known)}", field=unknown[0])
        equals = {name: (filters.get(name), options) for name, options in self.choices.items()}
        frame = store.entity_frame(session, self.entity)
        frame = filter_frame(
            session, frame, town=town, region=region, synthetic=synthetic, equals=equals
        )
        for name, (column, side) in self.bounds.items():
            bound = filters.get(name)
            if bound is not None:
                frame = frame[frame[column] >= bound if side == "from" else frame[column] <= bound]
        frame = real_first(frame)
        if not self.cited:
            return frame
        frame = cited.with_sources(session, frame, self.entity)
        return frame.sort_values(["synthetic", "code"], ignore_index=True)


@dataclass(frozen=True)
class RecordSummary:
    """Records of a `RecordQuery` per group (`by`), with an optional 'total' row."""

    records: RecordQuery
    summarise: Summary
    default_by: tuple[str, ...]
    about: str

    @property
    def __name__(self) -> str:
        return getattr(self.summarise, "__name__", "summary")

    def __call__(
        self,
        session: Session,
        by: Sequence[str] | None = None,
        *,
        total: bool = False,
        **filters: Any,
    ) -> pd.DataFrame:
        chosen = self.default_by if by is None else by
        return _summary(self.summarise, self.records(session, **filters), chosen, total)


projects = RecordQuery(
    "projects",
    column_filters("projects", "status", "kind", "sector"),
    "Projects with their current status (the latest dated entry of their history).",
)
projects_summary = RecordSummary(
    projects, summaries.project_summary, ("status",),
    "Projects per group (status, kind, town, region, sector, start_year, investor): `records`, "
    "`value_kzt`, `planned_jobs`, `actual_jobs`, `synthetic_records`, `basis`; e.g. "
    "`projects_summary(s, by=['status'], kind='anchor')`.",
)  # fmt: skip
contracts = RecordQuery(
    "contracts", {**column_filters("contracts", "kind"), "year": None},
    "Offtake and long-term contracts (with the year they were signed).",
)  # fmt: skip
contracts_summary = RecordSummary(
    contracts, summaries.contract_summary, ("year",),
    "Contracts per group (kind, year, town, region, buyer): `records` and `value_kzt`.",
)  # fmt: skip
zones = RecordQuery("zones", column_filters("zones", "status"), "Industrial zones.")
zones_summary = RecordSummary(
    zones, summaries.zone_summary, ("status",),
    "Industrial zones per group (status, town, region): `records`, `area_ha`, `tenants`.",
)  # fmt: skip
works = RecordQuery(
    "works", column_filters("works", "kind", "status"),
    "Infrastructure works (CHP repairs, boilers, turbines, networks, gasification).",
)  # fmt: skip
works_summary = RecordSummary(
    works, summaries.work_summary, ("kind",),
    "Works per group (kind, status, town, region): `records`, `people_served`, `cost_kzt`.",
)  # fmt: skip


def project_history(session: Session, code: str) -> pd.DataFrame:
    """The dated status history of one project, oldest first."""
    frame = store.entity_frame(session, "project_statuses")
    return frame[frame["project"] == code].reset_index(drop=True)


budget_lines = RecordQuery(
    "budget", column_filters("budget", "budget_source", "plan"),
    "Budget lines, optionally for a span of years (`year_from`, `year_to`), one source, town, "
    "region or plan.",
    bounds={"year_from": ("year", "from"), "year_to": ("year", "to")},
)  # fmt: skip
budget_execution = RecordSummary(
    budget_lines, summaries.budget_execution, ("year", "budget_source"),
    "Budget per group (year, budget_source, town, region, plan, purpose): planned, allocated, "
    "disbursed and `execution_pct` = disbursed / allocated x 100. Filters as `budget_lines()`.",
)  # fmt: skip


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
    frame = filter_frame(
        session,
        store.entity_frame(session, "plans"),
        town=town,
        synthetic=synthetic,
        equals={"kind": (kind, get_entity("plans").column("kind").choices)},
    )
    measures = store.entity_frame(session, "measures")
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
    return real_first(frame)


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
    frame = deadlines.with_deadline_status(store.entity_frame(session, "measures"), today)
    statuses = (*(get_entity("measures").column("status").choices or ()), "overdue")
    frame = filter_frame(
        session,
        frame,
        town=town,
        region=region,
        synthetic=synthetic,
        equals={"plan": (plan, None), "status": (status, statuses)},
    )
    return deadlines.select_due(real_first(frame), today, overdue=overdue, due_within=due_within)


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
