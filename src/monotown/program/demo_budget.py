"""Synthetic budget lines and plan measures that add up to the real totals.

Budget: 2019-2023 allocations add up to exactly 348.4 billion tenge, 184 billion of it from the
national budget; 2024 plans add up to 62.8 billion, 31.2 billion national (allocation and spending
for 2024 are left unknown). Measures: the six 2023-2027 comprehensive plans get 326 measures
costing 456.6 billion tenge together. Towns, purposes, split by year and dates are made up.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from monotown.program.demo_allocation import lognormal_weights, random_date, split_total
from monotown.program.demo_projects import DEMO_SOURCE, TOWNS

ALLOCATED_2019_2023_MILLIONS = 348_400
NATIONAL_2019_2023_MILLIONS = 184_000
PLANNED_2024_MILLIONS = 62_800
NATIONAL_2024_MILLIONS = 31_200
YEAR_WEIGHTS = {2019: 0.17, 2020: 0.19, 2021: 0.2, 2022: 0.21, 2023: 0.23}
PURPOSES = [
    "heat supply networks", "water supply and sewerage", "roads and streets",
    "housing renovation", "schools and clinics", "SME support infrastructure",
]  # fmt: skip
NON_NATIONAL_SHARES = {"local": 0.9, "other": 0.1}
PLANS = {
    "cdp-2023-2027-altai": "Altai",
    "cdp-2023-2027-balkhash": "Balkhash",
    "cdp-2023-2027-zhitikara": "Zhitikara",
    "cdp-2023-2027-lisakovsk": "Lisakovsk",
    "cdp-2023-2027-ridder": "Ridder",
    "cdp-2023-2027-stepnogorsk": "Stepnogorsk",
}
MEASURES_TOTAL = 326
MEASURES_COST_MILLIONS = 456_600
MEASURE_ACTIONS = [
    "Repair of heating networks", "Reconstruction of the water main", "Construction of a school",
    "Renovation of apartment blocks", "Construction of a clinic", "Repair of town roads",
    "Gasification of a district", "Support for a new SME", "Construction of a sports complex",
    "Street lighting", "Modernisation of the boiler house", "Land plots for an industrial zone",
]  # fmt: skip
MEASURE_BODIES = ["Town akimat", "Regional akimat", "Ministry of Industry and Construction",
                  "Ministry of Energy", "Ministry of National Economy"]  # fmt: skip
NOTE_2024 = "2024: planned only; allocation and spending not recorded"
STATUS_DATE = dt.date(2025, 6, 30)  # measures' recorded statuses are as of this day


def _line(year: int, source: str, town: str, purpose: str, **amounts: Any) -> dict[str, Any]:
    plan = "program-2012-2020" if year <= 2020 else ""
    if year == 2023 and town in PLANS.values():
        plan = next(code for code, plan_town in PLANS.items() if plan_town == town)
    return {
        "plan": plan,
        "town": town,
        "year": year,
        "budget_source": source,
        "purpose": purpose,
        "synthetic": True,
        "source": DEMO_SOURCE,
        **amounts,
    }


def _cells(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """`count` distinct (town, purpose) pairs, so no two lines of a year and source collide."""
    pairs = [(town, purpose) for town in TOWNS for purpose in PURPOSES]
    return rng.sample(pairs, count)


def budget_lines(rng: random.Random) -> list[dict[str, Any]]:
    """Lines of 2019-2024 whose allocations (2019-2023) and plans (2024) add up to the facts."""
    years = list(YEAR_WEIGHTS)
    weights = list(YEAR_WEIGHTS.values())
    totals = dict(zip(years, split_total(ALLOCATED_2019_2023_MILLIONS, weights), strict=True))
    national = dict(zip(years, split_total(NATIONAL_2019_2023_MILLIONS, weights), strict=True))
    rows = []
    for year in years:
        by_source = {"national": national[year]}
        rest = split_total(totals[year] - national[year], list(NON_NATIONAL_SHARES.values()))
        by_source.update(zip(NON_NATIONAL_SHARES, rest, strict=True))
        for source, amount in by_source.items():
            count = {"national": 9, "local": 8, "other": 3}[source]
            parts = split_total(amount, lognormal_weights(rng, count, 0.6), minimum=50)
            for (town, purpose), allocated in zip(_cells(rng, count), parts, strict=True):
                planned = round(allocated * rng.uniform(1.0, 1.08))
                disbursed = round(allocated * rng.uniform(0.86, 1.0))
                rows.append(
                    _line(
                        year,
                        source,
                        town,
                        purpose,
                        planned_kzt=planned * 1_000_000,
                        allocated_kzt=allocated * 1_000_000,
                        disbursed_kzt=disbursed * 1_000_000,
                    )
                )
    plan_2024 = {
        "national": NATIONAL_2024_MILLIONS,
        "local": PLANNED_2024_MILLIONS - NATIONAL_2024_MILLIONS,
    }
    for source, amount in plan_2024.items():
        parts = split_total(amount, lognormal_weights(rng, 8, 0.6), minimum=50)
        for (town, purpose), planned in zip(_cells(rng, 8), parts, strict=True):
            rows.append(
                _line(2024, source, town, purpose, planned_kzt=planned * 1_000_000, note=NOTE_2024)
            )
    return rows


def measures(rng: random.Random) -> list[dict[str, Any]]:
    """326 measures of the six comprehensive plans, costing 456.6 billion tenge together."""
    counts = split_total(MEASURES_TOTAL, [rng.uniform(0.8, 1.2) for _ in PLANS], minimum=30)
    costs = split_total(MEASURES_COST_MILLIONS, lognormal_weights(rng, MEASURES_TOTAL), minimum=20)
    rows = []
    position = 0
    for (plan, town), count in zip(PLANS.items(), counts, strict=True):
        for number in range(1, count + 1):
            deadline = random_date(rng, dt.date(2023, 3, 1), dt.date(2027, 12, 31))
            status, done_on = _measure_status(rng, deadline)
            rows.append(
                {
                    "code": f"{plan}-m{number:03d}",
                    "plan": plan,
                    "town": town,
                    "action": f"{rng.choice(MEASURE_ACTIONS)} (demo)",
                    "cost_kzt": costs[position] * 1_000_000,
                    "responsible": rng.choice(MEASURE_BODIES),
                    "deadline": deadline,
                    "status": status,
                    "done_on": done_on,
                    "synthetic": True,
                    "source": DEMO_SOURCE,
                }
            )
            position += 1
    return rows


def _measure_status(rng: random.Random, deadline: dt.date) -> tuple[str, dt.date | None]:
    if deadline < STATUS_DATE:
        if rng.random() < 0.85:
            return "done", max(
                deadline - dt.timedelta(days=rng.randint(0, 60)), dt.date(2023, 1, 2)
            )
        return "in_progress", None
    return ("in_progress" if rng.random() < 0.4 else "planned"), None
