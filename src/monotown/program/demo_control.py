"""Synthetic directives, contracts, industrial zones, infrastructure works and demo targets.

Works agree with the 2024 statement: 28 boilers and 11 turbines to repair in Stepnogorsk, Ridder,
Temirtau, Shakhtinsk, Rudny, Ekibastuz and Kentau; 11 towns being gasified for about 600,000
people. The offtake contracts double from 24 (2024) to a target of 48 (2025) and fall short, so
the demo target shows an 'off track' case. Everything else is made up and flagged synthetic.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from monotown.program.demo_allocation import add_months, random_date, split_total
from monotown.program.demo_projects import DEMO_SOURCE, TOWNS

REPAIR_TOWNS = ["Stepnogorsk", "Ridder", "Temirtau", "Shakhtinsk", "Rudny", "Ekibastuz", "Kentau"]
BOILERS, TURBINES, GASIFIED_TOWNS, GAS_PEOPLE = 28, 11, 11, 600_000
OFFTAKE_2024, OFFTAKE_2025 = 24, 41
BUYERS = {
    "Balkhashtsvetmet (Balkhash copper smelter)": "Balkhash",
    "Qarmet JSC (Karaganda metallurgical plant)": "Temirtau",
    "Aksu Ferroalloy Plant": "Aksu",
    "Donskoy GOK": "Khromtau",
    "SSGPO (Sokolov-Sarbai mining and processing)": "Rudny",
    "Ridder mining and processing complex": "Ridder",
    "Ozenmunaigas JSC": "Zhanaozen",
    "Bogatyr Komir LLP": "Ekibastuz",
}
BODIES = [
    "Ministry of National Economy", "Ministry of Industry and Construction", "Ministry of Energy",
    "Ministry of Trade and Integration", "Samruk-Kazyna", "Baiterek", "Akimat of Karaganda Region",
    "Akimat of Kostanay Region", "Akimat of Pavlodar Region", "Akimat of East Kazakhstan Region",
]  # fmt: skip
SUBJECTS = ["spare parts", "work clothes", "fasteners", "catering", "repair services", "bricks"]
DIRECTIVE_TEXTS = [
    "Double the number of offtake contracts with local producers",
    "Complete the repair of boilers before the heating season",
    "Submit proposals on preferential loans for SMEs",
    "Find new investors for idle anchor projects",
    "Approve the gasification schedule",
    "Report on the execution of the comprehensive plan",
    "Allocate land plots for the industrial zone",
    "Prepare the list of promising exploration areas",
]  # fmt: skip


def _demo(**cells: Any) -> dict[str, Any]:
    return {**cells, "synthetic": True, "source": DEMO_SOURCE}


def directives(rng: random.Random) -> list[dict[str, Any]]:
    """16 directives from three illustrative sessions, with a mix of done, open and extended."""
    rows = []
    sessions = [dt.date(2024, 3, 14)] * 6 + [dt.date(2025, 9, 25)] * 5 + [dt.date(2026, 10, 8)] * 5
    for index, issued in enumerate(sessions):
        deadline = add_months(issued, rng.randint(2, 14))
        status = rng.choices(["done", "open", "extended"], weights=[4, 5, 2])[0]
        bodies = rng.sample(BODIES, rng.choice([1, 1, 2]))
        towns = rng.sample(TOWNS, rng.choice([0, 1, 2]))
        rows.append(
            _demo(
                code=f"demo-directive-{index + 1:02d}",
                issued_at="Government session on single-industry towns (demo)",
                issued_on=issued,
                text=f"{DIRECTIVE_TEXTS[index % len(DIRECTIVE_TEXTS)]} (demo)",
                responsible=bodies,
                towns=towns,
                deadline=deadline,
                status=status,
                extended_to=add_months(deadline, 6) if status == "extended" else None,
                done_on=deadline - dt.timedelta(days=rng.randint(0, 40))
                if status == "done"
                else None,
                control_notes="report received (demo)" if status == "done" else None,
                evidence="letter No. 00-000 (demo)" if status == "done" else None,
            )
        )
    return rows


def contracts(rng: random.Random) -> list[dict[str, Any]]:
    """Offtake contracts (24 in 2024, 41 in 2025) and a few long-term ones."""
    rows = []
    counts = {("offtake", 2024): OFFTAKE_2024, ("offtake", 2025): OFFTAKE_2025}
    counts.update({("long_term", 2023): 3, ("long_term", 2024): 4, ("long_term", 2025): 3})
    for (kind, year), count in counts.items():
        for number in range(1, count + 1):
            buyer = rng.choice(list(BUYERS))
            town = BUYERS[buyer]
            rows.append(
                _demo(
                    code=f"demo-{kind.replace('_', '')}-{year}-{number:02d}",
                    kind=kind,
                    buyer=buyer,
                    producer=f"Local producer {rng.randint(1, 60):02d} of {town} (demo)",
                    town=town,
                    subject=rng.choice(SUBJECTS),
                    value_kzt=rng.randint(20, 2_000) * 1_000_000,
                    signed_on=random_date(rng, dt.date(year, 1, 10), dt.date(year, 12, 20)),
                    term_months=rng.choice([12, 24, 36, 60]),
                )
            )
    return rows


def zones(rng: random.Random) -> list[dict[str, Any]]:
    """Industrial zones in seven towns (the real Saran zone comes with the bundled facts)."""
    rows = []
    for town in ["Temirtau", "Ekibastuz", "Rudny", "Zhezkazgan", "Ridder", "Stepnogorsk", "Aksu"]:
        status = rng.choice(["operating", "operating", "under_construction", "planned"])
        operating = status == "operating"
        rows.append(
            _demo(
                code=f"demo-zone-{town.lower()}",
                name=f"{town} industrial zone (demo)",
                town=town,
                status=status,
                area_ha=rng.randint(20, 400),
                tenants=rng.randint(3, 25) if operating else 0,
                established_on=random_date(rng, dt.date(2015, 1, 1), dt.date(2024, 12, 31)),
            )
        )
    return rows


def works(rng: random.Random) -> list[dict[str, Any]]:
    """28 boiler and 11 turbine repairs in the seven towns named, gasification of 11 towns for
    600,000 people, and a few network repairs."""
    rows = []
    boilers = split_total(BOILERS, [1.0] * len(REPAIR_TOWNS))
    turbines = split_total(TURBINES, [1.0] * len(REPAIR_TOWNS))
    for town, boiler_count, turbine_count in zip(REPAIR_TOWNS, boilers, turbines, strict=True):
        for kind, count in (("boiler", boiler_count), ("turbine", turbine_count)):
            for number in range(1, count + 1):
                rows.append(_work(rng, town, kind, f"{kind.title()} No. {number} of the CHP", None))
    gas_towns = rng.sample([t for t in TOWNS if t not in REPAIR_TOWNS], GASIFIED_TOWNS)
    people = split_total(GAS_PEOPLE, [rng.uniform(0.5, 2) for _ in gas_towns], minimum=5_000)
    for town, served in zip(gas_towns, people, strict=True):
        rows.append(_work(rng, town, "gasification", "Gas distribution network", served))
    for town in rng.sample(TOWNS, 4):
        rows.append(_work(rng, town, "network", "Heat supply network", rng.randint(5, 40) * 1000))
    for number, row in enumerate(rows, start=1):
        row["code"] = f"demo-work-{number:03d}"
    return rows


def _work(
    rng: random.Random, town: str, kind: str, what: str, served: int | None
) -> dict[str, Any]:
    start = random_date(rng, dt.date(2024, 3, 1), dt.date(2025, 6, 30))
    end = add_months(start, rng.randint(4, 18))
    status = "completed" if end < dt.date(2025, 9, 1) else rng.choice(["under_way", "planned"])
    return _demo(
        town=town,
        object=f"{what} (demo)",
        kind=kind,
        status=status,
        start_on=start,
        planned_end_on=end,
        completed_on=end if status == "completed" else None,
        people_served=served,
        cost_kzt=rng.randint(100, 9_000) * 1_000_000,
    )


def targets() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A demo target for doubling offtake contracts, with the count of demo contracts as actual."""
    target = _demo(
        code="demo-offtake-contracts-doubling",
        name="Offtake contracts signed in the year, doubled (demo)",
        unit="contracts",
        scope="single-industry towns",
        baseline_year=2024,
        baseline_value=OFFTAKE_2024,
        target_year=2025,
        target_value=2 * OFFTAKE_2024,
        note="the doubling is the program's stated aim; the figures are demo counts",
    )
    actual = _demo(target=target["code"], year=2025, value=OFFTAKE_2025)
    return [target], [actual]
