"""Fixtures for report tests.

- `synthetic_session`: the reference data plus one synthetic town.
- `values_session`: the reference data, the catalog and a small known set of indicator values
  (official and synthetic, two years, one settlement outside the lists) to compare figures with.
- `demo_session`: a read-only database per backend holding everything `make run` loads (reference,
  demo values, program facts and demo records) and two assessment runs, built once per test
  session because loading the demo takes seconds.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from monotown.assess import run_from_database
from monotown.data import import_frame, load_catalog
from monotown.db import scratch_schema, session_scope
from monotown.registry.models import MonotownStatus, Region, Settlement
from monotown.reports import render_workbook
from tests.conftest import engine_on, load_make_run_data, postgres_url_or_skip

SYNTHETIC_CODE = "demo-synthetic-town"
OFFICIAL_VALUES = [
    ("temirtau", "pop_total", "2023", 181000.0),
    ("temirtau", "pop_total", "2024", 180500.0),
    ("balkhash", "pop_total", "2024", 66700.0),
    ("rudny", "pop_total", "2024", 123100.0),
    ("almaty-test", "pop_total", "2024", 2200000.0),
    ("temirtau", "industrial_output_kzt_bn", "2024", 1200.5),
    ("rudny", "industrial_output_kzt_bn", "2024", 709.4),
    ("almaty-test", "industrial_output_kzt_bn", "2024", 3000.0),
    ("temirtau", "unemployment_rate_pct", "2024", 4.8),
]
SYNTHETIC_VALUES = [
    ("balkhash", "unemployment_rate_pct", "2024", 5.5),
    ("balkhash", "unemployment_rate_pct", "2023", 5.9),
]


def add_synthetic_town(session: Session) -> Settlement:
    """A made-up town on the current list, flagged synthetic, as demo data would be."""
    region = session.scalars(select(Region).where(Region.code == "KZ-35")).one()
    town = Settlement(
        code=SYNTHETIC_CODE,
        kind="town",
        name_en="Demotown",
        name_ru="Демогород",
        name_kk="Демоқала",
        region=region,
        latitude=49.0,
        longitude=70.0,
        synthetic=True,
    )
    session.add(town)
    session.flush()
    session.add(MonotownStatus(settlement_id=town.id, list_code="current"))
    session.flush()
    return town


def add_fixture_values(session: Session) -> None:
    """A city outside the lists (for national shares) and the values above, in two batches."""
    region = session.scalars(select(Region).where(Region.code == "KZ-75")).one()
    session.add(
        Settlement(
            code="almaty-test",
            kind="city",
            name_en="Almaty test",
            name_ru="Алматы тест",
            region=region,
        )
    )
    session.flush()
    load_catalog(session)
    columns = ["settlement", "indicator", "period", "value"]
    import_frame(
        session,
        pd.DataFrame(OFFICIAL_VALUES, columns=columns),
        name="fixture.csv",
        source="Fixture statistics",
    )
    import_frame(
        session,
        pd.DataFrame(SYNTHETIC_VALUES, columns=columns),
        name="demo.csv",
        source="Fixture generator",
        flag="synthetic",
    )


@pytest.fixture
def synthetic_session(reference_engine: Engine) -> Iterator[Session]:
    """Reference data plus one synthetic town."""
    with session_scope(reference_engine) as session:
        add_synthetic_town(session)
        yield session


@pytest.fixture
def values_session(reference_engine: Engine) -> Iterator[Session]:
    """Reference data, the catalog and the fixture values."""
    with session_scope(reference_engine) as session:
        add_fixture_values(session)
    with session_scope(reference_engine) as session:
        yield session


def _populate_demo(url: str) -> None:
    with engine_on(url) as engine:
        load_make_run_data(engine)
        for period in (2024, None):  # two runs, so the briefing can say what changed
            with session_scope(engine) as session:
                run_from_database(session, period=period, replications=200, seed=7)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def demo_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database with everything `make run` loads, built once per backend; tests only read it."""
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
        url = f"sqlite:///{path}"
        _populate_demo(url)
        yield url
        return
    with scratch_schema(postgres_url_or_skip(), "t_demo") as url:
        _populate_demo(url)
        yield url


@pytest.fixture
def demo_session(demo_db_url: str) -> Iterator[Session]:
    """A session on the shared demo database; rolled back, never committed."""
    with engine_on(demo_db_url) as engine, Session(engine) as session:
        yield session
        session.rollback()


@pytest.fixture(scope="session")
def demo_workbook(demo_db_url: str) -> dict[str, pd.DataFrame]:
    """The workbook of the demo database, read back with pandas (built once per backend)."""
    with engine_on(demo_db_url) as engine, Session(engine) as session:
        data = render_workbook(session)
    return pd.read_excel(io.BytesIO(data), sheet_name=None)
