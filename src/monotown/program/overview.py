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


def _where(frame: str, column: str | None = None, **equal: str) -> Selector:
    """The records of `frame` whose columns have the values `equal` gives."""

    def select(frames: Frames) -> tuple[pd.DataFrame, str | None]:
        chosen = frames[frame]
        for name, value in equal.items():
            chosen = chosen[chosen[name] == value]
        return chosen, column

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


def _stated(as_of: str, topic: str, *figures: tuple[str, str, str, Selector]) -> list[Figure]:
    """Figures stated for `as_of` under one topic: (label, unit, metric, records)."""
    return [
        Figure(label, unit, (as_of, topic, metric), select)
        for label, unit, metric, select in figures
    ]


def _budget_figures(
    as_of: str, years: tuple[int, int], measure: str, national_label: str
) -> list[Figure]:
    """The budget `measure` (allocated, planned) over `years`, and its national part."""
    column = f"{measure}_kzt"
    return _stated(
        as_of,
        "budget",
        (f"budget {measure} {as_of}", "KZT", measure, _budget(years, column)),
        (national_label, "KZT", f"{measure}_national_budget", _budget(years, column, "national")),
    )


def _anchor(column: str | None = None, **equal: str) -> Selector:
    return _where("projects", column, kind="anchor", **equal)


FIGURES = (
    *_stated(
        "2024",
        "anchor_projects",
        ("anchor projects", "projects", "projects", _anchor()),
        ("anchor projects: value", "KZT", "value", _anchor("value_kzt")),
        ("anchor projects: planned jobs", "jobs", "planned_jobs", _anchor("planned_jobs")),
        ("anchor projects operating", "projects", "operating", _anchor(status="operating")),
        (
            "anchor projects under implementation",
            "projects",
            "under_implementation",
            _anchor(status="under_implementation"),
        ),
        ("anchor projects idle", "projects", "idle", _anchor(status="idle")),
    ),
    *_stated(
        "2024",
        "investment",
        ("investment projects", "projects", "projects", _investment(None)),
        ("investment projects: value", "KZT", "value", _investment("value_kzt")),
    ),
    *_budget_figures("2019-2023", (2019, 2023), "allocated", "of which national budget"),
    *_budget_figures("2024", (2024, 2024), "planned", "of which national budget (2024)"),
    *_stated(
        "2023-2027",
        "plans",
        (
            "measures of the 2023-2027 comprehensive plans",
            "measures",
            "measures",
            _plan_measures(None),
        ),
        ("cost of the 2023-2027 comprehensive plans", "KZT", "cost", _plan_measures("cost_kzt")),
    ),
    *_stated(
        "2024",
        "infrastructure",
        ("boilers to repair", "boilers", "boilers_to_repair", _where("works", kind="boiler")),
        ("turbines to repair", "turbines", "turbines_to_repair", _where("works", kind="turbine")),
        (
            "people to be served by gas",
            "persons",
            "people_to_be_served_by_gas",
            _where("works", "people_served", kind="gasification"),
        ),
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
