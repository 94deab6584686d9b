"""The headline figures side by side: what was stated at government sessions (real aggregates)
and what the stored records add up to (and whether those records are real or synthetic).

This is how a briefing tells a fact from a demo sum: `fact_value` comes from the facts table with
its event and source; `records_value` is computed from records, and `basis` says whether
those records are real, synthetic or mixed. Pure functions over the store's frames.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from monotown.program.summaries import basis

OVERVIEW_COLUMNS = [
    "figure",
    "unit",
    "fact_value",
    "fact_note",
    "fact_as_of",
    "fact_event",
    "fact_source",
    "fact_citation",
    "fact_quote",
    "records_value",
    "records",
    "synthetic_records",
    "basis",
]

CDP_PREFIX = "cdp-2023-2027-"  # codes of the six comprehensive plans in resources/program/plans.csv
Frames = dict[str, pd.DataFrame]
Selector = Callable[[Frames], tuple[pd.DataFrame, str | None]]


@dataclass(frozen=True)
class Figure:
    """One headline figure: the fact that states it and how records add up to it."""

    label: str
    unit: str
    fact: tuple[str, str, str]  # as_of, topic, metric
    select: Selector  # the records that make up the figure, and the column to add (None: count)


def _anchor(status: str | None = None) -> Selector:
    def select(frames: Frames) -> tuple[pd.DataFrame, str | None]:
        projects = frames["projects"]
        chosen = projects[projects["kind"] == "anchor"]
        if status:
            chosen = chosen[chosen["status"] == status]
        return chosen, None

    return select


def _anchor_sum(column: str) -> Selector:
    def select(frames: Frames) -> tuple[pd.DataFrame, str | None]:
        projects = frames["projects"]
        return projects[projects["kind"] == "anchor"], column

    return select


def _investment(column: str | None, year: int = 2024) -> Selector:
    """Investment projects under way in `year`: started by then (a project with no known start,
    such as one a text names only at its launch, is not counted in a figure for that year)."""

    def select(frames: Frames) -> tuple[pd.DataFrame, str | None]:
        projects = frames["projects"]
        chosen = projects[projects["kind"] == "investment"]
        started = chosen["start_year"].fillna(year + 1) <= year
        return chosen[started.astype(bool)], column

    return select


def _budget(years: tuple[int, int], column: str, source: str | None = None) -> Selector:
    def select(frames: Frames) -> tuple[pd.DataFrame, str | None]:
        lines = frames["budget"]
        chosen = lines[(lines["year"] >= years[0]) & (lines["year"] <= years[1])]
        if source:
            chosen = chosen[chosen["budget_source"] == source]
        return chosen, column

    return select


def _plan_measures(column: str | None) -> Selector:
    def select(frames: Frames) -> tuple[pd.DataFrame, str | None]:
        measures = frames["measures"]
        in_plans = [
            isinstance(code, str) and code.startswith(CDP_PREFIX) for code in measures["plan"]
        ]
        return measures[pd.Series(in_plans, index=measures.index, dtype=bool)], column

    return select


def _works(kind: str, column: str | None) -> Selector:
    def select(frames: Frames) -> tuple[pd.DataFrame, str | None]:
        works = frames["works"]
        return works[works["kind"] == kind], column

    return select


FIGURES = (
    Figure("anchor projects", "projects", ("2024", "anchor_projects", "projects"), _anchor()),
    Figure(
        "anchor projects: value",
        "KZT",
        ("2024", "anchor_projects", "value"),
        _anchor_sum("value_kzt"),
    ),
    Figure(
        "anchor projects: planned jobs",
        "jobs",
        ("2024", "anchor_projects", "planned_jobs"),
        _anchor_sum("planned_jobs"),
    ),
    Figure(
        "anchor projects operating",
        "projects",
        ("2024", "anchor_projects", "operating"),
        _anchor("operating"),
    ),
    Figure(
        "anchor projects under implementation",
        "projects",
        ("2024", "anchor_projects", "under_implementation"),
        _anchor("under_implementation"),
    ),
    Figure(
        "anchor projects idle", "projects", ("2024", "anchor_projects", "idle"), _anchor("idle")
    ),
    Figure(
        "investment projects", "projects", ("2024", "investment", "projects"), _investment(None)
    ),
    Figure(
        "investment projects: value",
        "KZT",
        ("2024", "investment", "value"),
        _investment("value_kzt"),
    ),
    Figure(
        "budget allocated 2019-2023",
        "KZT",
        ("2019-2023", "budget", "allocated"),
        _budget((2019, 2023), "allocated_kzt"),
    ),
    Figure(
        "of which national budget",
        "KZT",
        ("2019-2023", "budget", "allocated_national_budget"),
        _budget((2019, 2023), "allocated_kzt", "national"),
    ),
    Figure(
        "budget planned 2024",
        "KZT",
        ("2024", "budget", "planned"),
        _budget((2024, 2024), "planned_kzt"),
    ),
    Figure(
        "of which national budget (2024)",
        "KZT",
        ("2024", "budget", "planned_national_budget"),
        _budget((2024, 2024), "planned_kzt", "national"),
    ),
    Figure(
        "measures of the 2023-2027 comprehensive plans",
        "measures",
        ("2023-2027", "plans", "measures"),
        _plan_measures(None),
    ),
    Figure(
        "cost of the 2023-2027 comprehensive plans",
        "KZT",
        ("2023-2027", "plans", "cost"),
        _plan_measures("cost_kzt"),
    ),
    Figure(
        "boilers to repair",
        "boilers",
        ("2024", "infrastructure", "boilers_to_repair"),
        _works("boiler", None),
    ),
    Figure(
        "turbines to repair",
        "turbines",
        ("2024", "infrastructure", "turbines_to_repair"),
        _works("turbine", None),
    ),
    Figure(
        "people to be served by gas",
        "persons",
        ("2024", "infrastructure", "people_to_be_served_by_gas"),
        _works("gasification", "people_served"),
    ),
)


def program_overview(frames: Frames) -> pd.DataFrame:
    """One row per headline figure: the stated fact (if stored) and the sum of stored records.

    `frames` holds the store's frames 'facts', 'projects', 'budget', 'measures' and 'works'.
    """
    facts = frames["facts"]
    rows = []
    for figure in FIGURES:
        as_of, topic, metric = figure.fact
        match = facts[
            (facts["as_of"] == as_of) & (facts["topic"] == topic) & (facts["metric"] == metric)
        ]
        fact = match.iloc[0] if not match.empty else None
        chosen, column = figure.select(frames)
        records = len(chosen)
        synthetic = int(chosen["synthetic"].astype(bool).sum()) if records else 0
        if column is None:
            value: float | None = float(records)
        else:
            total = pd.to_numeric(chosen[column]).sum(min_count=1) if records else None
            value = None if total is None or pd.isna(total) else float(total)
        rows.append(
            {
                "figure": figure.label,
                "unit": figure.unit,
                "fact_value": None if fact is None else float(fact["value"]),
                "fact_note": None if fact is None else fact["note"],
                "fact_as_of": as_of,
                "fact_event": None if fact is None else fact["event"],
                "fact_source": None if fact is None else fact["source"],
                "fact_citation": None if fact is None else fact.get("citation"),
                "fact_quote": None if fact is None else fact.get("quote"),
                "records_value": value if records else None,
                "records": records,
                "synthetic_records": synthetic,
                "basis": basis(synthetic, records),
            }
        )
    return pd.DataFrame(rows, columns=OVERVIEW_COLUMNS)
