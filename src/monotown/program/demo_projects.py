"""Synthetic anchor and investment projects with their status histories.

Made to agree with the real aggregates stated in 2024: exactly 41 anchor projects, 29 operating,
9 under implementation and 3 idle, worth 1.4 trillion tenge together with over 10,000 planned
jobs, in the four sectors named (mining and chemical; agro-industrial; construction industry;
other); 4 investment projects worth over 100 billion tenge with about 1,000 permanent jobs.
Every other detail (names, towns, investors, dates) is made up and flagged synthetic.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from monotown.program.demo_allocation import (
    add_months,
    lognormal_weights,
    random_date,
    split_total,
)

DEMO_SOURCE = "synthetic demo record (fixed-seed generator, monotown.program.demo)"
ANCHOR_STATUSES = ["operating"] * 29 + ["under_implementation"] * 9 + ["idle"] * 3
ANCHOR_VALUE_MILLIONS = 1_400_000  # 1.4 trillion tenge
ANCHOR_PLANNED_JOBS = 10_450  # "more than 10,000"
INVESTMENT_VALUE_MILLIONS = 104_000  # "over 100 billion"
INVESTMENT_JOBS = 1_000  # "about 1,000 permanent jobs"
AS_OF = dt.date(2024, 12, 31)  # the statuses are those of the 2024 statement
SECTORS = {
    "mining and chemical": (12, ["Mining and processing plant", "Chemical plant", "Concentrator"]),
    "agro-industrial": (11, ["Greenhouse complex", "Dairy farm", "Meat processing plant"]),
    "construction industry": (10, ["Cement plant", "Brick works", "Reinforced concrete plant"]),
    "other": (8, ["Logistics centre", "Garment factory", "Solar power plant"]),
}
TOWNS = [
    "Aksu", "Abai", "Balkhash", "Zhezkazgan", "Karazhal", "Priozersk", "Satpayev", "Temirtau",
    "Shakhtinsk", "Ekibastuz", "Zhanaozen", "Kulsary", "Khromtau", "Kentau", "Rudny", "Lisakovsk",
    "Arkalyk", "Zhitikara", "Stepnogorsk", "Ridder", "Kurchatov", "Serebryansk", "Altai", "Tekeli",
    "Zhanatas", "Karatau",
]  # fmt: skip
INVESTORS = [
    "Demo Invest LLP", "Sample Holding JSC", "Steppe Capital LLP", "Example Industries LLP",
    "Placeholder Agro LLP", "Test Minerals JSC",
]  # fmt: skip


def _project_row(code: str, **cells: Any) -> dict[str, Any]:
    return {"code": code, "synthetic": True, "source": DEMO_SOURCE, **cells}


def anchor_projects(
    rng: random.Random, operating_towns: list[str] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """41 anchor projects and the earlier entries of their status histories; the operating ones
    in `operating_towns` (one name per project) when given."""
    statuses = list(ANCHOR_STATUSES)
    rng.shuffle(statuses)
    placed = list(operating_towns or [])
    rng.shuffle(placed)
    sectors = [name for name, (count, _) in SECTORS.items() for _ in range(count)]
    rng.shuffle(sectors)
    weights = lognormal_weights(rng, len(statuses))
    values = split_total(ANCHOR_VALUE_MILLIONS, weights, minimum=2_000)
    jobs = split_total(ANCHOR_PLANNED_JOBS, [w**0.5 for w in weights], minimum=40)
    projects, history = [], []
    for index, (status, sector) in enumerate(zip(statuses, sectors, strict=True), start=1):
        code = f"demo-anchor-{index:02d}"
        town = rng.choice(TOWNS)
        if status == "operating" and placed:
            town = placed.pop()
        planned = jobs[index - 1]
        start, entries, commissioned, actual = _anchor_timeline(rng, status, planned)
        name = f"{rng.choice(SECTORS[sector][1])} in {town} (demo)"
        final_on, final_status, final_reason = entries[-1]
        projects.append(
            _project_row(
                code,
                name=name,
                kind="anchor",
                town=town,
                sector=sector,
                investor=rng.choice(INVESTORS),
                value_kzt=values[index - 1] * 1_000_000,
                planned_jobs=planned,
                actual_jobs=actual,
                start_on=start,
                planned_end_on=add_months(start, 36),
                commissioned_on=commissioned,
                status=final_status,
                status_on=final_on,
                status_reason=final_reason,
            )
        )
        history += [
            {
                "project": code,
                "status_on": on,
                "status": entry_status,
                "reason": reason,
                "synthetic": True,
                "source": DEMO_SOURCE,
            }
            for on, entry_status, reason in entries[:-1]
        ]
    return projects, history


def _anchor_timeline(
    rng: random.Random, status: str, planned_jobs: int
) -> tuple[dt.date, list[tuple[dt.date, str, str]], dt.date | None, int]:
    """Start date, dated status entries (oldest first), commissioning date and jobs so far."""
    if status == "under_implementation":
        start = random_date(rng, dt.date(2020, 1, 1), dt.date(2024, 6, 30))
    else:
        start = random_date(rng, dt.date(2013, 1, 1), dt.date(2019, 12, 31))
    agreed = add_months(start, -rng.randint(3, 12))
    entries = [
        (agreed, "planned", "investment agreement signed"),
        (start, "under_implementation", "construction started"),
    ]
    commissioned = None
    if status == "under_implementation":
        return start, entries, None, round(planned_jobs * rng.uniform(0.0, 0.3))
    commissioned = min(add_months(start, rng.randint(18, 48)), AS_OF)
    entries.append((commissioned, "operating", "commissioned"))
    if status == "operating":
        return start, entries, commissioned, round(planned_jobs * rng.uniform(0.75, 1.05))
    stopped = random_date(rng, add_months(commissioned, 6), AS_OF)
    entries.append(
        (
            max(stopped, add_months(commissioned, 1)),
            "idle",
            "production stopped; new investors being sought",
        )
    )
    return start, entries, commissioned, round(planned_jobs * rng.uniform(0.1, 0.4))


def investment_projects(rng: random.Random) -> list[dict[str, Any]]:
    """4 investment projects worth 104 billion tenge with 1,000 permanent jobs."""
    weights = lognormal_weights(rng, 4, sigma=0.5)
    values = split_total(INVESTMENT_VALUE_MILLIONS, weights, minimum=5_000)
    jobs = split_total(INVESTMENT_JOBS, weights, minimum=50)
    rows = []
    for index in range(4):
        town = rng.choice(TOWNS)
        start = random_date(rng, dt.date(2022, 1, 1), dt.date(2024, 6, 30))
        rows.append(
            _project_row(
                f"demo-investment-{index + 1:02d}",
                name=f"Investment project {index + 1} in {town} (demo)",
                kind="investment",
                town=town,
                sector=rng.choice(list(SECTORS)),
                investor=rng.choice(INVESTORS),
                value_kzt=values[index] * 1_000_000,
                planned_jobs=jobs[index],
                start_on=start,
                planned_end_on=add_months(start, 30),
                status="under_implementation",
                status_on=start,
                status_reason="construction started",
            )
        )
    return rows
