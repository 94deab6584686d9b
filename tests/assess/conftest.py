"""Fixtures for the assessment tests: a values table shaped like `monotown.data.values_frame`
(a database with the demo values: `demo_url`, `demo_engine`, `demo_cli` of tests/conftest.py)."""

from __future__ import annotations

import csv
from importlib import resources

import numpy as np
import pandas as pd
import pytest

from monotown.data.values import FRAME_COLUMNS


def catalog() -> list[dict[str, str]]:
    text = resources.files("monotown").joinpath("resources/catalog/indicators.csv").read_text()
    return list(csv.DictReader(text.splitlines()))


def synthetic_values(
    towns: int = 27, years: range = range(2015, 2026), seed: int = 0
) -> pd.DataFrame:
    """Random but plausible annual values for every catalog entry, flagged synthetic."""
    rng = np.random.default_rng(seed)
    rows = []
    entries = catalog()
    for t in range(towns):
        code = f"town{t:02d}"
        region = f"KZ-{t % 5}"
        level = rng.uniform(0.2, 0.8, size=len(entries))
        for year in years:
            for e, level_e in zip(entries, level, strict=True):
                lo, hi = float(e["min"]), float(e["max"])
                span = min(hi - lo, 100.0 if hi - lo > 1000 else hi - lo)
                value = lo + span * float(np.clip(level_e + rng.normal(0, 0.03), 0, 1))
                if e["code"] == "pop_total":
                    value = 10_000 + 100_000 * level_e + rng.normal(0, 500)
                rows.append(
                    (
                        code,
                        f"Town {t}",
                        region,
                        e["code"],
                        e["pillar"],
                        str(year),
                        "year",
                        year,
                        value,
                        "synthetic",
                        "demo",
                        None,
                        1 + (year - years.start) // 5,
                    )
                )
    return pd.DataFrame(rows, columns=list(FRAME_COLUMNS))


@pytest.fixture(scope="session")
def demo_values() -> pd.DataFrame:
    return synthetic_values()
