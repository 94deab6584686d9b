"""Summaries of program records: counts, value and jobs of projects, budget execution, contracts,
zones, works and measures, grouped by whatever the caller asks (status, town, region, year ...).

Pure functions over the frames `program.store` loads. Every summary says how many of the records
it summed are synthetic (`synthetic_records`) and, in `basis`, whether its figures are sums of real
records, of synthetic demo records, or of both; the real aggregates stated at government sessions
are in the facts table, never computed here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from monotown.errors import InputError


def basis(synthetic_records: int, records: int) -> str:
    """What a summed figure rests on: 'real records', 'synthetic records', 'mixed' or 'none'."""
    if records == 0:
        return "none"
    if synthetic_records == 0:
        return "real records"
    if synthetic_records == records:
        return "synthetic records"
    return "mixed"


def add_basis(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the `basis` column from `synthetic_records` and `records`."""
    frame = frame.copy()
    frame["basis"] = [
        basis(int(synthetic), int(total))
        for synthetic, total in zip(frame["synthetic_records"], frame["records"], strict=True)
    ]
    return frame


def summarise(
    frame: pd.DataFrame,
    by: Sequence[str],
    sums: Mapping[str, str],
    *,
    allowed: Sequence[str],
    what: str,
) -> pd.DataFrame:
    """Group `frame` by the columns `by` and add up `sums` (output name -> input column).

    Every group gets `records` (rows summed), `synthetic_records` and `basis`. Unknown group values
    (no sector, no town) form their own group instead of being dropped. A sum over a group whose
    values are all unknown is unknown (NA), not zero.
    """
    check_by(by, allowed, what)
    keys = list(by)
    work = frame.copy()
    work["records"] = 1
    work["synthetic_records"] = work["synthetic"].astype(bool).astype(int)
    columns = [*keys, "records", *sums, "synthetic_records", "basis"]
    if work.empty:
        return pd.DataFrame(columns=columns)
    for name, source in sums.items():
        work[name] = pd.to_numeric(work[source]).astype("Float64")
    aggregations: dict[str, Any] = {"records": "sum", "synthetic_records": "sum"}
    aggregations.update({name: lambda s: s.sum(min_count=1) for name in sums})
    if keys:
        grouped = work.groupby(keys, dropna=False, sort=True).agg(aggregations).reset_index()
    else:
        grouped = pd.DataFrame([{name: _total(work, name, name in sums) for name in aggregations}])
    return add_basis(grouped)[columns]


def _total(frame: pd.DataFrame, column: str, nullable: bool) -> Any:
    return frame[column].sum(min_count=1) if nullable else int(frame[column].sum())


def check_by(by: Sequence[str], allowed: Sequence[str], what: str) -> None:
    """Refuse a grouping the summary does not offer, naming those it does."""
    for key in by:
        if key not in allowed:
            raise InputError(
                f"{what} can be grouped by {', '.join(allowed)}", field="by", value=key
            )
    if len(set(by)) != len(by):
        raise InputError("names the same grouping twice", field="by", value=", ".join(by))


PROJECT_GROUPS = ("status", "kind", "town", "region", "sector", "start_year", "investor")
BUDGET_GROUPS = ("year", "budget_source", "town", "region", "plan", "purpose")
CONTRACT_GROUPS = ("kind", "year", "town", "region", "buyer")
ZONE_GROUPS = ("status", "town", "region")
WORK_GROUPS = ("kind", "status", "town", "region")
MEASURE_GROUPS = ("plan", "status", "town", "region", "responsible")


def project_summary(frame: pd.DataFrame, by: Sequence[str] = ("status",)) -> pd.DataFrame:
    """Projects per group: how many, their value (tenge), planned and actual jobs."""
    return summarise(
        frame,
        by,
        {"value_kzt": "value_kzt", "planned_jobs": "planned_jobs", "actual_jobs": "actual_jobs"},
        allowed=PROJECT_GROUPS,
        what="projects",
    )


def budget_execution(frame: pd.DataFrame, by: Sequence[str] = ("year",)) -> pd.DataFrame:
    """Budget per group: planned, allocated, disbursed and execution = disbursed / allocated (%).

    Execution is computed over the lines that have both figures, so a line with an unknown
    disbursement does not count as unspent; it is unknown where no line has both.
    """
    work = frame.copy()
    both = work["allocated_kzt"].notna() & work["disbursed_kzt"].notna()
    work["allocated_with_disbursed"] = work["allocated_kzt"].where(both)
    work["disbursed_with_allocated"] = work["disbursed_kzt"].where(both)
    summary = summarise(
        work,
        by,
        {
            "planned_kzt": "planned_kzt",
            "allocated_kzt": "allocated_kzt",
            "disbursed_kzt": "disbursed_kzt",
            "_allocated": "allocated_with_disbursed",
            "_disbursed": "disbursed_with_allocated",
        },
        allowed=BUDGET_GROUPS,
        what="budget lines",
    )
    allocated = summary["_allocated"].astype("Float64")
    ratio = summary["_disbursed"].astype("Float64") / allocated.where(allocated > 0)
    summary.insert(list(summary.columns).index("_allocated"), "execution_pct", ratio * 100)
    return summary.drop(columns=["_allocated", "_disbursed"])


def contract_summary(frame: pd.DataFrame, by: Sequence[str] = ("year",)) -> pd.DataFrame:
    """Contracts per group: how many and their value (tenge)."""
    return summarise(
        frame, by, {"value_kzt": "value_kzt"}, allowed=CONTRACT_GROUPS, what="contracts"
    )


def zone_summary(frame: pd.DataFrame, by: Sequence[str] = ("status",)) -> pd.DataFrame:
    """Industrial zones per group: how many, their area (ha) and tenants."""
    return summarise(
        frame, by, {"area_ha": "area_ha", "tenants": "tenants"}, allowed=ZONE_GROUPS, what="zones"
    )


def work_summary(frame: pd.DataFrame, by: Sequence[str] = ("kind",)) -> pd.DataFrame:
    """Infrastructure works per group: how many, people served and cost (tenge)."""
    return summarise(
        frame,
        by,
        {"people_served": "people_served", "cost_kzt": "cost_kzt"},
        allowed=WORK_GROUPS,
        what="works",
    )


def measure_summary(frame: pd.DataFrame, by: Sequence[str] = ("plan",)) -> pd.DataFrame:
    """Plan measures per group: how many, their cost, and how many are overdue.

    `frame` must already carry the derived `status` (see `deadlines.with_deadline_status`).
    """
    work = frame.copy()
    work["overdue_flag"] = (work["status"] == "overdue").astype(int)
    work["done_flag"] = (work["status"] == "done").astype(int)
    summary = summarise(
        work,
        by,
        {"cost_kzt": "cost_kzt", "done": "done_flag", "overdue": "overdue_flag"},
        allowed=MEASURE_GROUPS,
        what="measures",
    )
    for column in ("done", "overdue"):
        summary[column] = summary[column].fillna(0).astype(int)
    return summary


def with_total(summary: pd.DataFrame, overall: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """`summary` with a last row 'total': `overall` is the same summary with no grouping, so
    ratios such as execution are computed over all records, not added up."""
    if summary.empty or overall.empty or not by:
        return summary
    total = overall.iloc[0].to_dict()
    for index, key in enumerate(by):
        total[key] = "total" if index == 0 else None
    frame = pd.concat([summary.astype(object), pd.DataFrame([total]).astype(object)])
    return frame.reset_index(drop=True)[list(summary.columns)]
