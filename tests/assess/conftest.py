"""Fixtures for the assessment tests: a values table shaped like `monotown.data.values_frame`."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from monotown.data import load_catalog, load_demo_data
from monotown.data.values import FRAME_COLUMNS
from monotown.db import DATABASE_URL_ENV, session_scope
from tests.conftest import Cli, engine_on


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


def _load_demo(url: str) -> None:
    with engine_on(url) as engine:
        with session_scope(engine) as session:
            load_catalog(session)
        with session_scope(engine) as session:
            load_demo_data(session, user="test")


@pytest.fixture(scope="session")
def sqlite_demo_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Reference data, catalog and demo values loaded once, copied for each test (fast)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    shutil.copy(sqlite_template, path)
    _load_demo(f"sqlite:///{path}")
    return path


@pytest.fixture
def demo_url(
    backend: str, empty_db_url: str, reference_db_url: str, sqlite_demo_template: Path
) -> str:
    if backend == "sqlite":
        shutil.copy(sqlite_demo_template, reference_db_url.removeprefix("sqlite:///"))
    else:
        _load_demo(reference_db_url)
    return reference_db_url


@pytest.fixture
def demo_cli(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv(DATABASE_URL_ENV, demo_url)
    return Cli(demo_url)


@pytest.fixture
def demo_engine(demo_url: str) -> Iterator[Engine]:
    with engine_on(demo_url) as engine:
        yield engine
